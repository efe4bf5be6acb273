//! CC0003: a section header whose closing brackets are missing or do not match its opening ones.

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0003",
    name: "header-brackets",
    severity: Severity::Error,
    spec: "R02",
    summary: "A section header with missing or unbalanced closing brackets",
    doc: "\
## What it finds
A header such as `[[nodearray execute]]]` whose closing brackets do not match the opening ones,
or `[[nodearray execute` with no closing brackets at all.

## Why it matters
The number of brackets is the section's rank, which decides what the section belongs to.
CycleCloud expects the same count on both sides; an unbalanced header is rejected or read with a
nesting the author did not intend. This checker takes the rank from the opening brackets.

## Example
```
[cluster demo]
    [[nodearray execute]]]
```

## Fix
Write as many closing brackets as opening ones: `[[nodearray execute]]`. The quick fix does
that, keeping the opening brackets (and so the nesting this checker already shows).
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for section in &context.model.sections {
        let rank = section.rank;
        if rank == 0 || section.kind.is_empty() || section.closing_rank == Some(rank) {
            continue;
        }
        let closing = "]".repeat(rank);
        let (range, message, edit_range) = match section.close_range() {
            Some(close) => {
                let (plural, count) = (if rank == 1 { "" } else { "s" }, close.len());
                let message = format!(
                    "This header opens with {rank} bracket{plural} but closes with {count}; close \
                     it with `{closing}`"
                );
                (close.clone(), message, close)
            }
            None => {
                let end = section.name_range().unwrap_or(section.kind_range()).end;
                let message = format!("This header has no closing brackets; add `{closing}`");
                (section.header_range.start..end, message, end..end)
            }
        };
        let title = format!("Close the header with `{closing}`");
        let mut fix = Fix::edit(title, edit_range, closing);
        fix.safe = true;
        context.report_with_fix(range, message, Some(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_unbalanced_and_unclosed_headers() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray y]]]
                            #^^^ error[CC0003]: This header opens with 2 brackets but closes with 3; close it with `]]`
                [[nodearray x
               #^^^^^^^^^^^^^ error[CC0003]: This header has no closing brackets; add `]]`
                    [[[volume v]] # a comment
                              #^^ error[CC0003]: This header opens with 3 brackets but closes with 2; close it with `]]]`
        "#]]);
    }

    #[test]
    fn balanced_headers_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[ nodearray y ]]   # comment
                    [[[configuration]]]
        "#]]);
    }

    #[test]
    fn fix_rewrites_or_adds_the_closing_brackets() {
        expect![[r#"
            Close the header with `]]`
            [cluster c]
            [[nodearray y]]
            a = 1
        "#]]
        .assert_eq(&super::RULE.fix("[cluster c]\n[[nodearray y]]]\na = 1\n", 0));
        expect![[r#"
            Close the header with `]]`
            [cluster c]
            [[configuration]]
            a = 1
        "#]]
        .assert_eq(&super::RULE.fix("[cluster c]\n[[configuration\na = 1\n", 0));
    }
}
