//! Helpers shared by the node rules: naming nodes in sentences, merging inherited child
//! sections and configuration, and deciding where a finding about an inherited line is shown.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::model::{AttrId, AttrInfo, Model, NodeId, NodeInfo, NodeKind, SectionId};
use crate::rule::Context;

/// A node that CycleCloud starts: not `[[node defaults]]`, not abstract, inside a cluster.
pub(crate) fn is_concrete(node: &NodeInfo) -> bool {
    !node.is_defaults && !node.is_abstract && node.cluster.is_some()
}

/// `judge` for `Context::judge_nodes` or `judge_anchors`, finding nothing in the nodes CycleCloud
/// does not start ([`is_concrete`]): most node rules judge only the started ones. `judge` may
/// give an `Option` (one finding at most, its steps written with `?`) or a `Vec`.
pub(crate) fn concrete_only<'m, Found: IntoIterator + Default>(
    model: &'m Model,
    judge: impl Fn(NodeId, &'m NodeInfo) -> Found + 'm,
) -> impl Fn(NodeId) -> Found + 'm {
    move |id| {
        let node = &model.nodes[id];
        if is_concrete(node) {
            judge(id, node)
        } else {
            Found::default()
        }
    }
}

/// The started nodes of `kind` of each cluster in document order, each name once (a repeated
/// section is one node written twice, CC0012's finding: only its first counts), the clusters in
/// the order their first such node comes: one pass over the nodes (asking every node about every
/// cluster is quadratic in a file of many clusters).
pub(crate) fn started_by_cluster(model: &Model, kind: NodeKind) -> Vec<Vec<NodeId>> {
    let mut groups: Vec<Vec<NodeId>> = Vec::new();
    let mut group_of: HashMap<SectionId, usize, foldhash::fast::RandomState> = HashMap::default();
    let mut seen_names = HashSet::new();
    let started = model
        .nodes_with_ids()
        .filter(|(_, node)| node.kind == kind && is_concrete(node))
        .filter_map(|(id, node)| Some((id, node, node.cluster?)));
    for (id, node, cluster) in started {
        // Names rarely repeat: only the repeated ones are remembered.
        if model.name_repeats(node.cluster, &node.name)
            && !seen_names.insert((cluster, node.name.to_ascii_lowercase()))
        {
            continue;
        }
        let group = *group_of.entry(cluster).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(id);
    }
    groups
}

/// The sections whose innermost node is `node`: its own section and those below it, but not
/// a node inside it or what lies below that (what a per-node judgement may read of its lines).
pub(crate) fn own_sections(model: &Model, node: NodeId) -> Vec<SectionId> {
    let mut found = Vec::new();
    let mut pending = vec![model.nodes[node].section];
    while let Some(section) = pending.pop() {
        found.push(section);
        pending.extend(
            model.sections[section]
                .children
                .iter()
                .rev()
                .filter(|&&child| model.enclosing_node(Some(child)) == Some(node)),
        );
    }
    found
}

/// Several node labels joined for a sentence: `a`, `b` and `c`.
pub(crate) fn node_labels(model: &Model, nodes: &[NodeId]) -> String {
    let labels: Vec<String> = nodes.iter().map(|&n| model.nodes[n].label()).collect();
    join_and(&labels)
}

/// Each word in backticks, the way messages show names and values.
pub(crate) fn quoted<T: std::fmt::Display>(words: impl IntoIterator<Item = T>) -> Vec<String> {
    words.into_iter().map(|word| format!("`{word}`")).collect()
}

/// Joins items as `a`, `a and b` or `a, b and c`.
pub(crate) fn join_and(items: &[String]) -> String {
    join_words(items, "and")
}

/// Joins alternatives for a sentence offering a choice: `a`, `a or b` or `a, b or c`.
pub(crate) fn join_or(items: &[String]) -> String {
    join_words(items, "or")
}

/// Items with commas between them and `conjunction` before the last.
fn join_words(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// The index of the first item with the key most items share (the earliest on a tie), `None`
/// when every item has the same key: the value a group's odd ones out should agree with.
pub(crate) fn most_used<T, K: Ord>(items: &[T], key: impl Fn(&T) -> K) -> Option<usize> {
    // Per key: how many items have it, and the first that does (one pass, however many).
    let mut counts: BTreeMap<K, (usize, usize)> = BTreeMap::new();
    for (position, item) in items.iter().enumerate() {
        counts.entry(key(item)).or_insert((0, position)).0 += 1;
    }
    if counts.len() < 2 {
        return None;
    }
    let most = counts
        .into_values()
        .max_by_key(|&(count, first)| (count, Reverse(first)));
    most.map(|(_, first)| first)
}

/// Where to point at a node: its header name, or the header when it has no name.
pub(crate) fn node_range(model: &Model, node: NodeId) -> Range<usize> {
    section_range(model, model.nodes[node].section)
}

/// Where to point at a section: its header name, or the header when it has no name.
pub(crate) fn section_range(model: &Model, section: SectionId) -> Range<usize> {
    let info = &model.sections[section];
    info.name_range()
        .unwrap_or_else(|| info.header_range.clone())
}

/// From the key to the end of the value: `Persistent = true`.
pub(crate) fn assignment_range(attr: &AttrInfo) -> Range<usize> {
    attr.key_range().start..attr.value_range().end.max(attr.key_range().end)
}

/// The value, or the key when the value is empty.
pub(crate) fn value_range(attr: &AttrInfo) -> Range<usize> {
    if attr.value_range().is_empty() {
        attr.key_range()
    } else {
        attr.value_range()
    }
}

/// A finding on a node's header about something it inherits, pointing at where it comes from
/// ("inherited from `[[node defaults]]`"): the inheriting node is where a fix or an override goes.
pub(crate) fn on_inheriting_node(
    context: &Context<'_>,
    node: NodeId,
    anchor: Anchor,
    message: impl Into<String>,
) -> Diagnostic {
    let model = context.model;
    let origin = match anchor.node(model) {
        Some(origin) => format!("inherited from {}", model.nodes[origin].label()),
        None => "inherited from here".to_owned(),
    };
    let diagnostic = context.diagnostic(node_range(model, node), message);
    diagnostic.with_related(anchor.range(model), origin)
}

/// Whether everything `node` inherits is known: every `Extends` on its chain is a literal
/// list of nodes that exist once, `[[node defaults]]` is not written twice, and there is no
/// cycle. When not, absent attributes prove nothing. Each node on the chain is judged once
/// (an answer cut short by the walk's path is `false` only for nodes on a cycle, which are
/// `false` anyway).
pub(crate) fn inheritance_is_known(model: &Model, node: NodeId) -> bool {
    fn walk(
        model: &Model,
        node: NodeId,
        path: &mut Vec<NodeId>,
        known: &mut Vec<(NodeId, bool)>,
    ) -> bool {
        if let Some(&(_, answer)) = known.iter().find(|(seen, _)| *seen == node) {
            return answer;
        }
        if path.contains(&node) {
            return false;
        }
        let info = &model.nodes[node];
        let resolvable = |name: &str| {
            model.find_node(info.cluster, name).is_some() && !model.name_repeats(info.cluster, name)
        };
        // A missing base, or two sections with the base's name (which one wins is undocumented).
        let mut answer = !extends_is_unknown(model, info)
            && info.extends.iter().all(|entry| resolvable(&entry.name))
            && (info.is_defaults
                || model.find_node(info.cluster, "defaults").is_none()
                || resolvable("defaults"));
        if answer {
            path.push(node);
            answer = model
                .bases(node)
                .iter()
                .all(|&base| walk(model, base, path, known));
            path.pop();
        }
        known.push((node, answer));
        answer
    }
    walk(model, node, &mut Vec::new(), &mut Vec::new())
}

/// Whether a node's own `Extends` is neither a literal list nor cleared: the nodes it names are
/// unknown until import.
pub(crate) fn extends_is_unknown(model: &Model, node: &NodeInfo) -> bool {
    model
        .attribute_in(node.section, "Extends")
        .is_some_and(|attr| {
            let line = &model.attributes[attr];
            !line.is_literal() && !line.clears_value()
        })
}

/// Child sections of one kind as a node sees them, same-name sections merged (later lines win),
/// the way inherited volumes and network interfaces combine: lower-case key → the line that sets
/// it last (cleared keys removed).
pub(crate) type Merged<'m> = BTreeMap<&'m str, AttrId>;

/// The node's child sections of `kind`, merged by name (any case), in first-seen order.
pub(crate) fn merged_children<'m>(
    model: &'m Model,
    node: &NodeInfo,
    kind: &str,
) -> Vec<Merged<'m>> {
    let mut names: Vec<&str> = Vec::new();
    let mut merged: Vec<Merged> = Vec::new();
    for &section in &node.effective_children {
        let info = &model.sections[section];
        if !info.is(kind) {
            continue;
        }
        let name = info.name.as_deref().unwrap_or("");
        let index = names
            .iter()
            .position(|known| known.eq_ignore_ascii_case(name));
        let index = index.unwrap_or_else(|| {
            names.push(name);
            merged.push(Merged::new());
            merged.len() - 1
        });
        for attr in info.attributes {
            let line = &model.attributes[attr];
            if line.clears_value() {
                merged[index].remove(line.key_lower.as_str());
            } else {
                // Keys borrowed from the model: nothing is copied per node and line.
                merged[index].insert(line.key_lower.as_str(), attr);
            }
        }
    }
    merged
}

/// A node's effective boolean `key` (own or inherited): `false` when unset, `None` when the
/// value is a reference or expression.
pub(crate) fn effective_bool(model: &Model, node: &NodeInfo, key: &str) -> Option<bool> {
    node.get(key).map_or(Some(false), |effective| {
        model.attributes[effective.attr].literal_bool()
    })
}

/// The line that sets a configuration key (full dotted key, give it in lower case) last in a
/// node's effective configuration sections, whatever their prefixes; `None` when unset or cleared.
pub(crate) fn effective_configuration(model: &Model, node: &NodeInfo, key: &str) -> Option<AttrId> {
    let mut found = None;
    for &section in &node.effective_children {
        let info = &model.sections[section];
        if !info.is("configuration") {
            continue;
        }
        for attr in info.attributes {
            if info.catalog_key_is(&model.attributes[attr].key, key) {
                found = (!model.attributes[attr].clears_value()).then_some(attr);
            }
        }
    }
    found
}

/// Reports nodes that end up with a value only one node of a cluster may have (`found`, in
/// document order): once on the line when they all got it from that one line (`shared`, given
/// the nodes' labels), else each node after the first (`repeat`, given its label and the
/// first's), on its own line or on its header with the inherited line, pointing at the first.
pub(crate) fn report_repeats(
    context: &mut Context<'_>,
    found: &[(NodeId, AttrId)],
    shared: &dyn Fn(&str) -> String,
    repeat: &dyn Fn(&str, &str) -> String,
) {
    let model = context.model;
    let [(first, first_attr), _, ..] = *found else {
        return;
    };
    if found.iter().all(|&(_, attr)| attr == first_attr) {
        let nodes: Vec<NodeId> = found.iter().map(|&(node, _)| node).collect();
        let message = shared(&node_labels(model, &nodes));
        context.report(assignment_range(&model.attributes[first_attr]), message);
        return;
    }
    for &(node, attr) in &found[1..] {
        let anchor = Anchor::Attr(attr);
        let message = repeat(&model.nodes[node].label(), &model.nodes[first].label());
        let diagnostic = if anchor.is_own(model, node) {
            context.diagnostic(assignment_range(&model.attributes[attr]), message)
        } else {
            on_inheriting_node(context, node, anchor, message)
        };
        let related = format!("set for {} here", model.nodes[first].label());
        let first_set = assignment_range(&model.attributes[first_attr]);
        context.push(diagnostic.with_related(first_set, related));
    }
}

/// The line or section a per-node finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Anchor {
    /// An attribute line (of the node, of a base, or of a child section).
    Attr(AttrId),
    /// A child section (volume, input endpoint, …).
    Section(SectionId),
}

impl Anchor {
    /// The line, when the anchor is one (judgements of lines come back as anchors).
    pub(crate) fn attr(self) -> Option<AttrId> {
        match self {
            Anchor::Attr(attr) => Some(attr),
            Anchor::Section(_) => None,
        }
    }

    /// The section holding the anchor (for a section: the section itself).
    pub(crate) fn section(self, model: &Model) -> Option<SectionId> {
        match self {
            Anchor::Attr(attr) => model.attributes[attr].section,
            Anchor::Section(section) => Some(section),
        }
    }

    /// The key of a line, or the header name of a section.
    pub(crate) fn range(self, model: &Model) -> Range<usize> {
        match self {
            Anchor::Attr(attr) => model.attributes[attr].key_range(),
            Anchor::Section(section) => section_range(model, section),
        }
    }

    /// The node whose section holds the anchor (directly or in a child section).
    pub(crate) fn node(self, model: &Model) -> Option<NodeId> {
        model.enclosing_node(self.section(model))
    }

    /// Whether the anchor is written in the node's own section (or a child of it).
    pub(crate) fn is_own(self, model: &Model, node: NodeId) -> bool {
        self.node(model) == Some(node)
    }

    /// Whether a node ends up using the anchor (its effective value or one of its child sections).
    fn seen_by(self, model: &Model, node: &NodeInfo) -> bool {
        let Some(section) = self.section(model) else {
            return false;
        };
        match self {
            Anchor::Attr(attr) if model.node_of_section.contains_key(&section) => {
                let key = &model.attributes[attr].key_lower;
                node.effective
                    .get(key)
                    .is_some_and(|effective| effective.attr == attr)
            }
            _ => node.effective_children.contains(&section),
        }
    }
}

/// Where one finding is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// On the line (or section) itself: it is the node's own, or every started node that uses it
    /// has the problem. `nodes` are the nodes concerned.
    Anchor {
        /// The line or section.
        anchor: Anchor,
        /// The nodes with the problem.
        nodes: Vec<NodeId>,
    },
    /// On the node's header, with related information pointing at the inherited line: only
    /// some of the nodes that inherit the line have the problem.
    Node {
        /// The node with the problem.
        node: NodeId,
        /// The inherited line or section.
        anchor: Anchor,
    },
}

impl Placement {
    /// The line or section, and the nodes concerned (for [`Placement::Node`], its one node).
    pub(crate) fn parts(&self) -> (Anchor, &[NodeId]) {
        match self {
            Placement::Anchor { anchor, nodes } => (*anchor, nodes),
            Placement::Node { node, anchor } => (*anchor, std::slice::from_ref(node)),
        }
    }
}

/// Reports per-node findings where [`place`] puts them: on the anchor (the part of a line
/// `range_of` picks, or a section's header name) with `on_anchor`'s message for the nodes
/// concerned (given the first node's finding and the nodes' labels), or on an affected node's
/// header with `on_node`'s message (given its finding and its label) and the inherited line as
/// related information. `finish` may add to each diagnostic (related information, fixes) before
/// it is pushed. `findings` are in node order, as `Context::judge_nodes` gives them.
pub(crate) fn report_placed<P>(
    context: &mut Context<'_>,
    findings: &[(NodeId, Anchor, P)],
    range_of: fn(&AttrInfo, &P) -> Range<usize>,
    on_anchor: impl Fn(&(NodeId, Anchor, P), &[NodeId], &str) -> String,
    on_node: impl Fn(&(NodeId, Anchor, P), &str) -> String,
    finish: impl Fn(&Context<'_>, &Placement, &(NodeId, Anchor, P), &mut Diagnostic),
) {
    let model = context.model;
    debug_assert!(findings.is_sorted_by_key(|&(node, ..)| node));
    for placement in place(model, findings) {
        let (anchor, nodes) = placement.parts();
        // The first node's finding at the anchor (its findings are together, in node order).
        let start = findings.partition_point(|&(node, ..)| node < nodes[0]);
        let mut of_first_node = findings[start..]
            .iter()
            .take_while(|&&(node, ..)| node == nodes[0]);
        let Some(found) = of_first_node.find(|&&(_, at, _)| at == anchor) else {
            continue;
        };
        let mut diagnostic = match placement {
            Placement::Anchor { .. } => {
                let message = on_anchor(found, nodes, &node_labels(model, nodes));
                let range = match anchor {
                    Anchor::Attr(attr) => range_of(&model.attributes[attr], &found.2),
                    Anchor::Section(section) => section_range(model, section),
                };
                context.diagnostic(range, message)
            }
            Placement::Node { node, .. } => {
                let message = on_node(found, &model.nodes[node].label());
                on_inheriting_node(context, node, anchor, message)
            }
        };
        finish(context, &placement, found, &mut diagnostic);
        context.push(diagnostic);
    }
}

/// Decides where per-node findings `(node, anchor)` are reported so that each is shown once: on
/// the anchor when it is the node's own or when every started node using it has the problem,
/// otherwise on each affected node's header. Sorted by position.
pub(crate) fn place<P>(model: &Model, findings: &[(NodeId, Anchor, P)]) -> Vec<Placement> {
    // By anchor, each anchor's nodes in order, once.
    let by_anchor = findings.iter().map(|&(node, anchor, _)| (node, anchor));
    let mut by_anchor: Vec<(NodeId, Anchor)> = by_anchor.collect();
    by_anchor.sort_unstable_by_key(|&(node, anchor)| (anchor, node));
    by_anchor.dedup();
    let mut placements = Vec::new();
    for found in by_anchor.chunk_by(|(_, a), (_, b)| a == b) {
        let anchor = found[0].1;
        let failing: Vec<NodeId> = found.iter().map(|&(node, _)| node).collect();
        // Only the nodes of the anchor's cluster can use it (bases and defaults are looked up
        // in a node's own cluster): the others are passed over without a lookup.
        let cluster = anchor.node(model).map(|node| model.nodes[node].cluster);
        let all_fail = model
            .nodes_with_ids()
            .filter(|(_, node)| cluster.is_none_or(|cluster| node.cluster == cluster))
            .filter(|(_, node)| is_concrete(node) && anchor.seen_by(model, node))
            .all(|(id, _)| failing.binary_search(&id).is_ok());
        if all_fail {
            placements.push(Placement::Anchor {
                anchor,
                nodes: failing,
            });
            continue;
        }
        for node in failing {
            if anchor.is_own(model, node) {
                placements.push(Placement::Anchor {
                    anchor,
                    nodes: vec![node],
                });
            } else {
                placements.push(Placement::Node { node, anchor });
            }
        }
    }
    placements.sort_by_key(|placement| match placement {
        Placement::Anchor { anchor, .. } => (anchor.range(model).start, 0),
        Placement::Node { node, anchor } => {
            (node_range(model, *node).start, anchor.range(model).start)
        }
    });
    placements
}

#[cfg(test)]
mod tests {
    use crate::testing::{diagnostics_with, target};

    #[test]
    fn most_used_takes_the_commonest_key_and_the_earliest_on_a_tie() {
        use super::most_used;
        let key = |item: &(u8, char)| item.1;
        // `b` is written twice, `a` once: the first `b`.
        assert_eq!(most_used(&[(0, 'a'), (1, 'b'), (2, 'b')], key), Some(1));
        // A tie: the key written first wins, at its first item.
        assert_eq!(
            most_used(&[(0, 'b'), (1, 'a'), (2, 'a'), (3, 'b')], key),
            Some(0)
        );
        // Nothing to agree with when every item has one key, or there are none.
        assert_eq!(most_used(&[(0, 'a'), (1, 'a')], key), None);
        assert_eq!(most_used(&[], key), None);
    }

    #[test]
    fn catalog_companions_and_groups_name_real_attributes() {
        let catalog = cyclecloud_catalog::catalog();
        for attribute in catalog.attributes() {
            if let Some(required) = attribute.requires.as_deref() {
                for section in &attribute.sections {
                    assert!(
                        catalog.attribute(section, required).is_some()
                            || (section == "node"
                                && catalog.attribute("nodearray", required).is_some()),
                        "{} requires unknown {required} in {section}",
                        attribute.name
                    );
                }
            }
            if let Some(group) = attribute.one_of.as_deref() {
                let members = catalog
                    .attributes()
                    .iter()
                    .filter(|other| other.one_of.as_deref() == Some(group))
                    .count();
                assert!(members > 1, "one_of group {group} has a single member");
            }
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let settings = target("7.9");
        let fixtures = [
            "",
            "[[node]]\nZone = 1,2\n",
            "[cluster]\n[[node\nMaxCount = 1\n[[nodearray]]\nComputerName = é\n",
            "[cluster c]\r\n  [[node défaut]]\r\n  Zone = 1, 2\r\n  MaxPrice = 1\r\n    [[[volume]]]\r\n    StorageAccountType = UltraSSD_LRS\r\n    ConfidentialDiskEncryptionSetId = ñ\r\n    [[[input-endpoint]]]\r\n    [[[configuration]]]\r\n    cyclecloud.mounts.é.type = lustre\r\n    cyclecloud.mounts.é.export_path = é\r\n    cyclecloud.mounts..mountpoint = /x\r\n    cyclecloud.exports.x.type =\r\n",
            "[environment]\nTemplatePath =\n[environment e]\nTemplateURL = a\nTemplateContents = b\nTemplatePath = c\n",
            "[cluster c]\n[[node a]]\nExtends = b\n[[node b]]\nExtends = a\nCloudInit = '''x\n[[nodearray c]]\nExtends = a, b, a\nIsReturnProxy = true\n[[node d]]\nIsReturnProxy = true\n",
            "[cluster c]\n[[node defaults]]\nCloudInit = x\n[[node defaults]]\nCloudInit = y\n[[node n]]\nCloudInit = z\nEnableSecureBoot\nHybridBenefitLicense =\n",
        ];
        for fixture in fixtures {
            for rule in super::super::RULES {
                let _ = diagnostics_with(&settings, rule.code, fixture);
            }
        }
    }
}
