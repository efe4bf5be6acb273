//! CC0004: a section header whose kind keyword is not one CycleCloud knows (`[[nodarray x]]`).

use crate::rules::prelude::*;

use super::util::{closest, one_of};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0004",
    name: "unknown-section-kind",
    severity: Severity::Error,
    spec: "R02",
    summary: "A section header whose kind is not a known section kind",
    doc: "\
## What it finds
A header whose first word is not one of the section kinds of the template format (`cluster`,
`node`, `nodearray`, `volume`, `network-interface`, `cluster-init`, `input-endpoint`,
`configuration`, `environment`, `environmentref`, `noderef`, `parameters`, `parameter`, `list`,
`record`; cluster-template reference and how-to/environments for `environmentref`). Kinds
compare without regard to case.

## Why it matters
CycleCloud rejects a template with an unknown section kind at import; and if it did not, every
attribute and child section under the header would be lost.

## Example
```
[cluster demo]
    [[nodarray execute]]
```

## Fix
Correct the kind (`[[nodearray execute]]`). When the kind is a likely typo of a known one, the
quick fix replaces it.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for section in &context.model.sections {
        if section.kind.is_empty() {
            // A header still being typed (`[[`): nothing to suggest yet but the shape.
            context.report(
                section.header_range.clone(),
                "This header has no section kind; write one such as `[[nodearray name]]`",
            );
            continue;
        }
        if section.catalog.is_some() {
            continue;
        }
        let range = section.kind_range();
        let written = context.text(range.clone());
        let kinds = context.catalog.sections().iter().map(|kind| &kind.name);
        let suggestion = closest(&written, kinds.clone().map(String::as_str));
        let advice = did_you_mean(suggestion, &format!("use one of {}", one_of(kinds)));
        let message = format!("Unknown section kind `{written}`; {advice}");
        let fix =
            suggestion.map(|kind| Fix::edit(format!("Change to `{kind}`"), range.clone(), kind));
        context.report_with_fix(range, message, fix);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn a_header_without_a_kind_is_reported() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[
               #^^ error[CC0004]: This header has no section kind; write one such as `[[nodearray name]]`
                Size = 1
        "#]]);
    }

    #[test]
    fn reports_unknown_kinds_with_a_suggestion_when_close() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[NodArray execute]]
                 #^^^^^^^^ error[CC0004]: Unknown section kind `NodArray`; did you mean `nodearray`?
                [[server s]]
                 #^^^^^^ error[CC0004]: Unknown section kind `server`; use one of `cluster`, `node`, `nodearray`, `volume`, `network-interface`, `cluster-init`, `input-endpoint`, `configuration`, `environment`, `noderef`, `environmentref`, `parameters`, `parameter`, `list` or `record`
        "#]]);
    }

    #[test]
    fn known_kinds_in_any_case_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [Cluster c]
                [[NODE n]]
                    [[[Network-Interface eth0]]]
            [parameters p]
                [[parameter x]]
            [environmentref shared]
            SourceClusterName = long-running
        "#]]);
    }

    #[test]
    fn fix_replaces_the_kind() {
        expect![[r#"
            Change to `cluster-init`
            [cluster c]
            [[node n]]
            [[[cluster-init x]]]
        "#]]
        .assert_eq(&super::RULE.fix("[cluster c]\n[[node n]]\n[[[clusterinit x]]]\n", 0));
    }
}
