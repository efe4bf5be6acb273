//! Rules about attribute values: types, enumerations, formats, and attributes the catalog does
//! not know, has deprecated, or dates after the targeted CycleCloud release.

pub(crate) mod util;

rule_group! {
    invalid_boolean,
    invalid_number,
    value_not_allowed,
    subnet_id_format,
    resource_id_format,
    tag_name,
    relative_time_format,
    expression_needs_strict,
    unquoted_comma,
    inline_hash,
    default_value_type,
    unknown_attribute,
    deprecated_attribute,
    newer_than_target,
    parameter_type_mismatch,
    // issue 16 (evaluation)
    expression_value_type,
}
