//! Rules about the scheduler projects' configuration keys (`slurm.*`, `pbspro.*`, …): spelling
//! against the documented keys, how node arrays map to Slurm partitions, and custom keys that no
//! cluster-init script reads.

mod misspelled_configuration_key;
mod partition_size_mismatch;
mod slurm_machine_type_list;
mod unread_configuration_key;
mod util;

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[
    &misspelled_configuration_key::RULE,
    &partition_size_mismatch::RULE,
    &slurm_machine_type_list::RULE,
    &unread_configuration_key::RULE,
];
