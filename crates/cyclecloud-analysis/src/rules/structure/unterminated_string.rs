//! CC0002: a `"…"` string, `'''…'''` block or back-ticked relative time that is never closed.

use cyclecloud_syntax::kinds;

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0002",
    name: "unterminated-string",
    severity: Severity::Error,
    spec: "R06",
    summary: "A quoted string, triple-quoted block or relative time without its closing quote",
    doc: "\
## What it finds
A double-quoted string whose line ends before the closing `\"` (a `\\\"` does not close it), a
`'''` or `\"\"\"` block that is never closed, and a back-ticked relative time such as `` `10m ``
without its closing back-tick.

## Why it matters
CycleCloud reads on until it finds the closing quote: the value swallows the following lines, or
the import fails. An unclosed triple-quoted block is the worst case, since everything after it,
headers included, becomes part of one text value.

## Example
```
[cluster demo]
    [[node scheduler]]
    CloudInit = '''#!/bin/bash
echo hello
    [[nodearray execute]]
```

## Fix
Add the closing delimiter where the value ends (`'''` on its own line after the script, `\"` at
the end of the string, `` ` `` after the duration).
",
    check,
    has_fix: false,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let mut reader = context.snapshot.in_order();
    for (range, kind) in &context.model.string_tokens {
        let text = reader.text(range.clone());
        if let Some(message) = problem(kind, &text) {
            context.report(range.clone(), message);
        }
    }
}

/// What is wrong with a string-like token, `None` when it is closed.
fn problem(kind: &str, text: &str) -> Option<String> {
    match kind {
        kinds::STRING => (!string_is_closed(text))
            .then(|| "This string has no closing `\"`; add one where the value ends".to_owned()),
        kinds::TRIPLE_STRING => {
            let delimiter = text.get(..3)?;
            let closed = text.len() >= 6 && text.ends_with(delimiter);
            (!closed).then(|| {
                format!(
                    "This `{delimiter}` block is never closed, so it would swallow the rest of \
                     the file; end it with `{delimiter}`"
                )
            })
        }
        _ if text.len() >= 2 && text.ends_with('`') => None,
        _ => Some(match text.trim_start_matches('`').trim() {
            "" => "This back-tick opens a relative time that is never closed; write it as \
                   `` `10m` `` or remove it"
                .to_owned(),
            inner => format!(
                "The relative time `{inner}` has no closing back-tick; write `` `{inner}` ``"
            ),
        }),
    }
}

/// Whether a `"…"` token ends with a quote that is not escaped by a backslash.
fn string_is_closed(text: &str) -> bool {
    let mut chars = text.chars().skip(1);
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == '"' {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_unclosed_strings_blocks_and_times() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            Description = "no end
                         #^^^^^^^ error[CC0002]: This string has no closing `"`; add one where the value ends
            Other := "escaped at the end\"
                    #^^^^^^^^^^^^^^^^^^^^^ error[CC0002]: This string has no closing `"`; add one where the value ends
            Time = `10m
                  #^^^^ error[CC0002]: The relative time `10m` has no closing back-tick; write `` `10m` ``
            Lone = `
                  #^ error[CC0002]: This back-tick opens a relative time that is never closed; write it as `` `10m` `` or remove it
            CloudInit = '''#!/bin/bash
                       #^^^^^^^^^^^^^^ error[CC0002]: This `'''` block is never closed, so it would swallow the rest of the file; end it with `'''`
            echo hi
        "#]]);
    }

    #[test]
    fn closed_values_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            Description = "a \"quoted\" word", "x"
            Filter := Package in {"a", "b"}
            Time = `10m`
            Empty = ""
            Script = '''
            echo "hi"
            '''
            One = """x"""
        "#]]);
    }

    #[test]
    fn an_unclosed_block_on_the_last_line_and_non_ascii_do_not_panic() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            A = '''é
               #^^^^ error[CC0002]: This `'''` block is never closed, so it would swallow the rest of the file; end it with `'''`
            B = "é
               #^^ error[CC0002]: This string has no closing `"`; add one where the value ends"#]]);
    }
}
