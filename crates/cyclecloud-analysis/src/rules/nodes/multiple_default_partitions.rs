//! CC0418: two Slurm node arrays of a cluster with `slurm.default_partition = true`.

use super::util::{self, Anchor};
use crate::model::{AttrId, AttrInfo, IdVec, NodeId, NodeKind};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0418",
    name: "multiple-default-partitions",
    severity: Severity::Warning,
    spec: "§3.7",
    summary: "More than one node array of a cluster is the Slurm default partition",
    doc: "\
## What it finds
A cluster in which two or more node arrays end up with `slurm.default_partition = true` in
their configuration, written on each or inherited from `[[node defaults]]` or a base they
extend. Arrays that set `slurm.autoscale = false` or `MaxCount = 0` are left out, as the Slurm
project leaves them out of its partitions; values from a `$Param` are unknown and not counted.

## Why it matters
Slurm sends a job without `--partition` to the one default partition. The CycleCloud Slurm
project makes one partition per node array and marks those with `slurm.default_partition =
true` as default (Azure/cyclecloud-slurm, *azslurm* partition setup, which logs a warning when
more than one is): with two, which one takes unassigned jobs depends on the order Slurm reads
them, not on the template.

## Example
```
[cluster demo]
[[nodearray hpc]]
    [[[configuration]]]
    slurm.default_partition = true
[[nodearray gpu]]
    [[[configuration]]]
    slurm.default_partition = true
```

## Fix
Keep `slurm.default_partition = true` on one node array and remove it from the others.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Each array that would be a default partition, with the line that makes it one.
    let judged = context.judge_anchors(util::concrete_only(model, |id, node| {
        if node.kind != NodeKind::NodeArray {
            return None;
        }
        let set_to = |key: &str, value: bool| {
            let attr = util::effective_configuration(model, node, key)?;
            (model.attributes[attr].literal_bool() == Some(value)).then_some(attr)
        };
        let no_nodes = model
            .effective_value(id, "MaxCount")
            .and_then(AttrInfo::literal_value)
            .is_some_and(|count| count.trim() == "0");
        if set_to("slurm.autoscale", false).is_some() || no_nodes {
            return None;
        }
        set_to("slurm.default_partition", true).map(Anchor::Attr)
    }));
    let mut default_line: IdVec<NodeId, Option<AttrId>> = IdVec::filled(None, model.nodes.len());
    for (node, anchor, ()) in judged {
        default_line[node] = anchor.attr();
    }
    for arrays in util::started_by_cluster(model, NodeKind::NodeArray) {
        let found: Vec<(NodeId, AttrId)> = arrays
            .into_iter()
            .filter_map(|id| Some((id, default_line[id]?)))
            .collect();
        util::report_repeats(
            context,
            &found,
            &|labels| {
                format!(
                    "`slurm.default_partition = true` makes {labels} default partitions; Slurm has one default partition, so set it on one node array"
                )
            },
            &|label, first_label| {
                format!(
                    "{label} is a second Slurm default partition besides {first_label}; set `slurm.default_partition = true` on one node array only"
                )
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_every_default_partition_after_the_first() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray hpc]]
                    [[[configuration]]]
                    slurm.default_partition = true
                [[nodearray gpu]]
                    [[[configuration slurm]]]
                    default_partition = True
                   #^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0418]: `[[nodearray gpu]]` is a second Slurm default partition besides `[[nodearray hpc]]`; set `slurm.default_partition = true` on one node array only
                [[node base]]
                Abstract = true
                    [[[configuration]]]
                    slurm.default_partition = true
                [[nodearray htc]]
                           #^^^ warning[CC0418]: `[[nodearray htc]]` is a second Slurm default partition besides `[[nodearray hpc]]`; set `slurm.default_partition = true` on one node array only
                Extends = base
        "#]]);
    }

    #[test]
    fn a_shared_line_is_reported_once() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                    [[[configuration]]]
                    slurm.default_partition = true
                   #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0418]: `slurm.default_partition = true` makes `[[nodearray hpc]]` and `[[nodearray htc]]` default partitions; Slurm has one default partition, so set it on one node array
                [[nodearray hpc]]
                [[nodearray htc]]
        "#]]);
    }

    #[test]
    fn overrides_unused_arrays_nodes_and_parameters_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                    [[[configuration]]]
                    slurm.default_partition = true
                [[node scheduler]]
                [[nodearray hpc]]
                [[nodearray htc]]
                    [[[configuration]]]
                    slurm.default_partition = false
                [[nodearray off]]
                    [[[configuration]]]
                    slurm.autoscale = false
                [[nodearray empty]]
                MaxCount = 0
                [[nodearray gpu]]
                    [[[configuration]]]
                    slurm.default_partition := undefined
                [[nodearray param]]
                    [[[configuration]]]
                    slurm.default_partition = $GpuDefault
            [cluster d]
                [[nodearray hpc]]
                    [[[configuration]]]
                    slurm.default_partition = true
        "#]]);
    }
}
