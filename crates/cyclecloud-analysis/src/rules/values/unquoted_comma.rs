//! CC0309: an unquoted comma turns a number or a prose value of a scalar attribute into a list.

use cyclecloud_catalog::ValueType;
use cyclecloud_syntax::ast::AssignOp;

use super::util;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::{AttrId, ValueShape};
use crate::rule::{Context, Rule};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0309",
    name: "unquoted-comma",
    severity: Severity::Hint,
    spec: "R51",
    summary: "Unquoted comma makes a number or a sentence a list",
    doc: "\
## What it finds
A value with an unquoted comma on an attribute that holds one number or one piece of text:
a number with a thousands separator (`Config.MaxValue = 32,000`), or prose in a text attribute
(`Description = Shared storage, mounted on every node`). Comma-separated words without blanks
(`options = hard,intr`) are left alone: they are usually meant as a list.

## Why it matters
After `=`, commas split the value into a list: `32,000` becomes the two numbers `32` and `0`,
and a sentence becomes several strings. The UI may still show the text, but the attribute does
not hold the single value that was written.

## Example
```
[parameter MaxCores]
Description = The largest job, in cores
Config.MaxValue = 32,000
```

## Fix
Drop the thousands separator (`32000`), or quote the text:
`Description = \"The largest job, in cores\"`.
",
    check,
};

fn check(context: &mut Context<'_>) {
    for attr in 0..context.model.attributes.len() {
        check_line(context, attr);
    }
}

fn check_line(context: &mut Context<'_>, attr: AttrId) {
    let line = &context.model.attributes[attr];
    if line.shape != ValueShape::List
        || line.op != AssignOp::Loose
        || util::is_placeholder(&line.value)
    {
        return;
    }
    let Some(attribute) = util::catalog_attribute(context, attr) else {
        return;
    };
    let value = line.value.as_str();
    let range = line.value_range.clone();
    match attribute.value_type {
        ValueType::Integer | ValueType::Float => {
            let joined = thousands(value);
            let message = match &joined {
                Some(joined) => format!(
                    "The commas make `{value}` a list, but `{}` takes one number; write `{joined}`.",
                    line.key
                ),
                None => format!(
                    "The commas make `{value}` a list, but `{}` takes one number.",
                    line.key
                ),
            };
            let mut diagnostic = context.diagnostic(range.clone(), message);
            if let Some(joined) = joined {
                diagnostic.fixes.push(Fix {
                    title: format!("Replace with `{joined}`"),
                    edits: vec![Edit {
                        range,
                        new_text: joined,
                    }],
                    safe: false,
                });
            }
            context.push(diagnostic);
        }
        ValueType::String if is_prose(value) => {
            let message = format!(
                "The unquoted commas make `{}` a list of texts; quote the value to keep it one text.",
                line.key
            );
            let mut diagnostic = context.diagnostic(range.clone(), message);
            if let Some(quoted) = util::quote(value) {
                diagnostic.fixes.push(Fix {
                    title: "Quote the value".to_owned(),
                    edits: vec![Edit {
                        range,
                        new_text: quoted,
                    }],
                    safe: false,
                });
            }
            context.push(diagnostic);
        }
        _ => {}
    }
}

/// `32000` for a number written with thousands separators (`32,000`, `-1,000,000`).
fn thousands(text: &str) -> Option<String> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut groups = digits.split(',');
    let first = groups.next()?;
    let first_ok = (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
    let mut rest = groups.peekable();
    if !first_ok || rest.peek().is_none() {
        return None;
    }
    if !rest.all(|group| group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(text.replace(',', ""))
}

/// Whether a comma list reads as prose: an unquoted element of several words.
fn is_prose(text: &str) -> bool {
    text.split(',')
        .map(str::trim)
        .any(|element| !element.starts_with(['"', '\'']) && element.contains([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::testing::{check, fix};

    #[test]
    fn reports_numbers_and_prose() {
        let actual = check(
            "CC0309",
            r#"
[parameter MaxCores]
Description = The largest job, in cores
Label = Cores, max
Config.MaxValue = 32,000
Config.MinValue = 1, 2
"#,
        );
        expect![[r#"
            [parameter MaxCores]
            Description = The largest job, in cores
                          ^^^^^^^^^^^^^^^^^^^^^^^^^ hint[CC0309]: The unquoted commas make `Description` a list of texts; quote the value to keep it one text.
            Label = Cores, max
            Config.MaxValue = 32,000
                              ^^^^^^ hint[CC0309]: The commas make `32,000` a list, but `Config.MaxValue` takes one number; write `32000`.
            Config.MinValue = 1, 2
                              ^^^^ hint[CC0309]: The commas make `1, 2` a list, but `Config.MinValue` takes one number.
        "#]]
        .assert_eq(&actual);
    }

    #[test]
    fn accepts_quoted_text_lists_and_word_lists() {
        let actual = check(
            "CC0309",
            r#"
[cluster c]
    [[node n]]
    MachineType = Standard_D4s_v3, Standard_D8s_v3
        [[[configuration cyclecloud.mounts.nfs]]]
        options = hard,intr,nfsvers=3
[parameter P]
Description = "The largest job, in cores"
Config.MaxValue = 32000
DefaultValue = a, b c
"#,
        );
        expect![[r#"
            [cluster c]
                [[node n]]
                MachineType = Standard_D4s_v3, Standard_D8s_v3
                    [[[configuration cyclecloud.mounts.nfs]]]
                    options = hard,intr,nfsvers=3
            [parameter P]
            Description = "The largest job, in cores"
            Config.MaxValue = 32000
            DefaultValue = a, b c
        "#]]
        .assert_eq(&actual);
    }

    #[test]
    fn fixes_join_numbers_and_quote_text() {
        let number = fix("CC0309", "[parameter P]\nConfig.MaxValue = 32,000\n", 0);
        expect![[r#"
            Replace with `32000`
            [parameter P]
            Config.MaxValue = 32000
        "#]]
        .assert_eq(&number);
        let text = fix(
            "CC0309",
            "[parameter P]\nDescription = Use \"prefix-\" names, i.e. short ones # note\n",
            0,
        );
        expect![[r#"
            Quote the value
            [parameter P]
            Description = '''Use "prefix-" names, i.e. short ones''' # note
        "#]]
        .assert_eq(&text);
    }
}
