//! Reads what the cursor's line is about from its text alone, so half-typed lines (which the
//! parser turns into ERROR nodes) still get completions. Ranges are relative to the line start.

use std::ops::Range;

/// Where the cursor is, as far as completion cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Context {
    /// Nothing to offer (comment, triple-quoted text, member access, …).
    None,
    /// In the kind of a header line: `[[nod|`.
    Header {
        /// Opening brackets typed.
        brackets: usize,
        /// `replace` covers the brackets and any closing ones, so whole headers are inserted;
        /// otherwise the header has a name after the kind and only the kind word is replaced.
        whole: bool,
        /// Bytes to replace.
        replace: Range<usize>,
    },
    /// At the key of an attribute line.
    Key {
        /// The key typed so far.
        typed: String,
        /// Bytes to replace (the key word around the cursor).
        replace: Range<usize>,
        /// The line already has an operator after the key: insert the name only.
        bare: bool,
    },
    /// In an element of a loose value (`key = …`).
    Value {
        /// The attribute key, as written.
        key: String,
        /// The other elements of the comma list, trimmed.
        others: Vec<String>,
        /// Bytes to replace (the current element).
        replace: Range<usize>,
    },
    /// After `$` in a loose value or a header name.
    Parameter {
        /// The name typed after `$`.
        replace: Range<usize>,
    },
    /// In an expression: after `:=`, `= =` or inside `${…}`.
    Expression {
        /// The attribute key, to pick context-specific functions.
        key: String,
        /// The identifier typed so far.
        replace: Range<usize>,
        /// The identifier follows a `$`: only names make sense.
        dollar: bool,
        /// A `(` already follows the identifier: insert function names without arguments.
        call_follows: bool,
    },
}

/// Classifies the line from the text before and after the cursor.
pub(super) fn classify(before: &str, after: &str) -> Context {
    let trimmed = before.trim_start();
    let indent = before.len() - trimmed.len();
    if trimmed.starts_with('#') || trimmed.starts_with("{%") || trimmed.starts_with("{#") {
        return Context::None;
    }
    if trimmed.starts_with('[') {
        return header(before, indent, after);
    }
    match operator(trimmed) {
        None => key(before, indent, after),
        Some((key_end, value_start, strict)) => {
            let key = trimmed[..key_end].trim().to_owned();
            value(before, after, key, indent + value_start, strict)
        }
    }
}

fn is_kind_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

fn is_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-')
}

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Length of the prefix of `text` made of bytes accepted by `keep`.
fn run(text: &str, keep: impl Fn(u8) -> bool) -> usize {
    text.bytes().take_while(|&b| keep(b)).count()
}

fn header(before: &str, indent: usize, after: &str) -> Context {
    let line = &before[indent..];
    let brackets = run(line, |b| b == b'[');
    let rest = &line[brackets..];
    let blanks = run(rest, |b| b == b' ' || b == b'\t');
    let word = &rest[blanks..];
    if !word.bytes().all(is_kind_byte) {
        // In the name: only a `$Param` reference can be completed there.
        return match dollar_word(before, after) {
            Some(replace) => Context::Parameter { replace },
            None => Context::None,
        };
    }
    let word_after = run(after, is_kind_byte);
    let tail = &after[word_after..];
    let closing = run(tail, |b| b == b']');
    if tail[closing..].trim().is_empty() {
        Context::Header {
            brackets,
            whole: true,
            replace: indent..before.len() + word_after + closing,
        }
    } else {
        Context::Header {
            brackets,
            whole: false,
            replace: indent + brackets + blanks..before.len() + word_after,
        }
    }
}

/// The assignment in an attribute line: (end of key, start of value, strict).
fn operator(line: &str) -> Option<(usize, usize, bool)> {
    let at = line.find('=')?;
    if at > 0 && line.as_bytes()[at - 1] == b':' {
        Some((at - 1, at + 1, true))
    } else {
        Some((at, at + 1, false))
    }
}

fn key(before: &str, indent: usize, after: &str) -> Context {
    let typed = &before[indent..];
    if !typed.bytes().all(is_key_byte) {
        return Context::None;
    }
    let rest = run(after, is_key_byte);
    Context::Key {
        typed: typed.to_owned(),
        replace: indent..before.len() + rest,
        bare: !after[rest..].trim().is_empty(),
    }
}

fn value(before: &str, after: &str, key: String, value_start: usize, strict: bool) -> Context {
    let text = &before[value_start..];
    let lead = text.len() - text.trim_start().len();
    let first = text.trim_start();
    if first.starts_with("'''") || first.starts_with("\"\"\"") {
        return Context::None;
    }
    if strict {
        return expression(before, after, key, value_start);
    }
    if first.starts_with('=') {
        // `key = =expr`, the legacy spelling of `key := expr`.
        return expression(before, after, key, value_start + lead + 1);
    }
    loose(before, after, key, value_start)
}

/// The word after a `$` that ends at the cursor (extended over the name's rest after it).
fn dollar_word(before: &str, after: &str) -> Option<Range<usize>> {
    let start = before.len()
        - before
            .bytes()
            .rev()
            .take_while(|&b| is_ident_byte(b))
            .count();
    (start > 0 && before.as_bytes()[start - 1] == b'$')
        .then(|| start..before.len() + run(after, is_ident_byte))
}

fn expression(before: &str, after: &str, key: String, start: usize) -> Context {
    // Inside a string or a quoted name nothing completes.
    let mut quote = None;
    let mut bytes = before.as_bytes()[start..].iter();
    while let Some(&byte) = bytes.next() {
        match quote {
            Some(_) if byte == b'\\' => {
                bytes.next();
            }
            Some(q) if byte == q => quote = None,
            Some(_) => {}
            None if byte == b'"' || byte == b'\'' => quote = Some(byte),
            None => {}
        }
    }
    if quote.is_some() {
        return Context::None;
    }
    let word_start = before.len()
        - before
            .bytes()
            .rev()
            .take_while(|&b| is_ident_byte(b))
            .count();
    let word_start = word_start.max(start);
    if before[word_start..]
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit())
    {
        return Context::None;
    }
    let previous = before[start..word_start].bytes().next_back();
    if previous == Some(b'.') {
        return Context::None;
    }
    let rest = run(after, is_ident_byte);
    Context::Expression {
        key,
        replace: word_start..before.len() + rest,
        dollar: previous == Some(b'$'),
        call_follows: after[rest..].trim_start().starts_with('('),
    }
}

/// A loose value: finds the current comma element, an open `${`, a `$` or a comment.
fn loose(before: &str, after: &str, key: String, value_start: usize) -> Context {
    let bytes = before.as_bytes();
    let mut element = value_start;
    let mut in_string = false;
    let mut depth = 0usize;
    let mut expression_start = 0;
    let mut expression_quote: Option<u8> = None;
    let mut i = value_start;
    while i < bytes.len() {
        let byte = bytes[i];
        if depth > 0 {
            match expression_quote {
                Some(_) if byte == b'\\' => i += 1,
                Some(q) if byte == q => expression_quote = None,
                Some(_) => {}
                None => match byte {
                    b'"' | b'\'' => expression_quote = Some(byte),
                    b'{' => depth += 1,
                    b'}' => depth -= 1,
                    _ => {}
                },
            }
        } else if in_string {
            match byte {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    depth = 1;
                    expression_start = i + 2;
                    i += 1;
                }
                b',' => element = i + 1,
                b'#' if i == value_start || bytes[i - 1].is_ascii_whitespace() => {
                    return Context::None;
                }
                _ => {}
            }
        }
        i += 1;
    }
    if depth > 0 {
        return expression(before, after, key, expression_start.min(before.len()));
    }
    if !in_string {
        if let Some(replace) = dollar_word(&before[element..], after) {
            return Context::Parameter {
                replace: element + replace.start..element + replace.end,
            };
        }
    }
    let current = &before[element..];
    let mut start = element + (current.len() - current.trim_start().len());
    let quoted = matches!(bytes.get(start), Some(b'"' | b'\''));
    if quoted {
        start += 1;
    }
    let value_end = comment_start(after, before.ends_with([' ', '\t']));
    let tail_end = after[..value_end].find(',').unwrap_or(value_end);
    let mut tail = after[..tail_end].trim_end();
    if quoted {
        tail = tail.strip_suffix(['"', '\'']).unwrap_or(tail);
    }
    let others = before[value_start..element]
        .split(',')
        .chain(after[tail_end..value_end].split(',').skip(1))
        .map(|part| part.trim().to_owned())
        .filter(|part| !part.is_empty())
        .collect();
    Context::Value {
        key,
        others,
        replace: start..before.len() + tail.len(),
    }
}

/// Where a trailing `# comment` starts in the text after the cursor (its length when none);
/// `blank_before` tells whether the cursor follows a blank, which lets a `#` right after it
/// start a comment.
fn comment_start(after: &str, blank_before: bool) -> usize {
    let bytes = after.as_bytes();
    (0..bytes.len())
        .find(|&i| {
            bytes[i] == b'#'
                && if i == 0 {
                    blank_before
                } else {
                    bytes[i - 1].is_ascii_whitespace()
                }
        })
        .unwrap_or(after.len())
}
