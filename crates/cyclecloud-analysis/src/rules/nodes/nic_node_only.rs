//! CC0411: network-interface attributes that only single nodes support, used on a node array.

use super::util::{self, Anchor};
use crate::model::NodeKind;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0411",
    name: "nic-node-only",
    severity: Severity::Hint,
    spec: "R45",
    summary: "Node-only network-interface attribute on a node array",
    doc: "\
## What it finds
A `[[[network-interface]]]` attribute that the catalog marks as working on single nodes only
(`PrivateIp`, `StaticPublicIpAddress`, `NetworkInterfaceId`, `PublicIp`, `PublicDnsLabel`) that a
started node array ends up with, written in the array or inherited from `[[node defaults]]` or a
base. `SecurityGroup`, `ApplicationSecurityGroups`, `AssociatePublicIpAddress`, `Primary`,
`SubnetId` and `EnableIpForwarding` do work on node arrays (CycleCloud network-interface
reference; `PublicIp` and `PublicDnsLabel`: how-to/network-security).

## Why it matters
Scale-set VMs get their network interfaces from the scale set's own configuration; these
per-interface settings are not applied to them, so the template promises a fixed address, a kept
public IP or an existing NIC that the array's VMs never get.

## Example
```
[cluster demo]
    [[nodearray execute]]
        [[[network-interface eth0]]]
        PrivateIp = 10.0.0.10
```

## Fix
Remove the attribute from the node array (or the shared section it inherits), and keep it on the
`[[node]]` sections that need it.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let findings = context.judge_anchors(util::concrete_only(model, |_, node| {
        if node.kind != NodeKind::NodeArray {
            return Vec::new();
        }
        let nics = util::merged_children(model, node, "network-interface");
        let lines = nics.iter().flat_map(|nic| nic.values().copied());
        lines
            .filter(|&attr| {
                model.attributes[attr]
                    .catalog
                    .is_some_and(|entry| entry.node_only)
            })
            .map(Anchor::Attr)
            .collect()
    }));
    let key = |anchor: Anchor| anchor.attr().map_or("", |attr| &model.attributes[attr].key);
    util::report_placed(
        context,
        &findings,
        |line, _| line.key_range(),
        |&(_, anchor, ()), _, labels| {
            format!(
                "`{}` only works on a single node's network interface, so node array {labels} ignores it; remove it here.",
                key(anchor),
            )
        },
        |&(_, anchor, ()), label| {
            format!(
                "Node array {label} inherits the network-interface attribute `{}`, which only works on single nodes and is ignored here.",
                key(anchor),
            )
        },
        |_, _, _, _| {},
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_node_only_nic_attributes_on_arrays() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                    [[[network-interface eth0]]]
                    StaticPublicIpAddress = true

                [[node scheduler]]

                [[nodearray execute]]
                           #^^^^^^^ hint[CC0411]: Node array `[[nodearray execute]]` inherits the network-interface attribute `StaticPublicIpAddress`, which only works on single nodes and is ignored here.
                    [[[network-interface eth0]]]
                    PrivateIp = 10.0.0.10
                   #^^^^^^^^^ hint[CC0411]: `PrivateIp` only works on a single node's network interface, so node array `[[nodearray execute]]` ignores it; remove it here.
                    SecurityGroup = $Nsg
                    AssociatePublicIpAddress = true
        "#]]);
    }

    #[test]
    fn nodes_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node scheduler]]
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = true
                    PrivateIp = 10.0.0.4
        "#]]);
    }
}
