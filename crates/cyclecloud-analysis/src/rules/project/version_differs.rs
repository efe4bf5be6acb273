//! CC0806: a cluster-init reference to the template's own project at another version than
//! `project.ini`'s.

use super::own_specs;
use std::ops::Range;

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0806",
    name: "project-version-differs",
    severity: Severity::Warning,
    spec: "§3.5",
    summary: "Cluster-init names the template's own project at another version than `project.ini`",
    doc: "\
## What it finds
In a template inside a CycleCloud project, a `[[[cluster-init NAME:SPEC:VERSION]]]` (or a
`Version` line) naming this project by its `[project] name` at a version other than
`project.ini`'s `[project] version`. Versions given by a `$Param` or `{{…}}`, references
without a version and references to other projects are not compared.

## Why it matters
`cyclecloud project upload` stores the project under the version in `project.ini`; a node
asking for another version finds no project there (\"No project at specified path\") or runs
an old release's scripts. The upgrade guide bumps these versions by hand, and one is easily
missed.

## Example
```
# project.ini: name = myproj, version = 1.1.0; specs/: scheduler
[cluster demo]
    [[node scheduler]]
        [[[cluster-init myproj:scheduler:1.0.0]]]
```

## Fix
Write the project's version (`myproj:scheduler:1.1.0`); a quick fix does it for this
reference, another for every reference to the project in the template.
",
    check,
    has_fix: true,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let Some(project) = context.settings.project.clone() else {
        return;
    };
    let Some(current) = project.version.as_deref() else {
        return;
    };
    let stale: Vec<(Range<usize>, String)> = own_specs(context.model, &project)
        .into_iter()
        .filter_map(|own| {
            let version = own.spec.version?;
            let range = own.version_range?;
            (!version.contains(['$', '{', '}']) && version != current).then_some((range, version))
        })
        .collect();
    // One edit per place a stale version is written (a `Version` line can serve two headers).
    let mut every: Vec<Edit> = Vec::new();
    for (range, _) in &stale {
        if !every.iter().any(|edit| edit.range == *range) {
            every.push(Edit {
                range: range.clone(),
                new_text: current.to_owned(),
            });
        }
    }
    for (range, version) in &stale {
        let mut diagnostic = context.diagnostic(
            range.clone(),
            format!(
                "Project `{}` is at version {current} in `project.ini`, not {version}",
                project.name
            ),
        );
        diagnostic.fixes.push(Fix::replace(range.clone(), current));
        if every.len() > 1 {
            diagnostic.fixes.push(Fix {
                title: format!(
                    "Update every reference to project `{}` to {current}",
                    project.name
                ),
                edits: every.clone(),
                safe: false,
            });
        }
        context.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::project::tests::in_project;
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_versions_other_than_project_ini() {
        super::RULE.check_fixture_with(
            &in_project(),
            expect![[r#"
                [cluster c]
                    [[node scheduler]]
                        [[[cluster-init myproj:scheduler:1.0.0]]]
                                                        #^^^^^ warning[CC0806]: Project `myproj` is at version 1.1.0 in `project.ini`, not 1.0.0
                        [[[cluster-init cyclecloud/myproj:execute:1.1.0]]]
                        [[[cluster-init label]]]
                        Project = MYPROJ
                        Spec = execute
                        Version = 0.9
                                 #^^^ warning[CC0806]: Project `myproj` is at version 1.1.0 in `project.ini`, not 0.9
                        [[[cluster-init myproj:default]]]
                        Version = 2.0.0
                                 #^^^^^ warning[CC0806]: Project `myproj` is at version 1.1.0 in `project.ini`, not 2.0.0
                        [[[cluster-init myproj:default:$Version]]]
                        [[[cluster-init myproj:default:{{ v }}]]]
                        [[[cluster-init myproj:default]]]
                        [[[cluster-init slurm:default:3.0.5]]]
            "#]],
        );
    }

    #[test]
    fn quiet_outside_a_project_and_fixes_the_version() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node a]]
                    [[[cluster-init myproj:scheduler:1.0.0]]]
        "#]]);
        let fixed = super::RULE.fix_with(
            &in_project(),
            "[cluster c]\n[[node a]]\n[[[cluster-init myproj:scheduler:1.0.0]]]\n",
            0,
        );
        assert_eq!(fixed, "Replace with `1.1.0`\n[cluster c]\n[[node a]]\n[[[cluster-init myproj:scheduler:1.1.0]]]\n");
    }

    #[test]
    fn one_fix_updates_every_stale_reference() {
        let text = "[cluster c]\n[[node a]]\n[[[cluster-init myproj:a:1.0.0]]]\n[[[cluster-init myproj:b:0.9]]]\n[[[cluster-init myproj:c:1.1.0]]]\n";
        assert_eq!(
            super::RULE.fix_with(&in_project(), text, 1),
            "Update every reference to project `myproj` to 1.1.0\n[cluster c]\n[[node a]]\n[[[cluster-init myproj:a:1.1.0]]]\n[[[cluster-init myproj:b:1.1.0]]]\n[[[cluster-init myproj:c:1.1.0]]]\n"
        );
    }
}
