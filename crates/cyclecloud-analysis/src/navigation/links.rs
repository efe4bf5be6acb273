//! Document links: `http(s)://` URLs anywhere in the text (values, comments, scripts) and
//! cluster-init specs (the server turns those into a project folder when one exists).

use std::ops::Range;

use super::cluster_init::{spec_refs, SpecRef};
use crate::model::Model;

/// What a link opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// A web address, as written.
    Url(String),
    /// A cluster-init spec, resolved by the caller (it needs the file system).
    Spec(SpecRef),
}

/// One link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The linked text.
    pub range: Range<usize>,
    /// Where it leads.
    pub target: LinkTarget,
}

/// Every link in the document, in order.
pub fn links(text: &str, model: &Model) -> Vec<Link> {
    let mut out: Vec<Link> = urls(text)
        .into_iter()
        .map(|range| Link {
            target: LinkTarget::Url(text[range.clone()].to_owned()),
            range,
        })
        .collect();
    out.extend(spec_refs(model).into_iter().map(|spec| Link {
        range: spec.range.clone(),
        target: LinkTarget::Spec(spec),
    }));
    out.sort_by_key(|link| link.range.start);
    out
}

/// Characters that end a URL: whitespace, quotes, brackets that delimit it in prose or markup,
/// and `$` (a `$Param` inside makes the address unknown until import).
fn ends_url(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' | '$'
        )
}

/// The ranges of `http://` and `https://` URLs, without trailing punctuation or an unmatched
/// closing bracket.
fn urls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("http") {
        let start = from + found;
        from = start + 4;
        let rest = &text[start..];
        let scheme = if rest.starts_with("https://") {
            8
        } else if rest.starts_with("http://") {
            7
        } else {
            continue;
        };
        let preceded_by_word = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if preceded_by_word {
            continue;
        }
        let mut end = start + rest.find(ends_url).unwrap_or(rest.len());
        loop {
            let url = &text[start..end];
            let Some(last) = url.chars().next_back() else {
                break;
            };
            let unmatched = |open: char, close: char| {
                last == close && url.matches(close).count() > url.matches(open).count()
            };
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?')
                || unmatched('(', ')')
                || unmatched('[', ']')
            {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        if end > start + scheme {
            out.push(start..end);
            from = end;
        }
    }
    out
}
