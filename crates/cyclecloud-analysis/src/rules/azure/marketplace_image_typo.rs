//! CC0508: a Marketplace image (`ImageName` URN or `Azure.Publisher`/`Offer`/`Sku`) a letter or
//! two away from a common HPC image, with a did-you-mean.

use cyclecloud_catalog::{suggest_marketplace_image, MarketplaceImage};

use super::util::literal_items;
use crate::model::SectionId;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0508",
    name: "marketplace-image-typo",
    severity: Severity::Warning,
    spec: "issue 15",
    summary: "a Marketplace image name is a typo of a common HPC image",
    doc: "\
## What it finds
An `ImageName` URN (`publisher:offer:sku:version`), or `Azure.Publisher`, `Azure.Offer` and
`Azure.Sku` written together in one section, whose publisher, offer and SKU are one or two
letters away from a common HPC Marketplace image (AlmaLinux HPC, Ubuntu HPC, CentOS HPC and a
few base images; the catalog's `marketplace-images.tsv`) without being it. Names that differ
only in version digits are other releases and are not reported, nor is any image far from the
listed ones: the Marketplace is huge.

## Why it matters
Azure finds no image under a misspelt name, so the node fails when it starts.

## Example
```
[cluster demo]
    [[nodearray hpc]]
    ImageName = almalinux:almalinux_hpc:8_10-hpc-gen2:latest
```

## Fix
Use the suggested name (`almalinux:almalinux-hpc:8_10-hpc-gen2:latest`).
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for (section, info) in model.sections_with_ids() {
        if !(info.is("node") || info.is("nodearray")) {
            continue;
        }
        check_urn(context, section);
        check_parts(context, section);
    }
}

fn check_urn(context: &mut Context<'_>, section: SectionId) {
    let model = context.model;
    let Some(attr) = model.attribute_in(section, "ImageName") else {
        return;
    };
    let items = literal_items(&model.attributes[attr]);
    let [item] = &items[..] else {
        return;
    };
    let parts: Vec<&str> = item.text.split(':').collect();
    let [publisher, offer, sku, version] = parts[..] else {
        return;
    };
    let Some(image) = suggest_marketplace_image(publisher, offer, sku) else {
        return;
    };
    let prefix_end = item.range.start + item.text.len() - version.len() - 1;
    let range = item.range.start..prefix_end;
    let written = &item.text[..prefix_end - item.range.start];
    let fix = Fix::replace(range.clone(), image.urn_prefix());
    context.report_with_fix(range, message(written, image), Some(fix));
}

fn check_parts(context: &mut Context<'_>, section: SectionId) {
    let model = context.model;
    let lines =
        ["Azure.Publisher", "Azure.Offer", "Azure.Sku"].map(|key| model.attribute_in(section, key));
    let [Some(publisher), Some(offer), Some(sku)] = lines else {
        return;
    };
    let values = [publisher, offer, sku].map(|attr| model.attributes[attr].literal_value());
    let [Some(p), Some(o), Some(s)] = values else {
        return;
    };
    let Some(image) = suggest_marketplace_image(p, o, s) else {
        return;
    };
    let written = format!("{p}:{o}:{s}");
    let known = [&image.publisher, &image.offer, &image.sku];
    for ((attr, value), right) in [publisher, offer, sku]
        .into_iter()
        .zip([p, o, s])
        .zip(known)
    {
        if value.eq_ignore_ascii_case(right) {
            continue;
        }
        let range = model.attributes[attr].value_range();
        let fix = Fix::replace(range.clone(), right.clone());
        context.report_with_fix(range, message(&written, image), Some(fix));
    }
}

fn message(written: &str, image: &MarketplaceImage) -> String {
    format!(
        "`{written}` is not a known Marketplace image; did you mean `{}` ({})?",
        image.urn_prefix(),
        image.os
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_typos_of_common_images_only() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[nodearray typo]]
                ImageName = almalinux:almalinux_hpc:8_10-hpc-gen2:latest
                           #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0508]: `almalinux:almalinux_hpc:8_10-hpc-gen2` is not a known Marketplace image; did you mean `almalinux:almalinux-hpc:8_10-hpc-gen2` (AlmaLinux 8.10 HPC)?

                [[nodearray release]]
                ImageName = almalinux:almalinux-hpc:8_9-hpc-gen2:latest

                [[nodearray known]]
                ImageName = OpenLogic:CentOS-HPC:7.6:latest

                [[nodearray other]]
                ImageName = Canonical:UbuntuServer:18.04-LTS:latest

                [[nodearray builtin]]
                ImageName = cycle.image.ubuntu22

                [[nodearray parts]]
                Azure.Publisher = microsoft-dsvm
                Azure.Offer = ubunut-hpc
                             #^^^^^^^^^^ warning[CC0508]: `microsoft-dsvm:ubunut-hpc:2204` is not a known Marketplace image; did you mean `microsoft-dsvm:ubuntu-hpc:2204` (Ubuntu 22.04 HPC)?
                Azure.Sku = 2204

                [[nodearray param]]
                Azure.Publisher = microsoft-dsvm
                Azure.Offer = $Offer
                Azure.Sku = 2204
        "#]]);
    }

    #[test]
    fn the_fix_keeps_the_version() {
        let fixed = super::RULE.fix(
            "[cluster c]\n[[nodearray a]]\nImageName = almalinux:almalinux_hpc:8_10-hpc-gen2:8.10.2024\n",
            0,
        );
        assert_eq!(
            fixed,
            "Replace with `almalinux:almalinux-hpc:8_10-hpc-gen2`\n[cluster c]\n[[nodearray a]]\nImageName = almalinux:almalinux-hpc:8_10-hpc-gen2:8.10.2024\n"
        );
    }
}
