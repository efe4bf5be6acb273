//! Builds the [`Model`] from a syntax snapshot: the units of its sections in document order
//! (see `unit.rs`), placed where they now sit, then nodes, inheritance and parameters.

use std::collections::HashMap;
use std::sync::Arc;

use cyclecloud_syntax::ast::Section;
use cyclecloud_syntax::{kinds, Snapshot};

use super::cache::{Carried, KeptFindings};
use super::references::finish_references;
use super::unit::{Fresh, SectionTree, SectionUnit, UnitSource};
use super::{
    ArcStr, AttrId, AttrInfo, AttrSpan, EffectiveAttr, IdVec, Model, ModelCache, NameRef, NodeId,
    NodeInfo, NodeKind, ParamId, ParamInfo, PlacedUnit, SectionId, SectionInfo, ValueShape,
};

/// The model of one snapshot.
pub fn build(snapshot: &Snapshot) -> Model {
    let mut model = build_with(snapshot, &mut Fresh);
    let resolved = resolve_inheritance(&model);
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
    let mut model = build_with(snapshot, &mut lookup);
    lookup.finish(snapshot, &model);
    let (resolved, found) = crate::helper::on_two_threads(
        two_threads,
        || resolve_inheritance(&model),
        || beside(&model, &cache.kept),
    );
    set_inheritance(&mut model, resolved);
    (Arc::new(model), found)
}

/// Everything but inheritance, which [`build_cached_beside`] resolves beside other work.
fn build_with(snapshot: &Snapshot, units: &mut impl UnitSource) -> Model {
    let mut model = Model::default();
    if let Some(previous) = units.previous() {
        // A keystroke changes these by a line or two: allocate once instead of growing.
        model.sections.reserve(previous.sections + 8);
        model.attributes.reserve(previous.attributes + 8);
        model.references.reserve(previous.references + 8);
        model.calls.reserve(previous.calls + 8);
        model.string_tokens.reserve(previous.string_tokens + 8);
        model.units.reserve(previous.units.len() + 8);
        model.parameters.reserve(previous.parameter_names.len() + 8);
    }
    add_units(&mut model, snapshot, units);
    add_nodes(&mut model);
    add_parameters(&mut model, units.previous());
    finish_references(&mut model);
    assign_references(&mut model);
    model
}

/// Gives each placed unit the references in its text (the table is sorted by position once
/// the `Extends` and cluster-init names are added, so this is one sweep).
fn assign_references(model: &mut Model) {
    let references = &model.references;
    let mut next = 0;
    for placed in &mut model.units {
        let end = placed.start + placed.unit.text.len();
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
    let own = start..start + unit.text.len();
    place(&mut model, Arc::clone(unit), own, None, 0);
    assign_references(&mut model);
    model
}

/// A step of the walk: place a section node (or take it over whole), or, once everything in
/// a read section is placed, record its [`SectionTree`] for the next version.
enum Step<'t> {
    Visit(cyclecloud_syntax::Node<'t>, Option<SectionId>),
    Close {
        node: cyclecloud_syntax::Node<'t>,
        unit: Arc<SectionUnit>,
        children: usize,
    },
}

/// Places the unit of the file and of every section, in document order (a section's own lines
/// come before its child sections). A section the previous version had is taken over with
/// everything in it, without walking its syntax tree. Iterative: a damaged file can nest deeply.
fn add_units(model: &mut Model, snapshot: &Snapshot, units: &mut impl UnitSource) {
    let section_kind = kinds::kind_id::section();
    let root = snapshot.root();
    let mut steps = vec![Step::Visit(root, None)];
    // Sections done (start, tree), whose parent's `Close` gathers them.
    let mut done: Vec<(usize, Arc<SectionTree>)> = Vec::new();
    let (mut own, mut found) = (Vec::new(), Vec::new());
    while let Some(step) = steps.pop() {
        match step {
            Step::Visit(node, parent) => {
                if node != root {
                    if let Some(tree) = units.known(node) {
                        place_tree(model, &tree, node.start_byte(), parent);
                        units.remember(node, &tree);
                        done.push((node.start_byte(), tree));
                        continue;
                    }
                }
                // One walk splits the children into the own text and the child sections.
                own.clear();
                found.clear();
                let mut cursor = node.walk();
                if cursor.goto_first_child() {
                    loop {
                        let child = cursor.node();
                        if child.kind_id() == section_kind {
                            found.push(child);
                        } else if found.is_empty() {
                            own.push(child);
                        }
                        if !cursor.goto_next_sibling() {
                            break;
                        }
                    }
                }
                let unit = units.unit(snapshot, node, &own);
                let range = node.byte_range();
                let section = place(model, Arc::clone(&unit), range, parent, found.len());
                steps.push(Step::Close {
                    node,
                    unit,
                    children: found.len(),
                });
                steps.extend(
                    found
                        .drain(..)
                        .rev()
                        .map(|child| Step::Visit(child, section)),
                );
            }
            Step::Close {
                node,
                unit,
                children,
            } => {
                let start = node.start_byte();
                let children: Vec<_> = done
                    .drain(done.len() - children..)
                    .map(|(child_start, child)| (child_start - start, child))
                    .collect();
                let lines = unit.attributes.len()
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
}

/// Places a section taken over whole: its unit, then its child sections', in document order.
fn place_tree(model: &mut Model, tree: &Arc<SectionTree>, start: usize, parent: Option<SectionId>) {
    let mut pending = vec![(tree, start, parent)];
    while let Some((tree, start, parent)) = pending.pop() {
        let section = place(
            model,
            Arc::clone(&tree.unit),
            start..start + tree.len,
            parent,
            tree.children.len(),
        );
        pending.extend(
            tree.children
                .iter()
                .rev()
                .map(|(offset, child)| (child, start + offset, section)),
        );
    }
}

/// Appends a unit's facts at `start`; returns the section it became (none for the file's own
/// lines), with room for its `children` child sections.
fn place(
    model: &mut Model,
    unit: Arc<SectionUnit>,
    range: std::ops::Range<usize>,
    parent: Option<SectionId>,
    children: usize,
) -> Option<SectionId> {
    let start = range.start;
    let delta = start as isize;
    let section = unit.header.as_ref().map(|header| {
        let id = SectionId::new(model.sections.len());
        let mut info = header.clone();
        info.shift(delta);
        info.range = range;
        info.parent = parent;
        info.attributes = AttrSpan::new(AttrId::new(model.attributes.len()), unit.attributes.len());
        info.children = Vec::with_capacity(children);
        model.sections.push(info);
        if let Some(parent) = parent {
            model.sections[parent].children.push(id);
        }
        id
    });
    let attr_base = model.attributes.len();
    model.attributes.extend(unit.attributes.iter().map(|line| {
        let mut line = line.clone();
        line.shift(delta);
        line.section = section;
        line
    }));
    model
        .references
        .extend(unit.references.iter().map(|reference| {
            let mut reference = reference.clone();
            reference.range = super::shifted(&reference.range, delta);
            reference.attr = reference.attr.map(|attr| attr.offset(attr_base));
            reference.section = section;
            reference
        }));
    model.calls.extend(unit.calls.iter().map(|call| {
        let mut call = call.clone();
        call.shift(delta);
        call
    }));
    model.string_tokens.extend(
        unit.string_tokens
            .iter()
            .map(|(range, kind)| (super::shifted(range, delta), *kind)),
    );
    model
        .template_directives
        .extend(unit.template_directives.iter().map(|offset| offset + start));
    if let (Some(parameter), Some(section)) = (&unit.parameter, section) {
        model.parameters.push(ParamInfo {
            section,
            name_range: super::shifted(&parameter.name_range, delta),
            ..parameter.clone()
        });
    }
    let attrs = AttrId::new(attr_base)..AttrId::new(model.attributes.len());
    model.units.push(PlacedUnit {
        unit,
        start,
        section,
        attrs,
        // Set once the table is complete (see `assign_references`).
        references: 0..0,
    });
    section
}

/// A section's header facts without its lines (shared with the navigation index, which reads
/// only headers).
pub(crate) fn section_info(section: &Section<'_>, parent: Option<SectionId>) -> SectionInfo {
    let kind: ArcStr = section.kind_lower().into();
    SectionInfo {
        catalog: cyclecloud_catalog::catalog().section(&kind),
        kind,
        name: section.name().map(|name| ArcStr::from(name.trim())),
        rank: section.rank(),
        closing_rank: section.closing_rank(),
        parent,
        range: section.range(),
        header_range: section.header_range(),
        kind_range: section
            .kind_node()
            .map(|node| node.byte_range())
            .unwrap_or_else(|| {
                let start = section.range().start;
                start..start
            }),
        name_range: section.name_node().map(|node| node.byte_range()),
        close_range: section
            .header()
            .and_then(|header| header.child_by_field_name("close"))
            .map(|close| close.byte_range()),
        attributes: AttrSpan::default(),
        children: Vec::new(),
    }
}

fn is_true(model: &Model, section: SectionId, key: &str) -> bool {
    model.attribute_in(section, key).is_some_and(|attr| {
        model.attributes[attr]
            .unquoted_value()
            .eq_ignore_ascii_case("true")
    })
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
        let name = info.name.as_deref().unwrap_or_default().to_owned();
        let is_defaults = kind == NodeKind::Node && name.eq_ignore_ascii_case("defaults");
        let extends = model
            .attribute_in(section, "Extends")
            .map(|attr| split_names(&model.attributes[attr]))
            .unwrap_or_default();
        let node = NodeInfo {
            section,
            cluster,
            name,
            kind,
            is_defaults,
            is_abstract: is_defaults || is_true(model, section, "Abstract"),
            extends,
            bases: Vec::new(),
            effective: HashMap::default(),
            effective_children: Vec::new(),
        };
        let id = NodeId::new(model.nodes.len());
        model.node_of_section.insert(section, id);
        let names = model.node_index.entry(node.cluster).or_default();
        match names.entry(node.name.to_ascii_lowercase()) {
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(id);
            }
            std::collections::hash_map::Entry::Occupied(entry) => {
                let repeated = (node.cluster, entry.key().clone());
                if !model.repeated_node_names.contains(&repeated) {
                    model.repeated_node_names.push(repeated);
                }
            }
        }
        model.nodes.push(node);
    }
    // Once every name is known.
    for node in NodeId::all(model.nodes.len()) {
        let bases = direct_bases(model, node);
        model.nodes[node].bases = bases;
    }
}

/// `[[node defaults]]` unless the node is it, then each node an `Extends` entry names (each
/// once, never the node itself).
fn direct_bases(model: &Model, node: NodeId) -> Vec<NodeId> {
    let info = &model.nodes[node];
    let mut bases = Vec::new();
    if !info.is_defaults {
        bases.extend(model.find_node(info.cluster, "defaults"));
    }
    for entry in &info.extends {
        if let Some(base) = model.find_node(info.cluster, &entry.name) {
            if !bases.contains(&base) {
                bases.push(base);
            }
        }
    }
    bases.retain(|&base| base != node);
    bases
}

/// The comma-separated names of an `Extends` value with their ranges.
fn split_names(attr: &AttrInfo) -> Vec<NameRef> {
    if attr.shape != ValueShape::Literal && attr.shape != ValueShape::List {
        return Vec::new();
    }
    let mut names = Vec::new();
    let mut offset = attr.value_range.start;
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
type Resolved = (
    HashMap<ArcStr, EffectiveAttr, foldhash::fast::RandomState>,
    Vec<SectionId>,
    Vec<ArcStr>,
);

/// Every node's resolved inheritance, from a model whose nodes are known (it reads nothing
/// else that inheritance sets, so other work can read the model meanwhile).
fn resolve_inheritance(model: &Model) -> IdVec<NodeId, Option<Resolved>> {
    let mut resolved: IdVec<NodeId, Option<Resolved>> = IdVec::filled(None, model.nodes.len());
    for node in NodeId::all(model.nodes.len()) {
        let mut visiting = Vec::new();
        resolve(model, node, &mut resolved, &mut visiting);
    }
    resolved
}

/// Stores what [`resolve_inheritance`] found in the nodes.
fn set_inheritance(model: &mut Model, resolved: IdVec<NodeId, Option<Resolved>>) {
    for (node, result) in resolved.into_iter_with_ids() {
        if let Some((effective, children, _)) = result {
            model.nodes[node].effective = effective;
            model.nodes[node].effective_children = children;
        }
    }
}

/// Effective attributes of `node`: defaults, then each `Extends` entry in order, then its own.
/// `visiting` breaks cycles (which a rule reports); a node in a cycle sees only what is resolved.
/// Leaves the result in `resolved[node]` unless the node is part of a cycle being resolved.
fn resolve(
    model: &Model,
    node: NodeId,
    resolved: &mut IdVec<NodeId, Option<Resolved>>,
    visiting: &mut Vec<NodeId>,
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
        resolve(model, base, resolved, visiting);
        // A base still being resolved (a cycle) contributes nothing.
        let Some((base_effective, base_children, base_cleared)) = &resolved[base] else {
            continue;
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
    if let Some(previous) = previous.filter(|previous| same_parameter_names(model, previous)) {
        model.parameter_index = Arc::clone(&previous.parameter_index);
        model
            .unreferenceable_parameters
            .clone_from(&previous.unreferenceable_parameters);
        return;
    }
    let mut index: HashMap<String, Vec<ParamId>, _> = HashMap::default();
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

fn same_parameter_names(model: &Model, previous: &Carried) -> bool {
    model.parameters.len() == previous.parameter_names.len()
        && model
            .parameters
            .iter()
            .zip(&previous.parameter_names)
            .all(|(new, old)| new.name == *old)
}

/// Whether a parameter name can be written as `$Name`: letters, digits and underscores only.
pub(crate) fn is_referenceable_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
