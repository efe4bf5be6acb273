//! Rules about images and the Jetpack agent: the mistakes that surface only when a VM boots.

mod image_value;
pub(crate) mod util;

rule_group! {
    image_id_without_image_os,
    jetpack_version_mismatch,
    invalid_jetpack_platform,
    jetpack_platform_os_mismatch,
    install_jetpack_before_7_7,
    marketplace_image,
    multiple_image_forms,
    discouraged_jetpack_settings,
    builtin_image,
    image_name_format,
    image_plan,
    parameter_image_value,
}
