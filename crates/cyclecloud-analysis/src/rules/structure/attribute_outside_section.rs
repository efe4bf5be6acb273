//! CC0007: an attribute line before the first section header, owned by nothing.

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0007",
    name: "attribute-outside-section",
    severity: Severity::Error,
    spec: "R05",
    summary: "An attribute line before the first section header",
    doc: "\
## What it finds
A `key = value` line above the first `[…]` header of the file.

## Why it matters
An attribute belongs to the section whose header comes before it. A line above every header
belongs to no object, so CycleCloud has nowhere to put it: the setting is lost or the import
fails.

## Example
```
Autoscale = true
[cluster demo]
```

## Fix
Move the line below the header of the section it is meant for (here, under `[cluster demo]`).
",
    check,
    has_fix: false,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for attr in &context.model.attributes {
        if attr.section.is_some() {
            continue;
        }
        let message = format!(
            "`{}` comes before any section header, so it belongs to nothing; move it under \
             the header of the section it is meant for",
            attr.key
        );
        context.report(attr.key_range(), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_lines_before_the_first_header() {
        super::RULE.check_fixture(expect![[r#"
            # comment
            Autoscale = true
            ^^^^^^^^^ error[CC0007]: `Autoscale` comes before any section header, so it belongs to nothing; move it under the header of the section it is meant for
            [cluster c]
            MaxCount = 2
        "#]]);
    }

    #[test]
    fn lines_under_a_header_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            # c

            [cluster c]
            Autoscale = true
        "#]]);
    }
}
