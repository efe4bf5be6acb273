//! Parameter values given from outside the template: on the command line (`-P NAME=VALUE`),
//! typed by the parameter, and in `-p` parameter files (read by [`crate::params_file`]).

use super::Value;
use crate::model::Model;
use crate::params_file::{JsonKind, JsonValue};

/// A parameter file's JSON value as a template value, as CycleCloud reads `-p FILE`: `null` is
/// `undefined`, a whole number an integer, other numbers reals, arrays lists, objects records.
pub fn json_value(value: &JsonValue) -> Value {
    match &value.kind {
        JsonKind::Null => Value::Undefined,
        JsonKind::Bool(b) => Value::Bool(*b),
        JsonKind::Number(text) => match text.parse::<i64>() {
            Ok(n) => Value::Integer(n),
            Err(_) => Value::Real(text.parse::<f64>().unwrap_or(f64::NAN)),
        },
        JsonKind::String(text) => Value::String(text.clone()),
        JsonKind::Array(items) => Value::List(items.iter().map(json_value).collect()),
        JsonKind::Object(members) => Value::Record(
            members
                .iter()
                .map(|member| (member.key.clone(), json_value(&member.value)))
                .collect(),
        ),
    }
}

/// The value of `-P NAME=TEXT`, typed by the parameter's `ParameterType` (a whole number for
/// `Integer`, `true`/`false` for `Boolean`, a comma list for list types, text for the other
/// types); without a `ParameterType` the text is typed as a loose literal (`5` a number,
/// `true` a boolean, anything else text), as an `=` line would be. `ClusterName` is always
/// accepted. An error says why the name or the text does not fit.
pub fn command_line_value(model: &Model, name: &str, text: &str) -> Result<Value, String> {
    if name.eq_ignore_ascii_case("ClusterName") && model.parameter(name).is_none() {
        return Ok(Value::String(text.to_owned()));
    }
    let Some(parameter) = model.parameter(name) else {
        return Err(format!("the template declares no parameter `{name}`"));
    };
    let Some(declared) = parameter
        .parameter_type
        .as_deref()
        .map(|t| t.trim().trim_matches('"'))
    else {
        return Ok(loose_literal(text));
    };
    let value_type = cyclecloud_catalog::catalog()
        .parameter_type(declared)
        .map(|t| t.value_type);
    use cyclecloud_catalog::ValueType;
    let wrong = |what: &str| format!("`{name}` is a {declared} parameter: {what}, not `{text}`");
    match value_type {
        Some(ValueType::Integer) => text
            .trim()
            .parse::<i64>()
            .map(Value::Integer)
            .map_err(|_| wrong("give a whole number")),
        Some(ValueType::Float) => text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Value::Real)
            .ok_or_else(|| wrong("give a number")),
        Some(ValueType::Boolean) => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(wrong("give true or false")),
        },
        Some(ValueType::List) => Ok(Value::List(
            text.split(',')
                .map(|item| Value::String(item.trim().to_owned()))
                .filter(|item| item != &Value::String(String::new()))
                .collect(),
        )),
        Some(ValueType::Record) => Err(wrong("give a record in a -p JSON file")),
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// Text typed as an `=` line types one element: a boolean, a whole number, a number with a
/// fraction, otherwise the text itself.
fn loose_literal(text: &str) -> Value {
    let trimmed = text.trim();
    if trimmed.eq_ignore_ascii_case("true") || trimmed.eq_ignore_ascii_case("false") {
        return Value::Bool(trimmed.eq_ignore_ascii_case("true"));
    }
    if let Ok(n) = trimmed.parse::<i64>() {
        return Value::Integer(n);
    }
    let numeric = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let plain_decimal = numeric.split_once('.').is_some_and(|(whole, fraction)| {
        !whole.is_empty()
            && !fraction.is_empty()
            && whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
    });
    match trimmed.parse::<f64>() {
        Ok(x) if plain_decimal && x.is_finite() => Value::Real(x),
        _ => Value::String(text.to_owned()),
    }
}
