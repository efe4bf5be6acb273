//! CC0503: `Interruptible = true` on a node whose VM size is known not to run as Spot.

use super::util::node_size;
use crate::model::NodeId;
use crate::rules::nodes::util::{self as node_util, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0503",
    name: "spot-incapable-size",
    severity: Severity::Warning,
    spec: "issue 15",
    summary: "`Interruptible = true` on a VM size that cannot run as Spot",
    doc: "\
## What it finds
A started node or node array that ends up (after `[[node defaults]]` and `Extends`) with
`Interruptible = true` and a single literal `MachineType` that the size table knows cannot run
as a Spot (low-priority) VM. When Spot support of the size is unknown, or either value comes
from a parameter or an expression, nothing is reported.

## Why it matters
Azure refuses Spot VMs of such a size, so the node array never gets a node.

## Example
```
[cluster demo]
    [[nodearray cheap]]
    MachineType = Standard_B2s
    Interruptible = true
```

## Fix
Choose a size that supports Spot, or run the nodes as regular VMs (`Interruptible = false`).
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Per node (kept between versions): its `Interruptible = true` line and its size's name.
    let judged = context.judge_nodes(node_util::concrete_only(model, |_, node| {
        let spot = node.get("Interruptible")?;
        if model.attributes[spot.attr].literal_bool() != Some(true) {
            return None;
        }
        match node_size(context, node) {
            Some((_, size)) if size.spot == Some(false) => {
                Some((Anchor::Attr(spot.attr), size.name.clone()))
            }
            _ => None,
        }
    }));
    let size_names = |nodes: &[NodeId]| {
        let names = judged.iter().filter(|(node, ..)| nodes.contains(node));
        let mut names = node_util::quoted(names.map(|(_, _, name)| name));
        names.sort();
        names.dedup();
        node_util::join_and(&names)
    };
    node_util::report_placed(
        context,
        &judged,
        |line, _| line.key_range(),
        |_, nodes, labels| {
            format!(
                "{labels} asks for Spot VMs, but its VM size {} cannot run as Spot; choose a Spot-capable size or set `Interruptible = false`",
                size_names(nodes),
            )
        },
        |&(node, ..), label| {
            format!(
                "{label} inherits `Interruptible = true`, but its VM size {} cannot run as Spot; choose a Spot-capable size or set `Interruptible = false`",
                size_names(&[node]),
            )
        },
        |_, _, _, _| {},
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_spot_on_sizes_that_cannot_run_as_spot() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                MachineType = Standard_B2s
                Interruptible = true

                [[node scheduler]]
                Interruptible = false

                [[nodearray cheap]]
                           #^^^^^ warning[CC0503]: `[[nodearray cheap]]` inherits `Interruptible = true`, but its VM size `Standard_B2s` cannot run as Spot; choose a Spot-capable size or set `Interruptible = false`

                [[nodearray hpc]]
                MachineType = Standard_HB120rs_v2

                [[nodearray unknown]]
                MachineType = Standard_HB368rs_v5

                [[nodearray param]]
                MachineType = Standard_B2ms
                Interruptible = $UseSpot

                [[nodearray own]]
                MachineType = Standard_B4ms
                Interruptible = True
               #^^^^^^^^^^^^^ warning[CC0503]: `[[nodearray own]]` asks for Spot VMs, but its VM size `Standard_B4ms` cannot run as Spot; choose a Spot-capable size or set `Interruptible = false`
        "#]]);
    }
}
