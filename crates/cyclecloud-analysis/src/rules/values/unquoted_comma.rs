//! CC0309: an unquoted comma turns a number or a name of a scalar attribute into a list.

use cyclecloud_catalog::ValueType;
use cyclecloud_syntax::ast::AssignOp;

use super::util;
use crate::model::ValueShape;
use crate::rules::prelude::*;
use crate::vocabulary::is_placeholder;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0309",
    name: "unquoted-comma",
    severity: Severity::Hint,
    spec: "R51",
    summary: "Unquoted comma makes a number or a name a list",
    doc: "\
## What it finds
A value with an unquoted comma on an attribute that holds one number or one name: a number with
a thousands separator (`Config.MaxValue = 32,000`), or comma-separated words on a single-valued
text attribute (`Credentials = azure,backup`).

Free text shown to people is left alone: `Description`, `Label`, `Widget.Label`,
`Config.Template`, `Category` and the other attributes the catalog marks as prose. CycleCloud
shows such a value with its commas as written, and Microsoft's own templates rely on it. Values
whose parts contain blanks (sentences, queries) are not judged either, nor attributes that take
a list (`MachineType`, `Zone`, mount `options`) or that the catalog does not know.

## Why it matters
After `=`, commas split the value into a list (cluster-template reference, special parsing):
`32,000` becomes the two numbers `32` and `0`, and `azure,backup` two names where the attribute
takes one. The attribute does not hold the single value that was written.

## Example
```
[parameter MaxCores]
Config.MaxValue = 32,000

[cluster demo]
    [[node defaults]]
    Credentials = azure,backup
```

## Fix
Drop the thousands separator (`32000`); for a name, keep the one that is meant, or quote the
value if the comma belongs to it.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute) in util::known_lines(context) {
        if line.shape != ValueShape::List
            || line.op != AssignOp::Loose
            || is_placeholder(&line.value)
            || attribute.prose
        {
            continue;
        }
        let (value, range) = (line.value.as_str(), line.value_range());
        match attribute.value_type {
            ValueType::Integer | ValueType::Float => {
                let joined = thousands(value);
                let advice = joined.as_ref().map(|joined| format!("; write `{joined}`"));
                let (key, advice) = (&line.key, advice.unwrap_or_default());
                let message = format!(
                    "The commas make `{value}` a list, but `{key}` takes one number{advice}."
                );
                let fix = joined.map(|joined| Fix::replace(range.clone(), joined));
                context.report_with_fix(range, message, fix);
            }
            ValueType::String if is_name_list(value) => {
                let message = format!(
                    "The commas make `{value}` a list, but `{}` takes one value; keep one, or quote the value if the comma belongs to it.",
                    line.key
                );
                let fix = util::quote(value)
                    .map(|quoted| Fix::edit("Quote the value", range.clone(), quoted));
                context.report_with_fix(range, message, fix);
            }
            _ => {}
        }
    }
}

/// `32000` for a number written with thousands separators (`32,000`, `-1,000,000`).
fn thousands(text: &str) -> Option<String> {
    let (first, rest) = text.strip_prefix('-').unwrap_or(text).split_once(',')?;
    let grouped = first.len() <= 3
        && util::is_digits(first)
        && rest
            .split(',')
            .all(|group| group.len() == 3 && util::is_digits(group));
    grouped.then(|| text.replace(',', ""))
}

/// Whether a comma list reads as names: every element one unquoted word (`azure,backup`), not a
/// sentence or a query, whose parts hold blanks.
fn is_name_list(text: &str) -> bool {
    text.split(',').map(str::trim).all(|element| {
        !element.is_empty()
            && !element.starts_with(['"', '\''])
            && !element.contains(char::is_whitespace)
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_numbers_and_names() {
        super::RULE.check_fixture(expect![[r#"
            [parameter MaxCores]
            Config.MaxValue = 32,000
                             #^^^^^^ hint[CC0309]: The commas make `32,000` a list, but `Config.MaxValue` takes one number; write `32000`.
            Config.MinValue = 1, 2
                             #^^^^ hint[CC0309]: The commas make `1, 2` a list, but `Config.MinValue` takes one number.

            [cluster c]
                [[node defaults]]
                Credentials = azure,backup
                             #^^^^^^^^^^^^ hint[CC0309]: The commas make `azure,backup` a list, but `Credentials` takes one value; keep one, or quote the value if the comma belongs to it.
                ImageName = cycle.image.ubuntu22, cycle.image.alma8
                           #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hint[CC0309]: The commas make `cycle.image.ubuntu22, cycle.image.alma8` a list, but `ImageName` takes one value; keep one, or quote the value if the comma belongs to it.
        "#]]);
    }

    #[test]
    fn prose_is_shown_as_written() {
        // Description, Label and the other prose attributes of Microsoft's templates.
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            Category = Rendering, Animation
            [parameters About]
            Description = Slurm is a scheduler, widely used
                [[parameter MaxCores]]
                Label = Cores, max
                Description = The largest job, in cores
                Widget.Label = Yes, start it
                Config.Template = <p>One, two</p>
                Config.Label = a,b
                    [[[list Config.Entries]]]
                    Label = East, US
        "#]]);
    }

    #[test]
    fn accepts_quoted_text_lists_sentences_and_unknown_keys() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node n]]
                MachineType = Standard_D4s_v3, Standard_D8s_v3
                Credentials = "azure,backup"
                    [[[configuration cyclecloud.mounts.nfs]]]
                    options = hard,intr,nfsvers=3
                    [[[configuration]]]
                    my.own.key = a,b
            [parameter P]
            Config.Query = select Name, Label from Cloud.Node
            Config.MaxValue = 32000
            DefaultValue = a, b c
        "#]]);
    }

    #[test]
    fn fixes_join_numbers_and_quote_names() {
        expect![[r#"
            Replace with `32000`
            [parameter P]
            Config.MaxValue = 32000
        "#]]
        .assert_eq(&super::RULE.fix("[parameter P]\nConfig.MaxValue = 32,000\n", 0));
        expect![[r#"
            Quote the value
            [cluster c]
            [[node n]]
            Credentials = "a,b" # note
        "#]]
        .assert_eq(&super::RULE.fix("[cluster c]\n[[node n]]\nCredentials = a,b # note\n", 0));
    }
}
