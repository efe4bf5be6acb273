//! CC0308: an expression attribute written with `=` whose value looks like an expression.

use cyclecloud_catalog::ValueType;
use cyclecloud_syntax::ast::AssignOp;

use super::util;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0308",
    name: "expression-needs-strict",
    severity: Severity::Warning,
    spec: "R49",
    summary: "Expression written with `=` instead of `:=`",
    doc: "\
## What it finds
An attribute the catalog types as an expression (`Conditions.Hidden`, `Conditions.Excluded`,
`Conditions.Required`, `Config.Entries`, `Config.Filter`, `Widget.FalseValue`, …) or as a
boolean (`Disabled`, `Required`, …) written with `=` and a value that reads as an expression: it
uses an operator (`!`, `==`, `&&`, `in`, …), a list `{…}` or record `[…]`, a function call,
`undefined`, or is the bare name of a declared parameter.

## Why it matters
After `=` the value is plain text (a comma list, `$` references substituted), not an
expression: `Conditions.Required = UseKeyVault` holds the text `UseKeyVault`, so the condition
does not follow the parameter, and `Disabled = UseHA` is the text `UseHA`, not a boolean.

## Example
```
[parameter UseKeyVault]
ParameterType = Boolean

[parameter KeyVaultName]
Conditions.Required = UseKeyVault
Conditions.Hidden = !UseKeyVault
Disabled = UseKeyVault
```

## Fix
Write `:=`: `Conditions.Required := UseKeyVault` (or `$UseKeyVault` for a plain value).
",
    check,
    has_fix: true,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute) in util::known_lines(context) {
        let what = match attribute.value_type {
            ValueType::Expression => "is an expression",
            ValueType::Boolean => "takes `true`, `false` or an expression",
            _ => continue,
        };
        if line.op != AssignOp::Loose || !util::looks_like_expression(context, line) {
            continue;
        }
        let message = format!(
            "`{}` {what}, but after `=` `{}` is plain text; write `:=` to evaluate it.",
            line.key, line.value
        );
        let fix = line
            .operator_range()
            .map(|operator| Fix::edit("Replace `=` with `:=`", operator, ":="));
        context.report_with_fix(line.value_range(), message, fix);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_expressions_after_equals() {
        super::RULE.check_fixture(expect![[r#"
            [parameter UseKeyVault]
            ParameterType = Boolean
            [parameter KeyVaultName]
            Conditions.Required = UseKeyVault
                                 #^^^^^^^^^^^ warning[CC0308]: `Conditions.Required` is an expression, but after `=` `UseKeyVault` is plain text; write `:=` to evaluate it.
            Conditions.Hidden = !UseKeyVault
                               #^^^^^^^^^^^^ warning[CC0308]: `Conditions.Hidden` is an expression, but after `=` `!UseKeyVault` is plain text; write `:=` to evaluate it.
            Conditions.Excluded = Mode isnt "vault"
                                 #^^^^^^^^^^^^^^^^^ warning[CC0308]: `Conditions.Excluded` is an expression, but after `=` `Mode isnt "vault"` is plain text; write `:=` to evaluate it.
            Widget.FalseValue = undefined
                               #^^^^^^^^^ warning[CC0308]: `Widget.FalseValue` is an expression, but after `=` `undefined` is plain text; write `:=` to evaluate it.
            [parameter Image]
            Config.Filter = Package in {"cycle.image.ubuntu22", "almalinux8"}
                           #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0308]: `Config.Filter` is an expression, but after `=` `Package in {"cycle.image.ubuntu22", "almalinux8"}` is plain text; write `:=` to evaluate it.
            Conditions.Hidden = $Mode == "x"
                               #^^^^^^^^^^^^ warning[CC0308]: `Conditions.Hidden` is an expression, but after `=` `$Mode == "x"` is plain text; write `:=` to evaluate it.
            Disabled = UseKeyVault
                      #^^^^^^^^^^^ warning[CC0308]: `Disabled` takes `true`, `false` or an expression, but after `=` `UseKeyVault` is plain text; write `:=` to evaluate it.
        "#]]);
    }

    #[test]
    fn accepts_strict_values_booleans_references_and_text() {
        super::RULE.check_fixture(expect![[r#"
            [parameter P]
            Conditions.Hidden = true
            Conditions.Excluded = $Flag
            Conditions.Required := UseKeyVault
            Widget.FalseValue = =undefined
            Config.Query = select Name from Cloud.Node where Cluster().IsTemplate =?= false
            Conditions.Disabled = SomethingUndeclared
            Config.Filter = "Package in {x}"
            Disabled = NotAParameter
            Required = true
        "#]]);
    }

    #[test]
    fn fix_switches_to_strict() {
        expect![[r#"
            Replace `=` with `:=`
            [parameter A]
            [parameter B]
            Conditions.Hidden:=!A # hide
        "#]]
        .assert_eq(&super::RULE.fix(
            "[parameter A]\n[parameter B]\nConditions.Hidden=!A # hide\n",
            0,
        ));
    }
}
