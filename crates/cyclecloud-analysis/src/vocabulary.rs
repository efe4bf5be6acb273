//! The words rules, completion and hover share, each defined once: what a placeholder is, the
//! ways a value reads as a literal, how a node is named in messages, what it inherits from, and
//! which catalog entry a key means where it is written.
//!
//! The catalog key itself (`prefix.key` in configuration sections) is
//! [`HeaderFacts::catalog_key`](crate::model::HeaderFacts::catalog_key); the entry a model line
//! means for the checks is [`crate::model::AttrInfo::catalog`].

use cyclecloud_catalog::{catalog, Attribute, SectionKind};
use cyclecloud_syntax::ast::AssignOp;

use crate::model::{AttrInfo, Model, NodeId, NodeInfo, NodeKind, SectionId, ValueShape};

/// Whether text holds a Jinja placeholder or statement (`{{ queue.spot }}`, `{% if … %}`, or the
/// `}}` left of one the header grammar split) that a generator renders before CycleCloud reads
/// the template: its final text is unknown here.
pub(crate) fn is_placeholder(text: &str) -> bool {
    // One byte scan for a brace rules out nearly every text before the substring searches.
    text.bytes().any(|b| b == b'{' || b == b'}')
        && (text.contains("{{") || text.contains("}}") || text.contains("{%"))
}

impl AttrInfo {
    /// The value of a loose, single literal (no list, reference, expression or placeholder),
    /// quotes and surrounding blanks removed; `None` when it is empty or not known here. What a
    /// check compares with allowed values, booleans or names.
    pub(crate) fn literal_value(&self) -> Option<&str> {
        if self.shape != ValueShape::Literal || is_placeholder(&self.value) {
            return None;
        }
        let value = self.unquoted_value().trim();
        (!value.is_empty()).then_some(value)
    }

    /// The [`AttrInfo::literal_value`] of an `=` line (not a `:=` one).
    pub(crate) fn loose_literal(&self) -> Option<&str> {
        (self.op == AssignOp::Loose).then(|| self.literal_value())?
    }

    /// The whole value's text when it is known before import (a literal or a comma list, with
    /// outer quotes removed; placeholders kept), unlike [`AttrInfo::literal_value`] a list is
    /// read as one text: for the image checks, which judge a value that must be one name and
    /// report a list as a wrong name.
    pub(crate) fn literal_text(&self) -> Option<&str> {
        (self.is_literal() && !self.value.is_empty()).then(|| self.unquoted_value())
    }

    /// A bare `true`/`false` (any case); `None` for anything else, quoted text included (a
    /// quoted `"true"` is a string to CycleCloud).
    pub(crate) fn literal_bool(&self) -> Option<bool> {
        match (self.shape == ValueShape::Literal).then(|| self.value.trim())? {
            value if value.eq_ignore_ascii_case("true") => Some(true),
            value if value.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// The elements of a literal scalar or comma list (quotes removed, empty ones dropped),
    /// `None` when the value is not known here.
    pub(crate) fn literal_list(&self) -> Option<Vec<&str>> {
        match self.shape {
            ValueShape::Literal => self.literal_value().map(|value| vec![value]),
            ValueShape::List if !is_placeholder(&self.value) => Some(
                self.value
                    .split(',')
                    .map(|part| part.trim().trim_matches(['"', '\'']))
                    .filter(|part| !part.is_empty())
                    .collect(),
            ),
            _ => None,
        }
    }
}

impl NodeKind {
    /// The header keyword and catalog section kind: `node` or `nodearray`.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            NodeKind::Node => "node",
            NodeKind::NodeArray => "nodearray",
        }
    }
}

impl NodeInfo {
    /// The node as findings name it, in backticks: `` `[[nodearray execute]]` ``, at rank 2 (a
    /// node's rank in a cluster) whatever its header says, unlike [`Model::header_text`]: a
    /// misplaced header is CC0005's finding, not every node rule's.
    pub(crate) fn label(&self) -> String {
        let kind = self.kind.keyword();
        if self.name.is_empty() {
            format!("`[[{kind}]]`")
        } else {
            format!("`[[{kind} {}]]`", self.name)
        }
    }
}

impl Model {
    /// A section's header as the model reads it, for messages and hovers: `[[nodearray
    /// execute]]` (the kind in lower case, the rank as written).
    pub(crate) fn header_text(&self, section: SectionId) -> String {
        let info = &self.sections[section];
        let rank = info.rank.max(1);
        let (open, close) = ("[".repeat(rank), "]".repeat(rank));
        match info.name.as_deref() {
            Some(name) => format!("{open}{} {name}{close}", info.kind),
            None => format!("{open}{}{close}", info.kind),
        }
    }

    /// The nodes a node inherits from directly, in order: `[[node defaults]]`, then its
    /// `Extends` entries (each once, never the node itself).
    pub(crate) fn bases(&self, node: NodeId) -> &[NodeId] {
        &self.nodes[node].bases
    }

    /// The catalog section kinds a line of `section` is looked up in; see
    /// [`HeaderFacts::catalog_kinds`](crate::model::HeaderFacts::catalog_kinds). Empty outside
    /// sections.
    pub(crate) fn catalog_kinds(&self, section: Option<SectionId>) -> impl Iterator<Item = &str> {
        section
            .into_iter()
            .flat_map(|section| self.sections[section].catalog_kinds())
    }

    /// The catalog entry hover and completion show for `key` in `section`. Unlike
    /// [`HeaderFacts::catalog_entry`](crate::model::HeaderFacts::catalog_entry) only `[[node defaults]]` borrows node-array entries (hover tells
    /// where a key belongs), and a key of another section kind is still found, marked as not
    /// fitting, except in sections whose keys are free.
    pub(crate) fn catalog_entry_shown(
        &self,
        section: Option<SectionId>,
        key: &str,
    ) -> Option<FoundEntry> {
        let catalog = catalog();
        let info = &self.sections[section?];
        let key = self.catalog_key_in(section, key);
        let found = match info.kind.as_str() {
            "node" if info.name_is("defaults") => catalog
                .attribute("node", &key)
                .or_else(|| catalog.attribute("nodearray", &key)),
            kind => catalog.attribute(kind, &key),
        };
        let open = |kind: &SectionKind| kind.open_keys || kind.free_text_keys;
        let (attribute, fits) = match found {
            Some(attribute) => (attribute, true),
            None if info.catalog.is_none_or(open) => return None,
            None => (catalog.attribute_any_section(&key)?, false),
        };
        Some(FoundEntry { attribute, fits })
    }
}

/// A catalog entry found for a key, and whether it belongs to the section's kind.
pub(crate) struct FoundEntry {
    /// The entry.
    pub(crate) attribute: &'static Attribute,
    /// False when the entry is for other section kinds (the key is misplaced).
    pub(crate) fits: bool,
}

#[cfg(test)]
mod tests {
    use cyclecloud_syntax::Snapshot;

    use crate::model::{build, NodeId, SectionId};

    #[test]
    fn placeholders_are_jinja_expressions_and_statements() {
        for text in ["{{ queue.name }}", "a-{{x", "x}}", "{% if a %}b"] {
            assert!(super::is_placeholder(text), "{text}");
        }
        for text in ["${a}", "{a}", "plain", "[a = {b}]"] {
            assert!(!super::is_placeholder(text), "{text}");
        }
    }

    #[test]
    fn literals_read_values_known_before_import() {
        let model = build(&Snapshot::parse(
            "[cluster c]\nA = \" x \"\nB = a, \"b\", \nC = $P\nD = {{ x }}\nE = \"true\"\nF = TRUE\n",
        ));
        let line = |key: &str| {
            let attr = model.attribute_in(SectionId::new(0), key).unwrap();
            &model.attributes[attr]
        };
        assert_eq!(line("A").literal_value(), Some("x"));
        assert_eq!(line("A").literal_text(), Some(" x "));
        assert_eq!(line("B").literal_value(), None);
        assert_eq!(line("B").literal_list(), Some(vec!["a", "b"]));
        assert_eq!(line("B").literal_text(), Some("a, \"b\","));
        assert_eq!(line("C").literal_text(), None);
        assert_eq!(line("D").literal_value(), None);
        assert_eq!(line("D").literal_list(), None);
        assert_eq!(line("E").literal_bool(), None);
        assert_eq!(line("F").literal_bool(), Some(true));
    }

    #[test]
    fn catalog_entries_follow_the_section() {
        let model = build(&Snapshot::parse(
            "[cluster c]\n[[node defaults]]\n[[node n]]\n[[[configuration cyclecloud.mounts.x]]]\n",
        ));
        // Sections in document order, and the two nodes among them.
        let [defaults, node, configuration] = [1, 2, 3].map(SectionId::new);
        let (defaults_node, n_node) = (NodeId::new(0), NodeId::new(1));
        let kinds: Vec<&str> = model.catalog_kinds(Some(node)).collect();
        assert_eq!(kinds, ["node", "nodearray"]);
        assert_eq!(model.header_text(node), "[[node n]]");
        assert_eq!(model.nodes[n_node].label(), "`[[node n]]`");
        assert_eq!(model.bases(n_node), [defaults_node]);
        assert!(model.sections[node].catalog_entry("MaxCount").is_some());
        let shown = |section| model.catalog_entry_shown(Some(section), "MaxCount");
        assert!(!shown(node).unwrap().fits);
        assert!(shown(defaults).unwrap().fits);
        let key = model.catalog_key_in(Some(configuration), "type");
        assert_eq!(key, "cyclecloud.mounts.x.type");
        let entry = model.sections[configuration].catalog_entry("type");
        assert!(entry.is_some());
    }
}
