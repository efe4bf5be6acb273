//! Names the git commit the binary was built from, for `cyclecloud-lsp --version`, and gives
//! the linker the order to lay out the binary's functions in (release builds linked by LLD).
//!
//! Sources, first found wins: the `CYCLECLOUD_LSP_COMMIT` environment variable (release builds
//! may set it), the `.cargo_vcs_info.json` that `cargo package` writes (builds from crates.io),
//! then `git` in this folder (a checkout). None found: the version says `unknown commit`.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=CYCLECLOUD_LSP_COMMIT");
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&manifest_dir);
    let commit = std::env::var("CYCLECLOUD_LSP_COMMIT")
        .ok()
        .filter(|commit| !commit.trim().is_empty())
        .or_else(|| commit_from_vcs_info(dir))
        .or_else(|| commit_from_git(dir))
        .map(|commit| commit.trim().chars().take(12).collect::<String>())
        .unwrap_or_else(|| "unknown commit".to_string());
    println!("cargo:rustc-env=CYCLECLOUD_LSP_COMMIT={commit}");
    link_order(dir);
}

/// Asks LLD to lay out the functions an editor session runs next to each other
/// (`link-order.txt`, written by `scripts/link-order`), so the server maps about half as much
/// of its code: the kernel maps code in 64 KiB blocks around each page that runs.
///
/// Only for release builds for x86_64 Linux with glibc, whose default linker is LLD since Rust
/// 1.90 (our oldest supported Rust), and only where no linker or link argument was chosen in the
/// flags or cargo's configuration: GNU ld, which the musl and other targets use, has no such
/// option. `CYCLECLOUD_LSP_LINK_ORDER=off` leaves the layout to the linker. Names the binary no
/// longer has (after a Rust upgrade, say) are skipped without a warning: the order then helps
/// less, and nothing else changes.
fn link_order(dir: &Path) {
    println!("cargo:rerun-if-changed=link-order.txt");
    println!("cargo:rerun-if-env-changed=CYCLECLOUD_LSP_LINK_ORDER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let file = dir.join("link-order.txt");
    let applies = var("PROFILE") == "release"
        && var("TARGET") == "x86_64-unknown-linux-gnu"
        && std::env::var_os("RUSTC_LINKER").is_none()
        && !var("CARGO_ENCODED_RUSTFLAGS").contains("link")
        && var("CYCLECLOUD_LSP_LINK_ORDER") != "off"
        && file.is_file()
        // `-Wl,` splits its argument at commas.
        && !file.to_string_lossy().contains(',');
    if applies {
        let arg = "cargo:rustc-link-arg-bin=cyclecloud-lsp=-Wl";
        println!("{arg},--symbol-ordering-file={}", file.display());
        println!("{arg},--no-warn-symbol-ordering");
    }
}

/// The commit `cargo package` recorded: `{"git": {"sha1": "…"}, …}`.
fn commit_from_vcs_info(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")).ok()?;
    let after_key = &text[text.find("\"sha1\"")? + "\"sha1\"".len()..];
    let value = after_key.split('"').nth(1)?;
    value
        .chars()
        .all(|c| c.is_ascii_hexdigit())
        .then(|| value.to_string())
}

/// The checkout's HEAD; asks cargo to rebuild when HEAD or the branch it names moves.
fn commit_from_git(dir: &Path) -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let output = Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
    };
    let commit = git(&["rev-parse", "HEAD"])?;
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch]));
        watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    }
    for path in watched.into_iter().flatten() {
        let path = dir.join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some(commit)
}
