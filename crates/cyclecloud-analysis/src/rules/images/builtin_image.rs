//! CC0209: a `cycle.image.*` name CycleCloud does not know, or one past its end of life.

use crate::rules::prelude::*;

use super::image_value::literal_problem;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0209",
    name: "unknown-or-retired-builtin-image",
    severity: Severity::Warning,
    spec: "R24",
    summary: "`ImageName` is not a built-in image, a Marketplace URN or a resource id, or is past its end of life",
    doc: "\
## What it finds
A literal `ImageName` that
* starts with `cycle.image.` but is not a built-in image (with the closest built-in name);
* is a plain name, neither a built-in image, a Marketplace URN (`Publisher:Offer:Sku:Version`)
  nor a resource id, but close to a built-in name (`almalinux-9` for `almalinux9`, `ubuntu22`
  for `cycle.image.ubuntu22`);
* is a plain name far from every built-in one: only a hint, since an image registered with
  `cyclecloud image add` also has a plain name, and we cannot see those;
* is a built-in image whose operating system has reached its end of life (CentOS 7 and 8,
  Ubuntu 14.04/16.04/18.04, SLES 12, Windows 2008/2012). The dates are the vendors' (Canonical's
  and SUSE's lifecycle pages, Red Hat's and Microsoft's for CentOS and Windows); the catalog names
  the source of each.

URNs and resource ids of the wrong shape are CC0210's. The same checks apply to the values of
`Cloud.Image` parameters (CC0213).

## Why it matters
An unknown built-in name, or a misspelt one, fails at node start; CycleCloud's images page
(`how-to/create-custom-image`, and the image list in the cluster template reference) lists the
names it knows. An end-of-life image gets no security updates and is dropped from CycleCloud's
image list and from scheduler support.

## Example
```
ImageName = cycle.image.ubuntu2
```

## Fix
Use a listed name (`cycle.image.ubuntu22`, `almalinux8`, …) or a Marketplace URN.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let catalog = context.catalog;
    let image_names = context.model.attributes.iter();
    for attr in image_names.filter(|attr| attr.key_is("ImageName")) {
        // A URN or resource id of the wrong shape is CC0210's part.
        let found = literal_problem(catalog, attr).filter(|(_, problem)| !problem.is_format());
        if let Some((value, problem)) = found {
            let message = problem.message(value);
            context.push(problem.diagnostic(context, attr.value_range(), message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn unknown_and_retired_names() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node a]]
            ImageName = cycle.image.ubunt22
                       #^^^^^^^^^^^^^^^^^^^ warning[CC0209]: `cycle.image.ubunt22` is not a built-in image; did you mean `cycle.image.ubuntu22`?
            [[node b]]
            ImageName = cycle.image.centos8
                       #^^^^^^^^^^^^^^^^^^^ warning[CC0209]: `cycle.image.centos8` (CentOS 8) reached its end of life on 2021-12-31
            [[node d]]
            ImageName = almalinux8
            [[node e]]
            ImageName = cycle.image.ubuntu18
                       #^^^^^^^^^^^^^^^^^^^^ warning[CC0209]: `cycle.image.ubuntu18` (Ubuntu 18.04) reached its end of life on 2023-05-31
            [[node f]]
            ImageName = cycle.image.ubuntu20
        "#]]);
    }

    #[test]
    fn plain_names_close_to_a_builtin_warn_others_are_hints() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node a]]
            ImageName = almalinux-9
                       #^^^^^^^^^^^ warning[CC0209]: `almalinux-9` is not a built-in image; did you mean `almalinux9`?
            [[node b]]
            ImageName = ubuntu22
                       #^^^^^^^^ warning[CC0209]: `ubuntu22` is not a built-in image; did you mean `cycle.image.ubuntu22`?
            [[node d]]
            ImageName = hpc-golden-2024
                       #^^^^^^^^^^^^^^^ hint[CC0209]: `hpc-golden-2024` is neither a built-in image, a Marketplace URN nor a resource id; it works only if it was registered with `cyclecloud image add`
            [[node e]]
            ImageName = {{ queue.image }}
            Image = whatever
            [[node f]]
            ImageName = OpenLogic:CentOS-HPC:7_9-gen2:latest
        "#]]);
        let text = "[cluster c]\n[[node a]]\nImageName = almalinux-9\n";
        assert!(super::RULE
            .fix(text, 0)
            .contains("ImageName = almalinux9\n"));
    }
}
