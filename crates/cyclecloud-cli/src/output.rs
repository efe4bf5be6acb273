//! How `check` prints one finding: a text line, a JSON Lines object, or a GitHub Actions
//! workflow command (SARIF, one document for the whole run, is in [`crate::sarif`]). Lines and
//! columns are 1-based; columns count Unicode scalar values.

use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use cyclecloud_analysis::{Diagnostic, Severity};
use cyclecloud_syntax::line_index::offset_to_position;
use cyclecloud_syntax::{PositionEncoding, Snapshot};
use serde::Serialize;

/// The output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:column: severity[CODE] message`, then a summary line.
    Text,
    /// One JSON object per finding per line (JSON Lines); the summary goes to stderr.
    Json,
    /// GitHub Actions annotations (`::error file=…::message`), then a summary line.
    Github,
    /// One SARIF 2.1.0 log (for GitHub code scanning); the summary goes to stderr.
    Sarif,
}

impl Format {
    /// Whether stdout must hold only machine-readable data (the summary then goes to stderr).
    pub fn is_data(self) -> bool {
        matches!(self, Format::Json | Format::Sarif)
    }
}

/// A 1-based range of lines and columns; the end is exclusive (one past the last character).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Span {
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) end_line: u32,
    pub(crate) end_column: u32,
}

impl Span {
    /// Columns in Unicode scalar values, what terminals and most editors count.
    fn of(snapshot: &Snapshot, range: &Range<usize>) -> Span {
        Span::counted_in(snapshot, range, PositionEncoding::Utf32)
    }

    /// Columns in the given units (SARIF counts UTF-16 code units by default).
    pub(crate) fn counted_in(
        snapshot: &Snapshot,
        range: &Range<usize>,
        encoding: PositionEncoding,
    ) -> Span {
        let start = offset_to_position(snapshot.rope(), range.start, encoding);
        let end = offset_to_position(snapshot.rope(), range.end, encoding);
        Span {
            line: start.line + 1,
            column: start.character + 1,
            end_line: end.line + 1,
            end_column: end.character + 1,
        }
    }
}

/// One finding in `format`, ending with a line break; `text` is the snapshot's text.
pub fn render(
    format: Format,
    path: &Path,
    snapshot: &Snapshot,
    text: &str,
    diagnostic: &Diagnostic,
) -> String {
    let span = Span::of(snapshot, &diagnostic.range);
    match format {
        Format::Text => format!(
            "{}:{}:{}: {}[{}] {}\n{}",
            path.display(),
            span.line,
            span.column,
            diagnostic.severity,
            diagnostic.code,
            diagnostic.message,
            code_frame(text, diagnostic, span.line)
        ),
        Format::Json => format!("{}\n", json_line(path, snapshot, diagnostic, span)),
        Format::Github => github_command(path, diagnostic, span),
        // Collected by `check` into one log instead.
        Format::Sarif => String::new(),
    }
}

/// A finding as one JSON Lines record; fields print in this order.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    #[serde(flatten)]
    span: Span,
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    fix: Option<JsonFix<'a>>,
}

/// The first fix of a finding, in JSON.
#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<JsonEdit<'a>>,
}

/// One edit of a fix, in JSON.
#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    span: Span,
    new_text: &'a str,
}

fn json_line(path: &Path, snapshot: &Snapshot, diagnostic: &Diagnostic, span: Span) -> String {
    let record = JsonDiagnostic {
        file: path.display().to_string(),
        span,
        code: diagnostic.code,
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        fix: diagnostic.fixes.first().map(|fix| JsonFix {
            title: &fix.title,
            safe: fix.safe,
            edits: fix
                .edits
                .iter()
                .map(|edit| JsonEdit {
                    span: Span::of(snapshot, &edit.range),
                    new_text: &edit.new_text,
                })
                .collect(),
        }),
    };
    serde_json::to_string(&record).expect("plain data serializes")
}

/// The lines of `text` holding the finding, its range underlined as compilers show it, and a
/// blank line; `line` is the 1-based number of the finding's first line.
fn code_frame(text: &str, diagnostic: &Diagnostic, line: u32) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Hint => Level::NOTE,
    };
    // Only the lines the range covers, so a frame costs what it shows, not the whole file.
    let end = diagnostic.range.end.min(text.len());
    let start = diagnostic.range.start.min(end);
    let first = text[..start].rfind('\n').map_or(0, |newline| newline + 1);
    let last = text[end..]
        .find('\n')
        .map_or(text.len(), |newline| end + newline);
    let snippet = Snippet::source(&text[first..last])
        .line_start(line as usize)
        .annotation(AnnotationKind::Primary.span(start - first..end - first));
    let mut frame = Renderer::plain().render(&[Group::with_level(level).element(snippet)]);
    frame.push_str("\n\n");
    frame
}

fn github_command(path: &Path, diagnostic: &Diagnostic, span: Span) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "notice",
    };
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
        escape_property(&path.display().to_string()),
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        escape_property(diagnostic.code),
        escape_data(&diagnostic.message)
    )
}

/// Escapes a workflow command's message: `%`, `\r` and `\n`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: the message escapes plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_follow_the_workflow_command_rules() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn columns_count_unicode_scalar_values() {
        let snapshot = Snapshot::parse("# é😀\nx");
        // `é` is 2 bytes and the emoji 4: bytes 2..8 are scalar values 2..4.
        let span = Span::of(&snapshot, &(2..8));
        assert_eq!(
            span,
            Span {
                line: 1,
                column: 3,
                end_line: 1,
                end_column: 5
            }
        );
    }

    fn diagnostic(range: Range<usize>) -> Diagnostic {
        Diagnostic {
            code: "CC0000",
            severity: Severity::Error,
            range,
            message: String::new(),
            related: Vec::new(),
            tags: Vec::new(),
            fixes: Vec::new(),
        }
    }

    #[test]
    fn code_frame_underlines_the_range_on_its_numbered_line() {
        let text = "[cluster c]\n    Bad = yes\n";
        let frame = code_frame(text, &diagnostic(22..25), 2);
        assert_eq!(frame, "  |\n2 |     Bad = yes\n  |           ^^^\n\n");
    }

    #[test]
    fn code_frame_folds_long_ranges_and_points_at_the_end_of_the_file() {
        let text: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let frame = code_frame(&text, &diagnostic(7..text.len()), 2);
        assert!(frame.lines().count() < 15, "{frame}");
        assert!(frame.contains("30 | | line 30"), "{frame}");
        let frame = code_frame(&text, &diagnostic(text.len()..text.len()), 31);
        assert!(frame.contains('^'), "{frame}");
    }
}
