//! CC0602: node arrays sharing one Slurm partition with different VM sizes.

use std::collections::HashMap;
use std::sync::Arc;

use super::util::{is_static_slurm_partition, machine_types};
use crate::model::{NodeId, SectionId};
use crate::rules::nodes::util::{assignment_range, effective_configuration, node_range, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0602",
    name: "partition-size-mismatch",
    severity: Severity::Warning,
    spec: "§3.7",
    summary: "Node arrays in one Slurm partition with different VM sizes",
    doc: "\
## What it finds
Two or more node arrays of a cluster that join the same Slurm partition (the same
`slurm.partition`, or one array's partition named after another array) while their literal
`MachineType` differs. Arrays left out of partitions (`slurm.autoscale = false`, `MaxCount =
0`), dynamic partitions (`slurm.dynamic_config`, which take several sizes by design) and sizes
from a parameter are not compared.

## Why it matters
The Slurm project describes a partition's nodes to Slurm with one VM size, the first array's:
the cores, memory and GPUs Slurm schedules against are then wrong for the other array's nodes,
so jobs are refused or nodes are drained when they register with different resources.

## Example
```
[cluster demo]
[[nodearray hpc]]
MachineType = Standard_HB120rs_v3
    [[[configuration]]]
    slurm.partition = hpc
[[nodearray hpc-big]]
MachineType = Standard_HB176rs_v4
    [[[configuration]]]
    slurm.partition = hpc
```

## Fix
Give each VM size its own partition (remove the shared `slurm.partition`), or make the
partition dynamic with `slurm.dynamic_config`.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Each static partition array's partition (lower case) and first VM size.
    let judged = context.judge_nodes(|id| {
        if !is_static_slurm_partition(model, id) {
            return None;
        }
        let node = &model.nodes[id];
        let partition = match effective_configuration(model, node, "slurm.partition") {
            Some(attr) => model.attributes[attr]
                .literal_text()?
                .trim()
                .to_ascii_lowercase(),
            None => node.name.to_ascii_lowercase(),
        };
        let size = machine_types(model, id).map(|sizes| sizes[0].to_owned());
        Some((Anchor::Section(node.section), Arc::new((partition, size))))
    });
    // Each array's next array in the same partition of the same cluster, in document order
    // (judgements come in node order): one hash lookup per array, as this sees every static
    // partition array on every keystroke, and most partitions have one array.
    let mut next: Vec<Option<usize>> = vec![None; judged.len()];
    let mut firsts = Vec::new();
    let mut last: HashMap<(Option<SectionId>, &str), usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(judged.len(), Default::default());
    for (at, (id, _, payload)) in judged.iter().enumerate() {
        match last.insert((model.nodes[*id].cluster, payload.0.as_str()), at) {
            Some(previous) => next[previous] = Some(at),
            None => firsts.push(at),
        }
    }
    // Partitions of more than one array, in the order their first array appears.
    let shared = firsts.into_iter().filter(|&at| next[at].is_some());
    let mut members: Vec<(NodeId, Option<&str>)> = Vec::new();
    for start in shared {
        members.clear();
        let mut array = Some(start);
        while let Some(at) = array {
            let (id, _, payload) = &judged[at];
            let name = &model.nodes[*id].name;
            if !members
                .iter()
                .any(|&(other, _)| model.nodes[other].name.eq_ignore_ascii_case(name))
            {
                members.push((*id, payload.1.as_deref()));
            }
            array = next[at];
        }
        let Some((&(first, Some(first_size)), rest)) = members.split_first() else {
            continue;
        };
        let (_, _, payload) = &judged[start];
        let partition = payload.0.as_str();
        for &(node, size) in rest {
            let Some(size) = size else {
                continue;
            };
            if size.eq_ignore_ascii_case(first_size) {
                continue;
            }
            report(context, partition, (first, first_size), (node, size));
        }
    }
}

fn report(context: &mut Context<'_>, partition: &str, first: (NodeId, &str), node: (NodeId, &str)) {
    let model = context.model;
    let message = format!(
        "{} joins Slurm partition `{partition}` with `{}`, but the partition is described with {}'s `{}`; give it its own partition",
        model.nodes[node.0].label(),
        node.1,
        model.nodes[first.0].label(),
        first.1,
    );
    let own_line = effective_configuration(model, &model.nodes[node.0], "slurm.partition")
        .filter(|&attr| Anchor::Attr(attr).is_own(model, node.0));
    let range = match own_line {
        Some(attr) => assignment_range(&model.attributes[attr]),
        None => node_range(model, node.0),
    };
    let mut diagnostic = context.diagnostic(range, message);
    diagnostic.relate(
        node_range(model, first.0),
        format!("{} sets the partition's size", model.nodes[first.0].label()),
    );
    context.push(diagnostic);
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_second_size_in_one_partition() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node defaults]]
            MachineType = Standard_F4s_v2
            [[nodearray hpc]]
            MachineType = Standard_HB120rs_v3
                [[[configuration]]]
                slurm.hpc = true
            [[nodearray big]]
            MachineType = Standard_HB176rs_v4
                [[[configuration]]]
                slurm.partition = hpc
               #^^^^^^^^^^^^^^^^^^^^^ warning[CC0602]: `[[nodearray big]]` joins Slurm partition `hpc` with `Standard_HB176rs_v4`, but the partition is described with `[[nodearray hpc]]`'s `Standard_HB120rs_v3`; give it its own partition
            [[nodearray same]]
            MachineType = standard_hb120rs_v3
                [[[configuration slurm]]]
                partition = HPC
            [[nodearray htc]]
                [[[configuration]]]
                slurm.partition = htc
            [[nodearray htc2]]
                       #^^^^ warning[CC0602]: `[[nodearray htc2]]` joins Slurm partition `htc` with `Standard_D4s_v5`, but the partition is described with `[[nodearray htc]]`'s `Standard_F4s_v2`; give it its own partition
            Extends = htc
            MachineType = Standard_D4s_v5
        "#]]);
    }

    #[test]
    fn leaves_dynamic_parameter_and_unused_arrays_alone() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[nodearray hpc]]
            MachineType = Standard_HB120rs_v3
                [[[configuration]]]
                slurm.partition = hpc
            [[nodearray dyn]]
            MachineType = Standard_F4s_v2
                [[[configuration]]]
                slurm.partition = hpc
                slurm.dynamic_config := "-Z --conf \"Feature=dyn\""
            [[nodearray param]]
            MachineType = $Size
                [[[configuration]]]
                slurm.partition = hpc
            [[nodearray off]]
            MachineType = Standard_F2s_v2
                [[[configuration]]]
                slurm.partition = hpc
                slurm.autoscale = false
            [[nodearray pbs]]
            MachineType = Standard_F2s_v2
                [[[configuration]]]
                pbspro.slot_type = hpc
        "#]]);
    }

    #[test]
    fn compares_arrays_of_one_cluster_only_with_partitions_interleaved() {
        super::RULE.check_fixture(expect![[r#"
            [cluster a]
            [[nodearray x1]]
            MachineType = Standard_F4s_v2
                [[[configuration]]]
                slurm.partition = x
            [[nodearray y1]]
            MachineType = Standard_F8s_v2
                [[[configuration]]]
                slurm.partition = y
            [[nodearray x2]]
            MachineType = Standard_F4s_v2
                [[[configuration]]]
                slurm.partition = x
            [[nodearray y2]]
            MachineType = Standard_F16s_v2
                [[[configuration]]]
                slurm.partition = y
               #^^^^^^^^^^^^^^^^^^^ warning[CC0602]: `[[nodearray y2]]` joins Slurm partition `y` with `Standard_F16s_v2`, but the partition is described with `[[nodearray y1]]`'s `Standard_F8s_v2`; give it its own partition
            [cluster b]
            [[nodearray x3]]
            MachineType = Standard_D4s_v5
                [[[configuration]]]
                slurm.partition = x
        "#]]);
    }
}
