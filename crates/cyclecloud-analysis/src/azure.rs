//! Azure facts in values: which values name a VM size or a region (`MachineType`, `Region`, and
//! the `DefaultValue` and `Config.Entries` of `Cloud.MachineType` / `Cloud.Region` parameters),
//! and how a size or region is described. Completion and hover share these, and look sizes up
//! through one table ([`crate::Settings::vm_sizes`]).

use std::fmt::Write as _;

use cyclecloud_catalog::{MarketplaceImage, Region, VmSize};

use crate::model::{Model, SectionId};

/// What an attribute's value names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AzureValue {
    /// A VM size, on a node or node array (`nodearray` says which: ranking differs).
    MachineType {
        /// The value feeds node arrays (a node array, or `[[node defaults]]`).
        nodearray: bool,
    },
    /// A VM size offered by a `Cloud.MachineType` parameter.
    MachineTypeParameter,
    /// An Azure region.
    Region,
}

/// What the value of `key` in `section` names, if a VM size or a region.
pub(crate) fn azure_value(
    model: &Model,
    section: Option<SectionId>,
    key: &str,
) -> Option<AzureValue> {
    let info = &model.sections[section?];
    let kind = |wanted: &str| info.kind.eq_ignore_ascii_case(wanted);
    let on_node = kind("node") || kind("nodearray");
    if on_node && key.eq_ignore_ascii_case("MachineType") {
        Some(AzureValue::MachineType {
            nodearray: kind("nodearray") || info.name_is("defaults"),
        })
    } else if (on_node || kind("cluster")) && key.eq_ignore_ascii_case("Region") {
        Some(AzureValue::Region)
    } else if kind("parameter") && key.eq_ignore_ascii_case("DefaultValue") {
        parameter_value(model, section?)
    } else if kind("list")
        && info.name_is("Config.Entries")
        && (key.eq_ignore_ascii_case("Name") || key.eq_ignore_ascii_case("Value"))
    {
        parameter_value(model, info.parent?)
    } else {
        None
    }
}

/// The kind of value a parameter declared in `section` takes, when it is a size or a region.
fn parameter_value(model: &Model, section: SectionId) -> Option<AzureValue> {
    let parameter = model.parameter_declared_in(section)?;
    let kind = parameter.parameter_type.as_deref()?.trim();
    if kind.eq_ignore_ascii_case("Cloud.MachineType") {
        Some(AzureValue::MachineTypeParameter)
    } else if kind.eq_ignore_ascii_case("Cloud.Region") {
        Some(AzureValue::Region)
    } else {
        None
    }
}

/// Whether a size is for HPC or GPU work: what node arrays usually run.
pub(crate) fn is_hpc_or_gpu(size: &VmSize) -> bool {
    size.infiniband == Some(true)
        || size.has_gpu()
        || size
            .name
            .get(..10)
            .is_some_and(|head| head.eq_ignore_ascii_case("Standard_H"))
}

/// `448` or `0.75`: GiB without needless decimals.
fn gib(size: &VmSize) -> Option<String> {
    let gib = size.memory_gib()?;
    Some(if gib.fract() == 0.0 {
        format!("{gib:.0}")
    } else {
        format!("{gib}")
    })
}

/// One line for a completion item: `120 vCPU · 448 GiB · InfiniBand · Spot`.
pub(crate) fn size_detail(size: &VmSize) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(5);
    if let Some(vcpus) = size.vcpus {
        parts.push(format!("{vcpus} vCPU"));
    }
    if let Some(gib) = gib(size) {
        parts.push(format!("{gib} GiB"));
    }
    if let Some(gpus) = &size.gpus {
        match &size.gpu_model {
            Some(model) => parts.push(format!("{gpus}× {model}")),
            None => parts.push(format!("{gpus} GPU")),
        }
    }
    if size.infiniband == Some(true) {
        parts.push("InfiniBand".to_owned());
    }
    if size.spot == Some(true) {
        parts.push("Spot".to_owned());
    }
    if let Some(date) = &size.retired {
        parts.push(format!("retired {date}"));
    }
    parts.join(" · ")
}

/// Hover markdown for a size: a small table of its facts, its quota family, its docs page.
pub(crate) fn size_markdown(size: &VmSize) -> String {
    let yes_no = |value: Option<bool>| value.map(|yes| if yes { "yes" } else { "no" });
    let mut rows: Vec<(&str, String)> = Vec::new();
    let mut row = |label: &'static str, value: Option<String>| {
        if let Some(value) = value {
            rows.push((label, value));
        }
    };
    row("vCPUs", size.vcpus.map(|n| n.to_string()));
    row("Memory", gib(size).map(|gib| format!("{gib} GiB")));
    row(
        "GPUs",
        size.gpus.as_ref().map(|gpus| match &size.gpu_model {
            Some(model) => format!("{gpus} × {model}"),
            None => gpus.clone(),
        }),
    );
    row(
        "InfiniBand",
        match (&size.infiniband_detail, size.infiniband) {
            (Some(detail), _) => Some(detail.clone()),
            (None, known) => yes_no(known).map(str::to_owned),
        },
    );
    row("Spot", yes_no(size.spot).map(str::to_owned));
    row("Hyper-V generations", size.hyperv.map(|g| g.to_string()));
    row(
        "Accelerated networking",
        yes_no(size.accelerated_networking).map(str::to_owned),
    );
    row(
        "Premium storage",
        yes_no(size.premium_io).map(str::to_owned),
    );
    row("Max data disks", size.max_data_disks.map(|n| n.to_string()));
    let mut md = format!("**`{}`** · VM size", size.name);
    if !rows.is_empty() {
        md.push_str("\n\n| | |\n|---|---|");
        for (label, value) in rows {
            let _ = write!(md, "\n| {label} | {value} |");
        }
    }
    if let Some(family) = &size.family {
        let _ = write!(md, "\n\n**Quota family:** `{family}`");
        if !size.family_checked {
            md.push_str(" (not checked against Azure's SKU list)");
        }
    }
    if let Some(date) = &size.retired {
        let _ = write!(md, "\n\n**Retired:** {date}. Choose a current size.");
    }
    if size.regions_complete {
        let _ = write!(md, "\n\nOffered in {} regions.", size.regions.len());
    }
    let _ = write!(md, "\n\n_Source: {}._", size.source);
    if let Some(url) = size.docs_url() {
        let _ = write!(md, " [Azure documentation]({url})");
    }
    md
}

/// Hover markdown and completion detail for a region.
pub(crate) fn region_markdown(region: &Region) -> String {
    let mut md = format!(
        "**`{}`** · Azure region\n\n**{}**, geography {}.",
        region.name, region.display_name, region.geography
    );
    match region.cloud.as_str() {
        "usgov" => md.push_str("\n\nAzure Government cloud."),
        "china" => md.push_str("\n\nAzure operated by 21Vianet (China)."),
        "canary" => md.push_str("\n\nEarly-access (canary) region."),
        _ => {}
    }
    md
}

/// Hover markdown for a common Marketplace image: its OS, generation, status and source.
pub(crate) fn marketplace_image_markdown(image: &MarketplaceImage) -> String {
    let mut md = format!(
        "**`{}`** · Marketplace image\n\n{}",
        image.urn_prefix(),
        image.os
    );
    if let Some(generation) = image.generation {
        let _ = write!(md, "\n\n**Hyper-V generation:** Gen{generation}");
    }
    let _ = write!(
        md,
        "\n\n**Status:** {}\n\n_Source: {}._",
        image.status, image.source
    );
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_name_what_matters_for_choosing() {
        let sizes = cyclecloud_catalog::vm_sizes();
        let detail = |name: &str| size_detail(sizes.get(name).unwrap());
        assert_eq!(
            detail("Standard_HB120rs_v2"),
            "120 vCPU · 456 GiB · InfiniBand · Spot"
        );
        assert_eq!(
            detail("Standard_ND96isr_H100_v5"),
            "96 vCPU · 1900 GiB · 8× NVIDIA H100 · InfiniBand"
        );
        assert_eq!(detail("Basic_A0"), "1 vCPU · 0.75 GiB · retired 2024-08-31");
        assert!(is_hpc_or_gpu(sizes.get("Standard_HC44rs").unwrap()));
        assert!(is_hpc_or_gpu(sizes.get("Standard_NC4as_T4_v3").unwrap()));
        assert!(!is_hpc_or_gpu(sizes.get("Standard_D4s_v5").unwrap()));
    }
}
