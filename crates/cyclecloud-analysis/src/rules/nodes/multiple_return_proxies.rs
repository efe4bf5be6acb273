//! CC0402: more than one started node of a cluster with `IsReturnProxy = true`.

use super::util::{self, Anchor};
use crate::model::{AttrId, NodeId};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0402",
    name: "multiple-return-proxies",
    severity: Severity::Error,
    spec: "R33",
    summary: "More than one node of a cluster is marked IsReturnProxy = true",
    doc: "\
## What it finds
A cluster in which two or more started nodes or node arrays end up with `IsReturnProxy = true`,
written on them or inherited from `[[node defaults]]` or an `Extends` base. Values taken from a
parameter (`IsReturnProxy = $ReturnProxy`) are unknown until import and are not counted.

## Why it matters
The return proxy is the one node that ends the reverse channel from CycleCloud into the cluster's
network. CycleCloud allows at most one per cluster; a second one makes the cluster fail to start.

## Example
```
[cluster demo]
    [[node proxy]]
    IsReturnProxy = true

    [[node scheduler]]
    IsReturnProxy = true
```

## Fix
Keep `IsReturnProxy = true` on exactly one node and remove it from the others (or set it to
`false`); never set it to `true` in `[[node defaults]]`.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Each node that ends up a return proxy, with the line that makes it one: judged per node
    // and kept while the node's inputs are unchanged.
    let judged = context.judge_anchors(util::concrete_only(model, |_, node| {
        node.get("IsReturnProxy")
            .filter(|effective| model.attributes[effective.attr].literal_bool() == Some(true))
            .map(|effective| Anchor::Attr(effective.attr))
    }));
    for (cluster, _) in model.sections_of("cluster") {
        let proxies: Vec<(NodeId, AttrId)> = judged
            .iter()
            .filter(|(node, ..)| model.nodes[*node].cluster == Some(cluster))
            .filter_map(|&(node, anchor, ())| Some((node, anchor.attr()?)))
            .collect();
        util::report_repeats(
            context,
            &proxies,
            &|labels| {
                format!(
                    "`IsReturnProxy = true` makes {labels} return proxies, but a cluster can have only \
                     one; set it on a single node."
                )
            },
            &|label, first_label| {
                format!(
                    "{label} is a second return proxy besides {first_label}; a cluster can have only one \
                     `IsReturnProxy = true` node."
                )
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_every_proxy_after_the_first() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node base]]
                Abstract = true
                IsReturnProxy = True

                [[node proxy]]
                IsReturnProxy = true

                [[node scheduler]]
                IsReturnProxy = true
               #^^^^^^^^^^^^^^^^^^^^ error[CC0402]: `[[node scheduler]]` is a second return proxy besides `[[node proxy]]`; a cluster can have only one `IsReturnProxy = true` node.

                [[node login]]
                      #^^^^^ error[CC0402]: `[[node login]]` is a second return proxy besides `[[node proxy]]`; a cluster can have only one `IsReturnProxy = true` node.
                Extends = base
        "#]]);
    }

    #[test]
    fn a_shared_line_is_reported_once() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                IsReturnProxy = true
               #^^^^^^^^^^^^^^^^^^^^ error[CC0402]: `IsReturnProxy = true` makes `[[node scheduler]]` and `[[nodearray execute]]` return proxies, but a cluster can have only one; set it on a single node.

                [[node scheduler]]

                [[nodearray execute]]
        "#]]);
    }

    #[test]
    fn references_false_and_separate_clusters_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster one]
                [[node proxy]]
                IsReturnProxy = true

                [[node scheduler]]
                IsReturnProxy = $ReturnProxy

                [[nodearray execute]]
                IsReturnProxy = false

            [cluster two]
                [[node proxy]]
                IsReturnProxy = true
        "#]]);
    }
}
