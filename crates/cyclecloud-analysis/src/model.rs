//! The semantic model of one template: sections, attributes, clusters, nodes with their
//! effective (inherited) attributes, parameters and every reference.
//!
//! Built once per document version from a syntax snapshot; everything is plain data with byte
//! ranges, and names keep the author's spelling while lookups ignore case.

mod around_edit;
mod build;
mod cache;
mod ids;
mod patch;
mod references;
#[cfg(test)]
mod tests;
mod unit;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

pub use arcstr::ArcStr;
use cyclecloud_syntax::ast::AssignOp;
use foldhash::HashMap;

pub use build::{build, build_cached};
pub(crate) use build::{build_cached_beside, is_referenceable_name, section_info, unit_model};
pub use cache::ModelCache;
pub(crate) use cache::{Kept, KeptFindings, KeptMap, OutsideLines, OutsidePlace, RunKey};
pub(crate) use ids::IdVec;
pub use ids::{AttrId, AttrSpan, NodeId, ParamId, SectionId};
pub(crate) use unit::{fnv, SectionUnit};

/// One section header with what it holds: where it sits, and what its header says
/// ([`HeaderFacts`], reached through `Deref`: `section.kind`, `section.name`).
///
/// Apart for the reason [`AttrInfo`] is: every keystroke copies every section into the next
/// model, and a shared [`HeaderFacts`] costs one reference count where its strings cost two.
#[derive(Clone, Debug)]
pub struct SectionInfo {
    /// What the header says.
    pub facts: Arc<HeaderFacts>,
    /// The enclosing section, `None` at file level.
    pub parent: Option<SectionId>,
    /// Header to the start of the next section of the same or higher rank.
    pub range: Range<usize>,
    /// The header line without its line break (its parts: [`SectionInfo::kind_range`], …).
    pub header_range: Range<usize>,
    /// Attribute lines directly in this section, in order.
    pub attributes: AttrSpan,
    /// Sections directly in this one, in order.
    pub children: Vec<SectionId>,
}

/// What a section header says, wherever it sits: see [`SectionInfo`].
#[derive(Clone, Debug)]
pub struct HeaderFacts {
    /// The kind in lower case (`nodearray`); empty when the header has none.
    pub kind: ArcStr,
    /// The catalog's entry for the kind, `None` for a kind it does not know (looked up once
    /// when the header is read, not by every rule on every keystroke).
    pub catalog: Option<&'static cyclecloud_catalog::SectionKind>,
    /// The name as written and trimmed, if any.
    pub name: Option<ArcStr>,
    /// Number of opening brackets.
    pub rank: usize,
    /// Number of closing brackets, `None` when the header is not closed.
    pub closing_rank: Option<usize>,
    /// The kind keyword, relative to the header's start (see [`SectionInfo::kind_range`]).
    pub(crate) kind_at: Range<u32>,
    /// The name, relative to the header's start.
    pub(crate) name_at: Option<Range<u32>>,
    /// The closing brackets, relative to the header's start.
    pub(crate) close_at: Option<Range<u32>>,
}

/// Lets a row read as the facts `$get` finds in it (`section.kind`, `line.key`): see the rows'
/// docs for why they are apart.
macro_rules! deref_to_facts {
    ($row:ty => $facts:ty, |$this:ident| $get:expr) => {
        impl std::ops::Deref for $row {
            type Target = $facts;

            fn deref(&self) -> &$facts {
                let $this = self;
                $get
            }
        }
    };
}
pub(crate) use deref_to_facts;

deref_to_facts!(SectionInfo => HeaderFacts, |section| &section.facts);

// Every keystroke copies or moves each row of these two tables (see their docs), and a field
// added to them costs memory on every line of a large template: their sizes are pinned here, to
// be raised knowingly.
#[cfg(target_pointer_width = "64")]
const _: () =
    assert!(std::mem::size_of::<SectionInfo>() == 80 && std::mem::size_of::<AttrInfo>() == 48);

impl SectionInfo {
    /// The kind keyword (empty at the header's start when there is none). The header's parts
    /// are kept in its facts relative to the header: a row of the model's table is smaller,
    /// and every row is copied and moved on keystrokes.
    pub fn kind_range(&self) -> Range<usize> {
        placed(&self.kind_at, self.header_range.start)
    }

    /// The name, when present.
    pub fn name_range(&self) -> Option<Range<usize>> {
        self.name_at
            .as_ref()
            .map(|at| placed(at, self.header_range.start))
    }

    /// The closing brackets, when present.
    pub fn close_range(&self) -> Option<Range<usize>> {
        self.close_at
            .as_ref()
            .map(|at| placed(at, self.header_range.start))
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

/// One attribute line: where it sits, and what it says ([`LineFacts`], reached through
/// `Deref`: `line.key`, `line.value`).
///
/// The two parts are apart because every keystroke copies every line it did not touch into the
/// next version's model, moved: the positions are copied, the facts (three strings and what is
/// read from them) are shared. A unit's lines share one allocation of facts ([`LineRef`]), so
/// copying or freeing a line touches its unit's one reference count, which the unit's other
/// lines just touched, instead of a count of its own somewhere else in memory.
#[derive(Clone, Debug)]
pub struct AttrInfo {
    /// The owning section, `None` for a line before any header.
    pub section: Option<SectionId>,
    /// The whole line without its line break (its parts: [`AttrInfo::key_range`], …).
    pub range: Range<usize>,
    /// What the line says.
    pub facts: LineRef,
}

/// One line's [`LineFacts`] among those of its unit, which share one allocation.
#[derive(Clone, Debug)]
pub struct LineRef {
    /// The facts of every line of the unit, in order.
    all: Arc<[LineFacts]>,
    /// This line's place among them.
    index: u32,
}

/// What an attribute line says, wherever it sits: see [`AttrInfo`].
#[derive(Debug)]
pub struct LineFacts {
    /// The key as written.
    pub key: ArcStr,
    /// The key in lower case, for lookups.
    pub key_lower: ArcStr,
    /// `=` or `:=`.
    pub op: AssignOp,
    /// The value as written, trimmed (without a trailing comment).
    pub value: ArcStr,
    /// The syntax kind of the value node as its id, `None` without a value (see
    /// [`LineFacts::value_kind`]): 2 bytes where the kind's name is 16, on every line.
    value_kind_id: Option<std::num::NonZeroU16>,
    /// How the value reads.
    pub shape: ValueShape,
    /// The `=` or `:=`, relative to the line's start (see [`AttrInfo::operator_range`]).
    pub(crate) operator: Option<Range<u32>>,
    /// The trailing `# comment`, relative to the line's start (see [`AttrInfo::comment_range`]).
    pub(crate) comment: Option<Range<u32>>,
    /// The key, relative to the line's start (see [`AttrInfo::key_range`]).
    pub(crate) key_at: Range<u32>,
    /// The value, relative to the line's start (see [`AttrInfo::value_range`]).
    pub(crate) value_at: Range<u32>,
    /// The line, relative to its unit's start (see [`SectionUnit::line`]).
    pub(crate) line_at: Range<u32>,
    /// The catalog entry this line means (looked up once per analysis, not once per rule):
    /// `prefix.key` inside `[[[configuration prefix]]]`, and for a `[[node]]` the `nodearray`
    /// entry when only node arrays know the key. `None` for unknown keys.
    pub catalog: Option<&'static cyclecloud_catalog::Attribute>,
}

impl LineFacts {
    /// Whether the key equals `key`, ignoring case.
    pub fn key_is(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }

    /// The syntax kind of the value node (`text`, `value_list`, …; empty when there is none).
    pub fn value_kind(&self) -> &'static str {
        self.value_kind_id
            .map_or("", |id| cyclecloud_syntax::kinds::kind_name(id.get()))
    }
}

deref_to_facts!(AttrInfo => LineFacts, |line| &line.facts.all[line.facts.index as usize]);

impl AttrInfo {
    /// The key (kept relative to the line, as [`SectionInfo::kind_range`] says why).
    pub fn key_range(&self) -> Range<usize> {
        placed(&self.key_at, self.range.start)
    }

    /// The value (empty, just after the operator, for `key =`).
    pub fn value_range(&self) -> Range<usize> {
        placed(&self.value_at, self.range.start)
    }

    /// The `=` or `:=`.
    pub fn operator_range(&self) -> Option<Range<usize>> {
        self.operator
            .as_ref()
            .map(|at| placed(at, self.range.start))
    }

    /// The trailing `# comment`, if any.
    pub fn comment_range(&self) -> Option<Range<usize>> {
        self.comment.as_ref().map(|at| placed(at, self.range.start))
    }

    /// The value with surrounding quotes removed, for comparisons with literals.
    pub fn unquoted_value(&self) -> &str {
        // Trimmed when the line is read: rules ask many lines for this on every keystroke.
        let value = self.value.as_str();
        ['"', '\'']
            .into_iter()
            .find_map(|quote| value.strip_prefix(quote)?.strip_suffix(quote))
            .unwrap_or(value)
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
    pub name: ArcStr,
    /// Node or node array.
    pub kind: NodeKind,
    /// `[[node defaults]]`, inherited by every other node of the cluster.
    pub is_defaults: bool,
    /// `Abstract = true`: a template for others, never started.
    pub is_abstract: bool,
    /// `Extends` entries, in order.
    pub extends: Vec<NameRef>,
    /// The `Extends` line they come from (the last one when repeated).
    pub(crate) extends_line: Option<AttrId>,
    /// The nodes it inherits from directly, in order: `[[node defaults]]`, then the nodes its
    /// `Extends` entries name (each once, never itself). Resolved once per model: inheritance,
    /// the per-node run keys and several rules walk them on every keystroke.
    pub bases: Vec<NodeId>,
    /// Effective attributes, keyed by lower-case key (cleared ones removed).
    pub effective: HashMap<ArcStr, EffectiveAttr>,
    /// Child sections (configuration, volumes, cluster-init, …) from defaults, `Extends`, then
    /// its own, in that order.
    pub effective_children: Vec<SectionId>,
    /// The lower-case keys it clears (`:= undefined`, its own or inherited and not set again),
    /// which a node that extends it clears too.
    pub(crate) cleared: Vec<ArcStr>,
}

impl NodeInfo {
    /// The effective attribute for `key` (any case).
    pub fn get(&self, key: &str) -> Option<&EffectiveAttr> {
        in_lower_case(key, |lower| self.effective.get(lower))
    }
}

/// A `[[[parameter X]]]` declaration: where it sits, and what it says ([`ParamFacts`], reached
/// through `Deref`: `parameter.name`, `parameter.label`).
///
/// Apart for the reason [`AttrInfo`] is: every keystroke copies every parameter into the next
/// model, and a shared [`ParamFacts`] costs one reference count where its five strings cost five.
#[derive(Clone, Debug)]
pub struct ParamInfo {
    /// Its section.
    pub section: SectionId,
    /// The name's range in the header.
    pub name_range: Range<usize>,
    /// What the declaration says.
    pub facts: Arc<ParamFacts>,
}

deref_to_facts!(ParamInfo => ParamFacts, |parameter| &parameter.facts);

/// What a parameter declaration says, wherever it sits: see [`ParamInfo`].
#[derive(Debug)]
pub struct ParamFacts {
    /// The name as written.
    pub name: ArcStr,
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

impl Reference {
    /// The name's range, without a leading `$`.
    pub fn name_range(&self) -> Range<usize> {
        let start = self.range.start + usize::from(self.dollar);
        start.min(self.range.end)..self.range.end
    }
}

impl HeaderFacts {
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

    /// The prefix a `[[[configuration prefix]]]` section puts before its keys (trimmed, never
    /// empty); `None` for other sections and a configuration section without a name.
    pub fn configuration_prefix(&self) -> Option<&str> {
        // The name is trimmed when the header is read: the node rules ask every configuration
        // line of every node for its prefix on every keystroke.
        let name = self.name.as_deref();
        name.filter(|name| self.is("configuration") && !name.is_empty())
    }

    /// The key the catalog knows a line of this section by: `prefix.key` inside
    /// `[[[configuration prefix]]]`, the key as written everywhere else ([`Model::catalog_key`]
    /// and the section units use it).
    pub fn catalog_key<'k>(&self, key: &'k str) -> Cow<'k, str> {
        match self.catalog_key_parts(key) {
            ["", "", _] => Cow::Borrowed(key),
            parts => Cow::Owned(parts.concat()),
        }
    }

    /// [`HeaderFacts::catalog_key`] in parts, prefix, dot and key (the first two empty outside a
    /// named configuration section): the one place that knows the convention, which the
    /// comparisons below read without building the key.
    fn catalog_key_parts<'k>(&'k self, key: &'k str) -> [&'k str; 3] {
        match self.configuration_prefix() {
            Some(prefix) => [prefix, ".", key],
            None => ["", "", key],
        }
    }

    /// Whether [`HeaderFacts::catalog_key`] of `key` is `wanted` (any case), without building it:
    /// for the checks that ask every configuration line of every node for one key.
    pub fn catalog_key_is(&self, key: &str, wanted: &str) -> bool {
        self.catalog_key_matches(key, wanted, true)
    }

    /// Whether [`HeaderFacts::catalog_key`] of `key` starts with `wanted` (any case), without
    /// building it: for the checks that look for any `slurm.` line of every node.
    pub fn catalog_key_starts_with(&self, key: &str, wanted: &str) -> bool {
        self.catalog_key_matches(key, wanted, false)
    }

    /// Whether `wanted` is the catalog key of `key` (`whole`) or its start, read byte by byte.
    fn catalog_key_matches(&self, key: &str, wanted: &str, whole: bool) -> bool {
        let parts = self.catalog_key_parts(key);
        let len: usize = parts.iter().map(|part| part.len()).sum();
        let own = parts.iter().flat_map(|part| part.bytes());
        (wanted.len() == len || !whole && wanted.len() < len)
            && own
                .zip(wanted.bytes())
                .all(|(own, wanted)| own.eq_ignore_ascii_case(&wanted))
    }

    /// The catalog section kinds a line of this section is looked up in, in order: its own
    /// kind, then `nodearray` for any `[[node]]` (defaults and abstract nodes feed node arrays,
    /// and CC0403 reports node-array keys on single nodes, so values are still checked against
    /// the array entry). Empty for a header without a kind.
    pub(crate) fn catalog_kinds(&self) -> impl Iterator<Item = &str> {
        let own = Some(self.kind.as_str()).filter(|kind| !kind.is_empty());
        let array = self.is("node").then_some("nodearray");
        own.into_iter().chain(array)
    }

    /// The catalog entry `key` means for the checks in this section: the first of
    /// [`HeaderFacts::catalog_kinds`] that knows [`HeaderFacts::catalog_key`]. The model
    /// stores it per line as [`AttrInfo::catalog`].
    pub(crate) fn catalog_entry(
        &self,
        key: &str,
    ) -> Option<&'static cyclecloud_catalog::Attribute> {
        let key = self.catalog_key(key);
        let catalog = cyclecloud_catalog::catalog();
        self.catalog_kinds()
            .find_map(|kind| catalog.attribute(kind, &key))
    }
}

/// `text` as the model keeps a key, section kind or value: a name or value the catalog knows
/// (as spelled there, or in lower case) is one string shared by the whole process, any other
/// text its own copy. A large template repeats a few hundred names and values on every line,
/// and a shared one costs neither an allocation nor, as a static string, a reference count
/// when a line is copied.
pub(super) fn interned(text: &str) -> ArcStr {
    type Names = HashMap<&'static str, ArcStr>;
    static NAMES: OnceLock<Names> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let catalog = cyclecloud_catalog::catalog();
        let attributes = catalog.attributes().iter().map(|entry| &entry.name);
        let kinds = catalog.sections().iter().map(|kind| &kind.name);
        let values = catalog.attributes().iter().flat_map(|entry| &entry.values);
        let values = values.map(|allowed| &allowed.value);
        let booleans = [String::from("true"), String::from("false")];
        let mut names = Names::default();
        let known = attributes.chain(kinds).chain(values).chain(&booleans);
        for name in known.filter(|name| !name.contains('*')) {
            for spelling in [name.clone(), name.to_ascii_lowercase()] {
                let shared = ArcStr::from(spelling);
                names.insert(shared.leak(), shared);
            }
        }
        names
    });
    match names.get(text) {
        Some(shared) => shared.clone(),
        None => ArcStr::from(text),
    }
}

/// `f` of `text` in lower case, without allocating for text up to 64 bytes: the model's maps are
/// keyed in lower case, and rules look names and keys up on every line of every keystroke.
pub(super) fn in_lower_case<T>(text: &str, f: impl FnOnce(&str) -> T) -> T {
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        return f(text);
    }
    let mut buffer = [0u8; 64];
    let Some(lower) = buffer.get_mut(..text.len()) else {
        return f(&text.to_ascii_lowercase());
    };
    lower.copy_from_slice(text.as_bytes());
    lower.make_ascii_lowercase();
    f(std::str::from_utf8(lower).expect("ASCII lower-casing keeps UTF-8 valid"))
}

/// `range` as offsets from `base` (at or before it), `None` when they pass 4 GiB: the model
/// keeps positions inside a line or a unit this way, and [`placed`] turns them back.
#[inline]
pub(crate) fn relative(range: &Range<usize>, base: usize) -> Option<Range<u32>> {
    let at = |offset: usize| u32::try_from(offset - base).ok();
    Some(at(range.start)?..at(range.end)?)
}

/// [`relative`] for a place that must be kept: a unit's or a header's text is far shorter than
/// 4 GiB (the server refuses larger messages long before); a range past that is kept at 4 GiB.
pub(crate) fn offsets(range: &Range<usize>, base: usize) -> Range<u32> {
    relative(range, base).unwrap_or(u32::MAX..u32::MAX)
}

/// `offsets` (from [`relative`]) as a range of the document, where their base is at `start`.
#[inline]
pub(crate) fn placed(offsets: &Range<u32>, start: usize) -> Range<usize> {
    start + offsets.start as usize..start + offsets.end as usize
}

/// `range` moved by `delta` bytes (the text before it grew or shrank by that much).
#[inline]
pub(crate) fn shifted(range: &Range<usize>, delta: isize) -> Range<usize> {
    moved(range.start, delta)..moved(range.end, delta)
}

/// `offset` moved by `delta` bytes, stopping at 0 as `saturating_add_signed` does, without its
/// check at the top, which no offset into a text reaches: a patched model moves every row after
/// the edit on every keystroke, and that check doubled the cost (8.6 M instructions a keystroke
/// at 100,000 lines).
#[inline]
pub(crate) fn moved(offset: usize, delta: isize) -> usize {
    (offset as isize).wrapping_add(delta).max(0) as usize
}

impl CallInfo {
    /// Moves the call's byte ranges by `delta` (the one place that knows which of its fields
    /// are positions).
    #[inline]
    pub(crate) fn shift(&mut self, delta: isize) {
        self.name_range = shifted(&self.name_range, delta);
        self.range = shifted(&self.range, delta);
    }
}

/// The model of one document.
#[derive(Debug, Default)]
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
    /// Lower-case parameter name → declarations (more than one is a duplicate); shared with
    /// the next version while the parameter names stay the same.
    pub parameter_index: Arc<ParameterIndex>,
    /// Parameters whose names hold characters other than letters, digits and underscores.
    pub(crate) unreferenceable_parameters: Vec<ParamId>,
    /// Section → node, for sections that are nodes.
    pub node_of_section: HashMap<SectionId, NodeId>,
    /// Cluster → lower-case name → the first node of that name, for `Extends` lookups (by
    /// cluster first, so that a name is looked up without allocating).
    pub node_index: HashMap<Option<SectionId>, NodeNames>,
    /// The (cluster, lower-case name) pairs more than one node carries.
    pub(crate) repeated_node_names: Vec<(Option<SectionId>, String)>,
    /// The units the model was assembled from, in document order, where each now starts.
    pub(crate) units: Vec<PlacedUnit>,
    /// The declarations each reference names, looked up on first use ([`Model::value_references`]).
    declared: OnceLock<references::Declared>,
    /// The names [`Model::scope_names`] gathers on first use.
    scope_names: OnceLock<Vec<ArcStr>>,
    /// Each section kind written in the file with its sections and their ranks, in document
    /// order, gathered the first time a rule asks ([`Model::sections_of`]): a dozen rules ask
    /// on every keystroke, and a patched model keeps it (its sections' kinds, ranks and ids are
    /// unchanged).
    sections_by_kind: OnceLock<KindIndex>,
    /// Each section with an earlier sibling of the same kind and name, and the first of them,
    /// gathered the first time a rule asks ([`Model::namesakes`]); a patched model keeps them
    /// (its sections' parents, kinds and names are unchanged).
    namesakes: OnceLock<Vec<(SectionId, SectionId)>>,
    /// The parameter names `$` can carry, gathered the first time a rule asks
    /// ([`Model::referenceable_parameter_names`]); a patched model keeps them (its parameters'
    /// names are unchanged).
    referenceable_names: OnceLock<Vec<ArcStr>>,
    /// Which build of its [`ModelCache`] made it (0 without a cache): a model handed back to
    /// the cache is patched into the next version only if it is the cache's last.
    generation: u64,
}

/// Lower-case parameter name → declarations, in document order.
pub type ParameterIndex = HashMap<String, Vec<ParamId>>;

/// Lower-case node name → the first node of that name, in one cluster.
pub type NodeNames = HashMap<ArcStr, NodeId>;

/// A unit in a model, and where its text starts now.
#[derive(Debug)]
pub(crate) struct PlacedUnit {
    pub(crate) unit: Arc<SectionUnit>,
    pub(crate) start: usize,
    /// Its text's length, read without the unit: every keystroke lays out every unit, and
    /// each unit is another cache line (its text's length one more).
    pub(crate) len: usize,
    /// Which of the unit's lazily found lists are known to be empty: carried with the row when
    /// a model is patched, so that a keystroke reads those lists of the units that have some.
    pub(crate) empty_lists: EmptyLists,
    /// The section it became (`None` for the file's lines before any header).
    pub(crate) section: Option<SectionId>,
    /// Its attribute lines in the model's table.
    pub(crate) attrs: Range<AttrId>,
    /// Its references in the model's table.
    pub(crate) references: Range<usize>,
    /// Its rows in the other tables, so that patching a model moves a unit's rows without
    /// reading the unit (every unit is another cache line).
    pub(crate) calls: Range<u32>,
    pub(crate) string_tokens: Range<u32>,
    pub(crate) template_directives: Range<u32>,
    pub(crate) parameter: Option<ParamId>,
}

impl PlacedUnit {
    /// Where its text is now.
    pub(crate) fn range(&self) -> Range<usize> {
        self.start..self.start + self.len
    }

    /// The unit's `list`, as `find` gives it, without reading the unit once it is known to be
    /// empty (every keystroke asks every unit of a large file for some of these lists).
    pub(crate) fn list<'a, T>(
        &'a self,
        list: UnitList,
        find: impl FnOnce(&'a SectionUnit) -> &'a [T],
    ) -> &'a [T] {
        use std::sync::atomic::Ordering::Relaxed;
        let bit = list as u8;
        if self.empty_lists.0.load(Relaxed) & bit != 0 {
            return &[];
        }
        let found = find(&self.unit);
        if found.is_empty() {
            self.empty_lists.0.fetch_or(bit, Relaxed);
        }
        found
    }
}

/// The lists a unit finds on first use that [`PlacedUnit::list`] remembers to be empty.
#[derive(Clone, Copy)]
pub(crate) enum UnitList {
    /// Its section-scoped findings.
    Findings = 1,
    /// [`SectionUnit::repeated_keys`].
    RepeatedKeys = 2,
    /// [`SectionUnit::names_outside_references`].
    NamesOutsideReferences = 4,
}

/// Per section kind, its sections with their ranks, in order (see [`Model::sections_of`]).
type KindIndex = Vec<(ArcStr, Vec<(SectionId, u32)>)>;

/// One bit per [`UnitList`] known to be empty.
#[derive(Debug, Default)]
pub(crate) struct EmptyLists(std::sync::atomic::AtomicU8);

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
        self.kind_index(kind)
            .iter()
            .map(|&(id, _)| (id, &self.sections[id]))
    }

    /// The rank of each section of one kind, in order, read without the sections (a rule that
    /// compares the ranks of parameters would read thousands of sections on every keystroke).
    pub fn ranks_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = (SectionId, usize)> + 'a {
        self.kind_index(kind)
            .iter()
            .map(|&(id, rank)| (id, rank as usize))
    }

    /// The sections of one kind with their ranks, from `sections_by_kind`.
    fn kind_index(&self, kind: &str) -> &[(SectionId, u32)] {
        let by_kind = self.sections_by_kind.get_or_init(|| {
            let mut by_kind = KindIndex::new();
            for (id, section) in self.sections_with_ids() {
                let entry = (id, u32::try_from(section.rank).unwrap_or(u32::MAX));
                match by_kind.iter_mut().find(|(kind, _)| *kind == section.kind) {
                    Some((_, ids)) => ids.push(entry),
                    None => by_kind.push((section.kind.clone(), vec![entry])),
                }
            }
            by_kind
        });
        by_kind
            .iter()
            .find(|(known, _)| known == kind)
            .map_or(&[][..], |(_, ids)| ids.as_slice())
    }

    /// Each named section that has an earlier sibling of the same kind and name (ignoring
    /// ASCII case), with the first such sibling, in document order: a duplicate-section check
    /// would otherwise key every section of the file by name on every keystroke.
    pub(crate) fn namesakes(&self) -> &[(SectionId, SectionId)] {
        self.namesakes.get_or_init(|| {
            let mut first: HashMap<(Option<SectionId>, &str, Caseless<'_>), SectionId> =
                HashMap::with_capacity_and_hasher(self.sections.len(), Default::default());
            let mut namesakes = Vec::new();
            for (id, section) in self.sections_with_ids() {
                let Some(name) = section.name.as_deref().filter(|name| !name.is_empty()) else {
                    continue;
                };
                let key = (section.parent, section.kind.as_str(), Caseless(name));
                let earliest = *first.entry(key).or_insert(id);
                if earliest != id {
                    namesakes.push((id, earliest));
                }
            }
            namesakes
        })
    }

    /// A section's attribute named `key` (any case), the last one when repeated.
    pub fn attribute_in(&self, section: SectionId, key: &str) -> Option<AttrId> {
        self.sections[section]
            .attributes
            .iter()
            .rev()
            .find(|&attr| self.attributes[attr].key_is(key))
    }

    /// The key the catalog knows a line by: `prefix.key` inside `[[[configuration prefix]]]`,
    /// the key as written everywhere else.
    pub fn catalog_key(&self, attr: AttrId) -> Cow<'_, str> {
        let line = &self.attributes[attr];
        self.catalog_key_in(line.section, &line.key)
    }

    /// [`Model::catalog_key`] for a key written (or being typed) in `section`.
    pub fn catalog_key_in<'k>(&self, section: Option<SectionId>, key: &'k str) -> Cow<'k, str> {
        section.map_or(Cow::Borrowed(key), |section| {
            self.sections[section].catalog_key(key)
        })
    }

    /// The prefix a `[[[configuration prefix]]]` section puts before its keys; see
    /// [`HeaderFacts::configuration_prefix`].
    pub fn configuration_prefix(&self, section: Option<SectionId>) -> Option<&str> {
        section.and_then(|section| self.sections[section].configuration_prefix())
    }

    /// The kind of the section an attribute sits in (empty for lines before any header).
    pub fn attribute_section_kind(&self, attr: AttrId) -> &str {
        let section = self.attributes[attr].section;
        section.map_or("", |section| self.sections[section].kind.as_str())
    }

    /// The node `section` opens, when it is a `[[node]]` or `[[nodearray]]`.
    pub fn node_of(&self, section: Option<SectionId>) -> Option<NodeId> {
        self.node_of_section.get(&section?).copied()
    }

    /// The node a section belongs to: itself, or its nearest node ancestor.
    pub fn enclosing_node(&self, section: Option<SectionId>) -> Option<NodeId> {
        std::iter::successors(section, |&section| self.sections[section].parent)
            .find_map(|section| self.node_of(Some(section)))
    }

    /// The node of `cluster` named `name` (any case), as `Extends` resolves it: the first one
    /// when a name is repeated. Constant time, so inheritance stays linear in the node count.
    pub fn find_node(&self, cluster: Option<SectionId>, name: &str) -> Option<NodeId> {
        let names = self.node_index.get(&cluster)?;
        in_lower_case(name, |lower| names.get(lower).copied())
    }

    /// Whether more than one node of `cluster` is named `name` (any case); without allocating,
    /// as rules ask it for every node.
    pub(crate) fn name_repeats(&self, cluster: Option<SectionId>, name: &str) -> bool {
        self.repeated_node_names
            .iter()
            .any(|(other, repeated)| *other == cluster && repeated.eq_ignore_ascii_case(name))
    }

    /// The declarations of parameter `name` (any case), in document order; more than one is a
    /// duplicate. Looked up without allocating for names up to 64 bytes: rules look up every
    /// reference of the file on every keystroke.
    pub fn declarations(&self, name: &str) -> Option<&[ParamId]> {
        in_lower_case(name, |lower| self.parameter_index.get(lower)).map(Vec::as_slice)
    }

    /// Every `$Name` and expression name ([`RefKind::Value`]) with the declarations of the
    /// parameter it names (empty when none), in document order. Looked up once per model: the
    /// rules about parameters each walk every reference of the file on every keystroke.
    pub fn value_references(&self) -> impl Iterator<Item = (&Reference, &[ParamId])> + '_ {
        let declared = self
            .declared
            .get_or_init(|| references::Declared::new(self));
        self.references
            .iter()
            .enumerate()
            .filter(|(_, reference)| reference.kind == RefKind::Value)
            .map(move |(index, reference)| (reference, declared.of(index)))
    }

    /// The declared parameter names that can be written with `$`, in document order (for
    /// did-you-mean). Gathered once per model: every line run that meets an undeclared
    /// reference asks, thousands of runs when an edit outside every node runs them all.
    pub fn referenceable_parameter_names(&self) -> &[ArcStr] {
        self.referenceable_names.get_or_init(|| {
            self.parameters
                .iter()
                .map(|parameter| &parameter.name)
                .filter(|name| is_referenceable_name(name))
                .cloned()
                .collect()
        })
    }

    /// The names of the environment, environmentref and noderef sections, in document order:
    /// names a `$` reference or an expression may take besides parameters. Gathered once per
    /// model, as every line- and node-scoped run may ask.
    pub fn scope_names(&self) -> &[ArcStr] {
        self.scope_names.get_or_init(|| {
            self.sections
                .iter()
                .filter(|section| {
                    ["environment", "environmentref", "noderef"].contains(&section.kind.as_str())
                })
                .filter_map(|section| section.name.clone())
                .collect()
        })
    }

    /// The declarations of the parameter that reference `index` (a [`RefKind::Value`] in
    /// `references`) names; see [`Model::value_references`].
    pub(crate) fn reference_declarations(&self, index: usize) -> &[ParamId] {
        self.declared
            .get_or_init(|| references::Declared::new(self))
            .of(index)
    }

    /// Each attribute line of a section whose key (any case) an earlier line of the same
    /// section has, with the latest such line: `(earlier, line)`, in document order. Kept with
    /// each unit, so only an edited section is looked at again.
    pub(crate) fn repeated_keys(&self) -> impl Iterator<Item = (AttrId, AttrId)> + '_ {
        // The file's lines before any header are in no section.
        let sections = self.units.iter().filter(|placed| placed.section.is_some());
        sections.flat_map(|placed| {
            let base = placed.attrs.start.index();
            let repeats = placed.list(UnitList::RepeatedKeys, SectionUnit::repeated_keys);
            repeats
                .iter()
                .map(move |&(earlier, line)| (earlier.offset(base), line.offset(base)))
        })
    }

    /// Names that values read outside `$` references and expressions (`@name`, the words of
    /// `Config.Filter`/`Config.Query`), in document order. Kept with each unit, so a keystroke
    /// looks again at the edited section only.
    pub(crate) fn names_outside_references(&self) -> impl Iterator<Item = &str> + '_ {
        self.units
            .iter()
            .flat_map(|placed| {
                let list = UnitList::NamesOutsideReferences;
                placed.list(list, SectionUnit::names_outside_references)
            })
            .map(|name| name.as_str())
    }

    /// The first declaration of a parameter (any case).
    pub fn parameter(&self, name: &str) -> Option<&ParamInfo> {
        Some(&self.parameters[*self.declarations(name)?.first()?])
    }

    /// The parameters whose names a `$` reference cannot carry (see CC0102), usually none.
    pub fn unreferenceable_parameters(&self) -> impl Iterator<Item = &ParamInfo> {
        self.unreferenceable_parameters
            .iter()
            .map(|&id| &self.parameters[id])
    }

    /// The effective value text of `key` on a node, if set.
    pub fn effective_value(&self, node: NodeId, key: &str) -> Option<&AttrInfo> {
        self.nodes[node]
            .get(key)
            .map(|effective| &self.attributes[effective.attr])
    }
}

/// A name as a map key that ignores ASCII case, without a lower-case copy: [`Model::namesakes`]
/// keys every named section of the file by it.
#[derive(Clone, Copy, Debug)]
struct Caseless<'a>(&'a str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Caseless<'_> {}

impl std::hash::Hash for Caseless<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mut buffer = [0u8; 32];
        for chunk in self.0.as_bytes().chunks(buffer.len()) {
            let lower = &mut buffer[..chunk.len()];
            lower.copy_from_slice(chunk);
            lower.make_ascii_lowercase();
            state.write(lower);
        }
        // Ends the name, as `str`'s own hash does, so tuples of names hash apart.
        state.write_u8(0xff);
    }
}
