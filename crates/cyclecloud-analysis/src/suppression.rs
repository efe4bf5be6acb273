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

/// Whether the marker appears anywhere, also across a chunk boundary, without copying the text:
/// each chunk is searched where it lies, and each boundary in a window of the bytes around it
/// (this runs over the whole text on every keystroke that leaves a diagnostic).
fn mentions_marker(rope: &Rope) -> bool {
    let finder = memchr::memmem::Finder::new(MARKER);
    // A marker across a boundary has at most this many bytes on either side of it.
    let keep = MARKER.len() - 1;
    let mut window: Vec<u8> = Vec::with_capacity(2 * keep);
    for chunk in rope.chunks().map(str::as_bytes) {
        if finder.find(chunk).is_some() {
            return true;
        }
        window.extend_from_slice(&chunk[..chunk.len().min(keep)]);
        if finder.find(&window).is_some() {
            return true;
        }
        if chunk.len() >= keep {
            window.clear();
            window.extend_from_slice(&chunk[chunk.len() - keep..]);
        } else {
            window.drain(..window.len().saturating_sub(keep));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte offsets where the rope's chunks meet.
    fn boundaries(rope: &Rope) -> Vec<usize> {
        rope.chunks()
            .scan(0, |end, chunk| {
                *end += chunk.len();
                Some(*end)
            })
            .collect()
    }

    #[test]
    fn the_marker_is_found_across_every_chunk_boundary() {
        let filler = "    MachineType = Standard_D4s_v5\n".repeat(200);
        let marker = "# cyclecloud-lsp: ignore\n";
        let mut straddling = 0;
        for at in (0..3_000).filter(|at| filler.is_char_boundary(*at)) {
            let text = format!("{}{marker}{}", &filler[..at], &filler[at..]);
            let rope = Rope::from_str(&text);
            let start = at + 2;
            let end = start + MARKER.len();
            straddling += boundaries(&rope)
                .iter()
                .filter(|&&boundary| start < boundary && boundary < end)
                .count();
            assert!(mentions_marker(&rope), "marker at byte {at} not found");
        }
        assert!(
            straddling > 10,
            "only {straddling} markers crossed a chunk boundary"
        );
        assert!(!mentions_marker(&Rope::from_str(&filler)));
        assert!(!mentions_marker(&Rope::from_str("# cyclecloud-lsp")));
    }
}
