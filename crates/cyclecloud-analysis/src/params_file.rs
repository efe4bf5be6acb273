//! Parameter files: the flat JSON object of parameter values that `cyclecloud create_cluster -p
//! FILE` and `cyclecloud import_template -p FILE` take, checked against the template's
//! `[parameter]` declarations. Findings carry byte ranges in the parameter file.

mod assist;
mod declared;
pub mod json;
mod mapping;
mod rules;
#[cfg(test)]
mod testing;

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::settings::Settings;
pub use assist::{completions, hover, ParamsCompletion, ParamsCompletionKind, ParamsHover};
pub use json::{JsonError, JsonKind, JsonMember, JsonValue};
pub use mapping::template_for;

/// One check of parameter files: like a template [`crate::Rule`], but it reads a parameter
/// file next to the template's model rather than a template alone.
#[derive(Debug)]
pub struct ParamsRule {
    /// Stable code users configure and suppress it by (`CC0702`).
    pub code: &'static str,
    /// A kebab-case name.
    pub name: &'static str,
    /// Severity unless the user overrides it.
    pub severity: Severity,
    /// One line for `rules` listings.
    pub summary: &'static str,
    /// Markdown with the fixed headings: what it finds, why it matters, example, fix.
    pub doc: &'static str,
    /// Runs the check.
    pub check: fn(&mut ParamsContext<'_>),
}

/// Every parameter-file rule, in code order.
pub static RULES: &[&ParamsRule] = rules::ALL;

/// The parameter-file rule with this code (any case), for `explain` and rule listings.
pub fn params_rule_by_code(code: &str) -> Option<&'static ParamsRule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

/// A parameter file read: its members when it is a JSON object.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamsFile {
    /// Members in document order; empty when the file is not an object.
    pub members: Vec<JsonMember>,
    /// The top-level value's range (where file-wide findings point).
    pub range: Range<usize>,
    /// Why the text is not a JSON object, if it is not.
    pub error: Option<JsonError>,
}

impl ParamsFile {
    /// Reads a parameter file; never fails, bad JSON is kept as `error`.
    pub fn parse(text: &str) -> ParamsFile {
        match json::parse(text) {
            Ok(JsonValue {
                kind: JsonKind::Object(members),
                range,
            }) => ParamsFile {
                members,
                range,
                error: None,
            },
            Ok(value) => ParamsFile {
                members: Vec::new(),
                range: value.range.clone(),
                error: Some(JsonError {
                    message: "a parameter file must be a JSON object of parameter names and values"
                        .to_owned(),
                    offset: value.range.start,
                }),
            },
            Err(error) => ParamsFile {
                members: Vec::new(),
                range: 0..0,
                error: Some(error),
            },
        }
    }

    /// The member whose key or value holds `offset`, for completion and hover.
    pub fn member_at(&self, offset: usize) -> Option<&JsonMember> {
        self.members.iter().find(|member| {
            (member.key_range.start..=member.key_range.end).contains(&offset)
                || (member.value.range.start..=member.value.range.end).contains(&offset)
        })
    }
}

/// What a parameter-file rule reads, and where it writes its findings.
pub struct ParamsContext<'a> {
    /// The parameter file's text.
    pub text: &'a str,
    /// The parameter file read.
    pub file: &'a ParamsFile,
    /// The template's model.
    pub model: &'a Model,
    rule: &'static ParamsRule,
    diagnostics: Vec<Diagnostic>,
}

impl ParamsContext<'_> {
    /// Reports a finding of the running rule at its default severity.
    pub fn report(&mut self, range: Range<usize>, message: String) {
        self.diagnostics.push(Diagnostic {
            code: self.rule.code,
            severity: self.rule.severity,
            range,
            message,
            related: Vec::new(),
            tags: Vec::new(),
            fixes: Vec::new(),
        });
    }
}

/// Checks a parameter file's text against a template's model, findings sorted by position.
pub fn check(text: &str, model: &Model) -> Vec<Diagnostic> {
    let file = ParamsFile::parse(text);
    let mut diagnostics = Vec::new();
    for &rule in RULES {
        let mut context = ParamsContext {
            text,
            file: &file,
            model,
            rule,
            diagnostics: Vec::new(),
        };
        (rule.check)(&mut context);
        diagnostics.append(&mut context.diagnostics);
    }
    diagnostics.sort_by_key(|diagnostic| (diagnostic.range.start, diagnostic.code));
    diagnostics
}

/// [`check`] under the user's `[rules]` settings: rules set to `off` are dropped, others take
/// the configured severity, as template and project-file findings do.
pub fn check_with_settings(text: &str, model: &Model, settings: &Settings) -> Vec<Diagnostic> {
    crate::project::settle(settings, check(text, model))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use cyclecloud_syntax::Snapshot;

    #[test]
    fn rules_are_found_by_code_in_any_case() {
        assert_eq!(
            params_rule_by_code("cc0702").map(|rule| rule.code),
            Some("CC0702")
        );
        assert!(params_rule_by_code("CC0801").is_none());
    }

    #[test]
    fn rule_settings_turn_findings_off_or_change_their_severity() {
        let model = crate::model::build(&Snapshot::parse(testing::TEMPLATE));
        let text = r#"{"Nope": 1, "Region": "eastus", "MaxCores": "many"}"#;
        let codes = |settings: &Settings| -> Vec<(&str, Severity)> {
            check_with_settings(text, &model, settings)
                .iter()
                .map(|diagnostic| (diagnostic.code, diagnostic.severity))
                .collect()
        };
        let defaults = codes(&Settings::default());
        assert!(
            defaults.iter().any(|(code, _)| *code == "CC0702"),
            "{defaults:?}"
        );
        let settings =
            Settings::from_toml("[rules]\nCC0702 = \"off\"\nCC0703 = \"hint\"\n").unwrap();
        let configured = codes(&settings);
        assert!(
            !configured.iter().any(|(code, _)| *code == "CC0702"),
            "{configured:?}"
        );
        assert!(
            configured.contains(&("CC0703", Severity::Hint)),
            "{configured:?}"
        );
    }
}
