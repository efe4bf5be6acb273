//! In-file suppression comments.
//!
//! * `# cyclecloud-lsp: ignore[CC0201]` (or `ignore` for every code) at the end of a line hides
//!   those diagnostics on that line; on a line of its own it applies to the next line that is
//!   not blank or a comment.
//! * `# cyclecloud-lsp: ignore-file[CC0201]` anywhere hides them in the whole file.

use cyclecloud_syntax::{Snapshot, SnapshotId};
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

/// Whether one version's text mentions the marker, for the next version: a keystroke that
/// writes no marker into a text without one leaves it without, so only the bytes around the edit
/// are searched instead of the whole text (3 MB and 2.5 M instructions a keystroke at 100,000
/// lines, on every keystroke that leaves a diagnostic).
#[derive(Debug)]
pub(crate) struct MarkerMemo {
    snapshot: SnapshotId,
    mentions: bool,
}

/// Drops suppressed diagnostics. Reads the lines only when the text mentions the marker, which
/// `memo` (when given) knows from the version before and keeps for the next.
pub(crate) fn apply(
    snapshot: &Snapshot,
    diagnostics: &mut Vec<Diagnostic>,
    memo: Option<&mut Option<MarkerMemo>>,
) {
    let rope = snapshot.rope();
    let mentions = match memo {
        Some(memo) => {
            let known = memo
                .take()
                .and_then(|before| mentions_after_edit(snapshot, &before));
            // Unknown and nothing to hide: the next version searches the whole text if it must.
            let mentions =
                known.or_else(|| (!diagnostics.is_empty()).then(|| mentions_marker(rope)));
            *memo = mentions.map(|mentions| MarkerMemo {
                snapshot: snapshot.id(),
                mentions,
            });
            mentions == Some(true)
        }
        None => !diagnostics.is_empty() && mentions_marker(rope),
    };
    if diagnostics.is_empty() || !mentions {
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

/// `Some(false)` when one edit made `snapshot` from the version `before` describes, which had no
/// marker, and wrote none: a new marker overlaps the written bytes (or, for a deletion, the
/// place where the text closed up), so it lies within a marker's length of them.
fn mentions_after_edit(snapshot: &Snapshot, before: &MarkerMemo) -> Option<bool> {
    let edited = snapshot.edited()?;
    if edited.from != before.snapshot || before.mentions {
        return None;
    }
    let rope = snapshot.rope();
    let keep = MARKER.len() - 1;
    let start = edited.written.start.saturating_sub(keep);
    let end = (edited.written.end + keep).min(rope.len_bytes());
    let around: Vec<u8> = rope
        .bytes_at(start)
        .take(end.saturating_sub(start))
        .collect();
    Some(memchr::memmem::find(&around, MARKER.as_bytes()).is_some())
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

    /// Typing a suppression comment one character at a time, then deleting one character of
    /// it: the memo follows each keystroke, and the diagnostic on the line is hidden exactly
    /// while the comment is complete.
    #[test]
    fn the_memo_sees_a_marker_typed_or_broken_around_the_edit() {
        use cyclecloud_syntax::{Document, TextEdit};
        let diagnostic = || {
            vec![Diagnostic {
                code: "CC0001",
                severity: crate::Severity::Warning,
                range: 0..4,
                message: "a finding".to_owned(),
                related: Vec::new(),
                tags: Vec::new(),
                fixes: Vec::new(),
            }]
        };
        let mut document = Document::new(&"Size = 1\n".repeat(3));
        let mut memo = None;
        apply(&document.snapshot(), &mut diagnostic(), Some(&mut memo));
        let comment = " # cyclecloud-lsp: ignore";
        let at = "Size = 1".len();
        for (typed, c) in comment.char_indices() {
            document.apply_edits(&[TextEdit {
                range: at + typed..at + typed,
                new_text: c.to_string(),
            }]);
            let mut found = diagnostic();
            apply(&document.snapshot(), &mut found, Some(&mut memo));
            let complete = typed + 1 == comment.len();
            assert_eq!(found.is_empty(), complete, "after {:?}", &comment[..=typed]);
        }
        let colon = at + comment.find(':').unwrap();
        document.apply_edits(&[TextEdit {
            range: colon..colon + 1,
            new_text: String::new(),
        }]);
        let mut found = diagnostic();
        apply(&document.snapshot(), &mut found, Some(&mut memo));
        assert_eq!(found.len(), 1, "a broken marker hides nothing");
    }
}
