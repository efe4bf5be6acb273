//! `check --params FILE.json TEMPLATE` end to end: parameter-file findings carry the parameter
//! file's path, line and column in every output format, and a run needs exactly one template.
//!
//! Fixture: `tests/fixtures/params/` (a template declaring one parameter of each checked kind,
//! a clean parameter file, one with a typo'd name, a bound and a choice broken, and bad JSON).

use cyclecloud_e2e::{repo_root, run_in};

const TEMPLATE: &str = "templates/cluster.txt";

fn fixture() -> std::path::PathBuf {
    repo_root().join("tests/fixtures/params")
}

/// The lines of `out` that report findings in `file`.
fn findings_in<'o>(out: &'o str, file: &str) -> Vec<&'o str> {
    out.lines().filter(|line| line.starts_with(file)).collect()
}

#[test]
fn text_output_points_into_the_parameter_files() {
    let args = [
        "check",
        "--error-on",
        "error",
        "--params",
        "params/typos.json",
        "--params",
        "params/bad.json",
        "--params",
        "params/good.json",
        TEMPLATE,
    ];
    let (code, out, err) = run_in(&fixture(), &args, "");
    assert_eq!(code, 1, "bad JSON is an error: {out}{err}");
    assert_eq!(
        findings_in(&out, "params/typos.json"),
        [
            "params/typos.json:1:1: warning[CC0706] the template requires `Region` and gives it no default; the parameter file sets no value",
            "params/typos.json:1:1: warning[CC0706] the template requires `Credentials` and gives it no default; the parameter file sets no value",
            "params/typos.json:2:3: warning[CC0702] the template declares no parameter `Regoin`; did you mean `Region`?",
            "params/typos.json:3:15: warning[CC0705] `MaxCores` is at most 1000; 5000 is above it",
            "params/typos.json:4:16: warning[CC0704] `Scheduler` offers only `slurm`, `pbspro`; `lsf` is not one of them",
        ]
    );
    assert_eq!(
        findings_in(&out, "params/bad.json"),
        ["params/bad.json:1:25: error[CC0701] not a valid parameter file: expected a key in double quotes"]
    );
    assert!(findings_in(&out, "params/good.json").is_empty(), "{out}");
}

#[test]
fn json_and_sarif_output_name_the_parameter_file() {
    let args = [
        "check",
        "--format",
        "json",
        "--params",
        "params/bad.json",
        TEMPLATE,
    ];
    let (_, out, _) = run_in(&fixture(), &args, "");
    let line = out
        .lines()
        .find(|line| line.contains("CC0701"))
        .expect("a JSON line for the bad file");
    assert!(
        line.starts_with(r#"{"file":"params/bad.json","line":1,"column":25,"#),
        "{line}"
    );
    let args = [
        "check",
        "--format",
        "sarif",
        "--params",
        "params/bad.json",
        TEMPLATE,
    ];
    let (_, out, _) = run_in(&fixture(), &args, "");
    let log: serde_json::Value = serde_json::from_str(&out).expect("one SARIF log");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let bad = results
        .iter()
        .find(|result| result["ruleId"] == "CC0701")
        .expect("a SARIF result for the bad file");
    let location = &bad["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with("params/bad.json")),
        "{location}"
    );
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], 25);
}

#[test]
fn the_config_file_maps_parameter_files_to_their_template() {
    // `.cyclecloud-lsp.toml` maps `params/typo*.json` (not `bad.json`) to `templates/cluster.txt`.
    let (code, out, err) = run_in(&fixture(), &["check", "--error-on", "warning", "."], "");
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(findings_in(&out, "params/typos.json").len(), 5, "{out}");
    assert!(findings_in(&out, "params/bad.json").is_empty(), "{out}");
    let (_, out, _) = run_in(&fixture(), &["check", "templates/other.txt"], "");
    assert!(findings_in(&out, "params/").is_empty(), "{out}");
}

#[test]
fn params_need_exactly_one_template() {
    let dir = fixture();
    let args = ["check", "--params", "params/good.json", "templates"];
    let (code, _, err) = run_in(&dir, &args, "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--params needs exactly one template"), "{err}");
    let args = ["check", "--params", "params/missing.json", TEMPLATE];
    let (code, _, err) = run_in(&dir, &args, "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("params/missing.json"), "{err}");
}

#[test]
fn rule_settings_of_the_templates_config_apply_to_parameter_files() {
    let dir = std::env::temp_dir().join(format!("cyclecloud-params-rules-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).expect("scratch folder");
    std::fs::create_dir_all(dir.join("params")).expect("scratch folder");
    let source = fixture();
    for file in [TEMPLATE, "params/typos.json"] {
        std::fs::copy(source.join(file), dir.join(file)).expect("fixture copy");
    }
    std::fs::write(
        dir.join(".cyclecloud-lsp.toml"),
        "[rules]\nCC0702 = \"off\"\nCC0705 = \"error\"\n",
    )
    .expect("config file");
    let args = ["check", "--params", "params/typos.json", TEMPLATE];
    let (code, out, err) = run_in(&dir, &args, "");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 1, "CC0705 is now an error: {out}{err}");
    let found = findings_in(&out, "params/typos.json");
    assert!(!found.iter().any(|line| line.contains("CC0702")), "{out}");
    assert!(
        found.contains(
            &"params/typos.json:3:15: error[CC0705] `MaxCores` is at most 1000; 5000 is above it"
        ),
        "{out}"
    );
}
