//! Completion: what may be typed at a cursor in a template, decided from the cursor's line and
//! the model, with items as plain data (byte ranges, markdown) for any client.
//!
//! The line under the cursor is usually half typed, so the context (header, key, value,
//! reference, expression) is read from that line's text rather than from the tree, which may hold
//! an ERROR node there; the owning section comes from the model (the last header before the
//! line). Only one line is copied per request, and every list is built from the model's indexes
//! and the catalog, so the cost does not grow with the document.

#[cfg(test)]
mod azure_tests;
mod cluster_init;
mod context;
mod expressions;
mod headers;
mod keys;
#[cfg(test)]
pub(crate) mod tests;
mod values;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use cyclecloud_catalog::VmSizeTable;

use cyclecloud_syntax::{kinds, Snapshot};

use crate::model::{Model, SectionId};
use context::Context;

pub use cluster_init::cluster_init_completions;
pub use keys::custom_configuration_keys;

/// What an item completes, so a client can choose an icon and a sort group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// An attribute key (`MachineType`).
    Attribute,
    /// An attribute value (`Premium_LRS`, `true`).
    Value,
    /// A section header (`[[nodearray …]]`) or a section kind keyword.
    Section,
    /// A declared parameter or the built-in `ClusterName`.
    Parameter,
    /// An expression function.
    Function,
    /// A node or node array of the cluster (`Extends`).
    Node,
    /// A built-in image name (`ImageName`).
    Image,
    /// An expression keyword (`true`, `undefined`).
    Keyword,
}

/// An item's documentation, rendered to markdown only when an editor shows it: the list of
/// attribute keys in a section is long, and most editors ask for the documentation of the
/// selected item alone (`completionItem/resolve`).
#[derive(Clone, Debug)]
pub enum Documentation {
    /// Markdown ready to show.
    Markdown(String),
    /// An attribute key's catalog entry, shown as hover shows it.
    Attribute(&'static cyclecloud_catalog::Attribute),
    /// A VM size (an index into the table), shown as hover shows it: the size list is long.
    VmSize(Arc<VmSizeTable>, usize),
}

impl Documentation {
    /// The markdown to show.
    pub fn into_markdown(self) -> String {
        match self {
            Documentation::Markdown(markdown) => markdown,
            Documentation::Attribute(attribute) => crate::markdown::attribute_markdown(attribute),
            Documentation::VmSize(table, at) => crate::azure::size_markdown(&table.sizes()[at]),
        }
    }
}

impl PartialEq for Documentation {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Documentation::Markdown(a), Documentation::Markdown(b)) => a == b,
            // Catalog entries are unique statics: the same entry is the same documentation.
            (Documentation::Attribute(a), Documentation::Attribute(b)) => std::ptr::eq(*a, *b),
            (Documentation::VmSize(a, i), Documentation::VmSize(b, j)) => {
                Arc::ptr_eq(a, b) && i == j
            }
            _ => false,
        }
    }
}

impl Eq for Documentation {}

/// One proposal, with the bytes it replaces; the language server maps it to its protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    /// Text shown in the list (and matched against what was typed).
    pub label: String,
    /// What the item completes.
    pub kind: CompletionKind,
    /// One line shown next to the label: a type, an OS family, a signature.
    pub detail: Option<String>,
    /// Markdown shown for the selected item.
    pub documentation: Option<Documentation>,
    /// Text to insert: plain, or snippet syntax when `is_snippet`.
    pub insert_text: String,
    /// Whether `insert_text` uses LSP snippet syntax (`$0`, `${1:name}`).
    pub is_snippet: bool,
    /// Bytes the insert replaces: the partial word typed so far (and its rest after the cursor).
    pub replace_range: Range<usize>,
    /// Sort key when the label order is not the intended one.
    pub sort_text: Option<String>,
    /// Whether the item is deprecated or end of life (shown struck through).
    pub deprecated: bool,
}

impl CompletionItem {
    /// An item that inserts its label verbatim.
    fn plain(label: impl Into<String>, kind: CompletionKind, replace: Range<usize>) -> Self {
        let label = label.into();
        CompletionItem {
            insert_text: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            is_snippet: false,
            replace_range: replace,
            sort_text: None,
            deprecated: false,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    fn documentation(mut self, documentation: impl Into<String>) -> Self {
        self.documentation = Some(Documentation::Markdown(documentation.into()));
        self
    }

    fn attribute_documentation(
        mut self,
        attribute: &'static cyclecloud_catalog::Attribute,
    ) -> Self {
        self.documentation = Some(Documentation::Attribute(attribute));
        self
    }

    fn snippet(mut self, snippet: impl Into<String>) -> Self {
        self.insert_text = snippet.into();
        self.is_snippet = true;
        self
    }

    fn sort(mut self, key: impl Into<String>) -> Self {
        self.sort_text = Some(key.into());
        self
    }
}

/// The completions at `offset` (clamped to the text); empty where nothing fits, never a panic.
/// VM sizes come from `sizes` ([`crate::Settings::vm_sizes`]).
pub fn completions(
    snapshot: &Snapshot,
    model: &Model,
    offset: usize,
    sizes: &Arc<VmSizeTable>,
) -> Vec<CompletionItem> {
    completion_list(snapshot, model, offset, sizes).items
}

/// A list of completions, and whether it is cut short (more items match than were sent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompletionList {
    /// The items.
    pub items: Vec<CompletionItem>,
    /// More items match than the list holds: the client should ask again as the user types
    /// (the VM size list is long, and sending all of it on every keystroke costs milliseconds).
    pub is_incomplete: bool,
}

impl From<Vec<CompletionItem>> for CompletionList {
    fn from(items: Vec<CompletionItem>) -> Self {
        CompletionList {
            items,
            is_incomplete: false,
        }
    }
}

/// Configuration keys set in the workspace's other templates (`workspace_keys`: full dotted
/// keys the catalog does not document, from [`custom_configuration_keys`]) for a key typed at
/// `offset` in a `[[[configuration]]]` section, below what is typed, leaving out keys the
/// section sets and labels already `offered`; sorted after them. Empty anywhere else.
pub fn workspace_key_completions(
    snapshot: &Snapshot,
    model: &Model,
    offset: usize,
    workspace_keys: &[String],
    offered: &[CompletionItem],
) -> Vec<CompletionItem> {
    let line = CursorLine::at(snapshot, offset);
    if workspace_keys.is_empty() || in_opaque_token(snapshot, line.start + line.cursor) {
        return Vec::new();
    }
    let Some(section) = section_before(model, line.start) else {
        return Vec::new();
    };
    let Context::Key {
        typed,
        replace,
        bare,
    } = context::classify(line.before(), line.after())
    else {
        return Vec::new();
    };
    let key = keys::TypedKey {
        typed: &typed,
        replace: line.start + replace.start..line.start + replace.end,
        bare,
        line: line.start..line.start + line.text.len(),
    };
    keys::workspace_keys(model, section, key, workspace_keys, offered)
}

/// Like [`completions`], and says whether the list was cut short.
pub fn completion_list(
    snapshot: &Snapshot,
    model: &Model,
    offset: usize,
    sizes: &Arc<VmSizeTable>,
) -> CompletionList {
    let line = CursorLine::at(snapshot, offset);
    if in_opaque_token(snapshot, line.start + line.cursor) {
        return CompletionList::default();
    }
    let section = section_before(model, line.start);
    let absolute = |range: Range<usize>| line.start + range.start..line.start + range.end;
    match context::classify(line.before(), line.after()) {
        Context::None => CompletionList::default(),
        Context::Header {
            brackets,
            whole,
            replace,
        } => headers::complete(model, section, brackets, whole, absolute(replace)).into(),
        Context::Key {
            typed,
            replace,
            bare,
        } => keys::complete(
            model,
            section,
            &typed,
            absolute(replace),
            bare,
            line.start..line.start + line.text.len(),
        )
        .into(),
        Context::Value {
            key,
            others,
            replace,
        } => {
            let typed = line.before().get(replace.start..).unwrap_or("");
            values::complete(
                snapshot,
                model,
                section,
                values::Typed {
                    key: &key,
                    text: typed,
                    others: &others,
                },
                absolute(replace),
                sizes,
            )
        }
        Context::Parameter { replace } => {
            expressions::parameters(snapshot, model, absolute(replace)).into()
        }
        Context::Expression {
            key,
            replace,
            dollar,
            call_follows,
        } => expressions::complete(
            snapshot,
            model,
            &key,
            absolute(replace),
            dollar,
            call_follows,
        )
        .into(),
    }
}

/// The line holding a cursor: its start, its text without the line break, the cursor inside it.
pub(crate) struct CursorLine<'a> {
    /// Byte offset of the line's first byte.
    pub(crate) start: usize,
    /// The line's text without its line break.
    pub(crate) text: Cow<'a, str>,
    /// The cursor, relative to `start`, on a char boundary within `text`.
    pub(crate) cursor: usize,
}

impl<'a> CursorLine<'a> {
    /// The line at `offset`, which is clamped to the text and to a char boundary.
    pub(crate) fn at(snapshot: &'a Snapshot, offset: usize) -> Self {
        let rope = snapshot.rope();
        let offset = snapshot.clamp_offset(offset);
        let line = rope.byte_to_line(offset);
        let start = rope.line_to_byte(line);
        let end = if line + 1 < rope.len_lines() {
            rope.line_to_byte(line + 1)
        } else {
            rope.len_bytes()
        };
        let text = match snapshot.slice(start..end) {
            Cow::Borrowed(text) => Cow::Borrowed(text.trim_end_matches(['\r', '\n'])),
            Cow::Owned(text) => Cow::Owned(text.trim_end_matches(['\r', '\n']).to_owned()),
        };
        let cursor = (offset - start).min(text.len());
        CursorLine {
            start,
            text,
            cursor,
        }
    }

    /// The text before the cursor.
    pub(crate) fn before(&self) -> &str {
        &self.text[..self.cursor]
    }

    /// The text after the cursor.
    pub(crate) fn after(&self) -> &str {
        &self.text[self.cursor..]
    }
}

/// The section owning a line that starts at `line_start`: the last header before it, since
/// ownership is decided by the most recent header (sections are stored in document order).
pub(crate) fn section_before(model: &Model, line_start: usize) -> Option<SectionId> {
    model
        .sections
        .partition_point(|section| section.header_range.start < line_start)
        .checked_sub(1)
        .map(SectionId::new)
}

/// Whether the cursor sits inside a triple-quoted block or a comment, where nothing completes.
fn in_opaque_token(snapshot: &Snapshot, offset: usize) -> bool {
    let mut node = snapshot.root().descendant_for_byte_range(offset, offset);
    while let Some(current) = node {
        let inside = current.start_byte() < offset && offset < current.end_byte();
        if inside && matches!(current.kind(), kinds::TRIPLE_STRING | kinds::COMMENT) {
            return true;
        }
        node = current.parent();
    }
    false
}
