//! CC0014: a node attribute written after a child section header, so the child section owns it.

use cyclecloud_catalog::Catalog;

use crate::model::{AttrId, Model, NodeId};
use crate::rules::prelude::*;

use super::util::header_as_written;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0014",
    name: "swallowed-node-attribute",
    severity: Severity::Warning,
    spec: "§1.2",
    summary: "A node attribute written inside a child section, which then owns it",
    doc: "\
## What it finds
A node attribute (`MachineType`, `Interruptible`, `SubnetId`, …) on a line after a node's
`[[[configuration]]]`, `[[[volume]]]`, `[[[network-interface]]]`, `[[[input-endpoint]]]` or
`[[[cluster-init]]]` header, where it is not an attribute of that section. In a configuration
section any key is allowed, so only keys written like the catalog's node attributes
(capitalised, no dotted prefix) in a configuration section without a prefix are reported.

## Why it matters
A section's place in the hierarchy is given by its brackets alone (CycleCloud docs, *Cluster
template reference*): a line belongs to the last header above it, however it is indented. The node never gets the setting: an
`Interruptible = true` indented under `[[[configuration]]]` becomes a software setting and the
node array runs on regular priced VMs; a `MachineType` under a volume is ignored, and the node
takes the inherited size.

## Example
```
[[nodearray execute]]
    [[[configuration]]]
    slurm.autoscale = true
    Interruptible = true
```

## Fix
Move the line above the node's first child section. The quick fix does that.
",
    check,
    has_fix: true,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for attr in context.line_ids() {
        let Some(node) = swallowed_by(model, context.catalog, attr) else {
            continue;
        };
        let line = &model.attributes[attr];
        let Some(section) = line.section else {
            continue;
        };
        let node_section = &model.sections[model.nodes[node].section];
        let child = header_as_written(context, &model.sections[section]);
        let owner = header_as_written(context, node_section);
        let message = format!(
            "`{}` is a node attribute, but this line belongs to `{child}`, not to `{owner}` (indentation does not end a section); move it above the node's first child section",
            line.key
        );
        let mut diagnostic = context.diagnostic(line.key_range(), message);
        let related = format!("the node the line was meant for: `{owner}`");
        diagnostic.relate(node_section.header_range.clone(), related);
        context.push(diagnostic.with_fixes(move_fix(context, attr, node)));
    }
}

/// The node whose attribute a line in one of its child sections is, when the child section
/// does not know the key; `None` for every other line. CC0312 leaves these lines to this rule.
pub(crate) fn swallowed_by(model: &Model, catalog: &Catalog, attr: AttrId) -> Option<NodeId> {
    let line = &model.attributes[attr];
    // Known in its own section (`configuration` with a prefix included): the author meant it.
    if line.catalog.is_some() || !is_node_attribute_spelling(&line.key) {
        return None;
    }
    let section = &model.sections[line.section?];
    let node = model.node_of(section.parent)?;
    match section.kind.as_str() {
        "volume" | "network-interface" | "input-endpoint" | "cluster-init" => {}
        // A prefixed configuration section turns the key into `prefix.Key`: that is not a
        // misplaced node attribute but a setting of its own.
        "configuration" if section.configuration_prefix().is_none() => {}
        _ => return None,
    }
    // Node-array keys count on a `[[node]]` too: CC0403 tells the author where they belong.
    let known = ["node", "nodearray"].into_iter().any(|kind| {
        catalog
            .attribute(kind, &line.key)
            .is_some_and(|entry| entry.name.eq_ignore_ascii_case(line.key.trim()))
    });
    known.then_some(node)
}

/// Written like a catalog node attribute: a capital first letter, a lower-case letter after it,
/// only letters and digits (no dotted namespace as configuration keys have).
fn is_node_attribute_spelling(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_uppercase())
        && key.contains(|c: char| c.is_ascii_lowercase())
        && key.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Moves the line to just above the node's first child section header.
fn move_fix(context: &Context<'_>, attr: AttrId, node: NodeId) -> Option<Fix> {
    let model = context.model;
    let line = &model.attributes[attr];
    let first_child = *model.sections[model.nodes[node].section].children.first()?;
    let header = model.sections[first_child].header_range.start;
    let insert_at = context.full_lines(&(header..header)).start;
    let indent = context.indentation_at(header);
    let moved = format!("{indent}{}\n", context.text(line.range.clone()).trim());
    let title = format!("Move `{}` above the node's first child section", line.key);
    let fix = Fix::edit(title, insert_at..insert_at, moved);
    Some(fix.with_edit(context.full_lines(&line.range), ""))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_node_attributes_after_a_child_section_header() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray execute]]
                MachineType = Standard_F4s_v2
                    [[[configuration]]]
                    slurm.autoscale = true
                    Interruptible = true
                   #^^^^^^^^^^^^^ warning[CC0014]: `Interruptible` is a node attribute, but this line belongs to `[[[configuration]]]`, not to `[[nodearray execute]]` (indentation does not end a section); move it above the node's first child section
                    [[[volume data]]]
                    Size = 100
                    SubnetId = $Subnet
                   #^^^^^^^^ warning[CC0014]: `SubnetId` is a node attribute, but this line belongs to `[[[volume data]]]`, not to `[[nodearray execute]]` (indentation does not end a section); move it above the node's first child section
                [[node scheduler]]
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = true
                    MaxCount = 2
                   #^^^^^^^^ warning[CC0014]: `MaxCount` is a node attribute, but this line belongs to `[[[network-interface eth0]]]`, not to `[[node scheduler]]` (indentation does not end a section); move it above the node's first child section
                    [[[cluster-init cyclecloud/slurm:scheduler:3.0.7]]]
                    ImageName = almalinux8
                   #^^^^^^^^^ warning[CC0014]: `ImageName` is a node attribute, but this line belongs to `[[[cluster-init cyclecloud/slurm:scheduler:3.0.7]]]`, not to `[[node scheduler]]` (indentation does not end a section); move it above the node's first child section
        "#]]);
    }

    #[test]
    fn section_keys_prefixed_configuration_and_other_spellings_stay_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray execute]]
                    [[[configuration slurm]]]
                    Interruptible = true
                    [[[configuration]]]
                    interruptible = true
                    cyclecloud.MachineType = x
                    MyOwnSetting = 1
                    [[[volume data]]]
                    Size = 100
                    Persistent = true
                    [[[network-interface eth0]]]
                    SubnetId = $Subnet
                    [[[cluster-init label]]]
                    Project = slurm
            [parameters p]
                [[parameter MachineType]]
                MachineType = x
        "#]]);
    }

    #[test]
    fn fix_moves_the_line_above_the_first_child_section() {
        expect![[r#"
            Move `Interruptible` above the node's first child section
            [cluster c]
              [[nodearray a]]
              MaxCount = 3
                Interruptible = true
                [[[volume v]]]
                Size = 1
                [[[configuration]]]
                x.y = 1
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster c]\n  [[nodearray a]]\n  MaxCount = 3\n    [[[volume v]]]\n    Size = 1\n    [[[configuration]]]\n    x.y = 1\n    Interruptible = true\n",
            0,
        ));
    }
}
