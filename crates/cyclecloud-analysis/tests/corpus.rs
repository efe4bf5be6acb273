//! No false alarms: over every real template in `../shared/corpus`, each error-severity
//! diagnostic must be a real bug listed in `tests/corpus_expected_errors.toml` with a one-line
//! justification; any other error fails. The number of findings per rule and severity is a
//! snapshot (`tests/corpus_finding_counts.txt`), so a change in any rule's precision shows up in
//! review: after reading the new findings (`../shared/tools/rule-sample`), update it with
//! `UPDATE_EXPECT=1 cargo test -p cyclecloud-analysis --test corpus`.
//!
//! Without the shared corpus the test runs over the committed fixtures: only
//! `deliberate-errors.txt` may have errors, and every finding is in the snapshot
//! `tests/fixture_findings.txt` (updated the same way).

use std::collections::BTreeMap;

use cyclecloud_analysis::{analyze, Settings, Severity};
use cyclecloud_e2e::corpus::{corpus, Corpus};
use cyclecloud_syntax::line_index::offset_to_position;
use cyclecloud_syntax::{PositionEncoding, Snapshot};
use expect_test::expect_file;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expectations {
    #[serde(default)]
    error: Vec<ExpectedError>,
}

#[derive(Deserialize)]
struct ExpectedError {
    /// Path relative to the corpus folder.
    file: String,
    /// 1-based line.
    line: usize,
    code: String,
    /// Why this is a real bug in that template.
    why: String,
}

#[test]
fn real_templates_get_no_unexpected_errors() {
    let corpus = corpus();
    if !corpus.is_shared() {
        fixtures_get_the_findings_of_their_snapshot(&corpus);
        return;
    }
    let expectations: Expectations = toml::from_str(include_str!("corpus_expected_errors.toml"))
        .expect("expectations file parses");
    for expected in &expectations.error {
        assert!(
            !expected.why.trim().is_empty(),
            "{}:{} needs a justification",
            expected.file,
            expected.line
        );
    }
    let mut unexpected = Vec::new();
    let mut matched = vec![false; expectations.error.len()];
    let mut counts: BTreeMap<(&'static str, Severity), usize> = BTreeMap::new();
    let files = &corpus.files;
    for path in files {
        let relative = corpus.relative(path);
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let snapshot = Snapshot::parse(&text);
        let analysis = analyze(&snapshot, &Settings::default());
        for diagnostic in &analysis.diagnostics {
            *counts
                .entry((diagnostic.code, diagnostic.severity))
                .or_default() += 1;
            if diagnostic.severity != Severity::Error {
                continue;
            }
            let line = offset_to_position(
                snapshot.rope(),
                diagnostic.range.start,
                PositionEncoding::Utf8,
            )
            .line as usize
                + 1;
            match expectations
                .error
                .iter()
                .position(|e| e.file == relative && e.line == line && e.code == diagnostic.code)
            {
                Some(index) => matched[index] = true,
                None => unexpected.push(format!(
                    "{relative}:{line}: {} {}",
                    diagnostic.code, diagnostic.message
                )),
            }
        }
    }
    println!("corpus: {} files analysed", files.len());
    let mut snapshot = String::from(
        "# Findings per rule and severity over ../shared/corpus (tests/corpus.rs). Review a change\n\
         # with ../shared/tools/rule-sample and docs/rule-review.md before updating this file.\n",
    );
    for ((code, severity), count) in &counts {
        println!("  {code} {severity:<7} {count}");
        snapshot.push_str(&format!("{code} {severity:<7} {count}\n"));
    }
    let stale: Vec<_> = expectations
        .error
        .iter()
        .zip(&matched)
        .filter(|(_, found)| !**found)
        .map(|(e, _)| format!("{}:{} {}", e.file, e.line, e.code))
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected errors on real templates:\n{}",
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "expected errors no longer reported (update the file):\n{}",
        stale.join("\n")
    );
    expect_file!["corpus_finding_counts.txt"].assert_eq(&snapshot);
}

/// The fixture set: errors only where they are deliberate, and every finding as in the
/// snapshot, one line each (`file:line:column severity[code]`).
fn fixtures_get_the_findings_of_their_snapshot(corpus: &Corpus) {
    let mut findings = String::from(
        "# Findings over the committed fixtures (tests/fixtures/templates; tests/corpus.rs),\n\
         # as file:line:byte-column severity[code].\n",
    );
    let mut misplaced_errors = Vec::new();
    for path in &corpus.files {
        let relative = corpus.relative(path);
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let snapshot = Snapshot::parse(&text);
        let analysis = analyze(&snapshot, &Settings::default());
        let mut errors = 0;
        for diagnostic in &analysis.diagnostics {
            let position = offset_to_position(
                snapshot.rope(),
                diagnostic.range.start,
                PositionEncoding::Utf8,
            );
            let place = format!(
                "{relative}:{}:{}",
                position.line + 1,
                position.character + 1
            );
            findings.push_str(&format!(
                "{place} {}[{}]\n",
                diagnostic.severity, diagnostic.code
            ));
            if diagnostic.severity == Severity::Error {
                errors += 1;
                if !corpus.is_deliberately_wrong(path) {
                    misplaced_errors.push(format!("{place}: {}", diagnostic.message));
                }
            }
        }
        assert!(
            errors > 0 || !corpus.is_deliberately_wrong(path),
            "{relative} is meant to get errors"
        );
    }
    assert!(
        misplaced_errors.is_empty(),
        "errors outside deliberate-errors.txt:\n{}",
        misplaced_errors.join("\n")
    );
    expect_file!["fixture_findings.txt"].assert_eq(&findings);
}
