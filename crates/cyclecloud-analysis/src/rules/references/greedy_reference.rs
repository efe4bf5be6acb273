//! CC0103: `$Regionwest` where only `Region` is declared: the reference ran on into the text.

use crate::rules::prelude::*;
use crate::rules::starts_with_ignore_case;

use super::util::{in_expression, needs_no_declaration, node_at, referenceable_names};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0103",
    name: "greedy-reference",
    severity: Severity::Hint,
    spec: "R11",
    summary: "`$Name` runs on into the text after it; write `${Name}text`",
    doc: "\
## What it finds
A `$Name` reference that names no declared parameter, while a declared parameter (or
`ClusterName`) is a proper prefix of it: `$Regionwest` when only `Region` is declared.

## Why it matters
A `$` reference takes every letter, digit and underscore that follows, so `$Regionwest` looks
up a parameter called `Regionwest`, which does not exist, instead of `Region` followed by the
text `west`. `undefined-parameter` (CC0101) reports the missing name too; this hint says how the
reference was probably meant.

## Example
```
[cluster demo]
    [[node scheduler]]
    ComputerName = $ClusterNamehead
```

## Fix
Delimit the reference with braces: `${ClusterName}head`.
",
    check,
    has_fix: true,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // The names a reference may run on from, gathered only when one is undeclared.
    let names = std::cell::LazyCell::new(|| referenceable_names(model));
    for (reference, declared) in context.value_references() {
        let name = reference.name.as_str();
        if !reference.dollar || !declared.is_empty() || needs_no_declaration(model, name) {
            continue;
        }
        // Inside an expression `${$Regionwest}` would not become `${${Region}west}`.
        if node_at(context.snapshot, &reference.range).is_none_or(in_expression) {
            continue;
        }
        let Some(prefix) = names
            .iter()
            .filter(|declared| {
                declared.len() < name.len() && starts_with_ignore_case(name, declared)
            })
            .max_by_key(|declared| declared.len())
        else {
            continue;
        };
        // Names are ASCII here (`$` references are), so the split is on a character boundary.
        let (head, tail) = name.split_at(prefix.len());
        let braced = format!("${{{head}}}{tail}");
        let message = format!(
            "`${name}` is not declared but starts with parameter `{prefix}`; write `{braced}` if the name ends there"
        );
        let fix = Fix::edit(format!("Write `{braced}`"), reference.range.clone(), braced);
        context.report_with_fix(reference.range.clone(), message, Some(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    const RAN_ON: Expect = expect![[r#"
        [cluster demo]
        [[node a]]
        ComputerName = $ClusterNamehead
                      #^^^^^^^^^^^^^^^^ hint[CC0103]: `$ClusterNamehead` is not declared but starts with parameter `ClusterName`; write `${ClusterName}head` if the name ends there
        Zone = $Regionwest, $Region
              #^^^^^^^^^^^ hint[CC0103]: `$Regionwest` is not declared but starts with parameter `Region`; write `${Region}west` if the name ends there
        B := $Regionwest
        [parameter Region]
    "#]];

    #[test]
    fn reports_a_reference_that_ran_on() {
        super::RULE.check_fixture(RAN_ON);
    }

    #[test]
    fn declared_and_unrelated_names_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            Zone = $RegionWest, $Other
            [parameter Region]
            [parameter RegionWest]
        "#]]);
    }

    #[test]
    fn fix_adds_braces() {
        expect![[r#"
            Write `${ClusterName}head`
            [cluster demo]
            [[node a]]
            ComputerName = ${ClusterName}head
            Zone = $Regionwest, $Region
            B := $Regionwest
            [parameter Region]
        "#]]
        .assert_eq(&super::RULE.fix(&fixture_text(&RAN_ON), 0));
    }
}
