//! Rules of the references group: parameters and their uses, `Extends`, mounts, cluster-init
//! specs and expression functions.

mod cluster_init_spec;
mod cluster_init_versions;
mod duplicate_parameter;
mod extends_cycle;
mod function_arity;
mod greedy_reference;
mod mount_without_configuration;
mod undefined_parameter;
mod unknown_extends;
mod unknown_function;
mod unreferenceable_parameter_name;
mod unused_parameter;
mod util;
pub(crate) use util::scope_section_names;

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[
    &undefined_parameter::RULE,
    &unreferenceable_parameter_name::RULE,
    &greedy_reference::RULE,
    &unused_parameter::RULE,
    &unknown_extends::RULE,
    &extends_cycle::RULE,
    &mount_without_configuration::RULE,
    &cluster_init_spec::RULE,
    &cluster_init_versions::RULE,
    &duplicate_parameter::RULE,
    &unknown_function::RULE,
    &function_arity::RULE,
];
