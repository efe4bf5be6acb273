//! Test helper: a project file with its findings written under the lines they start on
//! (carets under the covered characters, then `severity[CODE]: message`).

use crate::Diagnostic;

/// `text` with each finding annotated under its first line.
pub(crate) fn annotate_file(text: &str, found: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        out.push_str(line);
        for diagnostic in found.iter().filter(|d| {
            d.range.start >= start
                && (d.range.start < end || (end == text.len() && d.range.start == end))
        }) {
            let column = diagnostic.range.start - start;
            let last = diagnostic
                .range
                .end
                .min(start + content.len())
                .max(diagnostic.range.start + 1);
            out.push_str(&format!(
                "{}{} {}[{}]: {}\n",
                " ".repeat(column),
                "^".repeat(last - diagnostic.range.start),
                diagnostic.severity,
                diagnostic.code,
                diagnostic.message
            ));
        }
        start = end;
    }
    out
}
