//! `→ value` after a `$Param` or `${…}` value or a `:=` expression: what the line evaluates to
//! with every parameter at its default, when that is definite (not after deployment, not with
//! `ClusterName`, not for a name the template does not declare). Worked out on request from the
//! current model, for the visible lines only.

use std::ops::Range;

use cyclecloud_syntax::Snapshot;

use super::{code, shorten, InlayHint, InlayHintKind};
use crate::eval::Value;
use crate::model::{AttrId, Model, ValueShape};
use crate::render::LineValues;

/// Adds a hint for each computed line whose value ends in `range`.
pub(super) fn evaluated_values(
    snapshot: &Snapshot,
    model: &Model,
    range: &Range<usize>,
    hints: &mut Vec<InlayHint>,
) {
    let mut values = None;
    let first = model
        .attributes
        .partition_point(|line| line.value_range().end < range.start);
    for index in first..model.attributes.len() {
        let attr = AttrId::new(index);
        let line = &model.attributes[attr];
        let at = line.value_range().end;
        if at > range.end {
            break;
        }
        let computed = match line.shape {
            ValueShape::Reference => true,
            ValueShape::Expression => !line.clears_value(),
            _ => false,
        };
        if !computed {
            continue;
        }
        let values = values.get_or_insert_with(|| LineValues::new(snapshot, model));
        let Ok(value) = values.line(attr) else {
            continue;
        };
        let shown = match value {
            Value::Undefined => continue,
            Value::String(text) => text,
            other => other.to_string(),
        };
        if repeats_parameter_default(model, line.value.trim(), &shown) {
            continue;
        }
        hints.push(InlayHint {
            offset: at,
            label: format!("→ {}", shorten(&shown)),
            kind: InlayHintKind::EvaluatedValue,
            tooltip: format!(
                "Value with every parameter at its default (what `render` shows without `-p`): {}",
                code(&shown)
            ),
        });
    }
}

/// Whether the line is one `$Param` whose default hint already shows this value.
fn repeats_parameter_default(model: &Model, value: &str, shown: &str) -> bool {
    let Some(name) = value.strip_prefix('$') else {
        return false;
    };
    model
        .parameter(name)
        .and_then(|param| param.default_value.as_deref())
        .is_some_and(|default| {
            let default = default.trim();
            default == shown || default.trim_matches('"') == shown
        })
}
