//! CC0702: a name in a parameter file that the template does not declare.

use crate::diagnostic::Severity;
use crate::params_file::{ParamsContext, ParamsRule};

/// The rule.
pub(crate) static RULE: ParamsRule = ParamsRule {
    code: "CC0702",
    name: "params-unknown-parameter",
    severity: Severity::Warning,
    summary: "A parameter-file name the template declares no `[parameter]` for",
    doc: r#"## What it finds

A key of the parameter file that names no `[parameter]` of the template (names compare ignoring
case). A close declared name is suggested.

## Why it matters

CycleCloud keeps the value but nothing reads it: a typo (`Regoin`) leaves the parameter at its
default, and the cluster comes up somewhere else than intended.

## Example

```json
{ "Regoin": "westeurope" }
```

## Fix

Use the name the template declares (`Region`), or remove the line.
"#,
    check,
};

fn check(context: &mut ParamsContext<'_>) {
    let model = context.model;
    // A template without parameters is not one this file was written for (or not a template).
    if model.parameters.is_empty() {
        return;
    }
    for member in &context.file.members {
        if model.declarations(&member.key).is_some() {
            continue;
        }
        let lower = member.key.to_ascii_lowercase();
        let suggestion = model
            .parameters
            .iter()
            .map(|parameter| {
                let score = strsim::jaro_winkler(&lower, &parameter.name.to_ascii_lowercase());
                (score, parameter.name.as_str())
            })
            .filter(|&(score, _)| score >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let message = match suggestion {
            Some((_, name)) => format!(
                "the template declares no parameter `{}`; did you mean `{name}`?",
                member.key
            ),
            None => format!("the template declares no parameter `{}`", member.key),
        };
        context.report(member.key_range.clone(), message);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::params_file::testing::{findings, TEMPLATE};

    #[test]
    fn reports_undeclared_names_with_a_suggestion() {
        let params =
            "{\n  \"Regoin\": \"westeurope\",\n  \"region\": \"westeurope\",\n  \"Colour\": 1\n}";
        expect![[r#"
            2:3 warning[CC0702] `"Regoin"`: the template declares no parameter `Regoin`; did you mean `Region`?
            4:3 warning[CC0702] `"Colour"`: the template declares no parameter `Colour`
        "#]]
        .assert_eq(&findings("CC0702", TEMPLATE, params));
    }

    #[test]
    fn silent_when_the_template_declares_no_parameters() {
        expect![[""]].assert_eq(&findings("CC0702", "[cluster c]\n", "{\"Anything\": 1}"));
    }
}
