//! Rules of the nodes group: node-level consistency after inheritance (required attributes,
//! return proxies, node-array-only settings, volumes, networking, mounts, cloud-init, Spot) and
//! the environment's template source.

pub(crate) mod util;

rule_group! {
    missing_required_attribute,
    multiple_return_proxies,
    nodearray_only_attribute,
    persistent_volume_on_nodearray,
    ultra_ssd_without_zone,
    confidential_disk_encryption,
    dependent_attribute,
    zone_list_on_node,
    environment_template_source,
    input_endpoint_without_public_ip,
    return_proxy_without_public_ip,
    nic_node_only,
    mount_type,
    cloud_init_override,
    spot_settings,
    duplicate_computer_name,
    duplicate_cluster_init,
    multiple_default_partitions,
}
