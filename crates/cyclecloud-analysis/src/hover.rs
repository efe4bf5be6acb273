//! Hover: markdown about what is under the cursor (an attribute key with its catalog entry and
//! inheritance, an enumerated value, a parameter reference or declaration, a function, a
//! section kind), as plain data with a byte range for any client.
//!
//! Lookups go through the model's ordered lists (binary search by offset) and the catalog, so a
//! hover costs the same in a small or a large file. Line numbers in the text are 1-based.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use cyclecloud_catalog::{catalog, Attribute, Confidence, Deprecation, VmSizeTable};
use cyclecloud_syntax::Snapshot;

use crate::completion::clamp_offset;
use crate::model::{Model, ParamInfo, RefKind, Reference, SectionId};
use nodes::node_markdown;

mod nodes;
#[cfg(test)]
mod tests;
mod tokens;

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

/// The hover at `offset` (clamped to the text), or `None` where there is nothing to say. VM
/// sizes are described from `sizes` ([`crate::Settings::vm_sizes`]).
pub fn hover(
    snapshot: &Snapshot,
    model: &Model,
    offset: usize,
    sizes: &VmSizeTable,
) -> Option<HoverInfo> {
    let offset = clamp_offset(snapshot, offset);
    reference(snapshot, model, offset)
        .or_else(|| tokens::function(snapshot, offset))
        .or_else(|| tokens::attribute(snapshot, model, offset, sizes))
        .or_else(|| tokens::header(snapshot, model, offset))
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
    let mut md = format!(
        "**`{}`** · `{}`\n\n{}",
        attr.name, attr.value_type, attr.doc
    );
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

/// A `$Param`, an expression name or an `Extends` entry at `offset`.
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
        // The section header's own hover (the kind) covers cluster-init names for now.
        RefKind::ClusterInit => return None,
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
    for kind in ["environment", "environmentref", "noderef"] {
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
    match model.find_node(cluster, &reference.name) {
        Some(node) => node_markdown(snapshot, model, node),
        None => format!(
            "**`{}`**\n\nNo node or node array of this name in this cluster.",
            reference.name
        ),
    }
}
