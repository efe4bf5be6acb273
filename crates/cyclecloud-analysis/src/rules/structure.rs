//! Rules about the shape of the file: syntax, headers, nesting, duplicates.

mod attribute_outside_section;
mod cluster_parent;
mod duplicate_attribute;
mod duplicate_section;
mod header_brackets;
pub(crate) mod invalid_attribute_key;
mod misplaced_section;
mod missing_cluster;
mod missing_section_name;
mod mixed_parameter_ranks;
pub(crate) mod swallowed_node_attribute;
mod syntax_error;
mod unknown_section_kind;
mod unterminated_string;
pub(crate) mod util;

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[
    &syntax_error::RULE,
    &unterminated_string::RULE,
    &header_brackets::RULE,
    &unknown_section_kind::RULE,
    &misplaced_section::RULE,
    &missing_cluster::RULE,
    &attribute_outside_section::RULE,
    &invalid_attribute_key::RULE,
    &missing_section_name::RULE,
    &mixed_parameter_ranks::RULE,
    &duplicate_attribute::RULE,
    &duplicate_section::RULE,
    &cluster_parent::RULE,
    &swallowed_node_attribute::RULE,
];
