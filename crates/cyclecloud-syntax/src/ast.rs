//! Typed, cheap views over the tree: sections, headers and attributes.
//!
//! A view is a tree-sitter node plus the snapshot it came from; it copies nothing until asked
//! for text, and text comes back borrowed from the rope when it can.

use std::borrow::Cow;
use std::ops::Range;

use tree_sitter::Node;

use crate::kinds::{self, field_id};
use crate::Snapshot;

/// The named children of a node, collected with one cursor walk (not O(n²) indexing).
pub fn named_children<'a>(node: Node<'a>) -> Vec<Node<'a>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// The top-level sections of a document, in order.
pub fn top_sections(snapshot: &Snapshot) -> Vec<Section<'_>> {
    named_children(snapshot.root())
        .into_iter()
        .filter_map(|node| Section::cast(node, snapshot))
        .collect()
}

/// A section: `[[nodearray execute]]` with its lines and nested sections.
#[derive(Clone, Copy, Debug)]
pub struct Section<'a> {
    node: Node<'a>,
    snapshot: &'a Snapshot,
}

impl<'a> Section<'a> {
    /// Views `node` as a section if it is one.
    pub fn cast(node: Node<'a>, snapshot: &'a Snapshot) -> Option<Self> {
        (node.kind_id() == kinds::kind_id::section()).then_some(Section { node, snapshot })
    }

    /// The underlying node.
    pub fn node(&self) -> Node<'a> {
        self.node
    }

    /// The whole section, header to the start of the next section of the same or higher rank.
    pub fn range(&self) -> Range<usize> {
        self.node.byte_range()
    }

    /// The header node.
    pub fn header(&self) -> Option<Node<'a>> {
        self.node.child_by_field_id(field_id::header())
    }

    /// The header's range without its line break, for diagnostics on the header line.
    pub fn header_range(&self) -> Range<usize> {
        match self.header() {
            Some(header) => {
                let start = header.start_byte();
                let end = named_children(header)
                    .iter()
                    .map(|child| child.end_byte())
                    .max()
                    .unwrap_or(start);
                start..end
            }
            None => self.node.start_byte()..self.node.start_byte(),
        }
    }

    /// The kind keyword node.
    pub fn kind_node(&self) -> Option<Node<'a>> {
        self.header()?.child_by_field_id(field_id::kind())
    }

    /// The kind as the author wrote it (compare case-insensitively).
    pub fn kind(&self) -> Cow<'a, str> {
        self.kind_node()
            .map(|node| self.snapshot.text_of(node))
            .unwrap_or(Cow::Borrowed(""))
    }

    /// The kind lower-cased, for lookups.
    pub fn kind_lower(&self) -> String {
        self.kind().to_ascii_lowercase()
    }

    /// The name node (`section_name`), absent for `[[[configuration]]]`.
    pub fn name_node(&self) -> Option<Node<'a>> {
        self.header()?.child_by_field_id(field_id::name())
    }

    /// The name as written, trimmed; `None` when the header has no name.
    pub fn name(&self) -> Option<Cow<'a, str>> {
        self.name_node().map(|node| self.snapshot.text_of(node))
    }

    /// The rank: the number of opening brackets.
    pub fn rank(&self) -> usize {
        self.header()
            .and_then(|header| header.child_by_field_id(field_id::open()))
            .map(|open| open.byte_range().len())
            .unwrap_or(0)
    }

    /// The number of closing brackets, `None` when the header is not closed.
    pub fn closing_rank(&self) -> Option<usize> {
        let close = self.header()?.child_by_field_id(field_id::close())?;
        Some(close.byte_range().len())
    }

    /// The attribute lines directly in this section, in order.
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a>> + 'a {
        let snapshot = self.snapshot;
        named_children(self.node)
            .into_iter()
            .filter_map(move |node| Attribute::cast(node, snapshot))
    }

    /// The sections nested directly in this one, in order.
    pub fn children(&self) -> impl Iterator<Item = Section<'a>> + 'a {
        let snapshot = self.snapshot;
        named_children(self.node)
            .into_iter()
            .filter_map(move |node| Section::cast(node, snapshot))
    }
}

/// Which assignment an attribute line uses; it decides how its value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    /// `key = value`: a loose comma list of literals and references.
    Loose,
    /// `key := expression`: one expression.
    Strict,
}

/// Everything the model reads from an attribute line, gathered in one pass over its children
/// (each accessor on [`Attribute`] walks them again, which adds up on every keystroke).
#[derive(Clone, Copy, Debug)]
pub struct AttributeParts<'a> {
    /// The key node.
    pub key: Option<Node<'a>>,
    /// The `=` / `:=` node.
    pub operator: Option<Node<'a>>,
    /// The value node.
    pub value: Option<Node<'a>>,
    /// The trailing comment.
    pub comment: Option<Node<'a>>,
    /// The end of the line's content (before the line break).
    pub end: usize,
}

/// An attribute line: `key = value` or `key := expression`.
#[derive(Clone, Copy, Debug)]
pub struct Attribute<'a> {
    node: Node<'a>,
    snapshot: &'a Snapshot,
}

impl<'a> Attribute<'a> {
    /// Views `node` as an attribute line if it is one.
    pub fn cast(node: Node<'a>, snapshot: &'a Snapshot) -> Option<Self> {
        (node.kind_id() == kinds::kind_id::attribute()).then_some(Attribute { node, snapshot })
    }

    /// The underlying node.
    pub fn node(&self) -> Node<'a> {
        self.node
    }

    /// Key, operator, value, comment and content end in one walk over the children.
    pub fn parts(&self) -> AttributeParts<'a> {
        let start = self.node.start_byte();
        let mut parts = AttributeParts {
            key: None,
            operator: None,
            value: None,
            comment: None,
            end: start,
        };
        let mut cursor = self.node.walk();
        if cursor.goto_first_child() {
            loop {
                let child = cursor.node();
                let field = cursor.field_id().map(|id| id.get());
                if field == Some(field_id::key()) {
                    parts.key = Some(child);
                } else if field == Some(field_id::operator()) {
                    parts.operator = Some(child);
                } else if field == Some(field_id::value()) {
                    parts.value = Some(child);
                } else if child.kind() == kinds::COMMENT {
                    parts.comment = Some(child);
                }
                if child.is_named() || field.is_some() {
                    parts.end = parts.end.max(child.end_byte());
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        parts
    }

    /// The line's range without its line break.
    pub fn range(&self) -> Range<usize> {
        let start = self.node.start_byte();
        let end = named_children(self.node)
            .iter()
            .map(|child| child.end_byte())
            .chain(self.operator_range().map(|range| range.end))
            .max()
            .unwrap_or(start);
        start..end
    }

    /// The key node.
    pub fn key_node(&self) -> Option<Node<'a>> {
        self.node.child_by_field_id(field_id::key())
    }

    /// The key as written (compare case-insensitively).
    pub fn key(&self) -> Cow<'a, str> {
        self.key_node()
            .map(|node| self.snapshot.text_of(node))
            .unwrap_or(Cow::Borrowed(""))
    }

    /// The key's range.
    pub fn key_range(&self) -> Range<usize> {
        self.key_node()
            .map(|node| node.byte_range())
            .unwrap_or(self.node.start_byte()..self.node.start_byte())
    }

    /// `=` or `:=`.
    pub fn operator(&self) -> AssignOp {
        match self
            .node
            .child_by_field_id(field_id::operator())
            .map(|node| node.kind())
        {
            Some(":=") => AssignOp::Strict,
            _ => AssignOp::Loose,
        }
    }

    /// The operator's range.
    pub fn operator_range(&self) -> Option<Range<usize>> {
        self.node
            .child_by_field_id(field_id::operator())
            .map(|node| node.byte_range())
    }

    /// The value node, absent for `key =`.
    pub fn value(&self) -> Option<Node<'a>> {
        self.node.child_by_field_id(field_id::value())
    }

    /// The value's text as written (empty for `key =`).
    pub fn value_text(&self) -> Cow<'a, str> {
        self.value()
            .map(|node| self.snapshot.text_of(node))
            .unwrap_or(Cow::Borrowed(""))
    }

    /// Whether the value is read as an expression (`:=` or the legacy `= =expr`).
    pub fn is_expression(&self) -> bool {
        self.operator() == AssignOp::Strict
            || self
                .value()
                .is_some_and(|value| value.kind() == kinds::LEGACY_EXPRESSION)
    }

    /// The trailing `# comment`, if any.
    pub fn comment(&self) -> Option<Node<'a>> {
        named_children(self.node)
            .into_iter()
            .find(|node| node.kind() == kinds::COMMENT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "\
[cluster Demo]
Autoscale = $Autoscale
    [[node defaults]]
    ImageName := undefined
        [[[configuration]]]
        a.b = 1, 2
    [[NodeArray  execute ]]]
    Extends = defaults
";

    #[test]
    fn sections_expose_kind_name_rank_and_children() {
        let snapshot = Snapshot::parse(TEMPLATE);
        let top = top_sections(&snapshot);
        assert_eq!(top.len(), 1);
        let cluster = top[0];
        assert_eq!(
            (
                cluster.kind_lower().as_str(),
                cluster.name().as_deref(),
                cluster.rank()
            ),
            ("cluster", Some("Demo"), 1)
        );
        let children: Vec<_> = cluster.children().collect();
        assert_eq!(children.len(), 2);
        assert_eq!(children[1].kind(), "NodeArray");
        assert_eq!(children[1].name().as_deref(), Some("execute"));
        assert_eq!(
            (children[1].rank(), children[1].closing_rank()),
            (2, Some(3))
        );
        let config = children[0].children().next().unwrap();
        assert_eq!(
            (config.kind_lower().as_str(), config.name()),
            ("configuration", None)
        );
        assert_eq!(
            &TEMPLATE[children[1].header_range()],
            "[[NodeArray  execute ]]]"
        );
    }

    #[test]
    fn attributes_expose_key_operator_and_value() {
        let snapshot = Snapshot::parse(TEMPLATE);
        let cluster = top_sections(&snapshot)[0];
        let autoscale = cluster.attributes().next().unwrap();
        assert_eq!(
            (autoscale.key().as_ref(), autoscale.operator()),
            ("Autoscale", AssignOp::Loose)
        );
        assert_eq!(
            autoscale.value().unwrap().kind(),
            kinds::PARAMETER_REFERENCE
        );
        assert_eq!(&TEMPLATE[autoscale.range()], "Autoscale = $Autoscale");
        let defaults = cluster.children().next().unwrap();
        let image = defaults.attributes().next().unwrap();
        assert!(image.is_expression());
        assert_eq!(image.value_text(), "undefined");
        let list = defaults
            .children()
            .next()
            .unwrap()
            .attributes()
            .next()
            .unwrap();
        assert_eq!(list.value().unwrap().kind(), kinds::VALUE_LIST);
    }
}
