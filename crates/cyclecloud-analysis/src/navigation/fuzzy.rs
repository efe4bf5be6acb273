//! Workspace-symbol query matching as rust-analyzer does it: the query's characters must appear
//! in the name in order, ignoring case; tighter matches rank first.

/// A score for `name` against `query` (higher is better), or `None` when the query's
/// characters do not all appear in the name in order (case-insensitively). An empty query
/// matches everything. Exact > prefix > contiguous substring > scattered subsequence, with
/// gaps and later starts costing points.
pub fn fuzzy_score(query: &str, name: &str) -> Option<u32> {
    let query: Vec<char> = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if query.is_empty() {
        return Some(0);
    }
    let lower: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    let mut next = 0;
    let mut first = None;
    let mut gaps = 0u32;
    let mut previous: Option<usize> = None;
    for (index, &c) in lower.iter().enumerate() {
        if next < query.len() && c == query[next] {
            first.get_or_insert(index);
            if previous.is_some_and(|previous| previous + 1 != index) {
                gaps += 1;
            }
            previous = Some(index);
            next += 1;
        }
    }
    if next < query.len() {
        return None;
    }
    let text: String = lower.iter().collect();
    let needle: String = query.iter().collect();
    let bonus = if text == needle {
        3000
    } else if text.starts_with(&needle) {
        2000
    } else if text.contains(&needle) {
        1000
    } else {
        0
    };
    let start = first.unwrap_or(0) as u32;
    Some((bonus + 500u32).saturating_sub(gaps * 10 + start.min(100)))
}
