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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::{moved, Version};
use crate::model::{AttrId, KeptMap, Model, NodeId, OutsidePlace, SectionId};
use crate::rules::nodes::util::Anchor;

/// What a rule keeps with each anchor of a judgement. Anchors it holds (another line the
/// finding names) are moved and found again like the finding's own.
pub(crate) trait Payload: Clone + Send + Sync + 'static {
    /// The anchors it holds, in order.
    fn anchors(&self) -> Vec<Anchor> {
        Vec::new()
    }
    /// The same with its anchors replaced by `anchors` (as many as it holds, in order).
    fn with_anchors(&self, anchors: &mut dyn Iterator<Item = Anchor>) -> Self {
        let _ = anchors;
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

/// Judgements of earlier versions by node key (several for nodes with identical keys):
/// `ModelCache` keeps them between versions.
pub(crate) type Memos = KeptMap<Vec<Arc<NodeJudgements>>>;

/// Every rule's judgement of one node, as a version made them.
pub(crate) struct NodeJudgements {
    /// The outside signature of that version.
    outside: Arc<[u64]>,
    /// Where the node's units were, in key order, and the units outside every node.
    inputs: Arc<[Range<usize>]>,
    outside_ranges: Arc<[OutsidePlace]>,
    /// By rule code, sorted by the code's address (each code is one static string), for a
    /// binary search: every kept node is looked up by every judging rule on every keystroke.
    by_rule: Vec<(&'static str, Judgement)>,
}

/// One rule's judgement of one node.
#[derive(Clone)]
struct Judgement {
    /// Each anchor's kind and range then: each finding's own, then those its payload holds.
    anchors: Vec<(AnchorKind, Range<usize>)>,
    /// The rule's findings: a `Vec<P>` in anchor order (`None` when there are none).
    found: Option<Arc<dyn Any + Send + Sync>>,
}

/// Whether an anchor is an attribute line or a section, or the judged node's own section
/// (found again without a search: most per-node findings sit on the node's header).
#[derive(Clone, Copy, PartialEq, Eq)]
enum AnchorKind {
    Attr,
    Section,
    NodeSection,
}

/// One rule's new judgements, by node (`None` where it kept one or could not keep it).
type RuleJudgements = (&'static str, Vec<Option<Judgement>>);

/// One version's use of the memos, shared by the threads running the document-scoped rules.
pub(crate) struct Session<'a> {
    version: &'a Version,
    /// Per node, the previous version's judgements when its key and the outside are unchanged.
    taken: Vec<Option<Arc<NodeJudgements>>>,
    /// Judgements made for nodes without `taken` ones, by rule; and taken ones that could not
    /// be used (an anchor not found again), to leave out next time.
    made: Mutex<Vec<RuleJudgements>>,
    dropped: Mutex<Vec<(NodeId, &'static str)>>,
    /// Judgements taken over, and made.
    kept: AtomicUsize,
    judged: AtomicUsize,
}

impl<'a> Session<'a> {
    /// A session over `version`, taking over what `previous` has for its nodes.
    pub(crate) fn new(version: &'a Version, mut previous: Memos) -> Session<'a> {
        let taken = version
            .nodes
            .iter()
            .map(|node| {
                previous
                    .get_mut(&node.key)
                    .and_then(Vec::pop)
                    .filter(|taken| Arc::ptr_eq(&taken.outside, &version.outside))
            })
            .collect();
        Session {
            version,
            taken,
            made: Mutex::new(Vec::new()),
            dropped: Mutex::new(Vec::new()),
            kept: AtomicUsize::new(0),
            judged: AtomicUsize::new(0),
        }
    }

    /// This version's judgements, for the next version, and how many were taken over and made.
    pub(crate) fn finish(self) -> (Memos, (usize, usize)) {
        let counts = (self.kept.into_inner(), self.judged.into_inner());
        let mut made = self
            .made
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let dropped = self
            .dropped
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut memos = Memos::default();
        for (index, (taken, node)) in self.taken.into_iter().zip(&self.version.nodes).enumerate() {
            let id = NodeId::new(index);
            let judgements = match taken {
                Some(taken) if !dropped.iter().any(|(node, _)| *node == id) => taken,
                Some(taken) => Arc::new(NodeJudgements {
                    outside: Arc::clone(&taken.outside),
                    inputs: Arc::clone(&taken.inputs),
                    outside_ranges: Arc::clone(&taken.outside_ranges),
                    by_rule: taken
                        .by_rule
                        .iter()
                        .filter(|(code, _)| !dropped.contains(&(id, code)))
                        .map(|(code, judgement)| (*code, judgement.clone()))
                        .collect(),
                }),
                None => {
                    let mut by_rule: Vec<(&'static str, Judgement)> = made
                        .iter_mut()
                        .filter_map(|(code, judgements)| Some((*code, judgements[index].take()?)))
                        .collect();
                    by_rule.sort_unstable_by_key(|(code, _)| code_address(code));
                    Arc::new(NodeJudgements {
                        outside: Arc::clone(&self.version.outside),
                        inputs: self.version.node_ranges(id),
                        outside_ranges: Arc::clone(&self.version.layout.outside_ranges),
                        by_rule,
                    })
                }
            };
            memos.entry(node.key.clone()).or_default().push(judgements);
        }
        // Nodes with identical keys take them back in node order.
        for judgements in memos.values_mut() {
            judgements.reverse();
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
        let mut made: Vec<Option<Judgement>> = Vec::new();
        let mut dropped = Vec::new();
        let mut all = Vec::new();
        let (mut kept, mut judged) = (0, 0);
        for node in NodeId::all(model.nodes.len()) {
            let taken = self.taken[node.index()].as_ref();
            if let Some(taken) = taken {
                if let Some(found) = self.take(model, node, taken, code) {
                    kept += 1;
                    all.extend(found.into_iter().map(|(anchor, p)| (node, anchor, p)));
                    continue;
                }
                dropped.push((node, code));
            }
            judged += 1;
            let found = judge(node);
            if taken.is_none() {
                made.resize_with(node.index() + 1, || None);
                made[node.index()] = keepable(model, self.version, node, &found);
            }
            all.extend(found.into_iter().map(|(anchor, p)| (node, anchor, p)));
        }
        made.resize_with(model.nodes.len(), || None);
        self.kept.fetch_add(kept, Ordering::Relaxed);
        self.judged.fetch_add(judged, Ordering::Relaxed);
        self.made
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((code, made));
        if !dropped.is_empty() {
            self.dropped
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(dropped);
        }
        all
    }

    /// The taken judgement of `node` by `code`'s rule, its anchors found again in `model`.
    fn take<P: Payload>(
        &self,
        model: &Model,
        node: NodeId,
        taken: &NodeJudgements,
        code: &'static str,
    ) -> Option<Vec<(Anchor, P)>> {
        let at = taken
            .by_rule
            .binary_search_by_key(&code_address(code), |(rule, _)| code_address(rule))
            .ok()?;
        let (_, judgement) = &taken.by_rule[at];
        let Some(found) = &judgement.found else {
            return Some(Vec::new());
        };
        let found = found.downcast_ref::<Vec<P>>()?;
        let now = self.version.node_ranges(node);
        let outside_now = &self.version.layout.outside_ranges;
        let to = |offset| {
            moved(
                offset,
                &taken.inputs,
                &taken.outside_ranges,
                &now,
                outside_now,
            )
        };
        let mut anchors = judgement
            .anchors
            .iter()
            .map(|(kind, range)| match kind {
                AnchorKind::NodeSection => Some(Anchor::Section(model.nodes[node].section)),
                _ => anchor_at(model, *kind, to(range.start)?..to(range.end)?),
            })
            .collect::<Option<Vec<Anchor>>>()?
            .into_iter();
        found
            .iter()
            .map(|payload| {
                let anchor = anchors.next()?;
                Some((anchor, payload.with_anchors(&mut anchors)))
            })
            .collect()
    }
}

/// A rule's code is one static string: its address (and length, as `ptr::eq` compares them)
/// tells it from the others.
fn code_address(code: &'static str) -> (usize, usize) {
    (code.as_ptr() as usize, code.len())
}

/// The judgement to keep for `node`, when every anchor can be moved and found again.
fn keepable<P: Payload>(
    model: &Model,
    version: &Version,
    node: NodeId,
    found: &[(Anchor, P)],
) -> Option<Judgement> {
    if found.is_empty() {
        return Some(Judgement {
            anchors: Vec::new(),
            found: None,
        });
    }
    let now = version.node_ranges(node);
    let outside_now = &version.layout.outside_ranges;
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
            let movable = [range.start, range.end]
                .iter()
                .all(|&offset| moved(offset, &now, outside_now, &now, outside_now).is_some());
            (movable && anchor_at(model, kind, range.clone()) == Some(anchor))
                .then_some((kind, range))
        })
        .collect::<Option<Vec<_>>>()?;
    let payloads: Vec<P> = found.iter().map(|(_, payload)| payload.clone()).collect();
    Some(Judgement {
        anchors,
        found: Some(Arc::new(payloads)),
    })
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
