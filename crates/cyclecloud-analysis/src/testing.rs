//! Fixture helpers for rule tests: a small template in, annotated diagnostics out.

use std::fmt::Write as _;

use cyclecloud_syntax::Snapshot;

use crate::{rules, run_rules, Diagnostic, Settings};

/// Runs one rule on a fixture with default settings and renders the findings.
pub(crate) fn check(code: &str, fixture: &str) -> String {
    check_with(&Settings::default(), code, fixture)
}

/// Runs one rule with the given settings and renders the findings under the lines they point at.
pub(crate) fn check_with(settings: &Settings, code: &str, fixture: &str) -> String {
    let text = fixture.trim_start_matches('\n');
    let diagnostics = diagnostics_with(settings, code, text);
    render(text, &diagnostics)
}

/// The raw findings of one rule (all rules when `code` is empty).
pub(crate) fn diagnostics_with(settings: &Settings, code: &str, text: &str) -> Vec<Diagnostic> {
    let snapshot = Snapshot::parse(text);
    let model = crate::model::build(&snapshot);
    let selected: Vec<_> = if code.is_empty() {
        rules::all().to_vec()
    } else {
        vec![rules::by_code(code).unwrap_or_else(|| panic!("no rule {code}"))]
    };
    run_rules(&snapshot, &model, settings, &selected)
}

/// Applies fix number `index` of the first diagnostic of `code` and returns the new text.
pub(crate) fn fix(code: &str, fixture: &str, index: usize) -> String {
    fix_with(&Settings::default(), code, fixture, index)
}

/// Like [`fix`] with settings.
pub(crate) fn fix_with(settings: &Settings, code: &str, fixture: &str, index: usize) -> String {
    let text = fixture.trim_start_matches('\n');
    let diagnostics = diagnostics_with(settings, code, text);
    let diagnostic = diagnostics
        .first()
        .unwrap_or_else(|| panic!("{code} found nothing"));
    let fix = diagnostic
        .fixes
        .get(index)
        .unwrap_or_else(|| panic!("{code} has no fix {index}"));
    let mut out = text.to_owned();
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.range.start));
    for edit in edits {
        out.replace_range(edit.range.clone(), &edit.new_text);
    }
    format!("{}\n{out}", fix.title)
}

/// The text with a caret line under each finding: `^^^ severity[CODE]: message`.
pub(crate) fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let line_end = line_start + content.len();
        let _ = writeln!(out, "{content}");
        for diagnostic in diagnostics
            .iter()
            .filter(|d| (line_start..=line_end).contains(&d.range.start))
        {
            let start = diagnostic.range.start - line_start;
            let end = diagnostic
                .range
                .end
                .min(line_end)
                .max(diagnostic.range.start)
                - line_start;
            let width = content[start..end.max(start)].chars().count().max(1);
            let pad = content[..start].chars().count();
            let _ = writeln!(
                out,
                "{}{} {}[{}]: {}",
                " ".repeat(pad),
                "^".repeat(width),
                diagnostic.severity,
                diagnostic.code,
                diagnostic.message
            );
        }
        line_start += line.len();
    }
    out
}
