//! Rules about attribute values: types, enumerations, formats, and attributes the catalog does
//! not know, has deprecated, or dates after the targeted CycleCloud release.

mod default_value_type;
mod deprecated_attribute;
mod expression_needs_strict;
mod expression_value_type;
mod inline_hash;
mod invalid_boolean;
mod invalid_number;
mod newer_than_target;
mod parameter_type_mismatch;
mod relative_time_format;
mod resource_id_format;
mod subnet_id_format;
mod tag_name;
mod unknown_attribute;
mod unquoted_comma;
pub(crate) mod util;
mod value_not_allowed;

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[
    &invalid_boolean::RULE,
    &invalid_number::RULE,
    &value_not_allowed::RULE,
    &subnet_id_format::RULE,
    &resource_id_format::RULE,
    &tag_name::RULE,
    &relative_time_format::RULE,
    &expression_needs_strict::RULE,
    &unquoted_comma::RULE,
    &inline_hash::RULE,
    &default_value_type::RULE,
    &unknown_attribute::RULE,
    &deprecated_attribute::RULE,
    &newer_than_target::RULE,
    &parameter_type_mismatch::RULE,
    // issue 16 (evaluation)
    &expression_value_type::RULE,
];
