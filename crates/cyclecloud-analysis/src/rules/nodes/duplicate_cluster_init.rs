//! CC0417: one cluster-init spec twice on one node after inheritance, under two names.

use super::util::{self, Anchor};
use crate::model::{NodeId, SectionId};
use crate::navigation::{spec_of, SpecRef};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0417",
    name: "duplicate-cluster-init",
    severity: Severity::Warning,
    spec: "§3.5",
    summary: "One cluster-init spec reaches a node twice, under two section names",
    doc: "\
## What it finds
A started node or node array that gets the same `project:spec` from two `[[[cluster-init]]]`
sections with different names: one from `[[node defaults]]` or an `Extends` base and one of its
own, say `cyclecloud/slurm:default` and `slurm:default:3.0.7`, or a header short-hand and a
label with `Project` and `Spec`. Sections with the same name are left alone (whether CycleCloud
merges an inherited section with a node's own of that name is not documented), and two different
literal versions are CC0112's finding.

## Why it matters
CycleCloud runs every cluster-init section a node has, in order, defaults' first (CycleCloud
docs, *Cluster-init reference*): the spec's scripts run twice, perhaps at two versions, and
scripts written to run once (adding users, appending to files, installing packages) fail or
leave the node in a mixed state.

## Example
```
[cluster demo]
[[node defaults]]
    [[[cluster-init cyclecloud/slurm:default]]]
[[nodearray execute]]
    [[[cluster-init cyclecloud/slurm:default:3.0.7]]]
```

## Fix
Keep one of the two sections, usually the one in `[[node defaults]]` or the base, with the
version you want.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // A section's header name, trimmed: sections with the same name (any case) may merge.
    let name = |section: SectionId| model.sections[section].name.as_deref().unwrap_or("").trim();
    // Per node: each later section naming a spec an earlier one names, with that earlier one.
    let judged = context.judge_nodes(util::concrete_only(model, |_, node| {
        let mut found = Vec::new();
        let mut specs: Vec<(SectionId, SpecRef)> = Vec::new();
        for &section in &node.effective_children {
            if !model.sections[section].is("cluster-init")
                || specs.iter().any(|(known, _)| *known == section)
            {
                continue;
            }
            let Some(spec) = spec_of(model, section) else {
                continue;
            };
            let earlier = specs.iter().find(|(other, known)| {
                same_spec(known, &spec) && !name(*other).eq_ignore_ascii_case(name(section))
            });
            if let Some(&(earlier, _)) = earlier {
                found.push((Anchor::Section(section), Anchor::Section(earlier)));
            }
            specs.push((section, spec));
        }
        found
    }));
    // The earlier section a node's finding names, and how the messages show it.
    let earlier = |(.., earlier): &(NodeId, Anchor, Anchor)| earlier.section(model);
    let label = |earlier| format!("`[[[cluster-init {}]]]`", name(earlier));
    let message = |found: &_, nodes: &[NodeId], labels: &str| {
        let verb = if nodes.len() == 1 { "gets" } else { "get" };
        format!(
            "{labels} already {verb} this spec from {}; its scripts would run twice, so keep one of the sections",
            earlier(found).map(label).unwrap_or_default(),
        )
    };
    util::report_placed(
        context,
        &judged,
        |line, _| line.key_range(),
        message,
        |found, label| message(found, &[found.0], label),
        |_, _, found, diagnostic| {
            if let Some(earlier) = earlier(found) {
                let related = format!("{} names the same spec", label(earlier));
                diagnostic.relate(util::section_range(model, earlier), related);
            }
        },
    );
}

/// The same project and spec (any case), unless both give a version and they differ (CC0112).
fn same_spec(a: &SpecRef, b: &SpecRef) -> bool {
    a.project.eq_ignore_ascii_case(&b.project)
        && a.spec.eq_ignore_ascii_case(&b.spec)
        && match (&a.version, &b.version) {
            (Some(a), Some(b)) => a == b || a.contains('$') || b.contains('$'),
            _ => true,
        }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_spec_reaching_a_node_under_two_names() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                    [[[cluster-init cyclecloud/slurm:default]]]
                [[nodearray execute]]
                    [[[cluster-init cyclecloud/slurm:default:3.0.7]]]
                                   #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0417]: `[[nodearray execute]]` already gets this spec from `[[[cluster-init cyclecloud/slurm:default]]]`; its scripts would run twice, so keep one of the sections
                [[node scheduler]]
                    [[[cluster-init tools:setup:1.0]]]
                    [[[cluster-init mine]]]
                                   #^^^^ warning[CC0417]: `[[node scheduler]]` already gets this spec from `[[[cluster-init tools:setup:1.0]]]`; its scripts would run twice, so keep one of the sections
                    Project = tools
                    Spec = setup
        "#]]);
    }

    #[test]
    fn an_inherited_duplicate_is_shown_once_or_on_the_nodes_it_concerns() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node base1]]
                Abstract = true
                    [[[cluster-init slurm:execute]]]
                [[node base2]]
                Abstract = true
                    [[[cluster-init cyclecloud/slurm:execute]]]
                [[nodearray a]]
                           #^ warning[CC0417]: `[[nodearray a]]` already gets this spec from `[[[cluster-init slurm:execute]]]`; its scripts would run twice, so keep one of the sections
                Extends = base1, base2
                [[nodearray b]]
                Extends = base2
                [[node base3]]
                Abstract = true
                    [[[cluster-init tools:x:1]]]
                    [[[cluster-init other/tools:x:1]]]
                                   #^^^^^^^^^^^^^^^ warning[CC0417]: `[[node c]]` and `[[node d]]` already get this spec from `[[[cluster-init tools:x:1]]]`; its scripts would run twice, so keep one of the sections
                [[node c]]
                Extends = base3
                [[node d]]
                Extends = base3
        "#]]);
    }

    #[test]
    fn same_names_other_specs_and_two_versions_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                    [[[cluster-init cyclecloud/slurm:default:3.0.7]]]
                    [[[cluster-init cyclecloud/slurm:execute:3.0.7]]]
                [[nodearray execute]]
                    [[[cluster-init cyclecloud/slurm:default:3.0.7]]]
                    [[[cluster-init cyclecloud/slurm:execute:3.0.6]]]
                    [[[cluster-init cyclecloud/slurm:login]]]
                [[node base]]
                Abstract = true
                    [[[cluster-init tools:a]]]
                    [[[cluster-init other/tools:a]]]
        "#]]);
    }
}
