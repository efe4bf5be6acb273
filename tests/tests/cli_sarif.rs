//! `check --format sarif` end to end: the log against a golden file and against the OASIS SARIF
//! 2.1.0 schema (vendored in `tests/fixtures/cli/schema/`), rule metadata taken from the rules
//! themselves, UTF-16 columns, URIs outside the repository, and files that cannot be read.
//!
//! The golden file `tests/fixtures/cli/expected/mistakes.sarif` holds the log with the driver's
//! rule list reduced to the rule ids (the full descriptors repeat every rule's documentation and
//! are checked against `explain` instead). `BLESS=1` rewrites it.

use std::path::PathBuf;
use std::sync::OnceLock;

use cyclecloud_e2e::{repo_root, run_in};
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/cli/templates/mistakes.txt";

/// The vendored schema, compiled once, with `format` checks on (URIs must be URIs).
fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = repo_root().join("tests/fixtures/cli/schema/sarif-schema-2.1.0.json");
        let text = std::fs::read_to_string(&path).expect("vendored schema");
        let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles")
    })
}

/// Parses a SARIF log and fails with every schema violation listed.
fn valid_sarif(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).expect("SARIF output is one JSON document");
    let errors: Vec<String> = validator()
        .iter_errors(&log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    log
}

#[test]
fn the_schema_rejects_what_code_scanning_would_reject() {
    // The validator is not vacuous: a result without a message, or a column of 0, fails.
    let (_, stdout, _) = run_in(&repo_root(), &["check", "--format", "sarif", FIXTURE], "");
    let mut log = valid_sarif(&stdout);
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        Value::from(0);
    assert!(!validator().is_valid(&log));
    let mut log = valid_sarif(&stdout);
    log["runs"][0]["results"][0]
        .as_object_mut()
        .expect("a result object")
        .remove("message");
    assert!(!validator().is_valid(&log));
}

#[test]
fn check_sarif_output_is_valid_and_matches_the_golden_file() {
    let (code, stdout, stderr) = run_in(&repo_root(), &["check", "--format", "sarif", FIXTURE], "");
    assert_eq!(code, 1, "errors fail the run\n{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "checked 1 template: 3 errors, 1 warning, 1 hint",
        "the summary goes to stderr, stdout is only the log"
    );
    let mut log = valid_sarif(&stdout);
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("the driver lists its rules");
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result}");
    }
    let ids: Vec<Value> = rules.iter().map(|rule| rule["id"].clone()).collect();
    log["runs"][0]["tool"]["driver"]["rules"] = Value::Array(ids);
    let actual = serde_json::to_string_pretty(&log).expect("JSON") + "\n";
    let golden = repo_root().join("tests/fixtures/cli/expected/mistakes.sarif");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&golden, &actual).expect("golden file written");
        return;
    }
    let expected = std::fs::read_to_string(&golden).expect("golden file exists");
    assert_eq!(
        actual,
        expected,
        "output differs from {} (BLESS=1 rewrites it)",
        golden.display()
    );
}

#[test]
fn every_rule_is_described_with_its_doc_level_and_page() {
    let (_, stdout, _) = run_in(&repo_root(), &["check", "--format", "sarif", FIXTURE], "");
    let log = valid_sarif(&stdout);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "cyclecloud-lsp");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let (_, listing, _) = run_in(&repo_root(), &["rules"], "");
    let listed: Vec<(&str, &str)> = listing
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut columns = line.split_whitespace();
            Some((columns.next()?, columns.next()?))
        })
        .collect();
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), listed.len(), "one descriptor per rule");
    for (rule, (code, severity)) in rules.iter().zip(&listed) {
        assert_eq!(rule["id"], *code);
        let level = if *severity == "hint" {
            "note"
        } else {
            severity
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{code}");
        let help = rule["help"]["markdown"].as_str().expect("help markdown");
        let (_, explained, _) = run_in(&repo_root(), &["explain", code], "");
        assert!(
            explained.trim_end().ends_with(help.trim_end()),
            "{code}: help is the rule's doc"
        );
        let full = rule["fullDescription"]["text"].as_str().expect("full text");
        assert!(!full.is_empty() && !full.contains('\n'), "{code}: {full}");
        let uri = rule["helpUri"].as_str().expect("helpUri");
        assert!(uri.ends_with(&format!("/docs/rules/{code}.md")), "{uri}");
        assert!(
            repo_root().join(format!("docs/rules/{code}.md")).is_file(),
            "{code}: the linked page exists"
        );
    }
}

/// A fresh empty folder under the system temp folder, unique to this test and process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cyclecloud-sarif-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("templates")).expect("scratch folder");
    dir
}

#[test]
fn columns_count_utf16_code_units_where_json_counts_characters() {
    // The emoji is one character but two UTF-16 code units (a surrogate pair).
    let text = "[cluster c]\n    Category = 😀x # pick one\n";
    let dir = scratch("utf16");
    let args = [
        "check",
        "--stdin-filename",
        "templates/emoji.txt",
        "--format",
    ];
    let (_, sarif, _) = run_in(&dir, &[&args[..], &["sarif"]].concat(), text);
    let (_, json, _) = run_in(&dir, &[&args[..], &["json"]].concat(), text);
    let log = valid_sarif(&sarif);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "CC0310", "{sarif}");
    let location = &result["locations"][0]["physicalLocation"];
    // Outside any git checkout the working directory is the root.
    assert_eq!(location["artifactLocation"]["uri"], "templates/emoji.txt");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let prefix = "    Category = 😀x ";
    let region = &location["region"];
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["startColumn"], prefix.encode_utf16().count() + 1);
    assert_eq!(region["endColumn"], prefix.encode_utf16().count() + 2);
    let record: Value =
        serde_json::from_str(json.lines().next().expect("a finding")).expect("JSON");
    assert_eq!(record["column"], prefix.chars().count() + 1);
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

#[test]
fn unreadable_templates_become_notifications_and_the_rest_is_still_reported() {
    let dir = scratch("problems");
    std::fs::write(dir.join("templates/latin1.txt"), b"[cluster caf\xe9]\n").expect("write");
    std::fs::write(dir.join("templates/ok.txt"), "[cluster c]\n    [[node n]\n").expect("write");
    // Run from the repository: the scratch folder is outside it, so URIs are absolute.
    let (code, stdout, stderr) = run_in(
        &repo_root(),
        &[
            "check",
            "--format",
            "sarif",
            dir.to_str().expect("UTF-8 temp path"),
        ],
        "",
    );
    assert_eq!(code, 2, "an unreadable template is an I/O error\n{stderr}");
    assert!(
        stderr.contains("latin1.txt: not UTF-8 text; skipped"),
        "{stderr}"
    );
    let log = valid_sarif(&stdout);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notice = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notice["level"], "error");
    assert!(
        notice["message"]["text"]
            .as_str()
            .is_some_and(|text| text.ends_with("latin1.txt: not UTF-8 text; skipped")),
        "{notice}"
    );
    let result = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|result| result["ruleId"] == "CC0003")
        .expect("the readable template is checked");
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri");
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/templates/ok.txt"),
        "{uri}"
    );
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

#[test]
fn the_log_of_the_whole_corpus_is_valid_sarif() {
    let corpus = cyclecloud_e2e::corpus::corpus();
    let files = &corpus.files;
    let mut args = vec![
        "check".to_owned(),
        "--format".to_owned(),
        "sarif".to_owned(),
    ];
    args.extend(files.iter().map(|path| path.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = run_in(&repo_root(), &args, "");
    assert!(code == 0 || code == 1, "{stderr}");
    let log = valid_sarif(&stdout);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let least = if corpus.is_shared() { 100 } else { 15 };
    assert!(results.len() > least, "the corpus has findings: {stderr}");
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}
