//! Rules about the shape of the file: syntax, headers, nesting, duplicates.

pub(crate) mod util;

rule_group! {
    syntax_error,
    unterminated_string,
    header_brackets,
    unknown_section_kind,
    misplaced_section,
    missing_cluster,
    attribute_outside_section,
    pub(crate) invalid_attribute_key,
    missing_section_name,
    mixed_parameter_ranks,
    duplicate_attribute,
    duplicate_section,
    cluster_parent,
    pub(crate) swallowed_node_attribute,
}
