//! Rules about the scheduler projects' configuration keys (`slurm.*`, `pbspro.*`, …): spelling
//! against the documented keys, how node arrays map to Slurm partitions, and custom keys that no
//! cluster-init script reads.

mod util;

rule_group! {
    misspelled_configuration_key,
    partition_size_mismatch,
    slurm_machine_type_list,
    unread_configuration_key,
}
