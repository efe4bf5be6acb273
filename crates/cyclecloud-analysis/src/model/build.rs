//! Builds the [`Model`] from a syntax snapshot in one walk plus an inheritance pass.

use std::collections::HashMap;
use std::sync::Arc;

use cyclecloud_syntax::ast::{AssignOp, Attribute, Section};
use cyclecloud_syntax::{kinds, Snapshot};

use super::line_cache::{reuse_attribute, reuse_header};
use super::references::{collect_in_header, finish_references, has_own_scope, scan, ValueScan};
use super::section_copy::copy_section;
use super::{
    ArcStr, AttrInfo, CachedAttribute, CachedHeader, EffectiveAttr, Model, ModelCache, ModelSizes,
    NameRef, NodeId, NodeIdMap, NodeInfo, NodeKind, ParamInfo, SectionId, SectionInfo, SectionNode,
    ValueShape,
};

/// The model of one snapshot.
pub fn build(snapshot: &Snapshot) -> Model {
    build_with(snapshot, &mut None)
}

/// The model of one snapshot, reusing what `cache` remembers of the sections and lines whose
/// syntax nodes the edit did not touch, and updating `cache` for the next version.
pub fn build_cached(snapshot: &Snapshot, cache: &mut ModelCache) -> Arc<Model> {
    cache.generation += 1;
    let mut state = Some(CacheState {
        attributes: std::mem::take(&mut cache.attributes),
        headers: std::mem::take(&mut cache.headers),
        generation: cache.generation,
        reused: 0,
        sizes: cache.sizes,
        previous: cache.previous.take(),
        previous_sections: std::mem::take(&mut cache.previous_sections),
        previous_text: cache.previous_text.take(),
        by_text: std::mem::take(&mut cache.lines_by_text),
    });
    let model = Arc::new(build_with(snapshot, &mut state));
    if let Some(mut state) = state {
        // Entries are updated in place; those of nodes this version no longer has (or that
        // sit in sections copied whole) go.
        let generation = state.generation;
        state
            .attributes
            .retain(|_, cached| cached.seen == generation);
        state.headers.retain(|_, cached| cached.seen == generation);
        let lines = &state.attributes;
        state
            .by_text
            .retain(|_, node_id| lines.contains_key(node_id));
        cache.lines_by_text = state.by_text;
        cache.attributes = state.attributes;
        cache.headers = state.headers;
        cache.reused = state.reused;
        let mut sections = state.previous_sections;
        sections.clear();
        sections.extend(
            model
                .section_nodes
                .iter()
                .enumerate()
                .filter(|(_, node)| node.id != 0)
                .map(|(id, node)| (node.id, id)),
        );
        cache.previous_sections = sections;
        cache.retired = state.previous;
    }
    cache.sizes = ModelSizes {
        sections: model.sections.len(),
        attributes: model.attributes.len(),
        references: model.references.len(),
        calls: model.calls.len(),
        string_tokens: model.string_tokens.len(),
    };
    cache.previous = Some(Arc::clone(&model));
    cache.previous_text = Some(snapshot.rope().clone());
    cache.tree = Some(snapshot.tree().clone());
    model
}

/// The cache during one build: entries found are stamped with `generation` in place, entries
/// for lines read afresh are added.
pub(super) struct CacheState {
    pub(super) attributes: NodeIdMap<CachedAttribute>,
    pub(super) headers: NodeIdMap<CachedHeader>,
    pub(super) generation: u64,
    pub(super) reused: usize,
    sizes: ModelSizes,
    /// The previous version's model and its section node ids (see [`copy_section`]).
    pub(super) previous: Option<Arc<Model>>,
    pub(super) previous_sections: NodeIdMap<SectionId>,
    pub(super) previous_text: Option<ropey::Rope>,
    /// Line text → the node id its entry in `attributes` is filed under.
    pub(super) by_text: HashMap<ArcStr, usize, foldhash::fast::RandomState>,
}

fn build_with(snapshot: &Snapshot, cache: &mut Option<CacheState>) -> Model {
    let mut model = Model::default();
    if let Some(state) = cache.as_ref() {
        // A keystroke changes these by a line or two: allocate once.
        let sizes = state.sizes;
        model.sections.reserve(sizes.sections + 8);
        model.attributes.reserve(sizes.attributes + 8);
        model.references.reserve(sizes.references + 8);
        model.calls.reserve(sizes.calls + 8);
        model.string_tokens.reserve(sizes.string_tokens + 8);
    }
    add_items(&mut model, snapshot, snapshot.root(), None, cache);
    add_nodes(&mut model);
    resolve_inheritance(&mut model);
    add_parameters(&mut model);
    finish_references(&mut model);
    model
}

/// The lines and sections directly in `parent` (a section or the file), in one pass.
fn add_items(
    model: &mut Model,
    snapshot: &Snapshot,
    parent: cyclecloud_syntax::Node<'_>,
    section: Option<SectionId>,
    cache: &mut Option<CacheState>,
) {
    let mut cursor = parent.walk();
    let (attribute, section_kind, directive) = (
        kinds::kind_id::attribute(),
        kinds::kind_id::section(),
        kinds::kind_id::template_directive(),
    );
    for child in parent.named_children(&mut cursor) {
        let kind = child.kind_id();
        if kind == attribute {
            if let Some(attribute) = Attribute::cast(child, snapshot) {
                add_attribute(model, snapshot, attribute, section, cache);
            }
        } else if kind == section_kind {
            if let Some(child) = Section::cast(child, snapshot) {
                add_section(model, snapshot, child, section, cache);
            }
        } else if kind == directive {
            model.template_directives.push(child.start_byte());
        }
    }
}

fn add_section(
    model: &mut Model,
    snapshot: &Snapshot,
    section: Section<'_>,
    parent: Option<SectionId>,
    cache: &mut Option<CacheState>,
) -> SectionId {
    if let Some(id) = copy_section(model, cache, snapshot, section.node(), parent) {
        return id;
    }
    let id = model.sections.len();
    let header = section.header();
    if !reuse_header(model, cache, header, section.range(), parent) {
        let first_reference = model.references.len();
        model.sections.push(section_info(&section, parent));
        if let Some(header) = header {
            collect_in_header(snapshot, header, id, &mut model.references);
            // Without a kind keyword the kind range is placed by the section, not the header.
            let cacheable = section.kind_node().is_some();
            if let Some(state) = cache.as_mut().filter(|_| cacheable) {
                state.headers.insert(
                    header.id(),
                    CachedHeader {
                        seen: state.generation,
                        start: header.start_byte(),
                        info: model.sections[id].clone(),
                        references: model.references[first_reference..].to_vec(),
                    },
                );
            }
        }
    }
    model.section_nodes.push(SectionNode::of(section.node()));
    if let Some(parent) = parent {
        model.sections[parent].children.push(id);
    }
    add_items(model, snapshot, section.node(), Some(id), cache);
    id
}

/// A section's header facts without its lines (shared with the navigation index, which reads
/// only headers).
pub(crate) fn section_info(section: &Section<'_>, parent: Option<SectionId>) -> SectionInfo {
    SectionInfo {
        kind: section.kind_lower().into(),
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
        attributes: Vec::new(),
        children: Vec::new(),
    }
}

fn add_attribute(
    model: &mut Model,
    snapshot: &Snapshot,
    attribute: Attribute<'_>,
    section: Option<SectionId>,
    cache: &mut Option<CacheState>,
) {
    let node_id = attribute.node().id();
    let node_start = attribute.node().start_byte();
    if reuse_attribute(model, cache, snapshot, attribute.node(), section) {
        return;
    }
    let first_reference = model.references.len();
    let first_call = model.calls.len();
    let first_string = model.string_tokens.len();
    let id = model.attributes.len();
    // One walk over the line's children gives every part (see `Attribute::parts`).
    let parts = attribute.parts();
    let line_start = attribute.node().start_byte();
    let key = parts
        .key
        .map(|node| snapshot.text_of(node).trim().to_owned())
        .unwrap_or_default();
    let key_range = parts
        .key
        .map(|node| node.byte_range())
        .unwrap_or(line_start..line_start);
    let op = match parts.operator.map(|node| node.kind()) {
        Some(":=") => AssignOp::Strict,
        _ => AssignOp::Loose,
    };
    let operator_range = parts.operator.map(|node| node.byte_range());
    let value_node = parts.value;
    let value_text = value_node
        .map(|node| snapshot.text_of(node))
        .unwrap_or_default();
    let value_range = match (value_node, &operator_range) {
        (Some(node), _) => node.byte_range(),
        (None, Some(op)) => op.end..op.end,
        (None, None) => key_range.end..key_range.end,
    };
    let is_expression = op == AssignOp::Strict
        || value_node.is_some_and(|value| value.kind() == kinds::LEGACY_EXPRESSION);
    let shape = match value_node {
        None => ValueShape::Empty,
        Some(_) if is_expression => ValueShape::Expression,
        Some(node) if node.kind() == kinds::TRIPLE_STRING => ValueShape::TripleString,
        Some(node) if value_text.contains('$') && contains_reference(node) => ValueShape::Reference,
        Some(node) if node.kind() == kinds::VALUE_LIST => ValueShape::List,
        Some(_) => ValueShape::Literal,
    };
    model.attributes.push(AttrInfo {
        section,
        key_lower: key.to_ascii_lowercase().into(),
        key: key.into(),
        key_range,
        op,
        value: ArcStr::from(value_text.trim()),
        value_kind: value_node.map(kinds::static_kind).unwrap_or(""),
        value_range,
        shape,
        range: line_start..parts.end,
        operator_range,
        comment_range: parts.comment.map(|comment| comment.byte_range()),
        catalog: None,
    });
    if let Some(section) = section {
        model.sections[section].attributes.push(id);
    }
    if let Some(value) = value_node {
        // One walk collects names, calls and string tokens; values that can hold none of them
        // (most literals) are not walked at all.
        let info = &model.attributes[id];
        let can_hold_names = matches!(info.shape, ValueShape::Reference | ValueShape::Expression);
        let names = can_hold_names && !has_own_scope(&info.key_lower);
        let calls = can_hold_names && info.key_lower != "config.query";
        let strings = info.value.contains(['"', '\'', '`']);
        let in_expression = info.shape == ValueShape::Expression;
        let section = info.section;
        if names || calls || strings {
            let mut found = ValueScan {
                references: names.then_some(&mut model.references),
                calls: calls.then_some(&mut model.calls),
                strings: strings.then_some(&mut model.string_tokens),
            };
            scan(
                snapshot,
                value,
                Some(id),
                section,
                in_expression,
                &mut found,
            );
        }
    }
    let entry = catalog_entry(model, id);
    model.attributes[id].catalog = entry;
    if let Some(state) = cache.as_mut() {
        let (kind, name) = section
            .map(|s| {
                (
                    model.sections[s].kind.clone(),
                    model.sections[s].name.clone(),
                )
            })
            .unwrap_or_default();
        let text = ArcStr::from(snapshot.text_of(attribute.node()).as_ref());
        if !attribute.node().has_error() {
            state.by_text.insert(text.clone(), node_id);
        }
        state.attributes.insert(
            node_id,
            CachedAttribute {
                seen: state.generation,
                start: node_start,
                text,
                descendants: attribute.node().descendant_count(),
                info: model.attributes[id].clone(),
                looked_up_in: (kind, name),
                references: model.references[first_reference..].to_vec(),
                calls: model.calls[first_call..].to_vec(),
                strings: model.string_tokens[first_string..].to_vec(),
            },
        );
    }
}

/// Whether a value holds a `$Param` or `${…}` anywhere (iterative: values can nest deeply).
fn contains_reference(node: cyclecloud_syntax::Node<'_>) -> bool {
    let mut cursor = node.walk();
    loop {
        let current = cursor.node();
        if matches!(
            current.kind(),
            kinds::PARAMETER_REFERENCE | kinds::INTERPOLATION
        ) {
            return true;
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == node {
                return false;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return false;
            }
        }
    }
}

/// The catalog entry an attribute line means; see [`AttrInfo::catalog`].
pub(super) fn catalog_entry(
    model: &Model,
    attr: usize,
) -> Option<&'static cyclecloud_catalog::Attribute> {
    let line = &model.attributes[attr];
    model.catalog_entry(line.section, &line.key)
}

fn is_true(model: &Model, section: SectionId, key: &str) -> bool {
    model.attribute_in(section, key).is_some_and(|attr| {
        model.attributes[attr]
            .unquoted_value()
            .eq_ignore_ascii_case("true")
    })
}

fn add_nodes(model: &mut Model) {
    for section in 0..model.sections.len() {
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
            effective: HashMap::default(),
            effective_children: Vec::new(),
        };
        model.node_of_section.insert(section, model.nodes.len());
        model
            .node_index
            .entry((node.cluster, node.name.to_ascii_lowercase()))
            .or_insert(model.nodes.len());
        model.nodes.push(node);
    }
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

fn resolve_inheritance(model: &mut Model) {
    let mut resolved: Vec<Option<Resolved>> = vec![None; model.nodes.len()];
    for node in 0..model.nodes.len() {
        let mut visiting = Vec::new();
        resolve(model, node, &mut resolved, &mut visiting);
    }
    for (node, result) in resolved.into_iter().enumerate() {
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
    resolved: &mut Vec<Option<Resolved>>,
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
    let mut bases = Vec::new();
    if !info.is_defaults {
        if let Some(defaults) = model
            .find_node(info.cluster, "defaults")
            .filter(|&d| d != node)
        {
            bases.push(defaults);
        }
    }
    for entry in &info.extends {
        if let Some(base) = model
            .find_node(info.cluster, &entry.name)
            .filter(|&b| b != node)
        {
            if !bases.contains(&base) {
                bases.push(base);
            }
        }
    }
    for base in bases {
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
    for &attr in &model.sections[info.section].attributes {
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

fn add_parameters(model: &mut Model) {
    let mut parameters = Vec::new();
    for (section, info) in model.sections.iter().enumerate() {
        if !info.is("parameter") {
            continue;
        }
        let (Some(name), Some(name_range)) = (&info.name, &info.name_range) else {
            continue;
        };
        let value_of = |key: &str| {
            model
                .attribute_in(section, key)
                .map(|attr| model.attributes[attr].value.clone())
        };
        parameters.push(ParamInfo {
            section,
            name: name.clone(),
            name_range: name_range.clone(),
            label: value_of("Label"),
            description: value_of("Description"),
            parameter_type: value_of("ParameterType"),
            default_value: value_of("DefaultValue"),
        });
    }
    for (id, parameter) in parameters.iter().enumerate() {
        model
            .parameter_index
            .entry(parameter.name.to_ascii_lowercase())
            .or_default()
            .push(id);
    }
    model.parameters = parameters;
}
