//! Helpers shared by the value rules: literal tests, reading a value as an expression, quoting,
//! suggestions and version gating.

use cyclecloud_catalog::{Attribute, Version, SUGGESTION_THRESHOLD};

use crate::model::{AttrInfo, ValueShape};
use crate::rule::Context;
use crate::rules::best_scored;
use crate::vocabulary::is_placeholder;

/// The lines of [`Context::line_ids`] whose key the catalog knows, each with its entry: where the
/// value rules start, as only a known attribute has a type or values to judge.
pub(crate) fn known_lines<'a>(
    context: &Context<'a>,
) -> impl Iterator<Item = (&'a AttrInfo, &'static Attribute)> + 'a {
    let model = context.model;
    context.line_ids().filter_map(move |attr| {
        let line = &model.attributes[attr];
        Some((line, line.catalog?))
    })
}

/// The [`known_lines`] written with `=` and a single literal, with that value: what the rules
/// that judge a written value compare.
pub(crate) fn known_literals<'a>(
    context: &Context<'a>,
) -> impl Iterator<Item = (&'a AttrInfo, &'static Attribute, &'a str)> + 'a {
    known_lines(context)
        .filter_map(|(line, attribute)| Some((line, attribute, line.loose_literal()?)))
}

/// Whether text is a boolean literal as CycleCloud reads it: `true` or `false` in any case.
pub(crate) fn is_boolean_literal(text: &str) -> bool {
    let text = text.trim();
    text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
}

/// Whether text is one or more ASCII digits.
pub(crate) fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether text is a whole number: an optional `-` and digits.
pub(crate) fn is_integer_literal(text: &str) -> bool {
    is_digits(text.strip_prefix('-').unwrap_or(text))
}

/// The number a numeric literal (`-1`, `0.5`, `1e3`) stands for; `None` for anything else
/// (Rust's own float syntax would also accept `inf`, `+1` or `.5`, which templates do not).
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = unsigned.split_once(['e', 'E']).unwrap_or((unsigned, "0"));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if !(is_digits(whole) && is_digits(fraction) && is_digits(exponent)) {
        return None;
    }
    text.parse().ok()
}

/// Whether text is one identifier (`UseKeyVault`), the shape of a parameter name.
pub(crate) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `text` as one quoted string: `"…"` when it holds no `"`, else `'''…'''` (kept verbatim, so
/// no escapes are needed), `None` when neither fits.
pub(crate) fn quote(text: &str) -> Option<String> {
    if !text.contains('"') && !text.ends_with('\\') {
        Some(format!("\"{text}\""))
    } else if !text.contains("'''") && !text.ends_with('\'') {
        Some(format!("'''{text}'''"))
    } else {
        None
    }
}

/// The target CycleCloud release when the user configured one and `since` is newer than it.
pub(crate) fn newer_than_target(context: &Context<'_>, since: Option<Version>) -> Option<Version> {
    let target = context.settings.cyclecloud_version?;
    since.filter(|&since| since > target)
}

/// The closest of `candidates` to `text` ignoring case, when it is close enough to suggest.
pub(crate) fn closest<'c>(
    text: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let lower = text.to_ascii_lowercase();
    let letters = |word: &str| {
        let mut letters: Vec<char> = word.chars().collect();
        letters.sort_unstable();
        letters
    };
    best_scored(candidates, |candidate| {
        let candidate_lower = candidate.to_ascii_lowercase();
        let score = strsim::normalized_damerau_levenshtein(&lower, &candidate_lower);
        // Short values are too alike to compare by score alone (`xfs`, `nfs`); a swap of
        // letters (`nsf`) is still a typo.
        let close = score >= SUGGESTION_THRESHOLD || letters(&lower) == letters(&candidate_lower);
        (close && score < 1.0).then_some(score)
    })
}

/// Whether a loose value reads as an expression rather than text: an operator, a list or
/// record, a call, `undefined`, or the bare name of a parameter.
pub(crate) fn looks_like_expression(context: &Context<'_>, line: &AttrInfo) -> bool {
    let value = line.value.trim();
    let judged = line.is_literal() || line.shape == ValueShape::Reference;
    if !judged || value.is_empty() || is_placeholder(value) || is_one_quoted_string(value) {
        return false;
    }
    if !line.is_literal() {
        return has_operator(without_references(value).trim());
    }
    value.eq_ignore_ascii_case("undefined")
        || value.eq_ignore_ascii_case("undefined()")
        || (is_identifier(value)
            && !is_boolean_literal(value)
            && (value.eq_ignore_ascii_case("ClusterName")
                || context.model.parameter(value).is_some()))
        || has_operator(value)
}

/// Text with every `${…}` and `$Name` removed: what remains is read as text around them.
fn without_references(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
        } else if chars.next_if_eq(&'{').is_some() {
            let mut depth = 1;
            let mut quote: Option<char> = None;
            for inner in chars.by_ref() {
                match quote {
                    Some(q) if inner == q => quote = None,
                    Some(_) => {}
                    None if inner == '"' || inner == '\'' => quote = Some(inner),
                    None if inner == '{' => depth += 1,
                    None if inner == '}' && depth == 1 => break,
                    None if inner == '}' => depth -= 1,
                    None => {}
                }
            }
        } else {
            while chars
                .next_if(|&next| next.is_ascii_alphanumeric() || next == '_')
                .is_some()
            {}
        }
    }
    out
}

/// Whether text is exactly one `"…"` or `'…'` string (deliberate text).
fn is_one_quoted_string(text: &str) -> bool {
    ['"', '\''].into_iter().any(|quote| {
        let inner = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote));
        inner.is_some_and(|inner| !inner.contains(quote))
    })
}

/// Whether text uses expression syntax: an operator, a list or record, or a call.
fn has_operator(text: &str) -> bool {
    // One byte scan rules out most values (one word, no operator character, no call) before
    // the searches below; this runs for many lines on every keystroke.
    let may_hold_one = text.bytes().any(|b| {
        b.is_ascii_whitespace()
            || matches!(
                b,
                b'=' | b'!' | b'&' | b'|' | b'<' | b'>' | b'?' | b'{' | b'[' | b'('
            )
    });
    if !may_hold_one {
        return false;
    }
    const SYMBOLS: &[&str] = &["==", "!=", "&&", "||", "<", ">", "?", "{", "["];
    if text.starts_with('!') || SYMBOLS.iter().any(|symbol| text.contains(symbol)) {
        return true;
    }
    // A keyword between two words (`Mode is "x"`, `Package in {…}`), or a call: `name(…)`.
    let mut inner = text.split_ascii_whitespace();
    inner.next();
    inner.next_back();
    let keyword = |word: &str| {
        ["is", "isnt", "in"]
            .iter()
            .any(|k| word.eq_ignore_ascii_case(k))
    };
    inner.any(keyword)
        || text.find('(').is_some_and(|open| {
            open > 0 && is_identifier(text[..open].trim_end()) && text.trim_end().ends_with(')')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_template_syntax() {
        assert_eq!(parse_number("-1"), Some(-1.0));
        assert_eq!(parse_number("0.25"), Some(0.25));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        for bad in [
            "", "-", "1.", ".5", "+1", "inf", "NaN", "1e", "10GB", "1,000",
        ] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
        assert!(is_integer_literal("-12"));
        assert!(!is_integer_literal("1.5"));
        assert!(!is_integer_literal("-"));
    }

    #[test]
    fn quoting_picks_a_form_that_needs_no_escapes() {
        assert_eq!(quote("a, b").as_deref(), Some("\"a, b\""));
        assert_eq!(
            quote("say \"hi\", then").as_deref(),
            Some("'''say \"hi\", then'''")
        );
        assert_eq!(quote("a\"b'''c"), None);
    }

    #[test]
    fn references_are_removed_before_looking_for_operators() {
        assert_eq!(without_references("${a || b}"), "");
        assert_eq!(without_references("$Mode == \"x\""), " == \"x\"");
        assert_eq!(without_references("x${f(\"}\")}y$z!"), "xy!");
    }

    #[test]
    fn suggestions_ignore_case_and_need_similarity() {
        assert_eq!(closest("flase", ["true", "false"]), Some("false"));
        assert_eq!(closest("nsf", ["nfs", "lustre"]), Some("nfs"));
        assert_eq!(closest("xfs", ["nfs", "lustre", "blobfuse2"]), None);
    }
}
