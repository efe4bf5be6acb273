//! `cyclecloud-lsp --version` names the release and the git commit it was built from, so a bug
//! report says exactly which build it is about.

use std::process::Command;

use cyclecloud_e2e::{repo_root, run_in};

#[test]
fn version_names_the_release_and_the_commit_of_this_checkout() {
    let (code, stdout, stderr) = run_in(&repo_root(), &["--version"], "");
    assert_eq!(code, 0, "{stderr}");
    let prefix = format!("cyclecloud-lsp {} (", env!("CARGO_PKG_VERSION"));
    let commit = stdout
        .trim_end()
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("`{stdout}` is not `{prefix}<commit>)`"));
    // The checkout's HEAD, where git can tell (CI and developers build from a checkout).
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(repo_root())
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string());
    match head {
        Some(head) => assert!(
            commit.len() == 12 && head.starts_with(commit),
            "--version names commit `{commit}`, the checkout is at {head}"
        ),
        None => assert!(!commit.is_empty(), "--version names no commit"),
    }
}
