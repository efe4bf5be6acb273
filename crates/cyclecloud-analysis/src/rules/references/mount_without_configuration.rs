//! CC0107: a volume's `Mount = X` with no `cyclecloud.mounts.X` configuration to go with it.

use std::collections::HashMap;

use crate::model::{AttrInfo, Model, NodeId, SectionId, ValueShape};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0107",
    name: "mount-without-configuration",
    severity: Severity::Warning,
    spec: "R14",
    summary: "A volume `Mount = X` with no `cyclecloud.mounts.X` configuration",
    doc: "\
## What it finds
A `[[[volume]]]` with a literal `Mount = X` where no node that has the volume (through its own
sections, its `Extends` bases or `[[node defaults]]`) sets any `cyclecloud.mounts.X` key in a
`[[[configuration]]]` section. Keys count with the section's prefix:
`[[[configuration cyclecloud.mounts.X]]]` with `mountpoint = /data` is such a key. A project's
own mount table (`beegfs.disk_mounts.X.mountpoint`) counts too.

## Why it matters
`Mount` only names the mount; the configuration with the same name says where and how to mount
the disk (mount point, file system, RAID). Without it the disk is attached but never mounted
where the software expects it.

## Example
```
[cluster demo]
    [[node scheduler]]
        [[[volume data]]]
        Size = 1024
        Mount = data
```

## Fix
Add the mount's configuration, for example
`[[[configuration cyclecloud.mounts.data]]]` with `mountpoint = /data` and `fs_type = ext4`, or
correct `Mount` to the name the configuration uses.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let mounts: Vec<(SectionId, &AttrInfo, &str)> = model
        .sections_of("volume")
        .filter_map(|(volume, _)| {
            let mount = &model.attributes[model.attribute_in(volume, "Mount")?];
            let name = mount.unquoted_value().trim();
            (mount.shape == ValueShape::Literal && !name.is_empty())
                .then_some((volume, mount, name))
        })
        .collect();
    if mounts.is_empty() {
        return;
    }
    // The nodes holding each volume, gathered in one pass over the nodes (asking every node
    // about every volume is quadratic on a large file).
    let mut holders: HashMap<SectionId, Vec<NodeId>, foldhash::fast::RandomState> = mounts
        .iter()
        .map(|&(volume, ..)| (volume, Vec::new()))
        .collect();
    for (id, node) in model.nodes_with_ids() {
        for child in &node.effective_children {
            if let Some(nodes) = holders
                .get_mut(child)
                .filter(|nodes| nodes.last() != Some(&id))
            {
                nodes.push(id);
            }
        }
    }
    for (volume, mount, name) in mounts {
        let nodes = &holders[&volume];
        if nodes.is_empty()
            || nodes
                .iter()
                .any(|&node| configures_mount(model, &model.nodes[node].effective_children, name))
        {
            continue;
        }
        let message = format!(
            "`Mount = {name}` has no `cyclecloud.mounts.{name}` configuration on this node, its bases or defaults; add `[[[configuration cyclecloud.mounts.{name}]]]` with a `mountpoint`"
        );
        let mut diagnostic = context.diagnostic(mount.value_range(), message);
        if let Some(range) = model.sections[volume].name_range() {
            diagnostic.relate(range, "the volume");
        }
        context.push(diagnostic);
    }
}

/// Whether any configuration section among `sections` sets a key of mount `name`: a key path
/// with the segment `name` right after a segment naming mounts (`cyclecloud.mounts.name.…`, or a
/// project's own table such as `beegfs.disk_mounts.name.…`).
fn configures_mount(model: &Model, sections: &[SectionId], name: &str) -> bool {
    let covers = |path: &str| {
        let segments: Vec<&str> = path.split('.').map(str::trim).collect();
        segments.windows(2).any(|pair| {
            pair[0].to_ascii_lowercase().contains("mount") && pair[1].eq_ignore_ascii_case(name)
        })
    };
    sections.iter().any(|&section| {
        let info = &model.sections[section];
        info.is("configuration")
            && (info.configuration_prefix().is_some_and(covers)
                || info
                    .attributes
                    .iter()
                    .any(|attr| covers(&model.catalog_key(attr))))
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_mount_nothing_configures() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node scheduler]]
            [[[volume data]]]
            Mount = data
                   #^^^^ warning[CC0107]: `Mount = data` has no `cyclecloud.mounts.data` configuration on this node, its bases or defaults; add `[[[configuration cyclecloud.mounts.data]]]` with a `mountpoint`
            [[[configuration cyclecloud.mounts.database]]]
            mountpoint = /db
            [[[configuration cyclecloud.exports]]]
            data.type = nfs
        "#]]);
    }

    #[test]
    fn configuration_on_the_node_its_bases_or_defaults_counts() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node defaults]]
            [[[configuration]]]
            cyclecloud.mounts.shared.mountpoint = /shared
            [[node base]]
            [[[configuration cyclecloud]]]
            mounts.Sched.mountpoint = /sched
            [[node scheduler]]
            Extends = base
            [[[volume a]]]
            Mount = shared
            [[[volume b]]]
            Mount = sched
            [[[volume c]]]
            Mount = data
            [[[volume d]]]
            Mount = $DataMount
            [[[configuration cyclecloud.mounts.data]]]
            [[node meta]]
            [[[volume disk1]]]
            Mount = meta
            [[[configuration beegfs.disk_mounts]]]
            meta.mountpoint = /beegfs
        "#]]);
    }

    #[test]
    fn a_volume_every_node_shares_is_judged_once_over_all_its_holders() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node defaults]]
            [[[volume scratch]]]
            Mount = scratch
            [[[volume home]]]
            Mount = home
                   #^^^^ warning[CC0107]: `Mount = home` has no `cyclecloud.mounts.home` configuration on this node, its bases or defaults; add `[[[configuration cyclecloud.mounts.home]]]` with a `mountpoint`
            [[node a]]
            [[node b]]
            [[[configuration cyclecloud.mounts.scratch]]]
            mountpoint = /scratch
            [[nodearray c]]
            Extends = b
        "#]]);
    }
}
