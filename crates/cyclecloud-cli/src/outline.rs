//! `outline`: the section tree of each template and its syntax errors, for a quick look at how
//! the parser reads a file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cyclecloud_syntax::ast::{top_sections, Section};
use cyclecloud_syntax::line_index::offset_to_position;
use cyclecloud_syntax::{syntax_errors, PositionEncoding, Snapshot};

/// Prints the outline of every file; exit 1 when any has syntax errors, 2 when one is unreadable.
pub fn run(files: &[PathBuf]) -> ExitCode {
    let mut worst = 0u8;
    for path in files {
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                let (report, error_count) = render(path, &text);
                print!("{report}");
                if error_count > 0 {
                    worst = worst.max(1);
                }
            }
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                worst = 2;
            }
        }
    }
    ExitCode::from(worst)
}

/// The outline of one text, and how many syntax errors it has.
fn render(path: &Path, text: &str) -> (String, usize) {
    let snapshot = Snapshot::parse(text);
    let mut out = String::new();
    let sections = top_sections(&snapshot);
    for section in &sections {
        write_section(&mut out, &snapshot, section, 0);
    }
    let errors = syntax_errors(&snapshot);
    for error in &errors {
        let position =
            offset_to_position(snapshot.rope(), error.range.start, PositionEncoding::Utf32);
        let _ = writeln!(
            out,
            "{}:{}:{}: error: {}",
            path.display(),
            position.line + 1,
            position.character + 1,
            error.message
        );
    }
    let _ = writeln!(
        out,
        "{}: {} top-level sections, {} syntax error{}",
        path.display(),
        sections.len(),
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    (out, errors.len())
}

fn write_section(out: &mut String, snapshot: &Snapshot, section: &Section<'_>, depth: usize) {
    let line = offset_to_position(
        snapshot.rope(),
        section.range().start,
        PositionEncoding::Utf32,
    )
    .line
        + 1;
    let rank = section.rank().max(1);
    let name = section
        .name()
        .map(|name| format!(" {name}"))
        .unwrap_or_default();
    let attributes = section.attributes().count();
    let _ = writeln!(
        out,
        "{:indent$}{}{}{}{}  (line {line}, {attributes} attribute{})",
        "",
        "[".repeat(rank),
        section.kind(),
        name,
        "]".repeat(rank),
        if attributes == 1 { "" } else { "s" },
        indent = depth * 2
    );
    for child in section.children() {
        write_section(out, snapshot, &child, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_nests_sections_and_counts_attributes() {
        let (out, errors) = render(
            Path::new("t.txt"),
            "[cluster c]\nA = 1\n  [[node n]]\n  B = 2\n  C = 3\n",
        );
        assert_eq!(errors, 0);
        assert_eq!(
            out,
            "[cluster c]  (line 1, 1 attribute)\n  [[node n]]  (line 3, 2 attributes)\nt.txt: 1 top-level sections, 0 syntax errors\n"
        );
    }

    #[test]
    fn syntax_errors_are_listed_with_line_and_column() {
        let (out, errors) = render(Path::new("t.txt"), "[cluster c]\nx := f(\n");
        assert_eq!(errors, 1);
        assert!(out.contains("t.txt:2:"), "{out}");
    }
}
