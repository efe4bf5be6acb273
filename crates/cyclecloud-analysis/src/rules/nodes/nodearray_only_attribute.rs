//! CC0403: node-array-only attributes on a `[[node]]`, and `ComputerName` on a node array.

use std::cell::LazyCell;
use std::collections::HashSet;

use super::util::{self, Anchor, Placement};
use crate::model::{Model, NodeId, NodeKind, SectionId};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0403",
    name: "nodearray-only-attribute",
    severity: Severity::Warning,
    spec: "R34",
    summary: "Node-array-only attribute on a single node, or ComputerName on a node array",
    doc: "\
## What it finds
* An attribute that only node arrays understand (`InitialCount`, `MaxCount`, `MaxCoreCount`,
  `Azure.MaxScaleSetSize`, `Azure.SinglePlacementGroup`, `ComputerNamePrefix`,
  `ThrottleCapacity`, `EnableTerminateNotification`, …) written on a `[[node]]`. `[[node defaults]]`
  and nodes that a node array extends are not reported: their attributes reach node arrays.
* As a hint, `ComputerName` on a node array (its own or inherited).

## Why it matters
A single node is one VM, not a scale set: counts, scale-set settings and name prefixes are ignored
there, so the template does not do what it says. `ComputerName` gives one fixed host name, which
the many VMs of a node array cannot all share.

## Example
```
[cluster demo]
    [[node defaults]]
    ComputerName = head

    [[node scheduler]]
    MaxCount = 10

    [[nodearray execute]]

    [[nodearray gpu]]
    ComputerName = gpu
```

## Fix
Remove the attribute from the node, or turn the section into a `[[nodearray]]`. On node arrays
use `ComputerNamePrefix = exec-`; to drop an inherited name write `ComputerName := undefined`.
",
    check,
    has_fix: true,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let catalog = context.catalog;
    // Per node (kept between versions, one judgement per rule and node): a node's lines that
    // only node arrays understand, a node array's effective `ComputerName` line.
    let judged = context.judge_anchors(|id| {
        let node = &model.nodes[id];
        match node.kind {
            NodeKind::Node if !node.is_defaults => {
                let lines = model.sections[node.section].attributes.into_iter();
                lines
                    .filter(|&attr| {
                        let line = &model.attributes[attr];
                        !line.clears_value()
                            && catalog.attribute("node", &line.key).is_none()
                            && catalog.attribute("nodearray", &line.key).is_some()
                    })
                    .map(Anchor::Attr)
                    .collect()
            }
            NodeKind::NodeArray if util::is_concrete(node) => node
                .get("ComputerName")
                .map(|effective| vec![Anchor::Attr(effective.attr)])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    });
    let (computer_names, array_only): (Vec<_>, Vec<_>) = judged
        .into_iter()
        .partition(|&(id, ..)| model.nodes[id].kind == NodeKind::NodeArray);
    // The node-array-only lines of nodes that no node array inherits. Whether one does is asked
    // only when some node has such a line.
    let fed = LazyCell::new(|| fed_by_arrays(model));
    for (id, anchor, ()) in array_only {
        let node = &model.nodes[id];
        let Anchor::Attr(attr) = anchor else { continue };
        let (fed, unknown_clusters) = &*fed;
        if fed.contains(&id)
            || node
                .cluster
                .is_some_and(|cluster| unknown_clusters.contains(&cluster))
        {
            continue;
        }
        let line = &model.attributes[attr];
        let message = format!(
            "`{}` only applies to node arrays, so it has no effect on {}; remove it or make the section a `[[nodearray]]`.",
            line.key,
            node.label()
        );
        context.report(line.key_range(), message);
    }
    util::report_placed(
        context,
        &computer_names,
        |line, _| line.key_range(),
        |_, _, labels| {
            format!(
                "`ComputerName` gives every VM of {labels} the same host name; use `ComputerNamePrefix` on node arrays, or `ComputerName := undefined` to drop an inherited name."
            )
        },
        |_, label| {
            format!(
                "Node array {label} inherits `ComputerName`, which would give all its VMs the same host name; add `ComputerName := undefined` and use `ComputerNamePrefix`."
            )
        },
        |context, placement, _, diagnostic| {
            // Inserts `ComputerName := undefined` as the node array's first line, indented like
            // its other lines. Not safe: the VMs then get generated host names instead of the
            // inherited one.
            if let Placement::Node { node, .. } = *placement {
                let section = &model.sections[model.nodes[node].section];
                let header = section.header_range.start;
                let indent_of = section
                    .attributes
                    .first()
                    .map_or(header, |first| model.attributes[first].range.start);
                let fix = context.insert_line(header, indent_of, "ComputerName := undefined");
                diagnostic.fixes.push(fix);
            }
            diagnostic.severity = Severity::Hint;
        },
    );
}

/// Nodes some node array inherits from through `Extends` (directly or further up), and the
/// clusters where an array's `Extends` is not a literal list (anything may feed an array there).
fn fed_by_arrays(model: &Model) -> (HashSet<NodeId>, HashSet<SectionId>) {
    let mut fed = HashSet::new();
    let mut unknown = HashSet::new();
    // Shared by the walks (most arrays extend nothing, so most walks end at once).
    let (mut stack, mut seen) = (Vec::new(), HashSet::new());
    for (id, _) in model
        .nodes_with_ids()
        .filter(|(_, node)| node.kind == NodeKind::NodeArray)
    {
        // The last walk emptied the stack.
        seen.clear();
        stack.push(id);
        while let Some(current) = stack.pop() {
            if !seen.insert(current) {
                continue;
            }
            let info = &model.nodes[current];
            if util::extends_is_unknown(model, info) {
                unknown.extend(info.cluster);
            }
            for entry in &info.extends {
                if let Some(base) = model.find_node(info.cluster, &entry.name) {
                    fed.insert(base);
                    stack.push(base);
                }
            }
        }
    }
    (fed, unknown)
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_array_attributes_on_a_node() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                MaxCount = 4

                [[node scheduler]]
                MaxCount = 10
               #^^^^^^^^ warning[CC0403]: `MaxCount` only applies to node arrays, so it has no effect on `[[node scheduler]]`; remove it or make the section a `[[nodearray]]`.
                azure.singleplacementgroup = true
               #^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0403]: `azure.singleplacementgroup` only applies to node arrays, so it has no effect on `[[node scheduler]]`; remove it or make the section a `[[nodearray]]`.
                Interruptible = true
                ComputerNamePrefix := undefined

                [[node base]]
                Abstract = true
                InitialCount = 0

                [[node middle]]
                Abstract = true
                Extends = base
                MaxCoreCount = 100

                [[nodearray execute]]
                Extends = middle
        "#]]);
    }

    #[test]
    fn hints_computer_name_on_arrays() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                ComputerName = fixed

                [[node scheduler]]

                [[nodearray execute]]
                           #^^^^^^^ hint[CC0403]: Node array `[[nodearray execute]]` inherits `ComputerName`, which would give all its VMs the same host name; add `ComputerName := undefined` and use `ComputerNamePrefix`.

                [[nodearray cleared]]
                ComputerName := undefined

                [[nodearray own]]
                ComputerName = $Name
               #^^^^^^^^^^^^ hint[CC0403]: `ComputerName` gives every VM of `[[nodearray own]]` the same host name; use `ComputerNamePrefix` on node arrays, or `ComputerName := undefined` to drop an inherited name.
        "#]]);
    }

    #[test]
    fn fix_clears_the_inherited_name() {
        let actual = super::RULE.fix(
            "[cluster demo]\n    [[node defaults]]\n    ComputerName = fixed\n\n    [[node scheduler]]\n\n    [[nodearray execute]]\n    MachineType = Standard_F2s_v2\n",
            0,
        );
        expect![[r#"
            Insert `ComputerName := undefined`
            [cluster demo]
                [[node defaults]]
                ComputerName = fixed

                [[node scheduler]]

                [[nodearray execute]]
                ComputerName := undefined
                MachineType = Standard_F2s_v2
        "#]]
        .assert_eq(&actual);
        let at_end = super::RULE.fix(
            "[cluster demo]\r\n  [[node defaults]]\r\n  ComputerName = fixed\r\n  [[node scheduler]]\r\n  [[nodearray execute]]",
            0,
        );
        assert_eq!(
            at_end,
            "Insert `ComputerName := undefined`\n[cluster demo]\r\n  [[node defaults]]\r\n  ComputerName = fixed\r\n  [[node scheduler]]\r\n  [[nodearray execute]]\r\n  ComputerName := undefined"
        );
    }
}
