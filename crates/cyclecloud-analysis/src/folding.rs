//! Folding ranges: sections (nested by rank, as the tree nests them), triple-quoted blocks and
//! runs of comment lines, so a long template can be read one cluster or node at a time.

use std::ops::Range;

use cyclecloud_syntax::line_index::line_content_range;
use cyclecloud_syntax::{kinds, Snapshot};
use ropey::Rope;

/// What a fold hides, so editors can offer "fold all comments" and the like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A section with everything it holds.
    Section,
    /// A multi-line `'''…'''` / `"""…"""` block.
    Block,
    /// Two or more consecutive comment lines.
    Comment,
}

/// One foldable region: from the end of its first line to the end of its last line, so the
/// first line stays visible; the server reduces it to whole lines when the client asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fold {
    /// Byte range: end of the first line's content .. end of the last line's content.
    pub range: Range<usize>,
    /// First and last line (zero-based).
    pub lines: Range<usize>,
    /// What it is.
    pub kind: FoldKind,
}

/// Every fold of a document, sorted by start.
pub fn folding_ranges(snapshot: &Snapshot) -> Vec<Fold> {
    let rope = snapshot.rope();
    let mut folds = Vec::new();
    let mut comment_lines = Vec::new();
    let mut stack = vec![snapshot.root()];
    while let Some(node) = stack.pop() {
        let kind = node.kind();
        if kind == kinds::SECTION {
            let range = node.byte_range();
            // A section's node runs up to the next header, blank lines included; fold to
            // its last line with text.
            let end = last_text_byte(rope, range.clone());
            push_fold(&mut folds, rope, range.start, end, FoldKind::Section);
        } else if kind == kinds::ATTRIBUTE {
            // Only a triple-quoted value makes an attribute span lines.
            if let Some(value) = node
                .child_by_field_id(kinds::field_id::value())
                .filter(|value| value.kind() == kinds::TRIPLE_STRING)
            {
                let range = value.byte_range();
                push_fold(&mut folds, rope, range.start, range.end, FoldKind::Block);
            }
        } else if kind == kinds::COMMENT {
            let start = node.start_byte();
            let line = rope.byte_to_line(start.min(rope.len_bytes()));
            let before = rope.byte_slice(rope.line_to_byte(line)..start);
            if before.chars().all(char::is_whitespace) {
                comment_lines.push(line);
            }
        }
        // Folds start at sections, attributes and comment lines, which are children of the
        // file, of sections, or of error nodes; nothing inside a line needs a visit.
        if kind == kinds::SOURCE_FILE || kind == kinds::SECTION || node.is_error() {
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
    }
    comment_lines.sort_unstable();
    comment_lines.dedup();
    let mut run_start = 0;
    for index in 0..comment_lines.len() {
        let run_ends = index + 1 == comment_lines.len()
            || comment_lines[index + 1] != comment_lines[index] + 1;
        if run_ends {
            let (first, last) = (comment_lines[run_start], comment_lines[index]);
            if last > first {
                let start = rope.line_to_byte(first);
                let end = line_content_range(rope, last).end;
                push_fold(&mut folds, rope, start, end, FoldKind::Comment);
            }
            run_start = index + 1;
        }
    }
    folds.sort_by_key(|fold| (fold.range.start, std::cmp::Reverse(fold.range.end)));
    folds
}

/// Adds a fold from the line of `start` to the line of `end` when they differ.
fn push_fold(folds: &mut Vec<Fold>, rope: &Rope, start: usize, end: usize, kind: FoldKind) {
    let len = rope.len_bytes();
    let first = rope.byte_to_line(start.min(len));
    let last = rope.byte_to_line(end.min(len));
    if last <= first {
        return;
    }
    folds.push(Fold {
        range: line_content_range(rope, first).end..line_content_range(rope, last).end,
        lines: first..last,
        kind,
    });
}

/// An offset inside the last non-blank character in `range` (its start when all blank).
fn last_text_byte(rope: &Rope, range: Range<usize>) -> usize {
    let slice = rope.byte_slice(range.start..range.end.min(rope.len_bytes()));
    let mut end = slice.len_bytes();
    for ch in slice.chars_at(slice.len_chars()).reversed() {
        if !ch.is_whitespace() {
            break;
        }
        end -= ch.len_utf8();
    }
    range.start + end.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folds(text: &str) -> Vec<(usize, usize, FoldKind)> {
        folding_ranges(&Snapshot::parse(text))
            .into_iter()
            .map(|fold| (fold.lines.start, fold.lines.end, fold.kind))
            .collect()
    }

    #[test]
    fn sections_nest_by_rank_and_stop_at_their_last_text_line() {
        let text = "[cluster c]\nA = 1\n\n    [[node n]]\n    B = 2\n        [[[volume v]]]\n        Size = 1\n\n\n    [[node m]]\n    C = 3\n\n[parameters P]\n";
        assert_eq!(
            folds(text),
            vec![
                (0, 10, FoldKind::Section),
                (3, 6, FoldKind::Section),
                (5, 6, FoldKind::Section),
                (9, 10, FoldKind::Section),
            ]
        );
    }

    #[test]
    fn triple_quoted_blocks_and_comment_runs_fold() {
        let text = "# one\n# two\n[cluster c]\n# lone\nA = 1 # trailing\n# not with the line above\n# three\nScript = '''\necho # no comment\n'''\n";
        assert_eq!(
            folds(text),
            vec![
                (0, 1, FoldKind::Comment),
                (2, 9, FoldKind::Section),
                (5, 6, FoldKind::Comment),
                (7, 9, FoldKind::Block),
            ]
        );
    }

    #[test]
    fn half_typed_and_empty_documents_do_not_panic() {
        for text in [
            "",
            "[",
            "[[node\n'''\n",
            "\r\n# a\r# b\r",
            "[cluster é]\n  ''' é\n",
        ] {
            let _ = folds(text);
        }
    }
}
