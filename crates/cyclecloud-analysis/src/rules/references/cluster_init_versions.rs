//! CC0112: one cluster-init project at two versions in one cluster.

use std::sync::Arc;

use crate::model::SectionId;
use crate::navigation::spec_of;
use crate::rules::nodes::util::{most_used, own_sections, Anchor};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0112",
    name: "cluster-init-project-versions",
    severity: Severity::Warning,
    spec: "§3.5",
    summary: "One cluster-init project named at two versions in one cluster",
    doc: "\
## What it finds
Two `[[[cluster-init]]]` sections of one cluster that name the same project at different
versions: `cyclecloud/slurm:scheduler:3.0.5` on the scheduler beside
`cyclecloud/slurm:execute:3.0.6` on the node array, by the header short-hand or by the
`Project`, `Spec` and `Version` attributes. The version most of the cluster uses is taken as
meant; the others are reported, pointing at it. Versions given by a `$Param` or a `{{…}}`
placeholder, and specs without a version, are unknown here and not compared.

## Why it matters
A project carries one version for all its specs (its `project.ini`, CycleCloud docs,
*Projects*), so the specs of one release are made to work together: a scheduler set up by one
release and execute nodes by another can disagree on files, settings or protocol, and nodes
fail to join. Usually a version was bumped in one place and missed in
another.

## Example
```
[cluster demo]
[[node scheduler]]
    [[[cluster-init cyclecloud/slurm:scheduler:3.0.5]]]
[[nodearray execute]]
    [[[cluster-init cyclecloud/slurm:execute:3.0.6]]]
```

## Fix
Use one version of the project everywhere in the cluster, ideally from one parameter
(`cyclecloud/slurm:execute:$SlurmProjectVersion`).
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

/// A spec with a known version, judged with the node it belongs to: its project in lower case
/// and the version (no position: the section is the judgement's anchor).
struct Versioned {
    project: String,
    version: String,
}

/// A judged spec section where it is used, ordered by cluster and project, then as written.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Used<'a> {
    cluster: SectionId,
    project: &'a str,
    section: SectionId,
    version: &'a str,
}

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Each node's own cluster-init sections with a written-out version, judged per node and
    // kept while the node's inputs are unchanged (a keystroke re-reads one node's specs).
    let judged = context.judge_nodes(|node| {
        if model.nodes[node].cluster.is_none() {
            return Vec::new();
        }
        own_sections(model, node)
            .into_iter()
            .filter(|&section| model.sections[section].is("cluster-init"))
            .filter_map(|section| {
                let spec = spec_of(model, section)?;
                // Only a version written out: no `$Param`, `${…}` or `{{…}}` placeholder.
                let version = spec
                    .version
                    .filter(|version| !version.is_empty() && !version.contains(['$', '{', '}']))?;
                let project = spec.project.to_ascii_lowercase();
                Some((
                    Anchor::Section(section),
                    Arc::new(Versioned { project, version }),
                ))
            })
            .collect()
    });
    // By cluster and lower-case project, each project's specs in document order, as the sections
    // are written (a node's sections follow its header, but a node may sit inside another).
    let mut specs: Vec<Used<'_>> = judged
        .iter()
        .filter_map(|(node, anchor, versioned)| {
            Some(Used {
                cluster: model.nodes[*node].cluster?,
                project: &versioned.project,
                section: anchor.section(model)?,
                version: &versioned.version,
            })
        })
        .collect();
    specs.sort_unstable();
    for specs in specs.chunk_by(|a, b| (a.cluster, a.project) == (b.cluster, b.project)) {
        let Some(meant) = most_used(specs, |used| used.version) else {
            continue;
        };
        let reference_version = specs[meant].version;
        let Some(reference) = spec_of(model, specs[meant].section) else {
            continue;
        };
        for used in specs {
            if used.version == reference_version {
                continue;
            }
            let Some(other) = spec_of(model, used.section) else {
                continue;
            };
            let message = format!(
                "Project `{}` is used at version {} here but at {reference_version} elsewhere in the cluster; use one version",
                other.project,
                used.version
            );
            let diagnostic = context.diagnostic(other.range.clone(), message);
            let related = format!("`{}` at version {reference_version}", reference.project);
            context.push(diagnostic.with_related(reference.range.clone(), related));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_the_odd_version_of_a_project() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node scheduler]]
                    [[[cluster-init cyclecloud/slurm:scheduler:3.0.5]]]
                [[nodearray hpc]]
                    [[[cluster-init cyclecloud/slurm:execute:3.0.5]]]
                [[nodearray htc]]
                    [[[cluster-init slurm:execute:3.0.6]]]
                                   #^^^^^^^^^^^^^^^^^^^ warning[CC0112]: Project `slurm` is used at version 3.0.6 here but at 3.0.5 elsewhere in the cluster; use one version
                    [[[cluster-init slurm:login]]]
                                   #^^^^^^^^^^^ warning[CC0112]: Project `slurm` is used at version 3.0.6 here but at 3.0.5 elsewhere in the cluster; use one version
                    Version = 3.0.6
                    [[[cluster-init mine]]]
                    Project = slurm
                    Spec = execute
                          #^^^^^^^ warning[CC0112]: Project `slurm` is used at version 3.0.4 here but at 3.0.5 elsewhere in the cluster; use one version
                    Version = 3.0.4
        "#]]);
    }

    #[test]
    fn points_at_the_version_most_of_the_cluster_uses() {
        let diagnostics = diagnostics(
            "CC0112",
            "[cluster c]\n[[node a]]\n[[[cluster-init slurm:a:1.0]]]\n[[node b]]\n[[[cluster-init slurm:b:2.0]]]\n[[node d]]\n[[[cluster-init slurm:d:2.0]]]\n",
        );
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0]
            .message
            .contains("version 1.0 here but at 2.0"));
        assert_eq!(diagnostics[0].related[0].message, "`slurm` at version 2.0");
    }

    #[test]
    fn other_clusters_projects_unknown_and_missing_versions_stay_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster one]
                [[node scheduler]]
                    [[[cluster-init cyclecloud/slurm:scheduler:3.0.5]]]
                    [[[cluster-init cyclecloud/pbspro:default:2.0.0]]]
                [[nodearray execute]]
                    [[[cluster-init cyclecloud/slurm:execute:$SlurmVersion]]]
                    [[[cluster-init cyclecloud/slurm:execute]]]
                    [[[cluster-init cyclecloud/slurm:login:]]]
                    [[[cluster-init cyclecloud/slurm:login:{{ version }}]]]
            [cluster two]
                [[node scheduler]]
                    [[[cluster-init cyclecloud/slurm:scheduler:3.0.6]]]
        "#]]);
    }
}
