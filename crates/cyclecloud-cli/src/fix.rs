//! `check --fix`: apply the safe fixes of a run to a text, and write files atomically.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use cyclecloud_analysis::{fix_all, Diagnostic};

/// Applies the first fix of every diagnostic whose fix is safe, skipping fixes whose edits overlap
/// an already chosen one; returns the new text and how many fixes were applied.
pub fn apply_safe_fixes(text: &str, diagnostics: &[Diagnostic]) -> (String, usize) {
    let (edits, applied) = fix_all::safe_fix_edits(
        text.len(),
        |offset| text.is_char_boundary(offset),
        diagnostics,
    );
    (fix_all::apply_edits(text, &edits), applied)
}

/// The temporary file `write_atomically` uses for `path`: hidden, in the same folder (so the
/// rename stays on one file system), named after this process so that a file left behind by a
/// run that was killed mid-write never blocks a later run.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.cyclecloud-lsp.tmp", std::process::id()))
}

/// Replaces the file's contents all at once: writes a temporary file beside it, flushes it to
/// disk and renames it over the original, so readers never see a half-written file. On any
/// failure the original is untouched and the temporary file is removed.
pub fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    // Through a symbolic link, replace the file it points to, not the link.
    let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let path = resolved.as_path();
    let temp = temp_path(path);
    // `create_new`: never clobber a file that happens to have the temporary name.
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|error| {
            std::io::Error::new(
                error.kind(),
                format!("cannot create {}: {error}", temp.display()),
            )
        })?;
    let result = (|| {
        file.write_all(contents.as_bytes())?;
        if let Ok(metadata) = std::fs::metadata(path) {
            file.set_permissions(metadata.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
        return result;
    }
    // Make the rename itself durable where the platform allows syncing a folder.
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        if let Ok(dir) = File::open(parent) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cyclecloud_analysis::{Edit, Fix, Severity};

    fn diagnostic(safe: bool, edits: &[(std::ops::Range<usize>, &str)]) -> Diagnostic {
        Diagnostic {
            code: "CC9999",
            severity: Severity::Error,
            range: 0..0,
            message: String::new(),
            related: Vec::new(),
            tags: Vec::new(),
            fixes: vec![Fix {
                title: String::new(),
                edits: edits
                    .iter()
                    .map(|(range, text)| Edit {
                        range: range.clone(),
                        new_text: (*text).to_owned(),
                    })
                    .collect(),
                safe,
            }],
        }
    }

    #[test]
    fn applies_safe_fixes_back_to_front_and_skips_the_rest() {
        let diagnostics = [
            diagnostic(true, &[(0..1, "A"), (4..4, "!")]),
            diagnostic(true, &[(2..3, "CC")]),
            diagnostic(false, &[(1..2, "x")]),
            diagnostic(true, &[(2..4, "overlap")]),
        ];
        let (text, applied) = apply_safe_fixes("abcd", &diagnostics);
        assert_eq!(text, "AbCCd!");
        assert_eq!(applied, 2);
    }

    #[test]
    fn write_atomically_replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("cyclecloud-fix-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.txt");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert!(!temp_path(&path).exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
