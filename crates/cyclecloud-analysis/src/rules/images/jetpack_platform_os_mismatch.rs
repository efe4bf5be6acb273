//! CC0204: `JetpackPlatform` for one OS family on an image of the other.

use crate::rules::prelude::*;

use super::util::{effective, image_os, node_names, nodes_by_line, not_abstract};
use crate::rules::nodes::util::Anchor;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0204",
    name: "jetpack-platform-os-mismatch",
    severity: Severity::Warning,
    spec: "R21",
    summary: "`JetpackPlatform` contradicts `ImageOS`, `Azure.OS` or the built-in image's OS",
    doc: "\
## What it finds
A node whose effective `JetpackPlatform` is for Linux while its image is Windows (from
`ImageOS`, `Azure.OS` or a built-in `ImageName` such as `cycle.image.win2022`), or the reverse.

## Why it matters
Before CycleCloud 7.7.0 the platform picks the Jetpack installer: a Linux installer cannot run on
Windows, so the node never converges.

## Example
```
[cluster demo]
[[node scheduler]]
ImageOS = windows
JetpackPlatform = centos-7
```

## Fix
Make the two agree: `JetpackPlatform = windows` for a Windows image.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let catalog = context.catalog;
    // Each node whose platform is for another OS than its image, anchored at its
    // `JetpackPlatform` line: judged per node and kept while the node's inputs are unchanged.
    let judged = context.judge_anchors(not_abstract(model, |node| {
        let platform_attr = effective(model, node, "JetpackPlatform")?;
        let platform = catalog.jetpack_platform(model.attributes[platform_attr].literal_text()?)?;
        let (family, _) = image_os(context, node)?;
        (family != platform.os_family).then_some(Anchor::Attr(platform_attr))
    }));
    for (platform_attr, nodes) in nodes_by_line(judged) {
        // The image's OS as the first node of the line has it (looked up again for the few found).
        let Some((family, os_attr)) = image_os(context, nodes[0]) else {
            continue;
        };
        let family = family.name();
        let line = &model.attributes[platform_attr];
        let platform = line.literal_text().unwrap_or_default();
        let nodes = node_names(model, &nodes);
        let message = format!("`JetpackPlatform = {platform}` is for another OS than the image, which is {family} (on {nodes})");
        let diagnostic = context.diagnostic(line.value_range(), message);
        let related = format!("the image's OS is {family} here");
        context.push(diagnostic.with_related(model.attributes[os_attr].range.clone(), related));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn linux_platform_on_windows_image() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                JetpackPlatform = centos-7
                                 #^^^^^^^^ warning[CC0204]: `JetpackPlatform = centos-7` is for another OS than the image, which is windows (on `win`)
                [[node win]]
                ImageName = cycle.image.win2022
                [[node lin]]
                ImageOS = Linux
        "#]]);
    }
}
