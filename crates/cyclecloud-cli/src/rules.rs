//! `rules` and `explain`: what every rule checks, from the rules' own metadata.

use std::process::ExitCode;

use cyclecloud_analysis::{rules, Rule};

/// Prints a table of every rule: code, default severity, whether it has a fix, name and summary.
pub fn list() -> ExitCode {
    print!("{}", table(rules::all()));
    ExitCode::SUCCESS
}

/// Prints the documentation of the rule with this code (any case); exit 2 when there is none.
pub fn explain(code: &str) -> ExitCode {
    match rules::by_code(code.trim()) {
        Some(rule) => {
            print!("{}", explanation(rule));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "error: no rule has the code `{code}`; run `cyclecloud-lsp rules` to list the codes"
            );
            ExitCode::from(2)
        }
    }
}

/// The rules as aligned columns under a header line.
fn table(rules: &[&Rule]) -> String {
    let header = ["CODE", "SEVERITY", "FIX", "NAME", "SUMMARY"];
    let rows: Vec<[&str; 5]> = rules
        .iter()
        .map(|rule| {
            [
                rule.code,
                rule.severity.as_str(),
                rule.fix_availability(),
                rule.name,
                rule.summary,
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{:w0$}  {:w1$}  {:w2$}  {:w3$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A rule's heading line followed by its Markdown documentation.
fn explanation(rule: &Rule) -> String {
    let mut out = format!(
        "# {} {} ({} by default; spec {}; fix {})\n\n{}\n\n",
        rule.code,
        rule.name,
        rule.severity,
        rule.spec,
        rule.fix_availability(),
        rule.summary
    );
    out.push_str(rule.doc.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lists_every_rule_once_in_aligned_columns() {
        let out = table(rules::all());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), rules::all().len() + 1);
        assert!(lines[0].starts_with("CODE    SEVERITY"), "{out}");
        let summary_column = lines[0].find("SUMMARY").expect("header");
        let fix_column = lines[0].find("FIX").expect("header");
        for (line, rule) in lines[1..].iter().zip(rules::all()) {
            assert!(line.starts_with(rule.code), "{line}");
            assert_eq!(
                line.find(rule.fix_availability()),
                Some(fix_column),
                "{line}"
            );
            assert_eq!(line.find(rule.summary), Some(summary_column), "{line}");
        }
    }
}
