//! CC0012: two sections of the same kind and name under the same parent.

use crate::rules::prelude::*;
use crate::vocabulary::is_placeholder;

use super::util::{header_as_written, repeat_of};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0012",
    name: "duplicate-section",
    severity: Severity::Warning,
    spec: "R07",
    summary: "Two sections of the same kind and name under the same parent",
    doc: "\
## What it finds
A section with the same kind and name (without regard to case) as an earlier section under the
same parent: two `[[nodearray execute]]` in one cluster, two `[[[volume data]]]` on one node,
two `[[parameters Networking]]` groups in one `[parameters …]` section. The later header is
reported, with a pointer to the first.

Not reported: kinds whose sections are meant to repeat (several `[[[configuration]]]` sections
of a node are merged, each `[[[[list]]]]` block adds one item), `cluster-init` sections (a spec
label may be listed again with other attributes), unnamed sections, Jinja placeholders in names,
and sections separated by a Jinja statement in a generated template. Duplicate clusters are
reported by CC0013, and parameters declared twice by CC0109 (anywhere in the file, not only
under one parent).

## Why it matters
CycleCloud does not document what happens to the second definition: it may replace the first or
be merged into it. Either way one of them does not mean what it says; often it is a copy that
was meant to get a new name.

## Example
```
[cluster demo]
    [[nodearray execute]]
    MachineType = Standard_F4s_v2
    [[nodearray execute]]
    MachineType = Standard_HB120rs_v3
```

## Fix
Rename one of the sections (`[[nodearray hpc]]`) or merge their contents into one.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for &(id, first) in model.namesakes() {
        let section = &model.sections[id];
        // Clusters are CC0013's and parameters CC0109's; cluster-init labels may legitimately
        // repeat.
        let checked = section.catalog.is_some_and(|kind| {
            !(kind.repeatable
                || section.is("cluster")
                || section.is("parameter")
                || section.is("cluster-init"))
        });
        if !checked || section.name.as_deref().is_some_and(is_placeholder) {
            continue;
        }
        let first = &model.sections[first];
        let Some(line) = repeat_of(context, first.range.start, section.range.start) else {
            continue;
        };
        let place = match section.parent {
            Some(parent) => format!(
                "in `{}`",
                header_as_written(context, &model.sections[parent])
            ),
            None => "in this file".to_owned(),
        };
        let message = format!(
            "`{}` is defined a second time {place} (first on line {line}); rename one or merge \
             the two",
            header_as_written(context, section)
        );
        let diagnostic = context.diagnostic(section.header_range.clone(), message);
        context.push(diagnostic.with_related(first.header_range.clone(), "first defined here"));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_repeated_sections_under_one_parent() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray execute]]
                    [[[volume data]]]
                    [[[volume DATA]]]
                   #^^^^^^^^^^^^^^^^^ warning[CC0012]: `[[[volume DATA]]]` is defined a second time in `[[nodearray execute]]` (first on line 3); rename one or merge the two
                [[NodeArray Execute]]
               #^^^^^^^^^^^^^^^^^^^^^ warning[CC0012]: `[[NodeArray Execute]]` is defined a second time in `[cluster c]` (first on line 2); rename one or merge the two
            [parameters p]
                [[parameters Networking]]
                [[parameters networking]]
               #^^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0012]: `[[parameters networking]]` is defined a second time in `[parameters p]` (first on line 7); rename one or merge the two
                    [[[parameter Region]]]
                    [[[parameter region]]]
        "#]]);
    }

    #[test]
    fn repeatable_unnamed_and_differently_placed_sections_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node a]]
                    [[[configuration]]]
                    [[[configuration cyclecloud]]]
                    [[[configuration cyclecloud]]]
                    [[[network-interface]]]
                    [[[network-interface]]]
                    [[[cluster-init proj:default]]]
                    [[[cluster-init proj:default]]]
                    [[[volume data]]]
                [[node b]]
                    [[[volume data]]]
                {% for q in queues %}
                [[nodearray {{ q.name }}]]
                [[nodearray {{ q.name }}]]
                {% endfor %}
                {% if x %}
                [[nodearray same]]
                {% else %}
                [[nodearray same]]
                {% endif %}
            [parameters p]
                [[parameter Entries]]
                    [[[list Config.Entries]]]
                    [[[list Config.Entries]]]
            [parameters q]
                [[parameter Other]]
        "#]]);
    }
}
