//! In-file suppression comments.
//!
//! * `# cyclecloud-lsp: ignore[CC0201]` (or `ignore` for every code) at the end of a line hides
//!   those diagnostics on that line; on a line of its own it applies to the next line that is
//!   not blank or a comment.
//! * `# cyclecloud-lsp: ignore-file[CC0201]` anywhere hides them in the whole file.

use ropey::Rope;

use crate::diagnostic::Diagnostic;

const MARKER: &str = "cyclecloud-lsp:";

/// Which codes are hidden where.
#[derive(Debug, Default)]
struct Suppressions {
    /// (line, codes); empty codes = every code.
    lines: Vec<(usize, Vec<String>)>,
    file: Vec<Vec<String>>,
}

fn parse_codes(rest: &str) -> Option<Vec<String>> {
    let rest = rest.trim_start();
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let inner = rest.strip_prefix('[')?.split(']').next()?;
    Some(
        inner
            .split(',')
            .map(|code| code.trim().to_ascii_uppercase())
            .filter(|code| !code.is_empty())
            .collect(),
    )
}

fn collect(rope: &Rope) -> Suppressions {
    let mut found = Suppressions::default();
    let mut pending: Option<Vec<String>> = None;
    for (index, line) in rope.lines().enumerate() {
        let line: std::borrow::Cow<'_, str> = line.into();
        let trimmed = line.trim();
        let directive = line.find('#').and_then(|hash| {
            let comment = line[hash + 1..].trim_start();
            comment.strip_prefix(MARKER).map(str::trim_start)
        });
        if let Some(directive) = directive {
            if let Some(rest) = directive.strip_prefix("ignore-file") {
                if let Some(codes) = parse_codes(rest) {
                    found.file.push(codes);
                }
                continue;
            }
            if let Some(codes) = directive.strip_prefix("ignore").and_then(parse_codes) {
                if trimmed.starts_with('#') {
                    pending = Some(codes);
                } else {
                    found.lines.push((index, codes));
                }
                continue;
            }
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(codes) = pending.take() {
            found.lines.push((index, codes));
        }
    }
    found
}

fn matches(codes: &[String], code: &str) -> bool {
    codes.is_empty() || codes.iter().any(|candidate| candidate == code)
}

/// Whether the marker appears anywhere, also across a chunk boundary, without copying the text.
fn mentions_marker(rope: &Rope) -> bool {
    let mut carry = String::new();
    for chunk in rope.chunks() {
        carry.push_str(chunk);
        if carry.contains(MARKER) {
            return true;
        }
        let keep = carry.len().saturating_sub(MARKER.len());
        let keep = (keep..=carry.len())
            .find(|&i| carry.is_char_boundary(i))
            .unwrap_or(carry.len());
        carry.drain(..keep);
    }
    false
}

/// Drops suppressed diagnostics. Reads the lines only when the text mentions the marker.
pub(crate) fn apply(rope: &Rope, diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.is_empty() {
        return;
    }
    if !mentions_marker(rope) {
        return;
    }
    let found = collect(rope);
    diagnostics.retain(|diagnostic| {
        if found
            .file
            .iter()
            .any(|codes| matches(codes, diagnostic.code))
        {
            return false;
        }
        let line = rope.byte_to_line(diagnostic.range.start.min(rope.len_bytes()));
        !found
            .lines
            .iter()
            .any(|(suppressed, codes)| *suppressed == line && matches(codes, diagnostic.code))
    });
}
