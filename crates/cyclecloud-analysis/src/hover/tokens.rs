//! Hover on tokens found by position: function names, attribute keys and values, section headers.

use std::fmt::Write as _;
use std::ops::Range;

use cyclecloud_catalog::{
    catalog, marketplace_image, region, Confidence, Rank, SectionKind, VmSizeTable,
};
use cyclecloud_syntax::{kinds, Node, Snapshot};

use super::effective::effective_attributes;
use super::nodes::{inheritance, node_markdown};
use super::{contains, HoverInfo};
use crate::azure::{
    azure_value, marketplace_image_markdown, region_markdown, size_markdown, AzureValue,
};
use crate::markdown::{attribute_markdown, parameter_markdown};
use crate::model::{AttrId, Model, SectionId};

/// The identifier at `offset`, or just before it (a cursor right after a word).
fn identifier_at(snapshot: &Snapshot, offset: usize) -> Option<Node<'_>> {
    [offset, offset.saturating_sub(1)]
        .into_iter()
        .find_map(|at| {
            snapshot
                .root()
                .descendant_for_byte_range(at, at)
                .filter(|node| node.kind() == kinds::IDENTIFIER)
        })
}

/// A function name in a call: its signature and doc.
pub(super) fn function(snapshot: &Snapshot, offset: usize) -> Option<HoverInfo> {
    let node = identifier_at(snapshot, offset)?;
    let call = node.parent()?;
    if call.kind() != kinds::CALL_EXPRESSION || call.child_by_field_name("function") != Some(node) {
        return None;
    }
    let function = catalog().function(&snapshot.text_of(node))?;
    let mut md = format!(
        "```\n{}\n```\n\n{}\n\nReturns `{}`.",
        function.signature, function.doc, function.returns
    );
    if let Some(context) = &function.context {
        let _ = write!(md, " Only meaningful in `{context}`.");
    }
    match function.confidence {
        Confidence::Documented => {}
        Confidence::Observed => md.push_str("\n\n_Seen in real templates; not documented._"),
        Confidence::Inferred => {
            md.push_str("\n\n_ClassAd function not seen in CycleCloud material._")
        }
    }
    Some(HoverInfo {
        range: node.byte_range(),
        markdown: md,
    })
}

/// An attribute line's key or value at `offset`.
pub(super) fn attribute(
    snapshot: &Snapshot,
    model: &Model,
    offset: usize,
    sizes: &VmSizeTable,
) -> Option<HoverInfo> {
    let index = model
        .attributes
        .partition_point(|attr| attr.range.start <= offset);
    let id = index.checked_sub(1).map(AttrId::new)?;
    let attr = &model.attributes[id];
    if contains(&attr.key_range(), offset) {
        return key(snapshot, model, id);
    }
    if !attr.value_range().is_empty() && contains(&attr.value_range(), offset) {
        return value(snapshot, model, id, offset, sizes);
    }
    None
}

/// A key: its catalog entry (or why it is unknown) and, on nodes, its inheritance.
fn key(snapshot: &Snapshot, model: &Model, id: AttrId) -> Option<HoverInfo> {
    let attr = &model.attributes[id];
    let kind = model.attribute_section_kind(id);
    let mut md = match model.catalog_entry_shown(attr.section, &attr.key) {
        Some(found) => {
            let mut md = attribute_markdown(found.attribute);
            if !found.fits {
                let _ = write!(
                    md,
                    "\n\n_Not a `{kind}` attribute: the catalog lists it for {}._",
                    found.attribute.sections.join(", ")
                );
            }
            md
        }
        None => {
            let known = catalog().section(kind)?;
            if known.open_keys || known.free_text_keys {
                return None;
            }
            let mut md = format!(
                "**`{}`**: unknown attribute in `{kind}` sections.",
                attr.key
            );
            let suggestion = catalog()
                .suggest_attribute_key(kind, &attr.key)
                .or_else(|| {
                    let defaults = attr
                        .section
                        .is_some_and(|section| model.sections[section].name_is("defaults"));
                    defaults
                        .then(|| catalog().suggest_attribute_key("nodearray", &attr.key))
                        .flatten()
                });
            if let Some(suggestion) = suggestion {
                let _ = write!(md, " Did you mean `{suggestion}`?");
            }
            md
        }
    };
    let node = model.node_of(attr.section);
    if let Some(notes) = node.and_then(|node| inheritance(snapshot, model, node, id)) {
        let _ = write!(md, "\n\n---\n\n{notes}");
    }
    Some(HoverInfo {
        range: attr.key_range(),
        markdown: md,
    })
}

/// The literal element of a value at `offset` (a list element, or the whole value), unquoted.
fn value_element(
    snapshot: &Snapshot,
    range: &Range<usize>,
    offset: usize,
) -> Option<(String, Range<usize>)> {
    let literal = |node: &Node<'_>| {
        matches!(
            node.kind(),
            kinds::TEXT | kinds::BOOLEAN | kinds::NUMBER | kinds::STRING | kinds::RAW_STRING
        ) && range.start <= node.start_byte()
            && node.end_byte() <= range.end
    };
    let node = [offset, offset.saturating_sub(1)]
        .into_iter()
        .filter_map(|at| snapshot.root().descendant_for_byte_range(at, at))
        .find(literal)?;
    let text = snapshot.text_of(node);
    let text = text.trim().trim_matches(['"', '\'']).to_owned();
    Some((text, node.byte_range()))
}

/// An enumerated value, a VM size or a region: what it means.
fn value(
    snapshot: &Snapshot,
    model: &Model,
    id: AttrId,
    offset: usize,
    sizes: &VmSizeTable,
) -> Option<HoverInfo> {
    let attr = &model.attributes[id];
    let (text, range) = value_element(snapshot, &attr.value_range(), offset)?;
    if let Some(kind) = azure_value(model, attr.section, &attr.key) {
        // An unknown name gets no hover: telling it apart is a check's job, with its evidence.
        let markdown = match kind {
            AzureValue::Region => region_markdown(region(&text)?),
            AzureValue::MachineType { .. } | AzureValue::MachineTypeParameter => {
                size_markdown(sizes.get(&text)?)
            }
        };
        return Some(HoverInfo { range, markdown });
    }
    let entry = model
        .catalog_entry_shown(attr.section, &attr.key)?
        .attribute;
    let catalog = catalog();
    let markdown = match entry.name.as_str() {
        "JetpackPlatform" => {
            let platform = catalog.jetpack_platform(&text)?;
            let family = format!("{:?}", platform.os_family).to_ascii_lowercase();
            format!(
                "**`{}`**: JetpackPlatform value\n\n{}\n\n**OS family:** {family}\n\n\
                 **Era:** {}\n\nJetpackPlatform is ignored from CycleCloud 7.7.0 on.",
                platform.name, platform.doc, platform.era
            )
        }
        "ImageName" => {
            let Some(image) = catalog.builtin_image(&text) else {
                let parts: Vec<&str> = text.split(':').collect();
                let [publisher, offer, sku, _] = parts[..] else {
                    return None;
                };
                let image = marketplace_image(publisher, offer, sku)?;
                return Some(HoverInfo {
                    range,
                    markdown: marketplace_image_markdown(image),
                });
            };
            let family = format!("{:?}", image.os_family).to_ascii_lowercase();
            let mut md = format!(
                "**`{}`**: built-in image\n\n{} ({family})\n\n**Status:** {}",
                image.name, image.os, image.status
            );
            if let Some(end) = &image.end_of_life {
                let _ = write!(md, "\n\n**End of life:** {end}");
            }
            if let Some(since) = image.since {
                let _ = write!(md, "\n\nSince CycleCloud {since}.");
            }
            md
        }
        _ => {
            let allowed = entry.allowed_value(&text)?;
            let mut md = format!(
                "**`{}`**: {} value\n\n{}",
                allowed.value, entry.name, allowed.doc
            );
            if let Some(since) = allowed.since {
                let _ = write!(md, "\n\nSince CycleCloud {since}.");
            }
            md
        }
    };
    Some(HoverInfo { range, markdown })
}

/// A header's kind keyword or name.
pub(super) fn header(snapshot: &Snapshot, model: &Model, offset: usize) -> Option<HoverInfo> {
    let index = model
        .sections
        .partition_point(|section| section.header_range.start <= offset);
    let id = index.checked_sub(1).map(SectionId::new)?;
    let info = &model.sections[id];
    if !contains(&info.header_range, offset) {
        return None;
    }
    if !info.kind_range().is_empty() && contains(&info.kind_range(), offset) {
        let kind = catalog().section(&info.kind)?;
        return Some(HoverInfo {
            range: info.kind_range(),
            markdown: section_markdown(kind, info.rank),
        });
    }
    let name_range = info
        .name_range()
        .clone()
        .filter(|range| contains(range, offset))?;
    let markdown = if let Some(param) = model.parameter_declared_in(id) {
        parameter_markdown(snapshot, model, param)
    } else if let Some(node) = model.node_of(Some(id)) {
        let mut md = node_markdown(snapshot, model, node);
        if let Some(table) = effective_attributes(snapshot, model, node) {
            md.push_str("\n\n");
            md.push_str(&table);
        }
        md
    } else {
        let kind = catalog().section(&info.kind)?;
        let special = kind.special_name(info.name.as_deref()?)?;
        format!(
            "**`{}`** ({} name)\n\n{}",
            special.value, kind.name, special.doc
        )
    };
    Some(HoverInfo {
        range: name_range,
        markdown,
    })
}

/// Markdown for a section kind: doc, rank, parents, link.
fn section_markdown(kind: &SectionKind, rank: usize) -> String {
    let brackets = match kind.rank {
        Rank::Fixed(rank) => usize::from(rank),
        Rank::Any | Rank::ParentPlusOne => rank.max(1),
    };
    let mut md = format!(
        "**`{}{}{}`** section\n\n{}",
        "[".repeat(brackets),
        kind.name,
        "]".repeat(brackets),
        kind.doc
    );
    let place = match kind.rank {
        Rank::Fixed(rank) => format!("Rank {rank}"),
        Rank::Any => "Any rank".to_owned(),
        Rank::ParentPlusOne => "One rank below its parent".to_owned(),
    };
    let mut parents: Vec<String> = kind.parents.iter().map(|p| format!("`{p}`")).collect();
    if kind.top_level {
        parents.insert(0, "the file".to_owned());
    }
    let name = if kind.name_required {
        "name required"
    } else {
        "name optional"
    };
    let _ = write!(md, "\n\n{place}, in {}; {name}.", parents.join(" or "));
    let _ = write!(md, "\n\n[Documentation]({})", kind.url);
    md
}
