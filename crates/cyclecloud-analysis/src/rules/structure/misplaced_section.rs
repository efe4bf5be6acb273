//! CC0005: a section nested under the wrong parent or written with the wrong number of brackets.

use cyclecloud_catalog::{Rank, SectionKind};

use crate::model::SectionInfo;
use crate::rules::prelude::*;

use super::util::{header_as_written, header_with, one_of};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0005",
    name: "misplaced-section",
    severity: Severity::Error,
    spec: "R03",
    summary: "A section under the wrong parent, at the wrong rank, or skipping a rank",
    doc: "\
## What it finds
Sections whose place in the hierarchy breaks the template format, judged from the number of
brackets (the rank) exactly as CycleCloud nests them, where a header belongs to the nearest
earlier header with fewer brackets:

* a kind under a parent it cannot have: `[[[volume]]]`, `[[[configuration]]]`,
  `[[[cluster-init]]]`, … outside a `node`/`nodearray`; `[[node]]`/`[[nodearray]]` outside a
  `cluster`; `cluster`, `environment`, `environmentref`, `noderef` anywhere but at file level;
* a kind with a fixed rank written with another one (`[[[nodearray x]]]` under a cluster,
  `[[cluster x]]`);
* a rank skip in parameter sections: `[[[parameter x]]]` directly under `[parameters y]`, or a
  `list`/`record` block more than one rank below its parameter.

Misplaced cluster, node, node-array, volume, network-interface, cluster-init, input-endpoint,
configuration, environment, environmentref and noderef sections are errors: the cluster
CycleCloud builds is not the one written. Rank anomalies of `parameters`, `parameter`, `list` and `record` sections are
warnings: they only change how the cluster form is laid out, and deployed templates contain
some (`[parameters A]` followed by `[[[parameter x]]]`).

A file with no rank-1 header at all is taken as a fragment that a generator pastes into a full
template (for example Bicep's `loadTextContent` snippets); its top sections have no parent in
the file, so only their fixed ranks are checked.

## Why it matters
Sections are attached by rank, not by indentation. A `[[[volume]]]` written after a
`[parameters]` block belongs to that block, not to the node above it, so the disk silently
disappears from the node; a node outside a cluster is not part of any cluster.

## Example
```
[cluster demo]
    [[[volume data]]]
    Size = 100
```

## Fix
Move the section under a parent of the right kind and give it the rank that kind takes
(`[[node …]]` with `[[[volume data]]]` below it); for parameter sections, use one bracket more
than the enclosing `parameters` section.
",
    check,
    has_fix: false,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let fragment = model.is_fragment();
    for section in context.section_ids() {
        let section = &model.sections[section];
        let Some(kind) = section.catalog else {
            continue;
        };
        let parent = section.parent.map(|parent| &model.sections[parent]);
        let finding = placement(context, section, kind, parent, fragment)
            .or_else(|| rank(context, section, kind, parent, fragment));
        let Some(message) = finding else {
            continue;
        };
        let mut diagnostic = context.diagnostic(section.header_range.clone(), message);
        // Only the object model is certainly broken (an error); parameter layout is UI only.
        if !matches!(kind.rank, Rank::Fixed(_)) {
            diagnostic.severity = Severity::Warning;
        }
        if let Some(parent) = parent {
            let written = header_as_written(context, parent);
            let message = format!("the enclosing section `{written}`");
            diagnostic.relate(parent.header_range.clone(), message);
        }
        context.push(diagnostic);
    }
}

/// The problem with the parent's kind, if any.
fn placement(
    context: &Context<'_>,
    section: &SectionInfo,
    kind: &SectionKind,
    parent: Option<&SectionInfo>,
    fragment: bool,
) -> Option<String> {
    // Header texts are built only for a finding: this runs for every section on every keystroke.
    let place = match parent {
        None if kind.top_level || fragment => return None,
        None => "is at file level".to_owned(),
        // Under a misspelled kind nothing is known; CC0004 reports the parent.
        Some(parent) if parent.catalog.is_none() || kind.allows_parent(&parent.kind) => {
            return None
        }
        Some(parent) => format!("is inside `{}`", header_as_written(context, parent)),
    };
    let advice = if parent.is_some() && kind.parents.is_empty() {
        let top = header_with(context, section, 1, section.name.as_deref());
        format!("belong at file level: write `{top}`")
    } else {
        let parents = one_of(&kind.parents);
        format!("belong inside a {parents} section; move it under one")
    };
    let header = header_as_written(context, section);
    Some(format!(
        "`{header}` {place}, but `{}` sections {advice}",
        kind.name
    ))
}

/// The problem with the section's rank, if any.
fn rank(
    context: &Context<'_>,
    section: &SectionInfo,
    kind: &SectionKind,
    parent: Option<&SectionInfo>,
    fragment: bool,
) -> Option<String> {
    let expected = match kind.rank {
        Rank::Fixed(rank) => usize::from(rank),
        // The top of a fragment has its parent in another file.
        Rank::Any | Rank::ParentPlusOne if parent.is_none() && fragment => return None,
        Rank::Any | Rank::ParentPlusOne => parent.map_or(0, |parent| parent.rank) + 1,
    };
    if section.rank == expected {
        return None;
    }
    let header = header_as_written(context, section);
    let brackets = |count| format!("{count} bracket{}", if count == 1 { "" } else { "s" });
    let correct = header_with(context, section, expected, section.name.as_deref());
    Some(match (kind.rank, parent) {
        (Rank::Fixed(_), _) => format!(
            "`{header}` has {}, but `{}` sections take {}: write `{correct}`",
            brackets(section.rank),
            kind.name,
            brackets(expected)
        ),
        (_, Some(parent)) => format!(
            "`{header}` has {} but its parent `{}` has {}, which skips a rank; write `{correct}`",
            brackets(section.rank),
            header_as_written(context, parent),
            brackets(parent.rank)
        ),
        (_, None) => format!(
            "`{header}` is at file level, which takes {}: write `{correct}`",
            brackets(expected)
        ),
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_sections_under_the_wrong_parent() {
        super::RULE.check_fixture(expect![[r#"
            [[node orphan]]
            ^^^^^^^^^^^^^^^ error[CC0005]: `[[node orphan]]` is at file level, but `node` sections belong inside a `cluster` section; move it under one
            [cluster c]
                [[[volume data]]]
               #^^^^^^^^^^^^^^^^^ error[CC0005]: `[[[volume data]]]` is inside `[cluster c]`, but `volume` sections belong inside a `node` or `nodearray` section; move it under one
                [[node n]]
                    [[cluster inner]]
                   #^^^^^^^^^^^^^^^^^ error[CC0005]: `[[cluster inner]]` is inside `[cluster c]`, but `cluster` sections belong at file level: write `[cluster inner]`
                    [[[nodearray x]]]
                   #^^^^^^^^^^^^^^^^^ error[CC0005]: `[[[nodearray x]]]` has 3 brackets, but `nodearray` sections take 2 brackets: write `[[nodearray x]]`
                [[environmentref shared]]
               #^^^^^^^^^^^^^^^^^^^^^^^^^ error[CC0005]: `[[environmentref shared]]` is inside `[cluster c]`, but `environmentref` sections belong at file level: write `[environmentref shared]`
            [parameters p]
                    [[[cluster-init a:b]]]
                   #^^^^^^^^^^^^^^^^^^^^^^ error[CC0005]: `[[[cluster-init a:b]]]` is inside `[parameters p]`, but `cluster-init` sections belong inside a `node` or `nodearray` section; move it under one
        "#]]);
    }

    #[test]
    fn parameter_rank_skips_are_warnings() {
        super::RULE.check_fixture(expect![[r#"
            [[[parameter orphan]]]
            ^^^^^^^^^^^^^^^^^^^^^^ warning[CC0005]: `[[[parameter orphan]]]` is at file level, which takes 1 bracket: write `[parameter orphan]`
            [cluster c]
            [parameters p]
                    [[[parameter x]]]
                   #^^^^^^^^^^^^^^^^^ warning[CC0005]: `[[[parameter x]]]` has 3 brackets but its parent `[parameters p]` has 1 bracket, which skips a rank; write `[[parameter x]]`
                        [[[[list Config.Entries]]]]
                [[parameters q]]
                            [[[[record DefaultValue]]]]
                           #^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0005]: `[[[[record DefaultValue]]]]` is inside `[[parameters q]]`, but `record` sections belong inside a `parameter` section; move it under one
        "#]]);
    }

    #[test]
    fn a_well_formed_template_is_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[parameter InCluster]]
                [[node defaults]]
                    [[[configuration]]]
                    [[[volume boot]]]
                [[nodearray execute]]
                    [[[cluster-init cyclecloud/slurm:execute]]]
                    [[[network-interface]]]
                    [[[input-endpoint ssh]]]
            [environment env]
            [environmentref shared]
            [noderef fs]
            [parameter Top]
            [parameters About]
                [[parameters Settings]]
                    [[[parameter Region]]]
                        [[[[list Config.Entries]]]]
                        [[[[record DefaultValue]]]]
                [[nodarray unknown-kind-is-cc0004]]
                    [[[volume under-unknown]]]
        "#]]);
    }

    #[test]
    fn a_fragment_is_judged_only_on_fixed_ranks() {
        super::RULE.check_fixture(expect![[r#"
            # A fragment of a template
                [[[node wrong]]]
               #^^^^^^^^^^^^^^^^ error[CC0005]: `[[[node wrong]]]` has 3 brackets, but `node` sections take 2 brackets: write `[[node wrong]]`
                    [[[parameter GPUImageName]]]
                    Label = GPU OS
                [[nodearray gpu]]
                    [[[configuration]]]
        "#]]);
    }
}
