//! CC0009: a header without a name where its kind needs one (`[[node]]`, `[cluster]`).

use crate::rules::prelude::*;

use super::util::{header_as_written, header_with};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0009",
    name: "missing-section-name",
    severity: Severity::Error,
    spec: "R03",
    summary: "A section header without the name its kind requires",
    doc: "\
## What it finds
A header with only a kind where that kind needs a name: `[cluster]`, `[[node]]`,
`[[nodearray]]`, `[[[volume]]]`, `[[[cluster-init]]]`, `[[[input-endpoint]]]`, `[environment]`,
`[noderef]`, `[[[parameter]]]`, `[[[[list]]]]`, `[[[[record]]]]`. Unnamed `[[[configuration]]]`,
`[[[network-interface]]]` and `[parameters]` sections are normal and not reported.

## Why it matters
The name is the object's identity: clusters are imported by name, nodes are started and
extended by name, a parameter is referenced as `$Name`, and a list or record block names the
attribute it fills. Without it CycleCloud cannot create the object.

## Example
```
[cluster demo]
    [[nodearray]]
    MachineType = Standard_F4s_v2
```

## Fix
Add the name after the kind: `[[nodearray execute]]`.
",
    check,
    has_fix: false,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for section in &context.model.sections {
        let Some(kind) = section.catalog.filter(|kind| kind.name_required) else {
            continue;
        };
        if section.name.as_deref().is_some_and(|name| !name.is_empty()) {
            continue;
        }
        let message = format!(
            "`{}` has no name, but every `{}` section needs one; write it after the kind: `{}`",
            header_as_written(context, section),
            kind.name,
            header_with(context, section, section.rank, Some("<name>"))
        );
        context.report(section.header_range.clone(), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_unnamed_sections_that_need_a_name() {
        super::RULE.check_fixture(expect![[r#"
            [cluster]
            ^^^^^^^^^ error[CC0009]: `[cluster]` has no name, but every `cluster` section needs one; write it after the kind: `[cluster <name>]`
                [[nodearray]]
               #^^^^^^^^^^^^^ error[CC0009]: `[[nodearray]]` has no name, but every `nodearray` section needs one; write it after the kind: `[[nodearray <name>]]`
                    [[[volume]]]
                   #^^^^^^^^^^^^ error[CC0009]: `[[[volume]]]` has no name, but every `volume` section needs one; write it after the kind: `[[[volume <name>]]]`
            [parameters]
                [[parameter ]]
               #^^^^^^^^^^^^^^ error[CC0009]: `[[parameter]]` has no name, but every `parameter` section needs one; write it after the kind: `[[parameter <name>]]`
        "#]]);
    }

    #[test]
    fn sections_whose_name_is_optional_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node n]]
                    [[[configuration]]]
                    [[[network-interface]]]
            [parameters]
        "#]]);
    }
}
