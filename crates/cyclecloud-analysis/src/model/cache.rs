//! Per-document memory of the previous version's units, so a keystroke reads only the section it
//! changed. The one interface to the builder is [`UnitSource`]: the builder asks for the unit of
//! a syntax node and does not know whether it was read or taken over.
//!
//! A unit is found again by its syntax node id (tree-sitter keeps the ids of the subtrees an
//! edit did not touch; the cache holds the previous tree so those ids stay valid), or else by its
//! own text when that text parsed without errors into as many nodes (the parser re-creates the
//! sections after an edit although their text is unchanged).

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;

use cyclecloud_syntax::{Node, Snapshot, SnapshotId, Tree};

use super::unit::{self, SectionTree, SectionUnit, TextDigest, UnitSource};
use super::{ArcStr, Model, ParamId, ParameterIndex};
use crate::settings::Settings;

/// Maps keyed by tree-sitter node ids (addresses, not the model's `NodeId`): a fast hash, since
/// the keys are not user text.
type SyntaxIdMap<V> = HashMap<usize, V, foldhash::fast::RandomState>;

/// How many of the last units read stay findable by text once no version holds them (a few
/// keystrokes undone find their units again). Each keystroke reads a new unit of the section
/// typed in: without this bound, a long session kept every one of them, as much memory again
/// as the units in use at 100,000 lines before the pruning came.
pub(super) const KEPT_READS: usize = 32;

/// The previous version's units of one document; the server keeps one per open document.
#[derive(Default)]
pub struct ModelCache {
    /// The tree the last build read, the version `snapshot` names.
    tree: Option<Tree>,
    snapshot: Option<SnapshotId>,
    /// The tree the last walk of every section read, while later builds placed their units from
    /// the edit alone (see `around_edit.rs`) and kept `by_subtree` as that walk made it: its keys
    /// are addresses in this tree, which must stay alive for no new subtree to take one.
    walked: Option<Tree>,
    /// The sections of the tree the last walk read by [`unit::subtree_key`].
    by_subtree: SyntaxIdMap<Arc<SectionTree>>,
    /// Trees the last build let go of, for the caller to free after the diagnostics are out
    /// ([`ModelCache::take_retired`]); the next build frees what is left.
    retired: Vec<Tree>,
    /// Units by the digest of their own text, only for text that parsed without errors. Grows
    /// with new units; a unit no version holds leaves it [`KEPT_READS`] builds after it was
    /// read, and it is pruned to the units in use when it holds twice as many.
    by_text: HashMap<TextDigest, Arc<SectionUnit>, foldhash::fast::RandomState>,
    /// The digests of the units read, oldest first (see `by_text`).
    read: std::collections::VecDeque<TextDigest>,
    /// The settings the units' findings were computed with.
    settings: Option<Settings>,
    /// What the next build takes from the last one. Not the model itself: holding it kept
    /// two models alive while the next one was built (the caller frees the old one).
    previous: Option<Carried>,
    /// Attribute lines in units taken over by the last build.
    reused: usize,
    /// The last build's number among every cache's builds (0 before the first), which its
    /// model carries.
    generation: u64,
    /// The last build's model, handed back by [`ModelCache::recycle`] once nothing else holds
    /// it: the next build patches it when the keystroke changed one unit's rows only.
    spare: Option<Model>,
    /// Whether the last build patched the model before it (for tests and benchmarks).
    patched: bool,
    /// Whether the last build placed its units from the edit alone (for tests and benchmarks).
    around_edit: bool,
    /// The line- and node-scoped rules' findings of earlier versions (see `incremental.rs`).
    pub(crate) kept: KeptFindings,
}

/// Findings of the line- and node-scoped rules, each kept under the units it read (their
/// addresses) until a version no longer has those units. `incremental.rs` fills and reads it.
#[derive(Default)]
pub(crate) struct KeptFindings {
    /// What lies outside every node in the last version, compared whole: every entry below was
    /// made or kept again by that version, so all are valid under this `outside` alone.
    pub(crate) outside: Arc<[u64]>,
    /// The line-scoped rules' findings over the units outside every node (see `incremental.rs`).
    pub(crate) outside_lines: Option<OutsideLines>,
    /// Runs by key (a scope tag and the addresses of the units the run read).
    pub(crate) runs: KeptMap<Arc<Kept>>,
    /// The last version's gaps between units, for the next version's layout.
    pub(crate) gaps: Option<Arc<crate::incremental::KeptGaps>>,
    /// The node-comparing rules' judgements of each node (`incremental::per_node`).
    pub(crate) judged: KeptMap<Arc<crate::incremental::per_node::NodeJudgements>>,
    /// Node judgements the last version took from `judged`, and those it made.
    pub(crate) judgements: (usize, usize),
    /// Whether the last version's text mentions a suppression comment.
    pub(crate) marker: Option<crate::suppression::MarkerMemo>,
    /// Runs the last version took from here, and runs it made.
    pub(crate) reused: usize,
    pub(crate) ran: usize,
}

/// The line-scoped rules' findings over every unit outside every node, made under one
/// outside signature. The signature names each of those units (by its text without comments),
/// so while it stays the same, one comparison keeps the findings of every unit that is still
/// the same, instead of a kept run per unit.
#[derive(Debug)]
pub(crate) struct OutsideLines {
    /// Where the units outside every node were then.
    pub(crate) ranges: Arc<[OutsidePlace]>,
    /// Per unit (its index among them) with findings, those findings, at the positions of
    /// then; units without findings are left out.
    pub(crate) findings: Vec<(usize, Vec<crate::Diagnostic>)>,
    /// Units whose findings point where moving them cannot follow: run on every version.
    pub(crate) unmovable: Vec<usize>,
}

/// A version's runs or judgements by key, for the next version to take: one per key, and more
/// for a key that several share (identical text, such as a template pasted twice into one
/// file): rare, so kept apart. Entries under one key are interchangeable (the same units read,
/// positions kept relative to them), so which of them a taker gets does not matter.
pub(crate) struct KeptMap<V> {
    one: HashMap<RunKey, V, foldhash::fast::RandomState>,
    more: HashMap<RunKey, Vec<V>, foldhash::fast::RandomState>,
}

impl<V> KeptMap<V> {
    /// An entry kept under `key`, taken out.
    pub(crate) fn take(&mut self, key: &RunKey) -> Option<V> {
        self.one
            .remove(key)
            .or_else(|| self.more.get_mut(key)?.pop())
    }

    /// Keeps `value` under `key`.
    pub(crate) fn keep(&mut self, key: &RunKey, value: V) {
        match self.one.entry(key.clone()) {
            Entry::Vacant(entry) => _ = entry.insert(value),
            Entry::Occupied(_) => self.more.entry(key.clone()).or_default().push(value),
        }
    }
}

impl<V> Default for KeptMap<V> {
    fn default() -> Self {
        let (one, more) = Default::default();
        KeptMap { one, more }
    }
}

/// What a kept run or judgement is found by: the addresses of the units it read, with tags.
/// Hashed once, when the version is made: each node's key is looked up and kept again by every
/// keystroke, and hashing the whole list each time cost more than the lookups.
#[derive(Clone, Debug)]
pub(crate) struct RunKey {
    hash: u64,
    units: Arc<[usize]>,
}

impl RunKey {
    /// The key of a run that read `units` (addresses and tags, in a fixed order).
    pub(crate) fn new(units: impl Into<Arc<[usize]>>) -> RunKey {
        use std::hash::BuildHasher;
        let units = units.into();
        RunKey {
            hash: foldhash::fast::FixedState::with_seed(0).hash_one(&*units),
            units,
        }
    }
}

impl PartialEq for RunKey {
    fn eq(&self, other: &RunKey) -> bool {
        self.hash == other.hash && self.units == other.units
    }
}

impl Eq for RunKey {}

impl std::hash::Hash for RunKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// One run's findings with where its inputs were, so that they can be moved to where those
/// inputs are now.
#[derive(Debug)]
pub(crate) struct Kept {
    /// Findings, at the positions of the version they were made in.
    pub(crate) findings: Vec<crate::Diagnostic>,
    /// Where each unit of the key was then (text range), in key order.
    pub(crate) inputs: Arc<[std::ops::Range<usize>]>,
    /// Where each unit outside every node was then.
    pub(crate) outside_ranges: Arc<[OutsidePlace]>,
}

/// Where a unit outside every node sat in one version, and which unit it was (its address):
/// the outside signature names those units by what rules read of them (their text without
/// comments), so a kept position in one moves only while it is the same unit.
#[derive(Clone, Debug)]
pub(crate) struct OutsidePlace {
    pub(crate) range: std::ops::Range<usize>,
    pub(crate) unit: usize,
}

/// What a build takes from the model of the version before: its number of attribute lines
/// (how large the next analysis will be, known before it is built) and its parameters (when the
/// names are the same, in order, so are the ids, and the index serves as it is).
#[derive(Debug)]
pub(crate) struct Carried {
    pub(super) attributes: usize,
    pub(super) parameter_names: Vec<ArcStr>,
    pub(super) parameter_index: Arc<ParameterIndex>,
    pub(super) unreferenceable_parameters: Vec<ParamId>,
    /// The model's units. The findings and judgements kept for the next version are keyed by
    /// unit addresses; while these units live (until the next build has read its own), no new
    /// unit can take the address of one a key names.
    pub(super) units: Vec<Arc<SectionUnit>>,
}

/// One build's view of the cache: lookups in the previous version's maps, and the new version's
/// node map being filled.
pub(super) struct Lookup<'c> {
    cache: &'c mut ModelCache,
    by_subtree: SyntaxIdMap<Arc<SectionTree>>,
    /// Whether this build kept the previous version's `by_subtree` (and so its tree).
    kept_known: bool,
}

impl ModelCache {
    /// Attribute lines the last build took over instead of reading them (for tests and
    /// benchmarks).
    pub fn reused_last_build(&self) -> usize {
        self.reused
    }

    /// Units findable by their text (for tests).
    #[cfg(test)]
    pub(crate) fn units_by_text(&self) -> usize {
        self.by_text.len()
    }

    /// Whether the last build patched the model of the version before instead of assembling
    /// a new one (for tests and benchmarks).
    pub fn patched_last_build(&self) -> bool {
        self.patched
    }

    /// Hands the last build's model back once the caller is done with it (a newer version is
    /// being analysed): when nothing else holds it, the next build may patch it instead of
    /// assembling a new model and freeing this one. Any other model is dropped.
    pub fn recycle(&mut self, model: Arc<Model>) {
        if let Ok(model) = Arc::try_unwrap(model) {
            if self.generation != 0 && model.generation == self.generation {
                self.spare = Some(model);
            }
        }
    }

    /// The trees of earlier versions that the last build let go of. Freeing one is the
    /// release of every node the parser rebuilt since (thousands in a large file, where each
    /// keystroke rebuilds the list of sibling sections around it): a caller that frees them
    /// after publishing the diagnostics, or on another thread, keeps that off the keystroke.
    pub fn take_retired(&mut self) -> impl Send + 'static {
        std::mem::take(&mut self.retired)
    }

    /// Whether the last build placed its units from the edit alone instead of walking every
    /// section (for tests and benchmarks).
    pub fn placed_around_edit_last_build(&self) -> bool {
        self.around_edit
    }

    /// Line- and node-scoped rule runs the last analysis took over, and those it made (for
    /// tests and benchmarks).
    pub fn rule_runs_last_analysis(&self) -> (usize, usize) {
        (self.kept.reused, self.kept.ran)
    }

    /// Judgements of single nodes by the node-comparing rules that the last analysis took
    /// over, and those it made (for tests and benchmarks).
    pub fn node_judgements_last_analysis(&self) -> (usize, usize) {
        self.kept.judgements
    }

    /// The attribute lines of the version the cache last read, if any: how large a keystroke's
    /// analysis will be, known before the model is built.
    pub(crate) fn previous_attributes(&self) -> Option<usize> {
        self.previous.as_ref().map(|previous| previous.attributes)
    }

    /// Forgets every unit when the settings differ from those the units' findings were
    /// computed with.
    pub(crate) fn use_settings(&mut self, settings: &Settings) {
        if self.settings.as_ref() != Some(settings) {
            // The spare model's units hold findings made under the old settings.
            self.spare = None;
            self.by_subtree.clear();
            self.by_text.clear();
            self.read.clear();
            self.kept = KeptFindings::default();
            self.settings = Some(settings.clone());
        }
    }

    /// Starts a build of `snapshot`'s model.
    pub(super) fn lookup(&mut self) -> Lookup<'_> {
        self.reused = 0;
        self.patched = false;
        self.retired.clear();
        let capacity = self.by_subtree.len() + 8;
        Lookup {
            cache: self,
            by_subtree: SyntaxIdMap::with_capacity_and_hasher(capacity, Default::default()),
            kept_known: false,
        }
    }
}

impl Lookup<'_> {
    /// The previous version's model, if it was handed back (see [`ModelCache::recycle`]).
    pub(super) fn take_spare(&mut self) -> Option<Model> {
        self.cache.spare.take()
    }

    /// The tree of the version `snapshot` was edited from, when the last build read that version
    /// and its units may be placed from the edit alone (see `around_edit.rs`).
    pub(super) fn tree_before(&self, snapshot: &Snapshot) -> Option<&Tree> {
        let (cache, edited) = (&*self.cache, snapshot.edited()?);
        cache
            .tree
            .as_ref()
            .filter(|_| cache.snapshot == Some(edited.from))
    }

    /// Ends a build that placed its units from the edit alone, taking over every unit but
    /// `unit` (of `lines` attribute lines in all). The node-id map stays the last walk's: the
    /// edited section is not in it, and a later walk finds its unit by text.
    pub(super) fn keep_known(&mut self, unit: &SectionUnit, lines: usize) {
        self.cache.reused += lines - unit.line_count();
        self.by_subtree = std::mem::take(&mut self.cache.by_subtree);
        self.kept_known = true;
    }

    /// Ends the build: the new version's units and tree replace the previous ones, and the
    /// model is marked as this build's.
    pub(super) fn finish(self, snapshot: &Snapshot, model: &mut Model, patched: bool) {
        /// Builds of every cache, so that a model's generation names one build of one cache.
        static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let cache = self.cache;
        cache.generation = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        cache.patched = patched;
        cache.around_edit = self.kept_known;
        model.generation = cache.generation;
        cache.by_subtree = self.by_subtree;
        let old = cache.read.len().saturating_sub(KEPT_READS);
        for digest in cache.read.drain(..old) {
            // Held by the map alone: no version has it.
            if cache
                .by_text
                .get(&digest)
                .is_some_and(|unit| Arc::strong_count(unit) == 1)
            {
                cache.by_text.remove(&digest);
            }
        }
        if cache.by_text.len() > 2 * model.units.len() + 64 {
            let in_use = model.units.iter().filter(|placed| placed.unit.clean);
            cache.by_text = in_use
                .map(|placed| (placed.unit.digest, Arc::clone(&placed.unit)))
                .collect();
        }
        match cache.previous.as_mut() {
            // A patched model has the tables, parameters and units of the one before but one
            // unit: only that unit changes (a new `Carried` clones every unit's `Arc` and every
            // parameter name, an atomic write in each one's cache line).
            Some(previous) if patched && previous.units.len() == model.units.len() => {
                for (kept, placed) in previous.units.iter_mut().zip(&model.units) {
                    if !Arc::ptr_eq(kept, &placed.unit) {
                        *kept = Arc::clone(&placed.unit);
                    }
                }
            }
            _ => {
                cache.previous = Some(Carried {
                    attributes: model.attributes.len(),
                    parameter_names: model.parameters.iter().map(|p| p.name.clone()).collect(),
                    parameter_index: Arc::clone(&model.parameter_index),
                    unreferenceable_parameters: model.unreferenceable_parameters.clone(),
                    units: model
                        .units
                        .iter()
                        .map(|placed| Arc::clone(&placed.unit))
                        .collect(),
                });
            }
        }
        let mut before = cache.tree.replace(snapshot.tree().clone());
        if !self.kept_known {
            cache.retired.extend(cache.walked.take());
        } else if cache.walked.is_none() {
            cache.walked = before.take();
        }
        cache.retired.extend(before);
        cache.snapshot = Some(snapshot.id());
    }
}

impl UnitSource for Lookup<'_> {
    fn known(&mut self, node: Node<'_>) -> Option<Arc<SectionTree>> {
        let tree = self.cache.by_subtree.get(&unit::subtree_key(node)?)?;
        // The same subtree has the same length; anything else is a stale key.
        (tree.len == node.byte_range().len()).then(|| {
            self.cache.reused += tree.lines;
            Arc::clone(tree)
        })
    }

    fn unit(&mut self, snapshot: &Snapshot, node: Node<'_>, own: &[Node<'_>]) -> Arc<SectionUnit> {
        let (count, clean) = unit::own_shape(own);
        // Hashed once: a unit read afresh keeps the digest its lookup made.
        let digest = clean.then(|| TextDigest::of(&snapshot.slice(unit::own_range(node, own))));
        // The file's own lines may read like a header when the whole file failed to parse as
        // sections (an error root holding one): that text is no section's unit.
        let is_section = || node.kind_id() == cyclecloud_syntax::kinds::kind_id::section();
        let found = digest.and_then(|digest| self.cache.by_text.get(&digest));
        if let Some(unit) = found.filter(|unit| {
            unit.node_count as usize == count && unit.header.is_some() == is_section()
        }) {
            self.cache.reused += unit.line_count();
            return Arc::clone(unit);
        }
        let unit = Arc::new(unit::read(snapshot, node, own, digest));
        if unit.clean {
            self.cache.by_text.insert(unit.digest, Arc::clone(&unit));
            self.cache.read.push_back(unit.digest);
        }
        unit
    }

    fn previous(&self) -> Option<&Carried> {
        self.cache.previous.as_ref()
    }

    fn remember(&mut self, node: Node<'_>, tree: &Arc<SectionTree>) {
        if let Some(key) = unit::subtree_key(node) {
            self.by_subtree.insert(key, Arc::clone(tree));
        }
    }
}

impl std::fmt::Debug for ModelCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelCache")
            .field("sections", &self.by_subtree.len())
            .finish()
    }
}
