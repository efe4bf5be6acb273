//! CC0314: attributes and values introduced after the targeted CycleCloud release.

use super::util;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0314",
    name: "newer-than-target",
    severity: Severity::Hint,
    spec: "R42",
    summary: "Attribute or value newer than the targeted CycleCloud version",
    doc: "\
## What it finds
Only when a target release is configured (`cyclecloud-version` in `.cyclecloud-lsp.toml`): an
attribute introduced after it (`CloudInit` 8.0.0, `ProximityPlacementGroupId` 8.1.0,
`SecurityType` 8.5.0, `PredefinedScaleSetId` 8.8.0, …) or a value introduced after it
(`StorageAccountType = PremiumV2_LRS` 8.7.0, `ScaleSetUpgradePolicyMode = Automatic` 8.6.2,
mount `type = lustre` 8.6.0, …).

## Why it matters
An older CycleCloud does not know the attribute or value: it ignores it or rejects the template,
so the cluster starts without the setting.

## Example
```
# .cyclecloud-lsp.toml: cyclecloud-version = \"7.9.0\"
[cluster demo]
    [[node scheduler]]
    CloudInit = '''#!/bin/bash
echo hello'''
```

## Fix
Upgrade CycleCloud, raise the configured target if it is out of date, or remove the setting.
",
    check,
    has_fix: false,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let Some(target) = context.settings.cyclecloud_version else {
        return;
    };
    let model = context.model;
    for (line, attribute) in util::known_lines(context) {
        let mut since = attribute.since;
        if model
            .node_of(line.section)
            .is_some_and(|node| model.nodes[node].is_abstract)
        {
            // Defaults and abstract nodes also feed node arrays: the older requirement applies.
            let key = model.catalog_key_in(line.section, &line.key);
            if let Some(array) = context.catalog.attribute("nodearray", &key) {
                since = since.zip(array.since).map(|(own, array)| own.min(array));
            }
        }
        let key = &line.key;
        if let Some(since) = util::newer_than_target(context, since) {
            let message =
                format!("`{key}` needs CycleCloud {since} or newer, but the target is {target}.");
            context.report(line.key_range(), message);
            continue;
        }
        let value = line.loose_literal();
        let Some(allowed) = value.and_then(|value| attribute.allowed_value(value)) else {
            continue;
        };
        if let Some(since) = util::newer_than_target(context, allowed.since) {
            let value = &allowed.value;
            let message = format!("`{value}` for `{key}` needs CycleCloud {since} or newer, but the target is {target}.");
            context.report(line.value_range(), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_attributes_and_values_newer_than_the_target() {
        super::RULE.check_fixture_with(
            &target("8.0.0"),
            expect![[r#"
                [cluster c]
                    [[node defaults]]
                    Interruptible = true
                    ShutdownPolicy = deallocate
                    [[node scheduler]]
                    Interruptible = true
                   #^^^^^^^^^^^^^ hint[CC0314]: `Interruptible` needs CycleCloud 8.3.0 or newer, but the target is 8.0.0.
                    CloudInit = '''#!/bin/bash
                echo hi'''
                    SecurityType = TrustedLaunch
                   #^^^^^^^^^^^^ hint[CC0314]: `SecurityType` needs CycleCloud 8.5.0 or newer, but the target is 8.0.0.
                    EnableAcceleratedNetworking = true
                        [[[volume data]]]
                        StorageAccountType = premiumv2_lrs
                                            #^^^^^^^^^^^^^ hint[CC0314]: `PremiumV2_LRS` for `StorageAccountType` needs CycleCloud 8.7.0 or newer, but the target is 8.0.0.
                        [[[configuration cyclecloud.mounts.scratch]]]
                        type = lustre
                              #^^^^^^ hint[CC0314]: `lustre` for `type` needs CycleCloud 8.6.0 or newer, but the target is 8.0.0.
                [parameter Banner]
                ParameterType = HtmlTemplate
            "#]],
        );
    }

    #[test]
    fn silent_without_a_target_version() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node n]]
            SecurityType = TrustedLaunch
        "#]]);
    }
}
