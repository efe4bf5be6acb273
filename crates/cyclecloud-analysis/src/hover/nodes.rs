//! Nodes for hover: what a node inherits from, and what an attribute line of a node means after
//! inheritance (what it overrides, who inherits or overrides it).

use std::fmt::Write as _;

use cyclecloud_catalog::catalog;
use cyclecloud_syntax::Snapshot;

use crate::markdown::{code, line_number};
use crate::model::{AttrId, EffectiveAttr, Model, NodeId};

/// Markdown for a node: header, special meaning, bases, where it is declared.
pub(super) fn node_markdown(snapshot: &Snapshot, model: &Model, node: NodeId) -> String {
    let info = &model.nodes[node];
    let mut md = format!("**`{}`**", model.header_text(model.nodes[node].section));
    if info.is_abstract && !info.is_defaults {
        md.push_str(" (abstract)");
    }
    if let Some(special) = catalog()
        .section(&model.sections[info.section].kind)
        .and_then(|kind| kind.special_name(&info.name))
    {
        let _ = write!(md, "\n\n{}", special.doc);
    }
    let bases: Vec<String> = model
        .bases(node)
        .iter()
        .map(|&base| format!("`{}`", model.nodes[base].name))
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
pub(super) fn inheritance(
    snapshot: &Snapshot,
    model: &Model,
    node: NodeId,
    attr: AttrId,
) -> Option<String> {
    let info = &model.nodes[node];
    let line = &model.attributes[attr];
    let key = line.key_lower.as_str();
    let at = |attr: AttrId| line_number(snapshot, model.attributes[attr].key_range().start);
    let mut notes = Vec::new();
    let inherited = model
        .bases(node)
        .iter()
        .rev()
        .find_map(|&base| model.nodes[base].effective.get(key));
    let from = |effective: &EffectiveAttr| {
        format!(
            "{} from `{}` (line {})",
            code(&model.attributes[effective.attr].value),
            model.header_text(model.nodes[effective.origin].section),
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
    for (id, other) in model.nodes_with_ids() {
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
            Some(effective) if effective.origin == id => {
                overrides.push(format!("`{}` (line {})", other.name, at(effective.attr)));
            }
            Some(effective) => overrides.push(format!(
                "`{}` (through `{}`, line {})",
                other.name,
                model.nodes[effective.origin].name,
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
