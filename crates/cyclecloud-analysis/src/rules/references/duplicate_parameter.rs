//! CC0109: the same parameter name declared more than once.

use crate::model::ParamId;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0109",
    name: "duplicate-parameter",
    severity: Severity::Warning,
    spec: "R07, R09",
    summary: "A parameter name declared twice",
    doc: "\
## What it finds
A `[[[parameter X]]]` whose name (ignoring case) an earlier `[[[parameter]]]` of the file
already declares.

## Why it matters
Every reference to `X` means one value, yet the form would show two fields, each with its own
label, default and conditions; which declaration wins is not documented, so edits to one of them
may have no effect.

## Example
```
[[parameters Required Settings]]
    [[[parameter Region]]]
    ParameterType = Cloud.Region

[[parameters Advanced Settings]]
    [[[parameter region]]]
    DefaultValue = westeurope
```

## Fix
Merge the two declarations into one and delete the other.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let mut groups: Vec<&Vec<ParamId>> = model
        .parameter_index
        .values()
        .filter(|ids| ids.len() > 1)
        .collect();
    groups.sort_by_key(|ids| ids[0]);
    for ids in groups {
        let first = &model.parameters[ids[0]];
        for param in ids[1..].iter().map(|&id| &model.parameters[id]) {
            let message = format!(
                "Parameter `{}` is already declared; merge the two declarations",
                param.name
            );
            let diagnostic = context.diagnostic(param.name_range.clone(), message);
            let related = format!("`{}` is first declared here", first.name);
            context.push(diagnostic.with_related(first.name_range.clone(), related));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_later_declarations() {
        super::RULE.check_fixture(expect![[r#"
            [parameters A]
            [[parameter Region]]
            [[parameter Size]]
            [parameters B]
            [[parameter region]]
                       #^^^^^^ warning[CC0109]: Parameter `region` is already declared; merge the two declarations
            [[parameter REGION]]
                       #^^^^^^ warning[CC0109]: Parameter `REGION` is already declared; merge the two declarations
        "#]]);
    }

    #[test]
    fn distinct_names_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [parameters A]
            [[parameter Region]]
            [[parameter Regions]]
        "#]]);
    }
}
