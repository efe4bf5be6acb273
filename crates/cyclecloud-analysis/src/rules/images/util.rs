//! Helpers shared by the image and Jetpack rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use cyclecloud_catalog::{Attribute, ImageForm, OsFamily};

use crate::model::{AttrId, Model, NodeId};
use crate::rule::Context;
use crate::rules::nodes::util::{quoted, Anchor};

/// Each node (not abstract) that sets some of the node attributes in `group` but not all, with
/// the first line it has and the keys it lacks, each in backticks: what CC0206 and CC0211 judge,
/// per node and kept between versions.
pub(crate) fn partly_set(
    context: &Context<'_>,
    group: impl Fn(&Attribute) -> bool,
) -> impl Iterator<Item = (NodeId, AttrId, Arc<Vec<String>>)> {
    let model = context.model;
    let keys = Vec::from_iter(
        context
            .catalog
            .attributes_in("node")
            .filter(|attribute| group(attribute))
            .map(|attribute| attribute.name.as_str()),
    );
    let judged = context.judge_nodes(not_abstract(model, |node| {
        // Most nodes have all or none: counted without collecting.
        let mut present = keys.iter().filter_map(|key| effective(model, node, key));
        let first = present.next()?;
        if 1 + present.count() == keys.len() {
            return None;
        }
        let missing = keys
            .iter()
            .filter(|key| effective(model, node, key).is_none());
        Some((Anchor::Attr(first), Arc::new(quoted(missing))))
    }));
    judged
        .into_iter()
        .filter_map(|(node, anchor, missing)| Some((node, anchor.attr()?, missing)))
}

/// `judge` for `Context::judge_nodes` or `judge_anchors`, finding nothing in abstract nodes.
pub(crate) fn not_abstract<'m, Found: Default>(
    model: &'m Model,
    judge: impl Fn(NodeId) -> Found + 'm,
) -> impl Fn(NodeId) -> Found + 'm {
    move |node| {
        if model.nodes[node].is_abstract {
            Found::default()
        } else {
            judge(node)
        }
    }
}

/// The nodes of each judged line, the lines in document order: one finding per line, naming
/// every node it holds for.
pub(crate) fn nodes_by_line(judged: Vec<(NodeId, Anchor, ())>) -> BTreeMap<AttrId, Vec<NodeId>> {
    let mut by_line: BTreeMap<AttrId, Vec<NodeId>> = BTreeMap::new();
    for (node, anchor, ()) in judged {
        if let Some(attr) = anchor.attr() {
            by_line.entry(attr).or_default().push(node);
        }
    }
    by_line
}

/// The effective attribute line of `key` on a node.
pub(crate) fn effective(model: &Model, node: NodeId, key: &str) -> Option<AttrId> {
    model.nodes[node].get(key).map(|effective| effective.attr)
}

/// The image forms a node ends up using, each with the first line (in document order) that sets
/// it.
pub(crate) fn image_forms(context: &Context<'_>, node: NodeId) -> Vec<(ImageForm, AttrId)> {
    let model = context.model;
    let mut forms: Vec<(ImageForm, AttrId)> = model.nodes[node]
        .effective
        .values()
        .filter_map(|e| match model.attributes[e.attr].catalog?.image_form? {
            // `Image` (a label) and `ImageName` pick an image the same way: one form.
            ImageForm::Label => Some((ImageForm::Name, e.attr)),
            form => Some((form, e.attr)),
        })
        .collect();
    // Only the few lines that pick an image are sorted: by form, then back in document order.
    forms.sort_unstable_by_key(|&(form, attr)| (form as u8, attr));
    forms.dedup_by_key(|(form, _)| *form);
    forms.sort_unstable_by_key(|&(_, attr)| attr);
    forms
}

/// The OS family a node declares (`ImageOS`, then `Azure.OS`), with the line that says so: what
/// CycleCloud reads for an `ImageId` image, whose name implies nothing.
pub(crate) fn declared_os(context: &Context<'_>, node: NodeId) -> Option<(OsFamily, AttrId)> {
    let model = context.model;
    ["ImageOS", "Azure.OS"].into_iter().find_map(|key| {
        let attr = effective(model, node, key)?;
        let family = match model.attributes[attr].literal_text()? {
            value if value.eq_ignore_ascii_case("linux") => OsFamily::Linux,
            value if value.eq_ignore_ascii_case("windows") => OsFamily::Windows,
            _ => return None,
        };
        Some((family, attr))
    })
}

/// The OS family a node's image declares or implies, with the line that says so.
pub(crate) fn image_os(context: &Context<'_>, node: NodeId) -> Option<(OsFamily, AttrId)> {
    declared_os(context, node).or_else(|| {
        let attr = effective(context.model, node, "ImageName")?;
        let name = context.model.attributes[attr].literal_text()?;
        Some((context.catalog.builtin_image(name)?.os_family, attr))
    })
}

/// The names of nodes, for messages about one line shared by several nodes.
pub(crate) fn node_names(model: &Model, nodes: &[NodeId]) -> String {
    quoted(nodes.iter().map(|&node| &model.nodes[node].name)).join(", ")
}
