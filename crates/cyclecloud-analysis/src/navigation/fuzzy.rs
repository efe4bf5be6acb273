//! Workspace-symbol query matching as rust-analyzer does it: the query's characters must appear
//! in the name in order, ignoring case; tighter matches rank first.

/// A query prepared once and matched against many names without allocating per name.
#[derive(Clone, Debug, Default)]
pub struct FuzzyQuery {
    query: Vec<char>,
    name: Vec<char>,
}

impl FuzzyQuery {
    /// Prepares `query` (lower-cased, whitespace dropped).
    pub fn new(query: &str) -> FuzzyQuery {
        FuzzyQuery {
            query: query
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(lower)
                .collect(),
            name: Vec::new(),
        }
    }

    /// Whether the query is empty (it then matches everything equally).
    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }

    /// A score for `name` (higher is better), or `None` when the query's characters do not all
    /// appear in the name in order, ignoring case. Exact > prefix > contiguous substring >
    /// scattered subsequence; gaps and later starts cost points.
    pub fn score(&mut self, name: &str) -> Option<u32> {
        let query = &self.query;
        if query.is_empty() {
            return Some(0);
        }
        // Cheap rejection before any bookkeeping: most names do not match a typed query.
        let mut wanted = query.iter();
        let mut next = wanted.next();
        for c in name.chars() {
            if next == Some(&lower(c)) {
                next = wanted.next();
                if next.is_none() {
                    break;
                }
            }
        }
        if next.is_some() {
            return None;
        }
        self.name.clear();
        self.name.extend(name.chars().map(lower));
        let lower_name = &self.name;
        let (mut matched, mut gaps, mut first, mut previous) = (0, 0u32, None, None);
        for (index, &c) in lower_name.iter().enumerate() {
            if matched < query.len() && c == query[matched] {
                first.get_or_insert(index);
                if previous.is_some_and(|previous: usize| previous + 1 != index) {
                    gaps += 1;
                }
                previous = Some(index);
                matched += 1;
            }
        }
        let bonus = if lower_name == query {
            3000
        } else if lower_name.starts_with(query) {
            2000
        } else if lower_name
            .windows(query.len())
            .any(|window| window == &query[..])
        {
            1000
        } else {
            0
        };
        let start = first.unwrap_or(0).min(100) as u32;
        Some((bonus + 500u32).saturating_sub(gaps * 10 + start))
    }
}

fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// [`FuzzyQuery::score`] for a single name (prepare a [`FuzzyQuery`] to match many).
pub fn fuzzy_score(query: &str, name: &str) -> Option<u32> {
    FuzzyQuery::new(query).score(name)
}
