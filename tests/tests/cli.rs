//! The command line as users and CI run it: `check` and `outline` on the shipped example.

use std::process::Command;

use cyclecloud_e2e::{binary, repo_root};

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(binary())
        .current_dir(repo_root())
        .args(args)
        .output()
        .expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn check_reports_the_example_mistakes_with_the_configured_version() {
    let (code, stdout, stderr) = run(&["check", "examples/templates/slurm-demo.txt"]);
    assert_eq!(code, 0, "warnings do not fail by default\n{stdout}{stderr}");
    assert!(
        stdout.contains("slurm-demo.txt:19:22: warning[CC0202]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("target CycleCloud version is 8.7.0"),
        "the example's config file is used:\n{stdout}"
    );
    assert!(stdout.contains("warning[CC0201]"), "{stdout}");
    assert!(
        stdout.contains("checked 1 template: 0 errors, 2 warnings"),
        "{stdout}"
    );
}

#[test]
fn check_fails_at_the_chosen_severity_and_on_bad_paths() {
    let (code, _, _) = run(&[
        "check",
        "--error-on",
        "warning",
        "examples/templates/slurm-demo.txt",
    ]);
    assert_eq!(code, 1);
    let (code, _, stderr) = run(&["check", "no/such/file.txt"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no/such/file.txt: no such file or folder"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["check", "--cyclecloud-version", "eight", "examples"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a version"), "{stderr}");
}

#[test]
fn check_finds_templates_under_a_folder() {
    let (code, stdout, _) = run(&["check", "examples"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("checked 1 template:"), "{stdout}");
}

#[test]
fn outline_prints_the_section_tree() {
    let (code, stdout, _) = run(&["outline", "examples/templates/slurm-demo.txt"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("[cluster SlurmDemo]"), "{stdout}");
    assert!(stdout.contains("\n    [[[configuration]]]"), "{stdout}");
    assert!(stdout.contains("0 syntax errors"), "{stdout}");
}
