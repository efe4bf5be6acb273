//! CC0401: a started node or node array that ends up without MachineType, SubnetId, Credentials
//! or an image after inheritance.

use std::sync::OnceLock;

use cyclecloud_catalog::{Attribute, ImageForm};

use super::util::{self, Anchor};
use crate::model::NodeKind;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0401",
    name: "missing-required-attribute",
    severity: Severity::Warning,
    spec: "R16",
    summary: "Node or node array without MachineType, SubnetId, Credentials or an image",
    doc: "\
## What it finds
A `[[node]]` or `[[nodearray]]` that CycleCloud would start (not `defaults`, not `Abstract`)
but that, after taking everything from `[[node defaults]]` and its `Extends` bases, still has no
`MachineType`, no `SubnetId`, no `Credentials`, or no image (`ImageName`, `Image`, `ImageId`, or
the Marketplace `Azure.Publisher`/`Azure.Offer`/`Azure.Sku`).

Nodes whose inheritance cannot be followed (an `Extends` built from a parameter, a base that does
not exist, a cluster with `ParentName` or `Abstract = true`) are skipped.

## Why it matters
These four are the minimum CycleCloud needs to create a VM: its size, its network, the cloud
account and the operating-system image. Without one of them the node fails when the cluster
starts, long after the template was imported.

## Example
```
[cluster demo]
    [[node defaults]]
    Credentials = $Credentials
    ImageName = cycle.image.ubuntu22

    [[node scheduler]]
    MachineType = Standard_D4s_v5
```
`scheduler` has no `SubnetId`.

## Fix
Set the missing attributes on the node, or once in `[[node defaults]]` so every node gets them
(`SubnetId = $SubnetId`).
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let catalog = context.catalog;
    let image_text = image_description(catalog.attributes());
    // The catalog's required and image attributes per kind, looked up once per check.
    // The catalog is built once per process, and so are these.
    static KEYS: OnceLock<[KindKeys<'static>; 2]> = OnceLock::new();
    let [node_keys, nodearray_keys] = KEYS.get_or_init(|| {
        ["node", "nodearray"].map(|kind| KindKeys::new(catalog.attributes_in(kind)))
    });
    let found = context.judge_nodes(util::concrete_only(model, |id, node| {
        let incomplete_cluster = node.cluster.is_some_and(|cluster| {
            model.attribute_in(cluster, "ParentName").is_some()
                || model
                    .attribute_in(cluster, "Abstract")
                    .is_some_and(|attr| model.attributes[attr].literal_bool() != Some(false))
        });
        if incomplete_cluster || !util::inheritance_is_known(model, id) {
            return None;
        }
        let keys = match node.kind {
            NodeKind::Node => node_keys,
            NodeKind::NodeArray => nodearray_keys,
        };
        let is_set = |lower: &String| node.effective.contains_key(lower.as_str());
        let absent = keys.required.iter().filter(|(_, lower)| !is_set(lower));
        let mut missing = util::quoted(absent.map(|(name, _)| name));
        if !keys.image.is_empty() && !keys.image.iter().any(is_set) {
            missing.push(image_text.clone());
        }
        if missing.is_empty() {
            return None;
        }
        let message = format!(
            "{} ends up without {} after inheritance; set {} here or in `[[node defaults]]`.",
            node.label(),
            util::join_and(&missing),
            if missing.len() == 1 { "it" } else { "them" },
        );
        Some((Anchor::Section(node.section), message))
    }));
    // At the anchor, the node's header (a kept judgement's anchor is found again where the
    // node now sits).
    for (_, anchor, message) in found {
        context.report(anchor.range(model), message);
    }
}

/// The attributes of one section kind this rule asks for, with lower-case names for lookups in
/// [`crate::model::NodeInfo::effective`].
struct KindKeys<'a> {
    /// Required attributes (name as catalogued, lower-case name), each once, in catalog order.
    required: Vec<(&'a str, String)>,
    /// Lower-case names of the attributes that give an image.
    image: Vec<String>,
}

impl<'a> KindKeys<'a> {
    fn new(attributes: impl Iterator<Item = &'a Attribute>) -> KindKeys<'a> {
        let mut required: Vec<(&str, String)> = Vec::new();
        let mut image = Vec::new();
        for attribute in attributes {
            let lower = attribute.name.to_ascii_lowercase();
            let known = required.iter().any(|(name, _)| *name == attribute.name);
            if attribute.required && !known {
                required.push((attribute.name.as_str(), lower.clone()));
            }
            if attribute.image_form.is_some() {
                image.push(lower);
            }
        }
        KindKeys { required, image }
    }
}

/// "an image (`ImageName`, `Image`, `Azure.Publisher`/`Azure.Offer`/`Azure.Sku` or `ImageId`)",
/// built from the catalog's image forms.
fn image_description(attributes: &[Attribute]) -> String {
    // Per form: its first attribute, and the attributes the form requires.
    let mut forms: Vec<(ImageForm, &str, Vec<&str>)> = Vec::new();
    for attribute in attributes {
        let Some(form) = attribute.image_form else {
            continue;
        };
        let index = forms.iter().position(|(known, ..)| *known == form);
        let index = index.unwrap_or_else(|| {
            forms.push((form, &attribute.name, Vec::new()));
            forms.len() - 1
        });
        let required = &mut forms[index].2;
        if attribute.form_required && !required.contains(&attribute.name.as_str()) {
            required.push(&attribute.name);
        }
    }
    let names: Vec<String> = forms
        .iter()
        .map(|(_, first, required)| {
            let shown = if required.is_empty() {
                std::slice::from_ref(first)
            } else {
                required
            };
            util::quoted(shown).join("/")
        })
        .collect();
    format!("an image ({})", util::join_or(&names))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_what_is_missing_after_inheritance() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                Credentials = $Credentials
                ImageName = cycle.image.ubuntu22

                [[node scheduler]]
                      #^^^^^^^^^ warning[CC0401]: `[[node scheduler]]` ends up without `SubnetId` after inheritance; set it here or in `[[node defaults]]`.
                MachineType = Standard_D4s_v5

                [[nodearray execute]]
                Extends = scheduler
                SubnetId = rg/vnet/subnet

                [[nodearray bare]]
                           #^^^^ warning[CC0401]: `[[nodearray bare]]` ends up without `MachineType`, `SubnetId` and an image (`ImageName`, `Image`, `Azure.Publisher`/`Azure.Offer`/`Azure.Sku` or `ImageId`) after inheritance; set them here or in `[[node defaults]]`.
                ImageName := undefined
        "#]]);
    }

    #[test]
    fn defaults_abstract_and_unknown_inheritance_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                Credentials = $Credentials
                SubnetId = $SubnetId
                MachineType = $MachineType
                Azure.Publisher = OpenLogic
                Azure.Offer = CentOS-HPC
                Azure.Sku = 7.7

                [[node base]]
                Abstract = true
                ImageName := undefined

                [[nodearray execute]]

                [[nodearray other]]
                Extends = $Base
                MachineType := undefined

                [[nodearray typo]]
                Extends = missing

            [cluster twice]
                [[node defaults]]
                Credentials = $Credentials

                [[node defaults]]
                ImageName = almalinux8

                [[node scheduler]]
                SubnetId = $SubnetId
                MachineType = $MachineType

            [cluster child]
            ParentName = demo
                [[node scheduler]]
        "#]]);
    }
}
