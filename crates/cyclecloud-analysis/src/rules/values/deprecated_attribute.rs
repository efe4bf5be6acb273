//! CC0313: an attribute the catalog marks as deprecated.

use cyclecloud_catalog::{Attribute, Deprecation};

use super::util;
use crate::model::AttrInfo;
use crate::rules::prelude::*;
use crate::rules::starts_with_ignore_case;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0313",
    name: "deprecated-attribute",
    severity: Severity::Hint,
    spec: "R41",
    summary: "Deprecated attribute, with its replacement",
    doc: "\
## What it finds
An attribute that the CycleCloud documentation declares deprecated; the catalog names the page
for each, and so does the message: `JetpackPlatform` (ignored since 7.7.0; node and node-array
reference), `Azure.Encryption.Type` and `Azure.Encryption.DiskEncryptionSetId` (now
`DiskEncryptionSetId`; volume reference), `cyclecloud.monitor_spot_eviction` (now
`cyclecloud.monitor_scheduled_events`; configuration reference). When a target CycleCloud version
is configured, attributes deprecated only in a later release are not reported.

Keys seen only in old templates are not reported, because no documentation deprecates them: the
pre-Azure AWS/GCP keys (`KeyPair`, `BidPrice`, …), node-level `ClusterInit` (current templates
use `[[[cluster-init]]]` sections or `AdditionalClusterInitSpecs`), and `run_list`, which still
selects built-in Chef recipes such as `recipe[cuser]` that have no cluster-init replacement.
Hover shows what is known about them.

## Why it matters
Deprecated attributes are ignored or kept only for old releases; the template looks like it
configures something it no longer does, and the supported replacement is not used.

## Example
```
[cluster demo]
    [[nodearray execute]]
        [[[configuration]]]
        cyclecloud.monitor_spot_eviction = true
```

## Fix
Use the replacement named in the message (`cyclecloud.monitor_scheduled_events = true`), or
remove the attribute when it has none. The quick fix renames keys whose replacement is the same
kind of value.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute) in util::known_lines(context) {
        let since = match attribute.deprecated {
            None => continue,
            Some(Deprecation::Yes) => String::new(),
            Some(Deprecation::Since(version))
                if util::newer_than_target(context, Some(version)).is_some() =>
            {
                continue
            }
            Some(Deprecation::Since(version)) => format!(" since CycleCloud {version}"),
        };
        let key = &line.key;
        let source = attribute
            .deprecation_source
            .as_deref()
            .map(|source| format!(" ({source})"))
            .unwrap_or_default();
        let message = match &attribute.replacement {
            Some(replacement) => {
                format!("`{key}` is deprecated{since}{source}; use `{replacement}` instead.")
            }
            None => format!("`{key}` is deprecated{since}{source}; remove it."),
        };
        let diagnostic = context.diagnostic(line.key_range(), message);
        let fix = renamed_key(context, line, attribute)
            .map(|new_key| Fix::replace(line.key_range(), new_key));
        context.push(diagnostic.with_tag(Tag::Deprecated).with_fixes(fix));
    }
}

/// The key to write instead when the replacement is a pure rename: a plain attribute of the same
/// section kind holding the same type of value. Inside `[[[configuration prefix]]]` the key
/// stays relative to the prefix.
fn renamed_key(context: &Context<'_>, line: &AttrInfo, attribute: &Attribute) -> Option<String> {
    let replacement = attribute.replacement.as_deref()?;
    let plain = !replacement.is_empty()
        && replacement
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    let same_kind = |kind: &str| {
        let new = context.catalog.attribute(kind, replacement);
        new.filter(|new| !new.is_deprecated() && !new.is_pattern())
            .is_some_and(|new| new.value_type == attribute.value_type)
    };
    if !plain || !context.model.catalog_kinds(line.section).any(same_kind) {
        return None;
    }
    let Some(prefix) = context.model.configuration_prefix(line.section) else {
        return Some(replacement.to_owned());
    };
    let key = replacement.get(prefix.len()..)?.strip_prefix('.')?;
    (starts_with_ignore_case(replacement, prefix) && !key.is_empty()).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_deprecated_attributes_with_their_replacement() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray a]]
                JetpackPlatform = centos-7
               #^^^^^^^^^^^^^^^ hint[CC0313]: `JetpackPlatform` is deprecated since CycleCloud 7.7.0 (CycleCloud node and node-array reference); remove it.
                    [[[configuration cyclecloud]]]
                    monitor_spot_eviction = true
                   #^^^^^^^^^^^^^^^^^^^^^ hint[CC0313]: `monitor_spot_eviction` is deprecated (CycleCloud configuration reference); use `cyclecloud.monitor_scheduled_events` instead.
                    [[[volume v]]]
                    Azure.Encryption.DiskEncryptionSetId = $Des
                   #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hint[CC0313]: `Azure.Encryption.DiskEncryptionSetId` is deprecated (CycleCloud volume reference); use `DiskEncryptionSetId` instead.
        "#]]);
    }

    #[test]
    fn legacy_keys_without_a_documented_deprecation_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            UseLowPrio = true
                [[node scheduler]]
                KeyPair = $Keypair
                ClusterInit = proj:default
                    [[[configuration]]]
                    run_list = recipe[cuser], recipe[cshared::client]
        "#]]);
    }

    #[test]
    fn skips_current_keys_and_deprecations_after_the_target() {
        super::RULE.check_fixture_with(
            &target("7.6.0"),
            expect![[r#"
                [cluster c]
                    [[nodearray a]]
                    JetpackPlatform = centos-7
                    Interruptible = true
                        [[[cluster-init proj:default]]]
                        run_list = recipe[x]
            "#]],
        );
    }

    #[test]
    fn fix_renames_within_the_configuration_prefix() {
        expect![[r#"
            Replace with `monitor_scheduled_events`
            [cluster c]
            [[node n]]
            [[[configuration cyclecloud]]]
            monitor_scheduled_events = true
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster c]\n[[node n]]\n[[[configuration cyclecloud]]]\nmonitor_spot_eviction = true\n",
            0,
        ));
        expect![[r#"
            Replace with `DiskEncryptionSetId`
            [cluster c]
            [[node n]]
            [[[volume v]]]
            DiskEncryptionSetId = $Des
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster c]\n[[node n]]\n[[[volume v]]]\nAzure.Encryption.DiskEncryptionSetId = $Des\n",
            0,
        ));
    }
}
