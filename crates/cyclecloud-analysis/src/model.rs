//! The semantic model of one template: sections, attributes, clusters, nodes with their
//! effective (inherited) attributes, parameters and every reference.
//!
//! Built once per document version from a syntax snapshot; everything is plain data with byte
//! ranges, and names keep the author's spelling while lookups ignore case.

mod build;
mod line_cache;
mod references;
mod section_copy;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub use arcstr::ArcStr;
use cyclecloud_syntax::ast::AssignOp;

pub(crate) use build::section_info;
pub use build::{build, build_cached};

/// Index of a section in [`Model::sections`].
pub type SectionId = usize;
/// Index of an attribute in [`Model::attributes`].
pub type AttrId = usize;
/// Index of a node in [`Model::nodes`].
pub type NodeId = usize;
/// Index of a parameter in [`Model::parameters`].
pub type ParamId = usize;

/// One section header with what it holds.
#[derive(Clone, Debug)]
pub struct SectionInfo {
    /// The kind in lower case (`nodearray`); empty when the header has none.
    pub kind: ArcStr,
    /// The name as written and trimmed, if any.
    pub name: Option<ArcStr>,
    /// Number of opening brackets.
    pub rank: usize,
    /// Number of closing brackets, `None` when the header is not closed.
    pub closing_rank: Option<usize>,
    /// The enclosing section, `None` at file level.
    pub parent: Option<SectionId>,
    /// Header to the start of the next section of the same or higher rank.
    pub range: Range<usize>,
    /// The header line without its line break.
    pub header_range: Range<usize>,
    /// The kind keyword.
    pub kind_range: Range<usize>,
    /// The name, when present.
    pub name_range: Option<Range<usize>>,
    /// The closing brackets, when present.
    pub close_range: Option<Range<usize>>,
    /// Attribute lines directly in this section, in order.
    pub attributes: Vec<AttrId>,
    /// Sections directly in this one, in order.
    pub children: Vec<SectionId>,
}

impl SectionInfo {
    /// Whether the section is of this kind (give it in lower case).
    pub fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }

    /// Whether the name equals `name`, ignoring case.
    pub fn name_is(&self, name: &str) -> bool {
        self.name
            .as_deref()
            .is_some_and(|own| own.eq_ignore_ascii_case(name))
    }
}

/// The shape of an attribute's value, enough for the checks to decide how to read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueShape {
    /// `key =` with nothing after it.
    Empty,
    /// One loose literal: text, number, boolean, string, relative time.
    Literal,
    /// A comma list.
    List,
    /// A `'''…'''` block.
    TripleString,
    /// The value is (or contains) a `$Param`/`${…}` reference: its final value is unknown.
    Reference,
    /// `:=`, `= =expr`: an expression.
    Expression,
}

/// One attribute line.
#[derive(Clone, Debug)]
pub struct AttrInfo {
    /// The owning section, `None` for a line before any header.
    pub section: Option<SectionId>,
    /// The key as written (text in the model is reference-counted: a keystroke copies every
    /// line it did not touch into the next version's model).
    pub key: ArcStr,
    /// The key in lower case, for lookups.
    pub key_lower: ArcStr,
    /// The key's range.
    pub key_range: Range<usize>,
    /// `=` or `:=`.
    pub op: AssignOp,
    /// The value's range (empty, just after the operator, for `key =`).
    pub value_range: Range<usize>,
    /// The value as written (without a trailing comment).
    pub value: ArcStr,
    /// The syntax kind of the value node (`text`, `value_list`, …; empty when there is none).
    pub value_kind: &'static str,
    /// How the value reads.
    pub shape: ValueShape,
    /// The whole line without its line break.
    pub range: Range<usize>,
    /// The `=` or `:=`.
    pub operator_range: Option<Range<usize>>,
    /// The trailing `# comment`, if any.
    pub comment_range: Option<Range<usize>>,
    /// The catalog entry this line means (looked up once per analysis, not once per rule):
    /// `prefix.key` inside `[[[configuration prefix]]]`, and for a `[[node]]` the `nodearray`
    /// entry when only node arrays know the key. `None` for unknown keys.
    pub catalog: Option<&'static cyclecloud_catalog::Attribute>,
}

impl AttrInfo {
    /// Whether the key equals `key`, ignoring case.
    pub fn key_is(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }

    /// The value with surrounding quotes removed, for comparisons with literals.
    pub fn unquoted_value(&self) -> &str {
        let value = self.value.trim();
        for quote in ['"', '\''] {
            if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
                return &value[1..value.len() - 1];
            }
        }
        value
    }

    /// Whether the value is a plain literal a check can judge (no reference, no expression).
    pub fn is_literal(&self) -> bool {
        matches!(self.shape, ValueShape::Literal | ValueShape::List)
    }

    /// Whether the line clears an inherited value (`:= undefined`, `= =undefined`, `undefined()`).
    pub fn clears_value(&self) -> bool {
        self.shape == ValueShape::Expression && {
            let value = self.value.trim_start_matches('=').trim();
            value.eq_ignore_ascii_case("undefined") || value.eq_ignore_ascii_case("undefined()")
        }
    }
}

/// `[[node …]]` or `[[nodearray …]]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A single VM.
    Node,
    /// A scale set of VMs.
    NodeArray,
}

/// A name with the range it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRef {
    /// The name as written.
    pub name: String,
    /// Where.
    pub range: Range<usize>,
}

/// An attribute value a node ends up with, and where it came from.
#[derive(Clone, Debug)]
pub struct EffectiveAttr {
    /// The attribute line that set it last.
    pub attr: AttrId,
    /// The node whose section holds that line (the node itself when not inherited).
    pub origin: NodeId,
}

/// A node or node array with its inheritance resolved.
#[derive(Clone, Debug)]
pub struct NodeInfo {
    /// Its section.
    pub section: SectionId,
    /// The cluster section it belongs to (`None` when misplaced outside a cluster).
    pub cluster: Option<SectionId>,
    /// The name as written.
    pub name: String,
    /// Node or node array.
    pub kind: NodeKind,
    /// `[[node defaults]]`, inherited by every other node of the cluster.
    pub is_defaults: bool,
    /// `Abstract = true`: a template for others, never started.
    pub is_abstract: bool,
    /// `Extends` entries, in order.
    pub extends: Vec<NameRef>,
    /// Effective attributes, keyed by lower-case key (cleared ones removed).
    pub effective: HashMap<ArcStr, EffectiveAttr, foldhash::fast::RandomState>,
    /// Child sections (configuration, volumes, cluster-init, …) from defaults, `Extends`, then
    /// its own, in that order.
    pub effective_children: Vec<SectionId>,
}

impl NodeInfo {
    /// The effective attribute for `key` (any case).
    pub fn get(&self, key: &str) -> Option<&EffectiveAttr> {
        self.effective.get(key.to_ascii_lowercase().as_str())
    }
}

/// A `[[[parameter X]]]` declaration.
#[derive(Clone, Debug)]
pub struct ParamInfo {
    /// Its section.
    pub section: SectionId,
    /// The name as written.
    pub name: ArcStr,
    /// The name's range in the header.
    pub name_range: Range<usize>,
    /// `Label`, as written.
    pub label: Option<ArcStr>,
    /// `Description`, as written.
    pub description: Option<ArcStr>,
    /// `ParameterType` (`String` when absent, per CycleCloud).
    pub parameter_type: Option<ArcStr>,
    /// `DefaultValue` (also the `= =undefined` / `:=` forms), as written.
    pub default_value: Option<ArcStr>,
}

/// A call of a named function in an expression.
#[derive(Clone, Debug)]
pub struct CallInfo {
    /// The function name as written.
    pub name: ArcStr,
    /// Where the name is.
    pub name_range: Range<usize>,
    /// The whole call.
    pub range: Range<usize>,
    /// The number of arguments, `None` when the argument list does not parse.
    pub arguments: Option<usize>,
}

/// What a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    /// `$Name`, or a name in an expression: a parameter, `ClusterName`, an environment or noderef.
    Value,
    /// An `Extends` entry: a node of the same cluster.
    Extends,
    /// A `[[[cluster-init project:spec:version]]]` name: a spec of a CycleCloud project.
    ClusterInit,
}

/// One use of a name.
#[derive(Clone, Debug)]
pub struct Reference {
    /// What it points at.
    pub kind: RefKind,
    /// The name without `$`.
    pub name: ArcStr,
    /// The name's range (including a leading `$`).
    pub range: Range<usize>,
    /// Written with `$`.
    pub dollar: bool,
    /// The attribute line it appears in (`None` in a header name).
    pub attr: Option<AttrId>,
    /// The section it appears in.
    pub section: Option<SectionId>,
}

/// What one attribute line contributed to a model, kept between versions of a document.
/// tree-sitter reuses the subtrees an edit did not touch, with the same node id, so a line whose
/// node id is unchanged has the same text and can be taken over with its ranges shifted.
#[derive(Clone, Debug)]
pub(crate) struct CachedAttribute {
    /// The last build that saw the node (entries of nodes gone from the tree are dropped).
    pub(crate) seen: u64,
    /// The node's start when this was recorded.
    pub(crate) start: usize,
    /// The line's text, and its number of syntax nodes (see `adopt_same_text` in the build).
    pub(crate) text: ArcStr,
    pub(crate) descendants: usize,
    /// The line (its `section` and `catalog` are refreshed on reuse).
    pub(crate) info: AttrInfo,
    /// The section kind and name the catalog entry was looked up for.
    pub(crate) looked_up_in: (ArcStr, Option<ArcStr>),
    /// References found in the value (their `attr`/`section` are refreshed on reuse).
    pub(crate) references: Vec<Reference>,
    /// Calls found in the value.
    pub(crate) calls: Vec<CallInfo>,
    /// String tokens found in the value.
    pub(crate) strings: Vec<(Range<usize>, &'static str)>,
}

/// What one section header contributed to a model, kept between versions like
/// [`CachedAttribute`] and keyed by the header's node id: a section whose lines changed gets a
/// new node, but its header line usually keeps its own.
#[derive(Clone, Debug)]
pub(crate) struct CachedHeader {
    /// The last build that saw the node.
    pub(crate) seen: u64,
    /// The header node's start when this was recorded.
    pub(crate) start: usize,
    /// The section as read from its header (`parent`, `range`, `attributes` and `children` are
    /// refreshed on reuse).
    pub(crate) info: SectionInfo,
    /// References in the header's name (their `section` is refreshed on reuse).
    pub(crate) references: Vec<Reference>,
}

/// `range` moved by `delta` bytes (the text before it grew or shrank by that much).
pub(crate) fn shifted(range: &Range<usize>, delta: isize) -> Range<usize> {
    range.start.saturating_add_signed(delta)..range.end.saturating_add_signed(delta)
}

impl SectionInfo {
    /// Moves every byte range of the section by `delta`, for a section taken over from the
    /// previous version (the one place that knows which fields are positions).
    pub(crate) fn shift(&mut self, delta: isize) {
        self.range = shifted(&self.range, delta);
        self.header_range = shifted(&self.header_range, delta);
        self.kind_range = shifted(&self.kind_range, delta);
        self.name_range = self.name_range.as_ref().map(|r| shifted(r, delta));
        self.close_range = self.close_range.as_ref().map(|r| shifted(r, delta));
    }
}

impl AttrInfo {
    /// Moves every byte range of the line by `delta`; see [`SectionInfo::shift`].
    pub(crate) fn shift(&mut self, delta: isize) {
        self.key_range = shifted(&self.key_range, delta);
        self.value_range = shifted(&self.value_range, delta);
        self.range = shifted(&self.range, delta);
        self.operator_range = self.operator_range.as_ref().map(|r| shifted(r, delta));
        self.comment_range = self.comment_range.as_ref().map(|r| shifted(r, delta));
    }
}

impl CallInfo {
    /// Moves the call's byte ranges by `delta`; see [`SectionInfo::shift`].
    pub(crate) fn shift(&mut self, delta: isize) {
        self.name_range = shifted(&self.name_range, delta);
        self.range = shifted(&self.range, delta);
    }
}

/// A section's syntax node as the next build's section copy needs it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SectionNode {
    /// The node id; 0 where the section was copied by its text and its node is not known.
    pub(crate) id: usize,
    /// The number of nodes in it, and whether the parser had to recover from an error in it:
    /// a section is copied by its text only when both versions parsed it alike, without errors.
    pub(crate) descendants: usize,
    pub(crate) has_error: bool,
}

impl SectionNode {
    pub(crate) fn of(node: cyclecloud_syntax::Node<'_>) -> SectionNode {
        SectionNode {
            id: node.id(),
            descendants: node.descendant_count(),
            has_error: node.has_error(),
        }
    }
}

/// Maps keyed by tree-sitter node ids: a fast hash, since the keys are addresses, not user text.
pub(crate) type NodeIdMap<V> = HashMap<usize, V, foldhash::fast::RandomState>;

/// Per-document memory of the previous model, so a keystroke re-reads only the lines it
/// changed. Holds the previous tree so the node ids it remembers stay valid.
#[derive(Default)]
pub struct ModelCache {
    pub(crate) tree: Option<cyclecloud_syntax::Tree>,
    /// The previous model: a section whose node the parser reused is copied from it whole.
    pub(crate) previous: Option<Arc<Model>>,
    /// Section node id → its id in `previous`.
    pub(crate) previous_sections: NodeIdMap<SectionId>,
    /// The previous version's text, to recognise a section the parser re-created unchanged.
    pub(crate) previous_text: Option<ropey::Rope>,
    /// The model before `previous`, no longer needed; see [`ModelCache::take_retired`].
    pub(crate) retired: Option<Arc<Model>>,
    pub(crate) attributes: NodeIdMap<CachedAttribute>,
    pub(crate) headers: NodeIdMap<CachedHeader>,
    /// Line text → node id in `attributes`, for lines the parser re-created unchanged.
    pub(crate) lines_by_text: HashMap<ArcStr, usize, foldhash::fast::RandomState>,
    /// Counts builds, to tell the entries the last build saw from stale ones.
    pub(crate) generation: u64,
    pub(crate) reused: usize,
    /// The previous model's lengths, to size the next one's vectors once instead of growing
    /// (and copying) them.
    pub(crate) sizes: ModelSizes,
}

/// Lengths of a model's vectors, see [`ModelCache`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ModelSizes {
    pub(crate) sections: usize,
    pub(crate) attributes: usize,
    pub(crate) references: usize,
    pub(crate) calls: usize,
    pub(crate) string_tokens: usize,
}

impl ModelCache {
    /// How many attribute lines the last build took over instead of reading them (for tests
    /// and benchmarks).
    pub fn reused_last_build(&self) -> usize {
        self.reused
    }

    /// The model the last build replaced, so a caller can free it off the keystroke's path
    /// (freeing a large model costs about as much as building one); dropped with the next
    /// build otherwise.
    pub fn take_retired(&mut self) -> Option<Arc<Model>> {
        self.retired.take()
    }
}

impl std::fmt::Debug for ModelCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelCache")
            .field("attributes", &self.attributes.len())
            .finish()
    }
}

/// The model of one document.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Every section, in document order (parents before children).
    pub sections: Vec<SectionInfo>,
    /// Every attribute line, in document order.
    pub attributes: Vec<AttrInfo>,
    /// Every node and node array.
    pub nodes: Vec<NodeInfo>,
    /// Every parameter declaration.
    pub parameters: Vec<ParamInfo>,
    /// Every reference.
    pub references: Vec<Reference>,
    /// Start offsets of Jinja statement lines (`{% if … %}`), in document order.
    pub template_directives: Vec<usize>,
    /// String-like tokens in values (`"…"`, `'''…'''`, back-ticked times) with their kind.
    pub string_tokens: Vec<(Range<usize>, &'static str)>,
    /// Every call of a named function in attribute values (not in `Config.Query`, a query
    /// language of its own), in document order.
    pub calls: Vec<CallInfo>,
    /// Lower-case parameter name → declarations (more than one is a duplicate).
    pub parameter_index: HashMap<String, Vec<ParamId>, foldhash::fast::RandomState>,
    /// Section → node, for sections that are nodes.
    pub node_of_section: HashMap<SectionId, NodeId, foldhash::fast::RandomState>,
    /// (cluster, lower-case name) → the first node of that name, for `Extends` lookups.
    pub node_index: HashMap<(Option<SectionId>, String), NodeId, foldhash::fast::RandomState>,
    /// What the next version's build needs of each section's syntax node (parallel to
    /// `sections`) to copy the section instead of reading it again.
    pub(crate) section_nodes: Vec<SectionNode>,
}

impl Model {
    /// Whether the file is a fragment meant to be pasted into another template (the files a
    /// generator such as Bicep's `loadTextContent` stitches together): it has headers, but none
    /// of rank 1, so its placement and its references to names declared elsewhere cannot be
    /// judged here.
    pub fn is_fragment(&self) -> bool {
        !self.sections.is_empty() && self.sections.iter().all(|section| section.rank > 1)
    }

    /// The sections of one kind, in order.
    pub fn sections_of<'a>(
        &'a self,
        kind: &'a str,
    ) -> impl Iterator<Item = (SectionId, &'a SectionInfo)> + 'a {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, section)| section.kind == kind)
    }

    /// A section's attribute named `key` (any case), the last one when repeated.
    pub fn attribute_in(&self, section: SectionId, key: &str) -> Option<AttrId> {
        self.sections[section]
            .attributes
            .iter()
            .rev()
            .copied()
            .find(|&attr| self.attributes[attr].key_is(key))
    }

    /// The key the catalog knows a line by: `prefix.key` inside `[[[configuration prefix]]]`,
    /// the key as written everywhere else. The one place that knows this convention.
    pub fn catalog_key(&self, attr: AttrId) -> std::borrow::Cow<'_, str> {
        let line = &self.attributes[attr];
        self.catalog_key_in(line.section, &line.key)
    }

    /// [`Model::catalog_key`] for a key written (or being typed) in `section`.
    pub fn catalog_key_in<'k>(
        &self,
        section: Option<SectionId>,
        key: &'k str,
    ) -> std::borrow::Cow<'k, str> {
        match self.configuration_prefix(section) {
            Some(prefix) => std::borrow::Cow::Owned(format!("{prefix}.{key}")),
            None => std::borrow::Cow::Borrowed(key),
        }
    }

    /// The prefix a `[[[configuration prefix]]]` section puts before its keys (trimmed, never
    /// empty); `None` for other sections and a configuration section without a name.
    pub fn configuration_prefix(&self, section: Option<SectionId>) -> Option<&str> {
        section
            .map(|section| &self.sections[section])
            .filter(|section| section.is("configuration"))
            .and_then(|section| section.name.as_deref())
            .map(str::trim)
            .filter(|name| !name.is_empty())
    }

    /// The kind of the section an attribute sits in (empty for lines before any header).
    pub fn attribute_section_kind(&self, attr: AttrId) -> &str {
        self.attributes[attr]
            .section
            .map(|section| self.sections[section].kind.as_str())
            .unwrap_or("")
    }

    /// The node a section belongs to: itself, or its nearest node ancestor.
    pub fn enclosing_node(&self, mut section: SectionId) -> Option<NodeId> {
        loop {
            if let Some(&node) = self.node_of_section.get(&section) {
                return Some(node);
            }
            section = self.sections[section].parent?;
        }
    }

    /// The node of `cluster` named `name` (any case), as `Extends` resolves it: the first one
    /// when a name is repeated. Constant time, so inheritance stays linear in the node count.
    pub fn find_node(&self, cluster: Option<SectionId>, name: &str) -> Option<NodeId> {
        self.node_index
            .get(&(cluster, name.to_ascii_lowercase()))
            .copied()
    }

    /// The declarations of a parameter (any case).
    pub fn parameter(&self, name: &str) -> Option<&ParamInfo> {
        self.parameter_index
            .get(&name.to_ascii_lowercase())
            .and_then(|ids| ids.first())
            .map(|&id| &self.parameters[id])
    }

    /// The effective value text of `key` on a node, if set.
    pub fn effective_value(&self, node: NodeId, key: &str) -> Option<&AttrInfo> {
        self.nodes[node]
            .get(key)
            .map(|effective| &self.attributes[effective.attr])
    }
}
