//! The unit of analysis: one section's own text (its header and the lines directly in it, up to
//! its first child section), or the file's lines before any header. A unit depends on nothing
//! but that text, and keeps its positions relative to where the text starts, so the same unit
//! serves any version of the document that still holds the text, wherever it now sits.
//!
//! A keystroke changes one unit; the model is assembled from units (shifting positions once), and
//! the rules that look at one section keep their findings with the unit (see `crate::analyze`).

use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use cyclecloud_syntax::ast::{AssignOp, Attribute, Section};
use cyclecloud_syntax::{kinds, Node, Snapshot};
use foldhash::HashMap;

use super::references::{has_own_scope, scan, Source, UnitDeclarations, ValueScan};
use super::{
    placed, relative, shifted, ArcStr, AttrId, AttrInfo, CallInfo, HeaderFacts, LineFacts, LineRef,
    ParamFacts, ParamInfo, ParameterIndex, Reference, SectionId, SectionInfo, ValueShape,
};
use crate::diagnostic::Diagnostic;

/// What one section's own text says, positions relative to its start.
#[derive(Debug, Default)]
pub(crate) struct SectionUnit {
    /// A digest of the own text, the key a later version finds the unit by when its syntax node
    /// is new (see [`TextDigest`]).
    pub(crate) digest: TextDigest,
    /// The own text's length in bytes.
    pub(crate) len: usize,
    /// Whether the own text ends with a line break (it does unless it ends the file).
    pub(crate) ends_line: bool,
    /// Whether the own text parsed without errors (only then is it found by text: error
    /// recovery depends on the surroundings).
    pub(crate) clean: bool,
    /// Syntax nodes in the own text, compared with the new parse before reuse by text.
    pub(crate) node_count: u32,
    /// A hash of the own text without its comment lines: what the runs of rules over other
    /// sections read of this one, so that editing a comment here keeps them (the positions they
    /// found in it are moved only while it is the same unit).
    pub(crate) content: u64,
    /// The header, `None` for the file's lines before any header.
    pub(crate) header: Option<UnitHeader>,
    /// What the attribute lines say and where they sit in the own text, in order, in one
    /// allocation the model's rows share: the rows are made from these ([`SectionUnit::line`]),
    /// so a unit keeps no row of its own (a 100,000-line template has some 70,000 lines).
    facts: Arc<[LineFacts]>,
    /// References in the header name and the values, `attr` indexing its lines, `section` unset.
    /// These lists are boxed slices: a unit lives as long as its text is unchanged, and a
    /// vector's capacity field is 8 bytes more a list (a 100,000-line template has some 27,000
    /// units).
    pub(crate) references: Box<[Reference]>,
    /// Calls, string tokens and template directives, `None` when the unit has none of them
    /// (most units: 8 bytes instead of 48 in each).
    rare: Option<Box<RareLists>>,
    /// The parameter a `[parameter]` section declares (`section` unset), so that assembling a
    /// model copies it instead of looking up its lines again.
    pub(crate) parameter: Option<ParamInfo>,
    /// Findings of the section-scoped rules, relative too, computed once per unit (the cache
    /// holding units is emptied when settings change).
    pub(crate) findings: OnceLock<Box<[Diagnostic]>>,
    /// See [`SectionUnit::repeated_keys`].
    repeated_keys: OnceLock<Box<[(AttrId, AttrId)]>>,
    /// See [`SectionUnit::names_outside_references`].
    names_outside_references: OnceLock<Box<[ArcStr]>>,
    /// See [`SectionUnit::declarations`].
    declarations: Mutex<Option<Arc<UnitDeclarations>>>,
}

/// The lists most units lack (see [`SectionUnit::calls`] and the two after it).
#[derive(Debug, Default)]
struct RareLists {
    calls: Box<[CallInfo]>,
    string_tokens: Box<[(Range<usize>, &'static str)]>,
    template_directives: Box<[usize]>,
}

/// A section with everything in it as a version placed it: its unit and its child sections,
/// each at its start relative to the section's. Shared between versions for as long as the
/// parser reuses the section's subtree.
#[derive(Debug)]
pub(crate) struct SectionTree {
    pub(crate) unit: Arc<SectionUnit>,
    /// The section's length in bytes, child sections included.
    pub(crate) len: usize,
    /// Attribute lines in it, child sections included (counted once, when it is made).
    pub(crate) lines: usize,
    pub(crate) children: Vec<(usize, Arc<SectionTree>)>,
}

/// Where a model's sections came from: read afresh, or taken over from a previous version
/// ([`super::ModelCache`]). The one interface between the model builder and the cache.
pub(crate) trait UnitSource {
    /// The section `node` with everything in it, when the previous version had the same
    /// syntax subtree (the parser reused it, so nothing in it changed).
    fn known(&mut self, _node: Node<'_>) -> Option<Arc<SectionTree>> {
        None
    }
    /// The unit of `node` (a section, or the root for the file's own lines) whose own children
    /// are `own` (the children before its first child section), found by its text or read.
    fn unit(&mut self, snapshot: &Snapshot, node: Node<'_>, own: &[Node<'_>]) -> Arc<SectionUnit>;
    /// What this version has at section `node`, for the next version.
    fn remember(&mut self, _node: Node<'_>, _tree: &Arc<SectionTree>) {}
    /// What the previous version's model left for this build.
    fn previous(&self) -> Option<&super::cache::Carried> {
        None
    }
}

/// Reads every unit from the tree (knows no previous version, remembers nothing).
pub(crate) struct Fresh;

impl UnitSource for Fresh {
    fn unit(&mut self, snapshot: &Snapshot, node: Node<'_>, own: &[Node<'_>]) -> Arc<SectionUnit> {
        Arc::new(read(snapshot, node, own, None))
    }
}

/// The identity of a section's syntax subtree across versions. tree-sitter's node id is the
/// address of the node's slot in its parent's child list, so a section the parser reused gets
/// a new id whenever its parent is rebuilt (as the sections after an edit are); its header's
/// slot lives in the section's own child list, which a reused section keeps. While the tree that
/// holds that list is alive (the cache keeps the previous one), no other list can have its
/// address.
pub(crate) fn subtree_key(node: Node<'_>) -> Option<usize> {
    node.child_by_field_id(kinds::field_id::header())
        .map(|header| header.id())
}

/// Splits a section node's children (or the root's) into `own`, those before its first child
/// section (the unit's own syntax), and its child `sections`, in one walk; both are cleared
/// first, so a walk over many sections reuses two buffers.
pub(crate) fn split_children<'t>(
    node: Node<'t>,
    own: &mut Vec<Node<'t>>,
    sections: &mut Vec<Node<'t>>,
) {
    let section = kinds::kind_id::section();
    own.clear();
    sections.clear();
    let mut cursor = node.walk();
    let mut more = cursor.goto_first_child();
    while more {
        let child = cursor.node();
        if child.kind_id() == section {
            sections.push(child);
        } else if sections.is_empty() {
            own.push(child);
        }
        more = cursor.goto_next_sibling();
    }
}

/// The byte range of the own text, given the own children.
pub(crate) fn own_range(node: Node<'_>, own: &[Node<'_>]) -> Range<usize> {
    let start = node.start_byte();
    let end = own.last().map_or(start, |last| last.end_byte().max(start));
    start..end
}

/// The syntax nodes in the own text, and whether any of them is or holds an error.
pub(crate) fn own_shape(own: &[Node<'_>]) -> (usize, bool) {
    own.iter().fold((0, true), |(count, clean), child| {
        (
            count + child.descendant_count(),
            clean && !child.has_error() && !child.is_missing(),
        )
    })
}

/// Reads the unit of `node` whose own children are `own`: the children before its first child
/// section (lines cannot follow a child section in the same parent, since a section runs to the
/// next header of the same or a higher rank). `digest` is the own text's, when the caller has
/// it already (it looked the text up by it).
pub(crate) fn read(
    snapshot: &Snapshot,
    node: Node<'_>,
    own: &[Node<'_>],
    digest: Option<TextDigest>,
) -> SectionUnit {
    let range = own_range(node, own);
    let base = range.start;
    let (node_count, clean) = own_shape(own);
    let text = snapshot.slice(range.clone());
    // Names and values are sliced from the own text, cheaper than from the rope.
    let source = Source {
        snapshot,
        text: &text,
        start: base,
    };
    let mut unit = SectionUnit {
        content: content_hash(&text, base, own),
        digest: digest.unwrap_or_else(|| TextDigest::of(&text)),
        len: text.len(),
        ends_line: text.ends_with(['\n', '\r']),
        clean,
        // A unit's text is far shorter than 4 GiB, so it holds fewer nodes.
        node_count: u32::try_from(node_count).unwrap_or(u32::MAX),
        ..SectionUnit::default()
    };
    let mut found = Found::default();
    if let Some(section) = Section::cast(node, snapshot) {
        let info = super::section_info(&section, None);
        unit.header = Some(UnitHeader {
            header_at: super::offsets(&info.header_range, base),
            facts: info.facts,
        });
        // References in a header name (`[[[cluster-init lsf:execute:$LsfProjectVersion]]]`).
        if let Some(name) = section.name_node() {
            let mut scanned = ValueScan {
                references: Some(&mut found.references),
                calls: None,
                strings: None,
            };
            scan(&source, name, None, false, &mut scanned);
        }
    }
    let directive = kinds::kind_id::template_directive();
    let mut lines: Vec<LineFacts> = Vec::new();
    let header = unit.header.as_ref();
    for &child in own {
        if let Some(attribute) = Attribute::cast(child, snapshot) {
            let line = read_attribute(header, &mut found, &source, attribute, lines.len());
            lines.push(line);
        } else if child.kind_id() == directive {
            found.template_directives.push(child.start_byte());
        }
    }
    unit.facts = lines.into();
    unit.references = found.references.into();
    let rare = RareLists {
        calls: found.calls.into(),
        string_tokens: found.string_tokens.into(),
        template_directives: found.template_directives.into(),
    };
    let any = rare.calls.len() + rare.string_tokens.len() + rare.template_directives.len() > 0;
    unit.rare = any.then(|| Box::new(rare));
    unit.shift(-(base as isize));
    unit.parameter = unit.declared_parameter();
    unit
}

/// 128 bits that stand for a unit's own text: two SipHash-1-3 runs with keys drawn once per
/// process. The cache keeps these instead of the texts, which added up to a second copy of the
/// document (3.3 MB and 27,000 allocations at 100,000 lines). Two texts share a digest with a
/// chance of about 2^-128 a pair; the node count and the header are compared as well.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct TextDigest([u64; 2]);

impl TextDigest {
    /// The digest of `text`.
    pub(crate) fn of(text: &str) -> TextDigest {
        use std::hash::BuildHasher;
        static KEYS: OnceLock<[std::hash::RandomState; 2]> = OnceLock::new();
        let [first, second] = KEYS.get_or_init(Default::default);
        TextDigest([first.hash_one(text), second.hash_one(text)])
    }
}

/// What reading a unit's header and lines finds besides the lines, gathered before the unit
/// keeps it (as boxed slices).
#[derive(Default)]
struct Found {
    references: Vec<Reference>,
    calls: Vec<CallInfo>,
    string_tokens: Vec<(Range<usize>, &'static str)>,
    template_directives: Vec<usize>,
}

/// The hash of `text` (the own text of `own`, starting at `base`) without its comment lines,
/// each with its indentation and its line break, as if the line were not there.
fn content_hash(text: &str, base: usize, own: &[Node<'_>]) -> u64 {
    let bytes = text.as_bytes();
    let comment = kinds::kind_id::comment();
    let mut kept = Vec::new();
    let mut from = 0;
    for line in own.iter().filter(|child| child.kind_id() == comment) {
        let mut start = line
            .start_byte()
            .saturating_sub(base)
            .clamp(from, bytes.len());
        while start > from && matches!(bytes[start - 1], b' ' | b'\t') {
            start -= 1;
        }
        let end = line
            .end_byte()
            .saturating_sub(base)
            .clamp(start, bytes.len());
        let line_break = match &bytes[end..] {
            [b'\r', b'\n', ..] => 2,
            [b'\n' | b'\r', ..] => 1,
            _ => 0,
        };
        kept.push(from..start);
        from = end + line_break;
    }
    kept.push(from..bytes.len());
    fnv(kept
        .into_iter()
        .flat_map(|range| bytes[range].iter().copied()))
}

/// FNV-1a: a cheap hash of short texts, the same whether a text comes whole or in pieces.
pub(crate) fn fnv(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Sections with at most this many lines compare each key with the earlier ones instead of
/// hashing them.
const SMALL_SECTION: usize = 16;

impl SectionUnit {
    /// The calls in the unit's values.
    pub(crate) fn calls(&self) -> &[CallInfo] {
        self.rare.as_ref().map_or(&[], |rare| &rare.calls)
    }

    /// The string tokens in the unit's values, with their kinds.
    pub(crate) fn string_tokens(&self) -> &[(Range<usize>, &'static str)] {
        self.rare.as_ref().map_or(&[], |rare| &rare.string_tokens)
    }

    /// Where the unit's template directives start.
    pub(crate) fn template_directives(&self) -> &[usize] {
        self.rare
            .as_ref()
            .map_or(&[], |rare| &rare.template_directives)
    }

    /// How many attribute lines the unit has.
    pub(crate) fn line_count(&self) -> usize {
        self.facts.len()
    }

    /// The `index`th attribute line as a row of a model whose text starts at `start`, in
    /// `section`.
    pub(crate) fn line(&self, index: usize, start: usize, section: Option<SectionId>) -> AttrInfo {
        AttrInfo {
            section,
            range: placed(&self.facts[index].line_at, start),
            facts: LineRef {
                all: Arc::clone(&self.facts),
                index: index as u32,
            },
        }
    }

    /// Each line whose key (any case) an earlier line of the unit has, with the latest such
    /// line: `(earlier, line)`, indices into its lines. Found the first time it is asked
    /// for, then kept with the unit, so the rule about repeated keys (CC0011) looks at the few
    /// repeats instead of every line of the file on every keystroke.
    pub(crate) fn repeated_keys(&self) -> &[(AttrId, AttrId)] {
        self.repeated_keys.get_or_init(|| {
            let lines = &self.facts;
            let small = lines.len() <= SMALL_SECTION;
            let capacity = if small { 0 } else { lines.len() };
            let mut seen: HashMap<&str, usize> =
                HashMap::with_capacity_and_hasher(capacity, Default::default());
            let mut repeats = Vec::new();
            for (index, line) in lines.iter().enumerate() {
                let earlier = if small {
                    let mut before = lines[..index].iter();
                    before.rposition(|earlier| earlier.key_lower == line.key_lower)
                } else {
                    seen.insert(&line.key_lower, index)
                };
                if let Some(earlier) = earlier {
                    repeats.push((AttrId::new(earlier), AttrId::new(index)));
                }
            }
            repeats.into()
        })
    }

    /// The names the unit's values read outside references (see
    /// [`super::Model::names_outside_references`]), found the first time it is asked for.
    pub(crate) fn names_outside_references(&self) -> &[ArcStr] {
        self.names_outside_references.get_or_init(|| {
            let mut names = Vec::new();
            for line in self.facts.iter() {
                // `TemplateContents = @json` reads a parameter (environment sections).
                if let Some(name) = line.value.strip_prefix('@') {
                    names.push(ArcStr::from(name.trim()));
                }
                if has_own_scope(&line.key_lower) {
                    names.extend(
                        line.value
                            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                            .filter(|word| !word.is_empty())
                            .map(ArcStr::from),
                    );
                }
            }
            names.into()
        })
    }

    /// The declarations each of the unit's references names in `index`, kept for the next
    /// model that asks with the same index (a keystroke rarely renames a parameter, and the
    /// builder then shares the index with the previous version).
    pub(super) fn declarations(&self, index: &Arc<ParameterIndex>) -> Arc<UnitDeclarations> {
        let mut kept = self
            .declarations
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*kept {
            Some(found) if Arc::ptr_eq(&found.index, index) => Arc::clone(found),
            _ => {
                let found = UnitDeclarations::new(&self.references, index);
                Arc::clone(kept.insert(Arc::new(found)))
            }
        }
    }

    /// The parameter the header declares, from the last line of each key (as CycleCloud reads
    /// a repeated key).
    fn declared_parameter(&self) -> Option<ParamInfo> {
        let header = self
            .header
            .as_ref()
            .filter(|header| header.is("parameter"))?;
        let (name, name_range) = (header.name.clone()?, placed(header.name_at.as_ref()?, 0));
        let value_of = |key: &str| {
            self.facts
                .iter()
                .rev()
                .find(|line| line.key_is(key))
                .map(|line| line.value.clone())
        };
        Some(ParamInfo {
            section: SectionId::new(0),
            name_range,
            facts: Arc::new(ParamFacts {
                name,
                label: value_of("Label"),
                description: value_of("Description"),
                parameter_type: value_of("ParameterType"),
                default_value: value_of("DefaultValue"),
            }),
        })
    }

    /// Moves the positions the unit reads as document offsets by `delta` (the one place that
    /// knows which; its lines, header and parameter are read relative to its start).
    fn shift(&mut self, delta: isize) {
        for reference in &mut self.references {
            reference.range = shifted(&reference.range, delta);
        }
        if let Some(rare) = &mut self.rare {
            for call in &mut rare.calls {
                call.shift(delta);
            }
            for (range, _) in &mut rare.string_tokens {
                *range = shifted(range, delta);
            }
            for start in &mut rare.template_directives {
                *start = super::moved(*start, delta);
            }
        }
    }
}

/// What a unit's header says, and where its parts sit relative to the unit's start: the
/// model's [`SectionInfo`] is made from it ([`UnitHeader::info`]), so a unit keeps 48 bytes
/// for its header instead of a whole row.
#[derive(Debug)]
pub(crate) struct UnitHeader {
    facts: Arc<HeaderFacts>,
    header_at: Range<u32>,
}

super::deref_to_facts!(UnitHeader => HeaderFacts, |header| &header.facts);

impl UnitHeader {
    /// The section's row in a model where the unit starts at `start` and the section spans
    /// `range` in `parent`; its lines and child sections are the caller's to fill in.
    pub(crate) fn info(
        &self,
        start: usize,
        range: Range<usize>,
        parent: Option<SectionId>,
    ) -> SectionInfo {
        SectionInfo {
            facts: Arc::clone(&self.facts),
            parent,
            range,
            header_range: placed(&self.header_at, start),
            attributes: Default::default(),
            children: Vec::new(),
        }
    }
}

/// Reads the `index`th attribute line of the unit under `header`; what its value names goes
/// into `found`.
fn read_attribute(
    header: Option<&UnitHeader>,
    found: &mut Found,
    source: &Source<'_>,
    attribute: Attribute<'_>,
    index: usize,
) -> LineFacts {
    let id = AttrId::new(index);
    // One walk over the line's children gives every part (see `Attribute::parts`).
    let parts = attribute.parts();
    let line_start = attribute.node().start_byte();
    let key_text = parts
        .key
        .map(|node| source.text_of(node))
        .unwrap_or_default();
    let key = super::interned(key_text.trim());
    // Most keys are written in lower case or mixed: share the text when it already is.
    let key_lower = if key.bytes().any(|b| b.is_ascii_uppercase()) {
        super::in_lower_case(&key, super::interned)
    } else {
        key.clone()
    };
    let key_range = parts
        .key
        .map_or(line_start..line_start, |node| node.byte_range());
    let op = match parts.operator.map(|node| node.kind()) {
        Some(":=") => AssignOp::Strict,
        _ => AssignOp::Loose,
    };
    let operator_range = parts.operator.map(|node| node.byte_range());
    let value_node = parts.value;
    let value_text = value_node
        .map(|node| source.text_of(node))
        .unwrap_or_default();
    let empty_at = operator_range.as_ref().map_or(key_range.end, |op| op.end);
    let value_range = value_node.map_or(empty_at..empty_at, |node| node.byte_range());
    let is_expression = op == AssignOp::Strict
        || value_node.is_some_and(|value| value.kind() == kinds::LEGACY_EXPRESSION);
    let shape = match value_node {
        None => ValueShape::Empty,
        Some(_) if is_expression => ValueShape::Expression,
        Some(node) if node.kind() == kinds::TRIPLE_STRING => ValueShape::TripleString,
        Some(node) if value_text.contains('$') && contains_reference(node) => ValueShape::Reference,
        Some(node) if node.kind() == kinds::VALUE_LIST => ValueShape::List,
        Some(_) => ValueShape::Literal,
    };
    let catalog = header.and_then(|header| header.catalog_entry(&key));
    let line = LineFacts {
        key_lower,
        key,
        op,
        value: super::interned(value_text.trim()),
        value_kind_id: value_node.and_then(|node| std::num::NonZeroU16::new(node.kind_id())),
        shape,
        // Lines are far shorter than 4 GiB; a longer one keeps no operator or comment range.
        operator: operator_range.and_then(|range| relative(&range, line_start)),
        comment: parts
            .comment
            .and_then(|comment| relative(&comment.byte_range(), line_start)),
        key_at: super::offsets(&key_range, line_start),
        value_at: super::offsets(&value_range, line_start),
        line_at: super::offsets(&(line_start..parts.end), source.start),
        catalog,
    };
    if let Some(value) = value_node {
        // One walk collects names, calls and string tokens; values that can hold none of them
        // (most literals) are not walked at all.
        let can_hold_names = matches!(line.shape, ValueShape::Reference | ValueShape::Expression);
        let names = can_hold_names && !has_own_scope(&line.key_lower);
        let calls = can_hold_names && line.key_lower != "config.query";
        let strings = line.value.contains(['"', '\'', '`']);
        if names || calls || strings {
            let mut scanned = ValueScan {
                references: names.then_some(&mut found.references),
                calls: calls.then_some(&mut found.calls),
                strings: strings.then_some(&mut found.string_tokens),
            };
            let in_expression = line.shape == ValueShape::Expression;
            scan(source, value, Some(id), in_expression, &mut scanned);
        }
    }
    line
}

/// Whether a value holds a `$Param` or `${…}` anywhere (iterative: values can nest deeply).
fn contains_reference(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    loop {
        let kind = cursor.node().kind();
        if matches!(kind, kinds::PARAMETER_REFERENCE | kinds::INTERPOLATION) {
            return true;
        }
        if cursor.goto_first_child() {
            continue;
        }
        // The next node after this one's subtree: a sibling of it or of an ancestor inside `node`.
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() || cursor.node() == node {
                return false;
            }
        }
    }
}
