//! CC0206: a Marketplace image given with only part of Publisher / Offer / Sku.

use std::collections::BTreeSet;

use super::util::partly_set;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0206",
    name: "incomplete-marketplace-image",
    severity: Severity::Error,
    spec: "R18",
    summary: "A Marketplace image needs all of `Azure.Publisher`, `Azure.Offer` and `Azure.Sku`",
    doc: "\
## What it finds
A node whose effective attributes name a Marketplace image with some but not all of
`Azure.Publisher`, `Azure.Offer` and `Azure.Sku`.

## Why it matters
Azure identifies a Marketplace image by all three; with one missing the VM cannot be created.

## Example
```
[cluster demo]
[[node scheduler]]
Azure.Publisher = OpenLogic
Azure.Offer = CentOS-HPC
```

## Fix
Add the missing attribute (`Azure.Sku = 7.6`), or use `ImageName = Publisher:Offer:Sku:Version`.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let mut reported = BTreeSet::new();
    for (node, anchor, missing) in partly_set(context, |attribute| attribute.form_required) {
        // Report where the image is written; several nodes sharing it get one diagnostic.
        if reported.insert((anchor, Vec::clone(&missing))) {
            let (missing, name) = (missing.join(" and "), &model.nodes[node].name);
            let message = format!("this Marketplace image lacks {missing} (node `{name}`)");
            context.report(model.attributes[anchor].range.clone(), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn missing_sku() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node n]]
            Azure.Publisher = OpenLogic
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^ error[CC0206]: this Marketplace image lacks `Azure.Sku` (node `n`)
            Azure.Offer = CentOS-HPC
            [[node ok]]
            Azure.Publisher = a
            Azure.Offer = b
            Azure.Sku = c
        "#]]);
    }
}
