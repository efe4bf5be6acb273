//! Helpers shared by the Azure rules: the literal sizes and regions a line names, each with its
//! place, and the effective size of a node.

use std::ops::Range;

use cyclecloud_catalog::VmSize;

use crate::azure::{azure_value, AzureValue};
use crate::diagnostic::{Fix, Severity};
use crate::model::{AttrId, AttrInfo, Model, NodeInfo, ValueShape};
use crate::rule::Context;
use crate::vocabulary::is_placeholder;

/// One literal element of a value (a size or a region), quotes removed, with its byte range.
pub(crate) struct Item<'m> {
    /// The element's text.
    pub(crate) text: &'m str,
    /// Where it stands in the document.
    pub(crate) range: Range<usize>,
}

/// The literal elements of a plain or comma-list value; nothing for `$Param` references,
/// `${…}` expressions, Jinja placeholders or a value whose text is not the one at its range.
pub(crate) fn literal_items(attr: &AttrInfo) -> Vec<Item<'_>> {
    if !matches!(attr.shape, ValueShape::Literal | ValueShape::List)
        || is_placeholder(&attr.value)
        || attr.value.len() != attr.value_range().len()
    {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut offset = 0;
    for part in attr.value.split(',') {
        let start = offset + (part.len() - part.trim_start().len());
        offset += part.len() + 1;
        let trimmed = part.trim();
        let unquoted = trimmed.trim_matches(['"', '\'']);
        if unquoted.is_empty() || unquoted.contains('$') {
            continue;
        }
        let quote = trimmed.len() - trimmed.trim_start_matches(['"', '\'']).len();
        let at = attr.value_range().start + start + quote;
        items.push(Item {
            text: unquoted,
            range: at..at + unquoted.len(),
        });
    }
    items
}

/// What kind of Azure name the line holds, when it names VM sizes or regions; keys that never
/// do are ruled out before any section lookup.
pub(crate) fn line_value(model: &Model, attr: &AttrInfo) -> Option<AzureValue> {
    if !matches!(
        &*attr.key_lower,
        "machinetype" | "region" | "defaultvalue" | "name" | "value"
    ) {
        return None;
    }
    azure_value(model, attr.section, &attr.key)
}

/// Every line of the run (see [`Context::line_ids`]) that names VM sizes (on a node, or offered
/// by a `Cloud.MachineType` parameter), with its literal elements.
pub(crate) fn size_lines<'m>(
    context: &Context<'m>,
) -> impl Iterator<Item = (AttrId, Vec<Item<'m>>)> + 'm {
    let model = context.model;
    context.line_ids().filter_map(move |id| {
        let attr = &model.attributes[id];
        let names_sizes = matches!(
            line_value(model, attr)?,
            AzureValue::MachineType { .. } | AzureValue::MachineTypeParameter
        );
        names_sizes.then(|| (id, literal_items(attr)))
    })
}

/// The one size a node runs, when its effective `MachineType` is a single literal the table
/// knows: the line it comes from and the size.
pub(crate) fn node_size<'c>(
    context: &Context<'c>,
    node: &NodeInfo,
) -> Option<(AttrId, &'c VmSize)> {
    let attr = node.get("MachineType")?.attr;
    let items = literal_items(&context.model.attributes[attr]);
    let [item] = &items[..] else {
        return None;
    };
    let size = context.settings.vm_sizes().get(item.text)?;
    Some((attr, size))
}

/// Reports a literal name the data does not know: with `suggested`'s message and a fix that
/// writes its name when a close name exists, else as a hint with `unknown`'s message (nothing
/// to offer, and the data may be the one that is behind).
pub(crate) fn report_unknown_name(
    context: &mut Context<'_>,
    item: &Item<'_>,
    suggested: Option<(String, &str)>,
    unknown: impl FnOnce() -> String,
) {
    match suggested {
        Some((message, name)) => {
            let fix = Fix::replace(item.range.clone(), name);
            context.report_with_fix(item.range.clone(), message, Some(fix));
        }
        None => {
            let mut diagnostic = context.diagnostic(item.range.clone(), unknown());
            diagnostic.severity = Severity::Hint;
            context.push(diagnostic);
        }
    }
}
