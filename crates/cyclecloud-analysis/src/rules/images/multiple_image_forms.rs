//! CC0207: a node that names its image in more than one way.

use std::collections::BTreeSet;

use cyclecloud_catalog::ImageForm;

use super::util::image_forms;
use crate::incremental::per_node::Payload;
use crate::rules::nodes::util::{node_range, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0207",
    name: "multiple-image-forms",
    severity: Severity::Warning,
    spec: "R17",
    summary: "More than one of `ImageName`/`Image`, `ImageId` and the Marketplace attributes",
    doc: "\
## What it finds
A node whose effective attributes pick an image in more than one way: `ImageName` or `Image`,
`ImageId`, and `Azure.Publisher`/`Offer`/`Sku`.

## Why it matters
CycleCloud silently prefers one (`ImageId` wins), so the other setting — often the one a user
changes in the UI — has no effect.

## Example
```
[[node defaults]]
ImageName = cycle.image.ubuntu22
[[nodearray gpu]]
ImageId = /subscriptions/…/images/gpu
```

## Fix
Keep one form; clear an inherited one with `ImageName := undefined`.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn form_name(form: ImageForm) -> &'static str {
    match form {
        ImageForm::Name | ImageForm::Label => "ImageName/Image",
        ImageForm::Id => "ImageId",
        ImageForm::Marketplace => "Azure.Publisher/Offer/Sku",
    }
}

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Each node's forms, when it has more than one: judged per node and kept while the node's
    // inputs are unchanged, as this would read every node's lines on every keystroke.
    let judged = context.judge_nodes(|node| {
        let forms = (!model.nodes[node].is_abstract).then(|| image_forms(context, node));
        let forms = forms.filter(|forms| forms.len() > 1).unwrap_or_default();
        forms
            .into_iter()
            .map(|(form, attr)| (Anchor::Attr(attr), form))
    });
    let mut reported = BTreeSet::new();
    for forms in judged.chunk_by(|a, b| a.0 == b.0) {
        let node = forms[0].0;
        let lines = Vec::from_iter(forms.iter().filter_map(|(_, anchor, _)| anchor.attr()));
        if !reported.insert(lines.clone()) {
            continue;
        }
        let names = Vec::from_iter(forms.iter().map(|(_, _, form)| form_name(*form)));
        let (name, count, names) = (&model.nodes[node].name, forms.len(), names.join(", "));
        let message =
            format!("`{name}` picks its image in {count} ways ({names}); CycleCloud uses only one");
        let mut diagnostic = context.diagnostic(node_range(model, node), message);
        for &attr in &lines {
            let line = &model.attributes[attr];
            diagnostic.relate(line.range.clone(), format!("`{}` is set here", line.key));
        }
        context.push(diagnostic);
    }
}

/// The form a judged line picks, kept with the node's judgement.
impl Payload for ImageForm {}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn image_name_inherited_plus_image_id() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node defaults]]
            ImageName = cycle.image.ubuntu22
            [[nodearray gpu]]
                       #^^^ warning[CC0207]: `gpu` picks its image in 2 ways (ImageName/Image, ImageId); CycleCloud uses only one
            ImageId = /subscriptions/0/x
            [[nodearray cpu]]
            [[nodearray other]]
            ImageId = /subscriptions/0/y
            ImageName := undefined
        "#]]);
    }

    #[test]
    fn a_base_that_clears_the_inherited_name_picks_one_image() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node defaults]]
            ImageName = cycle.image.ubuntu22
            [[node executedefaults]]
            Abstract = true
            ImageId = /subscriptions/0/x
            ImageOS = linux
            ImageName := undefined
            [[nodearray execute]]
            Extends = executedefaults
        "#]]);
    }
}
