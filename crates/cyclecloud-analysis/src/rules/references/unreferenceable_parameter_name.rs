//! CC0102: a parameter referenced with `$` whose name has characters `$` cannot carry.

use crate::rules::prelude::*;

use super::util::broken_reference;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0102",
    name: "unreferenceable-parameter-name",
    severity: Severity::Warning,
    spec: "R10",
    summary: "A parameter used as `$Name` whose name is not letters, digits and underscores",
    doc: "\
## What it finds
A `$` reference written to a parameter whose declared name contains characters other than
letters, digits and underscores (`[[[parameter slurm-version]]]` used as `$slurm-version`).

## Why it matters
A `$` reference takes the longest run of letters, digits and underscores after the `$`, so
`$slurm-version` looks up a parameter named `slurm` and keeps `-version` as text. The declared
parameter is never read. Names with spaces or dashes only suit display-only parameters.

## Example
```
[cluster demo]
    [[node scheduler]]
    slurm.version = $slurm-version

[[[parameter slurm-version]]]
```

## Fix
Rename the parameter to letters, digits and underscores (`slurm_version`) everywhere it is used.
",
    check,
    has_fix: false,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    for (reference, declared) in context.value_references() {
        // When the short name is itself declared, `$Prefix-text` may well be meant.
        if !reference.dollar || !declared.is_empty() {
            continue;
        }
        let Some((param, range)) = broken_reference(context, reference) else {
            continue;
        };
        let message = format!(
            "`${}` reads only `${}`: parameter `{}` has characters a `$` reference cannot carry; rename it to letters, digits and underscores",
            param.name, reference.name, param.name
        );
        let diagnostic = context.diagnostic(reference.range.start..range.end, message);
        let related = format!("`{}` is declared here", param.name);
        context.push(diagnostic.with_related(param.name_range.clone(), related));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_dashed_name_used_with_dollar() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            slurm.version = $slurm-version
                           #^^^^^^^^^^^^^^ warning[CC0102]: `$slurm-version` reads only `$slurm`: parameter `slurm-version` has characters a `$` reference cannot carry; rename it to letters, digits and underscores
            [parameter slurm-version]
        "#]]);
    }

    #[test]
    fn display_only_names_that_are_not_referenced_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            slurm.version = $slurm_version
            [parameter slurm_version]
            [parameter About Shared Storage]
        "#]]);
    }
}
