//! Rules of the Azure group: VM sizes, regions and images checked against Azure's facts (the
//! catalog's size and region tables).

mod util;

rule_group! {
    unknown_machine_type,
    retired_machine_type,
    spot_incapable_size,
    unknown_region,
    max_core_count_multiple,
    size_not_in_region,
    image_generation_mismatch,
    marketplace_image_typo,
}
