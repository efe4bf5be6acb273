//! CC0006: a template with no `[cluster]` section.

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0006",
    name: "missing-cluster",
    severity: Severity::Warning,
    spec: "R01",
    summary: "The file has no `[cluster]` section",
    doc: "\
## What it finds
A file without any `[cluster …]` section. The finding sits on the first line of the file.

Files whose headers all have two or more brackets (`[[nodearray gpu]]`, `[[[parameter X]]]`)
are not reported: they are fragments that a generator pastes into a full template (Bicep's
`loadTextContent`, Ansible's Jinja templates), and real projects keep such pieces in files of
their own.

## Why it matters
The cluster section is the only one a template must have: `cyclecloud import_template` has
nothing to import without it. The finding is a warning, not an error, because a file holding
only `[parameters]` blocks can be a piece included into another template rather than a template
of its own.

## Example
```
[parameters About]
    [[parameter Region]]
    ParameterType = Cloud.Region
```

## Fix
Add a cluster section (`[cluster my-cluster]` with its `[[node]]`/`[[nodearray]]` sections), or
ignore the finding for files that are only included into other templates.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    if model.sections.iter().any(|section| section.is("cluster")) || model.is_fragment() {
        return;
    }
    let first_line = context.text(0..context.line_end_after(0));
    let end = first_line.trim_end_matches(['\r', '\n']).len();
    context.report(
        0..end,
        "This file has no `[cluster …]` section, so there is nothing to import; add one such as \
         `[cluster my-cluster]`",
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_file_without_cluster_on_its_first_line() {
        super::RULE.check_fixture(expect![[r#"
            # Parameters only
            ^^^^^^^^^^^^^^^^^ warning[CC0006]: This file has no `[cluster …]` section, so there is nothing to import; add one such as `[cluster my-cluster]`
            [parameters About]
                [[parameter Region]]
        "#]]);
    }

    #[test]
    fn an_empty_file_is_reported_at_its_start() {
        // An empty file has no line to annotate.
        let diagnostics = diagnostics("CC0006", "");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].range, 0..0);
    }

    #[test]
    fn a_cluster_anywhere_or_a_fragment_is_fine() {
        super::RULE.check_fixture(expect![[r#"
            [parameters About]
            [cluster c]
        "#]]);
        super::RULE.check_fixture(expect![[r#"
            # A fragment of a template
                [[nodearray gpu]]
                    [[[parameter GPUImageName]]]
        "#]]);
    }
}
