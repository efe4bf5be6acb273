//! Open JSON documents, kept apart from templates (in a [`crate::plain_documents`] store):
//! they are never parsed as templates. One that a `[[params]]` glob of its config file maps to a template is a parameter file and gets
//! CC07xx diagnostics, completion and hover against that template; any other JSON document is
//! left alone.

use std::path::{Path, PathBuf};

use cyclecloud_analysis::params_file;
use cyclecloud_analysis::settings::find_config_file;
use cyclecloud_analysis::Settings;
use tower_lsp_server::ls_types::Uri;

/// Templates read from disk for a parameter file larger than this are not read.
const MAX_TEMPLATE_BYTES: u64 = 8 * 1024 * 1024;

/// Whether a document is JSON (and so never a template): by language id, or by a `.json` URI.
pub fn is_json(language_id: &str, uri: &Uri) -> bool {
    matches!(language_id, "json" | "jsonc") || uri.as_str().to_ascii_lowercase().ends_with(".json")
}

/// The template a parameter file at `path` is for, by the `[[params]]` tables of its config
/// file, with that config's settings; `None` for a plain JSON file (or an unreadable config).
pub fn template_of(path: &Path) -> Option<(PathBuf, Settings)> {
    let config = find_config_file(path)?;
    let root = config.parent()?;
    let (settings, _) = Settings::discover(path).ok()?;
    let relative = path.strip_prefix(root).ok()?;
    let template = params_file::template_for(&settings, relative)?;
    let template = root.join(template);
    Some((template, settings))
}

/// The text of a template on disk, when it is a plain file of reasonable size inside one of
/// the workspace folders accepted by `inside` (which gets the canonical path).
pub fn read_template(path: &Path, inside: impl Fn(&Path) -> bool) -> Option<String> {
    let canonical = path.canonicalize().ok()?;
    if !inside(&canonical) {
        return None;
    }
    let meta = std::fs::metadata(&canonical).ok()?;
    if !meta.is_file() || meta.len() > MAX_TEMPLATE_BYTES {
        return None;
    }
    Some(String::from_utf8_lossy(&std::fs::read(&canonical).ok()?).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_documents_are_told_by_language_or_extension() {
        let uri = |text: &str| -> Uri { text.parse().expect("uri") };
        assert!(is_json("json", &uri("file:///w/a")));
        assert!(is_json("jsonc", &uri("file:///w/a.txt")));
        assert!(is_json("plaintext", &uri("file:///w/P.JSON")));
        assert!(!is_json("cyclecloud", &uri("file:///w/a.txt")));
    }
}
