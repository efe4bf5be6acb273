//! Builds the [`Model`] from a syntax snapshot: the units of its sections in document order
//! (see `unit.rs`), placed where they now sit, then nodes, inheritance and parameters.

use std::ops::Range;
use std::sync::Arc;

use cyclecloud_syntax::ast::Section;
use cyclecloud_syntax::{kinds, Snapshot};
use foldhash::HashMap;

use super::cache::{Carried, KeptFindings};
use super::references::finish_references;
use super::unit::{Fresh, SectionTree, SectionUnit, UnitSource};
use super::{
    ArcStr, AttrId, AttrInfo, AttrSpan, CallInfo, EffectiveAttr, HeaderFacts, IdVec, Model,
    ModelCache, NameRef, NodeId, NodeInfo, NodeKind, ParamId, ParamInfo, PlacedUnit, Reference,
    SectionId, SectionInfo,
};

/// The model of one snapshot.
pub fn build(snapshot: &Snapshot) -> Model {
    let mut model = assemble(walk_units(snapshot, &mut Fresh), None);
    let resolved = resolve_inheritance(&model, None);
    set_inheritance(&mut model, resolved);
    model
}

/// The model of one snapshot, taking over from `cache` the units of the sections the edit did
/// not touch, and remembering this version's units for the next.
pub fn build_cached(snapshot: &Snapshot, cache: &mut ModelCache) -> Arc<Model> {
    build_cached_beside(snapshot, cache, false, |_, _| ()).0
}

/// [`build_cached`], running `beside` on this thread over the model (complete but for each
/// node's effective attributes) and the cache's kept findings while inheritance is resolved:
/// on the analysis helper thread when `two_threads`, else before it here.
pub(crate) fn build_cached_beside<T>(
    snapshot: &Snapshot,
    cache: &mut ModelCache,
    two_threads: bool,
    beside: impl FnOnce(&Model, &KeptFindings) -> T,
) -> (Arc<Model>, T) {
    let mut lookup = cache.lookup();
    // Patched, the model's inheritance is complete already.
    let mut spare = lookup.take_spare();
    let mut placements = Vec::new();
    let patched = patch_around_edit(snapshot, &mut lookup, &mut spare).or_else(|| {
        placements = walk_units(snapshot, &mut lookup);
        spare.and_then(|spare| super::patch::patch(spare, &placements))
    });
    if let Some(mut model) = patched {
        lookup.finish(snapshot, &mut model, true);
        let found = beside(&model, &cache.kept);
        return (Arc::new(model), found);
    }
    let mut model = assemble(placements, lookup.previous());
    lookup.finish(snapshot, &mut model, false);
    let (resolved, found) = crate::helper::on_two_threads(
        two_threads,
        || resolve_inheritance(&model, None),
        || beside(&model, &cache.kept),
    );
    set_inheritance(&mut model, resolved);
    (Arc::new(model), found)
}

/// The previous version's model (`spare`) patched for a keystroke inside one section's own
/// text, without walking every section (see `around_edit.rs`). `spare` is left as it was when
/// the keystroke is not one, and taken when it is, even if patching fails.
fn patch_around_edit(
    snapshot: &Snapshot,
    lookup: &mut super::cache::Lookup<'_>,
    spare: &mut Option<Model>,
) -> Option<Model> {
    let found = lookup
        .tree_before(snapshot)
        .and_then(|old| super::around_edit::find(snapshot, old, spare.as_ref()?))?;
    let model = spare.take()?;
    let unit = lookup.unit(snapshot, found.node, &found.own);
    let lines = model.attributes.len();
    let model = super::patch::patch_around(model, &found, &unit)?;
    lookup.keep_known(&unit, lines);
    Some(model)
}

/// The model of units where the walk found them, all but inheritance.
fn assemble(placements: Vec<Placement>, previous: Option<&Carried>) -> Model {
    let mut model = Model::default();
    reserve_rows(&mut model, &placements);
    for placement in placements {
        place(&mut model, placement);
    }
    add_nodes(&mut model);
    add_parameters(&mut model, previous);
    finish_references(&mut model);
    assign_references(&mut model);
    model
}

/// Sizes the model's tables for the placed units' rows at once: grown by doubling, they held
/// up to twice their rows, and a large file's first build had old and new buffers at once.
fn reserve_rows(model: &mut Model, placements: &[Placement]) {
    // One pass over the units: a walked keystroke at 100,000 lines places about 50,000.
    let mut rows = [0usize; 6];
    for placement in placements {
        let unit = &placement.unit;
        let header = unit.header.as_ref();
        // Besides its units' own, a section names its cluster-init spec and its `Extends`
        // entries (about one a node): the references table grows past this only in unusual files.
        let named = header.is_some_and(|header| {
            ["cluster-init", "node", "nodearray"].contains(&header.kind.as_str())
        });
        let counts = [
            usize::from(header.is_some()),
            unit.line_count(),
            unit.calls().len(),
            unit.string_tokens().len(),
            usize::from(unit.parameter.is_some()),
            unit.references.len() + usize::from(named),
        ];
        for (total, count) in rows.iter_mut().zip(counts) {
            *total += count;
        }
    }
    let [sections, attributes, calls, string_tokens, parameters, references] = rows;
    model.sections.reserve_exact(sections);
    model.attributes.reserve_exact(attributes);
    model.calls.reserve_exact(calls);
    model.string_tokens.reserve_exact(string_tokens);
    model.parameters.reserve_exact(parameters);
    model.references.reserve_exact(references);
    model.units.reserve_exact(placements.len());
}

/// Gives each placed unit the references in its text (the table is sorted by position once
/// the `Extends` and cluster-init names are added, so this is one sweep).
fn assign_references(model: &mut Model) {
    let references = &model.references;
    let mut next = 0;
    for placed in &mut model.units {
        let end = placed.range().end;
        let first = next;
        while next < references.len() && references[next].range.start < end {
            next += 1;
        }
        placed.references = first..next;
    }
}

/// The model of one unit alone, placed at `start`: what the section-scoped rules read.
pub(crate) fn unit_model(unit: &Arc<SectionUnit>, start: usize) -> Model {
    let mut model = Model::default();
    let placement = Placement {
        unit: Arc::clone(unit),
        range: start..start + unit.len,
        parent: None,
        children: 0,
    };
    place(&mut model, placement);
    assign_references(&mut model);
    model
}

/// A unit where the walk found it: its section's range (the file's for the file's own lines),
/// its parent section and how many child sections it has. Section ids are given in document
/// order to the units with a header, as [`place`] gives them.
pub(super) struct Placement {
    pub(super) unit: Arc<SectionUnit>,
    pub(super) range: Range<usize>,
    pub(super) parent: Option<SectionId>,
    pub(super) children: usize,
}

/// The walk's list of placements, giving section ids as [`place`] will.
#[derive(Default)]
struct Placements {
    list: Vec<Placement>,
    sections: usize,
}

impl Placements {
    /// Records a unit; returns the section it becomes (none for the file's own lines).
    fn push(&mut self, placement: Placement) -> Option<SectionId> {
        let section = placement.unit.header.is_some().then(|| {
            self.sections += 1;
            SectionId::new(self.sections - 1)
        });
        self.list.push(placement);
        section
    }
}

/// A step of the walk: visit a section node in its parent (or take it over whole), or, once
/// everything in a read section is visited, record its [`SectionTree`] (its node, its unit and
/// how many child sections it has) for the next version.
enum Step<'t> {
    Visit(cyclecloud_syntax::Node<'t>, Option<SectionId>),
    Close(cyclecloud_syntax::Node<'t>, Arc<SectionUnit>, usize),
}

/// The unit of the file and of every section, in document order (a section's own lines come
/// before its child sections), where each now sits. A section the previous version had is
/// taken over with everything in it, without walking its syntax tree. Iterative: a damaged
/// file can nest deeply.
fn walk_units(snapshot: &Snapshot, units: &mut impl UnitSource) -> Vec<Placement> {
    let root = snapshot.root();
    let mut placements = Placements::default();
    if let Some(previous) = units.previous() {
        placements.list.reserve(previous.units.len() + 8);
    }
    let mut steps = vec![Step::Visit(root, None)];
    // Sections done (start, tree), whose parent's `Close` gathers them.
    let mut done: Vec<(usize, Arc<SectionTree>)> = Vec::new();
    let (mut own, mut found) = (Vec::new(), Vec::new());
    while let Some(step) = steps.pop() {
        match step {
            Step::Visit(node, parent) => {
                if node != root {
                    if let Some(tree) = units.known(node) {
                        place_tree(&mut placements, &tree, node.start_byte(), parent);
                        units.remember(node, &tree);
                        done.push((node.start_byte(), tree));
                        continue;
                    }
                }
                super::unit::split_children(node, &mut own, &mut found);
                let unit = units.unit(snapshot, node, &own);
                let section = placements.push(Placement {
                    unit: Arc::clone(&unit),
                    range: node.byte_range(),
                    parent,
                    children: found.len(),
                });
                steps.push(Step::Close(node, unit, found.len()));
                steps.extend(
                    found
                        .drain(..)
                        .rev()
                        .map(|child| Step::Visit(child, section)),
                );
            }
            Step::Close(node, unit, children) => {
                let start = node.start_byte();
                let children: Vec<_> = done
                    .drain(done.len() - children..)
                    .map(|(child_start, child)| (child_start - start, child))
                    .collect();
                let lines = unit.line_count()
                    + children.iter().map(|(_, child)| child.lines).sum::<usize>();
                let tree = Arc::new(SectionTree {
                    unit,
                    len: node.end_byte() - start,
                    lines,
                    children,
                });
                if node != root {
                    units.remember(node, &tree);
                    done.push((start, tree));
                }
            }
        }
    }
    placements.list
}

/// Records a section taken over whole: its unit, then its child sections', in document order.
fn place_tree(
    placements: &mut Placements,
    tree: &Arc<SectionTree>,
    start: usize,
    parent: Option<SectionId>,
) {
    let mut pending = vec![(tree, start, parent)];
    while let Some((tree, start, parent)) = pending.pop() {
        let section = placements.push(Placement {
            unit: Arc::clone(&tree.unit),
            range: start..start + tree.len,
            parent,
            children: tree.children.len(),
        });
        pending.extend(
            tree.children
                .iter()
                .rev()
                .map(|(offset, child)| (child, start + offset, section)),
        );
    }
}

/// Appends a unit's facts where the walk found it, making its section (none for the file's
/// own lines) with room for its child sections.
fn place(model: &mut Model, placement: Placement) {
    let (unit, parent) = (&placement.unit, placement.parent);
    let start = placement.range.start;
    let section = unit.header.as_ref().map(|header| {
        let id = SectionId::new(model.sections.len());
        let mut info = header.info(start, placement.range, parent);
        info.attributes = AttrSpan::new(AttrId::new(model.attributes.len()), unit.line_count());
        info.children = Vec::with_capacity(placement.children);
        model.sections.push(info);
        if let Some(parent) = parent {
            model.sections[parent].children.push(id);
        }
        id
    });
    let rows = Rows {
        unit,
        start,
        section,
        attr_base: model.attributes.len(),
    };
    model.attributes.extend(rows.lines());
    model.references.extend(rows.references());
    let calls = row_range(&mut model.calls, rows.calls());
    let string_tokens = row_range(&mut model.string_tokens, rows.string_tokens());
    let template_directives = row_range(&mut model.template_directives, rows.directives());
    let parameter = rows.parameter().map(|parameter| {
        model.parameters.push(parameter);
        ParamId::new(model.parameters.len() - 1)
    });
    let attrs = AttrId::new(rows.attr_base)..AttrId::new(model.attributes.len());
    model.units.push(PlacedUnit {
        len: unit.len,
        empty_lists: super::EmptyLists::default(),
        unit: placement.unit,
        start,
        section,
        attrs,
        // Set once the table is complete (see `assign_references`).
        references: 0..0,
        calls,
        string_tokens,
        template_directives,
        parameter,
    });
}

/// The rows `rows` become at the end of `table`, added there.
fn row_range<T>(table: &mut Vec<T>, rows: impl Iterator<Item = T>) -> Range<u32> {
    let start = table.len();
    table.extend(rows);
    let index = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
    index(start)..index(table.len())
}

/// How a unit's lines, references, calls, string tokens, directives and parameter become the
/// model's rows where its text starts at `start`: positions moved there, the section and the
/// first line's id set. The one place that converts them, for [`place`] and for patching a
/// model (`patch.rs`); its header becomes a row through `UnitHeader::info`.
pub(super) struct Rows<'u> {
    pub(super) unit: &'u SectionUnit,
    pub(super) start: usize,
    pub(super) section: Option<SectionId>,
    pub(super) attr_base: usize,
}

impl<'u> Rows<'u> {
    /// The rows of a unit as a model placed it.
    pub(super) fn of(placed: &'u PlacedUnit) -> Rows<'u> {
        Rows {
            unit: &placed.unit,
            start: placed.start,
            section: placed.section,
            attr_base: placed.attrs.start.index(),
        }
    }

    pub(super) fn lines(&self) -> impl Iterator<Item = AttrInfo> + '_ {
        (0..self.unit.line_count()).map(|index| self.unit.line(index, self.start, self.section))
    }

    pub(super) fn references(&self) -> impl Iterator<Item = Reference> + '_ {
        self.unit.references.iter().map(|reference| Reference {
            range: super::shifted(&reference.range, self.start as isize),
            attr: reference.attr.map(|attr| attr.offset(self.attr_base)),
            section: self.section,
            ..reference.clone()
        })
    }

    pub(super) fn calls(&self) -> impl Iterator<Item = CallInfo> + '_ {
        self.unit.calls().iter().map(|call| {
            let mut call = call.clone();
            call.shift(self.start as isize);
            call
        })
    }

    pub(super) fn string_tokens(&self) -> impl Iterator<Item = (Range<usize>, &'static str)> + '_ {
        let tokens = self.unit.string_tokens().iter();
        tokens.map(|(range, kind)| (super::shifted(range, self.start as isize), *kind))
    }

    pub(super) fn directives(&self) -> impl Iterator<Item = usize> + '_ {
        self.unit
            .template_directives()
            .iter()
            .map(|offset| offset + self.start)
    }

    /// The unit's parameter, `None` outside a section (the file's own lines declare none).
    pub(super) fn parameter(&self) -> Option<ParamInfo> {
        let parameter = self.unit.parameter.as_ref()?;
        Some(ParamInfo {
            section: self.section?,
            name_range: super::shifted(&parameter.name_range, self.start as isize),
            facts: Arc::clone(&parameter.facts),
        })
    }
}

/// A section's header facts without its lines (shared with the navigation index, which reads
/// only headers).
pub(crate) fn section_info(section: &Section<'_>, parent: Option<SectionId>) -> SectionInfo {
    let kind = super::interned(&section.kind_lower());
    let header_range = section.header_range();
    let at = |range: Range<usize>| super::offsets(&range, header_range.start);
    SectionInfo {
        facts: Arc::new(HeaderFacts {
            catalog: cyclecloud_catalog::catalog().section(&kind),
            kind,
            name: section.name().map(|name| ArcStr::from(name.trim())),
            rank: section.rank(),
            closing_rank: section.closing_rank(),
            kind_at: section
                .kind_node()
                .map_or(0..0, |node| at(node.byte_range())),
            name_at: section.name_node().map(|node| at(node.byte_range())),
            close_at: section
                .header()
                .and_then(|header| header.child_by_field_id(kinds::field_id::close()))
                .map(|close| at(close.byte_range())),
        }),
        parent,
        range: section.range(),
        header_range,
        attributes: AttrSpan::default(),
        children: Vec::new(),
    }
}

/// A node section's last `Extends` line with its entries, and whether its last `Abstract` line
/// says `true`, in one pass over its lines (as [`Model::attribute_in`] would find them, the last
/// one when repeated).
pub(super) fn extends_and_abstract(
    model: &Model,
    section: SectionId,
) -> (Option<AttrId>, Vec<NameRef>, bool) {
    let (mut extends, mut is_abstract) = (None, false);
    for attr in model.sections[section].attributes {
        let line = &model.attributes[attr];
        if line.key.eq_ignore_ascii_case("Extends") {
            extends = Some(attr);
        } else if line.key.eq_ignore_ascii_case("Abstract") {
            is_abstract = line.unquoted_value().eq_ignore_ascii_case("true");
        }
    }
    let entries = extends.map(|attr| split_names(&model.attributes[attr]));
    (extends, entries.unwrap_or_default(), is_abstract)
}

fn add_nodes(model: &mut Model) {
    for section in SectionId::all(model.sections.len()) {
        let info = &model.sections[section];
        let kind = match info.kind.as_str() {
            "node" => NodeKind::Node,
            "nodearray" => NodeKind::NodeArray,
            _ => continue,
        };
        let cluster = info
            .parent
            .filter(|&parent| model.sections[parent].is("cluster"));
        let name = info.name.clone().unwrap_or_default();
        let is_defaults = kind == NodeKind::Node && name.eq_ignore_ascii_case("defaults");
        let (extends_line, extends, is_abstract) = extends_and_abstract(model, section);
        let node = NodeInfo {
            section,
            cluster,
            name,
            kind,
            is_defaults,
            is_abstract: is_defaults || is_abstract,
            extends,
            extends_line,
            bases: Vec::new(),
            effective: HashMap::default(),
            effective_children: Vec::new(),
            cleared: Vec::new(),
        };
        let id = NodeId::new(model.nodes.len());
        model.node_of_section.insert(section, id);
        let names = model.node_index.entry(node.cluster).or_default();
        // Most names are written in lower case already: then the name itself is the key.
        let lower = if node.name.bytes().any(|b| b.is_ascii_uppercase()) {
            ArcStr::from(node.name.to_ascii_lowercase())
        } else {
            node.name.clone()
        };
        if *names.entry(lower).or_insert(id) != id {
            let repeated = (node.cluster, node.name.to_ascii_lowercase());
            if !model.repeated_node_names.contains(&repeated) {
                model.repeated_node_names.push(repeated);
            }
        }
        model.nodes.push(node);
    }
    // Once every name is known, the bases: `[[node defaults]]` unless the node is it, then
    // each node an `Extends` entry names (each once, never the node itself).
    for node in NodeId::all(model.nodes.len()) {
        let info = &model.nodes[node];
        let defaults = (!info.is_defaults).then_some("defaults");
        let names = defaults
            .into_iter()
            .chain(info.extends.iter().map(|entry| &*entry.name));
        let mut bases = Vec::new();
        for base in names.filter_map(|name| model.find_node(info.cluster, name)) {
            if base != node && !bases.contains(&base) {
                bases.push(base);
            }
        }
        model.nodes[node].bases = bases;
    }
}

/// The comma-separated names of an `Extends` value with their ranges.
fn split_names(attr: &AttrInfo) -> Vec<NameRef> {
    if !attr.is_literal() {
        return Vec::new();
    }
    let mut names = Vec::new();
    let mut offset = attr.value_range().start;
    for part in attr.value.split(',') {
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            let start = offset + (part.len() - part.trim_start().len());
            names.push(NameRef {
                name: trimmed.to_owned(),
                range: start..start + trimmed.len(),
            });
        }
        offset += part.len() + 1;
    }
    names
}

/// A node's resolved inheritance: effective attributes by lower-case key, child sections, and
/// the keys it clears (`:= undefined`, its own or inherited and not set again), which a node that
/// extends it must clear too: otherwise `[[node defaults]]` would bring the value back.
pub(super) type Resolved = (HashMap<ArcStr, EffectiveAttr>, Vec<SectionId>, Vec<ArcStr>);

/// Every node's resolved inheritance, from a model whose nodes are known (it reads nothing
/// else that inheritance sets, so other work can read the model meanwhile). With `redo`, only
/// that of the nodes it marks, reading the others' from the model as it is (see
/// [`resolve_again`]).
fn resolve_inheritance(
    model: &Model,
    redo: Option<&IdVec<NodeId, bool>>,
) -> IdVec<NodeId, Option<Resolved>> {
    let mut resolved = IdVec::filled(None, model.nodes.len());
    // Each resolve leaves it empty again.
    let mut visiting = Vec::new();
    for node in NodeId::all(model.nodes.len()).filter(|&node| redo.is_none_or(|redo| redo[node])) {
        resolve(model, node, &mut resolved, &mut visiting, redo);
    }
    resolved
}

/// [`resolve_inheritance`] of the nodes `redo` marks (see [`super::patch`]). `None` when a
/// marked node is in an inheritance cycle, whose outcome depends on where resolving starts:
/// then only a full resolve gives what a fresh build would.
pub(super) fn resolve_again(
    model: &Model,
    redo: &IdVec<NodeId, bool>,
) -> Option<IdVec<NodeId, Option<Resolved>>> {
    let mut marked = NodeId::all(model.nodes.len()).filter(|&node| redo[node]);
    let cycle = marked.any(|node| in_cycle(model, node));
    (!cycle).then(|| resolve_inheritance(model, Some(redo)))
}

/// Whether following bases from `node` leads back to a node already on the way.
fn in_cycle(model: &Model, node: NodeId) -> bool {
    // (node, index of its next base to follow); the path is the stack. A node whose bases were
    // all followed is not followed again.
    let mut path: Vec<(NodeId, usize)> = vec![(node, 0)];
    let mut explored = foldhash::HashSet::<NodeId>::default();
    while let Some((current, next)) = path.last_mut() {
        let current = *current;
        let Some(&base) = model.nodes[current].bases.get(*next) else {
            explored.insert(current);
            path.pop();
            continue;
        };
        *next += 1;
        if path.iter().any(|&(on_path, _)| on_path == base) {
            return true;
        }
        if !explored.contains(&base) {
            path.push((base, 0));
        }
    }
    false
}

/// Stores what [`resolve_inheritance`] found in the nodes.
pub(super) fn set_inheritance(model: &mut Model, resolved: IdVec<NodeId, Option<Resolved>>) {
    for (info, resolved) in model.nodes.iter_mut().zip(resolved) {
        if let Some(resolved) = resolved {
            (info.effective, info.effective_children, info.cleared) = resolved;
        }
    }
}

/// Effective attributes of `node`: defaults, then each `Extends` entry in order, then its own.
/// `visiting` breaks cycles (which a rule reports); a node in a cycle sees only what is resolved.
/// Leaves the result in `resolved[node]` unless the node is part of a cycle being resolved.
/// With `redo`, a base it does not mark is read from the model as it is.
fn resolve(
    model: &Model,
    node: NodeId,
    resolved: &mut IdVec<NodeId, Option<Resolved>>,
    visiting: &mut Vec<NodeId>,
    redo: Option<&IdVec<NodeId, bool>>,
) {
    if resolved[node].is_some() || visiting.contains(&node) {
        return;
    }
    visiting.push(node);
    let info = &model.nodes[node];
    let mut effective = HashMap::default();
    let mut children = Vec::new();
    let mut cleared: Vec<ArcStr> = Vec::new();
    for &base in &info.bases {
        let (base_effective, base_children, base_cleared) = if redo.is_some_and(|redo| !redo[base])
        {
            let base = &model.nodes[base];
            (&base.effective, &base.effective_children, &base.cleared)
        } else {
            resolve(model, base, resolved, visiting, redo);
            // A base still being resolved (a cycle) contributes nothing.
            let Some((effective, children, cleared)) = &resolved[base] else {
                continue;
            };
            (effective, children, cleared)
        };
        if effective.is_empty() {
            // Usually the only base (`defaults`): copying its table beats inserting each key.
            effective.clone_from(base_effective);
        } else {
            for (key, value) in base_effective {
                effective.insert(key.clone(), value.clone());
            }
        }
        cleared.retain(|key| !base_effective.contains_key(key));
        for key in base_cleared {
            effective.remove(key);
            if !cleared.contains(key) {
                cleared.push(key.clone());
            }
        }
        // Whether a base is abstract does not travel: each node states its own.
        effective.remove("abstract");
        children.extend(base_children.iter().copied());
    }
    for attr in model.sections[info.section].attributes {
        let line = &model.attributes[attr];
        if line.clears_value() {
            effective.remove(line.key_lower.as_str());
            if !cleared.contains(&line.key_lower) {
                cleared.push(line.key_lower.clone());
            }
        } else {
            cleared.retain(|key| *key != line.key_lower);
            effective.insert(line.key_lower.clone(), EffectiveAttr { attr, origin: node });
        }
    }
    children.extend(model.sections[info.section].children.iter().copied());
    visiting.pop();
    resolved[node] = Some((effective, children, cleared));
}

fn add_parameters(model: &mut Model, previous: Option<&Carried>) {
    // A keystroke rarely renames a parameter: when the names are those of the previous
    // version, in order, so are the ids, and its index serves as it is.
    let names = || model.parameters.iter().map(|parameter| &parameter.name);
    if let Some(previous) = previous.filter(|previous| names().eq(&previous.parameter_names)) {
        model.parameter_index = Arc::clone(&previous.parameter_index);
        model
            .unreferenceable_parameters
            .clone_from(&previous.unreferenceable_parameters);
        return;
    }
    let mut index = super::ParameterIndex::default();
    for (id, parameter) in model.parameters.iter().enumerate() {
        let id = ParamId::new(id);
        if !is_referenceable_name(&parameter.name) {
            model.unreferenceable_parameters.push(id);
        }
        index
            .entry(parameter.name.to_ascii_lowercase())
            .or_default()
            .push(id);
    }
    model.parameter_index = Arc::new(index);
}

/// Whether a parameter name can be written as `$Name`: letters, digits and underscores only.
pub(crate) fn is_referenceable_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
