//! CC0304: a literal `SubnetId` written as a full ARM resource id.

use super::util;
use crate::rules::prelude::*;
use crate::rules::starts_with_ignore_case;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0304",
    name: "subnet-id-format",
    severity: Severity::Warning,
    spec: "R30",
    summary: "SubnetId not written as resourcegroup/vnet/subnet (a full resource id, or other parts)",
    doc: "\
## What it finds
A literal `SubnetId` that starts with `/subscriptions/`, i.e. a full Azure resource id, or that
is not three non-empty names separated by `/`. (CC0311 makes the same check on the default of
an `Azure.Subnet` parameter.)

## Why it matters
CycleCloud documents `SubnetId` as the short form `resourcegroup/vnet/subnet`, resolved in the
subscription of the cluster's credentials; a full resource id does not have that shape.

## Example
```
[cluster demo]
    [[node scheduler]]
    SubnetId = /subscriptions/0000/resourceGroups/hpc-rg/providers/Microsoft.Network/virtualNetworks/hpc-vnet/subnets/compute
```

## Fix
Write `SubnetId = hpc-rg/hpc-vnet/compute`; the quick fix does this for a complete subnet id.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute, value) in util::known_literals(context) {
        if !attribute.name.eq_ignore_ascii_case("SubnetId") {
            continue;
        }
        let subject = format_args!("`{}`", line.key);
        if let Some((message, fix)) = subnet_value_problem(value, subject, line.value_range()) {
            context.report_with_fix(line.value_range(), message, fix);
        }
    }
}

/// What is wrong with the literal subnet value of `subject` (a `SubnetId` here, an `Azure.Subnet`
/// default in CC0311), with a fix to the short form when known; `None` for the documented
/// `resourcegroup/vnet/subnet`.
pub(crate) fn subnet_value_problem(
    value: &str,
    subject: impl std::fmt::Display,
    range: std::ops::Range<usize>,
) -> Option<(String, Option<Fix>)> {
    let takes = "takes `resourcegroup/vnet/subnet`";
    if starts_with_ignore_case(value, "/subscriptions/") {
        return Some(match short_form(value) {
            Some(short) => (
                format!("{subject} {takes}, not a full resource id; write `{short}`."),
                Some(Fix::replace(range, short)),
            ),
            None => (format!("{subject} {takes}, not a full resource id."), None),
        });
    }
    let mut parts = value.split('/');
    let three = parts.clone().count() == 3 && parts.all(|part| !part.trim().is_empty());
    (!three).then(|| {
        (
            format!("{subject} {takes}: three names separated by `/`."),
            None,
        )
    })
}

/// `rg/vnet/subnet` from a complete subnet resource id, `None` for any other shape.
fn short_form(id: &str) -> Option<String> {
    // `*` stands for any non-empty part.
    const SHAPE: &str =
        "/subscriptions/*/resourceGroups/*/providers/Microsoft.Network/virtualNetworks/*/subnets/*";
    let parts: Vec<&str> = id.trim_end_matches('/').split('/').collect();
    let matches = parts.len() == SHAPE.split('/').count()
        && parts
            .iter()
            .zip(SHAPE.split('/'))
            .all(|(part, expected)| match expected {
                "*" => !part.is_empty(),
                word => part.eq_ignore_ascii_case(word),
            });
    matches.then(|| format!("{}/{}/{}", parts[4], parts[8], parts[10]))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_full_resource_ids() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node n]]
                SubnetId = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/compute"
                          #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0304]: `SubnetId` takes `resourcegroup/vnet/subnet`, not a full resource id; write `rg/vnet/compute`.
                    [[[network-interface eth1]]]
                    SubnetId = /SUBSCRIPTIONS/0000/whatever
                              #^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0304]: `SubnetId` takes `resourcegroup/vnet/subnet`, not a full resource id.
                [[node m]]
                SubnetId = compute
                          #^^^^^^^ warning[CC0304]: `SubnetId` takes `resourcegroup/vnet/subnet`: three names separated by `/`.
                [[node o]]
                SubnetId = rg//compute
                          #^^^^^^^^^^^ warning[CC0304]: `SubnetId` takes `resourcegroup/vnet/subnet`: three names separated by `/`.
        "#]]);
    }

    #[test]
    fn accepts_the_short_form_and_references() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node n]]
                SubnetId = rg/vnet/compute
                [[nodearray a]]
                SubnetId = ${subnets.id}
                    [[[configuration]]]
                    SubnetId = /subscriptions/x
        "#]]);
    }

    #[test]
    fn fix_keeps_group_network_and_subnet() {
        expect![[r#"
            Replace with `rg/vn/sn`
            [cluster c]
            [[node n]]
            SubnetId = rg/vn/sn
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster c]\n[[node n]]\nSubnetId = /subscriptions/s/resourcegroups/rg/providers/microsoft.network/virtualnetworks/vn/subnets/sn\n",
            0,
        ));
    }
}
