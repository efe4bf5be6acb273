//! Markdown that hover and completion both show: an attribute's catalog entry, a parameter,
//! the built-in `ClusterName`. One module, so neither feature imports the other.

use std::borrow::Cow;
use std::fmt::Write as _;

use cyclecloud_catalog::{Attribute, Confidence, Deprecation};
use cyclecloud_syntax::Snapshot;

use crate::model::{Model, ParamInfo};

/// Documentation of the built-in `ClusterName`, shared with completion.
pub(crate) const CLUSTER_NAME_DOC: &str = "**`ClusterName`** (built-in)\n\n\
    The name of the cluster being created; usable in every value and expression.";

/// The 1-based line of a byte offset, for "declared at line N".
pub(crate) fn line_number(snapshot: &Snapshot, offset: usize) -> usize {
    let rope = snapshot.rope();
    rope.byte_to_line(offset.min(rope.len_bytes())) + 1
}

/// `text` as inline code, shortened when long and fenced so inner back-ticks survive.
pub(crate) fn code(text: &str) -> String {
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
    if let Some(project) = &attr.project {
        let _ = write!(md, "\n\nRead by the `{project}` project");
        if !attr.roles.is_empty() {
            let _ = write!(md, " on {} nodes", attr.roles.join(", "));
        }
        if let Some(since) = &attr.project_since {
            let _ = write!(md, " (since its release {since})");
        }
        md.push('.');
    }
    match attr.confidence {
        Confidence::Documented => {}
        Confidence::Observed if attr.project.is_some() => {
            md.push_str("\n\n_Set by the project's templates; not in its documentation._");
        }
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
