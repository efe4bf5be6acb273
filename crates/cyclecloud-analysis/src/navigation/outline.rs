//! The outline: sections nested as the parser nests them (clusters → nodes → their
//! configuration, volumes, NICs, endpoints and cluster-init specs; parameter groups →
//! parameters), each named by its header and selected on that name.

use std::ops::Range;

use crate::model::{IdVec, SectionId, SectionInfo};

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineSymbol {
    /// The section's name, or its kind for unnamed sections (`configuration`).
    pub name: String,
    /// The section kind in lower case (the server maps it to an LSP symbol kind).
    pub kind: String,
    /// A short description: the kind, when the name is shown.
    pub detail: Option<String>,
    /// The whole section.
    pub range: Range<usize>,
    /// The name (or the kind keyword when there is none), inside `range`.
    pub selection_range: Range<usize>,
    /// Nested sections, in order.
    pub children: Vec<OutlineSymbol>,
}

/// Outline levels kept; real templates use five at most.
const MAX_DEPTH: usize = 16;

/// The outline of a document from its sections (the model's, or [`super::header_sections`]'s,
/// parents before children). Iterative, so a deeply nested file cannot overflow the stack.
pub fn document_symbols(sections: &[SectionInfo]) -> Vec<OutlineSymbol> {
    // Where each entry goes: under its parent, except that past MAX_DEPTH levels entries stay
    // at that level, so a hostile file cannot make the outline (and whatever serialises or
    // drops it recursively) arbitrarily deep. Parents come before children.
    let mut depth: IdVec<SectionId, usize> = IdVec::filled(0, sections.len());
    let mut attach: IdVec<SectionId, Option<SectionId>> = IdVec::filled(None, sections.len());
    for (id, section) in SectionId::all(sections.len()).zip(sections) {
        let Some(parent) = section.parent.filter(|&parent| parent < id) else {
            continue;
        };
        if depth[parent] + 1 < MAX_DEPTH {
            attach[id] = Some(parent);
            depth[id] = depth[parent] + 1;
        } else {
            attach[id] = attach[parent];
            depth[id] = depth[parent];
        }
    }
    let mut children: IdVec<SectionId, Vec<SectionId>> = IdVec::filled(Vec::new(), sections.len());
    for (id, parent) in attach.iter_with_ids() {
        if let Some(parent) = parent {
            children[*parent].push(id);
        }
    }
    // Build leaves first: children come after their parent, so walking backwards every child
    // is complete before its parent takes it.
    let mut built: IdVec<SectionId, Option<OutlineSymbol>> =
        sections.iter().map(|s| Some(symbol(s))).collect();
    for id in SectionId::all(sections.len()).rev() {
        let taken: Vec<OutlineSymbol> = children[id]
            .iter()
            .filter_map(|&child| built[child].take())
            .collect();
        if let Some(symbol) = built[id].as_mut() {
            symbol.children = taken;
        }
    }
    attach
        .iter_with_ids()
        .filter(|(_, parent)| parent.is_none())
        .filter_map(|(id, _)| built[id].take())
        .collect()
}

fn symbol(section: &SectionInfo) -> OutlineSymbol {
    let name = section.name.as_deref().map(str::trim).unwrap_or("");
    let kind = if section.kind.is_empty() {
        "section"
    } else {
        section.kind.as_str()
    };
    let (name, detail) = if name.is_empty() {
        (kind.to_owned(), None)
    } else {
        (name.to_owned(), Some(kind.to_owned()))
    };
    let selection_range = section
        .name_range()
        .clone()
        .filter(|range| !range.is_empty())
        .unwrap_or_else(|| {
            if section.kind_range().is_empty() {
                section.header_range.clone()
            } else {
                section.kind_range()
            }
        });
    let range =
        section.range.start.min(selection_range.start)..section.range.end.max(selection_range.end);
    OutlineSymbol {
        name,
        kind: kind.to_owned(),
        detail,
        range,
        selection_range,
        children: Vec::new(),
    }
}
