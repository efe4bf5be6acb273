//! Conversion between rope byte offsets and editor positions, in O(log n) per call via ropey's own indices.
//!
//! Lines are split exactly as the LSP defines them: on `\n`, `\r\n` and a lone `\r` (the workspace
//! enables ropey's `cr_lines` feature and not `unicode_lines`). A text that ends with a line break
//! has a final empty line, and positions on it are valid.

use std::ops::Range;

use ropey::Rope;

mod cursor;
pub use cursor::PositionCursor;

/// Which unit an editor counts columns in (negotiated once per session).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PositionEncoding {
    /// Columns count UTF-8 bytes, which is what the rope and tree-sitter use natively.
    Utf8,
    /// Columns count UTF-16 code units, the LSP default every client must support.
    #[default]
    Utf16,
    /// Columns count Unicode scalar values (chars).
    Utf32,
}

impl PositionEncoding {
    /// Parses the name a client offers in `general.positionEncodings`, so the server can negotiate.
    pub fn from_lsp_name(name: &str) -> Option<Self> {
        match name {
            "utf-8" => Some(Self::Utf8),
            "utf-16" => Some(Self::Utf16),
            "utf-32" => Some(Self::Utf32),
            _ => None,
        }
    }

    /// The name the server reports back as its chosen `positionEncoding`.
    pub fn lsp_name(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf16 => "utf-16",
            Self::Utf32 => "utf-32",
        }
    }
}

/// A zero-based line and column, the column counted in some PositionEncoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Position {
    /// Zero-based line number, lines split on `\n`, `\r\n` and `\r`.
    pub line: u32,
    /// Zero-based column within the line, counted in the session's [`PositionEncoding`].
    pub character: u32,
}

/// Byte offset -> Position. Offsets past the end clamp to the end; an offset inside a multi-byte char rounds down to its start; an offset between '\r' and '\n' of a CRLF counts as the end of that line (before the '\r').
pub fn offset_to_position(rope: &Rope, offset: usize, encoding: PositionEncoding) -> Position {
    // Two rope lookups for the line and one walk over the line's chunks up to `offset`:
    // converting diagnostics for the editor calls this on every keystroke, and template lines
    // can be hundreds of characters long.
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    // Only a '\r' of a CRLF can precede `offset` on its own line: the content ends there.
    let (column, _) = line_width(rope, line_start..offset, encoding).unwrap_or_default();
    Position {
        line: to_u32(line),
        character: to_u32(column),
    }
}

/// The positions of both ends of `range`, as [`offset_to_position`] gives them; an end on the
/// start's line (as for most diagnostics) is counted on from the start, not looked up again.
pub fn range_to_positions(
    rope: &Rope,
    range: Range<usize>,
    encoding: PositionEncoding,
) -> Range<Position> {
    let start = offset_to_position(rope, range.start, encoding);
    let to = range.end.min(rope.len_bytes());
    match line_width(rope, range.start..to, encoding) {
        Some((width, false)) if range.start <= to => {
            start..Position {
                line: start.line,
                character: to_u32(start.character as usize + width),
            }
        }
        _ => start..offset_to_position(rope, range.end, encoding),
    }
}

/// The width in `encoding`'s units of the text in `range` up to its first line break, and
/// whether it has one; `None` when `range` starts inside a char. The end of `range` is rounded
/// down to a char's start. One walk over the rope's chunks: rope slices cost more to build
/// than the counting, and ASCII chunks are counted by length.
fn line_width(
    rope: &Rope,
    range: Range<usize>,
    encoding: PositionEncoding,
) -> Option<(usize, bool)> {
    let (from, to) = (range.start, range.end);
    let (mut chunks, chunk_start, _, _) = rope.chunks_at_byte(from.min(rope.len_bytes()));
    let mut skip = from.saturating_sub(chunk_start);
    let mut at = chunk_start;
    let mut width_so_far = 0;
    while at < to {
        let Some(chunk) = chunks.next() else {
            break;
        };
        // Chunks end on char boundaries, so an end inside a char rounds down within its chunk.
        let mut end = (to - at).min(chunk.len());
        while !chunk.is_char_boundary(end) {
            end -= 1;
        }
        let part = chunk.get(skip.min(end)..end)?;
        at += chunk.len();
        skip = 0;
        if let Some(line_break) = part.find(['\r', '\n']) {
            return Some((width_so_far + width(&part[..line_break], encoding), true));
        }
        width_so_far += width(part, encoding);
    }
    Some((width_so_far, false))
}

/// The width of `part` (no line break in it) in `encoding`'s units.
fn width(part: &str, encoding: PositionEncoding) -> usize {
    match encoding {
        PositionEncoding::Utf8 => part.len(),
        _ if part.is_ascii() => part.len(),
        PositionEncoding::Utf16 => part.chars().map(char::len_utf16).sum(),
        PositionEncoding::Utf32 => part.chars().count(),
    }
}

/// Position -> byte offset. A line past the last line clamps to the end of the text; a character past the end of its line clamps to the end of the line's content (before its line break, never between '\r' and '\n'); a UTF-16 column that falls inside a surrogate pair rounds down to the start of that character.
pub fn position_to_offset(rope: &Rope, position: Position, encoding: PositionEncoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let content = line_content_range(rope, line);
    let character = position.character as usize;
    match encoding {
        PositionEncoding::Utf8 => {
            let target = content.start + character.min(content.end - content.start);
            // Round a column inside a multi-byte char down to that char's first byte.
            rope.char_to_byte(rope.byte_to_char(target))
        }
        PositionEncoding::Utf32 => {
            let start = rope.byte_to_char(content.start);
            let end = rope.byte_to_char(content.end);
            rope.char_to_byte(start + character.min(end - start))
        }
        PositionEncoding::Utf16 => {
            let start = rope.char_to_utf16_cu(rope.byte_to_char(content.start));
            let end = rope.char_to_utf16_cu(rope.byte_to_char(content.end));
            // `utf16_cu_to_char` maps the low half of a surrogate pair to the char it belongs to.
            let char_idx = rope.utf16_cu_to_char(start + character.min(end - start));
            rope.char_to_byte(char_idx)
        }
    }
}

/// Byte offset -> tree-sitter style point (row, byte column within the row), clamped as above.
pub fn offset_to_point(rope: &Rope, offset: usize) -> tree_sitter::Point {
    let (line, _, byte) = locate(rope, offset);
    tree_sitter::Point {
        row: line,
        column: byte - rope.line_to_byte(line),
    }
}

/// The byte range of a line's content without its line break, for clamping and for features that work per line.
///
/// A line past the last line yields the empty range at the end of the text.
pub fn line_content_range(rope: &Rope, line: usize) -> Range<usize> {
    let len_lines = rope.len_lines();
    if line >= len_lines {
        let len = rope.len_bytes();
        return len..len;
    }
    let start = rope.line_to_byte(line);
    if line + 1 == len_lines {
        // The last line never has a line break: a break always starts a new (maybe empty) line.
        return start..rope.len_bytes();
    }
    let next = rope.line_to_byte(line + 1);
    // Without `unicode_lines`, a break is exactly `\n`, `\r\n` or `\r`.
    let break_len =
        if rope.byte(next - 1) == b'\n' && next - 1 > start && rope.byte(next - 2) == b'\r' {
            2
        } else {
            1
        };
    start..next - break_len
}

/// Clamps and snaps `offset`, returning its (line, char index, byte offset) with the byte never inside a char or a line break.
fn locate(rope: &Rope, offset: usize) -> (usize, usize, usize) {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    let byte = rope.char_to_byte(char_idx);
    let content_end = line_content_range(rope, line).end;
    if byte > content_end {
        // Between the '\r' and '\n' of a CRLF: that is the end of the line's content.
        (line, rope.byte_to_char(content_end), content_end)
    } else {
        (line, char_idx, byte)
    }
}

/// Saturating conversion for LSP's u32 fields; only texts over 4 GiB could saturate.
fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: [PositionEncoding; 3] = [
        PositionEncoding::Utf8,
        PositionEncoding::Utf16,
        PositionEncoding::Utf32,
    ];

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    /// Naive reference: the (start, content end, end including break) byte ranges of every line.
    fn ref_lines(text: &str) -> Vec<(usize, usize, usize)> {
        let bytes = text.as_bytes();
        let mut lines = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    lines.push((start, i, i + 2));
                    i += 2;
                    start = i;
                }
                b'\r' | b'\n' => {
                    lines.push((start, i, i + 1));
                    i += 1;
                    start = i;
                }
                _ => i += 1,
            }
        }
        lines.push((start, bytes.len(), bytes.len()));
        lines
    }

    fn ref_width(s: &str, encoding: PositionEncoding) -> usize {
        match encoding {
            PositionEncoding::Utf8 => s.len(),
            PositionEncoding::Utf16 => s.encode_utf16().count(),
            PositionEncoding::Utf32 => s.chars().count(),
        }
    }

    fn ref_offset_to_position(
        text: &str,
        lines: &[(usize, usize, usize)],
        offset: usize,
        encoding: PositionEncoding,
    ) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = lines
            .iter()
            .rposition(|&(start, _, _)| start <= offset)
            .unwrap();
        let (start, content_end, _) = lines[line];
        let offset = offset.min(content_end);
        pos(
            line as u32,
            ref_width(&text[start..offset], encoding) as u32,
        )
    }

    fn ref_position_to_offset(
        text: &str,
        lines: &[(usize, usize, usize)],
        position: Position,
        encoding: PositionEncoding,
    ) -> usize {
        let Some(&(start, content_end, _)) = lines.get(position.line as usize) else {
            return text.len();
        };
        let mut offset = start;
        let mut column = 0;
        for ch in text[start..content_end].chars() {
            let width = ref_width(ch.encode_utf8(&mut [0; 4]), encoding);
            if column + width > position.character as usize {
                break;
            }
            column += width;
            offset += ch.len_utf8();
        }
        offset
    }

    /// Checks every byte offset (boundary or not) and a grid of positions against the reference.
    fn check_against_reference(text: &str, rope: &Rope) {
        let lines = ref_lines(text);
        for offset in 0..=text.len() + 2 {
            for enc in ALL {
                assert_eq!(
                    offset_to_position(rope, offset, enc),
                    ref_offset_to_position(text, &lines, offset, enc),
                    "offset {offset} {enc:?} in {text:?}"
                );
            }
            // Ranges from here (from every fifth offset of a long text): empty, short, long,
            // and one backwards.
            let step = if text.len() > 500 { 5 } else { 1 };
            let ends = [0, 1, 2, 5, 12].map(|length| offset + length);
            let ends = ends.into_iter().chain(offset.checked_sub(1));
            for end in ends.filter(|_| offset % step == 0) {
                for enc in ALL {
                    let expected = ref_offset_to_position(text, &lines, offset, enc)
                        ..ref_offset_to_position(text, &lines, end, enc);
                    assert_eq!(
                        range_to_positions(rope, offset..end, enc),
                        expected,
                        "range {offset}..{end} {enc:?} in {text:?}"
                    );
                }
            }
            let p = ref_offset_to_position(text, &lines, offset, PositionEncoding::Utf8);
            assert_eq!(
                offset_to_point(rope, offset),
                tree_sitter::Point {
                    row: p.line as usize,
                    column: p.character as usize,
                }
            );
        }
        for (line, &(start, content_end, _)) in lines.iter().enumerate() {
            assert_eq!(line_content_range(rope, line), start..content_end);
        }
        assert_eq!(
            line_content_range(rope, lines.len()),
            text.len()..text.len()
        );
        // Every column of every line, two past its end, and one line past the last.
        let widths = lines.iter().map(|&(start, end, _)| end - start);
        for (line, width) in widths.chain([0]).enumerate() {
            for character in 0..=width as u32 + 2 {
                for enc in ALL {
                    let p = pos(line as u32, character);
                    assert_eq!(
                        position_to_offset(rope, p, enc),
                        ref_position_to_offset(text, &lines, p, enc),
                        "{p:?} {enc:?} in {text:?}"
                    );
                }
            }
        }
    }

    /// Checks the round trip at every char boundary; between '\r' and '\n' it lands on the '\r'.
    fn check_round_trip(text: &str, rope: &Rope) {
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let bytes = text.as_bytes();
            let expected =
                if offset > 0 && bytes[offset - 1] == b'\r' && bytes.get(offset) == Some(&b'\n') {
                    offset - 1
                } else {
                    offset
                };
            for enc in ALL {
                let p = offset_to_position(rope, offset, enc);
                assert_eq!(
                    position_to_offset(rope, p, enc),
                    expected,
                    "offset {offset} via {p:?} {enc:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn lsp_names_round_trip() {
        for enc in ALL {
            assert_eq!(PositionEncoding::from_lsp_name(enc.lsp_name()), Some(enc));
        }
        assert_eq!(PositionEncoding::Utf8.lsp_name(), "utf-8");
        assert_eq!(PositionEncoding::Utf16.lsp_name(), "utf-16");
        assert_eq!(PositionEncoding::Utf32.lsp_name(), "utf-32");
        assert_eq!(PositionEncoding::from_lsp_name("UTF-16"), None);
        assert_eq!(PositionEncoding::default(), PositionEncoding::Utf16);
    }

    #[test]
    fn ascii() {
        let rope = Rope::from_str("ab\ncd\n");
        for enc in ALL {
            assert_eq!(offset_to_position(&rope, 0, enc), pos(0, 0));
            assert_eq!(offset_to_position(&rope, 2, enc), pos(0, 2));
            assert_eq!(offset_to_position(&rope, 3, enc), pos(1, 0));
            assert_eq!(offset_to_position(&rope, 5, enc), pos(1, 2));
            assert_eq!(offset_to_position(&rope, 6, enc), pos(2, 0));
            assert_eq!(position_to_offset(&rope, pos(1, 1), enc), 4);
            assert_eq!(position_to_offset(&rope, pos(0, 99), enc), 2);
            assert_eq!(position_to_offset(&rope, pos(2, 0), enc), 6);
        }
        assert_eq!(line_content_range(&rope, 0), 0..2);
        assert_eq!(line_content_range(&rope, 1), 3..5);
        assert_eq!(line_content_range(&rope, 2), 6..6);
        assert_eq!(
            offset_to_point(&rope, 4),
            tree_sitter::Point { row: 1, column: 1 }
        );
    }

    #[test]
    fn crlf() {
        let text = "ab\r\ncd\r\n";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 3);
        for enc in ALL {
            assert_eq!(offset_to_position(&rope, 2, enc), pos(0, 2));
            // Between '\r' and '\n': the end of line 0, before the '\r'.
            assert_eq!(offset_to_position(&rope, 3, enc), pos(0, 2));
            assert_eq!(offset_to_position(&rope, 4, enc), pos(1, 0));
            assert_eq!(offset_to_position(&rope, 8, enc), pos(2, 0));
            // A column past the end of a CRLF line clamps before the '\r'.
            assert_eq!(position_to_offset(&rope, pos(0, 3), enc), 2);
            assert_eq!(position_to_offset(&rope, pos(0, 99), enc), 2);
            assert_eq!(position_to_offset(&rope, pos(1, 3), enc), 6);
            assert_eq!(position_to_offset(&rope, pos(2, 5), enc), 8);
        }
        assert_eq!(line_content_range(&rope, 0), 0..2);
        assert_eq!(line_content_range(&rope, 1), 4..6);
        assert_eq!(line_content_range(&rope, 2), 8..8);
        assert_eq!(
            offset_to_point(&rope, 3),
            tree_sitter::Point { row: 0, column: 2 }
        );
        check_against_reference(text, &rope);
    }

    #[test]
    fn lone_cr() {
        let text = "a\rb\r\rc";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 4);
        for enc in ALL {
            assert_eq!(offset_to_position(&rope, 1, enc), pos(0, 1));
            assert_eq!(offset_to_position(&rope, 2, enc), pos(1, 0));
            assert_eq!(offset_to_position(&rope, 4, enc), pos(2, 0));
            assert_eq!(offset_to_position(&rope, 5, enc), pos(3, 0));
            assert_eq!(position_to_offset(&rope, pos(1, 9), enc), 3);
            assert_eq!(position_to_offset(&rope, pos(2, 9), enc), 4);
        }
        assert_eq!(line_content_range(&rope, 2), 4..4);
        // "\n\r" is two line breaks, not one.
        let rope = Rope::from_str("a\n\rb");
        assert_eq!(rope.len_lines(), 3);
        assert_eq!(line_content_range(&rope, 1), 2..2);
        check_against_reference(text, &Rope::from_str(text));
    }

    #[test]
    fn no_final_newline() {
        let text = "key = 1\nother";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 2);
        for enc in ALL {
            assert_eq!(offset_to_position(&rope, 13, enc), pos(1, 5));
            assert_eq!(offset_to_position(&rope, 1000, enc), pos(1, 5));
            assert_eq!(position_to_offset(&rope, pos(1, 99), enc), 13);
            assert_eq!(position_to_offset(&rope, pos(2, 0), enc), 13);
        }
        assert_eq!(line_content_range(&rope, 1), 8..13);
        check_against_reference(text, &rope);
    }

    #[test]
    fn final_newline_makes_empty_last_line() {
        let text = "x\n";
        let rope = Rope::from_str(text);
        for enc in ALL {
            assert_eq!(offset_to_position(&rope, 2, enc), pos(1, 0));
            assert_eq!(offset_to_position(&rope, 99, enc), pos(1, 0));
            assert_eq!(position_to_offset(&rope, pos(1, 0), enc), 2);
            assert_eq!(position_to_offset(&rope, pos(1, 7), enc), 2);
        }
        assert_eq!(line_content_range(&rope, 1), 2..2);
        check_against_reference(text, &rope);
    }

    #[test]
    fn empty_text() {
        let rope = Rope::new();
        for enc in ALL {
            assert_eq!(offset_to_position(&rope, 0, enc), pos(0, 0));
            assert_eq!(offset_to_position(&rope, 5, enc), pos(0, 0));
            assert_eq!(position_to_offset(&rope, pos(0, 0), enc), 0);
            assert_eq!(position_to_offset(&rope, pos(0, 3), enc), 0);
            assert_eq!(position_to_offset(&rope, pos(4, 3), enc), 0);
        }
        assert_eq!(line_content_range(&rope, 0), 0..0);
        assert_eq!(line_content_range(&rope, 1), 0..0);
        assert_eq!(
            offset_to_point(&rope, 3),
            tree_sitter::Point { row: 0, column: 0 }
        );
    }

    #[test]
    fn multi_byte_chars() {
        // 'é' is 2 bytes / 1 UTF-16 unit, '中' is 3 bytes / 1 UTF-16 unit.
        let text = "é中x";
        let rope = Rope::from_str(text);
        use PositionEncoding::*;
        assert_eq!(offset_to_position(&rope, 5, Utf8), pos(0, 5));
        assert_eq!(offset_to_position(&rope, 5, Utf16), pos(0, 2));
        assert_eq!(offset_to_position(&rope, 5, Utf32), pos(0, 2));
        // Inside '中' rounds down to its start.
        for o in 2..5 {
            assert_eq!(offset_to_position(&rope, o, Utf8), pos(0, 2));
            assert_eq!(offset_to_position(&rope, o, Utf16), pos(0, 1));
            assert_eq!(
                offset_to_point(&rope, o),
                tree_sitter::Point { row: 0, column: 2 }
            );
        }
        assert_eq!(position_to_offset(&rope, pos(0, 2), Utf16), 5);
        assert_eq!(position_to_offset(&rope, pos(0, 3), Utf32), 6);
        // A UTF-8 column inside '中' rounds down too.
        assert_eq!(position_to_offset(&rope, pos(0, 4), Utf8), 2);
        check_against_reference(text, &rope);
    }

    #[test]
    fn emoji_and_surrogate_pairs() {
        // '😀' is 4 UTF-8 bytes, 2 UTF-16 units, 1 UTF-32 unit.
        let text = "a😀b\n😀";
        let rope = Rope::from_str(text);
        use PositionEncoding::*;
        assert_eq!(offset_to_position(&rope, 5, Utf8), pos(0, 5));
        assert_eq!(offset_to_position(&rope, 5, Utf16), pos(0, 3));
        assert_eq!(offset_to_position(&rope, 5, Utf32), pos(0, 2));
        assert_eq!(offset_to_position(&rope, 3, Utf16), pos(0, 1));
        assert_eq!(offset_to_position(&rope, 11, Utf16), pos(1, 2));
        assert_eq!(position_to_offset(&rope, pos(0, 3), Utf16), 5);
        assert_eq!(position_to_offset(&rope, pos(0, 2), Utf32), 5);
        // UTF-16 column 2 is between the surrogates of '😀': round down to its start.
        assert_eq!(position_to_offset(&rope, pos(0, 2), Utf16), 1);
        assert_eq!(position_to_offset(&rope, pos(1, 1), Utf16), 7);
        assert_eq!(position_to_offset(&rope, pos(1, 2), Utf16), 11);
        assert_eq!(position_to_offset(&rope, pos(1, 9), Utf16), 11);
        check_against_reference(text, &rope);
    }

    #[test]
    fn lines_past_the_end() {
        let text = "a\nb";
        let rope = Rope::from_str(text);
        for enc in ALL {
            assert_eq!(position_to_offset(&rope, pos(2, 0), enc), 3);
            assert_eq!(position_to_offset(&rope, pos(u32::MAX, u32::MAX), enc), 3);
            assert_eq!(position_to_offset(&rope, pos(0, u32::MAX), enc), 1);
        }
        assert_eq!(line_content_range(&rope, 2), 3..3);
        assert_eq!(line_content_range(&rope, usize::MAX), 3..3);
    }

    #[test]
    fn large_multi_chunk_document() {
        // Big enough that ropey splits it across many leaves, so CRLFs meet chunk seams.
        let text = "ab\r\né中😀\r\u{a0}\n".repeat(600);
        let rope = Rope::from_str(&text);
        assert!(rope.chunks().count() > 4);
        check_round_trip(&text, &rope);
        let lines = ref_lines(&text);
        for (line, &(start, content_end, _)) in lines.iter().enumerate() {
            assert_eq!(line_content_range(&rope, line), start..content_end);
        }
        for offset in (0..=text.len()).step_by(7) {
            for enc in ALL {
                assert_eq!(
                    offset_to_position(&rope, offset, enc),
                    ref_offset_to_position(&text, &lines, offset, enc)
                );
            }
        }
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a", "Z", " ", "=", "[", "\r\n", "\r", "\n", "é", "中", "😀", "\u{a0}",
        ])
    }

    /// Texts of up to `max_pieces` pieces: ASCII, the three line breaks, chars of every width.
    pub(super) fn text(max_pieces: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..max_pieces).prop_map(|pieces| pieces.concat())
    }

    /// The same text built by appending piece by piece, so chunk seams and CRLFs fall differently.
    pub(super) fn rope_by_appending(text: &str) -> Rope {
        let mut rope = Rope::new();
        for ch in text.chars() {
            let end = rope.len_chars();
            rope.insert_char(end, ch);
        }
        rope
    }

    proptest! {
        #[test]
        fn round_trips_at_every_char_boundary(text in text(80)) {
            check_round_trip(&text, &Rope::from_str(&text));
            check_round_trip(&text, &rope_by_appending(&text));
        }

        #[test]
        fn agrees_with_naive_reference(text in text(60)) {
            check_against_reference(&text, &Rope::from_str(&text));
            check_against_reference(&text, &rope_by_appending(&text));
        }

    }

    proptest! {
        // Long texts span several rope leaves; fewer cases keep the debug-build run short.
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn round_trips_in_long_texts(text in text(2000)) {
            check_round_trip(&text, &Rope::from_str(&text));
        }

        #[test]
        fn agrees_with_naive_reference_in_long_texts(text in text(2000)) {
            check_against_reference(&text, &Rope::from_str(&text));
            check_against_reference(&text, &rope_by_appending(&text));
        }
    }
}
