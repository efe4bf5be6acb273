//! CC0210: an `ImageName` URN or resource id that cannot be right.

use crate::rules::prelude::*;

use super::image_value::literal_problem;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0210",
    name: "image-name-format",
    severity: Severity::Error,
    spec: "R25",
    summary: "`ImageName` URN without four `:` parts, or a resource id not under `/subscriptions/`",
    doc: "\
## What it finds
A literal `ImageName` containing `:` that does not have exactly four parts
(`Publisher:Offer:Sku:Version`), or one starting with `/` that does not start with
`/subscriptions/`. (CC0213 makes the same check on the values of `Cloud.Image` parameters;
CC0209 judges the other names.)

## Why it matters
Azure resolves a Marketplace URN only with all four parts, and an image resource id always
starts with `/subscriptions/`; anything else fails when the VM is created.

## Example
```
ImageName = OpenLogic:CentOS-HPC:7.6
```

## Fix
Add the missing part (`:latest` for the newest version) or the full resource id.
",
    check,
    has_fix: false,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let image_names = context.model.attributes.iter();
    for attr in image_names.filter(|attr| attr.key_is("ImageName")) {
        let found = literal_problem(context.catalog, attr);
        if let Some((value, problem)) = found.filter(|(_, problem)| problem.is_format()) {
            context.report(attr.value_range(), problem.message(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn urn_and_resource_id_shapes() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node a]]
            ImageName = OpenLogic:CentOS-HPC:7.6
                       #^^^^^^^^^^^^^^^^^^^^^^^^ error[CC0210]: a Marketplace image URN has four non-empty parts `Publisher:Offer:Sku:Version`; `OpenLogic:CentOS-HPC:7.6` has 3
            ImageName = almalinux:almalinux-hpc:8_5-hpc:latest
            ImageName = /resourceGroups/x/images/y
                       #^^^^^^^^^^^^^^^^^^^^^^^^^^ error[CC0210]: `/resourceGroups/x/images/y` looks like a resource id but does not start with `/subscriptions/`
            ImageName = /subscriptions/0/x
        "#]]);
    }
}
