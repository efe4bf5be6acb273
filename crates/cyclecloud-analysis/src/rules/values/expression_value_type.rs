//! CC0316: an expression whose value, worked out from literals and parameter defaults, has a
//! type its attribute does not take.

use cyclecloud_catalog::ValueType;

use super::util;
use crate::eval::Value;
use crate::model::ValueShape;
use crate::render::LineValues;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0316",
    name: "expression-value-type",
    severity: Severity::Warning,
    spec: "R28",
    summary: "An expression whose evaluated value has the wrong type for its attribute",
    doc: "\
## What it finds
A `:=` expression or a `${…}` value of an attribute the catalog types as a whole number, a
number or a boolean (`MaxCount`, `Size`, `MaxPrice`, `Interruptible`, …) whose value, worked
out as `render` does from literals and parameter defaults, is of another type: text that is no
number (or no `true`/`false`), a list, a record, or a fraction for a whole number.

Only definite values are judged: nothing that depends on `ClusterName`, an environment or
noderef (known after deployment), a parameter without a default, a name the template does not
declare (CC0101 reports those) or a call with the wrong arguments (CC0111). Text that reads as
the right type (`\"10\"` for a number) is not reported. Literal values are CC0301's and
CC0302's.

## Why it matters
CycleCloud stores what the expression gives; a node whose count, size or switch holds text or a
list fails when the cluster starts, or the setting is ignored, long after the template imported.

## Example
```
[cluster demo]
    [[nodearray execute]]
    MaxCount := ifThenElse(Large, \"many\", 10)
    Interruptible = ${Spot}

[parameters Settings]
    [[parameter Large]]
    ParameterType = Boolean
    DefaultValue = true
    [[parameter Spot]]
    DefaultValue = yes
```

## Fix
Make the expression give the attribute's type (`ifThenElse(Large, 100, 10)`), or fix the
parameter's default (`DefaultValue = true`).
",
    check,
    has_fix: false,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let mut values = None;
    for attr in context.line_ids() {
        let line = &model.attributes[attr];
        let Some(expected) = line.catalog.map(|entry| entry.value_type) else {
            continue;
        };
        if !matches!(
            expected,
            ValueType::Integer | ValueType::Float | ValueType::Boolean
        ) {
            continue;
        }
        let is_expression = match line.shape {
            ValueShape::Expression => !line.clears_value(),
            ValueShape::Reference => line.value.contains("${"),
            _ => false,
        };
        if !is_expression {
            continue;
        }
        let values = values.get_or_insert_with(|| LineValues::new(context.snapshot, model));
        let Ok(value) = values.line(attr) else {
            continue;
        };
        if let Some(problem) = problem(expected, &value) {
            let message = format!(
                "`{}` takes {problem}, but this value is {}",
                line.key,
                shown(&value)
            );
            context.report(line.value_range(), message);
        }
    }
}

/// What the attribute takes, when `value` does not fit `expected`.
fn problem(expected: ValueType, value: &Value) -> Option<&'static str> {
    match (expected, value) {
        (_, Value::Undefined) => None,
        (ValueType::Integer, Value::Integer(_)) => None,
        (ValueType::Integer, Value::Real(x)) if x.fract() == 0.0 => None,
        (ValueType::Integer, Value::String(text)) if util::is_integer_literal(text.trim()) => None,
        (ValueType::Integer, _) => Some("a whole number"),
        (ValueType::Float, Value::Integer(_) | Value::Real(_)) => None,
        (ValueType::Float, Value::String(text)) if util::parse_number(text.trim()).is_some() => {
            None
        }
        (ValueType::Float, _) => Some("a number"),
        (ValueType::Boolean, Value::Bool(_)) => None,
        (ValueType::Boolean, Value::String(text)) if util::is_boolean_literal(text) => None,
        (ValueType::Boolean, _) => Some("`true` or `false`"),
        _ => None,
    }
}

/// The value as the message shows it: its type and at most 40 characters of it.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    let short: String = text.chars().take(40).collect();
    let ellipsis = if short.len() < text.len() { "…" } else { "" };
    format!("the {} `{short}{ellipsis}`", value.type_name())
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_definite_values_of_the_wrong_type() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[nodearray execute]]
                MaxCount := ifThenElse(Large, "many", 10)
                           #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0316]: `MaxCount` takes a whole number, but this value is the string `"many"`
                Interruptible = ${Spot}
                               #^^^^^^^ warning[CC0316]: `Interruptible` takes `true` or `false`, but this value is the string `"yes"`
                MaxPrice := {1, 2}
                           #^^^^^^ warning[CC0316]: `MaxPrice` takes a number, but this value is the list `{1, 2}`
                InitialCount := 5 / 2.0
                               #^^^^^^^ warning[CC0316]: `InitialCount` takes a whole number, but this value is the real `2.5`
                    [[[volume data]]]
                    Size = ${Base}
                          #^^^^^^^ warning[CC0316]: `Size` takes a whole number, but this value is the string `"big"`

            [parameters Settings]
                [[parameter Large]]
                ParameterType = Boolean
                DefaultValue = true
                [[parameter Spot]]
                DefaultValue = yes
                [[parameter Base]]
                DefaultValue = big
        "#]]);
    }

    #[test]
    fn indefinite_and_fitting_values_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                MaxCount := Cores * 2
                [[nodearray execute]]
                Cores = 4
                MaxCount := ifThenElse(Large, 100, 10)
                Interruptible = ${Spot}
                MaxPrice := ifThenElse(Spot, -1, 0.5)
                InitialCount := undefined
                MaxCoreCount := Unset * 2
                CoreCount := size(ClusterName)
                Size := Typo + 1
                KeepAlive := Ext.Running
                ShutdownPolicy := "Deallocate"
                MaxPrice := "0.25"
                InitialCount = 3
                    [[[volume data]]]
                    Size = ${Count}0
                    Persistent := Big * 2

            [environment Ext]

            [parameters Settings]
                [[parameter Large]]
                ParameterType = Boolean
                DefaultValue = false
                [[parameter Spot]]
                DefaultValue = true
                [[parameter Unset]]
                [[parameter Count]]
                DefaultValue = 10
                [[parameter Big]]
                DefaultValue = big
        "#]]);
    }

    #[test]
    fn an_undefined_name_in_an_expression_is_reported_once_by_cc0101() {
        let text = "[cluster demo]\n[[nodearray a]]\nMaxCount := Typo + 1\nSize = ${Typo}\n";
        let findings: Vec<(&str, usize)> = crate::testing::diagnostics("", text)
            .iter()
            .filter(|d| text[d.range.clone()].contains("Typo"))
            .map(|d| (d.code, d.range.start))
            .collect();
        let first = text.find("Typo").unwrap();
        let second = text.rfind("Typo").unwrap();
        assert_eq!(findings, vec![("CC0101", first), ("CC0101", second)]);
    }
}
