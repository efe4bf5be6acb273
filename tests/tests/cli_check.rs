//! `check` options end to end: the output formats against golden files, reading stdin, and
//! `--fix` on a copy of the fixture project in a temporary folder.
//!
//! The fixture `tests/fixtures/cli/templates/mistakes.txt` has one hint, one warning, three
//! errors (one with a safe fix) and non-ASCII names before findings on the same line, so the
//! columns show they count Unicode scalar values. Run with `BLESS=1` to rewrite the golden files
//! in `tests/fixtures/cli/expected/` after a deliberate change, and review the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cyclecloud_e2e::{binary, repo_root, run_in};

const FIXTURE: &str = "tests/fixtures/cli/templates/mistakes.txt";

/// Compares `actual` with the golden file `tests/fixtures/cli/expected/NAME`.
fn assert_golden(name: &str, actual: &str) {
    let path = repo_root().join("tests/fixtures/cli/expected").join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, actual).expect("golden file written");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("golden file exists");
    assert_eq!(
        actual,
        expected,
        "output differs from {} (BLESS=1 rewrites it)",
        path.display()
    );
}

#[test]
fn check_text_output_matches_the_golden_file() {
    let (code, stdout, stderr) = run_in(&repo_root(), &["check", FIXTURE], "");
    assert_eq!(code, 1, "errors fail the run\n{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert_golden("mistakes.text", &stdout);
}

#[test]
fn check_json_output_matches_the_golden_file() {
    let (code, stdout, stderr) = run_in(&repo_root(), &["check", "--format", "json", FIXTURE], "");
    assert_eq!(code, 1, "{stderr}");
    assert_golden("mistakes.jsonl", &stdout);
    // JSON Lines: every stdout line is one object; the summary goes to stderr.
    for line in stdout.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(value["file"], FIXTURE, "{line}");
    }
    assert_eq!(
        stderr.trim_end(),
        "checked 1 template: 3 errors, 1 warning, 1 hint"
    );
}

#[test]
fn check_github_output_matches_the_golden_file() {
    let (code, stdout, stderr) =
        run_in(&repo_root(), &["check", "--format", "github", FIXTURE], "");
    assert_eq!(code, 1, "{stderr}");
    assert_golden("mistakes.github", &stdout);
}

#[test]
fn check_reads_stdin_and_reports_it_under_the_given_name() {
    let text = std::fs::read_to_string(repo_root().join(FIXTURE)).expect("fixture");
    let name = "tests/fixtures/cli/templates/from-stdin.txt";
    let (code, stdout, stderr) = run_in(
        &repo_root(),
        &["check", "--stdin-filename", name, "--format", "json"],
        &text,
    );
    assert_eq!(code, 1, "{stderr}");
    let expected =
        std::fs::read_to_string(repo_root().join("tests/fixtures/cli/expected/mistakes.jsonl"))
            .expect("golden file")
            .replace(FIXTURE, name);
    // Same findings as the file on disk, so the fixture folder's config (8.7.0) applied.
    assert_eq!(stdout, expected);
    assert!(!repo_root().join(name).exists(), "the name is only a label");
}

#[test]
fn check_stdin_without_a_config_uses_the_defaults_and_rejects_paths_and_fix() {
    let text = "[cluster c]\n    [[node n]\n";
    let dir = scratch("stdin-default");
    let (code, stdout, stderr) = run_in(&dir, &["check", "--stdin-filename", "t.txt"], text);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.starts_with("t.txt:2:"), "{stdout}");
    assert!(stdout.contains("error[CC0003]"), "{stdout}");
    let (code, _, stderr) = run_in(&dir, &["check", "--stdin-filename", "t.txt", "x.txt"], text);
    assert_eq!(
        code, 2,
        "a path and stdin together are a usage error\n{stderr}"
    );
    let (code, _, stderr) = run_in(&dir, &["check", "--stdin-filename", "t.txt", "--fix"], text);
    assert_eq!(code, 2, "stdin cannot be fixed in place\n{stderr}");
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

/// A fresh empty folder under the system temp folder, unique to this test and process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cyclecloud-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// A copy of the fixture project (config and template) in a scratch folder; its template path.
fn fixture_copy(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let source = repo_root().join("tests/fixtures/cli");
    std::fs::copy(
        source.join(".cyclecloud-lsp.toml"),
        dir.join(".cyclecloud-lsp.toml"),
    )
    .expect("config copied");
    std::fs::create_dir_all(dir.join("templates")).expect("templates folder");
    let template = dir.join("templates/mistakes.txt");
    std::fs::copy(source.join("templates/mistakes.txt"), &template).expect("template copied");
    (dir, template)
}

#[test]
fn check_fix_applies_safe_fixes_in_place_and_reports_what_remains() {
    let (dir, template) = fixture_copy("fix");
    let before = std::fs::read_to_string(&template).expect("copy");
    let (code, stdout, stderr) = run_in(&dir, &["check", "--fix", "templates/mistakes.txt"], "");
    assert_eq!(code, 1, "unfixable errors remain\n{stdout}{stderr}");
    let after = std::fs::read_to_string(&template).expect("fixed file");
    // Only the safe fix (the header's brackets) is applied; the unsafe ones are not.
    assert_eq!(
        after,
        before.replace("[[node schéduler]]]", "[[node schéduler]]")
    );
    assert!(!stdout.contains("CC0003"), "{stdout}");
    assert!(stdout.contains("error[CC0301]"), "{stdout}");
    assert!(stdout.contains("warning[CC0202]"), "{stdout}");
    assert!(
        stdout.ends_with("checked 1 template: 2 errors, 1 warning, 1 hint, 1 fixed\n"),
        "{stdout}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("templates"))
        .expect("folder")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers, ["mistakes.txt"], "no temporary file is left");
    // A second run has nothing left to fix and leaves the file alone.
    let (_, stdout, _) = run_in(&dir, &["check", "--fix", "templates/mistakes.txt"], "");
    assert!(stdout.ends_with(", 0 fixed\n"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&template).expect("file"), after);
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

/// Runs the binary in `dir` through `sh` with a file-size limit of 0: any write to a regular
/// file then fails mid-write, as on a full disk. With `survive`, SIGXFSZ is ignored so the write
/// returns an error (EFBIG); without it, the signal kills the process in the middle of writing.
fn run_with_no_room(dir: &Path, args: &[&str], survive: bool) -> std::process::Output {
    let trap = if survive { "trap '' XFSZ; " } else { "" };
    Command::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg(format!("{trap}ulimit -f 0; exec \"$0\" \"$@\""))
        .arg(binary())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("sh runs")
}

/// The hidden temporary files `--fix` left in a folder.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".cyclecloud-lsp.tmp"))
        .collect()
}

#[test]
fn check_fix_leaves_the_original_intact_when_writing_fails() {
    let (dir, template) = fixture_copy("fix-fails");
    let before = std::fs::read(&template).expect("copy");
    let output = run_with_no_room(&dir, &["check", "--fix", "templates/mistakes.txt"], true);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "a failed write is an I/O error\n{stdout}{stderr}"
    );
    assert!(
        stderr.contains("templates/mistakes.txt: cannot write the fixes, file left unchanged"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&template).expect("original"), before);
    // The findings reported are those of the unchanged file, the fixable one included.
    assert!(stdout.contains("error[CC0003]"), "{stdout}");
    assert!(stdout.ends_with(", 0 fixed\n"), "{stdout}");
    assert!(
        temporaries(&dir.join("templates")).is_empty(),
        "the partial temporary file is removed"
    );
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

#[test]
fn check_fix_killed_mid_write_leaves_the_original_intact_and_does_not_block_the_next_run() {
    use std::os::unix::process::ExitStatusExt as _;
    let (dir, template) = fixture_copy("fix-killed");
    let before = std::fs::read(&template).expect("copy");
    let output = run_with_no_room(&dir, &["check", "--fix", "templates/mistakes.txt"], false);
    assert_eq!(
        output.status.signal(),
        Some(25),
        "SIGXFSZ ends the run inside the write: {:?}",
        output.status
    );
    assert_eq!(
        std::fs::read(&template).expect("original"),
        before,
        "the original is never half-written"
    );
    assert_eq!(
        temporaries(&dir.join("templates")).len(),
        1,
        "the killed run could not clean up its temporary file"
    );
    // A later run uses its own temporary file, so the leftover is no obstacle.
    let (code, stdout, stderr) = run_in(&dir, &["check", "--fix", "templates/mistakes.txt"], "");
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.ends_with(", 1 fixed\n"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&template).expect("fixed"),
        String::from_utf8(before)
            .expect("UTF-8")
            .replace("[[node schéduler]]]", "[[node schéduler]]")
    );
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

#[test]
fn check_fix_exits_0_when_the_fixes_leave_nothing_that_fails() {
    let dir = scratch("fix-clean");
    std::fs::create_dir_all(dir.join("templates")).expect("templates folder");
    let template = dir.join("templates/t.txt");
    std::fs::write(&template, "[cluster c]\n    [[node n]]]\n").expect("template");
    let (code, _, _) = run_in(&dir, &["check", "templates/t.txt"], "");
    assert_eq!(code, 1, "the stray bracket is an error");
    let (code, stdout, stderr) = run_in(&dir, &["check", "--fix", "templates/t.txt"], "");
    assert_eq!(
        code, 0,
        "only the fixed error failed the run\n{stdout}{stderr}"
    );
    assert!(
        stdout.contains("0 errors") && stdout.ends_with(", 1 fixed\n"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(&template).expect("fixed"),
        "[cluster c]\n    [[node n]]\n"
    );
    std::fs::remove_dir_all(&dir).expect("scratch removed");
}

#[test]
fn a_bad_vm_size_file_is_reported_once_for_the_project() {
    let dir = std::env::temp_dir().join(format!("cyclecloud-cli-vm-sizes-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join(".cyclecloud-lsp.toml"),
        "[vm-sizes]\nfile = \"skus.json\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("skus.json"), "[{\"family\": \"no name\"}]").unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::write(
            dir.join("templates").join(name),
            "[cluster c]\n[[node n]]\n",
        )
        .unwrap();
    }
    let (code, _, stderr) = run_in(&dir, &["check", "templates"], "");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        code, 2,
        "a problem with the settings fails the run\n{stderr}"
    );
    let said: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains("skus.json"))
        .collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(
        said[0].contains("entry 0 has no `name` string")
            && said[0].ends_with("using the built-in VM sizes"),
        "{}",
        said[0]
    );
}
