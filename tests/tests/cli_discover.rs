//! Which files `check` reads when given folders (include and exclude globs, `.gitignore`), and
//! what it says about paths it cannot use: each problem gets its own message, the other
//! templates are still checked, and the exit code is 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cyclecloud_e2e::binary;

/// A fresh empty folder under the system temp folder, unique to this test and process.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("cyclecloud-discover-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Writes `contents` at `dir/relative`, creating folders.
fn put(dir: &Path, relative: &str, contents: &[u8]) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    std::fs::write(path, contents).expect("file written");
}

fn text(output: &Output) -> (i32, String, String) {
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(binary())
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .expect("binary runs");
    text(&output)
}

/// The files a JSON run reported findings for, relative to `dir`, sorted and unique.
fn reported(stdout: &str) -> Vec<String> {
    let mut files: Vec<String> = stdout
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            record["file"].as_str().expect("file").to_owned()
        })
        .collect();
    files.dedup();
    files
}

/// A template with one error, so every file checked shows up in the JSON output.
const BROKEN: &[u8] = b"[cluster c]\n    [[node n]\n";

#[test]
fn include_globs_add_templates_outside_templates_folders_and_exclude_wins() {
    let dir = scratch("include");
    put(
        &dir,
        ".cyclecloud-lsp.toml",
        b"include = [\"clusters/**/*.txt\"]\nexclude = [\"clusters/drafts/*\"]\n",
    );
    put(&dir, "templates/a.txt", BROKEN);
    put(&dir, "clusters/b.txt", BROKEN);
    put(&dir, "clusters/hpc/c.txt", BROKEN);
    put(&dir, "clusters/drafts/d.txt", BROKEN);
    put(&dir, "notes/e.txt", BROKEN);
    let (code, stdout, stderr) = check(&dir, &["--format", "json", "."]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        reported(&stdout),
        [
            "./clusters/b.txt",
            "./clusters/hpc/c.txt",
            "./templates/a.txt"
        ]
    );
    assert!(
        stderr.contains("checked 3 templates"),
        "the summary counts what was read: {stderr}"
    );
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

#[test]
fn gitignored_templates_are_skipped_even_outside_a_git_checkout() {
    let dir = scratch("gitignore");
    put(&dir, ".gitignore", b"templates/generated-*.txt\n");
    put(&dir, "templates/kept.txt", BROKEN);
    put(&dir, "templates/generated-1.txt", BROKEN);
    let (code, stdout, stderr) = check(&dir, &["--format", "json", "."]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(reported(&stdout), ["./templates/kept.txt"]);
    // Named explicitly, an ignored file is still checked.
    let (_, stdout, _) = check(&dir, &["--format", "json", "templates/generated-1.txt"]);
    assert_eq!(reported(&stdout), ["templates/generated-1.txt"]);
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

#[test]
fn every_path_problem_gets_a_message_and_the_rest_is_still_checked() {
    let dir = scratch("problems");
    put(&dir, "project/templates/ok.txt", BROKEN);
    put(&dir, "project/templates/latin1.txt", b"[cluster caf\xe9]\n");
    std::fs::create_dir_all(dir.join("empty/templates")).expect("empty folder");
    let (code, stdout, stderr) = check(&dir, &["project", "empty", "missing.txt"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("error: project/templates/latin1.txt: not UTF-8 text; skipped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: empty: no templates found"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: missing.txt: no such file or folder"),
        "{stderr}"
    );
    assert!(
        stdout.contains("project/templates/ok.txt:2:13: error[CC0003]"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("checked 1 template: 1 error, 1 warning, 0 hints\n"),
        "{stdout}"
    );
    // Only problems and nothing else: still exit 2, not 0.
    let (code, _, stderr) = check(&dir, &["empty"]);
    assert_eq!(code, 2, "{stderr}");
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

#[test]
fn an_unreadable_template_is_reported_and_the_others_are_checked() {
    use std::os::unix::fs::PermissionsExt as _;
    use std::os::unix::process::CommandExt as _;
    let dir = scratch("unreadable");
    put(&dir, "templates/ok.txt", BROKEN);
    put(&dir, "templates/secret.txt", BROKEN);
    let secret = dir.join("templates/secret.txt");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let mut command = if std::fs::read(&secret).is_ok() {
        // Root reads any file: run the checker as `nobody` so the permissions apply, from a
        // link (or copy) in the scratch folder, since the build folder may be closed to others.
        let exe = dir.join("cyclecloud-lsp");
        if std::fs::hard_link(binary(), &exe).is_err() {
            std::fs::copy(binary(), &exe).expect("binary copied");
        }
        let mut command = Command::new(exe);
        command.uid(65534).gid(65534);
        command
    } else {
        Command::new(binary())
    };
    command.current_dir(&dir).args(["check", "templates"]);
    let (code, stdout, stderr) = text(&command.output().expect("binary runs"));
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("error: templates/secret.txt: Permission denied"),
        "{stderr}"
    );
    assert!(
        stdout.contains("templates/ok.txt:2:13: error[CC0003]"),
        "{stdout}"
    );
    assert!(stdout.contains("checked 1 template:"), "{stdout}");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}
