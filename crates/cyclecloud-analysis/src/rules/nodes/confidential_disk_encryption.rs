//! CC0406: `ConfidentialDiskEncryptionSetId` on a volume whose `SecurityEncryptionType` is not
//! `DiskWithVMGuestState`.

use super::util::{self, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0406",
    name: "confidential-disk-encryption",
    severity: Severity::Error,
    spec: "R37",
    summary:
        "ConfidentialDiskEncryptionSetId without SecurityEncryptionType = DiskWithVMGuestState",
    doc: "\
## What it finds
A `[[[volume]]]` that names a `ConfidentialDiskEncryptionSetId` while its
`SecurityEncryptionType` is another literal value or is left out (the default is
`VMGuestStateOnly`). Same-name volumes inherited from `[[node defaults]]` or a base are merged
first. When either value comes from a parameter or an expression nothing is reported.

## Why it matters
A confidential disk encryption set only encrypts the OS disk together with the VM guest state,
which is what `SecurityEncryptionType = DiskWithVMGuestState` selects. With any other encryption
type Azure rejects the disk set and the node does not start.

## Example
```
[cluster demo]
    [[node scheduler]]
    SecurityType = ConfidentialVM
        [[[volume boot]]]
        ConfidentialDiskEncryptionSetId = /subscriptions/…/diskEncryptionSets/cdes
```

## Fix
Add `SecurityEncryptionType = DiskWithVMGuestState` to the volume, or remove
`ConfidentialDiskEncryptionSetId` (use `DiskEncryptionSetId` for ordinary customer-managed keys).
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

/// The only encryption type a confidential disk encryption set works with.
const REQUIRED_TYPE: &str = "DiskWithVMGuestState";

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Each set id a node's volume has without the required type, with the volume's type line.
    let judged = context.judge_nodes(util::concrete_only(model, |_, node| {
        let volumes = util::merged_children(model, node, "volume").into_iter();
        let found = volumes.filter_map(|volume| {
            let set = *volume.get("confidentialdiskencryptionsetid")?;
            let kind = volume.get("securityencryptiontype").copied();
            let wrong = kind.is_none_or(|kind| {
                let value = model.attributes[kind].literal_value();
                value.is_some_and(|value| !value.eq_ignore_ascii_case(REQUIRED_TYPE))
            });
            let reported = wrong && model.attributes[set].literal_value().is_some();
            reported.then_some((Anchor::Attr(set), kind.map(Anchor::Attr)))
        });
        found.collect::<Vec<_>>()
    }));
    // The SecurityEncryptionType line a node's finding saw, and its value in words.
    let kind = |(.., kind): &(_, _, Option<Anchor>)| kind.and_then(Anchor::attr);
    let current =
        |found: &_| match kind(found).and_then(|kind| model.attributes[kind].literal_value()) {
            Some(value) => format!("it is `{value}`"),
            None => "the volume leaves it at the default `VMGuestStateOnly`".to_owned(),
        };
    util::report_placed(
        context,
        &judged,
        |line, _| line.key_range(),
        |found, _, _| {
            format!(
                "`ConfidentialDiskEncryptionSetId` needs `SecurityEncryptionType = {REQUIRED_TYPE}`, but {}; set it on the volume or remove the disk encryption set.",
                current(found)
            )
        },
        |found, label| {
            format!(
                "{label} gets a volume with `ConfidentialDiskEncryptionSetId`, which needs `SecurityEncryptionType = {REQUIRED_TYPE}`, but {}.",
                current(found)
            )
        },
        |_, _, found, diagnostic| {
            if let Some(kind) = kind(found) {
                diagnostic.relate(
                    util::value_range(&model.attributes[kind]),
                    "the volume's encryption type",
                );
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_wrong_or_missing_encryption_type() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node scheduler]]
                    [[[volume boot]]]
                    ConfidentialDiskEncryptionSetId = /subscriptions/x/diskEncryptionSets/cdes
                   #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error[CC0406]: `ConfidentialDiskEncryptionSetId` needs `SecurityEncryptionType = DiskWithVMGuestState`, but the volume leaves it at the default `VMGuestStateOnly`; set it on the volume or remove the disk encryption set.

                [[node login]]
                    [[[volume boot]]]
                    ConfidentialDiskEncryptionSetId = /subscriptions/x/diskEncryptionSets/cdes
                   #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error[CC0406]: `ConfidentialDiskEncryptionSetId` needs `SecurityEncryptionType = DiskWithVMGuestState`, but it is `VMGuestStateOnly`; set it on the volume or remove the disk encryption set.
                    SecurityEncryptionType = VMGuestStateOnly
        "#]]);
    }

    #[test]
    fn correct_inherited_and_unknown_values_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                    [[[volume boot]]]
                    SecurityEncryptionType = DiskWithVMGuestState

                [[node scheduler]]
                    [[[volume boot]]]
                    ConfidentialDiskEncryptionSetId = /subscriptions/x/diskEncryptionSets/cdes

                [[node login]]
                    [[[volume boot]]]
                    ConfidentialDiskEncryptionSetId = /subscriptions/x/diskEncryptionSets/cdes
                    SecurityEncryptionType = $EncryptionType

                [[node other]]
                    [[[volume boot]]]
                    ConfidentialDiskEncryptionSetId = $DiskSet
                    SecurityEncryptionType = VMGuestStateOnly
        "#]]);
    }
}
