//! Values after `Key =`: the attribute's catalogued values, booleans, Jetpack platforms, built-in
//! images for `ImageName`, the cluster's other nodes for `Extends`, and Azure VM sizes and
//! regions (also for `Cloud.MachineType` / `Cloud.Region` parameters).

use std::ops::Range;
use std::sync::Arc;

use cyclecloud_catalog::{catalog, regions, Attribute, ValueType, VmSizeTable};

use super::{CompletionItem, CompletionKind, Documentation};
use crate::azure::{azure_value, is_hpc_or_gpu, region_markdown, size_detail, AzureValue};
use crate::hover::{catalog_attribute, line_number};
use crate::model::{Model, NodeKind, SectionId};

/// Value completions for `key` in `section`; `others` are the list's other elements.
pub(super) fn complete(
    snapshot: &cyclecloud_syntax::Snapshot,
    model: &Model,
    section: Option<SectionId>,
    key: &str,
    others: &[String],
    replace: Range<usize>,
    sizes: &Arc<VmSizeTable>,
) -> Vec<CompletionItem> {
    match azure_value(model, section, key) {
        Some(AzureValue::MachineType { nodearray }) => {
            return machine_types(sizes, Some(nodearray), others, replace)
        }
        Some(AzureValue::MachineTypeParameter) => {
            return machine_types(sizes, None, others, replace)
        }
        Some(AzureValue::Region) => return region_values(others, replace),
        None => {}
    }
    let Some(found) = catalog_attribute(model, section, key) else {
        return Vec::new();
    };
    let attr = found.attribute;
    match attr.name.as_str() {
        "Extends" => extends(snapshot, model, section, others, replace),
        "ImageName" => images(replace),
        "JetpackPlatform" => jetpack_platforms(replace),
        _ if !attr.values.is_empty() => enumerated(attr, replace),
        _ if attr.value_type == ValueType::Boolean => booleans(attr, replace),
        _ => Vec::new(),
    }
}

/// Every size in reading order minus those already in the list; retired ones last and struck
/// through. `hpc` ranks HPC and GPU sizes first (node arrays) or last (single nodes); `None`
/// keeps the reading order (parameters, which may serve either).
fn machine_types(
    sizes: &Arc<VmSizeTable>,
    hpc: Option<bool>,
    others: &[String],
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    let list = sizes.sizes();
    sizes
        .natural_order()
        .iter()
        .enumerate()
        .filter(|&(_, &at)| {
            !others
                .iter()
                .any(|other| other.eq_ignore_ascii_case(&list[at].name))
        })
        .map(|(rank, &at)| {
            let size = &list[at];
            let group = hpc.map_or(0, |hpc| u8::from(is_hpc_or_gpu(size) != hpc));
            let retired = size.is_retired();
            let mut item =
                CompletionItem::plain(&size.name, CompletionKind::Value, replace.clone())
                    .detail(size_detail(size))
                    .sort(format!("{}{group}{rank:04}", u8::from(retired)));
            item.documentation = Some(Documentation::VmSize(Arc::clone(sizes), at));
            item.deprecated = retired;
            item
        })
        .collect()
}

/// Azure regions: public ones first, then sovereign and early-access ones.
fn region_values(others: &[String], replace: Range<usize>) -> Vec<CompletionItem> {
    regions()
        .iter()
        .enumerate()
        .filter(|(_, region)| {
            !others
                .iter()
                .any(|other| other.eq_ignore_ascii_case(&region.name))
        })
        .map(|(order, region)| {
            let public = u8::from(region.cloud != "public");
            CompletionItem::plain(&region.name, CompletionKind::Value, replace.clone())
                .detail(format!("{} · {}", region.display_name, region.geography))
                .documentation(region_markdown(region))
                .sort(format!("{public}{order:03}"))
        })
        .collect()
}

fn enumerated(attr: &Attribute, replace: Range<usize>) -> Vec<CompletionItem> {
    attr.values
        .iter()
        .enumerate()
        .map(|(order, value)| {
            let mut detail = value.doc.clone();
            if let Some(since) = value.since {
                detail.push_str(&format!(" (since {since})"));
            }
            CompletionItem::plain(&value.value, CompletionKind::Value, replace.clone())
                .detail(detail)
                .sort(format!("{order:03}"))
        })
        .collect()
}

fn booleans(attr: &Attribute, replace: Range<usize>) -> Vec<CompletionItem> {
    ["true", "false"]
        .into_iter()
        .map(|value| {
            let is_default = attr
                .default
                .as_deref()
                .is_some_and(|default| default.trim().eq_ignore_ascii_case(value));
            let detail = if is_default {
                "boolean (default)"
            } else {
                "boolean"
            };
            CompletionItem::plain(value, CompletionKind::Value, replace.clone()).detail(detail)
        })
        .collect()
}

fn jetpack_platforms(replace: Range<usize>) -> Vec<CompletionItem> {
    catalog()
        .jetpack_platforms()
        .iter()
        .enumerate()
        .map(|(order, platform)| {
            let family = format!("{:?}", platform.os_family).to_ascii_lowercase();
            CompletionItem::plain(&platform.name, CompletionKind::Value, replace.clone())
                .detail(format!("{family}, {}", platform.era))
                .documentation(format!(
                    "{}\n\nOS family: {family}. Era: {}.\n\nJetpackPlatform is ignored from \
                     CycleCloud 7.7.0 on.",
                    platform.doc, platform.era
                ))
                .sort(format!("{order:03}"))
        })
        .collect()
}

fn images(replace: Range<usize>) -> Vec<CompletionItem> {
    catalog()
        .builtin_images()
        .iter()
        .enumerate()
        .map(|(order, image)| {
            let family = format!("{:?}", image.os_family).to_ascii_lowercase();
            let mut detail = format!("{family}, {}", image.os);
            if let Some(end) = &image.end_of_life {
                detail.push_str(&format!(", end of life {end}"));
            }
            let mut documentation = format!(
                "**{}**: {}\n\nStatus: {}.",
                image.name, image.os, image.status
            );
            if let Some(since) = image.since {
                documentation.push_str(&format!("\n\nSince CycleCloud {since}."));
            }
            let end_of_life = image.end_of_life.is_some();
            let mut item =
                CompletionItem::plain(&image.name, CompletionKind::Image, replace.clone())
                    .detail(detail)
                    .documentation(documentation)
                    .sort(format!("{}{order:03}", u8::from(end_of_life)));
            item.deprecated = end_of_life;
            item
        })
        .collect()
}

/// The other nodes and node arrays of the owning node's cluster, minus those already listed.
fn extends(
    snapshot: &cyclecloud_syntax::Snapshot,
    model: &Model,
    section: Option<SectionId>,
    others: &[String],
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    let Some(own) = section.and_then(|section| model.node_of_section.get(&section).copied()) else {
        return Vec::new();
    };
    let cluster = model.nodes[own].cluster;
    model
        .nodes
        .iter()
        .enumerate()
        .filter(|&(id, node)| {
            id != own
                && node.cluster == cluster
                && !node.is_defaults
                && !node.name.is_empty()
                && !others
                    .iter()
                    .any(|other| other.eq_ignore_ascii_case(&node.name))
        })
        .map(|(order, node)| {
            let kind = match node.kind {
                NodeKind::Node => "node",
                NodeKind::NodeArray => "nodearray",
            };
            let detail = if node.is_abstract {
                format!("abstract {kind}")
            } else {
                kind.to_owned()
            };
            let header = model.sections[node.section].header_range.start;
            CompletionItem::plain(&node.name, CompletionKind::Node, replace.clone())
                .detail(detail)
                .documentation(format!(
                    "Declared at line {}.",
                    line_number(snapshot, header)
                ))
                .sort(format!("{order:04}"))
        })
        .collect()
}
