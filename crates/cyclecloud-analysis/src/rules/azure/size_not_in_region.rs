//! CC0506: a literal VM size that the loaded `az vm list-skus` data says is not offered in the
//! node's literal region.

use std::sync::Arc;

use super::util::literal_items;
use crate::model::NodeId;
use crate::rules::nodes::util::{self as node_util, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0506",
    name: "size-not-in-region",
    severity: Severity::Warning,
    spec: "issue 15",
    summary: "the VM size is not offered in the node's region",
    doc: "\
## What it finds
A started node or node array whose effective `Region` is one literal region and whose
`MachineType` names a literal size that is not offered there. Only sizes whose full region list
is known are judged, which means sizes read from `az vm list-skus` output (the `[vm-sizes]`
setting), and only in regions that output covers; with the built-in table, whose region lists
are partial, nothing is reported.

## Why it matters
Azure cannot create a VM of a size its region does not offer (or that the subscription may not
use there), so the node fails when it starts.

## Example
```
# az vm list-skus: [{\"name\": \"Standard_HB120rs_v3\", \"locations\": [\"eastus\"]}, {\"name\": \"Standard_HC44rs\", \"locations\": [\"southcentralus\"]}]
[cluster demo]
    [[nodearray hpc]]
    Region = southcentralus
    MachineType = Standard_HB120rs_v3
```

## Fix
Pick a size offered in the region (completion lists them), or another region.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let sizes = context.settings.vm_sizes();
    // Per node (kept between versions): its `MachineType` line for each size the region lacks.
    let judged = context.judge_nodes(node_util::concrete_only(model, |_, node| {
        let (Some(region), Some(machine)) = (node.get("Region"), node.get("MachineType")) else {
            return Vec::new();
        };
        let Some(region) = model.attributes[region.attr].literal_value() else {
            return Vec::new();
        };
        literal_items(&model.attributes[machine.attr])
            .into_iter()
            .filter_map(|item| sizes.get(item.text))
            .filter(|&size| sizes.offered_in(size, region) == Some(false))
            .map(|size| {
                let fact = Arc::new((size.name.clone(), region.to_owned()));
                (Anchor::Attr(machine.attr), fact)
            })
            .collect()
    }));
    let describe = |nodes: &[NodeId]| {
        let mut pairs: Vec<String> = judged
            .iter()
            .filter(|(node, ..)| nodes.contains(node))
            .map(|(_, _, fact)| format!("`{}` is not offered in `{}`", fact.0, fact.1))
            .collect();
        pairs.sort();
        pairs.dedup();
        node_util::join_and(&pairs)
    };
    let origin = sizes.origin();
    node_util::report_placed(
        context,
        &judged,
        |line, _| line.value_range(),
        |_, nodes, labels| {
            format!(
                "For {labels}, {} (per `{origin}`); choose a size the region offers",
                describe(nodes),
            )
        },
        |&(node, ..), label| {
            format!(
                "{label} inherits its `MachineType`, and {} (per `{origin}`); choose a size the region offers",
                describe(&[node]),
            )
        },
        |_, _, _, _| {},
    );
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cyclecloud_catalog::VmSizeTable;

    use crate::rules::test_prelude::*;

    const SKUS: &str = r#"[
      {"resourceType": "virtualMachines", "name": "Standard_HB120rs_v3", "locations": ["eastus"]},
      {"resourceType": "virtualMachines", "name": "Standard_D4s_v5", "locations": ["eastus", "westeurope"]}
    ]"#;

    #[test]
    fn reports_sizes_the_region_does_not_offer() {
        let table =
            VmSizeTable::from_az_json(SKUS, Some(cyclecloud_catalog::vm_sizes()), "skus.json")
                .unwrap();
        let settings = Settings {
            vm_sizes: Some(Arc::new(table)),
            ..Settings::default()
        };
        super::RULE.check_fixture_with(
            &settings,
            expect![[r#"
                [cluster demo]
                    [[node defaults]]
                    Region = westeurope
                    MachineType = Standard_D4s_v5

                    [[nodearray hpc]]
                    MachineType = Standard_HB120rs_v3, Standard_D4s_v5
                                 #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0506]: For `[[nodearray hpc]]`, `Standard_HB120rs_v3` is not offered in `westeurope` (per `skus.json`); choose a size the region offers

                    [[nodearray east]]
                    Region = EastUS
                    MachineType = Standard_HB120rs_v3

                    [[nodearray elsewhere]]
                    Region = japaneast
                    MachineType = Standard_HB120rs_v3

                    [[nodearray builtin]]
                    MachineType = Standard_F4s_v2
            "#]],
        );
    }

    #[test]
    fn the_built_in_table_never_judges_regions() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                Region = westeurope
                MachineType = Standard_D4s_v5

                [[nodearray hpc]]
                MachineType = Standard_HB120rs_v3, Standard_D4s_v5

                [[nodearray east]]
                Region = EastUS
                MachineType = Standard_HB120rs_v3

                [[nodearray elsewhere]]
                Region = japaneast
                MachineType = Standard_HB120rs_v3

                [[nodearray builtin]]
                MachineType = Standard_F4s_v2
        "#]]);
    }
}
