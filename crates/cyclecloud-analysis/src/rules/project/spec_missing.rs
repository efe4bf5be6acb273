//! CC0805: a cluster-init reference to the template's own project naming a spec it lacks.

use super::own_specs;
use crate::project::ProjectFacts;
use crate::rules::nodes::util::quoted;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0805",
    name: "project-spec-missing",
    severity: Severity::Warning,
    spec: "§3.5",
    summary: "Cluster-init names a spec the template's own project does not have",
    doc: "\
## What it finds
In a template inside a CycleCloud project (a `project.ini` in its folder or above), a
`[[[cluster-init NAME:SPEC:VERSION]]]` (or `Project`/`Spec` lines) naming this project by its
`[project] name` and a spec that is neither a `specs/SPEC/` folder nor a `[spec SPEC]` section
of `project.ini`. The closest spec name is suggested. References to other projects, and
templates outside a project, are not checked.

## Why it matters
A node runs the scripts of `specs/SPEC/cluster-init/` from the uploaded project. A spec that
does not exist fails only at cluster start, on the VM, as a software installation failure.

## Example
```
# project.ini: name = myproj, version = 1.0.0; specs/: scheduler, execute
[cluster demo]
    [[node scheduler]]
        [[[cluster-init myproj:sheduler:1.0.0]]]
```

## Fix
Name an existing spec (`myproj:scheduler:1.0.0`), or create the spec folder.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let Some(project) = context.settings.project.clone() else {
        return;
    };
    for own in own_specs(context.model, &project) {
        if project.spec(&own.spec.spec).is_some() {
            continue;
        }
        let mut message = format!("Project `{}` has no spec `{}`", project.name, own.spec.spec);
        let mut diagnostic = context.diagnostic(own.spec_range.clone(), String::new());
        match closest_spec(&project, &own.spec.spec) {
            Some(known) => {
                message.push_str(&format!("; did you mean `{known}`?"));
                diagnostic
                    .fixes
                    .push(Fix::replace(own.spec_range.clone(), known));
            }
            None => message.push_str(&format!(" (it has {})", listing(&project))),
        }
        diagnostic.message = message;
        context.push(diagnostic);
    }
}

fn closest_spec<'a>(project: &'a ProjectFacts, name: &str) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    project
        .specs
        .iter()
        .filter_map(|spec| {
            cyclecloud_catalog::suggestion_score(&lower, &spec.name.to_ascii_lowercase())
                .map(|score| (score, spec.name.as_str()))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// The project's spec names for a message (`none` when it has none).
fn listing(project: &ProjectFacts) -> String {
    if project.specs.is_empty() {
        return "none".to_owned();
    }
    quoted(project.specs.iter().map(|spec| &spec.name)).join(", ")
}

#[cfg(test)]
mod tests {
    use crate::rules::project::tests::in_project;
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_specs_the_project_lacks() {
        super::RULE.check_fixture_with(
            &in_project(),
            expect![[r#"
                [cluster c]
                    [[node scheduler]]
                        [[[cluster-init myproj:sheduler:1.0.0]]]
                                              #^^^^^^^^ warning[CC0805]: Project `myproj` has no spec `sheduler`; did you mean `scheduler`?
                        [[[cluster-init cyclecloud/MyProj:zzz]]]
                                                         #^^^ warning[CC0805]: Project `myproj` has no spec `zzz` (it has `default`, `execute`, `scheduler`)
                        [[[cluster-init label]]]
                        Project = myproj
                        Spec = exeute
                              #^^^^^^ warning[CC0805]: Project `myproj` has no spec `exeute`; did you mean `execute`?
                        [[[cluster-init myproj:execute:1.0.0]]]
                        [[[cluster-init myproj:DEFAULT]]]
                        [[[cluster-init slurm:nothere:3.0.5]]]
                        [[[cluster-init myproj:$Spec:1.0.0]]]
            "#]],
        );
    }

    #[test]
    fn quiet_outside_a_project_and_fixes_the_name() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node a]]
                    [[[cluster-init myproj:sheduler:1.0.0]]]
        "#]]);
        let fixed = super::RULE.fix_with(
            &in_project(),
            "[cluster c]\n[[node a]]\n[[[cluster-init myproj: sheduler :1.0.0]]]\n",
            0,
        );
        assert_eq!(fixed, "Replace with `scheduler`\n[cluster c]\n[[node a]]\n[[[cluster-init myproj: scheduler :1.0.0]]]\n");
    }
}
