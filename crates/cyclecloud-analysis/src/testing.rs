//! Fixture helpers for rule tests.
//!
//! A rule fixture is one template that carries the findings expected of it as annotation lines,
//! each under the line its finding starts on (as rust-analyzer's `//^^^`):
//!
//! ```text
//! [cluster c]
//!     [[node n]]
//!     Tags.a:b = x
//!    #^^^^^^^^ warning[CC0306]: Tag name `a:b` contains `:`, …
//! ```
//!
//! - The carets sit under the characters the finding covers on that line, and a `#` directly
//!   before them keeps the fixture a template. A finding that starts at column 0 leaves no room
//!   for the `#`, so its annotation starts with the carets (`^^^ error[…]: …`); one at column 1
//!   is written `#^^^`.
//! - An empty finding shows one caret. A finding that runs past the end of its first line has
//!   carets to that line's end, then `+N:C` before the severity: it ends N lines further down,
//!   after C characters of that line (`+1:0` is a finding that takes in the line break).
//! - The message is written whole, on one line; findings on one line keep the rules' order.
//! - Annotation lines (blanks, an optional `#`, carets, a space, an optional `+N:C `, then
//!   `severity[`) are removed before analysis, so offsets are those of the template without them.
//!   A fixture that does not end with a line break stands for a template that does not either.
//!
//! A rule's tests call [`Rule::check_fixture`] on `super::RULE` with the fixture as an
//! `expect![[…]]` literal, so `UPDATE_EXPECT=1` rewrites it in place with the findings the rule now
//! reports, as expect-test does.

use std::fmt::Write as _;

use cyclecloud_syntax::Snapshot;
use expect_test::Expect;

use crate::{rules, run_rules, Diagnostic, Rule, Settings, Severity};

/// Runs rule `code` (all rules when empty) with default settings over the template of an
/// annotated fixture, asserts that its findings, written as annotations, give the fixture back,
/// and returns the template. A rule's own tests call [`Rule::check_fixture`] instead.
pub(crate) fn check_fixture(code: &str, fixture: Expect) -> String {
    check_fixture_with(&Settings::default(), code, fixture)
}

/// Like [`check_fixture`] with settings.
fn check_fixture_with(settings: &Settings, code: &str, fixture: Expect) -> String {
    let text = fixture_text(&fixture);
    let diagnostics = diagnostics_with(settings, code, &text);
    fixture.assert_eq(&annotate(&text, &diagnostics));
    text
}

impl Rule {
    /// [`check_fixture`] for this rule: its own tests name it once, as `super::RULE`.
    pub(crate) fn check_fixture(&self, fixture: Expect) -> String {
        check_fixture(self.code, fixture)
    }

    /// Like [`Rule::check_fixture`] with settings.
    pub(crate) fn check_fixture_with(&self, settings: &Settings, fixture: Expect) -> String {
        check_fixture_with(settings, self.code, fixture)
    }

    /// Applies fix number `index` of this rule's first diagnostic and returns the new text.
    pub(crate) fn fix(&self, fixture: &str, index: usize) -> String {
        self.fix_with(&Settings::default(), fixture, index)
    }

    /// Like [`Rule::fix`] with settings.
    pub(crate) fn fix_with(&self, settings: &Settings, fixture: &str, index: usize) -> String {
        let code = self.code;
        let text = fixture.trim_start_matches('\n');
        let diagnostics = diagnostics_with(settings, code, text);
        let diagnostic = diagnostics
            .first()
            .unwrap_or_else(|| panic!("{code} found nothing"));
        let fix = diagnostic
            .fixes
            .get(index)
            .unwrap_or_else(|| panic!("{code} has no fix {index}"));
        let mut edits = fix.edits.clone();
        edits.sort_by_key(|edit| edit.range.start);
        let out = crate::fix_all::apply_edits(text, &edits);
        format!("{}\n{out}", fix.title)
    }
}

/// The template of an annotated fixture, for the tests that also run it some other way.
pub(crate) fn fixture_text(fixture: &Expect) -> String {
    strip_annotations(&trim_indent(fixture.data()))
}

/// Settings that target CycleCloud `version`, for the rules whose findings depend on it.
pub(crate) fn target(version: &str) -> Settings {
    Settings {
        cyclecloud_version: cyclecloud_catalog::Version::parse(version),
        ..Settings::default()
    }
}

/// The raw findings of one rule with default settings (all rules when `code` is empty).
pub(crate) fn diagnostics(code: &str, text: &str) -> Vec<Diagnostic> {
    diagnostics_with(&Settings::default(), code, text)
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

/// The fixture text as expect-test compares it: without the first line break and the common
/// indentation (expect-test keeps this step private; it must stay the same as theirs).
fn trim_indent(data: &str) -> String {
    if !data.contains('\n') {
        return data.to_owned();
    }
    let text = data.strip_prefix('\n').unwrap_or(data);
    let indent = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    text.split_inclusive('\n')
        .map(|line| {
            if line.len() <= indent {
                line.trim_start_matches(' ')
            } else {
                &line[indent..]
            }
        })
        .collect()
}

/// Whether a fixture line is an annotation (see the module documentation).
fn is_annotation(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r']).trim_start_matches(' ');
    let line = line.strip_prefix('#').unwrap_or(line);
    let after_carets = line.trim_start_matches('^');
    if after_carets.len() == line.len() {
        return false;
    }
    let Some(mut rest) = after_carets.strip_prefix(' ') else {
        return false;
    };
    if let Some(span) = rest.strip_prefix('+') {
        let Some((end, after)) = span.split_once(' ') else {
            return false;
        };
        if !end.split_once(':').is_some_and(|(lines, column)| {
            [lines, column]
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        }) {
            return false;
        }
        rest = after;
    }
    [Severity::Hint, Severity::Warning, Severity::Error]
        .iter()
        .any(|severity| {
            rest.strip_prefix(severity.as_str())
                .is_some_and(|after| after.starts_with('['))
        })
}

/// The template of an annotated fixture: its lines without the annotation lines.
fn strip_annotations(fixture: &str) -> String {
    let mut text = String::with_capacity(fixture.len());
    let mut last_was_annotation = false;
    for line in fixture.split_inclusive('\n') {
        last_was_annotation = is_annotation(line);
        if !last_was_annotation {
            text.push_str(line);
        }
    }
    // An annotation after the last line needs a line break the template may not have.
    if last_was_annotation && !fixture.ends_with('\n') {
        text.pop();
    }
    text
}

/// The template with an annotation line under each finding (see the module documentation);
/// panics on a finding no line can show.
fn annotate(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut shown = 0;
    let mut line_start = 0;
    let mut last_line_annotated = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let line_end = line_start + content.len();
        out.push_str(line);
        last_line_annotated = false;
        for diagnostic in diagnostics
            .iter()
            .filter(|d| (line_start..=line_end).contains(&d.range.start))
        {
            assert!(
                !diagnostic.message.contains('\n'),
                "a message on two lines cannot be annotated: {diagnostic:?}"
            );
            if !out.ends_with('\n') {
                out.push('\n');
            }
            let start = diagnostic.range.start - line_start;
            let end = diagnostic
                .range
                .end
                .min(line_end)
                .max(diagnostic.range.start)
                - line_start;
            let pad = content[..start].chars().count();
            if pad > 0 {
                out.push_str(&" ".repeat(pad - 1));
                out.push('#');
            }
            out.push_str(&"^".repeat(content[start..end].chars().count().max(1)));
            if diagnostic.range.end > line_end {
                let rest = &text[line_start..diagnostic.range.end];
                let lines_down = rest.matches('\n').count();
                let last_line = rest.rfind('\n').map_or(rest, |at| &rest[at + 1..]);
                let _ = write!(out, " +{lines_down}:{}", last_line.chars().count());
            }
            let _ = write!(
                out,
                " {}[{}]: {}",
                diagnostic.severity, diagnostic.code, diagnostic.message
            );
            out.push('\n');
            last_line_annotated = true;
            shown += 1;
        }
        line_start += line.len();
    }
    // Annotations after a last line without a line break end without one too.
    if last_line_annotated && !text.ends_with('\n') {
        out.pop();
    }
    assert_eq!(
        shown,
        diagnostics.len(),
        "findings after the last line break cannot be annotated: {diagnostics:#?}"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::{annotate, strip_annotations, trim_indent};
    use crate::{Diagnostic, Severity};

    fn finding(range: std::ops::Range<usize>, message: &str) -> Diagnostic {
        Diagnostic {
            code: "CC0000",
            severity: Severity::Warning,
            range,
            message: message.to_owned(),
            related: Vec::new(),
            tags: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// Annotates, checks the expected fixture, and strips it back to the template.
    fn round_trip(text: &str, findings: &[Diagnostic], expected: &str) {
        let fixture = annotate(text, findings);
        assert_eq!(fixture, expected);
        assert_eq!(strip_annotations(&fixture), text);
    }

    #[test]
    fn columns_zero_one_and_further_and_an_empty_finding() {
        round_trip(
            "Abc = é1\n",
            &[
                finding(0..3, "at 0"),
                finding(1..2, "at 1"),
                finding(6..9, "after é"),
                finding(9..9, "empty, at the end"),
            ],
            "Abc = é1\n^^^ warning[CC0000]: at 0\n#^ warning[CC0000]: at 1\n     #^^ warning[CC0000]: after é\n       #^ warning[CC0000]: empty, at the end\n",
        );
    }

    #[test]
    fn a_finding_over_several_lines_says_where_it_ends() {
        round_trip(
            "a = '''x\ny\nzz'''\nb = 1\n",
            &[finding(4..16, "block"), finding(19..23, "with the break")],
            "a = '''x\n   #^^^^ +2:5 warning[CC0000]: block\ny\nzz'''\nb = 1\n #^^^ +1:0 warning[CC0000]: with the break\n",
        );
    }

    #[test]
    fn line_breaks_are_kept_and_a_missing_last_one_stays_missing() {
        round_trip(
            "a = 1\r\nb",
            &[finding(0..1, "crlf"), finding(7..8, "last")],
            "a = 1\r\n^ warning[CC0000]: crlf\nb\n^ warning[CC0000]: last",
        );
        round_trip("a = 1\nb", &[], "a = 1\nb");
    }

    #[test]
    fn comments_that_look_alike_stay_in_the_template() {
        let text =
            "# ^^^ not an annotation\n#^^^ note[CC1]: no severity\n#^ +x:1 warning[CC1]: bad end\n";
        assert_eq!(strip_annotations(text), text);
    }

    #[test]
    fn indentation_is_trimmed_as_expect_test_does() {
        assert_eq!(trim_indent("\n    a\n      b\n\n    "), "a\n  b\n\n");
        assert_eq!(trim_indent("one line"), "one line");
    }
}
