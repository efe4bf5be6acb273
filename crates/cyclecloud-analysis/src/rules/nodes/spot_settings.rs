//! CC0414: Spot settings that cannot work: `MaxPrice` without `Interruptible = true`, and
//! `Interruptible` on a single node for CycleCloud versions before Spot nodes existed.

use super::util::{self, Anchor};
use crate::model::{NodeId, NodeKind};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0414",
    name: "spot-settings",
    severity: Severity::Hint,
    spec: "R54",
    summary:
        "MaxPrice without Interruptible = true, or Interruptible on a node before CycleCloud 8.3.0",
    doc: "\
## What it finds
* A started node or node array that ends up with `MaxPrice` while its `Interruptible` is missing
  or `false`. When `Interruptible` comes from a parameter nothing is reported.
* When the target CycleCloud version is configured (`cyclecloud-version`) and is older than the
  release that brought Spot VMs to single nodes (8.3.0, from the catalog): `Interruptible` on a
  started `[[node]]`, unless it is literally `false`.

## Why it matters
`MaxPrice` is the most a Spot VM may cost; on a regular VM it is ignored, so the template suggests
a cost cap that does not exist. Older CycleCloud servers only run Spot VMs in node arrays, so a
single node asking for Spot is not a Spot VM there.

## Example
```
[cluster demo]
    [[nodearray execute]]
    MaxPrice = 0.5
```

## Fix
Add `Interruptible = true` next to `MaxPrice` (or remove `MaxPrice`); for single Spot nodes,
upgrade to CycleCloud 8.3.0 or later or use a node array.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // `MaxPrice` without Spot: judged per node and kept while the node's inputs are unchanged.
    let findings = context.judge_anchors(util::concrete_only(model, |_, node| {
        let price = node.get("MaxPrice")?;
        let spot = util::effective_bool(model, node, "Interruptible");
        (spot == Some(false)).then_some(Anchor::Attr(price.attr))
    }));
    util::report_placed(
        context,
        &findings,
        |line, _| line.key_range(),
        |_, nodes, labels| {
            format!(
                "`MaxPrice` only applies to Spot VMs, but {labels} {} not `Interruptible = true`; add `Interruptible = true` or remove `MaxPrice`.",
                if nodes.len() == 1 { "is" } else { "are" },
            )
        },
        |_, label| {
            format!(
                "{label} inherits `MaxPrice` but is not `Interruptible = true`, so the price cap has no effect; add `Interruptible = true` or clear it with `MaxPrice := undefined`."
            )
        },
        |_, _, _, _| {},
    );
    check_node_spot_version(context);
}

fn check_node_spot_version(context: &mut Context<'_>) {
    let model = context.model;
    let Some(target) = context.settings.cyclecloud_version else {
        return;
    };
    let entry = context.catalog.attribute("node", "Interruptible");
    let since = entry.and_then(|entry| entry.since);
    let Some(since) = since.filter(|&since| target < since) else {
        return;
    };
    let findings: Vec<(NodeId, Anchor, ())> = model
        .nodes_with_ids()
        .filter(|(_, node)| node.kind == NodeKind::Node && util::is_concrete(node))
        .filter_map(|(id, node)| Some((id, node.get("Interruptible")?.attr)))
        .filter(|&(_, attr)| model.attributes[attr].literal_bool() != Some(false))
        .map(|(id, attr)| (id, Anchor::Attr(attr), ()))
        .collect();
    util::report_placed(
        context,
        &findings,
        |line, _| line.key_range(),
        |_, _, labels| {
            format!(
                "Spot VMs on single nodes need CycleCloud {since}, but the target is {target}, so {labels} will not run as Spot; use a node array or target a newer version."
            )
        },
        |_, label| {
            format!(
                "{label} inherits `Interruptible`, but Spot VMs on single nodes need CycleCloud {since} and the target is {target}; use a node array or target a newer version."
            )
        },
        |_, _, _, _| {},
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_max_price_without_spot() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                MaxPrice = -1

                [[node scheduler]]
                      #^^^^^^^^^ hint[CC0414]: `[[node scheduler]]` inherits `MaxPrice` but is not `Interruptible = true`, so the price cap has no effect; add `Interruptible = true` or clear it with `MaxPrice := undefined`.

                [[nodearray spot]]
                Interruptible = true

                [[nodearray execute]]
                Interruptible = true
                MaxPrice = 0.5

                [[nodearray param]]
                Interruptible = $UseSpot
                MaxPrice = $Price

                [[nodearray regular]]
                Interruptible = false
                MaxPrice = 0.2
               #^^^^^^^^ hint[CC0414]: `MaxPrice` only applies to Spot VMs, but `[[nodearray regular]]` is not `Interruptible = true`; add `Interruptible = true` or remove `MaxPrice`.
        "#]]);
    }

    #[test]
    fn spot_nodes_need_8_3_when_a_version_is_set() {
        let text = super::RULE.check_fixture_with(
            &target("8.2.2"),
            expect![[r#"
                [cluster demo]
                    [[node scheduler]]
                    Interruptible = $UseSpot
                   #^^^^^^^^^^^^^ hint[CC0414]: Spot VMs on single nodes need CycleCloud 8.3.0, but the target is 8.2.2, so `[[node scheduler]]` will not run as Spot; use a node array or target a newer version.

                    [[node login]]
                    Interruptible = false

                    [[nodearray execute]]
                    Interruptible = true
            "#]],
        );
        assert_eq!(diagnostics_with(&target("8.3.0"), "CC0414", &text), []);
    }
}
