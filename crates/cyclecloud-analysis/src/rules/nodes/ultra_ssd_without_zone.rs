//! CC0405: an `UltraSSD_LRS` volume on a node that has no availability `Zone`.

use super::util::{self, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0405",
    name: "ultra-ssd-without-zone",
    severity: Severity::Warning,
    spec: "R36",
    summary: "UltraSSD_LRS volume on a node without a Zone",
    doc: "\
## What it finds
A `[[[volume]]]` with `StorageAccountType = UltraSSD_LRS` on a started node or node array that,
after inheritance, sets no `Zone`. Volumes inherited from `[[node defaults]]` or a base count for
every node that gets them; same-name volumes are merged, later lines winning.

## Why it matters
Azure Ultra disks exist only in availability zones: a VM outside a zone cannot attach one, so the
node fails to start.

## Example
```
[cluster demo]
    [[node scheduler]]
        [[[volume data]]]
        Size = 1024
        StorageAccountType = UltraSSD_LRS
```

## Fix
Give the node a zone (`Zone = 1`, or a parameter) or choose another disk type such as
`PremiumV2_LRS` or `Premium_LRS`.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let findings = context.judge_anchors(util::concrete_only(model, |_, node| {
        if node.get("Zone").is_some() {
            return Vec::new();
        }
        let volumes = util::merged_children(model, node, "volume").into_iter();
        let found = volumes.filter_map(|volume| {
            let disabled = volume
                .get("disabled")
                .is_some_and(|&attr| model.attributes[attr].literal_bool() == Some(true));
            let kind = *volume.get("storageaccounttype")?;
            let ultra = model.attributes[kind]
                .literal_value()
                .is_some_and(|value| value.eq_ignore_ascii_case("UltraSSD_LRS"));
            (ultra && !disabled).then_some(Anchor::Attr(kind))
        });
        found.collect()
    }));
    util::report_placed(
        context,
        &findings,
        |line, _| util::value_range(line),
        |_, nodes, labels| {
            format!(
                "Ultra disks need an availability zone, but {labels} {} no `Zone`; add `Zone = 1` (or another zone) or pick another disk type.",
                if nodes.len() == 1 { "sets" } else { "set" },
            )
        },
        |_, label| {
            format!(
                "{label} gets an `UltraSSD_LRS` volume but sets no `Zone`, and Ultra disks need an availability zone; add `Zone = 1` (or another zone)."
            )
        },
        |_, _, _, _| {},
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_ultra_disks_without_zone() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                    [[[volume fast]]]
                    StorageAccountType = UltraSSD_LRS

                [[node scheduler]]
                      #^^^^^^^^^ warning[CC0405]: `[[node scheduler]]` gets an `UltraSSD_LRS` volume but sets no `Zone`, and Ultra disks need an availability zone; add `Zone = 1` (or another zone).
                    [[[volume data]]]
                    StorageAccountType = ultrassd_lrs
                                        #^^^^^^^^^^^^ warning[CC0405]: Ultra disks need an availability zone, but `[[node scheduler]]` sets no `Zone`; add `Zone = 1` (or another zone) or pick another disk type.

                [[node zoned]]
                Zone = $Zone

                [[nodearray execute]]
                           #^^^^^^^ warning[CC0405]: `[[nodearray execute]]` gets an `UltraSSD_LRS` volume but sets no `Zone`, and Ultra disks need an availability zone; add `Zone = 1` (or another zone).
        "#]]);
    }

    #[test]
    fn overridden_disabled_and_referenced_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                    [[[volume fast]]]
                    StorageAccountType = UltraSSD_LRS

                [[node scheduler]]
                    [[[volume fast]]]
                    StorageAccountType = Premium_LRS

                [[node off]]
                    [[[volume fast]]]
                    Disabled = true

                [[node param]]
                    [[[volume fast]]]
                    StorageAccountType = $DiskType
        "#]]);
    }
}
