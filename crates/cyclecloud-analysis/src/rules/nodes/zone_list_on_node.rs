//! CC0408: a list of availability zones on a single `[[node]]`.

use super::util::{self, Anchor};
use crate::model::NodeKind;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0408",
    name: "zone-list-on-node",
    severity: Severity::Warning,
    spec: "R40",
    summary: "Zone lists several availability zones on a single node",
    doc: "\
## What it finds
A started `[[node]]` whose `Zone` (its own or inherited) is a literal list of more than one zone,
such as `Zone = 1, 2, 3`. Zones taken from a parameter are not judged.

## Why it matters
A list of zones is a scale-set setting: a node array spreads its VMs over them. A single node is
one VM in one zone, so a list is wrong for it and the node may fail to start or land somewhere
unexpected.

## Example
```
[cluster demo]
    [[node scheduler]]
    Zone = 1, 2
```

## Fix
Give the node one zone (`Zone = 1`). To keep a list for node arrays in `[[node defaults]]`, set
the node's own `Zone`.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let findings = context.judge_anchors(util::concrete_only(model, |_, node| {
        if node.kind != NodeKind::Node {
            return None;
        }
        let attr = node.get("Zone")?.attr;
        let zones = model.attributes[attr].literal_list()?;
        (zones.len() > 1).then_some(Anchor::Attr(attr))
    }));
    util::report_placed(
        context,
        &findings,
        |line, _| util::value_range(line),
        |_, nodes, labels| {
            format!(
                "{labels} {} a single VM in one zone, but `Zone` lists several; give one zone such as `Zone = 1`.",
                if nodes.len() == 1 { "is" } else { "are each" },
            )
        },
        |_, label| {
            format!(
                "{label} is a single VM but inherits a list of zones; set its own `Zone` to one zone."
            )
        },
        |_, _, _, _| {},
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_zone_lists_on_nodes() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                Zone = 1, 2, 3

                [[node scheduler]]
                Zone = 1,3
                      #^^^ warning[CC0408]: `[[node scheduler]]` is a single VM in one zone, but `Zone` lists several; give one zone such as `Zone = 1`.

                [[node login]]
                      #^^^^^ warning[CC0408]: `[[node login]]` is a single VM but inherits a list of zones; set its own `Zone` to one zone.

                [[nodearray execute]]
        "#]]);
    }

    #[test]
    fn single_zones_references_and_arrays_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node scheduler]]
                Zone = 1

                [[node login]]
                Zone = $Zones

                [[nodearray execute]]
                Zone = 1, 2
        "#]]);
    }
}
