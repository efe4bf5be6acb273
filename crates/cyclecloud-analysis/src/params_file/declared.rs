//! What a `[parameter]` declaration says about the values it takes, read from the model.

use crate::model::{Model, ParamInfo, ValueShape};

/// A literal attribute of the parameter's section, unquoted; `None` when absent or computed.
pub(crate) fn literal<'m>(model: &'m Model, parameter: &ParamInfo, key: &str) -> Option<&'m str> {
    let attr = &model.attributes[model.attribute_in(parameter.section, key)?];
    (attr.shape == ValueShape::Literal).then(|| attr.unquoted_value().trim())
}

/// Whether a literal attribute of the parameter is `true`.
pub(crate) fn is_true(model: &Model, parameter: &ParamInfo, key: &str) -> bool {
    literal(model, parameter, key).is_some_and(|value| value.eq_ignore_ascii_case("true"))
}

/// Whether the parameter has an attribute of this key in any form.
pub(crate) fn has(model: &Model, parameter: &ParamInfo, key: &str) -> bool {
    model.attribute_in(parameter.section, key).is_some()
}

/// The parameter's type in lower case (`string` when it declares none, as CycleCloud reads it).
pub(crate) fn parameter_type(parameter: &ParamInfo) -> String {
    parameter
        .parameter_type
        .as_deref()
        .map(|kind| kind.trim().trim_matches('"').to_ascii_lowercase())
        .unwrap_or_else(|| "string".to_owned())
}

/// The values a choice widget offers, when every `[[[[list Config.Entries]]]]` block gives a
/// literal `Value` and no other form of `Config.Entries` is used; `None` when unknown.
pub(crate) fn entry_values<'m>(model: &'m Model, parameter: &ParamInfo) -> Option<Vec<&'m str>> {
    if has(model, parameter, "Config.Entries") {
        return None;
    }
    let mut values = Vec::new();
    for &child in &model.sections[parameter.section].children {
        let section = &model.sections[child];
        if !(section.is("list") && section.name_is("Config.Entries")) {
            continue;
        }
        let attr = &model.attributes[model.attribute_in(child, "Value")?];
        if attr.shape != ValueShape::Literal {
            return None;
        }
        values.push(attr.unquoted_value().trim());
    }
    (!values.is_empty()).then_some(values)
}
