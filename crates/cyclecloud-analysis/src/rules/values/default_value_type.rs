//! CC0311: a parameter `DefaultValue` that does not fit its `ParameterType` or numeric bounds.

use cyclecloud_catalog::ValueType;
use cyclecloud_syntax::ast::AssignOp;

use super::subnet_id_format::subnet_value_problem;
use super::util;
use crate::model::ValueShape;
use crate::rules::prelude::*;
use crate::vocabulary::is_placeholder;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0311",
    name: "default-value-type",
    severity: Severity::Warning,
    spec: "R48",
    summary: "Parameter default that does not fit its type or number bounds",
    doc: "\
## What it finds
In a `[[[parameter]]]`:
* a literal `DefaultValue` that is not `true`/`false` for a `Boolean` parameter, or not a whole
  number for an `Integer` one;
* for a number control (`Config.Plugin = pico.form.NumberTextBox`), a default that is not a
  number, a fraction with `Config.IntegerOnly = true`, or a default outside
  `Config.MinValue`…`Config.MaxValue`;
* `Config.MinValue` greater than `Config.MaxValue`;
* for an `Azure.Subnet` parameter, a default that is not `resourcegroup/vnet/subnet` (a full
  resource id, or another number of parts): the value becomes a node's `SubnetId`, which takes
  that form, so this is CC0304's check on the default.

## Why it matters
The form starts with a value the control cannot hold: a check box with the text `yes`, or a
number box whose default the form itself refuses, so users must correct it before creating the
cluster, or the wrong value reaches the nodes.

## Example
```
[parameter UseSpot]
ParameterType = Boolean
DefaultValue = flase

[parameter MaxCores]
Config.Plugin = pico.form.NumberTextBox
Config.MinValue = 1
Config.MaxValue = 100
DefaultValue = 500
```

## Fix
Give a default of the parameter's type inside its bounds (`DefaultValue = false`,
`DefaultValue = 100`), or correct the bounds.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for (section, _) in model.sections_of("parameter") {
        // The literal text of one of the section's attributes, with its line.
        let literal = |key: &str| {
            let line = &model.attributes[model.attribute_in(section, key)?];
            Some((line, line.loose_literal()?))
        };
        let parameter_type = literal("ParameterType").map(|(_, name)| name);
        let value_type = parameter_type
            .and_then(|name| context.catalog.parameter_type(name))
            .map(|parameter_type| parameter_type.value_type);
        let number_control = literal("Config.Plugin").is_some_and(|(_, name)| {
            context.catalog.plugins("Config.Plugin").any(|plugin| {
                plugin.name.eq_ignore_ascii_case(name)
                    && plugin
                        .config_keys
                        .iter()
                        .any(|key| key.eq_ignore_ascii_case("Config.MinValue"))
            })
        });
        let integer_only = literal("Config.IntegerOnly")
            .is_some_and(|(_, value)| value.eq_ignore_ascii_case("true"));
        let bound =
            |key| literal(key).and_then(|(line, value)| Some((line, util::parse_number(value)?)));
        let (min, max) = (bound("Config.MinValue"), bound("Config.MaxValue"));

        if let (Some((min_line, low)), Some((max_line, high))) = (min, max) {
            if low > high {
                let message = format!(
                    "`{}` ({}) is greater than `{}` ({}), so no value is allowed; swap or correct them.",
                    min_line.key, min_line.value, max_line.key, max_line.value
                );
                context.report(max_line.value_range(), message);
            }
        }

        let Some(attr) = model.attribute_in(section, "DefaultValue") else {
            continue;
        };
        let line = &model.attributes[attr];
        if line.op != AssignOp::Loose || is_placeholder(&line.value) {
            continue;
        }
        let (key, range) = (&line.key, line.value_range());
        let numeric = number_control || value_type == Some(ValueType::Integer);
        // What is wrong with the default, with a fix when one is known.
        let problem = || -> Option<(String, Option<Fix>)> {
            let boolean = value_type == Some(ValueType::Boolean);
            if line.shape == ValueShape::List && (numeric || boolean) {
                let list = &line.value;
                let message = format!(
                    "`{key}` must be a single value here, but the commas make `{list}` a list."
                );
                return Some((message, None));
            }
            let value = line.literal_value()?;
            if parameter_type.is_some_and(|name| name.eq_ignore_ascii_case("Azure.Subnet")) {
                let subject = format_args!("`{key}` of an `Azure.Subnet` parameter");
                return subnet_value_problem(value, subject, range.clone());
            }
            if boolean && !util::is_boolean_literal(value) {
                let message = format!(
                    "`{key}` of a Boolean parameter must be `true` or `false`, not `{value}`."
                );
                let fix = util::closest(value, ["true", "false"])
                    .map(|replacement| Fix::replace(range.clone(), replacement));
                return Some((message, fix));
            }
            if boolean || !numeric {
                return None;
            }
            let Some(number) = util::parse_number(value) else {
                let message =
                    format!("`{key}` of a number parameter must be a number, not `{value}`.");
                return Some((message, None));
            };
            if (integer_only || value_type == Some(ValueType::Integer))
                && !util::is_integer_literal(value)
            {
                let message = format!("`{key}` must be a whole number here, not `{value}`.");
                return Some((message, None));
            }
            let (side, bound) = match (min, max) {
                (Some((bound, low)), _) if number < low => ("below", bound),
                (_, Some((bound, high))) if number > high => ("above", bound),
                _ => return None,
            };
            let message = format!(
                "`{key}` {value} is {side} `{}` {}; the form would refuse its own default.",
                bound.key, bound.value
            );
            Some((message, None))
        };
        if let Some((message, fix)) = problem() {
            context.report_with_fix(range, message, fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_defaults_of_the_wrong_type_or_out_of_bounds() {
        super::RULE.check_fixture(expect![[r#"
            [parameter UseSpot]
            ParameterType = Boolean
            DefaultValue = flase
                          #^^^^^ warning[CC0311]: `DefaultValue` of a Boolean parameter must be `true` or `false`, not `flase`.
            [parameter Nodes]
            ParameterType = Integer
            DefaultValue = 2.5
                          #^^^ warning[CC0311]: `DefaultValue` must be a whole number here, not `2.5`.
            [parameter MaxCores]
            Config.Plugin = pico.form.NumberTextBox
            Config.MinValue = 1
            Config.MaxValue = 100
            DefaultValue = 500
                          #^^^ warning[CC0311]: `DefaultValue` 500 is above `Config.MaxValue` 100; the form would refuse its own default.
            [parameter Disk]
            Config.Plugin = pico.form.NumberTextBox
            Config.IntegerOnly = true
            DefaultValue = big
                          #^^^ warning[CC0311]: `DefaultValue` of a number parameter must be a number, not `big`.
            [parameter Backwards]
            Config.MinValue = 10
            Config.MaxValue = 5
                             #^ warning[CC0311]: `Config.MinValue` (10) is greater than `Config.MaxValue` (5), so no value is allowed; swap or correct them.
            DefaultValue = 1, 2
                          #^^^^ warning[CC0311]: `DefaultValue` must be a single value here, but the commas make `1, 2` a list.
            ParameterType = Integer
        "#]]);
    }

    #[test]
    fn accepts_fitting_defaults_references_and_other_types() {
        super::RULE.check_fixture(expect![[r#"
            [parameter UseSpot]
            parametertype = boolean
            defaultvalue = True
            [parameter Nodes]
            ParameterType = Integer
            DefaultValue = $Other
            [parameter MaxCores]
            Config.Plugin = pico.form.NumberTextBox
            Config.MinValue = 1
            Config.MaxValue = 100
            DefaultValue = 100
            [parameter Name]
            DefaultValue = yes
            [parameter Flag]
            ParameterType = Boolean
            DefaultValue := undefined
        "#]]);
    }

    #[test]
    fn fix_corrects_a_boolean_typo() {
        expect![[r#"
            Replace with `true`
            [parameter P]
            ParameterType = Boolean
            DefaultValue = true
        "#]]
        .assert_eq(&super::RULE.fix(
            "[parameter P]\nParameterType = Boolean\nDefaultValue = ture\n",
            0,
        ));
    }

    #[test]
    fn subnet_defaults_take_the_short_form() {
        super::RULE.check_fixture(expect![[r#"
            [parameter SubnetId]
            ParameterType = Azure.Subnet
            DefaultValue = /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vn/subnets/sn
                          #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0311]: `DefaultValue` of an `Azure.Subnet` parameter takes `resourcegroup/vnet/subnet`, not a full resource id; write `rg/vn/sn`.
            [parameter Other]
            ParameterType = Azure.Subnet
            DefaultValue = compute
                          #^^^^^^^ warning[CC0311]: `DefaultValue` of an `Azure.Subnet` parameter takes `resourcegroup/vnet/subnet`: three names separated by `/`.
            [parameter Fine]
            ParameterType = Azure.Subnet
            DefaultValue = "rg/vn/sn"
            [parameter NotASubnet]
            ParameterType = String
            DefaultValue = compute
        "#]]);
        assert!(super::RULE.fix(
            "[parameter S]\nParameterType = Azure.Subnet\nDefaultValue = /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vn/subnets/sn\n",
            0
        )
        .contains("DefaultValue = rg/vn/sn\n"));
    }
}
