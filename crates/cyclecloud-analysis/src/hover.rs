//! Hover: markdown about what is under the cursor (an attribute key with its catalog entry and
//! inheritance, an enumerated value, a parameter reference or declaration, a function, a
//! section kind), as plain data with a byte range for any client.
//!
//! Lookups go through the model's ordered lists (binary search by offset) and the catalog, so a
//! hover costs the same in a small or a large file. Line numbers in the text are 1-based.

use std::ops::Range;

use cyclecloud_catalog::{catalog, VmSizeTable};
use cyclecloud_syntax::Snapshot;

use crate::markdown::{line_number, parameter_markdown, CLUSTER_NAME_DOC};
use crate::model::{Model, RefKind, Reference};
use nodes::node_markdown;

mod effective;
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

/// The hover at `offset` (clamped to the text), or `None` where there is nothing to say. VM
/// sizes are described from `sizes` ([`crate::Settings::vm_sizes`]).
pub fn hover(
    snapshot: &Snapshot,
    model: &Model,
    offset: usize,
    sizes: &VmSizeTable,
) -> Option<HoverInfo> {
    let offset = snapshot.clamp_offset(offset);
    reference(snapshot, model, offset)
        .or_else(|| tokens::function(snapshot, offset))
        .or_else(|| tokens::attribute(snapshot, model, offset, sizes))
        .or_else(|| tokens::header(snapshot, model, offset))
}

/// Whether `offset` is in `range`, its end included (a cursor just after a word is on it).
fn contains(range: &Range<usize>, offset: usize) -> bool {
    range.start <= offset && offset <= range.end
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
    let cluster = model
        .node_of(reference.section)
        .and_then(|node| model.nodes[node].cluster);
    match model.find_node(cluster, &reference.name) {
        Some(node) => node_markdown(snapshot, model, node),
        None => format!(
            "**`{}`**\n\nNo node or node array of this name in this cluster.",
            reference.name
        ),
    }
}
