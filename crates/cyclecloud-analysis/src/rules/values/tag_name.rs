//! CC0306: a tag name (`tags.<name>`) with a character CycleCloud does not allow in tag names.

use super::util;
use crate::rules::prelude::*;
use crate::rules::starts_with_ignore_case;

/// Characters CycleCloud's tag documentation forbids in a tag name (`how-to/tag-nodes`).
const FORBIDDEN: &[char] = &['.', '"', ':', '='];

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0306",
    name: "tag-name",
    severity: Severity::Warning,
    spec: "R32",
    summary: "Tag name containing `.`, `\"`, `:` or `=`",
    doc: "\
## What it finds
A `tags.<name>` attribute (or `Tags.<name>` on an environment) whose tag name contains `.`,
`\"`, `:` or `=`.

## Why it matters
CycleCloud's tagging page (how-to/tag-nodes) does not allow these characters in the tag names
of a template. The restriction is CycleCloud's, not Azure's: Azure accepts most of them, but the
template's `tags.<name>` syntax cannot carry them, and a dot reads as a nested key, so
`tags.cost.center` does not create a tag called `cost.center`.

## Example
```
[cluster demo]
    [[node defaults]]
    tags.cost.center = hpc
```

## Fix
Rename the tag without those characters, e.g. `tags.CostCenter = hpc`.
",
    check,
    has_fix: false,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute) in util::known_lines(context) {
        if !attribute.is_pattern() || !starts_with_ignore_case(&attribute.name, "tags.") {
            continue;
        }
        let name = line.key.split_once('.').map_or("", |(_, name)| name);
        let Some(bad) = name.chars().find(|c| FORBIDDEN.contains(c)) else {
            continue;
        };
        let end = line.key_range().start + line.key.len();
        let message = format!("Tag name `{name}` contains `{bad}`, which CycleCloud does not allow in tag names; rename the tag.");
        context.report(end - name.len()..end, message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_forbidden_characters() {
        super::RULE.check_fixture(expect![[r#"
            [environment e]
            Tags.a:b = x
                #^^^ warning[CC0306]: Tag name `a:b` contains `:`, which CycleCloud does not allow in tag names; rename the tag.
            [cluster c]
                [[node defaults]]
                tags.cost.center = hpc
                    #^^^^^^^^^^^ warning[CC0306]: Tag name `cost.center` contains `.`, which CycleCloud does not allow in tag names; rename the tag.
        "#]]);
    }

    #[test]
    fn accepts_plain_tag_names_and_configuration_keys() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                tags.CostCenter = hpc
                Tags.Owner-Team_1 = me
                    [[[configuration]]]
                    tags.a.b = c
        "#]]);
    }
}
