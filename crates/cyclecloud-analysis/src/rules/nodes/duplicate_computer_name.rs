//! CC0416: two started nodes of a cluster with the same `ComputerName`.

use super::util;
use crate::model::{AttrId, AttrInfo, NodeId, NodeKind, ValueShape};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0416",
    name: "duplicate-computer-name",
    severity: Severity::Warning,
    spec: "§3.2.2",
    summary: "Two nodes of a cluster end up with the same ComputerName",
    doc: "\
## What it finds
Two started `[[node]]`s of one cluster whose effective `ComputerName` is the same text (any
case), written on each or inherited from `[[node defaults]]` or an abstract base that both
extend. A value taken whole from one `$Param` counts as the same on every node; expressions and
`{{…}}` placeholders are unknown here and not compared. Node arrays, abstract nodes and
`defaults` are not VMs of their own here (`ComputerName` on a node array is CC0403's finding).

## Why it matters
`ComputerName` is the VM's host name (CycleCloud docs, *Node and node array reference*). Two
VMs with one host name clash in name resolution and in the scheduler, which knows its hosts by
name: the second node fails to join or takes the first one's place.

## Example
```
[cluster demo]
[[node defaults]]
ComputerName = headnode

[[node scheduler]]

[[node login]]
```

## Fix
Give each node its own `ComputerName` (or none, so CycleCloud names it), and do not set it in
`[[node defaults]]` or a base several nodes extend.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for nodes in util::started_by_cluster(model, NodeKind::Node) {
        // Lower-case value → the nodes with it, in document order.
        let mut groups: Vec<(String, Vec<(NodeId, AttrId)>)> = Vec::new();
        let named = nodes.into_iter().filter_map(|id| {
            let attr = model.nodes[id].get("ComputerName")?.attr;
            Some((id, attr, host_name(&model.attributes[attr])?))
        });
        for (id, attr, value) in named {
            match groups.iter_mut().find(|(known, _)| *known == value) {
                Some((_, nodes)) => nodes.push((id, attr)),
                None => groups.push((value, vec![(id, attr)])),
            }
        }
        for (_, found) in &groups {
            let value = model.attributes[found[0].1].value.trim();
            util::report_repeats(
                context,
                found,
                &|labels| {
                    format!(
                        "`ComputerName = {value}` gives {labels} the same host name; each VM needs its own"
                    )
                },
                &|label, first_label| {
                    format!(
                        "{label} gets the host name `{value}` that {first_label} already has; each VM needs its own `ComputerName`"
                    )
                },
            );
        }
    }
}

/// The host name a `ComputerName` line gives, in lower case, when it is known: a literal, or
/// one whole `$Param` (the same value on every node); `None` for anything else.
fn host_name(attr: &AttrInfo) -> Option<String> {
    if let Some(value) = attr.literal_value().map(str::trim) {
        return (!value.is_empty()).then(|| value.to_ascii_lowercase());
    }
    let value = attr.value.trim();
    let name = value.strip_prefix('$')?;
    (attr.shape == ValueShape::Reference
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then(|| value.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_nodes_sharing_a_host_name() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node scheduler]]
                ComputerName = head
                [[node login]]
                ComputerName = HEAD
               #^^^^^^^^^^^^^^^^^^^ warning[CC0416]: `[[node login]]` gets the host name `head` that `[[node scheduler]]` already has; each VM needs its own `ComputerName`
                [[node base]]
                Abstract = true
                ComputerName = $Name
               #^^^^^^^^^^^^^^^^^^^^ warning[CC0416]: `ComputerName = $Name` gives `[[node a]]` and `[[node b]]` the same host name; each VM needs its own
                [[node a]]
                Extends = base
                [[node b]]
                Extends = base
        "#]]);
    }

    #[test]
    fn an_inherited_name_beside_an_own_one_is_shown_on_the_node() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                ComputerName = head
                [[node scheduler]]
                ComputerName = head
                [[node login]]
                      #^^^^^ warning[CC0416]: `[[node login]]` gets the host name `head` that `[[node scheduler]]` already has; each VM needs its own `ComputerName`
                [[node other]]
                ComputerName = other
        "#]]);
    }

    #[test]
    fn arrays_abstract_nodes_expressions_and_other_clusters_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster one]
                [[node scheduler]]
                ComputerName = head
                [[nodearray execute]]
                ComputerName = head
                [[node template]]
                Abstract = true
                ComputerName = head
                [[node a]]
                ComputerName = ${strcat(ClusterName, "-a")}
                [[node b]]
                ComputerName = ${strcat(ClusterName, "-a")}
                [[node c]]
                ComputerName = $ClusterName-c
                [[node d]]
                ComputerName = $ClusterName-d
            [cluster two]
                [[node scheduler]]
                ComputerName = head
        "#]]);
    }
}
