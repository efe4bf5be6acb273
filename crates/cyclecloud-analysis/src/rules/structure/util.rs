//! Helpers shared by the structure rules: header text, Jinja lines, suggestions.

use crate::model::SectionInfo;
use crate::rule::Context;
use crate::rules::best_scored;
use crate::rules::nodes::util::{join_or, quoted};

/// A header with the author's spelling of the kind, for messages about how it is written
/// (`[[NodeArray execute]]`); [`crate::model::Model::header_text`] reads the kind in lower case.
pub(crate) fn header_as_written(context: &Context<'_>, section: &SectionInfo) -> String {
    header_with(context, section, section.rank, section.name.as_deref())
}

/// [`header_as_written`] with another rank or name: the corrected header a message shows.
pub(crate) fn header_with(
    context: &Context<'_>,
    section: &SectionInfo,
    rank: usize,
    name: Option<&str>,
) -> String {
    let written = context.text(section.kind_range());
    let kind = Some(written.as_ref())
        .filter(|kind| !kind.is_empty())
        .unwrap_or(&section.kind);
    let name = name.map(|name| format!(" {name}")).unwrap_or_default();
    let rank = rank.max(1);
    format!("{}{kind}{name}{}", "[".repeat(rank), "]".repeat(rank))
}

/// Whether a template directive (`{% if … %}`) lies between two offsets: lines with one between
/// them may sit in different branches of the generator, so they are not duplicates.
pub(crate) fn directive_between(directives: &[usize], first: usize, second: usize) -> bool {
    let (low, high) = (first.min(second), first.max(second));
    let index = directives.partition_point(|&offset| offset < low);
    directives.get(index).is_some_and(|&offset| offset < high)
}

/// The line number (from 1) of `first` for a message about its repeat at `later`, `None` when a
/// template directive lies between them (see [`directive_between`]): then it is no repeat.
pub(crate) fn repeat_of(context: &Context<'_>, first: usize, later: usize) -> Option<usize> {
    let directives = &context.model.template_directives;
    let line = || context.snapshot.rope().byte_to_line(first) + 1;
    (!directive_between(directives, first, later)).then(line)
}

/// The candidate closest to `word` (ignoring case), when it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    best_scored(candidates, |candidate| {
        cyclecloud_catalog::suggestion_score(&lower, &candidate.to_ascii_lowercase())
    })
}

/// A list of words in backticks joined with commas and a final "or": `` `a`, `b` or `c` ``.
pub(crate) fn one_of<T: std::fmt::Display>(words: impl IntoIterator<Item = T>) -> String {
    join_or(&quoted(words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_between_looks_strictly_inside() {
        let directives = [10, 50];
        assert!(directive_between(&directives, 5, 20));
        assert!(directive_between(&directives, 60, 40));
        assert!(!directive_between(&directives, 11, 49));
        assert!(!directive_between(&directives, 51, 90));
    }

    #[test]
    fn closest_ignores_case_and_far_words() {
        assert_eq!(
            closest("NodArray", ["node", "nodearray"]),
            Some("nodearray")
        );
        assert_eq!(closest("xyz", ["node", "nodearray"]), None);
    }

    #[test]
    fn one_of_joins_words() {
        assert_eq!(one_of(["a"]), "`a`");
        assert_eq!(one_of(["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
