//! `rules` and `explain`: what every rule checks, from the rules' own metadata.

use std::process::ExitCode;

use cyclecloud_analysis::params_file::{self, params_rule_by_code, ParamsRule};
use cyclecloud_analysis::project::{project_rule_by_code, project_rules, ProjectRule};
use cyclecloud_analysis::{rules, Rule};

/// Prints a table of every rule: code, default severity, whether it has a fix, name and summary.
pub fn list() -> ExitCode {
    print!("{}", table(&rows()));
    ExitCode::SUCCESS
}

/// One row per rule, the template, parameter-file and project-file rules together, by code.
fn rows() -> Vec<[&'static str; 5]> {
    let mut rows: Vec<[&'static str; 5]> = rules::all()
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
        .chain(params_file::RULES.iter().map(|rule| {
            [
                rule.code,
                rule.severity.as_str(),
                "none",
                rule.name,
                rule.summary,
            ]
        }))
        .chain(project_rules().iter().map(|rule| {
            [
                rule.code,
                rule.severity.as_str(),
                "none",
                rule.name,
                rule.summary,
            ]
        }))
        .collect();
    rows.sort_by_key(|row| row[0]);
    rows
}

/// Prints the documentation of the rule with this code (any case); exit 2 when there is none.
pub fn explain(code: &str) -> ExitCode {
    let text = rules::by_code(code.trim())
        .map(explanation)
        .or_else(|| params_rule_by_code(code.trim()).map(params_explanation))
        .or_else(|| project_rule_by_code(code.trim()).map(project_explanation));
    match text {
        Some(text) => {
            print!("{text}");
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

/// The rows as aligned columns under a header line.
fn table(rows: &[[&str; 5]]) -> String {
    let header = ["CODE", "SEVERITY", "FIX", "NAME", "SUMMARY"];
    let mut widths = header.map(str::len);
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
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

/// A parameter-file rule's heading line followed by its Markdown documentation.
fn params_explanation(rule: &ParamsRule) -> String {
    format!(
        "# {} {} ({} by default; checks a parameter file; fix none)\n\n{}\n\n{}\n",
        rule.code,
        rule.name,
        rule.severity,
        rule.summary,
        rule.doc.trim_end()
    )
}

/// A project-file rule's heading line followed by its Markdown documentation.
fn project_explanation(rule: &ProjectRule) -> String {
    format!(
        "# {} {} ({} by default; checks a project's files; fix none)\n\n{}\n\n{}\n",
        rule.code,
        rule.name,
        rule.severity,
        rule.summary,
        rule.doc.trim_end()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lists_every_rule_once_in_aligned_columns() {
        let out = table(&rows());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines.len(),
            rules::all().len() + params_file::RULES.len() + project_rules().len() + 1
        );
        assert!(lines.iter().any(|line| line.starts_with("CC0702")), "{out}");
        assert!(lines[0].starts_with("CODE    SEVERITY"), "{out}");
        let summary_column = lines[0].find("SUMMARY").expect("header");
        let fix_column = lines[0].find("FIX").expect("header");
        for rule in rules::all() {
            let line = lines
                .iter()
                .find(|line| line.starts_with(rule.code))
                .expect("every rule listed");
            assert_eq!(
                line.find(rule.fix_availability()),
                Some(fix_column),
                "{line}"
            );
            assert_eq!(line.find(rule.summary), Some(summary_column), "{line}");
        }
    }

    #[test]
    fn explain_finds_parameter_file_rules() {
        let rule = params_rule_by_code("cc0704").expect("CC0704 exists");
        let text = params_explanation(rule);
        assert!(text.starts_with("# CC0704 "), "{text}");
        assert!(text.contains("checks a parameter file"), "{text}");
        assert!(text.contains("## Fix"), "{text}");
    }
}
