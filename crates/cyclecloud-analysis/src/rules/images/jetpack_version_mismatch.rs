//! CC0202: `JetpackVersion` that is not a version, differs from the target CycleCloud version,
//! or differs between the nodes of one cluster.

use std::collections::BTreeMap;

use cyclecloud_catalog::Version;

use crate::model::{AttrId, SectionId};
use crate::rules::nodes::util::{most_used, own_sections, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0202",
    name: "jetpack-version-mismatch",
    severity: Severity::Warning,
    spec: "R23",
    summary: "`JetpackVersion` does not match the CycleCloud server, or differs between nodes",
    doc: "\
## What it finds
`JetpackVersion` values that are not a version number; that differ from the CycleCloud version
configured for the project (`cyclecloud-version` in `.cyclecloud-lsp.toml` or the editor
setting); or, when no version is configured, that differ between the nodes of one cluster.

## Why it matters
A CycleCloud server comes with the Jetpack installer of its own version in its Jetpack staging
folder. That folder can hold several versions, so another version works when an administrator
added it there; when not, a node that asks for it fails to install Jetpack and never becomes
ready. Nodes of one cluster on different Jetpack versions also behave differently. (Jetpack
versions: the CycleCloud CLI `image add --jetpack-version` and the Jetpack docs.)

## Example
```
# .cyclecloud-lsp.toml: cyclecloud-version = \"8.7.0\"
[[node defaults]]
JetpackVersion = 7.9.0
```

## Fix
Set `JetpackVersion` to the server's version, or remove it and let CycleCloud choose. Keep a
different version only when it is staged on every server that deploys the template.
",
    check,
    has_fix: true,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // The literal `JetpackVersion` lines of each node's own sections, each with the node's
    // cluster: judged per node and kept while its inputs are unchanged (instead of every line
    // of the file read on every keystroke), then put in document order.
    let judged = context.judge_anchors(|node| {
        own_sections(model, node)
            .into_iter()
            .flat_map(|section| model.sections[section].attributes)
            .filter(|&attr| {
                let line = &model.attributes[attr];
                line.key_is("JetpackVersion") && line.literal_text().is_some()
            })
            .map(Anchor::Attr)
    });
    let mut lines: Vec<(AttrId, Option<SectionId>)> = judged
        .into_iter()
        .filter_map(|(node, anchor, ())| Some((anchor.attr()?, model.nodes[node].cluster)))
        .collect();
    lines.sort_unstable_by_key(|&(attr, _)| attr);
    let mut by_cluster: BTreeMap<Option<SectionId>, Vec<(AttrId, Version)>> = BTreeMap::new();
    for (attr, cluster) in lines {
        let info = &model.attributes[attr];
        let value = info.literal_text().unwrap_or_default();
        let Some(version) = Version::parse(value) else {
            let message =
                format!("`{value}` is not a Jetpack version (expected something like 8.7.0)");
            context.report(info.value_range(), message);
            continue;
        };
        if let Some(target) = context.settings.cyclecloud_version {
            if version != target {
                let message = format!("`JetpackVersion` is {version} but the target CycleCloud version is {target}: a server comes with the Jetpack of its own version, so nodes install this one only if it was also added to the server's Jetpack staging folder");
                let fix = replace_with(target, info.value_range());
                context.report_with_fix(info.value_range(), message, Some(fix));
            }
            continue;
        }
        by_cluster.entry(cluster).or_default().push((attr, version));
    }
    // No target configured: the nodes of one cluster should at least agree.
    for lines in by_cluster.values() {
        // The most common version wins; on a tie, the first written.
        let Some(first) = most_used(lines, |(_, version)| *version) else {
            continue;
        };
        let (first_majority, majority) = lines[first];
        for &(attr, version) in lines.iter().filter(|(_, version)| *version != majority) {
            let info = &model.attributes[attr];
            let message = format!(
                "`JetpackVersion` {version} differs from {majority} used elsewhere in this cluster"
            );
            let mut diagnostic = context.diagnostic(info.value_range(), message);
            let related = format!("`JetpackVersion` {majority} is set here");
            diagnostic.relate(model.attributes[first_majority].range.clone(), related);
            context.push(diagnostic.with_fix(replace_with(majority, info.value_range())));
        }
    }
}

/// The fix that writes `version` over a `JetpackVersion` value.
fn replace_with(version: Version, value: std::ops::Range<usize>) -> Fix {
    let title = format!("Replace with {version}");
    Fix::edit(title, value, version.to_string())
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn differs_from_the_configured_version() {
        super::RULE.check_fixture_with(
            &target("8.7.0"),
            expect![[r#"
                [cluster c]
                    [[node defaults]]
                    JetpackVersion = 7.9.0
                                    #^^^^^ warning[CC0202]: `JetpackVersion` is 7.9.0 but the target CycleCloud version is 8.7.0: a server comes with the Jetpack of its own version, so nodes install this one only if it was also added to the server's Jetpack staging folder
                    [[nodearray hpc]]
                    JetpackVersion = 8.7.0
                    [[nodearray htc]]
                    JetpackVersion = 8.7.0
            "#]],
        );
    }

    const MINORITY: Expect = expect![[r#"
        [cluster c]
            [[node defaults]]
            JetpackVersion = 7.9.0
                            #^^^^^ warning[CC0202]: `JetpackVersion` 7.9.0 differs from 8.7.0 used elsewhere in this cluster
            [[nodearray hpc]]
            JetpackVersion = 8.7.0
            [[nodearray htc]]
            JetpackVersion = 8.7.0
    "#]];

    #[test]
    fn without_a_target_the_minority_is_reported() {
        super::RULE.check_fixture(MINORITY);
    }

    #[test]
    fn not_a_version_and_agreeing_values() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node a]]
            JetpackVersion = latest
                            #^^^^^^ warning[CC0202]: `latest` is not a Jetpack version (expected something like 8.7.0)
            [[node b]]
            JetpackVersion = $V
        "#]]);
        let text = "[cluster c]\n[[node a]]\nJetpackVersion = 8.7.0\n";
        assert_eq!(diagnostics_with(&target("8.7.0"), "CC0202", text), []);
    }

    #[test]
    fn fix_replaces_with_the_target() {
        let fixed = super::RULE.fix_with(&target("8.7.0"), &fixture_text(&MINORITY), 0);
        assert!(fixed.starts_with("Replace with 8.7.0\n"), "{fixed}");
        let at_target = fixed.matches("JetpackVersion = 8.7.0").count();
        assert_eq!(at_target, 3, "{fixed}");
    }
}
