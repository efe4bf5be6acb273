//! Copies a whole section from the previous version's model when the parser reused its syntax
//! node: a keystroke touches one section, and the others (most of a large template) are taken
//! over with their ids remapped and their ranges shifted, without walking their syntax trees.
//!
//! A reused node has the same text as before, so everything the model read from inside it is
//! unchanged except for positions; what depends on the section's surroundings (its parent) is
//! set here, and what depends on the whole file (nodes, inheritance, parameters, `Extends` and
//! cluster-init references) is computed afterwards for every section alike.

use std::ops::Range;

use cyclecloud_syntax::Snapshot;

use super::build::CacheState;
use super::{Model, RefKind, SectionId};

/// Appends the section whose syntax node is `node` (with everything in it) from the previous
/// model, if the previous build saw that node; returns its id in `model`. Returns `None`, with
/// `model` untouched, when there is nothing to copy or the previous model does not hold the
/// section as one contiguous piece (then it is read from the tree as usual).
pub(super) fn copy_section(
    model: &mut Model,
    cache: &mut Option<CacheState>,
    snapshot: &Snapshot,
    node: cyclecloud_syntax::Node<'_>,
    parent: Option<SectionId>,
) -> Option<SectionId> {
    let state = cache.as_mut()?;
    let previous = state.previous.as_deref()?;
    let by_id = state.previous_sections.get(&node.id()).copied();
    let old = match by_id {
        Some(old) => old,
        None => same_text(previous, state.previous_text.as_ref()?, snapshot, node)?,
    };
    let chunk = Chunk::find(previous, old)?;
    let delta = node.start_byte() as isize - previous.sections[old].range.start as isize;
    let shift = |range: &Range<usize>| shifted(range, delta);
    let section_base = model.sections.len();
    let attr_base = model.attributes.len();
    let new_section = |id: SectionId| id - chunk.sections.start + section_base;
    let new_attr = |id: usize| id - chunk.attributes.start + attr_base;

    for old_id in chunk.sections.clone() {
        let mut info = previous.sections[old_id].clone();
        info.parent = if old_id == old {
            parent
        } else {
            info.parent.map(new_section)
        };
        info.range = shift(&info.range);
        info.header_range = shift(&info.header_range);
        info.kind_range = shift(&info.kind_range);
        info.name_range = info.name_range.as_ref().map(shift);
        info.close_range = info.close_range.as_ref().map(shift);
        for child in &mut info.children {
            *child = new_section(*child);
        }
        for attr in &mut info.attributes {
            *attr = new_attr(*attr);
        }
        model.sections.push(info);
    }
    if by_id.is_some() {
        model
            .section_node_ids
            .extend_from_slice(&previous.section_node_ids[chunk.sections.clone()]);
    } else {
        // The sections inside may have new nodes too: only the root's id is known.
        model.section_node_ids.push(node.id());
        model
            .section_node_ids
            .extend(std::iter::repeat_n(0, chunk.sections.len() - 1));
    }
    model.attributes.extend(
        previous.attributes[chunk.attributes.clone()]
            .iter()
            .map(|line| {
                let mut line = line.clone();
                line.section = line.section.map(new_section);
                line.key_range = shift(&line.key_range);
                line.value_range = shift(&line.value_range);
                line.range = shift(&line.range);
                line.operator_range = line.operator_range.as_ref().map(shift);
                line.comment_range = line.comment_range.as_ref().map(shift);
                line
            }),
    );
    model.references.extend(
        previous.references[chunk.references.clone()]
            .iter()
            .filter(|reference| reference.kind == RefKind::Value)
            .map(|reference| {
                let mut reference = reference.clone();
                reference.range = shift(&reference.range);
                reference.attr = reference.attr.map(new_attr);
                reference.section = reference.section.map(new_section);
                reference
            }),
    );
    model
        .calls
        .extend(previous.calls[chunk.calls].iter().map(|call| {
            let mut call = call.clone();
            call.name_range = shift(&call.name_range);
            call.range = shift(&call.range);
            call
        }));
    model.string_tokens.extend(
        previous.string_tokens[chunk.strings]
            .iter()
            .map(|(range, kind)| (shift(range), *kind)),
    );
    model.template_directives.extend(
        previous.template_directives[chunk.directives]
            .iter()
            .map(|&offset| offset.saturating_add_signed(delta)),
    );
    if let Some(parent) = parent {
        model.sections[parent].children.push(section_base);
    }
    state.reused += chunk.attributes.len();
    Some(section_base)
}

/// The previous model's section with exactly `node`'s text, for a section the parser re-created
/// although the edit did not touch it (it re-creates the sections after the edited one in the
/// same parent). Such a section sits where it was (before the edit) or moved by the change in
/// the document's length (after it); its text is compared in full.
fn same_text(
    previous: &Model,
    previous_text: &ropey::Rope,
    snapshot: &Snapshot,
    node: cyclecloud_syntax::Node<'_>,
) -> Option<SectionId> {
    let range = node.byte_range();
    let growth = snapshot.rope().len_bytes() as isize - previous_text.len_bytes() as isize;
    let text = snapshot.rope().byte_slice(range.clone());
    [range.start as isize, range.start as isize - growth]
        .into_iter()
        .filter_map(|start| usize::try_from(start).ok())
        .find_map(|start| {
            let old = partition(previous.sections.len(), |i| {
                previous.sections[i].range.start < start
            });
            let old_range = &previous.sections.get(old)?.range;
            let same = old_range.start == start
                && old_range.len() == range.len()
                && old_range.end <= previous_text.len_bytes()
                && previous_text.byte_slice(old_range.clone()) == text;
            same.then_some(old)
        })
}

fn shifted(range: &Range<usize>, delta: isize) -> Range<usize> {
    range.start.saturating_add_signed(delta)..range.end.saturating_add_signed(delta)
}

/// Where one section and everything in it sit in a model's vectors.
struct Chunk {
    sections: Range<usize>,
    attributes: Range<usize>,
    references: Range<usize>,
    calls: Range<usize>,
    strings: Range<usize>,
    directives: Range<usize>,
}

impl Chunk {
    /// The pieces of section `root` of `model`. Sections are stored parents first and in
    /// document order, so a section's descendants follow it; every other vector is in document
    /// order, so what lies inside the section's byte range is one run. Checks that the run holds
    /// exactly the section's lines and names, and gives up otherwise.
    fn find(model: &Model, root: SectionId) -> Option<Chunk> {
        let range = model.sections.get(root)?.range.clone();
        let mut end = root + 1;
        while model
            .sections
            .get(end)
            .and_then(|section| section.parent)
            .is_some_and(|parent| (root..end).contains(&parent))
        {
            end += 1;
        }
        let sections = root..end;
        let inside = |start: usize| range.contains(&start);
        let run = |starts: &dyn Fn(usize) -> usize, len: usize| {
            let first = partition(len, |i| starts(i) < range.start);
            let last = partition(len, |i| starts(i) < range.end);
            first..last.max(first)
        };
        let attributes = run(&|i| model.attributes[i].range.start, model.attributes.len());
        let owned_lines: usize = sections
            .clone()
            .map(|id| model.sections[id].attributes.len())
            .sum();
        let lines_match = attributes.len() == owned_lines
            && model.attributes[attributes.clone()].iter().all(|line| {
                line.section.is_some_and(|s| sections.contains(&s)) && inside(line.range.start)
            });
        if !lines_match {
            return None;
        }
        let references = run(&|i| model.references[i].range.start, model.references.len());
        let names_match = model.references[references.clone()]
            .iter()
            .all(|reference| {
                reference.kind != RefKind::Value
                    || reference.section.is_some_and(|s| sections.contains(&s))
            });
        if !names_match {
            return None;
        }
        Some(Chunk {
            sections,
            attributes,
            references,
            calls: run(&|i| model.calls[i].range.start, model.calls.len()),
            strings: run(
                &|i| model.string_tokens[i].0.start,
                model.string_tokens.len(),
            ),
            directives: run(
                &|i| model.template_directives[i],
                model.template_directives.len(),
            ),
        })
    }
}

/// The first index in `0..len` for which `before` is false (`before` is true then false).
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let middle = low + (high - low) / 2;
        if before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}
