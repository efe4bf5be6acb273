//! Values after `Key =`: the attribute's catalogued values, booleans, Jetpack platforms, built-in
//! images for `ImageName`, the cluster's other nodes for `Extends`, and Azure VM sizes and
//! regions (also for `Cloud.MachineType` / `Cloud.Region` parameters).

use std::ops::Range;
use std::sync::Arc;

use cyclecloud_catalog::{
    catalog, marketplace_images, regions, Attribute, MarketplaceImage, ValueType, VmSizeTable,
};

use super::{CompletionItem, CompletionKind, CompletionList, Documentation};
use crate::azure::{
    azure_value, is_hpc_or_gpu, marketplace_image_markdown, region_markdown, size_detail,
    AzureValue,
};
use crate::markdown::line_number;
use crate::model::{Model, SectionId};

/// What was typed for a value: the attribute key, the text of the current element before the
/// cursor (without an opening quote), and the list's other elements.
pub(super) struct Typed<'a> {
    pub(super) key: &'a str,
    pub(super) text: &'a str,
    pub(super) others: &'a [String],
}

/// Most VM sizes sent in one list: the full list is about 650 items and 150 KB of JSON, which
/// costs the editor milliseconds on every keystroke. The best matches of what was typed are
/// sent, marked incomplete, so the editor asks again as the user narrows it down.
pub(crate) const MAX_SIZE_ITEMS: usize = 60;

/// Value completions for `typed.key` in `section`.
pub(super) fn complete(
    snapshot: &cyclecloud_syntax::Snapshot,
    model: &Model,
    section: Option<SectionId>,
    typed: Typed<'_>,
    replace: Range<usize>,
    sizes: &Arc<VmSizeTable>,
) -> CompletionList {
    let (key, others) = (typed.key, typed.others);
    let text = typed.text.trim_start_matches(['"', '\'']);
    match azure_value(model, section, key) {
        Some(AzureValue::MachineType { nodearray }) => {
            return machine_types(sizes, Some(nodearray), text, others, replace)
        }
        Some(AzureValue::MachineTypeParameter) => {
            return machine_types(sizes, None, text, others, replace)
        }
        Some(AzureValue::Region) => return region_values(others, replace).into(),
        None => {}
    }
    let Some(found) = model.catalog_entry_shown(section, key) else {
        return CompletionList::default();
    };
    let attr = found.attribute;
    match attr.name.as_str() {
        "Extends" => extends(snapshot, model, section, others, replace),
        "ImageName" => images(replace),
        "Azure.Publisher" | "Azure.Offer" | "Azure.Sku" => {
            marketplace_parts(model, section, &attr.name, replace)
        }
        "JetpackPlatform" => jetpack_platforms(replace),
        _ if !attr.values.is_empty() => enumerated(attr, replace),
        _ if attr.value_type == ValueType::Boolean => booleans(attr, replace),
        _ => Vec::new(),
    }
    .into()
}

/// How well a size name matches the typed text (ASCII case ignored): 0 starts with it, 1
/// contains it, 2 has its letters in order (what fuzzy-filtering editors accept); `None` when
/// an editor would hide the size anyway.
fn match_tier(name: &str, typed: &str) -> Option<u8> {
    if typed.is_empty() {
        return Some(0);
    }
    let name = name.as_bytes();
    let typed = typed.as_bytes();
    if name.len() >= typed.len() && name[..typed.len()].eq_ignore_ascii_case(typed) {
        return Some(0);
    }
    if name
        .windows(typed.len())
        .any(|window| window.eq_ignore_ascii_case(typed))
    {
        return Some(1);
    }
    let mut wanted = typed.iter().peekable();
    for byte in name {
        if wanted
            .peek()
            .is_some_and(|want| want.eq_ignore_ascii_case(byte))
        {
            wanted.next();
        }
    }
    wanted.peek().is_none().then_some(2)
}

/// The sizes matching what was typed, minus those already in the list: the best
/// [`MAX_SIZE_ITEMS`] by how well they match, then current before retired (struck through),
/// then by preference, then in reading order. `hpc` ranks HPC and GPU sizes first (node
/// arrays) or last (single nodes); `None` keeps the reading order (parameters serve either).
fn machine_types(
    sizes: &Arc<VmSizeTable>,
    hpc: Option<bool>,
    typed: &str,
    others: &[String],
    replace: Range<usize>,
) -> CompletionList {
    let list = sizes.sizes();
    let mut ranked: Vec<(u8, u8, u8, usize, usize)> = sizes
        .natural_order()
        .iter()
        .enumerate()
        .filter_map(|(rank, &at)| {
            let size = &list[at];
            let tier = match_tier(&size.name, typed)?;
            let listed = others.iter().any(|other| {
                other
                    .trim_matches(['"', '\''])
                    .eq_ignore_ascii_case(&size.name)
            });
            let group = hpc.map_or(0, |hpc| u8::from(is_hpc_or_gpu(size) != hpc));
            (!listed).then_some((tier, u8::from(size.is_retired()), group, rank, at))
        })
        .collect();
    let is_incomplete = ranked.len() > MAX_SIZE_ITEMS;
    if is_incomplete {
        ranked.select_nth_unstable(MAX_SIZE_ITEMS - 1);
        ranked.truncate(MAX_SIZE_ITEMS);
    }
    let items = ranked
        .into_iter()
        .map(|(tier, retired, group, rank, at)| {
            let size = &list[at];
            let mut item =
                CompletionItem::plain(&size.name, CompletionKind::Value, replace.clone())
                    .detail(size_detail(size))
                    .sort(format!("{tier}{retired}{group}{rank:04}"));
            item.documentation = Some(Documentation::VmSize(Arc::clone(sizes), at));
            item.deprecated = retired == 1;
            item
        })
        .collect();
    CompletionList {
        items,
        is_incomplete,
    }
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
        .chain(
            marketplace_images()
                .iter()
                .enumerate()
                .map(|(order, image)| {
                    let urn = format!("{}:latest", image.urn_prefix());
                    CompletionItem::plain(&urn, CompletionKind::Image, replace.clone())
                        .detail(image_detail(image))
                        .documentation(marketplace_image_markdown(image))
                        .sort(format!("2{order:03}"))
                }),
        )
        .collect()
}

/// `AlmaLinux 8.10 HPC · Gen2`: what a Marketplace image item shows beside its name.
fn image_detail(image: &MarketplaceImage) -> String {
    match image.generation {
        Some(generation) => format!("{} · Gen{generation}", image.os),
        None => image.os.clone(),
    }
}

/// Publishers, offers or SKUs of the common Marketplace images for `Azure.Publisher`,
/// `Azure.Offer` or `Azure.Sku`; offers and SKUs follow the publisher (and offer) the section
/// already names, when it names them literally.
fn marketplace_parts(
    model: &Model,
    section: Option<SectionId>,
    key: &str,
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    let written = |other: &str| {
        section
            .and_then(|section| model.attribute_in(section, other))
            .and_then(|attr| model.attributes[attr].literal_value())
    };
    let (publisher, offer) = (written("Azure.Publisher"), written("Azure.Offer"));
    let same = |wanted: Option<&str>, value: &str| {
        key.eq_ignore_ascii_case("Azure.Publisher")
            || wanted.is_none_or(|wanted| wanted.eq_ignore_ascii_case(value))
    };
    let mut seen: Vec<String> = Vec::new();
    let mut items = Vec::new();
    for (order, image) in marketplace_images().iter().enumerate() {
        let fits_offer = key.eq_ignore_ascii_case("Azure.Sku")
            && !offer.is_none_or(|offer| offer.eq_ignore_ascii_case(&image.offer));
        if !same(publisher, &image.publisher) || fits_offer {
            continue;
        }
        let (value, detail) = if key.eq_ignore_ascii_case("Azure.Publisher") {
            (&image.publisher, "Marketplace publisher".to_owned())
        } else if key.eq_ignore_ascii_case("Azure.Offer") {
            (&image.offer, format!("offer of {}", image.publisher))
        } else {
            (&image.sku, image_detail(image))
        };
        if seen.iter().any(|known| known.eq_ignore_ascii_case(value)) {
            continue;
        }
        seen.push(value.clone());
        items.push(
            CompletionItem::plain(value, CompletionKind::Value, replace.clone())
                .detail(detail)
                .sort(format!("{order:03}")),
        );
    }
    items
}

/// The other nodes and node arrays of the owning node's cluster, minus those already listed.
fn extends(
    snapshot: &cyclecloud_syntax::Snapshot,
    model: &Model,
    section: Option<SectionId>,
    others: &[String],
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    let Some(own) = model.node_of(section) else {
        return Vec::new();
    };
    let cluster = model.nodes[own].cluster;
    model
        .nodes_with_ids()
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
            let kind = node.kind.keyword();
            let detail = if node.is_abstract {
                format!("abstract {kind}")
            } else {
                kind.to_owned()
            };
            let header = model.sections[node.section].header_range.start;
            CompletionItem::plain(node.name.as_str(), CompletionKind::Node, replace.clone())
                .detail(detail)
                .documentation(format!(
                    "Declared at line {}.",
                    line_number(snapshot, header)
                ))
                .sort(format!("{:04}", order.index()))
        })
        .collect()
}
