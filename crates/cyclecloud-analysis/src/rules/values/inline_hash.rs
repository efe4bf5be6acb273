//! CC0310: prose with ` #` in an unquoted text value, where the rest becomes a comment.

use cyclecloud_catalog::ValueType;
use cyclecloud_syntax::ast::AssignOp;
use cyclecloud_syntax::kinds;

use super::util;
use crate::model::ValueShape;
use crate::rules::prelude::*;
use crate::vocabulary::is_placeholder;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0310",
    name: "inline-hash",
    severity: Severity::Hint,
    spec: "R52",
    summary: "` #` inside unquoted text starts a comment",
    doc: "\
## What it finds
An unquoted text value of a text attribute (`Description`, `Label`, …) followed, after a single
blank, by a `#` comment: the shape of a sentence such as `Description = The max # of VMs`.
Comments set off by more blanks, and values that are quoted, references or numbers, are left
alone.

## Why it matters
Outside quotes, a blank followed by `#` starts a comment, so the value ends before the `#`:
the UI shows `The max` instead of the whole sentence.

## Example
```
[parameter MaxNodes]
Description = The max # of VMs in a single job
```

## Fix
Quote the value if the `#` is part of the text: `Description = \"The max # of VMs in a single job\"`.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute) in util::known_lines(context) {
        if line.shape != ValueShape::Literal
            || line.op != AssignOp::Loose
            || !matches!(line.value_kind(), kinds::TEXT | kinds::CONCATENATION)
            || is_placeholder(&line.value)
            || attribute.value_type != ValueType::String
        {
            continue;
        }
        let value = line.value_range();
        let Some(comment) = line.comment_range().filter(|comment| {
            comment.start == value.end + 1
                && matches!(context.text(value.end..comment.start).as_ref(), " " | "\t")
        }) else {
            continue;
        };
        let comment_text = context.text(comment.clone());
        let comment_text = comment_text.trim_end();
        let message = format!(
            "Text after ` #` is a comment, so `{}` is only `{}`; quote the value if `#` is part of it.",
            line.key, line.value
        );
        let quoted = util::quote(&format!("{} {comment_text}", line.value));
        let range = value.start..comment.start + comment_text.len();
        let fix =
            quoted.map(|quoted| Fix::edit("Quote the value with the `#` text", range, quoted));
        context.report_with_fix(comment.start..comment.start + 1, message, fix);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_hash_inside_prose() {
        super::RULE.check_fixture(expect![[r#"
            [parameter MaxNodes]
            Description = The max # of VMs in a single job
                                 #^ hint[CC0310]: Text after ` #` is a comment, so `Description` is only `The max`; quote the value if `#` is part of it.
            Label = Compile	# of Cores
                           #^ hint[CC0310]: Text after ` #` is a comment, so `Label` is only `Compile`; quote the value if `#` is part of it.
        "#]]);
    }

    #[test]
    fn accepts_separated_comments_quotes_references_and_other_types() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node n]]
                Azure.SinglePlacementGroup = True # not needed after 7.5.1
                SubnetId = $Subnet # from the form
                ImageName = cycle.image.ubuntu22   # default image
                    [[[configuration]]]
                    lsf.top = /grid/lsf # install path
            [parameter P]
            Description = "The max # of VMs"
            Label = Cores#1
        "#]]);
    }

    #[test]
    fn fix_quotes_value_and_comment() {
        expect![[r#"
            Quote the value with the `#` text
            [parameter P]
            Description = "The max # of VMs"
        "#]]
        .assert_eq(&super::RULE.fix("[parameter P]\nDescription = The max # of VMs\n", 0));
    }
}
