//! Workspace symbols: which files are templates, their sections read from headers only (no
//! model, so indexing thousands of files stays cheap), and the named symbols worth searching.

use std::ops::Range;
use std::path::Path;

use cyclecloud_syntax::ast::Section;
use cyclecloud_syntax::{kinds, Node, Snapshot};

use super::outline::{document_symbols, OutlineSymbol};
use crate::model::{section_info, SectionId, SectionInfo};

/// Section kinds listed by workspace search: the ones a user looks for by name (clusters, nodes,
/// parameters and their groups, environments, noderefs), not configuration blocks or volumes.
pub const WORKSPACE_SYMBOL_KINDS: [&str; 7] = [
    "cluster",
    "node",
    "nodearray",
    "parameters",
    "parameter",
    "environment",
    "noderef",
];

/// Header kinds that may open a template file.
const OPENING_KINDS: [&str; 4] = ["cluster", "parameters", "environment", "noderef"];

/// One searchable symbol of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    /// The section name.
    pub name: String,
    /// The section kind in lower case.
    pub kind: String,
    /// The enclosing symbol's name (the cluster of a node, the group of a parameter).
    pub container: Option<String>,
    /// The name in the header.
    pub range: Range<usize>,
}

/// The sections of a document from its headers alone, parents before children (the same
/// records the model holds, without their lines). Iterative: nesting depth cannot overflow.
pub fn header_sections(snapshot: &Snapshot) -> Vec<SectionInfo> {
    let mut sections: Vec<SectionInfo> = Vec::new();
    let mut stack: Vec<(Node<'_>, Option<SectionId>)> = Vec::new();
    push_sections(snapshot.root(), None, &mut stack);
    while let Some((node, parent)) = stack.pop() {
        let Some(section) = Section::cast(node, snapshot) else {
            continue;
        };
        let id = SectionId::new(sections.len());
        sections.push(section_info(&section, parent));
        if let Some(parent) = parent {
            sections[parent].children.push(id);
        }
        push_sections(node, Some(id), &mut stack);
    }
    sections
}

/// Pushes the section children of `node`, first on top.
fn push_sections<'t>(
    node: Node<'t>,
    parent: Option<SectionId>,
    stack: &mut Vec<(Node<'t>, Option<SectionId>)>,
) {
    let mut cursor = node.walk();
    let start = stack.len();
    stack.extend(
        node.named_children(&mut cursor)
            .filter(|child| child.kind() == kinds::SECTION)
            .map(|child| (child, parent)),
    );
    stack[start..].reverse();
}

/// The named symbols of a document worth a workspace search, with their container's name.
pub fn workspace_symbols(sections: &[SectionInfo]) -> Vec<WorkspaceSymbol> {
    let mut out = Vec::new();
    let mut stack: Vec<(OutlineSymbol, Option<String>)> = document_symbols(sections)
        .into_iter()
        .rev()
        .map(|symbol| (symbol, None))
        .collect();
    while let Some((mut symbol, container)) = stack.pop() {
        let listed = symbol.detail.is_some() && WORKSPACE_SYMBOL_KINDS.contains(&&*symbol.kind);
        let children = std::mem::take(&mut symbol.children);
        let child_container = if listed {
            Some(symbol.name.clone())
        } else {
            container.clone()
        };
        stack.extend(
            children
                .into_iter()
                .rev()
                .map(|child| (child, child_container.clone())),
        );
        if listed {
            out.push(WorkspaceSymbol {
                name: symbol.name,
                kind: symbol.kind,
                container,
                range: symbol.selection_range,
            });
        }
    }
    out
}

/// `**/templates/*.txt`: where CycleCloud projects keep their templates.
pub fn is_template_path(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "txt")
        && path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|folder| folder == "templates")
}

/// Whether a `.txt` file's first line that is neither blank nor a comment is a `[cluster …]`,
/// `[parameters …]`, `[environment …]` or `[noderef …]` header (a template kept elsewhere).
pub fn is_template_text(text: &str) -> bool {
    let Some(line) = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
    else {
        return false;
    };
    let Some(inner) = line.strip_prefix('[') else {
        return false;
    };
    let inner = inner.trim_start();
    let kind_end = inner
        .find(|c: char| c.is_whitespace() || c == ']')
        .unwrap_or(inner.len());
    let kind = &inner[..kind_end];
    OPENING_KINDS
        .iter()
        .any(|opening| opening.eq_ignore_ascii_case(kind))
        && line.contains(']')
}
