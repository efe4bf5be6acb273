//! CC0507: a Marketplace image whose Hyper-V generation the node's VM size does not run.

use std::sync::Arc;

use super::util::node_size;
use crate::model::{AttrId, Model, NodeId, NodeInfo};
use crate::rules::nodes::util::{self as node_util, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0507",
    name: "image-generation-mismatch",
    severity: Severity::Warning,
    spec: "issue 15",
    summary: "the image's Hyper-V generation is one the VM size cannot run",
    doc: "\
## What it finds
A started node or node array whose image is a Marketplace SKU that names its Hyper-V
generation (a SKU ending in `gen2`, `-g2` or `gen1`, in an `ImageName` URN
`publisher:offer:sku:version` or in `Azure.Sku`) while its single literal `MachineType` is a
size the size table knows does not run that generation. Built-in image names and SKUs that do not
name a generation are not judged: which generation they boot is not known here.

## Why it matters
Azure refuses to start a Gen2 image on a Gen1-only size (older sizes such as the A or D v2
series) and a Gen1 image on a Gen2-only size (HBv4, HX, most v6 sizes), so the node fails when
it starts.

## Example
```
[cluster demo]
    [[nodearray hpc]]
    MachineType = Standard_A4_v2
    ImageName = almalinux:almalinux-hpc:8_7-hpc-gen2:latest
```

## Fix
Use the image's other generation (the SKU without `-gen2`, or with it), or a size that runs the
image's generation.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

/// The Hyper-V generation a Marketplace SKU names by its ending: 1, 2, or `None`.
fn sku_generation(sku: &str) -> Option<u8> {
    let sku = sku.trim().to_ascii_lowercase();
    if sku.ends_with("gen2") || sku.ends_with("-g2") {
        Some(2)
    } else if sku.ends_with("gen1") {
        Some(1)
    } else {
        None
    }
}

/// The node's image line and the generation its SKU names.
fn image_generation(model: &Model, node: &NodeInfo) -> Option<(AttrId, u8)> {
    if let Some(image) = node.get("ImageName") {
        let text = model.attributes[image.attr].literal_value()?;
        let parts: Vec<&str> = text.split(':').collect();
        let [_, _, sku, _] = parts[..] else {
            return None;
        };
        return sku_generation(sku).map(|generation| (image.attr, generation));
    }
    let sku = node.get("Azure.Sku")?;
    let generation = sku_generation(model.attributes[sku.attr].literal_value()?)?;
    Some((sku.attr, generation))
}

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Per node (kept between versions): its image line when the size cannot run the image.
    let judged = context.judge_nodes(node_util::concrete_only(model, |_, node| {
        let (image, generation) = image_generation(model, node)?;
        let (_, size) = node_size(context, node)?;
        let generations = size.hyperv?;
        let runs = if generation == 1 {
            generations.v1
        } else {
            generations.v2
        };
        if runs {
            return None;
        }
        let fact = Arc::new((size.name.clone(), generations.to_string(), generation));
        Some((Anchor::Attr(image), fact))
    }));
    let describe = |nodes: &[NodeId]| {
        let mut parts: Vec<String> = judged
            .iter()
            .filter(|(node, ..)| nodes.contains(node))
            .map(|(_, _, fact)| {
                let (size, generations, generation) = &**fact;
                format!("a Gen{generation} image, but `{size}` runs {generations} only")
            })
            .collect();
        parts.sort();
        parts.dedup();
        node_util::join_and(&parts)
    };
    node_util::report_placed(
        context,
        &judged,
        |line, _| line.value_range(),
        |_, nodes, labels| {
            format!(
                "{labels} boots {}; use the image's other generation or another size",
                describe(nodes),
            )
        },
        |&(node, ..), label| {
            format!(
                "{label} inherits {}; use the image's other generation or another size",
                describe(&[node]),
            )
        },
        |_, _, _, _| {},
    );
}

#[cfg(test)]
mod tests {
    use super::sku_generation;
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_generations_the_size_cannot_run() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                ImageName = almalinux:almalinux-hpc:8_7-hpc-gen2:latest

                [[node old]]
                      #^^^ warning[CC0507]: `[[node old]]` inherits a Gen2 image, but `Standard_A4_v2` runs Gen1 only; use the image's other generation or another size
                MachineType = Standard_A4_v2

                [[nodearray hpc]]
                MachineType = Standard_HB120rs_v3

                [[nodearray gen1]]
                MachineType = Standard_A4_v2
                Azure.Publisher = OpenLogic
                Azure.Offer = CentOS-HPC
                Azure.Sku = 7_9-gen1
                ImageName := undefined

                [[nodearray newest]]
                MachineType = Standard_HB176rs_v4
                Azure.Publisher = OpenLogic
                Azure.Offer = CentOS-HPC
                Azure.Sku = 7_9-gen1
                           #^^^^^^^^ warning[CC0507]: `[[nodearray newest]]` boots a Gen1 image, but `Standard_HB176rs_v4` runs Gen2 only; use the image's other generation or another size
                ImageName := undefined

                [[nodearray builtin]]
                MachineType = Standard_A4_v2
                ImageName = cycle.image.ubuntu22

                [[nodearray unknown]]
                MachineType = Standard_HB368rs_v5
        "#]]);
    }

    #[test]
    fn only_sku_endings_name_a_generation() {
        assert_eq!(sku_generation("8_7-HPC-Gen2"), Some(2));
        assert_eq!(sku_generation("2022-datacenter-g2"), Some(2));
        assert_eq!(sku_generation("7_9-gen1"), Some(1));
        assert_eq!(sku_generation("2204"), None);
        assert_eq!(sku_generation("gen2-but-not-at-the-end"), None);
    }
}
