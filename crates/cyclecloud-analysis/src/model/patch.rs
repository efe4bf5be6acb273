//! A keystroke's model made from the previous version's, in place. Most keystrokes change the
//! text of one unit without changing what the model's tables hold of it: as many lines,
//! references, calls and string tokens, the same header kind, name and rank, the same parameter
//! name, the same `Extends` entries. Then every id stays valid and the previous model needs only
//! its positions moved and that unit's rows replaced, instead of a new model copied from every
//! unit (and the old one freed). Anything else gives `None`, and the caller builds the model
//! afresh from the same placements; a test compares both ways over random edits of real
//! templates (`tests/cached_model.rs`).

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::around_edit::AroundEdit;
use super::build::{extends_and_abstract, resolve_again, set_inheritance, Placement, Rows};
use super::references::section_references;
use super::unit::SectionUnit;
use super::{shifted, IdVec, Model, NodeId, Reference, SectionId, SectionInfo};

/// `model` (the previous version's, as built from the units it holds) changed to the version
/// whose units are `placements`, or `None` when the change is more than one unit's rows.
pub(super) fn patch(mut model: Model, placements: &[Placement]) -> Option<Model> {
    let changed = changed_unit(&model, placements)?;
    if let Some(index) = changed {
        same_shape(&model.units[index].unit, &placements[index].unit)?;
    }
    let mut section_delta: IdVec<SectionId, isize> = IdVec::filled(0, model.sections.len());
    for (index, new) in placements.iter().enumerate() {
        let placed = &model.units[index];
        let delta = new.range.start as isize - placed.start as isize;
        let section = placed.section;
        if changed == Some(index) {
            replace_unit(&mut model, index, &new.unit, new.range.clone());
        } else if delta != 0 {
            move_units(&mut model, index..index + 1, delta);
        }
        if let Some(section) = section {
            section_delta[section] = delta;
            model.sections[section].range = new.range.clone();
        }
    }
    finish(model, changed, &section_delta)
}

/// `model` (the previous version's) changed by `edit`, inside the own text of one unit, which
/// is now `unit` (see `around_edit.rs`): the sections around it end `edit.delta` further, every
/// later unit moves. `None` when the new unit's rows are not as many as the old one's.
pub(super) fn patch_around(
    mut model: Model,
    edit: &AroundEdit<'_>,
    unit: &Arc<SectionUnit>,
) -> Option<Model> {
    let (index, delta) = (edit.index, edit.delta);
    same_shape(&model.units[index].unit, unit)?;
    let mut section_delta: IdVec<SectionId, isize> = IdVec::filled(0, model.sections.len());
    let section = model.units[index].section;
    let mut around = section.and_then(|section| model.sections[section].parent);
    while let Some(section) = around {
        let info = &mut model.sections[section];
        info.range.end = super::moved(info.range.end, delta);
        around = info.parent;
    }
    replace_unit(&mut model, index, unit, edit.node.byte_range());
    for placed in &model.units[index + 1..] {
        if let Some(section) = placed.section {
            section_delta[section] = delta;
        }
    }
    let end = model.units.len();
    move_units(&mut model, index + 1..end, delta);
    finish(model, Some(index), &section_delta)
}

/// Moves every row of the units `units` by `delta`. Units place their rows one after the other
/// in every table, so those rows are one run in each table, moved in one pass instead of unit
/// by unit (at 100,000 lines, patching took 8.5 M instructions a keystroke unit by unit, 6.2 M
/// so).
fn move_units(model: &mut Model, units: Range<usize>, delta: isize) {
    let placed = &model.units[units.clone()];
    let (Some(first), Some(last)) = (placed.first(), placed.last()) else {
        return;
    };
    let attributes = first.attrs.start.index()..last.attrs.end.index();
    let references = first.references.start..last.references.end;
    let calls = first.calls.start as usize..last.calls.end as usize;
    let tokens = first.string_tokens.start as usize..last.string_tokens.end as usize;
    let directives =
        first.template_directives.start as usize..last.template_directives.end as usize;
    for line in &mut model.attributes[attributes] {
        line.range = shifted(&line.range, delta);
    }
    for reference in &mut model.references[references] {
        reference.range = shifted(&reference.range, delta);
    }
    for call in &mut model.calls[calls] {
        call.shift(delta);
    }
    for (range, _) in &mut model.string_tokens[tokens] {
        *range = shifted(range, delta);
    }
    for start in &mut model.template_directives[directives] {
        *start = super::moved(*start, delta);
    }
    for placed in &mut model.units[units] {
        placed.start = super::moved(placed.start, delta);
        if let Some(section) = placed.section {
            let info = &mut model.sections[section];
            info.range = shifted(&info.range, delta);
            info.header_range = shifted(&info.header_range, delta);
        }
        if let Some(parameter) = placed.parameter {
            let parameter = &mut model.parameters[parameter];
            parameter.name_range = shifted(&parameter.name_range, delta);
        }
    }
}

/// What both ways of patching end with: `Extends` entries moved with their sections, the
/// changed unit's nodes and references made again.
fn finish(
    mut model: Model,
    changed: Option<usize>,
    section_delta: &IdVec<SectionId, isize>,
) -> Option<Model> {
    for node in &mut model.nodes {
        let delta = section_delta[node.section];
        if delta != 0 {
            for entry in &mut node.extends {
                entry.range = shifted(&entry.range, delta);
            }
        }
    }
    if let Some(index) = changed {
        let redo = node_changed(&mut model, index)?;
        replace_references(&mut model, index)?;
        if let Some(redo) = redo {
            let resolved = resolve_again(&model, &redo)?;
            set_inheritance(&mut model, resolved);
        }
        // Reference names may have changed in the changed unit; the rest of what is found on
        // first use reads only names that the shape check kept.
        let declared = model
            .declared
            .take()
            .and_then(|declared| declared.patched(&model, index));
        model.declared = declared.map(OnceLock::from).unwrap_or_default();
    }
    Some(model)
}

/// The index of the one unit that is not the previous version's, `Some(None)` when there is
/// none, `None` when the units or the sections' structure differ otherwise.
fn changed_unit(model: &Model, placements: &[Placement]) -> Option<Option<usize>> {
    if model.units.len() != placements.len() {
        return None;
    }
    let mut changed = None;
    for (index, (placed, new)) in model.units.iter().zip(placements).enumerate() {
        if !Arc::ptr_eq(&placed.unit, &new.unit) && changed.replace(index).is_some() {
            return None;
        }
        match placed.section {
            Some(section) => {
                let info = &model.sections[section];
                if info.parent != new.parent || info.children.len() != new.children {
                    return None;
                }
            }
            None if new.unit.header.is_some() => return None,
            None => {}
        }
    }
    Some(changed)
}

/// Whether `new` fills the model's tables as `old` did: `Some(())` when it does.
fn same_shape(old: &SectionUnit, new: &SectionUnit) -> Option<()> {
    fn shape(unit: &SectionUnit) -> impl PartialEq + '_ {
        let header = unit
            .header
            .as_ref()
            .map(|header| (&header.kind, &header.name, header.rank));
        let parameter = unit.parameter.as_ref().map(|parameter| &parameter.name);
        let rows = [
            unit.line_count(),
            unit.references.len(),
            unit.calls().len(),
            unit.string_tokens().len(),
            unit.template_directives().len(),
        ];
        (header, parameter, rows)
    }
    (shape(old) == shape(new)).then_some(())
}

/// Puts the changed unit's rows where the old unit's were (the shape check made them as
/// many), its section now at `range`. Its references are replaced once the nodes are (see
/// [`replace_references`]).
fn replace_unit(model: &mut Model, index: usize, unit: &Arc<SectionUnit>, range: Range<usize>) {
    let placed = &mut model.units[index];
    placed.unit = Arc::clone(unit);
    placed.start = range.start;
    placed.len = unit.len;
    placed.empty_lists = super::EmptyLists::default();
    let rows = Rows::of(placed);
    if let (Some(section), Some(header)) = (rows.section, &rows.unit.header) {
        let info = &mut model.sections[section];
        let moved = header.info(rows.start, range, info.parent);
        // The same lines and child sections (the shape check made sure).
        *info = SectionInfo {
            attributes: info.attributes,
            children: std::mem::take(&mut info.children),
            ..moved
        };
    }
    let lines = &mut model.attributes[rows.attr_base..placed.attrs.end.index()];
    for (row, line) in lines.iter_mut().zip(rows.lines()) {
        *row = line;
    }
    overwrite(&mut model.calls, &placed.calls, rows.calls());
    overwrite(
        &mut model.string_tokens,
        &placed.string_tokens,
        rows.string_tokens(),
    );
    overwrite(
        &mut model.template_directives,
        &placed.template_directives,
        rows.directives(),
    );
    if let (Some(slot), Some(parameter)) = (placed.parameter, rows.parameter()) {
        model.parameters[slot] = parameter;
    }
}

/// Sets a [`super::PlacedUnit`]'s `rows` in `table` to the next of `new`.
fn overwrite<T>(table: &mut [T], rows: &Range<u32>, new: impl Iterator<Item = T>) {
    let rows = &mut table[rows.start as usize..rows.end as usize];
    for (row, new) in rows.iter_mut().zip(new) {
        *row = new;
    }
}

/// When the changed unit is a node's section: checks that its name, `Extends` entries and
/// abstractness are as before (ids and inheritance order depend on them), takes the entries'
/// new positions, and returns the nodes whose inheritance must be resolved again (it and every
/// node that inherits from it). `Some(None)` for a unit of no node.
fn node_changed(model: &mut Model, index: usize) -> Option<Option<IdVec<NodeId, bool>>> {
    let Some(node) = model.node_of(model.units[index].section) else {
        return Some(None);
    };
    let info = &model.nodes[node];
    let (extends_line, extends, is_abstract) = extends_and_abstract(model, info.section);
    let same = extends_line == info.extends_line
        && (info.is_defaults || is_abstract) == info.is_abstract
        && extends
            .iter()
            .map(|entry| &entry.name)
            .eq(info.extends.iter().map(|entry| &entry.name));
    if !same {
        return None;
    }
    model.nodes[node].extends = extends;
    let mut redo = IdVec::filled(false, model.nodes.len());
    redo[node] = true;
    // Until nothing changes: a node can come before the base it inherits from.
    let mut grew = true;
    while grew {
        grew = false;
        for other in NodeId::all(model.nodes.len()) {
            if !redo[other] && model.nodes[other].bases.iter().any(|&base| redo[base]) {
                redo[other] = true;
                grew = true;
            }
        }
    }
    Some(Some(redo))
}

/// Replaces the references of the changed unit: its own, and those of its section that the
/// nodes give (`Extends` entries, a cluster-init name), in document order as a fresh build
/// sorts them.
fn replace_references(model: &mut Model, index: usize) -> Option<()> {
    let rows = Rows::of(&model.units[index]);
    let mut references: Vec<Reference> = rows.references().collect();
    if let Some(section) = rows.section {
        references.extend(section_references(model, section));
    }
    references.sort_by_key(|reference| reference.range.start);
    let slot = &mut model.references[model.units[index].references.clone()];
    // The unit's own are as many (the shape check made sure), the nodes' may not be.
    (slot.len() == references.len()).then(|| slot.swap_with_slice(&mut references))
}
