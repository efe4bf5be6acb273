//! CC0407: a node attribute that has no effect without another one (`EnableSecureBoot` without
//! `SecurityType`, `HybridBenefitLicense` without `HybridBenefit = true`, …).

use cyclecloud_catalog::Attribute;

use super::util::{self, Anchor};
use crate::incremental::per_node::Payload;
use crate::model::{NodeInfo, NodeKind};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0407",
    name: "dependent-attribute",
    severity: Severity::Hint,
    spec: "R38",
    summary: "Attribute that has no effect without another one",
    doc: "\
## What it finds
A started node or node array that ends up with an attribute whose companion is missing or has
another literal value, after inheritance:
`EnableSecureBoot` or `EnableVTPM` without `SecurityType`; `HybridBenefitLicense` without
`HybridBenefit = true`; `TerminateNotificationTimeout` without
`EnableTerminateNotification = true`; `ThrottleCapacityTime` without `ThrottleCapacity = true`.
The pairs come from the catalog (`requires`). A companion taken from a parameter counts as set.

## Why it matters
The attribute is silently ignored, so the VM does not get the Secure Boot setting, license or
timeout the template seems to ask for.

## Example
```
[cluster demo]
    [[nodearray execute]]
    TerminateNotificationTimeout = 10m
```

## Fix
Add the companion (`EnableTerminateNotification = true`) or remove the attribute.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Lines are inherited by many nodes: look each key up once per node kind. Kept by key, not
    // in a table as long as the model's lines: that table took 2.2 MB at 100,000 lines, mapped
    // and zeroed anew on every keystroke that judged a node.
    type Entries<'m, 'c> = std::collections::HashMap<
        (bool, &'m str),
        Option<&'c Attribute>,
        foldhash::fast::RandomState,
    >;
    let entries = std::cell::RefCell::new(Entries::default());
    // Few catalog entries depend on another attribute: a line none of them names needs no
    // catalog lookup (the entry a lookup finds can only have `requires` if it is one of them).
    let dependents: Vec<&Attribute> = context
        .catalog
        .attributes()
        .iter()
        .filter(|attribute| attribute.requires.is_some())
        .collect();
    let may_depend = |key: &str| dependents.iter().any(|entry| entry.matches_key(key));
    // Each line without its companion, with the line's catalog entry (which names the companion).
    let findings = context.judge_nodes(util::concrete_only(model, |_, node| {
        let mut entries = entries.borrow_mut();
        let mut attrs: Vec<_> = node.effective.values().map(|e| e.attr).collect();
        attrs.sort_unstable();
        let found = attrs.into_iter().filter_map(|attr| {
            let line = &model.attributes[attr];
            let in_array = node.kind == NodeKind::NodeArray;
            let entry = *entries
                .entry((in_array, line.key.as_str()))
                .or_insert_with(|| {
                    may_depend(&line.key)
                        .then(|| catalog_entry(context, node, &line.key))
                        .flatten()
                });
            let entry = entry?;
            let required = entry.requires.as_deref()?;
            // Unsatisfied: the companion is missing or has another literal value.
            let satisfied = node.get(required).is_some_and(|effective| {
                entry.requires_value.as_deref().is_none_or(|expected| {
                    let value = model.attributes[effective.attr].literal_value();
                    value.is_none_or(|value| value.eq_ignore_ascii_case(expected))
                })
            });
            (!satisfied).then_some((Anchor::Attr(attr), entry))
        });
        found.collect::<Vec<_>>()
    }));
    // The companion a line's catalog entry asks for, as the messages show it.
    let companion = |entry: &Attribute| {
        let required = entry.requires.as_deref().unwrap_or_default();
        match entry.requires_value.as_deref() {
            Some(value) => format!("`{required} = {value}`"),
            None => format!("`{required}`"),
        }
    };
    let key = |anchor: Anchor| anchor.attr().map_or("", |attr| &model.attributes[attr].key);
    util::report_placed(
        context,
        &findings,
        |line, _| line.key_range(),
        |&(_, anchor, entry), _, _| {
            let (key, companion) = (key(anchor), companion(entry));
            format!("`{key}` has no effect without {companion}; add {companion} or remove it.")
        },
        |&(_, anchor, entry), label| {
            let (key, companion) = (key(anchor), companion(entry));
            format!(
                "{label} inherits `{key}`, which has no effect without {companion}; add {companion} here."
            )
        },
        |_, _, &(node, _, entry), diagnostic| {
            let required = entry.requires.as_deref().unwrap_or_default();
            if let Some(effective) = model.nodes[node].get(required) {
                diagnostic.relate(
                    util::value_range(&model.attributes[effective.attr]),
                    format!("`{required}` is set to another value here"),
                );
            }
        },
    );
}

impl Payload for &'static Attribute {}

/// The catalog entry of a node key: the variant for the node's kind, else the other kind's.
fn catalog_entry(context: &Context<'_>, node: &NodeInfo, key: &str) -> Option<&'static Attribute> {
    let own = node.kind.keyword();
    let other = if own == "node" { "nodearray" } else { "node" };
    context
        .catalog
        .attribute(own, key)
        .or_else(|| context.catalog.attribute(other, key))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_attributes_without_their_companion() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                EnableSecureBoot = true

                [[node scheduler]]
                SecurityType = TrustedLaunch
                HybridBenefitLicense = RHEL_BYOS
               #^^^^^^^^^^^^^^^^^^^^ hint[CC0407]: `HybridBenefitLicense` has no effect without `HybridBenefit = true`; add `HybridBenefit = true` or remove it.
                HybridBenefit = false

                [[nodearray execute]]
                           #^^^^^^^ hint[CC0407]: `[[nodearray execute]]` inherits `EnableSecureBoot`, which has no effect without `SecurityType`; add `SecurityType` here.
                TerminateNotificationTimeout = 10m
               #^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hint[CC0407]: `TerminateNotificationTimeout` has no effect without `EnableTerminateNotification = true`; add `EnableTerminateNotification = true` or remove it.
                ThrottleCapacityTime = 5m
                ThrottleCapacity = $Throttle
        "#]]);
    }

    #[test]
    fn a_line_every_node_inherits_is_reported_once() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                EnableVTPM = true
               #^^^^^^^^^^ hint[CC0407]: `EnableVTPM` has no effect without `SecurityType`; add `SecurityType` or remove it.

                [[node scheduler]]

                [[nodearray execute]]
        "#]]);
    }
}
