//! The contract between an incremental reparse and a fresh parse, shared by the differential
//! test (`incremental.rs`) and the fuzz target `fuzz/fuzz_targets/edit_sequence.rs` (which
//! includes this file by path), so both check exactly the same thing.

use std::fmt::Write as _;
use std::ops::Range;

use cyclecloud_syntax::{TextEdit, Tree};

/// The largest char boundary at or below `byte` (clamped to the text).
pub fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// The range `Document::apply_edits` documents it will use: clamped to the text, ordered, and
/// each end rounded down to a char boundary.
pub fn clamp_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let (mut start, mut end) = (range.start.min(text.len()), range.end.min(text.len()));
    if start > end {
        std::mem::swap(&mut start, &mut end);
    }
    floor_char_boundary(text, start)..floor_char_boundary(text, end)
}

/// Applies `edit` to the model exactly as the contract of `Document::apply_edits` says, and
/// returns the edit that undoes it.
pub fn apply_to_model(model: &mut String, edit: &TextEdit) -> TextEdit {
    let range = clamp_range(model, &edit.range);
    let removed = model[range.clone()].to_owned();
    model.replace_range(range.clone(), &edit.new_text);
    TextEdit {
        range: range.start..range.start + edit.new_text.len(),
        new_text: removed,
    }
}

// ------------------------------------------------------------------ tree comparison

/// What the comparison looks at for each node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeRecord {
    /// The node's symbol (after aliasing); `kind()` is its name.
    pub kind: u16,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// A MISSING node.
    pub missing: bool,
    /// An ERROR node.
    pub error: bool,
}

/// Every node of the tree in pre-order (named and anonymous, MISSING and ERROR included).
pub fn node_records(tree: &Tree) -> Vec<NodeRecord> {
    let mut records = Vec::new();
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        records.push(NodeRecord {
            kind: node.kind_id(),
            start: node.start_byte(),
            end: node.end_byte(),
            missing: node.is_missing(),
            error: node.is_error(),
        });
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return records;
            }
        }
    }
}

/// `None` when the trees agree, otherwise where they first differ.
/// The contract between an incremental reparse and a fresh parse of the same text:
/// * when the fresh tree has no syntax error, both trees are identical node for node
///   (kind, byte range, missing, error);
/// * when it has errors, the incremental tree has errors too. Where tree-sitter's error
///   recovery settles depends on which subtrees it could reuse (its own randomized tests accept
///   this), so the shape of a broken region may differ until the error is fixed, after which
///   the first rule applies again.
pub fn tree_difference(incremental: &Tree, fresh: &Tree) -> Option<String> {
    if fresh.root_node().has_error() {
        return (!incremental.root_node().has_error()).then(|| {
            "the fresh parse has a syntax error but the incremental tree has none".to_owned()
        });
    }
    let left = node_records(incremental);
    let right = node_records(fresh);
    if left == right {
        return None;
    }
    let first = left
        .iter()
        .zip(&right)
        .position(|(a, b)| a != b)
        .unwrap_or(left.len().min(right.len()));
    let language = fresh.language();
    let show = |records: &[NodeRecord]| {
        let window = first.saturating_sub(2)..(first + 3).min(records.len());
        let mut shown = String::new();
        for (i, record) in records[window.clone()].iter().enumerate() {
            let kind = language.node_kind_for_id(record.kind).unwrap_or("?");
            let _ = write!(
                shown,
                "\n  #{} {kind:?} {}..{}{}{}",
                window.start + i,
                record.start,
                record.end,
                if record.missing { " MISSING" } else { "" },
                if record.error { " ERROR" } else { "" },
            );
        }
        shown
    };
    let has_error = |tree: &Tree| {
        if tree.root_node().has_error() {
            "has"
        } else {
            "no"
        }
    };
    let mut message = format!(
        "trees differ at node #{first} (incremental: {} nodes, {} errors; \
         fresh: {} nodes, {} errors):\n\
         incremental around it: {}\nfresh around it: {}",
        left.len(),
        has_error(incremental),
        right.len(),
        has_error(fresh),
        show(&left),
        show(&right),
    );
    // Whole trees only when they are small enough to read.
    if left.len() + right.len() <= 400 {
        let _ = write!(
            message,
            "\nincremental: {}\nfresh:       {}",
            incremental.root_node().to_sexp(),
            fresh.root_node().to_sexp(),
        );
    }
    Some(message)
}
