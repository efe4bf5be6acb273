//! CC0505: `MaxCoreCount` that is not a multiple of the node array's VM size's vCPUs.

use std::sync::Arc;

use super::util::node_size;
use crate::model::{NodeId, NodeKind};
use crate::rules::nodes::util::{self as node_util, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0505",
    name: "max-core-count-multiple",
    severity: Severity::Hint,
    spec: "issue 15",
    summary: "`MaxCoreCount` is not a multiple of the VM size's vCPUs",
    doc: "\
## What it finds
A started node array whose effective `MaxCoreCount` is a literal whole number that is not a
multiple of the vCPUs of its single literal `MachineType` (as the size table knows them). With
a list of sizes, a parameter or an unknown size nothing is reported.

## Why it matters
CycleCloud starts whole VMs and keeps the array's cores at or below `MaxCoreCount`, so the cores
left over can never be used: the limit reads larger than it is, and below one VM's vCPUs no node
starts at all.

## Example
```
[cluster demo]
    [[nodearray hpc]]
    MachineType = Standard_HB120rs_v3
    MaxCoreCount = 1000
```

## Fix
Use a multiple of the size's vCPUs (`960` for 8 VMs of 120 vCPUs), or `MaxCount` to count VMs.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Per node (kept between versions): its `MaxCoreCount` line when cores do not divide.
    let judged = context.judge_nodes(node_util::concrete_only(model, |_, node| {
        if node.kind != NodeKind::NodeArray {
            return None;
        }
        let limit = node.get("MaxCoreCount")?;
        let cores = model.attributes[limit.attr]
            .literal_value()
            .and_then(|text| text.parse::<u64>().ok())?;
        let (_, size) = node_size(context, node)?;
        let vcpus = size.vcpus.map(u64::from).filter(|&n| n > 0)?;
        if cores % vcpus == 0 {
            return None;
        }
        let fact = Arc::new((cores, size.name.clone(), vcpus));
        Some((Anchor::Attr(limit.attr), fact))
    }));
    // The same sentence on the line and on a node's header, from the (first) node's facts.
    let message = |(.., fact): &(NodeId, Anchor, Arc<(u64, String, u64)>)| {
        let (cores, name, vcpus) = &**fact;
        let whole = cores / vcpus;
        if whole == 0 {
            format!(
                "`MaxCoreCount = {cores}` is below the {vcpus} vCPUs of `{name}`, so no VM of that size fits; use at least {vcpus}"
            )
        } else {
            format!(
                "`MaxCoreCount = {cores}` is not a multiple of the {vcpus} vCPUs of `{name}`: only {whole} VM{} ({} cores) fit; use {} or {}",
                if whole == 1 { "" } else { "s" },
                whole * vcpus,
                whole * vcpus,
                (whole + 1) * vcpus,
            )
        }
    };
    node_util::report_placed(
        context,
        &judged,
        |line, _| line.value_range(),
        |found, _, _| message(found),
        |found, _| message(found),
        |_, _, _, _| {},
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_limits_that_are_not_whole_vms() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                MaxCoreCount = 100

                [[node scheduler]]
                MachineType = Standard_HB120rs_v3

                [[nodearray hpc]]
                           #^^^ hint[CC0505]: `MaxCoreCount = 100` is below the 120 vCPUs of `Standard_HB120rs_v3`, so no VM of that size fits; use at least 120
                MachineType = Standard_HB120rs_v3

                [[nodearray htc]]
                MachineType = Standard_F4s_v2

                [[nodearray many]]
                MachineType = Standard_F4s_v2, Standard_F8s_v2
                MaxCoreCount = 10

                [[nodearray own]]
                MachineType = Standard_HC44rs
                MaxCoreCount = 1000
                              #^^^^ hint[CC0505]: `MaxCoreCount = 1000` is not a multiple of the 44 vCPUs of `Standard_HC44rs`: only 22 VMs (968 cores) fit; use 968 or 1012

                [[nodearray param]]
                MachineType = Standard_HC44rs
                MaxCoreCount = $MaxCores
        "#]]);
    }
}
