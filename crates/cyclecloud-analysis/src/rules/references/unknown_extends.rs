//! CC0105: an `Extends` entry that names no node or node array of the same cluster.

use crate::model::{NameRef, NodeInfo};
use crate::rules::prelude::*;

use super::util::suggest;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0105",
    name: "unknown-extends",
    severity: Severity::Error,
    spec: "R13",
    summary: "`Extends` names no node or node array of the cluster",
    doc: "\
## What it finds
An entry of a node's `Extends` list that is not the name (ignoring case) of a `[[node]]` or
`[[nodearray]]` of the same `[cluster]`. As a hint, it also finds `defaults` written in the
list: every node already inherits `[[node defaults]]`.

## Why it matters
CycleCloud cannot resolve the base, so the import fails or the node misses every attribute it
was meant to inherit (machine type, image, subnet, cluster-init specs). Listing `defaults` is
harmless but suggests it is needed.

## Example
```
[cluster demo]
    [[nodearray nodearraybase]]
    Abstract = true

    [[nodearray hpc]]
    Extends = nodearraybsae
```

## Fix
Correct the name (`nodearraybase`) or add the missing base node; drop `defaults` from the list.
",
    check,
    has_fix: true,
    scope: Scope::Node,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for (id, node) in context.node_ids() {
        if node.cluster.is_none() {
            continue;
        }
        for (index, entry) in node.extends.iter().enumerate() {
            if entry.name.eq_ignore_ascii_case("defaults") && !node.is_defaults {
                redundant_defaults(context, node, index, entry);
                continue;
            }
            if model.find_node(node.cluster, &entry.name).is_some() {
                continue;
            }
            let names = model
                .nodes_with_ids()
                .filter(|(other, candidate)| {
                    *other != id && candidate.cluster == node.cluster && !candidate.is_defaults
                })
                .map(|(_, candidate)| candidate.name.as_str());
            let suggestion = suggest(&entry.name, names);
            let advice = did_you_mean(suggestion, "correct the name or add the base node");
            let message = format!(
                "`Extends` names `{}`, which is no node or node array of this cluster; {advice}",
                entry.name
            );
            let fix = suggestion.map(|better| Fix::replace(entry.range.clone(), better));
            context.report_with_fix(entry.range.clone(), message, fix);
        }
    }
}

/// The hint for `defaults` listed in `Extends`, with a fix that drops it.
fn redundant_defaults(context: &mut Context<'_>, node: &NodeInfo, index: usize, entry: &NameRef) {
    let message = format!(
        "`{}` is inherited by every node already; remove it from `Extends`",
        entry.name
    );
    let mut diagnostic = context.diagnostic(entry.range.clone(), message);
    diagnostic.tags.push(Tag::Unnecessary);
    let range = if node.extends.len() == 1 {
        // The only entry: drop the whole line.
        let extends = context.model.attribute_in(node.section, "Extends");
        extends.map(|attr| {
            let start = context.model.attributes[attr].range.start;
            context.full_lines(&(start..start))
        })
    } else if index + 1 < node.extends.len() {
        // Up to the next entry, taking the comma with it.
        Some(entry.range.start..node.extends[index + 1].range.start)
    } else {
        // The last entry: from the end of the previous one.
        Some(node.extends[index - 1].range.end..entry.range.end)
    };
    if let Some(range) = range {
        let mut fix = Fix::edit(format!("Remove `{}` from `Extends`", entry.name), range, "");
        // Defaults come first anyway, so dropping a leading `defaults` keeps the order; later
        // in the list it may have been meant to override the entries before it.
        fix.safe = index == 0;
        diagnostic.fixes.push(fix);
    }
    context.push(diagnostic.with_severity(Severity::Hint));
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    const UNKNOWN_BASES: Expect = expect![[r#"
        [cluster demo]
            [[node defaults]]
            [[nodearray nodearraybase]]
            Abstract = true

            [[nodearray hpc]]
            Extends = nodearraybsae, missing
                     #^^^^^^^^^^^^^ error[CC0105]: `Extends` names `nodearraybsae`, which is no node or node array of this cluster; did you mean `nodearraybase`?
                                    #^^^^^^^ error[CC0105]: `Extends` names `missing`, which is no node or node array of this cluster; correct the name or add the base node

            [[nodearray htc]]
            Extends = defaults, NodeArrayBase
                     #^^^^^^^^ hint[CC0105]: `defaults` is inherited by every node already; remove it from `Extends`

        [cluster other]
            [[nodearray gpu]]
            Extends = hpc
                     #^^^ error[CC0105]: `Extends` names `hpc`, which is no node or node array of this cluster; correct the name or add the base node
    "#]];

    #[test]
    fn reports_unknown_bases_and_listed_defaults() {
        super::RULE.check_fixture(UNKNOWN_BASES);
    }

    #[test]
    fn known_bases_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[nodearray base]]
            [[nodearray hpc]]
            extends = BASE
            [[nodearray htc]]
            Extends = $Base
        "#]]);
    }

    #[test]
    fn fix_replaces_with_the_suggestion() {
        expect![[r#"
            Replace with `nodearraybase`
            [cluster demo]
                [[node defaults]]
                [[nodearray nodearraybase]]
                Abstract = true

                [[nodearray hpc]]
                Extends = nodearraybase, missing

                [[nodearray htc]]
                Extends = defaults, NodeArrayBase

            [cluster other]
                [[nodearray gpu]]
                Extends = hpc
        "#]]
        .assert_eq(&super::RULE.fix(&fixture_text(&UNKNOWN_BASES), 0));
    }

    #[test]
    fn fix_drops_a_listed_defaults() {
        expect![[r#"
            Remove `defaults` from `Extends`
            [cluster demo]
            [[node defaults]]
            [[nodearray base]]
            [[nodearray hpc]]
            Extends = base
            [[nodearray htc]]
            Extends = Defaults
            Machine = x
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster demo]\n[[node defaults]]\n[[nodearray base]]\n[[nodearray hpc]]\nExtends = defaults, base\n[[nodearray htc]]\nExtends = Defaults\nMachine = x\n",
            0,
        ));
    }
}
