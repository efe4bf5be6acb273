//! Takes over what the previous version read of one section header or attribute line, from
//! the per-line cache of [`super::ModelCache`]: by syntax node id when the parser reused the
//! node, or by identical text when it re-created it. Ranges are shifted to the node's new
//! place; what depends on the surroundings (the owning section, the catalog entry when the
//! section changed) is refreshed.

use std::ops::Range;

use cyclecloud_syntax::Snapshot;

use super::build::{catalog_entry, CacheState};
use super::shifted as shift;
use super::{CachedAttribute, Model, SectionId};

/// Takes over a section header the previous version already read, if its node was reused by
/// the parser; the section's own range and its place in the tree are taken from this version.
pub(super) fn reuse_header(
    model: &mut Model,
    cache: &mut Option<CacheState>,
    header: Option<cyclecloud_syntax::Node<'_>>,
    range: Range<usize>,
    parent: Option<SectionId>,
) -> bool {
    let (Some(state), Some(header)) = (cache.as_mut(), header) else {
        return false;
    };
    let generation = state.generation;
    let Some(cached) = state
        .headers
        .get_mut(&header.id())
        .filter(|cached| cached.seen != generation)
    else {
        return false;
    };
    cached.seen = generation;
    let start = header.start_byte();
    let delta = start as isize - cached.start as isize;
    if delta != 0 {
        // The section's own range is taken from this version below.
        cached.info.shift(delta);
        for reference in &mut cached.references {
            reference.range = shift(&reference.range, delta);
        }
        cached.start = start;
    }
    let id = model.sections.len();
    let mut info = cached.info.clone();
    info.parent = parent;
    info.range = range;
    model.sections.push(info);
    model
        .references
        .extend(cached.references.iter().cloned().map(|mut reference| {
            reference.section = Some(id);
            reference
        }));
    true
}

/// Takes over a line the previous version already read, if its node was reused by the parser.
pub(super) fn reuse_attribute(
    model: &mut Model,
    cache: &mut Option<CacheState>,
    snapshot: &Snapshot,
    node: cyclecloud_syntax::Node<'_>,
    section: Option<SectionId>,
) -> bool {
    let Some(state) = cache.as_mut() else {
        return false;
    };
    let generation = state.generation;
    let node_id = node.id();
    let start = node.start_byte();
    let unseen = |cached: &CachedAttribute| cached.seen != generation;
    if !state.attributes.get(&node_id).is_some_and(unseen)
        && !adopt_same_text(state, snapshot, node)
    {
        return false;
    }
    let Some(cached) = state.attributes.get_mut(&node_id) else {
        return false;
    };
    cached.seen = generation;
    let delta = start as isize - cached.start as isize;
    if delta != 0 {
        cached.info.shift(delta);
        for reference in &mut cached.references {
            reference.range = shift(&reference.range, delta);
        }
        for call in &mut cached.calls {
            call.shift(delta);
        }
        for (range, _) in &mut cached.strings {
            *range = shift(range, delta);
        }
        cached.start = start;
    }
    let id = model.attributes.len();
    let mut info = cached.info.clone();
    info.section = section;
    let same_place = {
        let (kind, name) = section
            .map(|s| {
                (
                    model.sections[s].kind.as_str(),
                    model.sections[s].name.as_deref(),
                )
            })
            .unwrap_or(("", None));
        cached.looked_up_in.0 == kind && cached.looked_up_in.1.as_deref() == name
    };
    model.attributes.push(info);
    if let Some(section) = section {
        model.sections[section].attributes.push(id);
    }
    model
        .references
        .extend(cached.references.iter().cloned().map(|mut reference| {
            reference.attr = Some(id);
            reference.section = section;
            reference
        }));
    model.calls.extend(cached.calls.iter().cloned());
    model.string_tokens.extend(cached.strings.iter().cloned());
    if !same_place {
        // The line moved under another header (or the header changed): look it up again.
        let entry = catalog_entry(model, id);
        model.attributes[id].catalog = entry;
        cached.info.catalog = entry;
        cached.looked_up_in = section
            .map(|s| {
                (
                    model.sections[s].kind.clone(),
                    model.sections[s].name.clone(),
                )
            })
            .unwrap_or_default();
    }
    state.reused += 1;
    true
}

/// The parser re-creates the nodes of lines near an edit even when their text is unchanged
/// (typing in a section re-creates every line after the cursor in it), so a line not found by
/// node id is looked up by its text; an entry of the same text and the same number of syntax
/// nodes, both parsed without errors, was read from the same subtree. On success the entry is
/// filed under `node`'s id.
fn adopt_same_text(
    state: &mut CacheState,
    snapshot: &Snapshot,
    node: cyclecloud_syntax::Node<'_>,
) -> bool {
    // Error recovery depends on the surroundings: the same text can parse differently there.
    // Only lines read without errors are filed by text (see `add_attribute`).
    if node.has_error() {
        return false;
    }
    let text = snapshot.text_of(node);
    let Some(&old_id) = state.by_text.get(text.as_ref()) else {
        return false;
    };
    let same = state.attributes.get(&old_id).is_some_and(|cached| {
        cached.seen != state.generation
            && cached.descendants == node.descendant_count()
            && *cached.text == *text
    });
    if !same {
        return false;
    }
    let Some(cached) = state.attributes.remove(&old_id) else {
        return false;
    };
    state.by_text.insert(cached.text.clone(), node.id());
    state.attributes.insert(node.id(), cached);
    true
}
