//! Every rule, grouped by what it looks at. Each rule lives in one file with its code, doc,
//! check, fix and fixture tests; this file lists the groups and holds what several of them share.
//!
//! Codes: `CC00xx` syntax and structure, `CC01xx` references, `CC02xx` images and Jetpack,
//! `CC03xx` attribute values, `CC04xx` node-level consistency, `CC05xx` Azure sizes, regions and
//! images, `CC06xx` scheduler configuration keys, `CC08xx` a template against its CycleCloud
//! project (the project's own files have [`crate::project::ProjectRule`]s in the same range).

/// Declares a group's rule modules (each with its `RULE`) and the group's `RULES`, so a rule is
/// named once; a module that other rules read from is written `pub(crate)`. `cargo fmt` does not
/// follow modules declared in a macro: run `rustfmt` on those files (an editor's
/// format-on-save does; `scripts/test-all` checks every file).
macro_rules! rule_group {
    ($($vis:vis $rule:ident),* $(,)?) => {
        $($vis mod $rule;)*

        /// The rules of this group.
        pub(crate) const RULES: &[&crate::rule::Rule] = &[$(&$rule::RULE),*];
    };
}

/// What the rule files name: a rule, its context and the parts of a finding.
mod prelude {
    pub(crate) use crate::diagnostic::{Edit, Fix, Severity, Tag};
    pub(crate) use crate::rule::{Context, Rule, Scope};
    pub(crate) use crate::rules::did_you_mean;
}

/// The advice ending a did-you-mean message: the suggestion if there is one, else `otherwise`.
pub(crate) fn did_you_mean(suggestion: Option<&str>, otherwise: &str) -> String {
    match suggestion {
        Some(better) => format!("did you mean `{better}`?"),
        None => otherwise.to_owned(),
    }
}

/// The candidate with the highest score (the first of equals), leaving out those without one.
pub(crate) fn best_scored<T: Copy, S: PartialOrd>(
    candidates: impl IntoIterator<Item = T>,
    score: impl Fn(T) -> Option<S>,
) -> Option<T> {
    candidates
        .into_iter()
        .filter_map(|candidate| Some((candidate, score(candidate)?)))
        .reduce(|best, next| if next.1 > best.1 { next } else { best })
        .map(|(candidate, _)| candidate)
}

mod azure;
mod configuration;
mod images;
pub(crate) mod nodes;
mod project;
mod references;
mod structure;
mod values;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use cyclecloud_catalog::Catalog;

use crate::rule::{Rule, Scope};

/// All rules, ordered by code.
pub fn all() -> &'static [&'static Rule] {
    static ALL: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<&'static Rule> = [
            structure::RULES,
            references::RULES,
            images::RULES,
            values::RULES,
            nodes::RULES,
            azure::RULES,
            configuration::RULES,
            project::RULES,
        ]
        .concat();
        rules.sort_by_key(|rule| rule.code);
        rules
    })
}

/// All rules split by [`Scope`](crate::rule::Scope), each group ordered by code.
pub(crate) struct ByScope {
    pub(crate) section: Vec<&'static Rule>,
    pub(crate) line: Vec<&'static Rule>,
    pub(crate) node: Vec<&'static Rule>,
    pub(crate) document: Vec<&'static Rule>,
}

/// All rules split by [`Scope`](crate::rule::Scope).
pub(crate) fn by_scope() -> &'static ByScope {
    static SPLIT: OnceLock<ByScope> = OnceLock::new();
    SPLIT.get_or_init(|| {
        let of =
            |scope: Scope| Vec::from_iter(all().iter().copied().filter(|rule| rule.scope == scope));
        ByScope {
            section: of(Scope::Section),
            line: of(Scope::Line),
            node: of(Scope::Node),
            document: of(Scope::Document),
        }
    })
}

/// The rule with this code (any case).
pub fn by_code(code: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

/// Answers remembered per text, for judgements that a template asks for on many lines and
/// again on every keystroke, given one other input at a time (another input forgets them all).
/// At most 256 are kept: past that all are forgotten.
pub(crate) struct Remembered<T>(OnceLock<Mutex<Answers<T>>>);

/// What [`Remembered`] keeps: the other input its answers were given, and the answers by text.
type Answers<T> = (String, HashMap<String, T, foldhash::fast::RandomState>);

impl<T: Clone> Remembered<T> {
    /// Nothing remembered yet.
    pub(crate) const fn new() -> Self {
        Remembered(OnceLock::new())
    }

    /// The answer for `text` from `catalog`: `answer()` the first time, remembered only when
    /// `catalog` is the embedded one (another catalog may answer otherwise).
    pub(crate) fn get(&self, catalog: &Catalog, text: &str, answer: impl FnOnce() -> T) -> T {
        if !std::ptr::eq(catalog, cyclecloud_catalog::catalog()) {
            return answer();
        }
        self.get_given(String::new(), text, answer)
    }

    /// The answer for `text` given `given` (what else it depends on, such as a list of
    /// candidates): `answer()` the first time.
    pub(crate) fn get_given(&self, given: String, text: &str, answer: impl FnOnce() -> T) -> T {
        let remembered = self.0.get_or_init(Default::default);
        if let Some(known) = remembered.lock().ok().and_then(|kept| {
            let (kept_given, answers) = &*kept;
            answers.get(text).filter(|_| *kept_given == given).cloned()
        }) {
            return known;
        }
        let answer = answer();
        if let Ok(mut kept) = remembered.lock() {
            let (kept_given, answers) = &mut *kept;
            if *kept_given != given || answers.len() >= 256 {
                *kept_given = given;
                answers.clear();
            }
            answers.insert(text.to_owned(), answer.clone());
        }
        answer
    }
}

/// What the rules' fixture tests import, so each test module names it once.
#[cfg(test)]
mod test_prelude {
    pub(crate) use expect_test::{expect, Expect};

    pub(crate) use crate::testing::{
        check_fixture, diagnostics, diagnostics_with, fixture_text, target,
    };
    pub(crate) use crate::Settings;
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_docs_have_the_fixed_headings() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all() {
            let code = rule.code;
            assert!(codes.insert(code), "duplicate code {code}");
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(code.len() == 6 && code.starts_with("CC"), "bad code {code}");
            for heading in [
                "## What it finds",
                "## Why it matters",
                "## Example",
                "## Fix",
            ] {
                assert!(rule.doc.contains(heading), "{code} doc lacks `{heading}`");
            }
            assert!(!rule.summary.is_empty(), "{code} has no summary");
        }
    }
}

/// Whether text starts with `prefix` in any case.
pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}
