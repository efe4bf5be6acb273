//! Rules of the nodes group: node-level consistency after inheritance (required attributes,
//! return proxies, node-array-only settings, volumes, networking, mounts, cloud-init, Spot) and
//! the environment's template source.

mod cloud_init_override;
mod confidential_disk_encryption;
mod dependent_attribute;
mod duplicate_cluster_init;
mod duplicate_computer_name;
mod environment_template_source;
mod input_endpoint_without_public_ip;
mod missing_required_attribute;
mod mount_type;
mod multiple_default_partitions;
mod multiple_return_proxies;
mod nic_node_only;
mod nodearray_only_attribute;
mod persistent_volume_on_nodearray;
mod return_proxy_without_public_ip;
mod spot_settings;
mod ultra_ssd_without_zone;
pub(super) mod util;
mod zone_list_on_node;

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[
    &missing_required_attribute::RULE,
    &multiple_return_proxies::RULE,
    &nodearray_only_attribute::RULE,
    &persistent_volume_on_nodearray::RULE,
    &ultra_ssd_without_zone::RULE,
    &confidential_disk_encryption::RULE,
    &dependent_attribute::RULE,
    &zone_list_on_node::RULE,
    &environment_template_source::RULE,
    &input_endpoint_without_public_ip::RULE,
    &return_proxy_without_public_ip::RULE,
    &nic_node_only::RULE,
    &mount_type::RULE,
    &cloud_init_override::RULE,
    &spot_settings::RULE,
    &duplicate_computer_name::RULE,
    &duplicate_cluster_init::RULE,
    &multiple_default_partitions::RULE,
];
