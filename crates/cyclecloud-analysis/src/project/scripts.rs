//! Checks of a spec's `cluster-init/scripts/`: CC0810 (CRLF line breaks in a shell script),
//! CC0811 (a shebang not on the first line), CC0812 (a script not executable while others are),
//! CC0813 (a script without a number among numbered ones).

use super::rule::{settle, ProjectFile, ProjectRule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::settings::Settings;

/// One file of a `cluster-init/scripts/` folder, as the caller read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptFile {
    /// The file name (`10-install.sh`).
    pub name: String,
    /// Its text (lossy UTF-8 is fine: only line breaks and the first lines are read).
    pub text: String,
    /// Whether the owner may execute it; `None` where the file system cannot say (Windows).
    pub executable: Option<bool>,
}

/// CC0810.
pub(crate) static CRLF: ProjectRule = ProjectRule {
    code: "CC0810",
    name: "script-crlf-line-breaks",
    severity: Severity::Warning,
    summary: "Shell script in cluster-init has Windows (CRLF) line breaks",
    file: ProjectFile::Script,
    doc: "\
## What it finds
A shell script (`.sh`, or a `#!` line naming a shell) in a spec's `cluster-init/scripts/`
folder with a line ending in `\\r\\n`. The `\\r` of the first such line is marked.

## Why it matters
The node runs the script with a Linux shell, which reads the `\\r` as part of each line:
`#!/bin/bash\\r` is \"bad interpreter\", and commands fail with `$'\\r': command not found`.
It fails only at cluster start, on the VM.

## Example
A script saved by a Windows editor: `#!/bin/bash␍␊yum install -y git␍␊`.

## Fix
Save it with LF line breaks (`dos2unix script.sh`; in Git, `*.sh text eol=lf` in
`.gitattributes`).
",
};

/// CC0811.
pub(crate) static LATE_SHEBANG: ProjectRule = ProjectRule {
    code: "CC0811",
    name: "script-late-shebang",
    severity: Severity::Warning,
    summary: "`#!` line of a cluster-init script is not the file's first line",
    file: ProjectFile::Script,
    doc: "\
## What it finds
A cluster-init script whose `#!` line comes after blank lines, comments or a byte order
mark instead of at the very start of the file.

## Why it matters
The kernel reads the interpreter only from the first two bytes of the file. A shebang further
down is an ordinary comment, so the script runs under another interpreter than the one named
(or does not run at all).

## Example
```

#!/bin/bash
set -e
```

## Fix
Move the `#!` line to the top of the file, with nothing before it.
",
};

/// CC0812.
pub(crate) static NOT_EXECUTABLE: ProjectRule = ProjectRule {
    code: "CC0812",
    name: "script-not-executable",
    severity: Severity::Hint,
    summary: "Cluster-init script is not executable while the others are",
    file: ProjectFile::Script,
    doc: "\
## What it finds
A file in a spec's `cluster-init/scripts/` folder without the executable bit while the other
scripts there have it (not reported on Windows, where the file system does not say).

## Why it matters
The scripts of a folder are usually made executable together; one left out was likely added
later and may not run the way the others do once uploaded.

## Example
`10-setup.sh` is `rwxr-xr-x`, `20-users.sh` is `rw-r--r--`.

## Fix
`chmod +x 20-users.sh` (in Git: `git update-index --chmod=+x 20-users.sh`).
",
};

/// CC0813.
pub(crate) static UNNUMBERED: ProjectRule = ProjectRule {
    code: "CC0813",
    name: "script-unnumbered",
    severity: Severity::Hint,
    summary: "Cluster-init script without a numeric prefix among numbered ones",
    file: ProjectFile::Script,
    doc: "\
## What it finds
A script in a spec's `cluster-init/scripts/` folder whose name does not start with a digit
while other scripts there do (`01-base.sh`, `02-mounts.sh`, `setup.sh`). A name starting
with `zz` (`zz-install.sh`) says it is meant to run last and is not reported.

## Why it matters
Cluster-init runs a folder's scripts in the order of their names. Numbered names say that
order; an unnumbered one sorts after all of them (`setup.sh` after `99-last.sh`), which is
probably not where its author meant it to run.

## Example
`01-base.sh`, `02-mounts.sh`, `setup.sh`.

## Fix
Give it a number saying when it should run: `00-setup.sh`.
",
};

/// The findings on each script of one `cluster-init/scripts/` folder, by index into `scripts`.
pub fn check_scripts(scripts: &[ScriptFile], settings: &Settings) -> Vec<Vec<Diagnostic>> {
    let runnable: Vec<bool> = scripts.iter().map(is_script).collect();
    let any_numbered = scripts
        .iter()
        .zip(&runnable)
        .any(|(script, &runnable)| runnable && is_numbered(&script.name));
    let any_executable = scripts
        .iter()
        .zip(&runnable)
        .any(|(script, &runnable)| runnable && script.executable == Some(true));
    scripts
        .iter()
        .zip(&runnable)
        .map(|(script, &runnable)| {
            let mut found = Vec::new();
            if !runnable {
                return found;
            }
            if is_shell(script) {
                if let Some(at) = script.text.find("\r\n") {
                    let lines = script.text.matches("\r\n").count();
                    found.push(CRLF.diagnostic(
                        at..at + 1,
                        format!(
                            "{lines} line{} of this shell script end with CRLF; the node's shell reads the `\\r` as part of each line",
                            if lines == 1 { "" } else { "s" }
                        ),
                    ));
                }
            }
            if let Some(range) = late_shebang(&script.text) {
                found.push(LATE_SHEBANG.diagnostic(
                    range,
                    "This `#!` line is not at the start of the file, so it does not choose the interpreter",
                ));
            }
            if any_executable && script.executable == Some(false) && !is_windows_script(&script.name) {
                found.push(NOT_EXECUTABLE.diagnostic(
                    0..0,
                    format!("`{}` is not executable while the other scripts of its folder are", script.name),
                ));
            }
            if any_numbered && !is_numbered(&script.name) && !is_meant_last(&script.name) {
                found.push(UNNUMBERED.diagnostic(
                    0..0,
                    format!(
                        "`{}` has no numeric prefix, so it runs after every numbered script of its folder",
                        script.name
                    ),
                ));
            }
            settle(settings, found)
        })
        .collect()
}

/// Whether a file of the scripts folder is run (not a README or notes).
fn is_script(script: &ScriptFile) -> bool {
    let lower = script.name.to_ascii_lowercase();
    !(lower.starts_with('.')
        || lower.starts_with("readme")
        || lower.ends_with(".md")
        || lower.ends_with(".txt"))
}

fn is_numbered(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_digit())
}

/// `zz-install.sh`: a name made to sort after the numbered ones (as cyclecloud-pbspro does).
fn is_meant_last(name: &str) -> bool {
    name.get(..2)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("zz"))
}

fn is_windows_script(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ps1", ".bat", ".cmd"]
        .iter()
        .any(|extension| lower.ends_with(extension))
}

/// A `.sh` file, or one whose first line names a shell.
fn is_shell(script: &ScriptFile) -> bool {
    if script.name.to_ascii_lowercase().ends_with(".sh") {
        return true;
    }
    let first = script
        .text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default();
    first.starts_with("#!")
        && ["sh", "bash", "zsh", "ksh", "dash"]
            .iter()
            .any(|shell| first.split(['/', ' ', '\r']).any(|word| word == *shell))
}

/// The `#!` line, when one comes after a byte order mark, blank lines or comments instead of
/// at byte 0.
fn late_shebang(text: &str) -> Option<std::ops::Range<usize>> {
    if text.starts_with("#!") {
        return None;
    }
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let here = start;
        start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches(['\u{feff}', ' ', '\t']);
        if trimmed.starts_with("#!") {
            let lead = content.len() - trimmed.len();
            return Some(here + lead..here + content.len());
        }
        if !(trimmed.is_empty() || trimmed.starts_with('#')) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(name: &str, text: &str, executable: Option<bool>) -> ScriptFile {
        ScriptFile {
            name: name.into(),
            text: text.into(),
            executable,
        }
    }

    fn codes(found: &[Diagnostic]) -> Vec<&'static str> {
        found.iter().map(|diagnostic| diagnostic.code).collect()
    }

    #[test]
    fn crlf_in_shell_scripts_only() {
        let found = check_scripts(
            &[
                script("10.sh", "#!/bin/bash\r\necho a\r\n", None),
                script("20.ps1", "Write-Host a\r\n", None),
                script("30", "#!/usr/bin/env bash\r\necho\n", None),
                script("40.sh", "#!/bin/bash\necho\n", None),
            ],
            &Settings::default(),
        );
        assert_eq!(found[0].len(), 1);
        assert_eq!(found[0][0].range, 11..12);
        assert!(found[0][0].message.starts_with("2 lines"));
        assert!(found[1].is_empty());
        assert_eq!(codes(&found[2]), ["CC0810"]);
        assert!(found[3].is_empty());
    }

    #[test]
    fn shebang_after_blank_lines_comments_or_a_bom() {
        let late = |text: &str| {
            check_scripts(&[script("a.py", text, None)], &Settings::default()).remove(0)
        };
        assert_eq!(late("\n#!/bin/bash\n")[0].range, 1..12);
        assert_eq!(codes(&late("# setup\n#!/usr/bin/python3\n")), ["CC0811"]);
        assert_eq!(codes(&late("\u{feff}#!/bin/bash\n")), ["CC0811"]);
        assert!(late("#!/bin/bash\n#!/not/this\n").is_empty());
        assert!(late("echo hi\n#!/bin/bash\n").is_empty());
        assert!(late("").is_empty());
    }

    #[test]
    fn executable_bits_and_numbers_compared_within_the_folder() {
        let found = check_scripts(
            &[
                script("01-base.sh", "#!/bin/sh\n", Some(true)),
                script("02-more.sh", "#!/bin/sh\n", Some(false)),
                script("setup.sh", "#!/bin/sh\n", Some(true)),
                script("README.md", "x", Some(false)),
                script("03-win.ps1", "x", Some(false)),
                script("zz-last.sh", "#!/bin/sh\n", Some(true)),
            ],
            &Settings::default(),
        );
        assert!(found[0].is_empty());
        assert_eq!(codes(&found[1]), ["CC0812"]);
        assert_eq!(codes(&found[2]), ["CC0813"]);
        assert!(found[3].is_empty() && found[4].is_empty() && found[5].is_empty());
        // Unknown bits (Windows) and a folder without numbers stay quiet.
        let quiet = check_scripts(
            &[script("a.sh", "", None), script("b.sh", "", Some(true))],
            &Settings::default(),
        );
        assert!(quiet.iter().all(Vec::is_empty));
    }
}
