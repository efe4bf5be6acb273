//! Helpers shared by the end-to-end tests in `tests/tests/`: find (and if needed build) the real
//! `cyclecloud-lsp` binary, and locate the repository's files.

pub mod corpus;
pub mod lsp;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_path_buf()
}

/// The `cyclecloud-lsp` binary of this build profile, built once per test run so the tests
/// always drive the current code (another package's binary is not built for our tests).
pub fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let release = !cfg!(debug_assertions);
        let mut command = Command::new(cargo);
        command
            .current_dir(repo_root())
            .args(["build", "--quiet", "--bin", "cyclecloud-lsp"]);
        if release {
            command.arg("--release");
        }
        let status = command.status().expect("cargo runs");
        assert!(status.success(), "building cyclecloud-lsp failed");
        // Tests run from target/<profile>/deps/; the binary sits in target/<profile>/.
        let exe = std::env::current_exe().expect("test binary path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>");
        let binary = profile_dir.join(format!("cyclecloud-lsp{}", std::env::consts::EXE_SUFFIX));
        assert!(binary.is_file(), "{} was not built", binary.display());
        binary
    })
}
