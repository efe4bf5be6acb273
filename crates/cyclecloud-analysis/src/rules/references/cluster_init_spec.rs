//! CC0108: a `[[[cluster-init]]]` that names no spec, by its name or by `Project` and `Spec`.

use crate::rules::prelude::*;
use crate::vocabulary::is_placeholder;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0108",
    name: "cluster-init-spec",
    severity: Severity::Warning,
    spec: "R15",
    summary: "`[[[cluster-init]]]` names no `project:spec[:version]` and sets no `Project`/`Spec`",
    doc: "\
## What it finds
A `[[[cluster-init NAME]]]` whose name is not the short form `[locker/]project:spec[:version]`
(the version may be empty or a `$Param`) and whose section does not set both `Project` and
`Spec`. Names containing `{{…}}` placeholders of a text generator are left alone.

## Why it matters
CycleCloud reads the spec to run from the name, or from `Project`, `Spec` and `Version` when
the name is only a label. Without either, nothing says which scripts to run, so the section
does nothing or the node fails to converge.

## Example
```
[cluster demo]
    [[node scheduler]]
        [[[cluster-init slurm]]]
```

## Fix
Name the spec in full (`[[[cluster-init cyclecloud/slurm:scheduler:3.0.7]]]`), or set
`Project = slurm` and `Spec = scheduler` in the section.
",
    check,
    has_fix: false,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let sections = context.section_ids().map(|id| (id, &model.sections[id]));
    for (id, section) in sections.filter(|(_, section)| section.is("cluster-init")) {
        let name = section.name.as_deref().unwrap_or("").trim();
        let sets = |key: &str| model.attribute_in(id, key).is_some();
        if is_placeholder(name) || is_spec_name(name) || (sets("Project") && sets("Spec")) {
            continue;
        }
        let (range, message) = match &section.name_range() {
            Some(range) if !name.is_empty() => (
                range.clone(),
                format!(
                    "`{name}` is not a spec name (`[locker/]project:spec[:version]`) and the section sets no `Project` and `Spec`; name the spec in full"
                ),
            ),
            _ => (
                section.header_range.clone(),
                "This `cluster-init` names no spec and sets no `Project` and `Spec`; write `[[[cluster-init project:spec:version]]]`".to_owned(),
            ),
        };
        context.report(range, message);
    }
}

/// Whether a header name is `[locker/]project:spec[:version]`; the version may be empty.
fn is_spec_name(name: &str) -> bool {
    let word = |part: &str| !part.is_empty() && !part.contains(char::is_whitespace);
    let spec = match name.split_once('/') {
        Some((locker, _)) if locker.trim().is_empty() || locker.contains(':') => return false,
        Some((_, spec)) => spec,
        None => name,
    };
    let parts: Vec<&str> = spec.split(':').collect();
    match parts.as_slice() {
        [project, spec, version @ ..] if version.len() <= 1 => {
            word(project)
                && word(spec)
                && !project.contains('/')
                && version.iter().all(|v| !v.contains(char::is_whitespace))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_names_that_are_no_spec() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            [[[cluster-init cyclecloud]]]
                           #^^^^^^^^^^ warning[CC0108]: `cyclecloud` is not a spec name (`[locker/]project:spec[:version]`) and the section sets no `Project` and `Spec`; name the spec in full
            [[[cluster-init monitoring :default]]]
                           #^^^^^^^^^^^^^^^^^^^ warning[CC0108]: `monitoring :default` is not a spec name (`[locker/]project:spec[:version]`) and the section sets no `Project` and `Spec`; name the spec in full
            [[[cluster-init label]]]
                           #^^^^^ warning[CC0108]: `label` is not a spec name (`[locker/]project:spec[:version]`) and the section sets no `Project` and `Spec`; name the spec in full
            Project = slurm
        "#]]);
    }

    #[test]
    fn spec_names_and_labels_with_project_and_spec_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            [[[cluster-init cyclecloud/slurm:default:3.0.7]]]
            [[[cluster-init slurm:execute]]]
            [[[cluster-init pbspro:default:]]]
            [[[cluster-init lsf:execute:$LsfProjectVersion]]]
            [[[cluster-init cyclecloud/slurm:login:{{release}}]]]
            [[[cluster-init mine]]]
            Project = slurm
            Spec = login
        "#]]);
    }
}
