//! CC0211: `ImagePlan.*` attributes given only in part.

use std::collections::BTreeSet;

use super::util::partly_set;
use crate::rules::prelude::*;

/// The catalog group of the attributes that describe a purchase plan together.
const PLAN_GROUP: &str = "image-plan";

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0211",
    name: "incomplete-image-plan",
    severity: Severity::Warning,
    spec: "R26",
    summary: "`ImagePlan.Name`, `ImagePlan.Publisher` and `ImagePlan.Product` go together",
    doc: "\
## What it finds
A node whose effective attributes set some but not all of `ImagePlan.Name`,
`ImagePlan.Publisher` and `ImagePlan.Product`.

## Why it matters
Azure needs the whole purchase plan to create a VM from a gallery image that has one; a partial
plan fails at VM creation.

## Example
```
[cluster demo]
[[node scheduler]]
ImagePlan.Name = 8_5-hpc
```

## Fix
Add the other two attributes.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let mut reported = BTreeSet::new();
    let found = partly_set(context, |attribute| {
        attribute.all_of.as_deref() == Some(PLAN_GROUP)
    });
    for (_, first, missing) in found {
        if reported.insert(first) {
            let message = format!("the image plan also needs {}", missing.join(" and "));
            context.report(model.attributes[first].range.clone(), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn partial_plan() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node a]]
            ImagePlan.Name = x
            ^^^^^^^^^^^^^^^^^^ warning[CC0211]: the image plan also needs `ImagePlan.Publisher`
            ImagePlan.Product = y
        "#]]);
    }
}
