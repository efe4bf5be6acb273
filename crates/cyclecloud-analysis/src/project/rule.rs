//! Checks of a project's own files (`project.ini`, cluster-init scripts). They read files that
//! are not templates, so they are not [`Rule`](crate::Rule)s (whose check reads a template's
//! model): each is a [`ProjectRule`] with the same code, severity and doc fields, and its
//! findings are the same [`Diagnostic`]s, with byte ranges in the file they are about, under the
//! same per-rule settings.

use crate::diagnostic::{Diagnostic, Severity};
use crate::settings::{RuleLevel, Settings};

/// One check of a project file: its code, default severity and documentation.
#[derive(Debug)]
pub struct ProjectRule {
    /// Stable code users configure it by (`CC0801`).
    pub code: &'static str,
    /// A kebab-case name.
    pub name: &'static str,
    /// Severity unless the user overrides it.
    pub severity: Severity,
    /// One line for listings.
    pub summary: &'static str,
    /// Markdown with the fixed headings: what it finds, why it matters, example, fix.
    pub doc: &'static str,
    /// Which file it reads.
    pub file: ProjectFile,
}

/// The kind of project file a [`ProjectRule`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectFile {
    /// The project's `project.ini`.
    ProjectIni,
    /// A script in a spec's `cluster-init/scripts/` folder.
    Script,
}

impl ProjectRule {
    /// A finding of this rule at its default severity.
    pub(crate) fn diagnostic(
        &'static self,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code: self.code,
            severity: self.severity,
            range,
            message: message.into(),
            related: Vec::new(),
            tags: Vec::new(),
            fixes: Vec::new(),
        }
    }
}

/// Every project rule, ordered by code.
pub fn project_rules() -> &'static [&'static ProjectRule] {
    PROJECT_RULES
}

const PROJECT_RULES: &[&ProjectRule] = &[
    &super::ini_checks::MISSING_FIELD,
    &super::ini_checks::UNKNOWN_KEY,
    &super::ini_checks::BAD_VERSION,
    &super::scripts::CRLF,
    &super::scripts::LATE_SHEBANG,
    &super::scripts::NOT_EXECUTABLE,
    &super::scripts::UNNUMBERED,
];

/// The project rule with this code (any case).
pub fn project_rule_by_code(code: &str) -> Option<&'static ProjectRule> {
    project_rules()
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

/// Applies the user's per-rule settings (off, or another severity) and sorts by position.
pub(crate) fn settle(settings: &Settings, mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found.retain_mut(|diagnostic| match settings.rule_level(diagnostic.code) {
        Some(RuleLevel::Off) => false,
        Some(RuleLevel::Severity(severity)) => {
            diagnostic.severity = severity;
            true
        }
        None => true,
    });
    found.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_ordered_and_docs_have_the_fixed_headings() {
        let rules = project_rules();
        for pair in rules.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        for rule in rules {
            assert!(rule.code.starts_with("CC08"), "{}", rule.code);
            assert!(
                crate::rules::by_code(rule.code).is_none(),
                "{} is also a template rule",
                rule.code
            );
            for heading in [
                "## What it finds",
                "## Why it matters",
                "## Example",
                "## Fix",
            ] {
                assert!(
                    rule.doc.contains(heading),
                    "{} doc lacks `{heading}`",
                    rule.code
                );
            }
        }
        assert_eq!(
            project_rule_by_code("cc0801").unwrap().name,
            "project-ini-missing-field"
        );
    }
}
