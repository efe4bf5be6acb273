//! CC0705: a parameter-file number outside the parameter's `Config.MinValue`/`Config.MaxValue`.

use crate::diagnostic::Severity;
use crate::params_file::declared::literal;
use crate::params_file::{ParamsContext, ParamsRule};

/// The rule.
pub(crate) static RULE: ParamsRule = ParamsRule {
    code: "CC0705",
    name: "params-value-out-of-range",
    severity: Severity::Warning,
    summary: "A parameter-file number below `Config.MinValue` or above `Config.MaxValue`",
    doc: r#"## What it finds

A number (or a string holding one) for a parameter whose declaration sets a literal
`Config.MinValue` or `Config.MaxValue`, outside those bounds.

## Why it matters

The web form would refuse the value; from a parameter file it reaches the cluster unchecked, and
the template's arithmetic (core counts, disk sizes) was not written for it.

## Example

```json
{ "MaxCores": 5000 }
```

## Fix

Use a value within the bounds, or widen the bounds in the template.
"#,
    check,
};

fn check(context: &mut ParamsContext<'_>) {
    let model = context.model;
    for member in &context.file.members {
        let Some(parameter) = model.parameter(&member.key) else {
            continue;
        };
        let Some(value) = member.value.scalar_text().and_then(parse_number) else {
            continue;
        };
        let bound = |key| literal(model, parameter, key).and_then(parse_number);
        let message = match (bound("Config.MinValue"), bound("Config.MaxValue")) {
            (Some(min), _) if value < min => {
                format!(
                    "`{}` is at least {min}; {value} is below it",
                    parameter.name
                )
            }
            (_, Some(max)) if value > max => {
                format!("`{}` is at most {max}; {value} is above it", parameter.name)
            }
            _ => continue,
        };
        context.report(member.value.range.clone(), message);
    }
}

/// A finite number written in decimal (`12`, `-0.5`, `1e3`).
fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
    text.parse::<f64>().ok().filter(|n| plain && n.is_finite())
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::params_file::testing::{findings, TEMPLATE};

    #[test]
    fn reports_numbers_outside_the_bounds() {
        expect![[r#"
            1:14 warning[CC0705] `5000`: `MaxCores` is at most 1000; 5000 is above it
        "#]]
        .assert_eq(&findings("CC0705", TEMPLATE, "{\"MaxCores\": 5000}"));
        expect![[r#"
            1:14 warning[CC0705] `"0"`: `MaxCores` is at least 1; 0 is below it
        "#]]
        .assert_eq(&findings("CC0705", TEMPLATE, "{\"MaxCores\": \"0\"}"));
    }

    #[test]
    fn silent_within_bounds_and_for_non_numbers() {
        for value in ["1", "1000", "\"many\"", "null", "[5000]"] {
            let params = format!("{{\"MaxCores\": {value}}}");
            assert_eq!(findings("CC0705", TEMPLATE, &params), "", "{value}");
        }
    }
}
