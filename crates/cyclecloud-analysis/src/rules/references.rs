//! Rules of the references group: parameters and their uses, `Extends`, mounts, cluster-init
//! specs and expression functions.

mod util;

rule_group! {
    undefined_parameter,
    unreferenceable_parameter_name,
    greedy_reference,
    unused_parameter,
    unknown_extends,
    extends_cycle,
    mount_without_configuration,
    cluster_init_spec,
    cluster_init_versions,
    duplicate_parameter,
    unknown_function,
    function_arity,
}
