//! The line- and node-scoped rules after an edit. They run once per node — the node-scoped
//! rules on the node, the line-scoped rules on the lines of its sections — and once per section
//! outside every node (line-scoped rules only). A run is kept under the units it can read: its
//! own and, for a node, those of every node it inherits from (and of the nodes it sits in).
//! Everything outside every node (parameters, cluster headers, the file's first lines) and
//! every node's name is read by all runs, and compared whole once per version. A keystroke
//! inside one node therefore runs these rules again for that node and the nodes built on it
//! only; every other run's findings move to where its units now sit.
//!
//! What runs read of a unit outside every node is its text without comments
//! (`SectionUnit::content`): the outside signature names each of those units by it, so a
//! comment typed into `[parameters]` keeps every node's run. A kept position in such a unit
//! moves only while it is the same unit (`OutsidePlace`); a run with findings in one that
//! changed runs again. The runs over the units outside every node need no key of their own:
//! they are kept together, as one block, while the signature is unchanged, and only the units
//! that changed run again.
//!
//! A run's findings are kept only when each of their positions lies in a unit the run read, so
//! that it can be moved; the differential test (`tests/cached_model.rs`) checks after random
//! edits that the result equals running every rule on the whole model.

use std::ops::Range;
use std::sync::Arc;

use cyclecloud_syntax::{Edited, Snapshot, SnapshotId};

use crate::diagnostic::Diagnostic;
use crate::model::{
    fnv, Kept, KeptFindings, KeptMap, Model, NodeId, OutsideLines, OutsidePlace, PlacedUnit,
    RunKey, SectionId,
};
use crate::rule::{Focus, Rule};
use crate::settings::Settings;

pub(crate) mod per_node;

/// What every cached run of one version shares: where the units sit, what lies outside every
/// node, and each node's key and inputs (for the node runs here and the per-node memo of
/// [`per_node`]).
pub(crate) struct Version {
    layout: Layout,
    /// The outside signature, shared with the previous version's when equal (so
    /// `KeptFindings::outside` is compared with it once, by address).
    outside: Arc<[u64]>,
    /// Per node: the key its runs are kept under (the addresses of the units they read), and
    /// where those units are now.
    nodes: Vec<(RunKey, Arc<[Range<usize>]>)>,
}

impl Version {
    /// The shared facts of `model`, the outside signature taken from `kept` when unchanged.
    pub(crate) fn new(snapshot: &Snapshot, model: &Model, kept: &KeptFindings) -> Version {
        let layout = Layout::new(snapshot, model, kept.gaps.as_deref());
        let outside = match layout.outside_signature(snapshot, model) {
            same if *same == *kept.outside => Arc::clone(&kept.outside),
            outside => Arc::from(outside),
        };
        // One set of buffers for every node: this runs for each node on every keystroke.
        let mut walk = InputsWalk::default();
        let mut key = Vec::new();
        let nodes = NodeId::all(model.nodes.len())
            .map(|node| {
                let units = layout.node_inputs(model, node, &mut walk);
                let info = &model.nodes[node];
                // Two sections with one name can have the same units; lookups take the first
                // (every node is the first of its name when no name repeats).
                let first = model.repeated_node_names.is_empty()
                    || model.find_node(info.cluster, &info.name) == Some(node);
                // Nodes with the same text in two clusters read different cluster sections; a
                // node misplaced in another section (`[parameters]`) points at that one.
                let around = [info.cluster, model.sections[info.section].parent];
                key.clear();
                key.push(usize::from(first));
                key.extend(around.map(|section| layout.outside_position(section) as usize));
                key.extend(units.iter().flat_map(|&unit| {
                    let address = Arc::as_ptr(&model.units[unit].unit) as usize;
                    [address, layout.gaps.gaps[unit].hash as usize]
                }));
                let ranges = units.iter().map(|&unit| layout.ranges[unit].clone());
                (RunKey::new(&key[..]), ranges.collect())
            })
            .collect();
        Version {
            layout,
            outside,
            nodes,
        }
    }

    /// Where the units `node`'s runs read, and the units outside every node, are now.
    fn places(&self, node: NodeId) -> Places<'_> {
        (&self.nodes[node.index()].1, &self.layout.outside_ranges)
    }
}

/// The line- and node-scoped rules' findings for `model`, taken from `kept` where the units a
/// run reads are unchanged, and remembered there for the next version.
pub(crate) fn findings(
    version: &Version,
    snapshot: &Snapshot,
    model: &Model,
    settings: &Settings,
    line_rules: &[&'static Rule],
    node_rules: &[&'static Rule],
    kept: &mut KeptFindings,
) -> Vec<Diagnostic> {
    (kept.reused, kept.ran) = (0, 0);
    // The last version made or kept again every entry, under its outside signature.
    if !Arc::ptr_eq(&kept.outside, &version.outside) {
        (kept.runs, kept.outside_lines) = Default::default();
    }
    let mut runs = Runs {
        snapshot,
        model,
        settings,
        version,
        previous: std::mem::take(&mut kept.runs),
        kept,
        found: Vec::new(),
    };
    runs.outside_lines(line_rules);
    for node in NodeId::all(model.nodes.len()) {
        runs.node(node, line_rules, node_rules);
    }
    runs.kept.outside = Arc::clone(&version.outside);
    runs.kept.gaps = Some(Arc::clone(&version.layout.gaps));
    runs.found
}

/// The gaps between the units of one version (see [`Layout`]), kept for the next: the
/// keystroke's layout takes the hash of each gap its edit did not touch instead of reading the
/// gap again (at 100,000 lines, reading every gap was 6 M instructions a keystroke).
pub(crate) struct KeptGaps {
    /// The version they were read from.
    snapshot: SnapshotId,
    /// Per unit, the gap before it.
    gaps: Vec<Gap>,
}

/// The text between a unit and the one before, and what its hash read.
#[derive(Clone, Copy)]
struct Gap {
    start: usize,
    /// Where the unit starts.
    end: usize,
    /// Whether there is no text of a unit before it (its line break is then part of the gap).
    after_empty: bool,
    hash: u64,
}

impl Gap {
    /// This gap's hash, when `now`, the gap of the same unit in the version `edited` made from
    /// this one, lies with the byte before it all before or all after what the edit wrote, at
    /// the same place in the text: it holds the same text then, after the same kind of unit.
    fn hash_if_same(&self, now: &Gap, edited: &Edited) -> Option<u64> {
        let moved = if now.end < edited.written.start {
            0
        } else if now.start > edited.written.end {
            edited.delta
        } else {
            return None;
        };
        let same = crate::model::moved(self.start, moved) == now.start
            && crate::model::moved(self.end, moved) == now.end
            && self.after_empty == now.after_empty;
        same.then_some(self.hash)
    }
}

/// Where each unit of a model sits relative to the nodes.
struct Layout {
    /// Each unit's text range now.
    ranges: Vec<Range<usize>>,
    /// A hash of the text between each unit and the one before (blanks, a header's indent).
    gaps: Arc<KeptGaps>,
    /// The units of each node: its section's and those of every section in it.
    node_units: Vec<Range<usize>>,
    /// The node each node sits in, if any (a node section below another node's rank).
    outer: Vec<Option<NodeId>>,
    /// The innermost node each unit sits in.
    innermost: Vec<Option<NodeId>>,
    /// The units in no node, in order, and where they are now.
    outside: Vec<usize>,
    outside_ranges: Arc<[OutsidePlace]>,
    /// Each section's unit (`usize::MAX` for none).
    unit_of_section: Vec<usize>,
    /// Each unit's index among the units in no node (`u32::MAX` for a unit in a node).
    outside_index: Vec<u32>,
}

impl Layout {
    /// Where `model`'s units sit in `snapshot`; the gaps an edit did not touch are taken from
    /// `kept_gaps` when the snapshot was edited from theirs.
    fn new(snapshot: &Snapshot, model: &Model, kept_gaps: Option<&KeptGaps>) -> Layout {
        let units = &model.units;
        let ranges: Vec<Range<usize>> = units.iter().map(PlacedUnit::range).collect();
        // The blanks before a header belong to no unit, yet fixes copy a header's indentation.
        // A unit that ends in a comment leaves its line break to the gap: not counted, so that
        // the gap does not change with the comment (see `SectionUnit::content`).
        let mut reader = snapshot.in_order();
        let mut previous_end = 0;
        // The unit before, read only when its gap is: every unit is another cache line.
        let mut previous: Option<&PlacedUnit> = None;
        let kept = kept_gaps.zip(snapshot.edited()).filter(|(kept, edited)| {
            kept.snapshot == edited.from && kept.gaps.len() == units.len()
        });
        let gaps = units
            .iter()
            .zip(&ranges)
            .enumerate()
            .map(|(index, (placed, range))| {
                let start = previous_end.min(range.start);
                let found = Gap {
                    start,
                    end: range.start,
                    after_empty: previous.is_none_or(|placed| placed.len == 0),
                    hash: 0,
                };
                previous_end = range.end;
                let before = previous.replace(placed);
                if let Some((kept, edited)) = kept {
                    if let Some(hash) = kept.gaps[index].hash_if_same(&found, edited) {
                        return Gap { hash, ..found };
                    }
                }
                let gap = reader.text(start..range.start);
                let after_break = ["\r\n", "\n", "\r"]
                    .into_iter()
                    .find_map(|line_break| gap.strip_prefix(line_break));
                // Read only then: a unit's last byte is another cache line, for every unit.
                let line_open = || before.is_some_and(|placed| !placed.unit.ends_line);
                let gap = after_break.filter(|_| line_open()).unwrap_or(&gap);
                Gap {
                    hash: fnv(gap.bytes()),
                    ..found
                }
            })
            .collect();
        let gaps = Arc::new(KeptGaps {
            snapshot: snapshot.id(),
            gaps,
        });
        let mut unit_of_section = vec![usize::MAX; model.sections.len()];
        for (index, placed) in units.iter().enumerate() {
            if let Some(section) = placed.section {
                unit_of_section[section.index()] = index;
            }
        }
        // Nodes come in document order, so an inner node is seen after the node holding it.
        let mut innermost = vec![None; units.len()];
        let mut outer = Vec::with_capacity(model.nodes.len());
        let node_units: Vec<Range<usize>> = model
            .nodes_with_ids()
            .map(|(id, node)| {
                let first = unit_of_section[node.section.index()];
                let end = model.sections[node.section].range.end;
                let mut last = first + 1;
                while last < units.len() && units[last].start < end {
                    last += 1;
                }
                outer.push(innermost[first]);
                innermost[first..last].fill(Some(id));
                first..last
            })
            .collect();
        let outside = Vec::from_iter((0..units.len()).filter(|&unit| innermost[unit].is_none()));
        let outside_ranges = Arc::from_iter(outside.iter().map(|&unit| OutsidePlace {
            range: ranges[unit].clone(),
            unit: Arc::as_ptr(&units[unit].unit) as usize,
        }));
        let mut outside_index = vec![u32::MAX; units.len()];
        for (index, &unit) in outside.iter().enumerate() {
            outside_index[unit] = u32::try_from(index).unwrap_or(u32::MAX);
        }
        Layout {
            ranges,
            gaps,
            node_units,
            outer,
            innermost,
            outside,
            outside_ranges,
            unit_of_section,
            outside_index,
        }
    }

    /// What every run reads besides its own units: the units outside every node (by their text
    /// without comments, see [`OutsidePlace`]), each node's name, kind and cluster, the units declaring parameters and the names `$`
    /// references may take from sections anywhere (environments, noderefs), whether the file
    /// is a fragment, and the line break fixes insert.
    fn outside_signature(&self, snapshot: &Snapshot, model: &Model) -> Vec<u64> {
        let unit_signature =
            |&unit: &usize| [model.units[unit].unit.content, self.gaps.gaps[unit].hash];
        let mut signature = Vec::from_iter(self.outside.iter().flat_map(unit_signature));
        signature.push(u64::from(model.is_fragment()));
        signature.push(crate::rule::newline_of(snapshot).len() as u64);
        // Fixes that append to the file read its end, which can lie past every unit (trailing
        // blanks): what follows the last unit counts as outside too.
        let rope = snapshot.rope();
        let last_end = self.ranges.last().map_or(0, |range| range.end);
        let tail = rope.get_byte_slice(last_end.min(rope.len_bytes())..);
        signature.push(tail.map_or(0, |tail| fnv(tail.bytes())));
        for node in &model.nodes {
            signature.push(name_hash(&node.name, node.kind as u8));
            signature.push(self.outside_position(node.cluster));
        }
        // Parameters are usually outside every node, but a misplaced `[[[parameter]]]` is not.
        signature.extend(model.parameters.iter().map(|param| {
            match self.unit_of_section[param.section.index()] {
                usize::MAX => u64::MAX,
                unit => model.units[unit].unit.content,
            }
        }));
        signature.extend(model.scope_names().iter().map(|name| name_hash(name, 0)));
        signature
    }

    /// Where a section's unit (a cluster's, or any other outside every node) is among the
    /// units outside every node (positions there stay put while an edit adds sections inside
    /// nodes; section ids do not), `u32::MAX` for none.
    fn outside_position(&self, section: Option<SectionId>) -> u64 {
        let unit = section.map_or(usize::MAX, |section| self.unit_of_section[section.index()]);
        u64::from(self.outside_index.get(unit).copied().unwrap_or(u32::MAX))
    }

    /// The units a node's run reads: its own, then those of each node it inherits from (depth
    /// first, each once), and of the nodes it sits in.
    fn node_inputs<'w>(
        &self,
        model: &Model,
        node: NodeId,
        walk: &'w mut InputsWalk,
    ) -> &'w [usize] {
        let InputsWalk {
            inputs,
            visited,
            pending,
        } = walk;
        inputs.clear();
        inputs.extend(self.node_units[node.index()].clone());
        visited.clear();
        visited.push(node);
        // The nodes it sits in (rare: a node section below another node's rank).
        pending.clear();
        pending.extend(std::iter::successors(self.outer[node.index()], |outer| {
            self.outer[outer.index()]
        }));
        pending.extend(model.bases(node).iter().rev());
        while let Some(current) = pending.pop() {
            if visited.contains(&current) {
                continue;
            }
            visited.push(current);
            for unit in self.node_units[current.index()].clone() {
                if !inputs.contains(&unit) {
                    inputs.push(unit);
                }
            }
            pending.extend(model.bases(current).iter().rev());
        }
        inputs
    }
}

/// The buffers of [`Layout::node_inputs`], reused from node to node.
#[derive(Default)]
struct InputsWalk {
    inputs: Vec<usize>,
    visited: Vec<NodeId>,
    pending: Vec<NodeId>,
}

/// One version's runs: the previous version's entries in, this version's out (into `kept`, with
/// the counts of runs taken over and made).
struct Runs<'a> {
    snapshot: &'a Snapshot,
    model: &'a Model,
    settings: &'a Settings,
    version: &'a Version,
    previous: KeptMap<Arc<Kept>>,
    kept: &'a mut KeptFindings,
    found: Vec<Diagnostic>,
}

impl Runs<'_> {
    /// The rules' findings in rule order over what `focus` names, on this thread.
    fn run(&self, rules: &[&'static Rule], focus: Focus) -> Vec<Diagnostic> {
        let (snapshot, model, settings) = (self.snapshot, self.model, self.settings);
        let run = |&rule| crate::run_rule(snapshot, model, settings, rule, &focus, None);
        rules.iter().flat_map(run).collect()
    }

    /// The line-scoped rules over the lines of every unit outside every node, taken from the
    /// kept block when it was made under this version's outside signature: whole while every
    /// one of those units is the one it was then, else all but the units that changed (and
    /// those whose findings point into them) are moved.
    fn outside_lines(&mut self, rules: &[&'static Rule]) {
        let now = &self.version.layout.outside_ranges;
        let before = self.kept.outside_lines.take();
        let same_units = |before: &OutsideLines| {
            before
                .ranges
                .iter()
                .zip(now.iter())
                .all(|(then, now)| then.unit == now.unit)
        };
        // A new block, unless `before` serves whole.
        let mut made = (!before.as_ref().is_some_and(same_units)).then(|| OutsideLines {
            ranges: Arc::clone(now),
            findings: Vec::new(),
            unmovable: Vec::new(),
        });
        let (kept, again) = before.as_ref().map_or((&[][..], &[][..]), |before| {
            (&before.findings[..], &before.unmovable[..])
        });
        let (mut kept, mut again) = (kept.iter().peekable(), again.iter().peekable());
        for index in 0..now.len() {
            let kept_here = kept.next_if(|(at, _)| *at == index).map(|(_, found)| found);
            let run_again = again.next_if(|at| **at == index).is_some();
            let movable = !run_again
                && before
                    .as_ref()
                    .is_some_and(|before| before.ranges[index].unit == now[index].unit);
            // Most units: no findings to move, nothing to run.
            if kept_here.is_none() && movable {
                self.kept.reused += 1;
                continue;
            }
            let moved_here = before.as_ref().filter(|_| movable).and_then(|before| {
                let then = (&[][..], &before.ranges[..]);
                let found = kept_here.map_or(&[][..], Vec::as_slice);
                all_moved(found, |offset| moved(offset, then, (&[], now)))
            });
            let fresh = moved_here.is_none();
            let found = moved_here.unwrap_or_else(|| {
                let focus = Focus::Units(vec![self.version.layout.outside[index]]);
                self.run(rules, focus)
            });
            self.kept.ran += usize::from(fresh);
            self.kept.reused += usize::from(!fresh);
            if let Some(made) = made.as_mut().filter(|_| !found.is_empty()) {
                if fresh && !all_movable(&found, (&[], now)) {
                    made.unmovable.push(index);
                } else {
                    made.findings.push((index, found.clone()));
                }
            }
            self.found.extend(found);
        }
        self.kept.outside_lines = made.or(before);
    }

    /// The node-scoped rules over `node`, and the line-scoped rules over the lines of the
    /// sections whose innermost node it is: taken from the previous version when the node's key
    /// and the outside are unchanged, and kept for the next version when they can be moved.
    fn node(&mut self, node: NodeId, line_rules: &[&'static Rule], node_rules: &[&'static Rule]) {
        let version = self.version;
        let ((key, inputs), now) = (&version.nodes[node.index()], version.places(node));
        if let Some(kept) = self.previous.take(key) {
            let then = (&kept.inputs[..], &kept.outside_ranges[..]);
            // Positions in a unit outside every node that changed (in its comments) cannot be.
            if let Some(found) = all_moved(&kept.findings, |offset| moved(offset, then, now)) {
                self.found.extend(found);
                self.kept.runs.keep(key, kept);
                self.kept.reused += 1;
                return;
            }
        }
        self.kept.ran += 1;
        let layout = &version.layout;
        let own = layout.node_units[node.index()].clone();
        let units = Vec::from_iter(own.filter(|&unit| layout.innermost[unit] == Some(node)));
        let mut found = self.run(line_rules, Focus::Units(units));
        found.extend(self.run(node_rules, Focus::Node(node)));
        if all_movable(&found, now) {
            let kept = Kept {
                findings: found.clone(),
                inputs: Arc::clone(inputs),
                outside_ranges: Arc::clone(&layout.outside_ranges),
            };
            self.kept.runs.keep(key, Arc::new(kept));
        }
        self.found.extend(found);
    }
}

/// FNV-1a over a name in lower case and a tag: names in the outside signature.
fn name_hash(name: &str, tag: u8) -> u64 {
    let lower = name.bytes().map(|byte| byte.to_ascii_lowercase());
    fnv(lower.chain([tag]))
}

/// Whether every position of `found` lies where [`moved`] can follow it: in the units of
/// `here`.
fn all_movable(found: &[Diagnostic], here: Places<'_>) -> bool {
    all_moved(found, |offset| moved(offset, here, here)).is_some()
}

/// `found` with every position moved by `to`, or `None` when one cannot be.
fn all_moved(
    found: &[Diagnostic],
    mut to: impl FnMut(usize) -> Option<usize>,
) -> Option<Vec<Diagnostic>> {
    found
        .iter()
        .map(|finding| {
            let mut finding = finding.clone();
            finding.move_offsets(&mut to)?;
            Some(finding)
        })
        .collect()
}

/// Where a run's units (in key order) and the units outside every node sit in one version.
type Places<'a> = (&'a [Range<usize>], &'a [OutsidePlace]);

/// Where `offset`, which lay in one of the units of `then`, is now that those units are at
/// `now`. An offset at the end of one unit and the start of the next belongs to the one that
/// holds it (the start), else to the one it ends. An offset in a unit outside every node that
/// is no longer the same unit has no place now.
fn moved(offset: usize, then: Places<'_>, now: Places<'_>) -> Option<usize> {
    let ((inputs_then, outside_then), (inputs_now, outside_now)) = (then, now);
    let holding = |ranges: &[Range<usize>]| ranges.iter().position(|range| range.contains(&offset));
    let ending = |ranges: &[Range<usize>]| ranges.iter().position(|range| range.end == offset);
    if let Some(index) = holding(inputs_then).or_else(|| ending(inputs_then)) {
        return Some(offset - inputs_then[index].start + inputs_now[index].start);
    }
    // Outside units are in document order: the last one starting at or before the offset.
    let after = outside_then.partition_point(|place| place.range.start <= offset);
    let index = after.checked_sub(1)?;
    let (then, now) = (&outside_then[index], outside_now.get(index)?);
    (offset <= then.range.end && then.unit == now.unit)
        .then(|| offset - then.range.start + now.range.start)
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use cyclecloud_syntax::{Document, TextEdit};

    use crate::{analyze, analyze_cached, Diagnostic, ModelCache, Settings};

    const TEMPLATE: &str = "\
[cluster c]
    [[node defaults]]
    MachineType = Standard_D4s_v5
    [[node scheduler]]
    IsReturnProxy = yes
    [[nodearray execute]]
    MachineType = Standard_F2s_v2
    Interruptible = maybe
[parameters p]
    [[parameter Region]]
    ParameterType = Cloud.Region
    DefaultValue = westeurope
";

    /// A document analysed with a cache, edit by edit; each analysis is checked against a
    /// fresh one.
    struct Editing {
        document: Document,
        cache: ModelCache,
    }

    impl Editing {
        /// `text` as a document, analysed once with a new cache.
        fn new(text: &str) -> Editing {
            let (document, cache) = (Document::new(text), ModelCache::default());
            let mut editing = Editing { document, cache };
            editing.checked();
            editing
        }

        /// Analyses with the cache, checks the findings against a fresh analysis and returns
        /// them.
        fn checked(&mut self) -> Vec<Diagnostic> {
            let snapshot = self.document.snapshot();
            let cached = analyze_cached(&snapshot, &Settings::default(), &mut self.cache);
            let fresh = analyze(&snapshot, &Settings::default());
            assert_eq!(cached.diagnostics, fresh.diagnostics);
            cached.diagnostics
        }

        /// Replaces `range` with `text`, and analyses as [`Editing::checked`] does.
        fn edit(&mut self, range: Range<usize>, text: &str) -> Vec<Diagnostic> {
            let new_text = text.to_owned();
            self.document.apply_edits(&[TextEdit { range, new_text }]);
            self.checked()
        }

        /// Inserts `text` at the start of line `line` (0-based) and analyses: the runs kept
        /// and made.
        fn type_at(&mut self, line: usize, text: &str) -> (usize, usize) {
            let at = self.document.rope().line_to_byte(line);
            self.edit(at..at, text);
            self.cache.rule_runs_last_analysis()
        }

        /// The lines (0-based) that the findings of `found` that are `wanted` start on.
        fn lines(&self, found: &[Diagnostic], wanted: impl Fn(&Diagnostic) -> bool) -> Vec<usize> {
            let rope = self.document.rope();
            let starts = found.iter().filter(|found| wanted(found));
            Vec::from_iter(starts.map(|found| rope.byte_to_line(found.range.start)))
        }
    }

    #[test]
    fn typing_in_one_node_runs_that_node_again_and_keeps_the_others() {
        let mut editing = Editing::new(TEMPLATE);
        // Runs: the file's start, the cluster header and the two parameter sections (outside
        // every node), and the three nodes. A line typed into `execute` runs `execute` alone.
        assert_eq!(editing.type_at(7, "    MaxCoreCount = 8\n"), (6, 1));
        // The node-comparing rules judge `execute` again, once each, and keep the other two
        // nodes' judgements.
        let (kept, made) = editing.cache.node_judgements_last_analysis();
        assert!(made > 0 && kept == 2 * made, "{kept} kept, {made} made");
        // Into `[[node defaults]]`: every node inherits from it.
        assert_eq!(editing.type_at(3, "    Zone = 1\n"), (4, 3));
        assert_eq!(editing.cache.node_judgements_last_analysis().0, 0);
        // Into the parameters, which every run reads: all of them.
        assert_eq!(editing.type_at(13, "    Label = R\n"), (0, 7));
    }

    #[test]
    fn a_comment_outside_every_node_runs_its_own_section_again_only() {
        let mut editing = Editing::new(TEMPLATE);
        // Every run reads the parameters and the cluster header, but not their comments: the
        // section the comment is in runs its lines again, the six other runs are kept.
        assert_eq!(editing.type_at(11, "    # the usual region\n"), (6, 1));
        assert_eq!(editing.type_at(11, "#"), (6, 1));
        assert_eq!(editing.cache.node_judgements_last_analysis().1, 0);
        assert_eq!(editing.type_at(1, "# nodes\n"), (6, 1));
        // Commenting a line out changes what the nodes read.
        assert_eq!(editing.type_at(13, "#"), (0, 7));
    }

    #[test]
    fn a_record_of_an_image_parameter_is_judged_again_when_the_parameter_type_changes() {
        // CC0213 judges a `Config.Entries` record by its parameter's type, a line of another
        // section: changing the type runs the record's lines again though they are unchanged.
        let text = "[cluster c]\n[[node a]]\nImageName = $Image\n[parameters P]\n[[parameters Q]]\n[[[parameter Image]]]\nParameterType = Cloud.Image\nDefaultValue = almalinux-9\n    [[[[list Config.Entries]]]]\n    Value = OpenLogic:CentOS-HPC:7.7\n";
        let mut editing = Editing::new(text);
        let image = |found: &Diagnostic| found.code == "CC0213";
        let found = editing.checked();
        assert_eq!(editing.lines(&found, image), [7, 9]);
        let at = editing.document.rope().line_to_byte(6) + "ParameterType = Cloud.".len();
        let found = editing.edit(at..at + "Image".len(), "Imag");
        assert_eq!(editing.lines(&found, image), Vec::<usize>::new());
        let found = editing.edit(at + "Imag".len()..at + "Imag".len(), "e");
        assert_eq!(editing.lines(&found, image), [7, 9]);
    }

    #[test]
    fn a_kept_finding_on_a_node_header_lands_where_the_node_now_is() {
        // `b` ends up without required attributes (CC0401, anchored at b's own section, which
        // a kept judgement finds again through the node): lines typed into `a` above keep b's
        // judgement and move its finding down with b's header. `type_at` compares with a
        // fresh analysis.
        let text = "[cluster c]\n[[node a]]\nMachineType = Standard_D2s_v5\n[[node b]]\nImageName = cycle.image.ubuntu22\n";
        let mut editing = Editing::new(text);
        editing.type_at(2, "KeepAlive = true\n");
        editing.type_at(2, "Zone = 1\n");
        let (kept, made) = editing.cache.node_judgements_last_analysis();
        assert!(kept > 0, "{kept} kept, {made} made");
        let found = analyze(&editing.document.snapshot(), &Settings::default()).diagnostics;
        let node_b =
            |found: &Diagnostic| found.code == "CC0401" && found.message.contains("`[[node b]]`");
        assert_eq!(editing.lines(&found, node_b), [5]);
    }

    #[test]
    fn kept_judgements_move_with_their_lines_and_the_lines_they_name() {
        // `a`'s second cluster-init section is judged with the first as its payload (CC0417's
        // related place); typing into `z` above moves both while `a`'s judgements are kept, and
        // `type_at` compares the result, related places included, with a fresh analysis.
        let text = "[cluster c]\n[[node z]]\n[[node a]]\n    [[[cluster-init proj:default]]]\n    [[[cluster-init proj:default:1.0.0]]]\n";
        let mut editing = Editing::new(text);
        let before = editing.checked();
        editing.type_at(2, "MachineType = Standard_D2s_v5\n");
        let (kept, made) = editing.cache.node_judgements_last_analysis();
        assert!(kept > 0 && kept == made, "{kept} kept, {made} made");
        let after = editing.checked();
        let codes = |found: &[Diagnostic]| found.iter().map(|found| found.code).collect::<Vec<_>>();
        assert_eq!(codes(&before), codes(&after));
        let moved = |found: &[Diagnostic]| {
            let duplicate = found.iter().find(|found| found.code == "CC0417");
            duplicate.map(|found| found.related[0].range.start)
        };
        let added = "MachineType = Standard_D2s_v5\n".len();
        let earlier = moved(&before).expect("CC0417 names the earlier section");
        assert_eq!(moved(&after), Some(earlier + added), "{after:#?}");
    }

    #[test]
    fn identical_nodes_keep_a_run_each_and_clusters_stay_apart() {
        // The same node array three times in one cluster (the second and third read the same
        // units, and `Extends` lookups take the first) and once in another cluster.
        let copy = "    [[nodearray execute]]\n    MachineType = Standard_F2s_v2\n    Interruptible = maybe\n";
        let text = format!(
            "[cluster a]\n{copy}{copy}{copy}    [[node other]]\n    MachineType = x\n[cluster b]\n    Autoscale = true\n{copy}"
        );
        let mut editing = Editing::new(&text);
        // Runs: the file's start and two cluster headers, five nodes. Typing into `other`
        // runs it alone; each copy keeps its own run.
        assert_eq!(editing.type_at(11, "    MaxCount = 4\n"), (7, 1));
        assert_eq!(editing.type_at(11, "#"), (7, 1));
    }
}
