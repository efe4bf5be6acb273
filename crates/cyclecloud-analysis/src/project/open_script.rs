//! The script checks on one cluster-init script an editor has open: its own text, and the
//! names of the other scripts of its folder as the project was last read. Whether a file may be
//! executed is not in an editor's text, so CC0812 is left to `check`.

use super::scripts::{check_scripts, ScriptFile};
use crate::diagnostic::Diagnostic;
use crate::settings::Settings;

/// The CC0810, CC0811 and CC0813 findings on the script `name` with the editor text `text`,
/// beside the other scripts of its folder (`folder`, file names; `name` itself is skipped).
pub fn check_open_script(
    name: &str,
    text: &str,
    folder: &[String],
    settings: &Settings,
) -> Vec<Diagnostic> {
    let this = ScriptFile {
        name: name.to_owned(),
        text: text.to_owned(),
        executable: None,
    };
    let others = folder
        .iter()
        .filter(|other| other.as_str() != name)
        .map(|other| ScriptFile {
            name: other.clone(),
            text: String::new(),
            executable: None,
        });
    let scripts: Vec<ScriptFile> = std::iter::once(this).chain(others).collect();
    check_scripts(&scripts, settings)
        .into_iter()
        .next()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(found: &[Diagnostic]) -> Vec<&'static str> {
        found.iter().map(|diagnostic| diagnostic.code).collect()
    }

    #[test]
    fn the_open_scripts_own_findings_beside_its_folder() {
        let folder = ["10-base.sh".to_owned(), "setup.sh".to_owned()];
        let found = check_open_script(
            "setup.sh",
            "\n#!/bin/bash\r\necho\r\n",
            &folder,
            &Settings::default(),
        );
        assert_eq!(codes(&found), ["CC0813", "CC0811", "CC0810"]);
        // Numbered itself, with a clean text: nothing, whatever the others are.
        let quiet = check_open_script("10-base.sh", "#!/bin/bash\n", &folder, &Settings::default());
        assert!(quiet.is_empty(), "{quiet:?}");
        // Alone (no project read): no ordering finding.
        let alone = check_open_script("setup.sh", "#!/bin/bash\n", &[], &Settings::default());
        assert!(alone.is_empty(), "{alone:?}");
    }

    #[test]
    fn rule_levels_apply_and_garbage_is_quiet() {
        let settings = Settings::from_toml("[rules]\nCC0810 = \"off\"\n").unwrap();
        let found = check_open_script("a.sh", "x\r\n", &[], &settings);
        assert!(found.is_empty(), "{found:?}");
        for text in ["", "\u{0}\u{feff}#!", "\r", "#!\r\n#!"] {
            let _ = check_open_script("", text, &["".to_owned()], &Settings::default());
        }
    }
}
