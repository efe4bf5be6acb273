//! CC0703: a parameter-file value of the wrong JSON type for the parameter's `ParameterType`.

use crate::diagnostic::Severity;
use crate::params_file::declared::{is_true, parameter_type};
use crate::params_file::{JsonKind, JsonValue, ParamsContext, ParamsRule};

/// The rule.
pub(crate) static RULE: ParamsRule = ParamsRule {
    code: "CC0703",
    name: "params-value-type",
    severity: Severity::Error,
    summary: "A parameter-file value of the wrong type for the parameter's `ParameterType`",
    doc: r#"## What it finds

A value whose JSON type cannot be what the parameter's `ParameterType` takes: anything but
`true`/`false` for `Boolean`, anything but a whole number for `Integer`, a number, boolean, array
or object for a name-like type (`Cloud.Region`, `Cloud.MachineType`, `Cloud.Image`,
`Cloud.Credentials`, `Azure.Subnet`, …; an array is fine for a `Config.MultiSelect` parameter),
a boolean or object for `StringList`. Strings spelling a boolean or a whole number are
accepted for `Boolean` and `Integer`, and `null` (no value) always is. Types whose values are not
pinned down (`String`, `Record`, `Cloud.ClusterInitSpecs`, …) are not checked.

## Why it matters

The value reaches the template as the wrong kind: `"MaxCores": "many"` breaks the autoscale
arithmetic, `"Region": 1` is no region.

## Example

```json
{ "UsePublic": "yes", "MaxCores": 10.5 }
```

## Fix

Write the value the type takes: `true`/`false`, a whole number, a name in double quotes, a list
of strings.
"#,
    check,
};

/// Types whose values are one name or identifier, written as a JSON string.
const NAME_TYPES: &[&str] = &[
    "cloud.region",
    "cloud.machinetype",
    "cloud.image",
    "cloud.credentials",
    "cloud.provider",
    "azure.subnet",
    "azure.location",
    "azure.resourcegroup",
    "azure.storageaccount",
    "azure.machinetype",
    "azure.managedidentity",
];

fn check(context: &mut ParamsContext<'_>) {
    let model = context.model;
    for member in &context.file.members {
        let Some(parameter) = model.parameter(&member.key) else {
            continue;
        };
        let kind = parameter_type(parameter);
        let value = &member.value;
        let expected = match kind.as_str() {
            "boolean" if !is_boolean(value) => "true or false",
            "integer" if !is_integer(value) => "a whole number",
            "stringlist"
                if matches!(
                    value.kind,
                    JsonKind::Bool(_) | JsonKind::Number(_) | JsonKind::Object(_)
                ) =>
            {
                "a list of strings (or one comma-separated string)"
            }
            name if NAME_TYPES.contains(&name) => match value.kind {
                JsonKind::Null | JsonKind::String(_) => continue,
                JsonKind::Array(_) if is_true(model, parameter, "Config.MultiSelect") => continue,
                _ => "a name in double quotes",
            },
            _ => continue,
        };
        let message = format!(
            "`{}` is a `{}` parameter and takes {expected}, not {}",
            parameter.name,
            parameter
                .parameter_type
                .as_deref()
                .unwrap_or("String")
                .trim(),
            value.kind_name()
        );
        context.report(value.range.clone(), message);
    }
}

fn is_boolean(value: &JsonValue) -> bool {
    match &value.kind {
        JsonKind::Null | JsonKind::Bool(_) => true,
        JsonKind::String(text) => {
            text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
        }
        _ => false,
    }
}

fn is_integer(value: &JsonValue) -> bool {
    match &value.kind {
        JsonKind::Null => true,
        JsonKind::Number(text) => is_whole_number(text),
        JsonKind::String(text) => is_whole_number(text.trim()),
        _ => false,
    }
}

/// An optional `-` and digits: what an `Integer` parameter holds.
fn is_whole_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::params_file::testing::{findings, TEMPLATE};

    #[test]
    fn reports_values_of_the_wrong_type() {
        let params = r#"{
  "UsePublic": "yes",
  "MaxCores": 10.5,
  "Region": 1,
  "Size": ["Standard_D4s_v5"],
  "Mounts": true,
  "Credentials": {"a": 1}
}"#;
        expect![[r#"
            2:16 error[CC0703] `"yes"`: `UsePublic` is a `Boolean` parameter and takes true or false, not a string
            3:15 error[CC0703] `10.5`: `MaxCores` is a `Integer` parameter and takes a whole number, not a number
            4:13 error[CC0703] `1`: `Region` is a `Cloud.Region` parameter and takes a name in double quotes, not a number
            5:11 error[CC0703] `["Standard_D4s_v5"]`: `Size` is a `Cloud.MachineType` parameter and takes a name in double quotes, not an array
            6:13 error[CC0703] `true`: `Mounts` is a `StringList` parameter and takes a list of strings (or one comma-separated string), not a boolean
            7:18 error[CC0703] `{"a": 1}`: `Credentials` is a `Cloud.Credentials` parameter and takes a name in double quotes, not an object
        "#]]
        .assert_eq(&findings("CC0703", TEMPLATE, params));
    }

    #[test]
    fn accepts_the_forms_each_type_takes() {
        let params = r#"{
  "UsePublic": "True", "MaxCores": "12", "Region": "westeurope", "Size": null,
  "Mounts": ["a", "b"], "Scheduler": 3, "Credentials": "azure"
}"#;
        expect![[""]].assert_eq(&findings("CC0703", TEMPLATE, params));
        let multi =
            "[[[parameter Sizes]]]\nParameterType = Cloud.MachineType\nConfig.MultiSelect = true\n";
        expect![[""]].assert_eq(&findings(
            "CC0703",
            multi,
            r#"{"Sizes": ["Standard_D4s_v5"]}"#,
        ));
    }
}
