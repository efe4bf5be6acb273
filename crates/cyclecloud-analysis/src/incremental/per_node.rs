//! The per-node part of the rules that compare nodes, kept between versions. Such a rule judges
//! each node on its own (what the node ends up with after inheritance), then decides where to
//! show what it found across all nodes (`rules::nodes::util::place`). The judging is most of
//! the cost and reads only what a node's runs read (`super::Version`), so every rule's judgement
//! of a node is kept under the same key as those runs; the placing runs on every version.
//!
//! A judgement is a list of anchors (the lines or sections a finding is about) with whatever
//! else the rule needs, which must not hold positions or model ids: anchors are kept as text
//! ranges, moved as the units move, and found again in the new model (or the node is judged
//! again when one is not found).

use std::any::Any;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use super::{moved, Version};
use crate::model::{AttrId, KeptFindings, KeptMap, Model, NodeId, OutsidePlace, SectionId};
use crate::rules::nodes::util::Anchor;

/// What a rule keeps with each anchor of a judgement. Anchors it holds (another line the
/// finding names) are moved and found again like the finding's own.
pub(crate) trait Payload: Clone + Send + Sync + 'static {
    /// The anchors it holds, in order.
    fn anchors(&self) -> Vec<Anchor> {
        Vec::new()
    }
    /// The same with its anchors replaced by `anchors` (as many as it holds, in order).
    fn with_anchors(&self, _anchors: &mut dyn Iterator<Item = Anchor>) -> Self {
        self.clone()
    }
}

impl Payload for () {}
impl<T: Send + Sync + 'static> Payload for Arc<T> {}
impl Payload for String {}

impl Payload for Anchor {
    fn anchors(&self) -> Vec<Anchor> {
        vec![*self]
    }
    fn with_anchors(&self, anchors: &mut dyn Iterator<Item = Anchor>) -> Self {
        anchors.next().unwrap_or(*self)
    }
}

impl Payload for Option<Anchor> {
    fn anchors(&self) -> Vec<Anchor> {
        self.iter().copied().collect()
    }
    fn with_anchors(&self, anchors: &mut dyn Iterator<Item = Anchor>) -> Self {
        self.map(|anchor| anchors.next().unwrap_or(anchor))
    }
}

/// Every rule's judgement of one node, as a version made them.
#[derive(Clone)]
pub(crate) struct NodeJudgements {
    /// Where the node's units were, in key order, and the units outside every node.
    inputs: Arc<[Range<usize>]>,
    outside_ranges: Arc<[OutsidePlace]>,
    /// The rules that judged in that version, sorted by the code's address (each code is one
    /// static string), shared by every node judged then: a rule's place in it is looked up
    /// once per version, not once per node.
    rules: Arc<[&'static str]>,
    /// The judgements that found something, by place in `rules`. Every keystroke looks up every
    /// kept node for every judging rule, and most nodes have nothing to show: a rule not here
    /// (nor in `unknown`) found nothing.
    found: Vec<(u16, Judgement)>,
    /// The places in `rules` of the rules whose judgement could not be kept (judged again).
    unknown: Vec<u16>,
}

/// One rule's judgement of one node that found something.
#[derive(Clone)]
struct Judgement {
    /// Each anchor's kind and range then: each finding's own, then those its payload holds.
    anchors: Vec<(AnchorKind, Range<usize>)>,
    /// The rule's findings: a `Vec<P>` in anchor order.
    found: Arc<dyn Any + Send + Sync>,
}

/// Whether an anchor is an attribute line or a section, or the judged node's own section
/// (found again without a search: most per-node findings sit on the node's header).
#[derive(Clone, Copy, PartialEq, Eq)]
enum AnchorKind {
    Attr,
    Section,
    NodeSection,
}

/// One version's use of the memos, shared by the threads running the document-scoped rules.
pub(crate) struct Session<'a> {
    version: &'a Version,
    /// Per node, the previous version's judgements when its key and the outside are unchanged.
    taken: Vec<Option<Arc<NodeJudgements>>>,
    /// What the rules made of them.
    made: Mutex<Made>,
}

/// What one version's rules made of the memos.
#[derive(Default)]
struct Made {
    /// Judgements made for nodes without `Session::taken` ones, by rule and node (`None` where
    /// it kept one or could not keep it, `Some(None)` where it found nothing); and taken ones
    /// that could not be used (an anchor not found again), to leave out next time.
    judgements: Vec<(&'static str, Vec<Option<Option<Judgement>>>)>,
    dropped: Vec<(NodeId, &'static str)>,
    /// Judgements taken over, and made.
    kept: usize,
    judged: usize,
}

impl<'a> Session<'a> {
    /// A session over `version`, taking over what `kept` has for its nodes when they were judged
    /// under the same outside signature.
    pub(crate) fn new(version: &'a Version, kept: &mut KeptFindings) -> Session<'a> {
        let mut previous = std::mem::take(&mut kept.judged);
        let same_outside = Arc::ptr_eq(&kept.outside, &version.outside);
        let keys = version.nodes.iter().map(|(key, _)| key);
        let taken = Vec::from_iter(keys.map(|key| previous.take(key).filter(|_| same_outside)));
        Session {
            version,
            taken,
            made: Mutex::default(),
        }
    }

    /// This version's judgements, for the next version, and how many were taken over and made.
    pub(crate) fn finish(self) -> (KeptMap<Arc<NodeJudgements>>, (usize, usize)) {
        let made = self
            .made
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let (mut made, dropped, counts) = (made.judgements, made.dropped, (made.kept, made.judged));
        made.sort_unstable_by_key(|(code, _)| code_address(code));
        let rules: Arc<[&'static str]> = made.iter().map(|(code, _)| *code).collect();
        debug_assert!(
            rules.windows(2).all(|pair| pair[0] != pair[1]),
            "a rule judges the nodes once per version"
        );
        let mut memos = KeptMap::default();
        let nodes = self.taken.into_iter().zip(&self.version.nodes);
        for (index, (taken, (key, ranges))) in nodes.enumerate() {
            let judgements = match taken {
                Some(mut taken) => {
                    for (_, code) in dropped.iter().filter(|(node, _)| node.index() == index) {
                        let place = place_of(&taken.rules, code);
                        Arc::make_mut(&mut taken).unknown.extend(place);
                    }
                    taken
                }
                None => {
                    let (mut found, mut unknown) = (Vec::new(), Vec::new());
                    for (place, (_, judgements)) in made.iter_mut().enumerate() {
                        let place = u16::try_from(place).unwrap_or(u16::MAX);
                        match judgements[index].take() {
                            Some(None) => {}
                            Some(Some(judgement)) => found.push((place, judgement)),
                            None => unknown.push(place),
                        }
                    }
                    Arc::new(NodeJudgements {
                        inputs: Arc::clone(ranges),
                        outside_ranges: Arc::clone(&self.version.layout.outside_ranges),
                        rules: Arc::clone(&rules),
                        found,
                        unknown,
                    })
                }
            };
            memos.keep(key, judgements);
        }
        (memos, counts)
    }

    /// Every node's judgement by `code`'s rule, in node order: taken over where the node's
    /// inputs are unchanged, `judge` for the others.
    pub(crate) fn judge_nodes<P: Payload>(
        &self,
        code: &'static str,
        model: &Model,
        judge: impl Fn(NodeId) -> Vec<(Anchor, P)>,
    ) -> Vec<(NodeId, Anchor, P)> {
        let mut made = vec![None; model.nodes.len()];
        let mut dropped = Vec::new();
        let mut all = Vec::new();
        let mut kept = 0;
        // The rule's place among the rules of the version that made the last node's
        // judgements: nodes judged in one version share that list.
        let mut place: Option<(*const [&'static str], Option<u16>)> = None;
        for node in NodeId::all(model.nodes.len()) {
            let taken = self.taken[node.index()].as_ref();
            if let Some(taken) = taken {
                let rules = Arc::as_ptr(&taken.rules);
                let at = match place {
                    Some((known, at)) if std::ptr::eq(known, rules) => at,
                    _ => place_of(&taken.rules, code),
                };
                place = Some((rules, at));
                // Most nodes: the rule judged them and found nothing.
                let nothing = |at| taken.found.iter().all(|(place, _)| *place != at);
                if taken.unknown.is_empty() && at.is_some_and(nothing)
                    || at.is_some_and(|at| self.take(model, node, taken, at, &mut all))
                {
                    kept += 1;
                    continue;
                }
                dropped.push((node, code));
            }
            let found = judge(node);
            if taken.is_none() {
                made[node.index()] = keepable(model, self.version, node, &found);
            }
            all.extend(found.into_iter().map(|(anchor, p)| (node, anchor, p)));
        }
        let mut all_made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
        all_made.judgements.push((code, made));
        all_made.dropped.extend(dropped);
        all_made.kept += kept;
        all_made.judged += model.nodes.len() - kept;
        all
    }

    /// Appends to `out` the taken judgement of `node` by the rule at `place` in its rules, its
    /// anchors found again in `model`; `false` (and `out` as it was) when it cannot be kept.
    /// Nothing is collected on the way: on a large file a document rule takes thousands of
    /// judgements a keystroke, and two lists each cost thousands of allocations.
    fn take<P: Payload>(
        &self,
        model: &Model,
        node: NodeId,
        taken: &NodeJudgements,
        place: u16,
        out: &mut Vec<(NodeId, Anchor, P)>,
    ) -> bool {
        if !taken.unknown.is_empty() && taken.unknown.contains(&place) {
            return false;
        }
        let Some((_, judgement)) = taken.found.iter().find(|(at, _)| *at == place) else {
            return true;
        };
        let Some(found) = judgement.found.downcast_ref::<Vec<P>>() else {
            return false;
        };
        let then = (&taken.inputs[..], &taken.outside_ranges[..]);
        let now = self.version.places(node);
        let to = |offset| moved(offset, then, now);
        // Every anchor must be found again, those the payloads take and any left over.
        let lost = std::cell::Cell::new(false);
        let mut anchors = judgement.anchors.iter().map_while(|(kind, range)| {
            let anchor = match kind {
                AnchorKind::NodeSection => Some(Anchor::Section(model.nodes[node].section)),
                _ => to(range.start)
                    .zip(to(range.end))
                    .and_then(|(start, end)| anchor_at(model, *kind, start..end)),
            };
            lost.set(lost.get() || anchor.is_none());
            anchor
        });
        let before = out.len();
        for payload in found {
            let Some(anchor) = anchors.next() else {
                lost.set(true);
                break;
            };
            let payload = payload.with_anchors(&mut anchors);
            out.push((node, anchor, payload));
        }
        anchors.for_each(drop);
        if lost.get() {
            out.truncate(before);
        }
        !lost.get()
    }
}

/// Where `code`'s rule is in `rules` (sorted by [`code_address`]).
fn place_of(rules: &[&'static str], code: &'static str) -> Option<u16> {
    let at = rules.binary_search_by_key(&code_address(code), |rule| code_address(rule));
    u16::try_from(at.ok()?).ok()
}

/// A rule's code is one static string: its address (and length, as `ptr::eq` compares them)
/// tells it from the others.
fn code_address(code: &'static str) -> (usize, usize) {
    (code.as_ptr() as usize, code.len())
}

/// The judgement to keep for `node` (`None` when it found nothing), when every anchor can be
/// moved and found again.
fn keepable<P: Payload>(
    model: &Model,
    version: &Version,
    node: NodeId,
    found: &[(Anchor, P)],
) -> Option<Option<Judgement>> {
    if found.is_empty() {
        return Some(None);
    }
    let now = version.places(node);
    let anchors = found
        .iter()
        .flat_map(|(anchor, payload)| std::iter::once(*anchor).chain(payload.anchors()))
        .map(|anchor| {
            if anchor == Anchor::Section(model.nodes[node].section) {
                return Some((AnchorKind::NodeSection, 0..0));
            }
            let (kind, range) = match anchor {
                Anchor::Attr(attr) => (AnchorKind::Attr, model.attributes[attr].range.clone()),
                // A section by where it starts: its end can lie in blanks past its units.
                Anchor::Section(section) => {
                    let start = model.sections[section].range.start;
                    (AnchorKind::Section, start..start)
                }
            };
            let movable = |offset| moved(offset, now, now).is_some();
            let found_again = || anchor_at(model, kind, range.clone()) == Some(anchor);
            (movable(range.start) && movable(range.end) && found_again()).then_some((kind, range))
        })
        .collect::<Option<Vec<_>>>()?;
    let payloads: Vec<P> = found.iter().map(|(_, payload)| payload.clone()).collect();
    Some(Some(Judgement {
        anchors,
        found: Arc::new(payloads),
    }))
}

/// The one line or section of `model` with exactly this range (a section's is where it
/// starts, as `keepable` records it).
fn anchor_at(model: &Model, kind: AnchorKind, range: Range<usize>) -> Option<Anchor> {
    fn only<T>(
        items: &[T],
        range: &Range<usize>,
        of: impl Fn(&T) -> Range<usize>,
    ) -> Option<usize> {
        let first = items.partition_point(|item| of(item).start < range.start);
        let mut same = items[first..]
            .iter()
            .take_while(|item| of(item).start == range.start)
            .enumerate()
            .filter(|(_, item)| of(item) == *range);
        let (index, _) = same.next()?;
        same.next().is_none().then_some(first + index)
    }
    match kind {
        AnchorKind::Attr => only(&model.attributes, &range, |line| line.range.clone())
            .map(|index| Anchor::Attr(AttrId::new(index))),
        AnchorKind::Section => only(&model.sections, &range, |section| {
            section.range.start..section.range.start
        })
        .map(|index| Anchor::Section(SectionId::new(index))),
        // Found by the node, not by a range (see `Session::take`).
        AnchorKind::NodeSection => None,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::sync::Arc;

    use cyclecloud_syntax::Document;

    use super::Session;
    use crate::incremental::Version;
    use crate::model::{self, AttrId, KeptFindings, ModelCache, NodeId};
    use crate::rules::nodes::util::Anchor;

    const CODE: &str = "CC9999";

    #[test]
    fn a_judgement_that_cannot_be_kept_is_made_again_and_the_empty_ones_are_kept() {
        // `a`'s judgement names a line of `b`, which `a` does not read: it cannot be moved
        // with `a`'s inputs, so the next version judges `a` again and keeps `b`'s (empty) one.
        let document = Document::new("[cluster c]\n[[node a]]\nX = 1\n[[node b]]\nY = 2\n");
        let snapshot = document.snapshot();
        let mut cache = ModelCache::default();
        let calls = RefCell::new(Vec::new());
        let judge = |model: &model::Model, node: NodeId| {
            calls.borrow_mut().push(model.nodes[node].name.to_string());
            let line_of_b = AttrId::all(model.attributes.len())
                .find(|&attr| model.attributes[attr].key.as_str() == "Y");
            let found = line_of_b.filter(|_| model.nodes[node].name.as_str() == "a");
            Vec::from_iter(found.map(|attr| (Anchor::Attr(attr), ())))
        };
        let first_model = model::build_cached(&snapshot, &mut cache);
        let first = Version::new(&snapshot, &first_model, &KeptFindings::default());
        let session = Session::new(&first, &mut KeptFindings::default());
        let found = session.judge_nodes(CODE, &first_model, |node| judge(&first_model, node));
        assert_eq!(found.len(), 1);
        let (memos, counts) = session.finish();
        assert_eq!(counts, (0, 2));
        assert_eq!(calls.take(), ["a", "b"]);

        let model = model::build_cached(&snapshot, &mut cache);
        let mut kept = KeptFindings {
            outside: Arc::clone(&first.outside),
            judged: memos,
            ..KeptFindings::default()
        };
        let second = Version::new(&snapshot, &model, &kept);
        let session = Session::new(&second, &mut kept);
        let found = session.judge_nodes(CODE, &model, |node| judge(&model, node));
        assert_eq!(calls.take(), ["a"]);
        assert_eq!(found.len(), 1);
        assert_eq!(session.finish().1, (1, 1));
    }
}
