//! The parameter-file rules, one per file (code range CC07xx).

mod invalid_json;
mod missing_required;
mod unknown_parameter;
mod value_not_in_entries;
mod value_out_of_range;
mod value_type;

use super::ParamsRule;

/// Every parameter-file rule, in code order.
pub(super) static ALL: &[&ParamsRule] = &[
    &invalid_json::RULE,
    &unknown_parameter::RULE,
    &value_type::RULE,
    &value_not_in_entries::RULE,
    &value_out_of_range::RULE,
    &missing_required::RULE,
];
