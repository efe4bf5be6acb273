//! CC0107: a volume's `Mount = X` with no `cyclecloud.mounts.X` configuration to go with it.

use crate::diagnostic::{Related, Severity};
use crate::model::{Model, NodeId, SectionId, ValueShape};
use crate::rule::{Context, Rule, Scope};

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
    for (volume, section) in model.sections_of("volume") {
        let Some(attr) = model.attribute_in(volume, "Mount") else {
            continue;
        };
        let mount = &model.attributes[attr];
        if mount.shape != ValueShape::Literal {
            continue;
        }
        let name = mount.unquoted_value().trim();
        if name.is_empty() {
            continue;
        }
        let holders: Vec<NodeId> = model
            .nodes_with_ids()
            .filter(|(_, node)| node.effective_children.contains(&volume))
            .map(|(id, _)| id)
            .collect();
        if holders.is_empty()
            || holders
                .iter()
                .any(|&node| configures_mount(model, &model.nodes[node].effective_children, name))
        {
            continue;
        }
        let mut diagnostic = context.diagnostic(
            mount.value_range.clone(),
            format!(
                "`Mount = {name}` has no `cyclecloud.mounts.{name}` configuration on this node, its bases or defaults; add `[[[configuration cyclecloud.mounts.{name}]]]` with a `mountpoint`"
            ),
        );
        if let Some(name_range) = &section.name_range {
            diagnostic.related.push(Related {
                range: name_range.clone(),
                message: "the volume".to_owned(),
            });
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
        if !info.is("configuration") {
            return false;
        }
        if model
            .configuration_prefix(Some(section))
            .is_some_and(covers)
        {
            return true;
        }
        info.attributes
            .iter()
            .any(|attr| covers(&model.catalog_key(attr)))
    })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::testing::check_fixture;

    #[test]
    fn reports_a_mount_nothing_configures() {
        check_fixture(
            "CC0107",
            expect![[r#"
                [cluster demo]
                [[node scheduler]]
                [[[volume data]]]
                Mount = data
                       #^^^^ warning[CC0107]: `Mount = data` has no `cyclecloud.mounts.data` configuration on this node, its bases or defaults; add `[[[configuration cyclecloud.mounts.data]]]` with a `mountpoint`
                [[[configuration cyclecloud.mounts.database]]]
                mountpoint = /db
                [[[configuration cyclecloud.exports]]]
                data.type = nfs
            "#]],
        );
    }

    #[test]
    fn configuration_on_the_node_its_bases_or_defaults_counts() {
        check_fixture(
            "CC0107",
            expect![[r#"
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
            "#]],
        );
    }
}
