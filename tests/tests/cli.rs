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

#[test]
fn rules_lists_every_rule_with_its_severity_and_summary() {
    let (code, stdout, stderr) = run(&["rules"]);
    assert_eq!(code, 0, "{stderr}");
    let mut lines = stdout.lines();
    let header = lines.next().expect("a header line");
    assert!(header.starts_with("CODE"), "{stdout}");
    assert!(
        header.contains("SEVERITY") && header.contains("FIX") && header.contains("SUMMARY"),
        "{header}"
    );
    let header_rule = stdout
        .lines()
        .find(|line| line.starts_with("CC0003 "))
        .expect("CC0003 is listed");
    assert!(
        header_rule.contains(" error ")
            && header_rule.contains(" available ")
            && header_rule.contains("header-brackets"),
        "{header_rule}"
    );
    let codes: Vec<&str> = lines.filter_map(|line| line.split(' ').next()).collect();
    assert!(codes.len() > 10, "{stdout}");
    assert!(codes.iter().all(|code| code.starts_with("CC")), "{codes:?}");
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted, "one line per rule, ordered by code");
}

#[test]
fn explain_prints_the_rule_doc_for_a_code_in_any_case() {
    let (code, stdout, stderr) = run(&["explain", "cc0003"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("# CC0003 header-brackets (error by default; spec "),
        "{stdout}"
    );
    assert!(
        stdout.lines().next().unwrap().ends_with("; fix available)"),
        "{stdout}"
    );
    assert!(stdout.contains("## What it finds"), "{stdout}");
    assert!(stdout.contains("## Fix"), "{stdout}");
}

#[test]
fn rules_and_explain_include_the_parameter_file_rules() {
    let (code, stdout, stderr) = run(&["rules"]);
    assert_eq!(code, 0, "{stderr}");
    let row = stdout
        .lines()
        .find(|line| line.starts_with("CC0702 "))
        .expect("CC0702 is listed");
    assert!(row.contains("unknown"), "{row}");
    let (code, stdout, stderr) = run(&["explain", "cc0702"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("# CC0702 "), "{stdout}");
    assert!(stdout.contains("checks a parameter file"), "{stdout}");
    assert!(stdout.contains("## What it finds"), "{stdout}");
}

#[test]
fn explain_an_unknown_code_says_how_to_list_codes() {
    let (code, stdout, stderr) = run(&["explain", "CC9999"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("`CC9999`"), "{stderr}");
    assert!(stderr.contains("cyclecloud-lsp rules"), "{stderr}");
}

#[test]
fn check_skips_templates_the_config_file_excludes_when_walking_folders() {
    let dir = std::env::temp_dir().join(format!("cyclecloud-lsp-exclude-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates/old")).unwrap();
    std::fs::write(
        dir.join(".cyclecloud-lsp.toml"),
        "exclude = [\"templates/old/*\"]\n",
    )
    .unwrap();
    std::fs::write(dir.join("templates/new.txt"), "[cluster new]\n").unwrap();
    std::fs::write(
        dir.join("templates/old/legacy.txt"),
        "[cluster old]\nx := f(\n",
    )
    .unwrap();
    let (code, stdout, _) = run(&["check", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(
        code, 0,
        "the excluded broken template is not checked: {stdout}"
    );
    let (code, _, stderr) = run(&[
        "check",
        dir.join("templates/old/legacy.txt").to_str().unwrap(),
    ]);
    assert_eq!(
        code, 1,
        "a file named explicitly is still checked: {stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn fmt_checks_diffs_and_rewrites_templates() {
    let dir = std::env::temp_dir().join(format!("cyclecloud-lsp-fmt-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let path = dir.join("templates/a.txt");
    let messy = "[cluster c]\n[[node n]]\nSize=1   \n\n\n\n";
    std::fs::write(&path, messy).unwrap();
    let folder = dir.to_str().unwrap();

    let (code, stdout, stderr) = run(&["fmt", "--check", folder]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("would reformat"), "{stdout}");
    let (code, stdout, _) = run(&["fmt", "--diff", folder]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("\n-Size=1   \n") && stdout.contains("\n+    Size = 1\n"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        messy,
        "--check and --diff write nothing"
    );

    let (code, _, stderr) = run(&["fmt", folder]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "[cluster c]\n    [[node n]]\n    Size = 1\n"
    );
    let (code, _, _) = run(&["fmt", "--check", folder]);
    assert_eq!(code, 0, "formatted templates pass --check");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn fmt_takes_the_indentation_from_the_config_file() {
    let dir =
        std::env::temp_dir().join(format!("cyclecloud-lsp-fmt-indent-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join(".cyclecloud-lsp.toml"), "[format]\nindent = 2\n").unwrap();
    let path = dir.join("templates/a.txt");
    std::fs::write(&path, "[cluster c]\n[[node n]]\nSize=1\n").unwrap();
    let (code, _, stderr) = run(&["fmt", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "[cluster c]\n  [[node n]]\n  Size = 1\n"
    );
    std::fs::remove_dir_all(&dir).ok();
}
