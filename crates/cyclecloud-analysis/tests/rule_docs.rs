//! `docs/rules/*.md` are the pages diagnostics link to (`codeDescription`); they are generated
//! from each rule's doc so the two cannot drift. Regenerate with
//! `UPDATE_RULE_DOCS=1 cargo test -p cyclecloud-analysis --test rule_docs`.

use std::fmt::Write as _;
use std::path::Path;

use cyclecloud_analysis::params_file::{self, ParamsRule};
use cyclecloud_analysis::project::{project_rules, ProjectFile, ProjectRule};
use cyclecloud_analysis::rules;

fn page(rule: &cyclecloud_analysis::Rule) -> String {
    format!(
        "# {} `{}`\n\nDefault severity: **{}**. Fix: {}. Spec rule(s): {}.\n\n{}.\n\n{}",
        rule.code,
        rule.name,
        rule.severity,
        rule.fix_availability(),
        rule.spec,
        rule.summary.trim_end_matches('.'),
        rule.doc.trim_start()
    )
}

/// The page of a check of a parameter file (`check --params`, `[[params]]`).
fn params_page(rule: &ParamsRule) -> String {
    format!(
        "# {} `{}`\n\nDefault severity: **{}**. Fix: none. Checks parameter files (`check \
         --params`, or the files `[[params]]` maps to a template).\n\n{}.\n\n{}",
        rule.code,
        rule.name,
        rule.severity,
        rule.summary.trim_end_matches('.'),
        rule.doc.trim_start()
    )
}

/// The page of a check of a project's own files (`project.ini`, scripts).
fn project_page(rule: &ProjectRule) -> String {
    let file = match rule.file {
        ProjectFile::ProjectIni => "`project.ini`",
        ProjectFile::Script => "cluster-init scripts",
    };
    format!(
        "# {} `{}`\n\nDefault severity: **{}**. Fix: none. Checks {file} (`check` on a project \
         folder).\n\n{}.\n\n{}",
        rule.code,
        rule.name,
        rule.severity,
        rule.summary.trim_end_matches('.'),
        rule.doc.trim_start()
    )
}

fn index() -> String {
    let mut out = String::from(
        "# Rules\n\nEvery check of cyclecloud-lsp, with its default severity. Configure a rule in \
         `.cyclecloud-lsp.toml` under `[rules]` (`CC0201 = \"off\"`), or hide it on one line with \
         `# cyclecloud-lsp: ignore[CC0201]`. A rule with a fix offers it as a quick fix in the editor \
         (safe ones also through `check --fix`).\n\n| code | name | severity | fix | summary |\n|---|---|---|---|---|\n",
    );
    for rule in rules::all() {
        let _ = writeln!(
            out,
            "| [{0}]({0}.md) | `{1}` | {2} | {3} | {4} |",
            rule.code,
            rule.name,
            rule.severity,
            rule.fix_availability(),
            rule.summary
        );
    }
    out.push_str(
        "\nChecks of parameter files, run by `check --params` and on the files `[[params]]` maps \
         to a template:\n\n| code | name | severity | fix | summary |\n|---|---|---|---|---|\n",
    );
    for rule in params_file::RULES {
        let _ = writeln!(
            out,
            "| [{0}]({0}.md) | `{1}` | {2} | none | {3} |",
            rule.code, rule.name, rule.severity, rule.summary
        );
    }
    out.push_str(
        "\nChecks of a project's own files, run by `check` on a folder holding a `project.ini`:\n\n\
         | code | name | severity | fix | summary |\n|---|---|---|---|---|\n",
    );
    for rule in project_rules() {
        let _ = writeln!(
            out,
            "| [{0}]({0}.md) | `{1}` | {2} | none | {3} |",
            rule.code, rule.name, rule.severity, rule.summary
        );
    }
    out
}

#[test]
fn rule_pages_match_the_rules() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let mut expected = vec![("README.md".to_owned(), index())];
    for rule in rules::all() {
        expected.push((format!("{}.md", rule.code), page(rule)));
    }
    for rule in params_file::RULES {
        expected.push((format!("{}.md", rule.code), params_page(rule)));
    }
    for rule in project_rules() {
        expected.push((format!("{}.md", rule.code), project_page(rule)));
    }
    if std::env::var_os("UPDATE_RULE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            std::fs::remove_file(entry.path()).unwrap();
        }
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let on_disk = std::fs::read_dir(&dir)
        .map(|entries| entries.count())
        .unwrap_or(0);
    assert!(
        stale.is_empty() && on_disk == expected.len(),
        "docs/rules is out of date ({} stale, {on_disk} files for {} pages): run \
         UPDATE_RULE_DOCS=1 cargo test -p cyclecloud-analysis --test rule_docs",
        stale.len(),
        expected.len()
    );
}
