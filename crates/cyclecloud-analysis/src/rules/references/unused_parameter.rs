//! CC0104: a declared parameter that nothing references.

use crate::model::{IdVec, Model, ParamId, ParamInfo};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0104",
    name: "unused-parameter",
    severity: Severity::Hint,
    spec: "R12",
    summary: "A `[[[parameter]]]` that no `$Name` or expression uses",
    doc: "\
## What it finds
A `[[[parameter X]]]` whose name (ignoring case) is never used: no `$X`, no `X` inside `${…}`,
a `:=` expression, a `Conditions.*` or `Config.*` expression, a header name, a
`Config.Filter`/`Config.Query` text or an environment's `@X` value. Display-only parameters (an `HtmlTemplate` type or widget,
or `HideLabel = true`) are left alone: they show text and hold no value. So are fragments
(files whose headers all have two or more brackets, such as a lone `[[[parameter X]]]` that a
generator pastes into a full template): the references are in the other pieces.

## Why it matters
A parameter reaches the cluster only through references. One that nothing uses still appears in
the creation form, where users fill it in for nothing; often it is a leftover of a removed
feature or a reference that was misspelt.

## Example
```
[cluster demo]
    [[node scheduler]]
    MachineType = Standard_D4s_v5

[[[parameter SchedulerMachineType]]]
DefaultValue = Standard_D4s_v5
```

## Fix
Use the parameter (`MachineType = $SchedulerMachineType`) or delete its section.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    if model.is_fragment() {
        return;
    }
    let mut used: IdVec<ParamId, bool> = IdVec::filled(false, model.parameters.len());
    let referenced = model.value_references().map(|(_, declared)| declared);
    // The model leaves these to their own scope, but a parameter named there is still used.
    let outside = model
        .names_outside_references()
        .map(|name| model.declarations(name).unwrap_or_default());
    // Every reference to a name gets all of that name's declarations: once the first is
    // marked, so are the others (a name declared many times is referenced many times).
    for declared in referenced.chain(outside) {
        if declared.first().is_some_and(|&first| !used[first]) {
            for &param in declared {
                used[param] = true;
            }
        }
    }
    for (param, is_used) in model.parameters.iter().zip(used) {
        if is_used || is_display_only(context, model, param) {
            continue;
        }
        let message = format!(
            "Parameter `{}` is never referenced; use it or remove its section",
            param.name
        );
        let diagnostic = context.diagnostic(param.name_range.clone(), message);
        context.push(diagnostic.with_tag(Tag::Unnecessary));
    }
}

/// Whether a parameter only shows text: an HTML widget or type, or a hidden label.
fn is_display_only(context: &Context<'_>, model: &Model, param: &ParamInfo) -> bool {
    let value = |key: &str| {
        model
            .attribute_in(param.section, key)
            .map(|attr| model.attributes[attr].unquoted_value())
    };
    let catalog = context.catalog;
    value("HideLabel").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || value("ParameterType")
            .and_then(|v| catalog.parameter_type(v))
            .is_some_and(|t| t.display_only)
        || value("Config.Plugin").is_some_and(|v| {
            catalog
                .plugins("Config.Plugin")
                .any(|p| p.display_only && p.name.eq_ignore_ascii_case(v))
        })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_parameter_nothing_uses() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            MachineType = $Size
            [parameter Size]
            [parameter Unused]
                      #^^^^^^ hint[CC0104]: Parameter `Unused` is never referenced; use it or remove its section
            [parameter UsedInCondition]
            [parameter Shown]
                      #^^^^^ hint[CC0104]: Parameter `Shown` is never referenced; use it or remove its section
            Conditions.Hidden := !usedincondition
        "#]]);
    }

    #[test]
    fn display_only_parameters_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [parameter About]
            HideLabel = true
            Config.Template = '''<p>Hello</p>'''
            [parameter Intro]
            ParameterType = HtmlTemplate
            [parameter Note]
            Config.Plugin = pico.widget.HtmlTemplateWidget
            Config.Query = select Name from Cloud.Spec where Version == version
            [parameter Version]
        "#]]);
    }

    #[test]
    fn fragments_are_quiet_but_a_full_template_is_not() {
        // A lone parameter that a generator pastes into the template that uses it.
        let fragment = "[[[parameter GPUSpotMaxPrice]]]\nLabel = Max price\nDefaultValue = -1\n";
        assert_eq!(diagnostics("CC0104", fragment), []);
        let full = format!("[parameters Spot]\n{fragment}");
        assert_eq!(diagnostics("CC0104", &full).len(), 1);
    }
}
