//! No false alarms: over every real template in `../shared/corpus`, each error-severity
//! diagnostic must be a real bug listed in `tests/corpus_expected_errors.toml` with a one-line
//! justification; any other error fails. The number of findings per rule and severity is a
//! snapshot (`tests/corpus_finding_counts.txt`), so a change in any rule's precision shows up in
//! review: after reading the new findings (`../shared/tools/rule-sample`), update it with
//! `UPDATE_EXPECT=1 cargo test -p cyclecloud-analysis --test corpus`.

use std::collections::BTreeMap;

use cyclecloud_analysis::{analyze, Settings, Severity};
use cyclecloud_e2e::corpus::{corpus_dir, corpus_files};
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
    let Some(dir) = corpus_dir() else { return };
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
    let files = corpus_files(&dir);
    for path in &files {
        let relative = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
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
    assert!(
        files.len() > 200,
        "expected the whole corpus, read {}",
        files.len()
    );
    expect_file!["corpus_finding_counts.txt"].assert_eq(&snapshot);
}
