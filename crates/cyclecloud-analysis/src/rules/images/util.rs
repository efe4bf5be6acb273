//! Helpers shared by the image and Jetpack rules.

use cyclecloud_catalog::{ImageForm, OsFamily};

use crate::model::{AttrId, Model, NodeId};
use crate::rule::Context;
use crate::rules::nodes::util::quoted;

/// For a node (not abstract) that sets some of `keys` but not all: the first line it has, and
/// the keys it lacks, each in backticks. What CC0206 and CC0211 judge per node.
pub(crate) fn partly_set(
    model: &Model,
    node: NodeId,
    keys: &[&str],
) -> Option<(AttrId, Vec<String>)> {
    if model.nodes[node].is_abstract {
        return None;
    }
    // Most nodes have all or none: counted without collecting.
    let mut present = keys.iter().filter_map(|key| effective(model, node, key));
    let first = present.next()?;
    if 1 + present.count() == keys.len() {
        return None;
    }
    let missing = keys
        .iter()
        .filter(|key| effective(model, node, key).is_none());
    Some((first, quoted(missing)))
}

/// The effective attribute line of `key` on a node.
pub(crate) fn effective(model: &Model, node: NodeId, key: &str) -> Option<AttrId> {
    model.nodes[node].get(key).map(|effective| effective.attr)
}

/// The image forms a node ends up using, each with the line that sets it.
pub(crate) fn image_forms(context: &Context<'_>, node: NodeId) -> Vec<(ImageForm, AttrId)> {
    let model = context.model;
    let mut forms: Vec<(ImageForm, AttrId)> = Vec::new();
    // Only the few lines that pick an image are put in document order.
    let mut with_form: Vec<(AttrId, ImageForm)> = model.nodes[node]
        .effective
        .values()
        .filter_map(|e| Some((e.attr, model.attributes[e.attr].catalog?.image_form?)))
        .collect();
    with_form.sort_unstable_by_key(|&(attr, _)| attr);
    for (attr, form) in with_form {
        // `Image` (a label) and `ImageName` pick an image the same way: one form.
        let form = if form == ImageForm::Label {
            ImageForm::Name
        } else {
            form
        };
        if !forms.iter().any(|(existing, _)| *existing == form) {
            forms.push((form, attr));
        }
    }
    forms
}

/// The OS family a node declares (`ImageOS`, then `Azure.OS`), with the line that says so: what
/// CycleCloud reads for an `ImageId` image, whose name implies nothing.
pub(crate) fn declared_os(context: &Context<'_>, node: NodeId) -> Option<(OsFamily, AttrId)> {
    let model = context.model;
    ["ImageOS", "Azure.OS"].into_iter().find_map(|key| {
        let attr = effective(model, node, key)?;
        let family = model.attributes[attr].literal_text().and_then(os_family)?;
        Some((family, attr))
    })
}

/// The OS family a node's image declares or implies, with the line that says so.
pub(crate) fn image_os(context: &Context<'_>, node: NodeId) -> Option<(OsFamily, AttrId)> {
    let model = context.model;
    if let Some(declared) = declared_os(context, node) {
        return Some(declared);
    }
    let attr = effective(model, node, "ImageName")?;
    let image = context
        .catalog
        .builtin_image(model.attributes[attr].literal_text()?)?;
    Some((image.os_family, attr))
}

/// `linux` / `windows` in any case.
pub(crate) fn os_family(value: &str) -> Option<OsFamily> {
    if value.eq_ignore_ascii_case("linux") {
        Some(OsFamily::Linux)
    } else if value.eq_ignore_ascii_case("windows") {
        Some(OsFamily::Windows)
    } else {
        None
    }
}

/// The lower-case name of an OS family, for messages and fixes.
pub(crate) fn family_name(family: OsFamily) -> &'static str {
    match family {
        OsFamily::Linux => "linux",
        OsFamily::Windows => "windows",
    }
}

/// The names of nodes, for messages about one line shared by several nodes.
pub(crate) fn node_names(model: &Model, nodes: &[NodeId]) -> String {
    quoted(nodes.iter().map(|&node| &model.nodes[node].name)).join(", ")
}
