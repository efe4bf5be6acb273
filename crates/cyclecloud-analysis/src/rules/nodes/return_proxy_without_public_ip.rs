//! CC0415: the return proxy's primary network interface refuses a public IP address.

use super::util::{self, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0415",
    name: "return-proxy-without-public-ip",
    severity: Severity::Warning,
    spec: "§3.4",
    summary: "Return proxy whose primary network interface sets AssociatePublicIpAddress = false",
    doc: "\
## What it finds
A started node with `IsReturnProxy = true` whose primary network interface ends up with
`AssociatePublicIpAddress = false` (or, when the interface does not set it, the node itself),
written on the node or inherited from `[[node defaults]]` or an `Extends` base. The primary interface is the one with `Primary = true`, or the first one when
none says so. Values taken from a parameter or an expression (`IsReturnProxy = $ReturnProxy`,
`AssociatePublicIpAddress = $UsePublicIp`, a computed `Primary`) are unknown until import and
are not reported.

## Why it matters
CycleCloud gives the return proxy a public IP address on its own when `AssociatePublicIpAddress`
is not set; the CycleCloud page how-to/network-security states that setting it to `false` on
the return proxy makes the node fail. The cluster's nodes then cannot reach CycleCloud through
the proxy.

## Example
```
[cluster demo]
    [[node proxy]]
    IsReturnProxy = true
        [[[network-interface eth0]]]
        AssociatePublicIpAddress = false
```

## Fix
Remove the `AssociatePublicIpAddress = false` line (or set it to `true`) on the return proxy's
primary interface, or make a node that may be public the return proxy.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Each return proxy without a public address.
    let findings = context.judge_anchors(util::concrete_only(model, |_, node| {
        if util::effective_bool(model, node, "IsReturnProxy") != Some(true) {
            return None;
        }
        // The primary network interface (inherited ones merged): the one with a literal
        // `Primary = true`, else the first one (CycleCloud network-interface reference); a
        // `Primary` that is not a literal leaves it unknown.
        let nics = util::merged_children(model, node, "network-interface");
        let mut marked = None;
        for nic in &nics {
            let Some(&attr) = nic.get("primary") else {
                continue;
            };
            if model.attributes[attr].literal_bool()? && marked.is_none() {
                marked = Some(nic);
            }
        }
        // Its value, else one written on the node itself (as some templates do).
        let attr = marked
            .or(nics.first())
            .and_then(|nic| nic.get("associatepublicipaddress").copied())
            .or_else(|| {
                node.get("AssociatePublicIpAddress")
                    .map(|effective| effective.attr)
            })?;
        (model.attributes[attr].literal_bool() == Some(false)).then_some(Anchor::Attr(attr))
    }));
    util::report_placed(
        context,
        &findings,
        |line, _| util::assignment_range(line),
        |_, nodes, labels| {
            format!(
                "{labels} {} the return proxy, which needs a public IP address: with `AssociatePublicIpAddress = false` the node fails to start; remove this line.",
                if nodes.len() == 1 { "is" } else { "are" },
            )
        },
        |_, label| {
            format!(
                "{label} is the return proxy but inherits `AssociatePublicIpAddress = false`, so the node fails to start; override it with `true` in the node's own section."
            )
        },
        |_, placement, _, diagnostic| {
            let (_, nodes) = placement.parts();
            for &node in nodes {
                if let Some(proxy) = model.nodes[node].get("IsReturnProxy") {
                    let range = util::assignment_range(&model.attributes[proxy.attr]);
                    diagnostic.relate(range, "the return proxy is set here");
                }
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_return_proxy_that_refuses_a_public_ip() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node proxy]]
                IsReturnProxy = true
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = false
                   #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0415]: `[[node proxy]]` is the return proxy, which needs a public IP address: with `AssociatePublicIpAddress = false` the node fails to start; remove this line.

            [cluster inherited]
                [[node defaults]]
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = false

                [[node proxy]]
                      #^^^^^ warning[CC0415]: `[[node proxy]]` is the return proxy but inherits `AssociatePublicIpAddress = false`, so the node fails to start; override it with `true` in the node's own section.
                IsReturnProxy = true

                [[node scheduler]]

            [cluster on-node]
                [[node proxy]]
                IsReturnProxy = true
                AssociatePublicIpAddress = false
               #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0415]: `[[node proxy]]` is the return proxy, which needs a public IP address: with `AssociatePublicIpAddress = false` the node fails to start; remove this line.
        "#]]);
    }

    #[test]
    fn the_primary_interface_decides() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node proxy]]
                IsReturnProxy = true
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = true
                    [[[network-interface eth1]]]
                    AssociatePublicIpAddress = false

                [[node other-proxy]]
                IsReturnProxy = true
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = true
                    [[[network-interface eth1]]]
                    Primary = true
                    AssociatePublicIpAddress = false
                   #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0415]: `[[node other-proxy]]` is the return proxy, which needs a public IP address: with `AssociatePublicIpAddress = false` the node fails to start; remove this line.
        "#]]);
    }

    #[test]
    fn unknown_values_and_public_proxies_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node proxy]]
                IsReturnProxy = $ReturnProxy
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = false

                [[node proxy2]]
                IsReturnProxy = true
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = $UsePublicIp

                [[node proxy3]]
                IsReturnProxy = true
                    [[[network-interface eth0]]]
                    Primary = $FirstIsPrimary
                    AssociatePublicIpAddress = false

                [[node private]]
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = false

                [[node proxy4]]
                IsReturnProxy = true

                [[node proxy5]]
                IsReturnProxy = true
                AssociatePublicIpAddress = true
                    [[[network-interface eth0]]]
                    AssociatePublicIpAddress = $UsePublicIp
        "#]]);
    }
}
