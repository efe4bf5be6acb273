//! CC0706: a required parameter that has neither a value in the parameter file nor a default.

use crate::diagnostic::Severity;
use crate::params_file::declared::{has, is_true};
use crate::params_file::{ParamsContext, ParamsRule};

/// The rule.
pub(crate) static RULE: ParamsRule = ParamsRule {
    code: "CC0706",
    name: "params-missing-required",
    severity: Severity::Warning,
    summary: "A `Required = true` parameter with no value in the parameter file and no default",
    doc: r#"## What it finds

A parameter declared `Required = true`, with no `DefaultValue` (or `DefaultValue = =undefined`),
that the parameter file gives no value (or `null`). Parameters that are conditionally required,
excluded or disabled (`Conditions.*`, `Disabled`) are not checked; `-P name=value` on the command
line can still supply the value, so this is a warning.

## Why it matters

`cyclecloud create_cluster` with such a file creates a cluster the web form would have refused:
the template reads an undefined value where it needs one (a region, credentials, a subnet).

## Example

```json
{ "Size": "Standard_D4s_v5" }
```

(with `[[[parameter Region]]]` declaring `Required = true` and no default)

## Fix

Add the parameter to the file, or give it a `DefaultValue` in the template.
"#,
    check,
};

fn check(context: &mut ParamsContext<'_>) {
    let model = context.model;
    if context.file.error.is_some() {
        return;
    }
    for parameter in &model.parameters {
        if !is_true(model, parameter, "Required")
            || [
                "Conditions.Required",
                "Conditions.Excluded",
                "Disabled",
                "Conditions.Disabled",
            ]
            .iter()
            .any(|key| has(model, parameter, key))
        {
            continue;
        }
        let has_default = parameter.default_value.as_deref().is_some_and(|value| {
            let value = value.trim().trim_start_matches('=').trim();
            !value.is_empty() && !value.eq_ignore_ascii_case("undefined")
        });
        let given = context.file.members.iter().any(|member| {
            member.key.eq_ignore_ascii_case(&parameter.name)
                && member.value.kind != crate::params_file::JsonKind::Null
        });
        if has_default || given {
            continue;
        }
        let open = context.file.range.start..context.file.range.start + 1;
        let message = format!(
            "the template requires `{}` and gives it no default; the parameter file sets no value",
            parameter.name
        );
        context.report(open, message);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::params_file::testing::{findings, TEMPLATE};

    #[test]
    fn reports_required_parameters_left_out() {
        expect![[r#"
            1:1 warning[CC0706] `{`: the template requires `Region` and gives it no default; the parameter file sets no value
            1:1 warning[CC0706] `{`: the template requires `Credentials` and gives it no default; the parameter file sets no value
        "#]]
        .assert_eq(&findings("CC0706", TEMPLATE, "{\"Region\": null}"));
    }

    #[test]
    fn silent_when_given_defaulted_or_conditional() {
        let params = "{\"region\": \"westeurope\", \"Credentials\": \"azure\"}";
        expect![[""]].assert_eq(&findings("CC0706", TEMPLATE, params));
        let conditional = "[[[parameter R]]]\nRequired = true\nConditions.Excluded := true\n";
        expect![[""]].assert_eq(&findings("CC0706", conditional, "{}"));
        let defaulted = "[[[parameter R]]]\nRequired = true\nDefaultValue = westeurope\n";
        expect![[""]].assert_eq(&findings("CC0706", defaulted, "{}"));
    }
}
