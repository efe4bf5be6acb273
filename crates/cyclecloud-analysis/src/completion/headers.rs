//! Section headers after `[`: the kinds that may open at the cursor's place, children of the
//! owning section first, then siblings and the levels above, each with its bracket count.

use std::collections::HashSet;
use std::ops::Range;

use cyclecloud_catalog::{catalog, Rank, SectionKind};

use super::{CompletionItem, CompletionKind};
use crate::model::{Model, SectionId};

/// One header that may be written at the cursor.
struct Candidate<'a> {
    kind: &'a SectionKind,
    rank: usize,
    /// The fixed name, for `[[node defaults]]`.
    fixed_name: Option<&'static str>,
    /// Where it goes: `[cluster Demo]`, or the file.
    parent: String,
    /// Sort group: 0 for children of the owning section, then one per level up.
    group: usize,
    order: usize,
}

/// Header completions for a line whose text so far is brackets and part of a kind.
pub(super) fn complete(
    model: &Model,
    section: Option<SectionId>,
    brackets: usize,
    whole: bool,
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for candidate in candidates(model, section) {
        let keep = if whole {
            candidate.rank >= brackets
        } else {
            candidate.rank == brackets
        };
        if !keep {
            continue;
        }
        let item = if whole {
            header_item(&candidate, replace.clone())
        } else {
            CompletionItem::plain(
                &candidate.kind.name,
                CompletionKind::Keyword,
                replace.clone(),
            )
            .detail(format!("section kind, in {}", candidate.parent))
            .documentation(candidate.kind.doc.clone())
        };
        if seen.insert(item.label.clone()) {
            let sort = format!("{}{:02}", candidate.group, candidate.order);
            items.push(item.sort(sort));
        }
    }
    items
}

/// The headers valid under the owning section and under each of its ancestors, then at file level.
fn candidates(model: &Model, section: Option<SectionId>) -> Vec<Candidate<'static>> {
    let sections = catalog().sections();
    let mut out = Vec::new();
    let mut level = section;
    let mut group = 0;
    loop {
        let (parent_kind, parent_rank, parent) = match level {
            Some(id) => {
                let info = &model.sections[id];
                (info.kind.as_str(), info.rank, model.header_text(id))
            }
            None => ("", 0, "the file (top level)".to_owned()),
        };
        for (order, kind) in sections.iter().enumerate() {
            let allowed = match level {
                None => kind.top_level,
                // A parameter directly in a cluster is legal but discouraged (mixed ranks).
                Some(_) if parent_kind == "cluster" && kind.name == "parameter" => false,
                Some(_) => kind.allows_parent(parent_kind),
            };
            if !allowed {
                continue;
            }
            let rank = match kind.rank {
                Rank::Fixed(rank) => usize::from(rank),
                Rank::Any | Rank::ParentPlusOne => parent_rank + 1,
            };
            if kind.name == "node" && parent_kind == "cluster" {
                let has_defaults = level.is_some_and(|id| {
                    model.sections[id].children.iter().any(|&child| {
                        let child = &model.sections[child];
                        child.is("node") && child.name_is("defaults")
                    })
                });
                if !has_defaults {
                    out.push(Candidate {
                        kind,
                        rank,
                        fixed_name: Some("defaults"),
                        parent: parent.clone(),
                        group,
                        order,
                    });
                }
            }
            out.push(Candidate {
                kind,
                rank,
                fixed_name: None,
                parent: parent.clone(),
                group,
                order,
            });
        }
        match level {
            Some(id) => level = model.sections[id].parent,
            None => break,
        }
        group += 1;
    }
    out
}

fn header_item(candidate: &Candidate<'_>, replace: Range<usize>) -> CompletionItem {
    let open = "[".repeat(candidate.rank);
    let close = "]".repeat(candidate.rank);
    let kind = candidate.kind.name.as_str();
    let (label, snippet) = match candidate.fixed_name {
        Some(name) => (
            format!("{open}{kind} {name}{close}"),
            format!("{open}{kind} {name}{close}$0"),
        ),
        None => {
            let name = match kind {
                "configuration" => String::new(),
                "network-interface" => " ${1:eth0}".to_owned(),
                "cluster-init" => " ${1:project}:${2:spec}:${3:1.0.0}".to_owned(),
                "parameters" => " ${1:Title}".to_owned(),
                "parameter" => " ${1:Name}".to_owned(),
                "list" => " ${1:Config.Entries}".to_owned(),
                "record" => " ${1:DefaultValue}".to_owned(),
                _ => " ${1:name}".to_owned(),
            };
            (
                format!("{open}{kind}{close}"),
                format!("{open}{kind}{name}{close}$0"),
            )
        }
    };
    let documentation = match candidate
        .fixed_name
        .and_then(|name| candidate.kind.special_name(name))
    {
        Some(special) => special.doc.clone(),
        None => candidate.kind.doc.clone(),
    };
    CompletionItem::plain(label, CompletionKind::Section, replace)
        .snippet(snippet)
        .detail(format!("in {}", candidate.parent))
        .documentation(documentation)
}
