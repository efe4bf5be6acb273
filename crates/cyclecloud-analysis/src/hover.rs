//! Hover: markdown about what is under the cursor (an attribute key with its catalog entry and
//! inheritance, an enumerated value, a parameter reference or declaration, a function, a
//! section kind), as plain data with a byte range for any client.
//!
//! Lookups go through the model's ordered lists (binary search by offset) and the catalog, so a
//! hover costs the same in a small or a large file. Line numbers in the text are 1-based.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use cyclecloud_catalog::{catalog, Attribute, Confidence, Deprecation, Rank};
use cyclecloud_syntax::{kinds, Node, Snapshot};

use crate::completion::clamp_offset;
use crate::model::{AttrId, Model, NodeId, ParamInfo, RefKind, Reference, SectionId};

/// What a hover shows: markdown, and the bytes it is about (for highlighting).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverInfo {
    /// The hovered token (key, value element, name, keyword).
    pub range: Range<usize>,
    /// The text to show.
    pub markdown: String,
}

/// Documentation of the built-in `ClusterName`, shared with completion.
pub(crate) const CLUSTER_NAME_DOC: &str = "**`ClusterName`** (built-in)\n\n\
    The name of the cluster being created; usable in every value and expression.";

/// The hover at `offset` (clamped to the text), or `None` where there is nothing to say.
pub fn hover(snapshot: &Snapshot, model: &Model, offset: usize) -> Option<HoverInfo> {
    let offset = clamp_offset(snapshot, offset);
    reference(snapshot, model, offset)
        .or_else(|| function(snapshot, offset))
        .or_else(|| attribute(snapshot, model, offset))
        .or_else(|| header(snapshot, model, offset))
}

/// Whether `offset` is in `range`, its end included (a cursor just after a word is on it).
fn contains(range: &Range<usize>, offset: usize) -> bool {
    range.start <= offset && offset <= range.end
}

/// The 1-based line of a byte offset, for "declared at line N".
pub(crate) fn line_number(snapshot: &Snapshot, offset: usize) -> usize {
    let rope = snapshot.rope();
    rope.byte_to_line(offset.min(rope.len_bytes())) + 1
}

/// `text` as inline code, shortened when long and fenced so inner back-ticks survive.
fn code(text: &str) -> String {
    let text = text.trim();
    let short: Cow<'_, str> = match text.char_indices().nth(80) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
        None => Cow::Borrowed(text),
    };
    let short = short.replace(['\r', '\n'], " ");
    if short.contains('`') {
        format!("`` {short} ``")
    } else {
        format!("`{short}`")
    }
}

// ---- catalog lookups shared with completion ---------------------------------------------------

/// A catalog attribute found for a key, and whether it belongs to the section's kind.
pub(crate) struct FoundAttribute {
    /// The entry.
    pub(crate) attribute: &'static Attribute,
    /// False when the entry is for other section kinds (the key is misplaced).
    pub(crate) fits: bool,
}

/// The catalog entry for `key` in `section`: configuration keys are looked up with the
/// section's prefix, `[[node defaults]]` also accepts node-array attributes, and a key of
/// another kind is still found (with `fits = false`) except in free-form sections.
pub(crate) fn catalog_attribute(
    model: &Model,
    section: Option<SectionId>,
    key: &str,
) -> Option<FoundAttribute> {
    let catalog = catalog();
    let info = &model.sections[section?];
    let found = match info.kind.as_str() {
        "configuration" => {
            let full = match info.name.as_deref() {
                Some(prefix) if !prefix.is_empty() => Cow::Owned(format!("{prefix}.{key}")),
                _ => Cow::Borrowed(key),
            };
            catalog.attribute("configuration", &full)
        }
        "node" if info.name_is("defaults") => catalog
            .attribute("node", key)
            .or_else(|| catalog.attribute("nodearray", key)),
        kind => catalog.attribute(kind, key),
    };
    if let Some(attribute) = found {
        return Some(FoundAttribute {
            attribute,
            fits: true,
        });
    }
    let open = catalog
        .section(&info.kind)
        .is_none_or(|kind| kind.open_keys || kind.free_text_keys);
    if open {
        return None;
    }
    catalog
        .attribute_any_section(key)
        .map(|attribute| FoundAttribute {
            attribute,
            fits: false,
        })
}

/// Markdown for a catalog attribute: type, doc, values, default, versions, source, link.
pub(crate) fn attribute_markdown(attr: &Attribute) -> String {
    let mut md = format!("**`{}`** · `{}`\n\n{}", attr.name, attr.value_type, attr.doc);
    if !attr.values.is_empty() {
        let title = if attr.values_open {
            "Common values"
        } else {
            "Values"
        };
        let _ = write!(md, "\n\n**{title}:**");
        for value in &attr.values {
            let _ = write!(md, "\n- `{}`: {}", value.value, value.doc);
            if let Some(since) = value.since {
                let _ = write!(md, " (since {since})");
            }
        }
    }
    if let Some(default) = &attr.default {
        let _ = write!(md, "\n\n**Default:** {default}");
    }
    if attr.required {
        md.push_str("\n\nRequired on every node (after inheritance).");
    }
    if let Some(since) = attr.since {
        let _ = write!(md, "\n\nSince CycleCloud {since}.");
    }
    if let Some(deprecated) = attr.deprecated {
        md.push_str("\n\n**Deprecated**");
        if let Deprecation::Since(version) = deprecated {
            let _ = write!(md, " since CycleCloud {version}");
        }
        match &attr.replacement {
            Some(replacement) => {
                let _ = write!(md, "; use `{replacement}` instead.");
            }
            None => md.push('.'),
        }
    }
    match attr.confidence {
        Confidence::Documented => {}
        Confidence::Observed => md.push_str("\n\n_Seen in real templates; not documented._"),
        Confidence::Inferred => md.push_str("\n\n_Inferred; not documented._"),
    }
    if let Some(url) = &attr.url {
        let _ = write!(md, "\n\n[Documentation]({url})");
    }
    md
}

/// The `ParameterType` a parameter declares, if any.
pub(crate) fn parameter_type<'m>(model: &'m Model, param: &ParamInfo) -> Option<&'m str> {
    model
        .attribute_in(param.section, "ParameterType")
        .map(|attr| model.attributes[attr].unquoted_value())
}

/// Markdown for a parameter: type, label, description, default, where it is declared.
pub(crate) fn parameter_markdown(snapshot: &Snapshot, model: &Model, param: &ParamInfo) -> String {
    let value = |key: &str| {
        model
            .attribute_in(param.section, key)
            .map(|attr| &model.attributes[attr])
    };
    let mut md = format!("**Parameter `{}`**", param.name);
    if let Some(kind) = parameter_type(model, param) {
        let _ = write!(md, " · `{kind}`");
    }
    if let Some(label) = value("Label") {
        let _ = write!(md, "\n\n**Label:** {}", label.unquoted_value());
    }
    if let Some(description) = value("Description") {
        let text = description
            .unquoted_value()
            .trim_matches(['\'', '"'])
            .trim();
        let _ = write!(md, "\n\n{text}");
    }
    if let Some(default) = value("DefaultValue") {
        let _ = write!(md, "\n\n**Default:** {}", code(&default.value));
    } else if model.sections[param.section].children.iter().any(|&child| {
        let child = &model.sections[child];
        child.is("record") && child.name_is("DefaultValue")
    }) {
        md.push_str("\n\n**Default:** a record (`record DefaultValue` block)");
    }
    if value("Required").is_some_and(|attr| attr.unquoted_value().eq_ignore_ascii_case("true")) {
        md.push_str("\n\nRequired.");
    }
    let declarations = model
        .parameter_index
        .get(&param.name.to_ascii_lowercase())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let lines: Vec<String> = declarations
        .iter()
        .map(|&id| line_number(snapshot, model.parameters[id].name_range.start).to_string())
        .collect();
    if lines.len() > 1 {
        let _ = write!(
            md,
            "\n\nDeclared {} times, at lines {}.",
            lines.len(),
            lines.join(", ")
        );
    } else {
        let _ = write!(
            md,
            "\n\nDeclared at line {}.",
            line_number(snapshot, param.name_range.start)
        );
    }
    md
}

// ---- references --------------------------------------------------------------------------------

fn reference(snapshot: &Snapshot, model: &Model, offset: usize) -> Option<HoverInfo> {
    let index = model
        .references
        .partition_point(|reference| reference.range.start <= offset);
    let reference = model.references[..index]
        .last()
        .filter(|reference| contains(&reference.range, offset))?;
    let markdown = match reference.kind {
        RefKind::Value => value_reference(snapshot, model, &reference.name),
        RefKind::Extends => extends_reference(snapshot, model, reference),
    };
    Some(HoverInfo {
        range: reference.range.clone(),
        markdown,
    })
}

fn value_reference(snapshot: &Snapshot, model: &Model, name: &str) -> String {
    if let Some(param) = model.parameter(name) {
        return parameter_markdown(snapshot, model, param);
    }
    if name.eq_ignore_ascii_case("ClusterName") {
        return CLUSTER_NAME_DOC.to_owned();
    }
    for kind in ["environment", "noderef"] {
        if let Some((_, section)) = model
            .sections_of(kind)
            .find(|(_, section)| section.parent.is_none() && section.name_is(name))
        {
            let doc = catalog()
                .section(kind)
                .map(|kind| kind.doc.as_str())
                .unwrap_or("");
            return format!(
                "**`[{kind} {name}]`**\n\n{doc}\n\nDeclared at line {}.",
                line_number(snapshot, section.header_range.start)
            );
        }
    }
    format!(
        "**`{name}`**\n\nNo parameter, environment or noderef of this name is declared in this \
         file (a value may still be given at import time)."
    )
}

fn extends_reference(snapshot: &Snapshot, model: &Model, reference: &Reference) -> String {
    let cluster = reference
        .section
        .and_then(|section| model.node_of_section.get(&section))
        .and_then(|&node| model.nodes[node].cluster);
    match find_node(model, cluster, &reference.name) {
        Some(node) => node_markdown(snapshot, model, node),
        None => format!(
            "**`{}`**\n\nNo node or node array of this name in this cluster.",
            reference.name
        ),
    }
}

// ---- nodes and inheritance ---------------------------------------------------------------------

fn find_node(model: &Model, cluster: Option<SectionId>, name: &str) -> Option<NodeId> {
    model
        .nodes
        .iter()
        .position(|node| node.cluster == cluster && node.name.eq_ignore_ascii_case(name))
}

/// The nodes a node inherits from, in order: `defaults`, then its `Extends` entries.
fn bases(model: &Model, node: NodeId) -> Vec<NodeId> {
    let info = &model.nodes[node];
    let mut bases = Vec::new();
    if !info.is_defaults {
        bases.extend(find_node(model, info.cluster, "defaults").filter(|&base| base != node));
    }
    for entry in &info.extends {
        if let Some(base) = find_node(model, info.cluster, &entry.name) {
            if base != node && !bases.contains(&base) {
                bases.push(base);
            }
        }
    }
    bases
}

/// `[[nodearray execute]]`, as the header reads.
fn node_header(model: &Model, node: NodeId) -> String {
    let info = &model.nodes[node];
    let section = &model.sections[info.section];
    let rank = section.rank.max(1);
    format!(
        "{}{} {}{}",
        "[".repeat(rank),
        section.kind,
        info.name,
        "]".repeat(rank)
    )
}

fn node_markdown(snapshot: &Snapshot, model: &Model, node: NodeId) -> String {
    let info = &model.nodes[node];
    let mut md = format!("**`{}`**", node_header(model, node));
    if info.is_abstract && !info.is_defaults {
        md.push_str(" (abstract)");
    }
    if let Some(special) = catalog()
        .section(&model.sections[info.section].kind)
        .and_then(|kind| kind.special_name(&info.name))
    {
        let _ = write!(md, "\n\n{}", special.doc);
    }
    let bases: Vec<String> = bases(model, node)
        .into_iter()
        .map(|base| format!("`{}`", model.nodes[base].name))
        .collect();
    if !bases.is_empty() {
        let _ = write!(md, "\n\nInherits from {}.", bases.join(", "));
    }
    let _ = write!(
        md,
        "\n\nDeclared at line {}.",
        line_number(snapshot, model.sections[info.section].header_range.start)
    );
    md
}

/// What an attribute line of a node means after inheritance: what it overrides, and which nodes
/// inherit or override it in turn. `None` when nothing is inherited either way.
fn inheritance(snapshot: &Snapshot, model: &Model, node: NodeId, attr: AttrId) -> Option<String> {
    let info = &model.nodes[node];
    let line = &model.attributes[attr];
    let key = line.key_lower.as_str();
    let at = |attr: AttrId| line_number(snapshot, model.attributes[attr].key_range.start);
    let mut notes = Vec::new();
    let inherited = bases(model, node)
        .into_iter()
        .filter_map(|base| model.nodes[base].effective.get(key))
        .last();
    let from = |effective: &crate::model::EffectiveAttr| {
        format!(
            "{} from `{}` (line {})",
            code(&model.attributes[effective.attr].value),
            node_header(model, effective.origin),
            at(effective.attr)
        )
    };
    match info.effective.get(key) {
        Some(effective) if effective.attr == attr => {
            if let Some(base) = inherited {
                notes.push(format!(
                    "**Effective value:** {} (set here); overrides {}.",
                    code(&line.value),
                    from(base)
                ));
            }
        }
        Some(effective) => notes.push(format!(
            "Overridden by line {} of this section: {}.",
            at(effective.attr),
            code(&model.attributes[effective.attr].value)
        )),
        None if line.clears_value() => notes.push(match inherited {
            Some(base) => format!("Clears {}.", from(base)),
            None => "Clears the value; nothing is inherited here.".to_owned(),
        }),
        None => notes.push("Cleared by a later line of this section.".to_owned()),
    }
    let mut inheritors = Vec::new();
    let mut overrides = Vec::new();
    for (id, other) in model.nodes.iter().enumerate() {
        let derives = id != node
            && other.cluster == info.cluster
            && ((info.is_defaults && !other.is_defaults)
                || other
                    .extends
                    .iter()
                    .any(|entry| entry.name.eq_ignore_ascii_case(&info.name)));
        if !derives {
            continue;
        }
        match other.effective.get(key) {
            Some(effective) if effective.attr == attr => {
                inheritors.push(format!("`{}`", other.name));
            }
            Some(effective) => overrides.push(format!(
                "`{}` (line {})",
                other.name,
                at(effective.attr)
            )),
            None => overrides.push(format!("`{}` (cleared)", other.name)),
        }
    }
    if !inheritors.is_empty() {
        notes.push(format!("Inherited by {}.", inheritors.join(", ")));
    }
    if !overrides.is_empty() {
        notes.push(format!("Overridden in {}.", overrides.join(", ")));
    }
    (!notes.is_empty()).then(|| notes.join("\n\n"))
}

// ---- functions, attributes, headers ------------------------------------------------------------

/// The identifier at `offset`, or just before it (a cursor right after a word).
fn identifier_at(snapshot: &Snapshot, offset: usize) -> Option<Node<'_>> {
    [offset, offset.saturating_sub(1)].into_iter().find_map(|at| {
        snapshot
            .root()
            .descendant_for_byte_range(at, at)
            .filter(|node| node.kind() == kinds::IDENTIFIER)
    })
}

fn function(snapshot: &Snapshot, offset: usize) -> Option<HoverInfo> {
    let node = identifier_at(snapshot, offset)?;
    let call = node.parent()?;
    if call.kind() != kinds::CALL_EXPRESSION || call.child_by_field_name("function") != Some(node)
    {
        return None;
    }
    let function = catalog().function(&snapshot.text_of(node))?;
    let mut md = format!(
        "```\n{}\n```\n\n{}\n\nReturns `{}`.",
        function.signature, function.doc, function.returns
    );
    if let Some(context) = &function.context {
        let _ = write!(md, " Only meaningful in `{context}`.");
    }
    match function.confidence {
        Confidence::Documented => {}
        Confidence::Observed => md.push_str("\n\n_Seen in real templates; not documented._"),
        Confidence::Inferred => md.push_str("\n\n_ClassAd function not seen in CycleCloud material._"),
    }
    Some(HoverInfo {
        range: node.byte_range(),
        markdown: md,
    })
}

fn attribute(snapshot: &Snapshot, model: &Model, offset: usize) -> Option<HoverInfo> {
    let index = model
        .attributes
        .partition_point(|attr| attr.range.start <= offset);
    let id = index.checked_sub(1)?;
    let attr = &model.attributes[id];
    if contains(&attr.key_range, offset) {
        return key(snapshot, model, id);
    }
    if !attr.value_range.is_empty() && contains(&attr.value_range, offset) {
        return value(snapshot, model, id, offset);
    }
    None
}

fn key(snapshot: &Snapshot, model: &Model, id: AttrId) -> Option<HoverInfo> {
    let attr = &model.attributes[id];
    let kind = model.attribute_section_kind(id);
    let mut md = match catalog_attribute(model, attr.section, &attr.key) {
        Some(found) => {
            let mut md = attribute_markdown(found.attribute);
            if !found.fits {
                let _ = write!(
                    md,
                    "\n\n_Not a `{kind}` attribute: the catalog lists it for {}._",
                    found.attribute.sections.join(", ")
                );
            }
            md
        }
        None => {
            let known = catalog().section(kind)?;
            if known.open_keys || known.free_text_keys {
                return None;
            }
            let mut md = format!("**`{}`**: unknown attribute in `{kind}` sections.", attr.key);
            let suggestion = catalog()
                .suggest_attribute_key(kind, &attr.key)
                .or_else(|| {
                    let defaults = attr
                        .section
                        .is_some_and(|section| model.sections[section].name_is("defaults"));
                    defaults
                        .then(|| catalog().suggest_attribute_key("nodearray", &attr.key))
                        .flatten()
                });
            if let Some(suggestion) = suggestion {
                let _ = write!(md, " Did you mean `{suggestion}`?");
            }
            md
        }
    };
    let node = attr
        .section
        .and_then(|section| model.node_of_section.get(&section));
    if let Some(notes) = node.and_then(|&node| inheritance(snapshot, model, node, id)) {
        let _ = write!(md, "\n\n---\n\n{notes}");
    }
    Some(HoverInfo {
        range: attr.key_range.clone(),
        markdown: md,
    })
}

/// The literal element of a value at `offset` (a list element, or the whole value), unquoted.
fn value_element(
    snapshot: &Snapshot,
    range: &Range<usize>,
    offset: usize,
) -> Option<(String, Range<usize>)> {
    let literal = |node: &Node<'_>| {
        matches!(
            node.kind(),
            kinds::TEXT | kinds::BOOLEAN | kinds::NUMBER | kinds::STRING | kinds::RAW_STRING
        ) && range.start <= node.start_byte()
            && node.end_byte() <= range.end
    };
    let node = [offset, offset.saturating_sub(1)]
        .into_iter()
        .filter_map(|at| snapshot.root().descendant_for_byte_range(at, at))
        .find(literal)?;
    let text = snapshot.text_of(node);
    let text = text.trim().trim_matches(['"', '\'']).to_owned();
    Some((text, node.byte_range()))
}

fn value(snapshot: &Snapshot, model: &Model, id: AttrId, offset: usize) -> Option<HoverInfo> {
    let attr = &model.attributes[id];
    let (text, range) = value_element(snapshot, &attr.value_range, offset)?;
    let entry = catalog_attribute(model, attr.section, &attr.key)?.attribute;
    let catalog = catalog();
    let markdown = match entry.name.as_str() {
        "JetpackPlatform" => {
            let platform = catalog.jetpack_platform(&text)?;
            let family = format!("{:?}", platform.os_family).to_ascii_lowercase();
            format!(
                "**`{}`**: JetpackPlatform value\n\n{}\n\n**OS family:** {family}\n\n\
                 **Era:** {}\n\nJetpackPlatform is ignored from CycleCloud 7.7.0 on.",
                platform.name, platform.doc, platform.era
            )
        }
        "ImageName" => {
            let image = catalog.builtin_image(&text)?;
            let family = format!("{:?}", image.os_family).to_ascii_lowercase();
            let mut md = format!(
                "**`{}`**: built-in image\n\n{} ({family})\n\n**Status:** {}",
                image.name, image.os, image.status
            );
            if let Some(end) = &image.end_of_life {
                let _ = write!(md, "\n\n**End of life:** {end}");
            }
            if let Some(since) = image.since {
                let _ = write!(md, "\n\nSince CycleCloud {since}.");
            }
            md
        }
        _ => {
            let allowed = entry.allowed_value(&text)?;
            let mut md = format!(
                "**`{}`**: {} value\n\n{}",
                allowed.value, entry.name, allowed.doc
            );
            if let Some(since) = allowed.since {
                let _ = write!(md, "\n\nSince CycleCloud {since}.");
            }
            md
        }
    };
    Some(HoverInfo { range, markdown })
}

fn header(snapshot: &Snapshot, model: &Model, offset: usize) -> Option<HoverInfo> {
    let index = model
        .sections
        .partition_point(|section| section.header_range.start <= offset);
    let id = index.checked_sub(1)?;
    let info = &model.sections[id];
    if !contains(&info.header_range, offset) {
        return None;
    }
    if !info.kind_range.is_empty() && contains(&info.kind_range, offset) {
        let kind = catalog().section(&info.kind)?;
        return Some(HoverInfo {
            range: info.kind_range.clone(),
            markdown: section_markdown(kind, info.rank),
        });
    }
    let name_range = info
        .name_range
        .clone()
        .filter(|range| contains(range, offset))?;
    let markdown = if let Some(param) = model.parameters.iter().find(|param| param.section == id) {
        parameter_markdown(snapshot, model, param)
    } else if let Some(&node) = model.node_of_section.get(&id) {
        node_markdown(snapshot, model, node)
    } else {
        let kind = catalog().section(&info.kind)?;
        let special = kind.special_name(info.name.as_deref()?)?;
        format!("**`{}`** ({} name)\n\n{}", special.value, kind.name, special.doc)
    };
    Some(HoverInfo {
        range: name_range,
        markdown,
    })
}

fn section_markdown(kind: &cyclecloud_catalog::SectionKind, rank: usize) -> String {
    let brackets = match kind.rank {
        Rank::Fixed(rank) => usize::from(rank),
        Rank::Any | Rank::ParentPlusOne => rank.max(1),
    };
    let mut md = format!(
        "**`{}{}{}`** section\n\n{}",
        "[".repeat(brackets),
        kind.name,
        "]".repeat(brackets),
        kind.doc
    );
    let place = match kind.rank {
        Rank::Fixed(rank) => format!("Rank {rank}"),
        Rank::Any => "Any rank".to_owned(),
        Rank::ParentPlusOne => "One rank below its parent".to_owned(),
    };
    let mut parents: Vec<String> = kind.parents.iter().map(|p| format!("`{p}`")).collect();
    if kind.top_level {
        parents.insert(0, "the file".to_owned());
    }
    let name = if kind.name_required {
        "name required"
    } else {
        "name optional"
    };
    let _ = write!(md, "\n\n{place}, in {}; {name}.", parents.join(" or "));
    let _ = write!(md, "\n\n[Documentation]({})", kind.url);
    md
}

#[cfg(test)]
mod tests;
