//! CC0303: a literal value outside an attribute's closed set of values.

use cyclecloud_catalog::Attribute;

use super::util;
use crate::model::AttrInfo;
use crate::rules::nodes::util::quoted;
use crate::rules::prelude::*;

/// Most allowed values a message lists; longer sets are named by count.
const LISTED_VALUES: usize = 8;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0303",
    name: "value-not-allowed",
    severity: Severity::Warning,
    spec: "R29",
    summary: "Value outside the attribute's documented set of values",
    doc: "\
## What it finds
A literal value of an attribute whose values form a closed set in the catalog
(`ShutdownPolicy`, `StorageAccountType`, `Azure.Caching`, `Protocol`, `SecurityType`,
`ScaleSetUpgradePolicyMode`, `HybridBenefitLicense`, `FormLayout`, `ImageOS`, `ParameterType`,
`Config.Plugin`, `cyclecloud.mounts.*.type`, …) that is not one of them. Case does not matter,
so `Linux` for `linux` is fine. Deprecated attributes are left to CC0313, and values newer than
the targeted release to CC0314.

## Why it matters
CycleCloud or Azure rejects an unknown value, or the UI control or Jetpack ignores it, so the
setting silently does nothing.

## Example
```
[cluster demo]
    [[node scheduler]]
    ShutdownPolicy = dealocate
```

## Fix
Use one of the listed values (`deallocate`); the quick fix offers the closest one.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute, value) in util::known_literals(context) {
        let judged = attribute.is_closed_enum() && !attribute.is_deprecated();
        if !judged || attribute.allowed_value(value).is_some() {
            continue;
        }
        let key = &line.key;
        if let Some(sibling) = sibling_key(context, line, attribute, value) {
            let message = format!(
                "`{value}` is not a value of `{key}` but of `{sibling}`; did you mean `{sibling} = {value}`?"
            );
            let title = format!("Use `{sibling}` instead of `{key}`");
            let fix = Fix::edit(title, line.key_range(), sibling);
            context.report_with_fix(line.value_range(), message, Some(fix));
            continue;
        }
        let values = &attribute.values;
        let suggestion = util::closest(value, values.iter().map(|v| v.value.as_str()));
        let otherwise = if values.len() <= LISTED_VALUES {
            format!(
                "use one of {}.",
                quoted(values.iter().map(|v| &v.value)).join(", ")
            )
        } else {
            format!("use one of its {} documented values.", values.len())
        };
        let advice = did_you_mean(suggestion, &otherwise);
        let message = format!("`{value}` is not a value of `{key}`; {advice}");
        let fix = suggestion.map(|suggestion| Fix::replace(line.value_range(), suggestion));
        context.report_with_fix(line.value_range(), message, fix);
    }
}

/// The key to write when `value` belongs to a sibling attribute instead (`type = xfs` where
/// `fs_type` takes `xfs`): same dotted parent, and the sibling lists the value.
fn sibling_key(
    context: &Context<'_>,
    line: &AttrInfo,
    attribute: &Attribute,
    value: &str,
) -> Option<String> {
    let (parent, _) = attribute.name.rsplit_once('.')?;
    let leaf = context
        .model
        .catalog_kinds(line.section)
        .flat_map(|kind| context.catalog.attributes_in(kind))
        .find_map(|other| {
            let (head, leaf) = other.name.rsplit_once('.')?;
            let sibling = !std::ptr::eq(other, attribute)
                && head.eq_ignore_ascii_case(parent)
                && other.allowed_value(value).is_some();
            sibling.then_some(leaf)
        })?;
    Some(match line.key.rsplit_once('.') {
        Some((head, _)) => format!("{head}.{leaf}"),
        None => leaf.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_values_outside_the_set() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            FormLayout = panels
                        #^^^^^^ warning[CC0303]: `panels` is not a value of `FormLayout`; use one of `SelectionPanel`, `List`.
                [[node n]]
                ShutdownPolicy = dealocate
                                #^^^^^^^^^ warning[CC0303]: `dealocate` is not a value of `ShutdownPolicy`; did you mean `deallocate`?
                ImageOS = macos
                         #^^^^^ warning[CC0303]: `macos` is not a value of `ImageOS`; use one of `linux`, `windows`.
                    [[[volume v]]]
                    StorageAccountType = Premium_ZRS
                                        #^^^^^^^^^^^ warning[CC0303]: `Premium_ZRS` is not a value of `StorageAccountType`; did you mean `Premium_LRS`?
                    [[[configuration cyclecloud.mounts.data]]]
                    type = nsf
                          #^^^ warning[CC0303]: `nsf` is not a value of `type`; did you mean `nfs`?
                    [[[configuration cyclecloud.mounts]]]
                    storage.type = xfs
                                  #^^^ warning[CC0303]: `xfs` is not a value of `storage.type` but of `storage.fs_type`; did you mean `storage.fs_type = xfs`?
            [[parameter P]]
            ParameterType = Number
                           #^^^^^^ warning[CC0303]: `Number` is not a value of `ParameterType`; use one of its 29 documented values.
        "#]]);
    }

    #[test]
    fn accepts_any_case_references_open_sets_and_deprecated_keys() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            FormLayout = selectionpanel
            Category = Anything Goes
                [[node n]]
                ImageOS = Linux
                ShutdownPolicy = $Policy
                JetpackPlatform = ubuntu-99
                    [[[configuration cyclecloud.mounts.data]]]
                    fs_type = btrfs
        "#]]);
    }

    #[test]
    fn fixes_replace_the_value_or_the_key() {
        expect![[r#"
            Replace with `terminate`
            [cluster c]
            [[node n]]
            ShutdownPolicy = terminate
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster c]\n[[node n]]\nShutdownPolicy = \"Terminat\"\n",
            0,
        ));
        expect![[r#"
            Use `fs_type` instead of `type`
            [cluster c]
            [[node n]]
            [[[configuration cyclecloud.mounts.data]]]
            fs_type = xfs
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster c]\n[[node n]]\n[[[configuration cyclecloud.mounts.data]]]\ntype = xfs\n",
            0,
        ));
    }
}
