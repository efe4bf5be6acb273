//! Selection ranges ("expand selection"): from the token under the cursor outward through the
//! syntax nodes that hold it — value, attribute line, section body, section, parent sections,
//! the whole file — so one key press selects the next meaningful unit.

use std::ops::Range;

use cyclecloud_syntax::{kinds, Node, Snapshot};

/// The ranges to select around `offset`, innermost first, each containing the one before and
/// none repeated. Offsets past the end are clamped.
pub fn selection_ranges(snapshot: &Snapshot, offset: usize) -> Vec<Range<usize>> {
    let text_len = snapshot.rope().len_bytes();
    let offset = offset.min(text_len);
    let root = snapshot.root();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut push = |range: Range<usize>| {
        // Keep every range containing the previous one, so the chain only grows.
        let range = match ranges.last() {
            Some(last) => range.start.min(last.start)..range.end.max(last.end),
            None => range,
        };
        if ranges.last() != Some(&range) {
            ranges.push(range);
        }
    };
    let mut node = token_at(root, offset);
    while let Some(current) = node {
        let kind = current.kind();
        if kind == kinds::SOURCE_FILE {
            break;
        }
        let range = trimmed(snapshot, current.byte_range());
        if kind == kinds::SECTION {
            if let Some(body) = section_body(snapshot, current) {
                if body.start <= offset && offset <= body.end {
                    push(body);
                }
            }
        }
        if range.start <= offset && offset <= range.end.max(range.start) {
            push(range);
        }
        node = current.parent();
    }
    push(0..text_len);
    ranges
}

/// The smallest node at `offset`; a cursor just after a word (the usual place) picks the word.
fn token_at(root: Node<'_>, offset: usize) -> Option<Node<'_>> {
    if offset > 0 {
        let before = root.descendant_for_byte_range(offset - 1, offset);
        if let Some(before) = before
            .filter(|node| node.is_named() && node.child_count() == 0 && node.end_byte() == offset)
        {
            return Some(before);
        }
    }
    root.descendant_for_byte_range(offset, offset)
}

/// What follows a section's header: its lines and child sections, without trailing blanks.
fn section_body(snapshot: &Snapshot, section: Node<'_>) -> Option<Range<usize>> {
    let header = section.child_by_field_name(kinds::field::HEADER)?;
    let body = trimmed(snapshot, header.end_byte()..section.end_byte());
    (!body.is_empty()).then_some(body)
}

/// The range without leading and trailing whitespace (line breaks included).
fn trimmed(snapshot: &Snapshot, range: Range<usize>) -> Range<usize> {
    let text = snapshot.slice(range.clone());
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.start + text.trim_end().len();
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts selected around `$0`, innermost first.
    fn check(fixture: &str) -> Vec<String> {
        let offset = fixture.find("$0").expect("cursor");
        let text = fixture.replacen("$0", "", 1);
        let snapshot = Snapshot::parse(&text);
        selection_ranges(&snapshot, offset)
            .into_iter()
            .map(|range| text[range].to_owned())
            .collect()
    }

    #[test]
    fn expands_from_a_value_to_the_file() {
        let fixture = "[cluster c]\n    [[node n]]\n    A = 1\n    B = x$0, y # two\n    [[[volume v]]]\n    Size = 2\n";
        assert_eq!(
            check(fixture),
            vec![
                "x",
                "x, y",
                "B = x, y # two",
                "A = 1\n    B = x, y # two\n    [[[volume v]]]\n    Size = 2",
                "[[node n]]\n    A = 1\n    B = x, y # two\n    [[[volume v]]]\n    Size = 2",
                "[cluster c]\n    [[node n]]\n    A = 1\n    B = x, y # two\n    [[[volume v]]]\n    Size = 2",
                fixture.replacen("$0", "", 1).as_str(),
            ]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn expressions_grow_through_their_nodes() {
        let ranges = check("[cluster c]\nA := f(b$0ar + 1)\n");
        assert_eq!(ranges[..4], ["bar", "bar + 1", "(bar + 1)", "f(bar + 1)"]);
        assert!(ranges.contains(&"A := f(bar + 1)".to_owned()));
    }

    #[test]
    fn odd_positions_do_not_panic() {
        let snapshot = Snapshot::parse("[[\n'''\né");
        for offset in 0..20 {
            let ranges = selection_ranges(&snapshot, offset);
            assert!(!ranges.is_empty());
            assert!(ranges.windows(2).all(|pair| pair[1].start <= pair[0].start
                && pair[0].end <= pair[1].end
                && pair[0] != pair[1]));
        }
        assert_eq!(selection_ranges(&Snapshot::parse(""), 5), vec![0..0]);
    }
}
