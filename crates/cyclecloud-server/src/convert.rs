//! Every conversion between LSP types and the analysis' byte offsets, in one place. Positions go
//! through the syntax crate's line index with the encoding negotiated at `initialize`.

use std::ops::Range;

use cyclecloud_analysis::{Diagnostic, Severity, Tag};
use cyclecloud_syntax::line_index::{
    offset_to_position, position_to_offset, range_to_positions, PositionCursor,
};
use cyclecloud_syntax::{Position, PositionEdit, PositionEncoding};
use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

/// The rule documentation links of one batch of diagnostics: the configured URL template
/// (`{code}` replaced by the rule code) parsed once per code, not once per diagnostic (a file
/// with thousands of findings has a handful of codes).
pub struct RuleDocs {
    template: String,
    parsed: Vec<(&'static str, Option<lsp::Uri>)>,
}

impl RuleDocs {
    /// Links made from `template`.
    pub fn new(template: String) -> RuleDocs {
        RuleDocs {
            template,
            parsed: Vec::new(),
        }
    }

    /// The link for `code`, `None` when the template does not make a valid URI.
    pub(crate) fn href(&mut self, code: &'static str) -> Option<&lsp::Uri> {
        let index = match self.parsed.iter().position(|(known, _)| *known == code) {
            Some(index) => index,
            None => {
                let href = self
                    .template
                    .replace("{code}", code)
                    .parse::<lsp::Uri>()
                    .ok();
                self.parsed.push((code, href));
                self.parsed.len() - 1
            }
        };
        self.parsed[index].1.as_ref()
    }
}

/// LSP position → byte offset (clamped to the text).
pub fn offset(rope: &Rope, position: lsp::Position, encoding: PositionEncoding) -> usize {
    position_to_offset(
        rope,
        Position {
            line: position.line,
            character: position.character,
        },
        encoding,
    )
}

/// Byte offset → LSP position.
pub fn position(rope: &Rope, offset: usize, encoding: PositionEncoding) -> lsp::Position {
    lsp_position(offset_to_position(rope, offset, encoding))
}

/// Byte range → LSP range.
pub fn range(rope: &Rope, range: Range<usize>, encoding: PositionEncoding) -> lsp::Range {
    lsp_range(range_to_positions(rope, range, encoding))
}

fn lsp_range(Range { start, end }: Range<Position>) -> lsp::Range {
    lsp::Range {
        start: lsp_position(start),
        end: lsp_position(end),
    }
}

fn lsp_position(position: Position) -> lsp::Position {
    lsp::Position {
        line: position.line,
        character: position.character,
    }
}

/// The length of a byte range in the negotiated encoding's units (semantic tokens carry
/// lengths, not end positions).
pub fn length(rope: &Rope, range: Range<usize>, encoding: PositionEncoding) -> u32 {
    let (start, end) = (rope.byte_to_char(range.start), rope.byte_to_char(range.end));
    let count = match encoding {
        PositionEncoding::Utf8 => range.end - range.start,
        PositionEncoding::Utf32 => end - start,
        PositionEncoding::Utf16 => rope.char_to_utf16_cu(end) - rope.char_to_utf16_cu(start),
    };
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// `didChange` content changes → the syntax crate's edits (`None` range = whole text).
pub fn position_edits(changes: Vec<lsp::TextDocumentContentChangeEvent>) -> Vec<PositionEdit> {
    changes
        .into_iter()
        .map(|change| PositionEdit {
            range: change.range.map(|range| {
                Position {
                    line: range.start.line,
                    character: range.start.character,
                }..Position {
                    line: range.end.line,
                    character: range.end.character,
                }
            }),
            text: change.text,
        })
        .collect()
}

/// The negotiated encoding as LSP names it.
pub fn encoding_kind(encoding: PositionEncoding) -> lsp::PositionEncodingKind {
    match encoding {
        PositionEncoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => lsp::PositionEncodingKind::UTF32,
    }
}

/// Picks the encoding: UTF-8 when the client offers it (no conversion at all), else UTF-16, the
/// encoding every client must support.
pub fn negotiate_encoding(capabilities: &lsp::ClientCapabilities) -> PositionEncoding {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.iter().any(|kind| kind.as_str() == "utf-8") => PositionEncoding::Utf8,
        _ => PositionEncoding::Utf16,
    }
}

/// Where a rule's documentation is published; `{code}` is replaced by the rule code.
pub const DEFAULT_RULE_DOCS_URL: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/main/docs/rules/{code}.md"
);

/// Where the positions of a list of diagnostics come from: one cursor for their own ranges
/// (sorted by position, so mostly in the rope chunk of the one before) and one for their related
/// places, which point elsewhere, often at a few shared lines. Converting each range on its own
/// cost more than analysing a large file.
pub struct DiagnosticCursors<'r> {
    own: PositionCursor<'r>,
    related: PositionCursor<'r>,
}

impl<'r> DiagnosticCursors<'r> {
    /// Cursors at the start of `rope`.
    pub fn new(rope: &'r Rope, encoding: PositionEncoding) -> Self {
        Self {
            own: PositionCursor::new(rope, encoding),
            related: PositionCursor::new(rope, encoding),
        }
    }

    /// The positions of a diagnostic's own range.
    pub fn own(&mut self, range: Range<usize>) -> Range<Position> {
        self.own.range(range)
    }

    /// The positions of one of its related places.
    pub fn related(&mut self, range: Range<usize>) -> Range<Position> {
        self.related.range(range)
    }
}

/// An analysis diagnostic as LSP shows it.
pub fn diagnostic(
    cursors: &mut DiagnosticCursors<'_>,
    uri: &lsp::Uri,
    rule_docs: &mut RuleDocs,
    diagnostic: &Diagnostic,
) -> lsp::Diagnostic {
    let tags: Vec<lsp::DiagnosticTag> = diagnostic.tags.iter().map(|&tag| lsp_tag(tag)).collect();
    let related: Vec<lsp::DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .map(|related| lsp::DiagnosticRelatedInformation {
            location: lsp::Location {
                uri: uri.clone(),
                range: lsp_range(cursors.related(related.range.clone())),
            },
            message: related.message.clone(),
        })
        .collect();
    let href = rule_docs.href(diagnostic.code).cloned();
    lsp::Diagnostic {
        range: lsp_range(cursors.own(diagnostic.range.clone())),
        severity: Some(severity(diagnostic)),
        code: Some(lsp::NumberOrString::String(diagnostic.code.to_owned())),
        code_description: href.map(|href| lsp::CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

/// The `source` of every diagnostic.
pub(crate) const SOURCE: &str = "cyclecloud-lsp";

/// Unnecessary code is faded by editors at HINT; other hints stay visible as information.
pub(crate) fn severity(diagnostic: &Diagnostic) -> lsp::DiagnosticSeverity {
    match diagnostic.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Hint if diagnostic.tags.contains(&Tag::Unnecessary) => {
            lsp::DiagnosticSeverity::HINT
        }
        Severity::Hint => lsp::DiagnosticSeverity::INFORMATION,
    }
}

pub(crate) fn lsp_tag(tag: Tag) -> lsp::DiagnosticTag {
    match tag {
        Tag::Unnecessary => lsp::DiagnosticTag::UNNECESSARY,
        Tag::Deprecated => lsp::DiagnosticTag::DEPRECATED,
    }
}
