//! Rules of the Azure group: VM sizes, regions and images checked against Azure's facts (the
//! catalog's size and region tables).

mod image_generation_mismatch;
mod marketplace_image_typo;
mod max_core_count_multiple;
mod retired_machine_type;
mod size_not_in_region;
mod spot_incapable_size;
mod unknown_machine_type;
mod unknown_region;
mod util;

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[
    &unknown_machine_type::RULE,
    &retired_machine_type::RULE,
    &spot_incapable_size::RULE,
    &unknown_region::RULE,
    &max_core_count_multiple::RULE,
    &size_not_in_region::RULE,
    &image_generation_mismatch::RULE,
    &marketplace_image_typo::RULE,
];
