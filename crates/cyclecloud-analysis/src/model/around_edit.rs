//! A keystroke inside one section's own lines, placed from the edit instead of by walking every
//! section. Walking visits each section of the file (tens of thousands in a large one, 9.6 M
//! instructions a keystroke at 100,000 lines) only to find that all but one are the previous
//! version's, moved. When the edit lies strictly inside one section's own text and both versions
//! parsed without an error, the sections are the same but for that one: the text before and
//! after the edit is unchanged and parses the same way, and the checks below confirm it where the
//! edit could have changed something (the sections around it start and end where they did,
//! moved, and its child sections are the parser's reused subtrees). The test comparing cached
//! with fresh analyses after random edits of real templates covers this path
//! (`tests/cached_model.rs`).

use cyclecloud_syntax::{kinds, Node, Snapshot, Tree};

use super::unit::{split_children, subtree_key};
use super::{moved, Model};

/// One edit found inside the own text of one section.
pub(super) struct AroundEdit<'t> {
    /// The unit (its place among the previous model's units) whose own text the edit changed.
    pub(super) index: usize,
    /// Its section's node in the new tree.
    pub(super) node: Node<'t>,
    /// The node's children before its first child section: the unit's own syntax.
    pub(super) own: Vec<Node<'t>>,
    /// How far the text after the edit moved.
    pub(super) delta: isize,
}

/// The section whose own text `snapshot`'s one edit changed, when that edit left every section
/// where it was (moved); `None` for anything else. `old` is the tree `model` was built from, the
/// version the edit was applied to.
pub(super) fn find<'t>(
    snapshot: &'t Snapshot,
    old: &Tree,
    model: &Model,
) -> Option<AroundEdit<'t>> {
    let edited = snapshot.edited()?;
    let new = snapshot.tree();
    // Error recovery depends on the surroundings: only error-free versions parse alike.
    if old.root_node().has_error() || new.root_node().has_error() {
        return None;
    }
    let delta = edited.delta;
    let start = edited.written.start;
    let old_end = usize::try_from(edited.written.end as isize - delta).ok()?;
    let old_path = sections_around(old.root_node(), start, old_end)?;
    let new_path = sections_around(new.root_node(), start, edited.written.end)?;
    let same_places = old_path.len() == new_path.len()
        && old_path.iter().zip(&new_path).all(|(old, new)| {
            old.start_byte() == new.start_byte() && moved(old.end_byte(), delta) == new.end_byte()
        });
    if !same_places {
        return None;
    }
    let (old_node, node) = (*old_path.last()?, *new_path.last()?);
    let (_, old_children) = split(old_node);
    let (own, children) = split(node);
    // Each child section is the parser's reused subtree (the same key), where it was, moved.
    let same_children = old_children.len() == children.len()
        && old_children.iter().zip(&children).all(|(old, new)| {
            moved(old.start_byte(), delta) == new.start_byte()
                && moved(old.end_byte(), delta) == new.end_byte()
                && subtree_key(*old).is_some()
                && subtree_key(*old) == subtree_key(*new)
        });
    // The edit ends before the first child section: it changed the own text only.
    let in_own_text = children
        .first()
        .is_none_or(|first| edited.written.end < first.start_byte());
    if !same_children || !in_own_text {
        return None;
    }
    Some(AroundEdit {
        index: unit_of(model, old_node)?,
        node,
        own,
        delta,
    })
}

/// The section nodes holding `start..end`, outermost first, each with bytes of its own on both
/// sides of it (an edit touching a section's start or end may move where it begins or ends);
/// `None` when a section touches the range or none holds it.
fn sections_around(root: Node<'_>, start: usize, end: usize) -> Option<Vec<Node<'_>>> {
    let section = kinds::kind_id::section();
    let mut path = Vec::new();
    let mut cursor = root.walk();
    while cursor.goto_first_child_for_byte(start).is_some() {
        let node = cursor.node();
        if node.kind_id() != section || node.start_byte() > start || node.end_byte() < end {
            break;
        }
        if node.start_byte() == start || node.end_byte() == end {
            return None;
        }
        path.push(node);
    }
    (!path.is_empty()).then_some(path)
}

/// A section node's own children and its child sections (see [`split_children`]).
fn split(node: Node<'_>) -> (Vec<Node<'_>>, Vec<Node<'_>>) {
    let (mut own, mut sections) = (Vec::new(), Vec::new());
    split_children(node, &mut own, &mut sections);
    (own, sections)
}

/// The place among `model`'s units of the section `node` of the tree it was built from (the
/// file's own lines may start where the first section does: the section's unit comes after).
fn unit_of(model: &Model, node: Node<'_>) -> Option<usize> {
    let first = model
        .units
        .partition_point(|placed| placed.start < node.start_byte());
    (first..first + 2).find(|&index| {
        let section = model.units.get(index).and_then(|placed| placed.section);
        section.is_some_and(|section| model.sections[section].range == node.byte_range())
    })
}
