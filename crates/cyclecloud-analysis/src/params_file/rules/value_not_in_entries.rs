//! CC0704: a parameter-file value a choice parameter does not offer.

use crate::diagnostic::Severity;
use crate::params_file::declared::{entry_values, is_true, literal};
use crate::params_file::{ParamsContext, ParamsRule};

/// The rule.
pub(crate) static RULE: ParamsRule = ParamsRule {
    code: "CC0704",
    name: "params-value-not-in-entries",
    severity: Severity::Warning,
    summary: "A parameter-file value that a dropdown parameter's `Config.Entries` do not offer",
    doc: r#"## What it finds

A value for a parameter shown as a fixed choice (`Config.Plugin = pico.form.Dropdown` or
`pico.form.RadioButtonsControl`) that none of its `[[[[list Config.Entries]]]]` blocks offers as
`Value` (compared ignoring case). Parameters with `Config.FreeForm = true` or
`Config.MultiSelect = true`, entries written as an expression, or entries whose value is computed
are not checked.

## Why it matters

The template was written for the offered values only (`Scheduler = slurm` or `pbspro`); another
value reaches conditions and cluster-init scripts that do not expect it.

## Example

```json
{ "Scheduler": "lsf" }
```

## Fix

Use one of the offered values, or add an entry for the new one to the template.
"#,
    check,
};

/// Choice widgets that accept only their entries.
const CHOICE_PLUGINS: &[&str] = &["pico.form.Dropdown", "pico.form.RadioButtonsControl"];

fn check(context: &mut ParamsContext<'_>) {
    let model = context.model;
    for member in &context.file.members {
        let Some(parameter) = model.parameter(&member.key) else {
            continue;
        };
        let Some(text) = member.value.scalar_text() else {
            continue;
        };
        let restricted = literal(model, parameter, "Config.Plugin").is_some_and(|plugin| {
            CHOICE_PLUGINS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(plugin))
        }) && !is_true(model, parameter, "Config.FreeForm")
            && !is_true(model, parameter, "Config.MultiSelect");
        if !restricted {
            continue;
        }
        let Some(values) = entry_values(model, parameter) else {
            continue;
        };
        if values.iter().any(|value| value.eq_ignore_ascii_case(text)) {
            continue;
        }
        let offered = values
            .iter()
            .map(|value| format!("`{value}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = format!(
            "`{}` offers only {offered}; `{text}` is not one of them",
            parameter.name
        );
        context.report(member.value.range.clone(), message);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::params_file::testing::{findings, TEMPLATE};

    #[test]
    fn reports_values_a_dropdown_does_not_offer() {
        let params = "{\"Scheduler\": \"lsf\", \"Version\": \"2.0\"}";
        expect![[r#"
            1:15 warning[CC0704] `"lsf"`: `Scheduler` offers only `slurm`, `pbspro`; `lsf` is not one of them
        "#]]
        .assert_eq(&findings("CC0704", TEMPLATE, params));
    }

    #[test]
    fn silent_for_offered_values_and_unknown_entries() {
        expect![[""]].assert_eq(&findings("CC0704", TEMPLATE, "{\"Scheduler\": \"PBSPro\"}"));
        let computed =
            "[[[parameter S]]]\nConfig.Plugin = pico.form.Dropdown\nConfig.Entries := $Choices\n";
        expect![[""]].assert_eq(&findings("CC0704", computed, "{\"S\": \"x\"}"));
        let no_plugin = "[[[parameter S]]]\n[[[[list Config.Entries]]]]\nValue = a\n";
        expect![[""]].assert_eq(&findings("CC0704", no_plugin, "{\"S\": \"x\"}"));
    }
}
