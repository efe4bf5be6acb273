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
use super::{shifted, Model, RefKind, SectionId, SectionNode};

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
        info.shift(delta);
        for child in &mut info.children {
            *child = new_section(*child);
        }
        for attr in &mut info.attributes {
            *attr = new_attr(*attr);
        }
        model.sections.push(info);
    }
    model
        .section_nodes
        .extend_from_slice(&previous.section_nodes[chunk.sections.clone()]);
    if by_id.is_none() {
        // The sections inside may have new nodes too: only the root's node is known.
        let copied = &mut model.section_nodes[section_base..];
        copied[0] = SectionNode::of(node);
        for inner in &mut copied[1..] {
            inner.id = 0;
        }
    }
    model.attributes.extend(
        previous.attributes[chunk.attributes.clone()]
            .iter()
            .map(|line| {
                let mut line = line.clone();
                line.section = line.section.map(new_section);
                line.shift(delta);
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
            call.shift(delta);
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
/// the document's length (after it); its text is compared in full, and both versions must
/// have parsed it without errors into as many nodes (error recovery depends on the
/// surroundings, so the same text can parse differently).
fn same_text(
    previous: &Model,
    previous_text: &ropey::Rope,
    snapshot: &Snapshot,
    node: cyclecloud_syntax::Node<'_>,
) -> Option<SectionId> {
    let shape = SectionNode::of(node);
    if shape.has_error {
        return None;
    }
    let range = node.byte_range();
    let growth = snapshot.rope().len_bytes() as isize - previous_text.len_bytes() as isize;
    [range.start as isize, range.start as isize - growth]
        .into_iter()
        .filter_map(|start| usize::try_from(start).ok())
        .find_map(|start| {
            let old = partition(previous.sections.len(), |i| {
                previous.sections[i].range.start < start
            });
            let old_range = &previous.sections.get(old)?.range;
            let old_shape = previous.section_nodes.get(old)?;
            let same = old_range.start == start
                && old_range.len() == range.len()
                && !old_shape.has_error
                && old_shape.descendants == shape.descendants
                && old_range.end <= previous_text.len_bytes()
                && same_bytes(
                    previous_text,
                    old_range.start,
                    snapshot.rope(),
                    range.clone(),
                );
            same.then_some(old)
        })
}

/// The rope's bytes from `start` on, chunk by chunk.
fn bytes_from(rope: &ropey::Rope, start: usize) -> impl Iterator<Item = &[u8]> {
    let (chunks, chunk_start, _, _) = rope.chunks_at_byte(start);
    let mut skip = start - chunk_start;
    chunks.map(move |chunk| {
        let bytes = &chunk.as_bytes()[skip.min(chunk.len())..];
        skip = 0;
        bytes
    })
}

/// Whether `a` from `a_start` holds the same bytes as `b` in `b_range`, comparing chunk by
/// chunk (building rope slices costs more than comparing a section's text).
fn same_bytes(a: &ropey::Rope, a_start: usize, b: &ropey::Rope, b_range: Range<usize>) -> bool {
    let (mut left, mut right) = (bytes_from(a, a_start), bytes_from(b, b_range.start));
    let (mut x, mut y): (&[u8], &[u8]) = (&[], &[]);
    let mut remaining = b_range.len();
    while remaining > 0 {
        if x.is_empty() {
            let Some(next) = left.next() else {
                return false;
            };
            x = next;
            continue;
        }
        if y.is_empty() {
            let Some(next) = right.next() else {
                return false;
            };
            y = next;
            continue;
        }
        let n = x.len().min(y.len()).min(remaining);
        if x[..n] != y[..n] {
            return false;
        }
        (x, y, remaining) = (&x[n..], &y[n..], remaining - n);
    }
    true
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

#[cfg(test)]
mod tests {
    use super::same_bytes;

    #[test]
    fn same_bytes_compares_across_differently_chunked_ropes() {
        let text: String = (0..4000)
            .map(|i| format!("line {i} é\n"))
            .collect::<String>();
        let whole = ropey::Rope::from_str(&text);
        // The same text built by many inserts, shifted by a prefix: other chunk boundaries.
        let mut pieces = ropey::Rope::from_str("prefix-");
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let at = pieces.len_chars();
            pieces.insert(at, line);
            if i % 7 == 0 {
                pieces.insert(at, "");
            }
        }
        let shift = "prefix-".len();
        for (start, len) in [(0, 10), (5, 3000), (1234, 20_000), (0, text.len())] {
            let end = (start + len).min(text.len());
            assert!(same_bytes(&pieces, start + shift, &whole, start..end));
        }
        let mut changed = whole.clone();
        changed.remove(30_000..30_001);
        changed.insert(30_000, "X");
        assert!(!same_bytes(&changed, 100, &whole, 100..40_000));
        assert!(same_bytes(&changed, 100, &whole, 100..29_000));
        // Running out of text on either side is a difference, not a panic.
        assert!(!same_bytes(&whole, text.len() - 5, &whole, 0..10));
    }
}
