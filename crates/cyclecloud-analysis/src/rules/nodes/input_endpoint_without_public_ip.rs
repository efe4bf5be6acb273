//! CC0410: an `[[[input-endpoint]]]` on a node that certainly has no public IP address.

use super::util::{self, Anchor};
use crate::model::{Model, NodeInfo};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0410",
    name: "input-endpoint-without-public-ip",
    severity: Severity::Hint,
    spec: "R44",
    summary: "Input endpoint on a node without a public IP address",
    doc: "\
## What it finds
An `[[[input-endpoint]]]` (own or inherited) on a started node or node array that has no
`UsePublicNetwork = true` and no network interface with `AssociatePublicIpAddress = true`.
When either is taken from a parameter or an expression, or a network interface names a
`PublicIp` or an existing `NetworkInterfaceId`, the node may be public and nothing is reported.
Nor is the return proxy (`IsReturnProxy = true`, or a parameter): CycleCloud gives it a public IP
address unless `AssociatePublicIpAddress` is set (how-to/network-security), and setting it to
`false` there is CC0415's finding.

## Why it matters
Input endpoints open ports on the node's public interface (or the scale set's load balancer).
Without a public network interface CycleCloud ignores them: traffic stays on the private network
under the default security rules, so the port the template opens is never reachable.

## Example
```
[cluster demo]
    [[node web]]
        [[[input-endpoint https]]]
        PrivatePort = 443
        PublicPort = 443
```

## Fix
Give the node a public interface (`[[[network-interface eth0]]]` with
`AssociatePublicIpAddress = true`), or remove the endpoint if the node should stay private.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let findings = context.judge_anchors(util::concrete_only(model, |_, node| {
        let endpoints: Vec<Anchor> = node
            .effective_children
            .iter()
            .copied()
            .filter(|&section| model.sections[section].is("input-endpoint"))
            .map(Anchor::Section)
            .collect();
        if endpoints.is_empty() || !surely_private(model, node) {
            return Vec::new();
        }
        endpoints
    }));
    util::report_placed(
        context,
        &findings,
        |line, _| line.key_range(),
        |_, nodes, labels| {
            format!(
                "This input endpoint has no effect: {labels} {} no public IP address; add a network interface with `AssociatePublicIpAddress = true` or remove the endpoint.",
                if nodes.len() == 1 { "has" } else { "have" },
            )
        },
        |_, label| {
            format!(
                "{label} inherits an input endpoint but has no public IP address, so the endpoint has no effect; add a network interface with `AssociatePublicIpAddress = true`."
            )
        },
        |_, _, _, _| {},
    );
}

/// Whether a node certainly has no public IP address: `UsePublicNetwork = true` or a NIC with
/// `AssociatePublicIpAddress = true` make a node public; a reference, a static `PublicIp` or an
/// existing NIC make it unknown. The return proxy is public by default (how-to/network-security);
/// when it is not, CC0415 reports the cause.
fn surely_private(model: &Model, node: &NodeInfo) -> bool {
    util::effective_bool(model, node, "IsReturnProxy") == Some(false)
        && util::effective_bool(model, node, "UsePublicNetwork") == Some(false)
        && util::merged_children(model, node, "network-interface")
            .iter()
            .all(|nic| {
                nic.get("associatepublicipaddress")
                    .is_none_or(|&attr| model.attributes[attr].literal_bool() == Some(false))
                    && nic.get("publicip").is_none()
                    && nic.get("networkinterfaceid").is_none()
            })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_endpoints_on_private_nodes() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node web]]
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = false
                    [[[input-endpoint https]]]
                                     #^^^^^ hint[CC0410]: This input endpoint has no effect: `[[node web]]` has no public IP address; add a network interface with `AssociatePublicIpAddress = true` or remove the endpoint.
                    PublicPort = 443

                [[node public]]
                UsePublicNetwork = true
                    [[[input-endpoint ssh]]]
                    PublicPort = 22

                [[node not-proxy]]
                IsReturnProxy = false
                    [[[input-endpoint ssh]]]
                                     #^^^ hint[CC0410]: This input endpoint has no effect: `[[node not-proxy]]` has no public IP address; add a network interface with `AssociatePublicIpAddress = true` or remove the endpoint.
                    PublicPort = 22
        "#]]);
    }

    #[test]
    fn inherited_public_nics_and_references_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = true

                [[node web]]
                    [[[input-endpoint https]]]
                    PublicPort = 443

            [cluster other]
                [[node web]]
                UsePublicNetwork = $UsePublicNetwork
                    [[[input-endpoint https]]]
                    PublicPort = 443

                [[node proxy]]
                IsReturnProxy = true
                    [[[input-endpoint ssh]]]
                    PublicPort = 22

                [[node maybe-proxy]]
                IsReturnProxy = $ReturnProxy
                    [[[input-endpoint ssh]]]
                    PublicPort = 22
        "#]]);
    }
}
