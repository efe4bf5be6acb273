//! CC0205: custom or Marketplace images on CycleCloud before 7.7.0 without `InstallJetpack`.

use std::collections::BTreeSet;

use cyclecloud_catalog::{ImageForm, Version};

use crate::model::NodeId;
use crate::rules::prelude::*;

use super::util::image_forms;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0205",
    name: "install-jetpack-before-7-7",
    severity: Severity::Warning,
    spec: "R20",
    summary: "Before 7.7.0, `ImageId` and Marketplace images need `InstallJetpack = true`",
    doc: "\
## What it finds
When the target CycleCloud version is before 7.7.0: a node using `ImageId` or a Marketplace image
(`Azure.Publisher`/`Offer`/`Sku`) without `InstallJetpack = true`.

## Why it matters
Before 7.7.0 only built-in images came with Jetpack; other images needed the installer
requested explicitly, or the node never reports back to CycleCloud.

## Example
```
# .cyclecloud-lsp.toml: cyclecloud-version = \"7.6.0\"
[cluster demo]
[[node scheduler]]
ImageId = /subscriptions/…/images/custom
```

## Fix
Add `InstallJetpack = true` (with `JetpackPlatform` for the image's OS).
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let before_7_7 = |target: &Version| *target < Version::new(7, 7, 0);
    let Some(target) = context.settings.cyclecloud_version.filter(before_7_7) else {
        return;
    };
    let model = context.model;
    let mut reported = BTreeSet::new();
    // Judged after inheritance on every node that is no template for others (neither `defaults`
    // nor abstract), in or out of a cluster, unlike `is_concrete`, which also needs a cluster: a
    // base may leave the image to its children.
    let nodes = NodeId::all(model.nodes.len()).filter(|&node| !model.nodes[node].is_abstract);
    for node in nodes {
        let Some((_, attr)) = image_forms(context, node)
            .into_iter()
            .find(|(form, _)| matches!(form, ImageForm::Id | ImageForm::Marketplace))
        else {
            continue;
        };
        // A value not known here (a parameter, an expression) may well be `true`.
        let line = model.effective_value(node, "InstallJetpack");
        let installs = line.is_some_and(|line| {
            line.literal_text()
                .map_or(!line.is_literal(), |v| v.eq_ignore_ascii_case("true"))
        });
        if !installs && reported.insert(attr) {
            let message = format!("CycleCloud {target} installs Jetpack on this image only with `InstallJetpack = true`");
            context.report(model.attributes[attr].range.clone(), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn only_before_7_7() {
        let text = super::RULE.check_fixture_with(
            &target("7.6.0"),
            expect![[r#"
                [cluster c]
                [[node n]]
                ImageId = /subscriptions/0/x
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0205]: CycleCloud 7.6.0 installs Jetpack on this image only with `InstallJetpack = true`
                [[node m]]
                ImageId = /subscriptions/0/y
                InstallJetpack = true
            "#]],
        );
        assert_eq!(diagnostics_with(&target("8.0.0"), "CC0205", &text), []);
        assert_eq!(diagnostics("CC0205", &text), []);
    }
}
