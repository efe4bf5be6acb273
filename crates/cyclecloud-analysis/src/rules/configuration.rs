//! Rules about the scheduler projects' configuration keys (`slurm.*`, `pbspro.*`, …): spelling
//! against the documented keys, and how node arrays map to Slurm partitions.

mod misspelled_configuration_key;
mod partition_size_mismatch;
mod slurm_machine_type_list;
mod util;

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[
    &misspelled_configuration_key::RULE,
    &partition_size_mismatch::RULE,
    &slurm_machine_type_list::RULE,
];
