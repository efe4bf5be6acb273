//! Open documents that are not templates (JSON documents, `project.ini` files): kept as text
//! with their version, apart from the template session, so they are never parsed as templates.

use cyclecloud_syntax::{PositionEdit, PositionEncoding};
use dashmap::DashMap;
use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

/// One open document kept as plain text.
#[derive(Clone, Debug)]
pub struct PlainDocument {
    /// The client's version number.
    pub version: i32,
    /// The text.
    pub rope: Rope,
}

/// Open documents of one kind, by URI.
#[derive(Default)]
pub struct PlainDocuments {
    documents: DashMap<Uri, PlainDocument>,
}

impl PlainDocuments {
    /// `didOpen` of a document of this kind.
    pub fn open(&self, uri: Uri, text: &str, version: i32) {
        let rope = Rope::from_str(text);
        self.documents.insert(uri, PlainDocument { version, rope });
    }

    /// `didChange`: applies the edits in order; false when the URI is not open here.
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
        cyclecloud_syntax::apply_position_edits_to_rope(&mut document.rope, edits, encoding);
        document.version = version;
        true
    }

    /// `didClose`; true when it was open here.
    pub fn close(&self, uri: &Uri) -> bool {
        self.documents.remove(uri).is_some()
    }

    /// Whether the URI is open here.
    pub fn contains(&self, uri: &Uri) -> bool {
        self.documents.contains_key(uri)
    }

    /// The current version and text.
    pub fn get(&self, uri: &Uri) -> Option<PlainDocument> {
        self.documents.get(uri).map(|document| document.clone())
    }

    /// Every URI open here.
    pub fn uris(&self) -> Vec<Uri> {
        self.documents
            .iter()
            .map(|entry| entry.key().clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cyclecloud_syntax::Position;

    #[test]
    fn changes_apply_in_order_and_out_of_range_edits_are_clamped() {
        let documents = PlainDocuments::default();
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
