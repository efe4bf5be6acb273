//! The JSON of a publish's diagnostics, written straight from the analysis' findings.
//!
//! Publishing converts every diagnostic of a file on every keystroke: 24,535 of them on the
//! 10 MB bench template. Building `lsp::Diagnostic`s, or serialising views of them with serde,
//! cost more than the analysis; this writes the same JSON text (field for field, in the same
//! order) with the positions from [`DiagnosticCursors`], the URI and each rule's link escaped
//! once per publish, and numbers written by `itoa`. Only the messages are escaped per diagnostic,
//! by `serde_json`.

use std::ops::Range;

use cyclecloud_analysis::Diagnostic;
use cyclecloud_syntax::{Position, PositionEncoding};
use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use crate::convert::{self, DiagnosticCursors, RuleDocs};

/// Writes the diagnostics of one document, in order, as `lsp::Diagnostic` serialises them.
pub struct DiagnosticWriter<'a> {
    cursors: DiagnosticCursors<'a>,
    /// The document's URI as a JSON string, for related places.
    uri: Vec<u8>,
    rule_docs: RuleDocs,
    /// Each code's `,"code":"…"`, followed by `,"codeDescription":{…}` when its link is a URI.
    codes: Vec<(&'static str, Vec<u8>)>,
}

impl<'a> DiagnosticWriter<'a> {
    /// A writer for diagnostics of the document at `uri` whose text is `rope`.
    pub fn new(
        rope: &'a Rope,
        encoding: PositionEncoding,
        uri: &lsp::Uri,
        rule_docs: RuleDocs,
    ) -> Self {
        let mut quoted_uri = Vec::new();
        string(&mut quoted_uri, uri.as_str());
        Self {
            cursors: DiagnosticCursors::new(rope, encoding),
            uri: quoted_uri,
            rule_docs,
            codes: Vec::new(),
        }
    }

    /// Appends `diagnostic`'s JSON object to `json`.
    pub fn write(&mut self, diagnostic: &Diagnostic, json: &mut Vec<u8>) {
        json.extend_from_slice(b"{\"range\":");
        range(json, self.cursors.own(diagnostic.range.clone()));
        json.extend_from_slice(b",\"severity\":");
        value(json, &convert::severity(diagnostic));
        json.extend_from_slice(self.code(diagnostic.code));
        json.extend_from_slice(b",\"source\":");
        string(json, convert::SOURCE);
        json.extend_from_slice(b",\"message\":");
        string(json, &diagnostic.message);
        if !diagnostic.related.is_empty() {
            json.extend_from_slice(b",\"relatedInformation\":[");
            for (index, related) in diagnostic.related.iter().enumerate() {
                if index > 0 {
                    json.push(b',');
                }
                json.extend_from_slice(b"{\"location\":{\"uri\":");
                json.extend_from_slice(&self.uri);
                json.extend_from_slice(b",\"range\":");
                range(json, self.cursors.related(related.range.clone()));
                json.extend_from_slice(b"},\"message\":");
                string(json, &related.message);
                json.push(b'}');
            }
            json.push(b']');
        }
        if !diagnostic.tags.is_empty() {
            json.extend_from_slice(b",\"tags\":[");
            for (index, &tag) in diagnostic.tags.iter().enumerate() {
                if index > 0 {
                    json.push(b',');
                }
                value(json, &convert::lsp_tag(tag));
            }
            json.push(b']');
        }
        json.push(b'}');
    }

    /// `,"code":"…"` and, when the rule's link is a URI, `,"codeDescription":{"href":"…"}`.
    fn code(&mut self, code: &'static str) -> &[u8] {
        let index = match self.codes.iter().position(|(known, _)| *known == code) {
            Some(index) => index,
            None => {
                let mut written = b",\"code\":".to_vec();
                string(&mut written, code);
                if let Some(href) = self.rule_docs.href(code) {
                    written.extend_from_slice(b",\"codeDescription\":{\"href\":");
                    string(&mut written, href.as_str());
                    written.push(b'}');
                }
                self.codes.push((code, written));
                self.codes.len() - 1
            }
        };
        &self.codes[index].1
    }
}

/// `{"start":{"line":…,"character":…},"end":{…}}`.
fn range(json: &mut Vec<u8>, Range { start, end }: Range<Position>) {
    json.extend_from_slice(b"{\"start\":");
    position(json, start);
    json.extend_from_slice(b",\"end\":");
    position(json, end);
    json.push(b'}');
}

fn position(json: &mut Vec<u8>, position: Position) {
    let mut number = itoa::Buffer::new();
    json.extend_from_slice(b"{\"line\":");
    json.extend_from_slice(number.format(position.line).as_bytes());
    json.extend_from_slice(b",\"character\":");
    json.extend_from_slice(number.format(position.character).as_bytes());
    json.push(b'}');
}

/// A JSON string, escaped as `serde_json` escapes it.
fn string(json: &mut Vec<u8>, text: &str) {
    value(json, text);
}

fn value(json: &mut Vec<u8>, value: &(impl serde::Serialize + ?Sized)) {
    // Strings and LSP numbers always serialise.
    let _ = serde_json::to_writer(json, value);
}

#[cfg(test)]
mod tests {
    use cyclecloud_analysis::{Related, Severity, Tag};

    use super::*;
    use crate::convert::{diagnostic, DEFAULT_RULE_DOCS_URL};

    fn finding(
        severity: Severity,
        range: Range<usize>,
        tags: Vec<Tag>,
        related: Vec<Related>,
    ) -> Diagnostic {
        Diagnostic {
            code: "CC0413",
            severity,
            range,
            message: "A \"quoted\" `message` with ä and\ta tab.".to_owned(),
            related,
            tags,
            fixes: Vec::new(),
        }
    }

    /// The text written is byte for byte the LSP type's JSON, for every optional field set or
    /// not, for a link template that makes no URI, and for diagnostics written one after the
    /// other by one writer (whose cursors move on) as well as each by a writer of its own.
    #[test]
    fn diagnostic_json_is_what_the_lsp_type_serialises_to() {
        let rope = Rope::from_str("line one\nlïne two with a longer tail\r\nthird 😀 line\n");
        let uri: lsp::Uri = "file:///cluster/templates/a%20b.txt".parse().unwrap();
        let related = || {
            vec![
                Related {
                    range: 12..20,
                    message: "here".to_owned(),
                },
                Related {
                    range: 0..4,
                    message: "and \\ there".to_owned(),
                },
            ]
        };
        let findings = [
            finding(Severity::Error, 6..14, Vec::new(), Vec::new()),
            finding(Severity::Warning, 6..40, vec![Tag::Deprecated], related()),
            finding(Severity::Hint, 15..22, vec![Tag::Unnecessary], Vec::new()),
            finding(Severity::Hint, 44..56, Vec::new(), related()),
            finding(Severity::Warning, 60..70, Vec::new(), Vec::new()),
        ];
        for template in [DEFAULT_RULE_DOCS_URL, "not a uri {code}"] {
            for encoding in [PositionEncoding::Utf8, PositionEncoding::Utf16] {
                let docs = || RuleDocs::new(template.to_owned());
                let mut one_writer = DiagnosticWriter::new(&rope, encoding, &uri, docs());
                for item in &findings {
                    let mut cursors = DiagnosticCursors::new(&rope, encoding);
                    let lsp_diagnostic = diagnostic(&mut cursors, &uri, &mut docs(), item);
                    // Its positions are those of converting each range on its own.
                    assert_eq!(
                        lsp_diagnostic.range,
                        convert::range(&rope, item.range.clone(), encoding)
                    );
                    let related = lsp_diagnostic.related_information.as_deref().unwrap_or(&[]);
                    assert_eq!(related.len(), item.related.len());
                    for (lsp_related, related) in related.iter().zip(&item.related) {
                        let expected = convert::range(&rope, related.range.clone(), encoding);
                        assert_eq!(lsp_related.location.range, expected);
                    }
                    let expected = serde_json::to_string(&lsp_diagnostic).unwrap();
                    let mut json = Vec::new();
                    DiagnosticWriter::new(&rope, encoding, &uri, docs()).write(item, &mut json);
                    assert_eq!(String::from_utf8(json).unwrap(), expected, "{template}");
                    let mut json = Vec::new();
                    one_writer.write(item, &mut json);
                    assert_eq!(String::from_utf8(json).unwrap(), expected, "{template}");
                }
            }
        }
    }
}
