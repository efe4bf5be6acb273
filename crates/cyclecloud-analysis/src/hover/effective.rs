//! The effective attributes of a node for a hover on its header: every attribute it ends up
//! with after `[[node defaults]]`, `Extends` and `:= undefined`, evaluated with parameter
//! defaults where the value is definite (as `render` without `-p` would show it), as a compact
//! markdown table with where each value came from.

use std::fmt::Write as _;

use cyclecloud_syntax::Snapshot;

use crate::eval::Value;
use crate::markdown::line_number;
use crate::model::{AttrId, Model, NodeId, ValueShape};
use crate::render::LineValues;

/// At most this many rows; the rest are counted, so a hover stays readable.
const MAX_ROWS: usize = 30;

/// Values longer than this many characters are cut with `…`.
const MAX_VALUE_CHARS: usize = 50;

/// The table, or `None` for a node with no attributes.
pub(super) fn effective_attributes(
    snapshot: &Snapshot,
    model: &Model,
    node: NodeId,
) -> Option<String> {
    let info = &model.nodes[node];
    let mut lines: Vec<(AttrId, NodeId)> = info
        .effective
        .values()
        .map(|effective| (effective.attr, effective.origin))
        .collect();
    if lines.is_empty() {
        return None;
    }
    lines.sort();
    // Evaluated here, on request, from the current model: typing never pays for it.
    let values = LineValues::new(snapshot, model);
    let mut md =
        String::from("**Effective attributes**\n\n| Attribute | Value | From |\n|---|---|---|\n");
    for &(attr, origin) in lines.iter().take(MAX_ROWS) {
        let line = &model.attributes[attr];
        let written = line.value.trim();
        // Literals are shown as written; a reference or expression with its definite value.
        let computed = matches!(line.shape, ValueShape::Reference | ValueShape::Expression);
        let value = match values.in_node(attr, node) {
            Ok(value) if computed => {
                let shown = match value {
                    Value::String(text) => text,
                    other => other.to_string(),
                };
                format!("{} ← {}", cell(&shown), cell(written))
            }
            _ => cell(written),
        };
        let from = if origin == node {
            format!("line {}", line_number(snapshot, line.range.start))
        } else {
            format!(
                "`{}` line {}",
                escape(&model.nodes[origin].name),
                line_number(snapshot, line.range.start)
            )
        };
        let _ = writeln!(md, "| `{}` | {value} | {from} |", escape(&line.key));
    }
    if lines.len() > MAX_ROWS {
        let _ = writeln!(md, "\n… and {} more", lines.len() - MAX_ROWS);
    }
    Some(md.trim_end().to_owned())
}

/// Text as inline code in a table cell: one line, cut, pipes escaped, back-ticks fenced.
fn cell(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short = match one_line.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    };
    let short = escape(&short);
    if short.is_empty() {
        "*(empty)*".to_owned()
    } else if short.contains('`') {
        format!("`` {short} ``")
    } else {
        format!("`{short}`")
    }
}

/// A table cell cannot hold a bare `|`, not even in code.
fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}
