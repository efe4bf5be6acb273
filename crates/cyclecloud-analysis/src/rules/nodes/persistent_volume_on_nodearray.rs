//! CC0404: `Persistent = true` on a volume written inside a node array.

use super::util;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0404",
    name: "persistent-volume-on-nodearray",
    severity: Severity::Error,
    spec: "R35",
    summary: "Persistent = true on a volume of a node array",
    doc: "\
## What it finds
`Persistent = true` in a `[[[volume]]]` section written directly inside a `[[nodearray]]` that
is a scale set (no `Azure.AllocationMethod`, own or inherited). Volumes inherited from
`[[node defaults]]` or another base are not judged here, and values taken from parameters are
unknown until import.

## Why it matters
A persistent disk outlives its VM and is attached again when the node restarts. Node arrays are
scale sets whose VMs come and go, so there is nothing to re-attach it to; CycleCloud rejects
persistent volumes on node arrays (since 8.3.0).

## Example
```
[cluster demo]
    [[nodearray execute]]
        [[[volume scratch]]]
        Size = 256
        Persistent = true
```

## Fix
Remove `Persistent = true` (the disk is then deleted with each VM), or move the volume to a
`[[node]]`, for example a file server that the array mounts.
",
    check,
    has_fix: false,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Per line: its volume section, the node array holding it and what that array inherits,
    // so the findings are kept while typing elsewhere.
    let persistent: Vec<_> = context
        .line_ids()
        .filter(|&attr| {
            let line = &model.attributes[attr];
            line.key_is("Persistent") && line.literal_bool() == Some(true)
        })
        .collect();
    for attr in persistent {
        let line = &model.attributes[attr];
        let Some(volume) = line.section.map(|section| &model.sections[section]) else {
            continue;
        };
        let Some(parent) = volume.parent.filter(|_| volume.is("volume")) else {
            continue;
        };
        // `Azure.AllocationMethod = StandAlone` makes individual VMs instead of a scale set;
        // whether those keep persistent disks is not documented, so only scale sets are judged.
        let scale_set = model.sections[parent].is("nodearray")
            && model
                .node_of(Some(parent))
                .is_some_and(|node| model.nodes[node].get("Azure.AllocationMethod").is_none());
        if !scale_set {
            continue;
        }
        let array = model.sections[parent].name.as_deref().unwrap_or_default();
        let message = format!(
            "`{}` cannot be kept for the scale-set VMs of `[[nodearray {array}]]`; remove `Persistent = true` or move the volume to a `[[node]]`.",
            volume.name.as_deref().map_or_else(
                || "[[[volume]]]".to_owned(),
                |name| format!("[[[volume {name}]]]")
            ),
        );
        context.report(util::assignment_range(line), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_persistent_volumes_in_arrays() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[nodearray execute]]
                    [[[volume scratch]]]
                    Size = 256
                    persistent = TRUE
                   #^^^^^^^^^^^^^^^^^ error[CC0404]: `[[[volume scratch]]]` cannot be kept for the scale-set VMs of `[[nodearray execute]]`; remove `Persistent = true` or move the volume to a `[[node]]`.
        "#]]);
    }

    #[test]
    fn nodes_false_and_references_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node nfs]]
                    [[[volume shared]]]
                    Persistent = true

                [[nodearray execute]]
                    [[[volume a]]]
                    Persistent = false
                    [[[volume b]]]
                    Persistent = $Keep
                    [[[volume c]]]
                    Persistent = "true"

                [[nodearray storage]]
                Azure.AllocationMethod = StandAlone
                    [[[volume d]]]
                    Persistent = true
        "#]]);
    }
}
