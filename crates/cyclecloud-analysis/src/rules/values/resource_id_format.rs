//! CC0305: a literal value of a resource-id attribute that is not a full Azure resource id.

use cyclecloud_catalog::ValueType;

use super::util;
use crate::rules::prelude::*;
use crate::rules::starts_with_ignore_case;

/// The attribute whose documentation states the `/subscriptions/…` form outright, so a
/// different value is certainly wrong; for the other resource-id attributes it is a warning.
const DOCUMENTED_STRICTLY: &str = "ProximityPlacementGroupId";

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0305",
    name: "resource-id-format",
    severity: Severity::Warning,
    spec: "R31",
    summary: "Resource-id attribute whose value does not start with /subscriptions/",
    doc: "\
## What it finds
A literal value of an attribute the catalog types as an Azure resource id
(`ProximityPlacementGroupId`, `FlexScaleSetId`, `NetworkSecurityGroupId`, `DiskEncryptionSetId`,
`VolumeId`, `NetworkInterfaceId`, `ImageId`, …) that does not start with `/subscriptions/`. It is
an error for `ProximityPlacementGroupId`, whose documentation requires that form, and a warning
for the others.

## Why it matters
These attributes point at an existing Azure resource by its full id; a bare name or a
`group/name` path cannot be resolved, and the node fails to start.

## Example
```
[cluster demo]
    [[nodearray execute]]
    ProximityPlacementGroupId = my-ppg
```

## Fix
Use the full id, e.g. `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/proximityPlacementGroups/my-ppg`.
",
    check,
    has_fix: false,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute, value) in util::known_literals(context) {
        if attribute.value_type != ValueType::ResourceId
            || starts_with_ignore_case(value, "/subscriptions/")
        {
            continue;
        }
        let message = format!(
            "`{}` takes a full resource id starting with `/subscriptions/`, not `{value}`.",
            line.key
        );
        let mut diagnostic = context.diagnostic(line.value_range(), message);
        if attribute.name.eq_ignore_ascii_case(DOCUMENTED_STRICTLY) {
            diagnostic.severity = Severity::Error;
        }
        context.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_names_and_short_paths() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray a]]
                ProximityPlacementGroupId = my-ppg
                                           #^^^^^^ error[CC0305]: `ProximityPlacementGroupId` takes a full resource id starting with `/subscriptions/`, not `my-ppg`.
                NetworkSecurityGroupId = rg/nsg
                                        #^^^^^^ warning[CC0305]: `NetworkSecurityGroupId` takes a full resource id starting with `/subscriptions/`, not `rg/nsg`.
                    [[[volume v]]]
                    DiskEncryptionSetId = "des"
                                         #^^^^^ warning[CC0305]: `DiskEncryptionSetId` takes a full resource id starting with `/subscriptions/`, not `des`.
        "#]]);
    }

    #[test]
    fn accepts_full_ids_references_and_empty_values() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray a]]
                ProximityPlacementGroupId = /Subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/proximityPlacementGroups/p
                FlexScaleSetId = $FlexId
                ImageId = ${images.id}
                    [[[network-interface eth0]]]
                    NetworkInterfaceId = ""
        "#]]);
    }
}
