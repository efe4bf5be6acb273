//! `check` on CycleCloud projects (issue 18), through the built binary, over the fixture projects
//! in `tests/fixtures/projects`: `myproj` (a `project.ini` with a misspelt key, scripts with
//! CRLF, a late shebang, a missing executable bit and no number, a template naming a spec the
//! project lacks and an old version) and `outside` (the same template with no project).

use std::path::PathBuf;

use cyclecloud_e2e::{repo_root, run_in};

fn projects() -> PathBuf {
    repo_root().join("tests/fixtures/projects")
}

/// (file, code) of every finding of a JSON run, in output order.
fn findings(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            (
                record["file"].as_str().expect("file").to_owned(),
                record["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect()
}

#[test]
fn check_dot_reports_project_ini_scripts_and_templates_each_under_its_file() {
    let (code, stdout, stderr) = run_in(&projects(), &["check", ".", "--format", "json"], "");
    assert_eq!(code, 0, "{stderr}");
    let mut expected = vec![
        ("./myproj/project.ini", "CC0802"),
        (
            "./myproj/specs/default/cluster-init/scripts/01-base.sh",
            "CC0810",
        ),
        (
            "./myproj/specs/default/cluster-init/scripts/02-mounts.sh",
            "CC0811",
        ),
        (
            "./myproj/specs/default/cluster-init/scripts/setup.sh",
            "CC0813",
        ),
    ];
    if cfg!(unix) {
        expected.push((
            "./myproj/specs/scheduler/cluster-init/scripts/20-users.sh",
            "CC0812",
        ));
    }
    expected.extend([
        ("./myproj/templates/myproj.txt", "CC0805"),
        ("./myproj/templates/myproj.txt", "CC0112"),
        ("./myproj/templates/myproj.txt", "CC0806"),
        // Outside a project the same template is only checked on its own.
        ("./outside/templates/myproj.txt", "CC0112"),
    ]);
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(file, code)| (file.to_owned(), code.to_owned()))
        .collect();
    assert_eq!(findings(&stdout), expected);
    assert!(
        stderr.contains("checked 2 templates and 1 project:"),
        "{stderr}"
    );
}

#[test]
fn a_template_named_alone_is_checked_against_its_project_without_the_project_files() {
    let (_, stdout, stderr) = run_in(
        &projects().join("myproj"),
        &["check", "templates/myproj.txt", "--format", "json"],
        "",
    );
    let codes: Vec<String> = findings(&stdout)
        .into_iter()
        .map(|(_, code)| code)
        .collect();
    assert_eq!(codes, ["CC0805", "CC0112", "CC0806"], "{stderr}");
    assert!(stderr.contains("checked 1 template:"), "{stderr}");
}

#[test]
fn sarif_and_text_name_each_project_file() {
    let (_, stdout, _) = run_in(
        &projects().join("myproj"),
        &["check", ".", "--format", "sarif"],
        "",
    );
    let log: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF JSON");
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| {
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri")
        })
        .collect();
    assert!(
        uris.iter().any(|uri| uri.ends_with("myproj/project.ini")),
        "{uris:?}"
    );
    assert!(
        uris.iter().any(|uri| uri.ends_with("scripts/01-base.sh")),
        "{uris:?}"
    );
    let (_, text, _) = run_in(&projects().join("myproj"), &["check", "."], "");
    assert!(
        text.contains("./project.ini:6:1: warning[CC0802] `verison` is not a `[project]` key"),
        "{text}"
    );
}
