//! CC0603: a list of VM sizes on a node array that is a static Slurm partition.

use std::collections::HashSet;

use super::util::{is_static_slurm_partition, machine_types};
use crate::rules::nodes::util::{value_range, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0603",
    name: "slurm-machine-type-list",
    severity: Severity::Hint,
    spec: "§3.7",
    summary: "Several VM sizes on a static Slurm node array: only the first is used",
    doc: "\
## What it finds
A node array the Slurm project makes a static partition of (it has `slurm.*` settings, is not
`slurm.autoscale = false` or `MaxCount = 0`, and has no `slurm.dynamic_config`) whose literal
`MachineType` lists more than one VM size, written on it or inherited. Sizes from a parameter
are not judged.

## Why it matters
CycleCloud accepts a list of sizes for a node array, but the Slurm project describes a static
partition to Slurm with one size, the first: the other sizes are never started for it. Only a
dynamic partition, whose nodes carry their VM size as a feature, uses several.

## Example
```
[cluster demo]
[[nodearray htc]]
MachineType = Standard_F4s_v2, Standard_F8s_v2
    [[[configuration]]]
    slurm.autoscale = true
```

## Fix
Keep one size per node array (add another node array for the other size), or make the array a
dynamic partition with `slurm.dynamic_config`.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let judged = context.judge_nodes(|id| {
        if !is_static_slurm_partition(model, id) {
            return None;
        }
        let node = &model.nodes[id];
        let sizes = machine_types(model, id).filter(|sizes| sizes.len() > 1)?;
        let line = node.get("MachineType")?.attr;
        let message = format!(
            "{} is a static Slurm partition, which uses only its first VM size (`{}`); {} never started. Use one size per node array, or `slurm.dynamic_config` for a dynamic partition",
            node.label(),
            sizes[0],
            if sizes.len() == 2 { "the other size is" } else { "the other sizes are" },
        );
        Some((Anchor::Attr(line), message))
    });
    // A list inherited by several arrays is reported once, on its line.
    let mut reported = HashSet::new();
    for (_, anchor, message) in judged {
        let Anchor::Attr(line) = anchor else { continue };
        if reported.insert(line) {
            context.report(value_range(&model.attributes[line]), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_size_list_on_a_static_partition_once() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node base]]
            Abstract = true
            MachineType = Standard_F4s_v2, Standard_F8s_v2
                         #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hint[CC0603]: `[[nodearray a]]` is a static Slurm partition, which uses only its first VM size (`Standard_F4s_v2`); the other size is never started. Use one size per node array, or `slurm.dynamic_config` for a dynamic partition
            [[nodearray a]]
            Extends = base
                [[[configuration]]]
                slurm.autoscale = true
            [[nodearray b]]
            Extends = base
                [[[configuration]]]
                slurm.hpc = false
            [[nodearray one]]
            MachineType = Standard_F4s_v2
                [[[configuration]]]
                slurm.hpc = false
            [[nodearray dyn]]
            MachineType = Standard_F4s_v2, Standard_F8s_v2
                [[[configuration]]]
                slurm.dynamic_config := "-Z"
            [[nodearray pbs]]
            MachineType = Standard_F4s_v2, Standard_F8s_v2
                [[[configuration]]]
                pbspro.slot_type = x
            [[nodearray param]]
            MachineType = $Sizes
                [[[configuration]]]
                slurm.hpc = false
        "#]]);
    }
}
