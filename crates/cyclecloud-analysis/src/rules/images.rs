//! Rules about images and the Jetpack agent: the mistakes that surface only when a VM boots.

mod builtin_image;
mod discouraged_jetpack_settings;
mod image_id_without_image_os;
mod image_name_format;
mod image_plan;
mod image_value;
mod install_jetpack_before_7_7;
mod invalid_jetpack_platform;
mod jetpack_platform_os_mismatch;
mod jetpack_version_mismatch;
mod marketplace_image;
mod multiple_image_forms;
mod parameter_image_value;
pub(crate) mod util;

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[
    &image_id_without_image_os::RULE,
    &jetpack_version_mismatch::RULE,
    &invalid_jetpack_platform::RULE,
    &jetpack_platform_os_mismatch::RULE,
    &install_jetpack_before_7_7::RULE,
    &marketplace_image::RULE,
    &multiple_image_forms::RULE,
    &discouraged_jetpack_settings::RULE,
    &builtin_image::RULE,
    &image_name_format::RULE,
    &image_plan::RULE,
    &parameter_image_value::RULE,
];
