//! CC0301: a boolean attribute whose literal value is not `true` or `false`.

use cyclecloud_catalog::ValueType;

use super::util;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0301",
    name: "invalid-boolean",
    severity: Severity::Error,
    spec: "R27",
    summary: "Boolean attribute with a literal other than true or false",
    doc: "\
## What it finds
An attribute the catalog types as boolean (`Interruptible`, `InstallJetpack`, `Required`,
`cyclecloud.mounts.*.disabled`, …) whose value is a literal other than `true` or `false` (any
case): `yes`, `no`, a typo such as `flase`, a number, other text. References (`$Flag`) and
expressions (`:= …`) are not judged, and a value that reads as an expression after `=` (a
parameter name, `!Flag`) is left to CC0308.

`Disabled` or `Hidden` (of a parameter or volume) set to a plain name that no parameter declares
is a warning, not an error: CycleCloud imports it (the official Azure/cyclecloud-slurm templates
ship `Disabled = configuration_slurm_ha_enabled` in a file without that parameter), but the
value is then the text of the name, not the parameter's value.

## Why it matters
Only `true` and `false` are booleans; anything else is read as text, so CycleCloud either
rejects the value or treats it as something the author did not mean.

## Example
```
[cluster demo]
    [[node scheduler]]
    AwaitInstallation = yes
    KeepAlive = flase
```

## Fix
Write `true` or `false` (the quick fix offers the closest one), or `$Flag` to use a parameter.
",
    check,
    has_fix: true,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute, value) in util::known_literals(context) {
        // A value meant as an expression after `=` is CC0308's: it says to write `:=`.
        if attribute.value_type != ValueType::Boolean
            || util::is_boolean_literal(value)
            || util::looks_like_expression(context, line)
        {
            continue;
        }
        let (key, range) = (&line.key, line.value_range());
        let replacement = match value {
            yes if yes.eq_ignore_ascii_case("yes") => Some("true"),
            no if no.eq_ignore_ascii_case("no") => Some("false"),
            _ => util::closest(value, ["true", "false"]),
        };
        let message = match replacement {
            Some(replacement) => format!(
                "`{key}` must be `true` or `false`, not `{value}`; did you mean `{replacement}`?"
            ),
            // `Disabled`/`Hidden` set to a plain, unquoted name: meant as a reference to a
            // parameter (declared ones are left to CC0308); it imports, so it is not an error.
            None if (line.key_is("Disabled") || line.key_is("Hidden"))
                && util::is_identifier(line.value.trim()) =>
            {
                let message = format!(
                    "`{key} = {value}` names no parameter declared in this file: CycleCloud imports it, \
                     but reads the text `{value}`, not a parameter's value; declare `{value}` or write \
                     `true`/`false`"
                );
                let diagnostic = context.diagnostic(range, message);
                context.push(diagnostic.with_severity(Severity::Warning));
                continue;
            }
            None => format!("`{key}` must be `true` or `false`, not `{value}`."),
        };
        let fix = replacement.map(|replacement| Fix::replace(range.clone(), replacement));
        context.report_with_fix(range, message, fix);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_non_boolean_literals() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                AwaitInstallation = flase
                                   #^^^^^ error[CC0301]: `AwaitInstallation` must be `true` or `false`, not `flase`; did you mean `false`?
                InstallJetpack = yes
                                #^^^ error[CC0301]: `InstallJetpack` must be `true` or `false`, not `yes`; did you mean `true`?
                EnableTerminateNotification = 1
                                             #^ error[CC0301]: `EnableTerminateNotification` must be `true` or `false`, not `1`.
                [[node n]]
                KeepAlive = "sometimes"
                           #^^^^^^^^^^^ error[CC0301]: `KeepAlive` must be `true` or `false`, not `sometimes`.
            [[parameter Replicas]]
            Disabled = configuration_slurm_ha_enabled
                      #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0301]: `Disabled = configuration_slurm_ha_enabled` names no parameter declared in this file: CycleCloud imports it, but reads the text `configuration_slurm_ha_enabled`, not a parameter's value; declare `configuration_slurm_ha_enabled` or write `true`/`false`
            Hidden = Flase
                    #^^^^^ error[CC0301]: `Hidden` must be `true` or `false`, not `Flase`; did you mean `false`?
            [[parameter Other]]
            Hidden = "UseHA"
                    #^^^^^^^ error[CC0301]: `Hidden` must be `true` or `false`, not `UseHA`.
        "#]]);
    }

    #[test]
    fn accepts_booleans_in_any_case_references_expressions_and_placeholders() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            Autoscale = TRUE
                [[nodearray a]]
                Interruptible = $Spot
                KeepAlive := ifThenElse(Spot, false, true)
                EphemeralOSDisk = {{ queue.ephemeral }}
                AwaitInstallation =
                Abstract = "False"
                    [[[configuration]]]
                    whatever = maybe
            [[parameter UseHA]]
            [[parameter Replicas]]
            Disabled = UseHA
            Required = !UseHA
        "#]]);
    }

    #[test]
    fn scheduler_keys_are_typed_too() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray a]]
                    [[[configuration]]]
                    slurm.hpc = maybe
                               #^^^^^ error[CC0301]: `slurm.hpc` must be `true` or `false`, not `maybe`.
                    slurm.autoscale = $Autoscale
                    slurm.my_flag = maybe
                    [[[configuration slurm]]]
                    default_partition = yes
                                       #^^^ error[CC0301]: `default_partition` must be `true` or `false`, not `yes`; did you mean `true`?
        "#]]);
    }

    #[test]
    fn fix_replaces_yes_and_no() {
        expect![[r#"
            Replace with `false`
            [cluster c]
            [[node n]]
            InstallJetpack = false
        "#]]
        .assert_eq(&super::RULE.fix("[cluster c]\n[[node n]]\nInstallJetpack = no\n", 0));
    }
}
