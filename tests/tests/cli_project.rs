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

#[test]
fn check_hints_custom_keys_no_script_of_the_project_reads_as_the_editor_does() {
    let root = std::env::temp_dir().join(format!("cyclecloud-cli-reads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let write = |relative: &str, text: &str| {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "app/project.ini",
        "[project]\nname = app\nversion = 1.0.0\n",
    );
    write(
        "app/specs/default/cluster-init/scripts/10-app.sh",
        "#!/bin/bash\nPORT=$(jetpack config app.port 80)\n",
    );
    let template = "[cluster c]\n[[node n]]\nMachineType = Standard_D2s_v5\n\
        [[[configuration]]]\napp.port = 1\napp.host = x\nslurm.site = 1\n";
    write("app/templates/app.txt", template);
    // The same template in a folder without scripts: silent when checked alone (nothing to
    // compare with), but checked with the project's folder its scripts count, as every script
    // of an editor's workspace does.
    write("loose/templates/app.txt", template);
    let unread = |args: &[&str]| -> Vec<String> {
        let (code, stdout, stderr) = run_in(&root, args, "");
        assert_eq!(code, 0, "{stderr}");
        stdout
            .lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("JSON line"))
            .filter(|record| record["code"] == "CC0604")
            .map(|record| format!("{} {}", record["file"], record["message"]))
            .collect()
    };
    let hint = "No cluster-init script in the workspace reads `app.host` (`jetpack config app.host`); unless a cookbook does, the key has no effect";
    assert_eq!(
        unread(&["check", ".", "--format", "json"]),
        [
            format!("\"./app/templates/app.txt\" \"{hint}\""),
            format!("\"./loose/templates/app.txt\" \"{hint}\""),
        ]
    );
    // Named alone, the template still counts its own project's scripts.
    assert_eq!(
        unread(&["check", "app/templates/app.txt", "--format", "json"]),
        [format!("\"app/templates/app.txt\" \"{hint}\"")]
    );
    assert!(unread(&["check", "loose", "--format", "json"]).is_empty());
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_folder_with_a_project_and_no_templates_is_checked_not_reported_empty() {
    let root = std::env::temp_dir().join(format!("cyclecloud-project-only-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let scripts = root.join("p/specs/default/cluster-init/scripts");
    std::fs::create_dir_all(&scripts).expect("scripts folder");
    std::fs::write(
        root.as_path().join("p/project.ini"),
        "[project]\nname = p\nversion = 1.0.0\n",
    )
    .expect("project.ini");
    std::fs::write(scripts.join("10-a.sh"), "#!/bin/bash\r\necho hi\r\n").expect("script");
    let (code, stdout, stderr) = run_in(root.as_path(), &["check", "p"], "");
    assert!(!stderr.contains("no templates found"), "{stderr}");
    assert!(stdout.contains("CC0810"), "{stdout}");
    assert!(
        stdout.contains("checked 0 templates and 1 project"),
        "{stdout}"
    );
    assert_eq!(code, 0, "a warning only: {stdout}{stderr}");

    // A folder with neither stays a usage error.
    std::fs::create_dir_all(root.as_path().join("empty")).expect("empty folder");
    let (code, _, stderr) = run_in(root.as_path(), &["check", "empty"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("empty: no templates found"), "{stderr}");
    let _ = std::fs::remove_dir_all(&root);
}
