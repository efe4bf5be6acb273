//! Open JSON documents, kept apart from templates: they are never parsed as templates. One
//! that a `[[params]]` glob of its config file maps to a template is a parameter file and gets
//! CC07xx diagnostics, completion and hover against that template; any other JSON document is
//! left alone.

use std::path::{Path, PathBuf};

use cyclecloud_analysis::params_file;
use cyclecloud_analysis::settings::find_config_file;
use cyclecloud_analysis::Settings;
use cyclecloud_syntax::line_index::position_to_offset;
use cyclecloud_syntax::{PositionEdit, PositionEncoding};
use dashmap::DashMap;
use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

/// Templates read from disk for a parameter file larger than this are not read.
const MAX_TEMPLATE_BYTES: u64 = 8 * 1024 * 1024;

/// One open JSON document.
#[derive(Clone, Debug)]
pub struct JsonDocument {
    /// The client's version number.
    pub version: i32,
    /// The text.
    pub rope: Rope,
}

/// Every open JSON document, by URI.
#[derive(Default)]
pub struct ParamsDocuments {
    documents: DashMap<Uri, JsonDocument>,
}

/// Whether a document is JSON (and so never a template): by language id, or by a `.json` URI.
pub fn is_json(language_id: &str, uri: &Uri) -> bool {
    matches!(language_id, "json" | "jsonc") || uri.as_str().to_ascii_lowercase().ends_with(".json")
}

impl ParamsDocuments {
    /// `didOpen` of a JSON document.
    pub fn open(&self, uri: Uri, text: &str, version: i32) {
        let rope = Rope::from_str(text);
        self.documents.insert(uri, JsonDocument { version, rope });
    }

    /// `didChange`: applies the edits in order; false when the URI is not an open JSON document.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        edits: &[PositionEdit],
        encoding: PositionEncoding,
    ) -> bool {
        let Some(mut document) = self.documents.get_mut(uri) else {
            return false;
        };
        for edit in edits {
            let rope = &mut document.rope;
            match &edit.range {
                Some(range) => {
                    let start = position_to_offset(rope, range.start, encoding);
                    let end = position_to_offset(rope, range.end, encoding);
                    let (start, end) = (start.min(end), start.max(end));
                    let (start, end) = (rope.byte_to_char(start), rope.byte_to_char(end));
                    rope.remove(start..end);
                    rope.insert(start, &edit.text);
                }
                None => *rope = Rope::from_str(&edit.text),
            }
        }
        document.version = version;
        true
    }

    /// `didClose`; true when it was an open JSON document.
    pub fn close(&self, uri: &Uri) -> bool {
        self.documents.remove(uri).is_some()
    }

    /// Whether the URI is an open JSON document.
    pub fn contains(&self, uri: &Uri) -> bool {
        self.documents.contains_key(uri)
    }

    /// The current version and text.
    pub fn get(&self, uri: &Uri) -> Option<JsonDocument> {
        self.documents.get(uri).map(|document| document.clone())
    }

    /// Every open JSON document's URI.
    pub fn uris(&self) -> Vec<Uri> {
        self.documents
            .iter()
            .map(|entry| entry.key().clone())
            .collect()
    }
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
    use cyclecloud_syntax::Position;

    #[test]
    fn json_documents_are_told_by_language_or_extension() {
        let uri = |text: &str| -> Uri { text.parse().expect("uri") };
        assert!(is_json("json", &uri("file:///w/a")));
        assert!(is_json("jsonc", &uri("file:///w/a.txt")));
        assert!(is_json("plaintext", &uri("file:///w/P.JSON")));
        assert!(!is_json("cyclecloud", &uri("file:///w/a.txt")));
    }

    #[test]
    fn changes_apply_in_order_and_out_of_range_edits_are_clamped() {
        let documents = ParamsDocuments::default();
        let uri: Uri = "file:///w/p.json".parse().expect("uri");
        documents.open(uri.clone(), "{\"a\": 1}\n", 1);
        let at = |line, character| Position { line, character };
        let edits = [
            PositionEdit {
                range: Some(at(0, 6)..at(0, 7)),
                text: "22".into(),
            },
            PositionEdit {
                range: Some(at(9, 0)..at(3, 0)),
                text: "x".into(),
            },
        ];
        assert!(documents.change(&uri, 2, &edits, PositionEncoding::Utf16));
        let document = documents.get(&uri).expect("open");
        assert_eq!(document.version, 2);
        assert_eq!(document.rope.to_string(), "{\"a\": 22}\nx");
        assert!(documents.close(&uri));
        assert!(!documents.change(&uri, 3, &edits, PositionEncoding::Utf16));
    }
}
