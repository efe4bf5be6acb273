//! CC0201: a custom image (`ImageId`) on a node that never says whether it is Linux or Windows.

use crate::rules::prelude::*;

use super::util::{declared_os, effective, node_names, nodes_by_line, not_abstract};
use crate::rules::nodes::util::Anchor;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0201",
    name: "image-id-without-image-os",
    severity: Severity::Warning,
    spec: "R19",
    summary: "`ImageId` is set (directly or inherited) but `ImageOS` is not",
    doc: "\
## What it finds
A node or node array whose effective attributes (after `[[node defaults]]` and `Extends`) include
`ImageId` — a managed image resource id — but no `ImageOS`.

## Why it matters
For a custom image CycleCloud cannot tell the operating system from the image name, and it
needs it to choose the VM extension that installs Jetpack. Without `ImageOS` the node can fail to
converge after the VM has been created, long after the template was imported.

The requirement comes from the CycleCloud 7 documentation: the 2018 node reference and the 7.x
page on custom images both ask for `ImageOS` with `ImageId`. The current 8.x node reference no
longer lists `ImageOS`; setting it there costs nothing and keeps the template valid for both.

A node that inherits `ImageName` and sets `ImageId` is still reported here: CycleCloud uses the
`ImageId` (CC0207 reports the conflict), so the OS must come from `ImageOS`, not from the name.

## Example
```
[[nodearray hpc]]
ImageId = /subscriptions/…/providers/Microsoft.Compute/images/hpc-alma8
```

## Fix
Add `ImageOS = linux` (or `windows`) next to `ImageId`, or on `[[node defaults]]` when every node
shares the image.
",
    check,
    has_fix: true,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Each node's `ImageId` line when it has no OS; judged per node and kept between versions.
    let judged = context.judge_anchors(not_abstract(model, |node| {
        let image_id = effective(model, node, "ImageId")?;
        let cleared = model.attributes[image_id].value.is_empty();
        if cleared || effective(model, node, "ImageOS").is_some() {
            return None;
        }
        // An OS declared another way (Azure.OS) is enough for CycleCloud to decide; a built-in
        // `ImageName` the node also inherits is not: `ImageId` wins, and its OS is unknown.
        let declared = declared_os(context, node);
        declared.is_none().then_some(Anchor::Attr(image_id))
    }));
    // One diagnostic per `ImageId` line, naming every node that inherits it without an OS.
    for (image_id, mut inherited) in nodes_by_line(judged) {
        let line = &model.attributes[image_id];
        inherited.retain(|&node| !Anchor::Attr(image_id).is_own(model, node));
        let names = (!inherited.is_empty()).then(|| node_names(model, &inherited));
        let used_by = names.map_or_else(String::new, |names| format!(" (used by {names})"));
        let message = format!(
            "`{}` is set but `ImageOS` is not{used_by}: CycleCloud cannot tell how to install \
             Jetpack on this image (the CycleCloud 7 custom-image docs require `ImageOS` with \
             `ImageId`)",
            line.key
        );
        let mut diagnostic = context.diagnostic(line.range.clone(), message);
        for node in inherited.iter().map(|&node| &model.nodes[node]) {
            let name = &node.name;
            let message = format!("`{name}` inherits this `ImageId` and sets no `ImageOS`");
            diagnostic.relate(model.sections[node.section].header_range.clone(), message);
        }
        let start = line.range.start;
        let fixes = ["linux", "windows"]
            .map(|os| context.insert_line(start, start, &format!("ImageOS = {os}")));
        context.push(diagnostic.with_fixes(fixes));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn image_id_without_image_os_is_reported_on_the_image_id_line() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray hpc]]
                ImageId = /subscriptions/0/images/hpc
               #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0201]: `ImageId` is set but `ImageOS` is not: CycleCloud cannot tell how to install Jetpack on this image (the CycleCloud 7 custom-image docs require `ImageOS` with `ImageId`)
        "#]]);
    }

    #[test]
    fn inherited_image_id_is_reported_once_naming_the_nodes() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                ImageId = $CustomImage
               #^^^^^^^^^^^^^^^^^^^^^^ warning[CC0201]: `ImageId` is set but `ImageOS` is not (used by `scheduler`, `hpc`): CycleCloud cannot tell how to install Jetpack on this image (the CycleCloud 7 custom-image docs require `ImageOS` with `ImageId`)
                [[node scheduler]]
                [[nodearray hpc]]
                [[nodearray gpu]]
                ImageOs = linux
        "#]]);
    }

    #[test]
    fn image_os_inherited_or_image_cleared_is_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                ImageOS = windows
                [[node base]]
                Abstract = true
                ImageId = /subscriptions/0/images/base
                [[nodearray a]]
                Extends = base
                [[nodearray b]]
                Extends = base
                ImageId := undefined
        "#]]);
    }

    #[test]
    fn fixes_insert_image_os_below_with_the_same_indentation() {
        let text = "[cluster c]\r\n    [[node n]]\r\n    ImageId = /subscriptions/0/x\r\n    MachineType = D4\r\n";
        let fixed = super::RULE.fix(text, 1);
        expect![[r#"
            Insert `ImageOS = windows`
            [cluster c]
                [[node n]]
                ImageId = /subscriptions/0/x
                ImageOS = windows
                MachineType = D4
        "#]]
        .assert_eq(&fixed.replace("\r\n", "\n"));
        assert!(
            fixed.contains("/x\r\n    ImageOS = windows\r\n"),
            "keeps CRLF: {fixed:?}"
        );
    }

    #[test]
    fn fix_at_end_of_file_without_newline_starts_a_new_line() {
        let text = "[cluster c]\n[[node n]]\nImageId = /subscriptions/0/x";
        let fixed = super::RULE.fix(text, 0);
        assert!(
            fixed.ends_with("ImageId = /subscriptions/0/x\nImageOS = linux"),
            "{fixed:?}"
        );
    }

    #[test]
    fn an_inherited_image_name_does_not_hide_the_missing_image_os() {
        check_fixture(
            "",
            expect![[r#"
                [cluster c]
                [[node defaults]]
                MachineType = Standard_D2s_v5
                SubnetId = rg/vnet/subnet
                Credentials = cloud
                ImageName = cycle.image.ubuntu22
                [[nodearray gpu]]
                           #^^^ warning[CC0207]: `gpu` picks its image in 2 ways (ImageName/Image, ImageId); CycleCloud uses only one
                ImageId = /subscriptions/0/x
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0201]: `ImageId` is set but `ImageOS` is not: CycleCloud cannot tell how to install Jetpack on this image (the CycleCloud 7 custom-image docs require `ImageOS` with `ImageId`)
                [[nodearray cpu]]
                           #^^^ warning[CC0207]: `cpu` picks its image in 2 ways (ImageName/Image, ImageId); CycleCloud uses only one
                ImageId = /subscriptions/0/y
                Azure.OS = linux
            "#]],
        );
    }
}
