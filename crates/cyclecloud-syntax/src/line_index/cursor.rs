//! Many offsets of one text to positions, for answers that convert a list of ranges.
//!
//! [`offset_to_position`] looks each offset's line up in the rope and walks the line from its
//! start: about 5,000 instructions an offset, which made converting a large file's diagnostics,
//! on every keystroke, cost more than analysing it. A cursor keeps the rope chunk (about a
//! kilobyte) of the last offset, and the line that chunk starts on, which ropey gives with the
//! chunk: an offset in the same chunk, as the neighbours in a sorted list mostly are, costs a
//! count of the line breaks before it in that chunk (a vectorised count), and one in another
//! chunk a lookup of that chunk.

use std::ops::Range;

use ropey::Rope;

use super::{line_width, to_u32, width, Position, PositionEncoding};

/// Converts byte offsets of one rope to positions exactly as [`offset_to_position`] does, cheaply
/// when offsets in a row fall in the same rope chunk (see the module doc).
///
/// [`offset_to_position`]: super::offset_to_position
#[derive(Clone)]
pub struct PositionCursor<'r> {
    rope: &'r Rope,
    encoding: PositionEncoding,
    /// The chunk of the last offset: its text, the offset it starts at and the line it starts on.
    chunk: &'r str,
    chunk_start: usize,
    chunk_line: usize,
    /// Where the chunk's first line starts (before the chunk when the chunk starts mid-line),
    /// looked up the first time an offset on that line needs it.
    first_line_start: Option<usize>,
    /// The line breaks counted in the chunk so far: those before byte `counted` (a char's start).
    counted: usize,
    breaks: usize,
}

impl<'r> PositionCursor<'r> {
    /// A cursor at the start of `rope`.
    pub fn new(rope: &'r Rope, encoding: PositionEncoding) -> Self {
        let (chunk, chunk_start, _, chunk_line) = rope.chunk_at_byte(0);
        Self {
            rope,
            encoding,
            chunk,
            chunk_start,
            chunk_line,
            first_line_start: Some(0),
            counted: 0,
            breaks: 0,
        }
    }

    /// The position of `offset`, as [`offset_to_position`] gives it.
    ///
    /// [`offset_to_position`]: super::offset_to_position
    pub fn position(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.rope.len_bytes());
        // The chunk that holds the byte before `offset`: a chunk boundary is the end of the
        // chunk before it, and ropey never splits a CRLF between chunks. An offset at the start
        // of the current chunk is answered from it too: it lies on the line the chunk starts on.
        let in_chunk = offset > self.chunk_start && offset <= self.chunk_start + self.chunk.len();
        if !in_chunk && offset != self.chunk_start {
            let (chunk, chunk_start, _, chunk_line) =
                self.rope.chunk_at_byte(offset.saturating_sub(1));
            (self.chunk, self.chunk_start, self.chunk_line) = (chunk, chunk_start, chunk_line);
            self.first_line_start = (chunk_start == 0).then_some(0);
            (self.counted, self.breaks) = (0, 0);
        }
        // Rounded down to a char's start: no line break lies inside a char.
        let mut before = offset - self.chunk_start;
        while !self.chunk.is_char_boundary(before) {
            before -= 1;
        }
        // Counted on from the last offset when this one lies after it. A CRLF that `counted`
        // splits was not counted at its `\r` and is at its `\n`; one that `before` splits is
        // seen by the count, which reads the text after `before`.
        let (from, so_far) = if before >= self.counted {
            (self.counted, self.breaks)
        } else {
            (0, 0)
        };
        let breaks = so_far + breaks_between(self.chunk, from, before);
        (self.counted, self.breaks) = (before, breaks);
        let line = self.chunk_line + breaks;
        let column = if breaks == 0 {
            let line_start = *self
                .first_line_start
                .get_or_insert_with(|| self.rope.line_to_byte(self.chunk_line));
            if line_start < self.chunk_start {
                // The line's text before `offset` begins in an earlier chunk.
                line_width(self.rope, line_start..offset, self.encoding)
                    .map_or(0, |(width, _)| width)
            } else {
                self.column(0, before)
            }
        } else {
            self.column(self.last_line_start(before), before)
        };
        Position {
            line: to_u32(line),
            character: to_u32(column),
        }
    }

    /// The positions of both ends of `range`; the end is converted by a copy of the cursor, so
    /// the cursor stays where the range starts, near where the next range of a sorted list does.
    pub fn range(&mut self, range: Range<usize>) -> Range<Position> {
        let start = self.position(range.start);
        let end = self.clone().position(range.end);
        start..end
    }

    /// Where in the chunk the line holding byte `before` starts, given a line break before it
    /// in the chunk: after the last `\n`, or the last `\r` that no `\n` follows.
    fn last_line_start(&self, before: usize) -> usize {
        let bytes = self.chunk.as_bytes();
        let mut end = before;
        loop {
            let at = memchr::memrchr2(b'\n', b'\r', &bytes[..end])
                .expect("a line break lies before the offset in its chunk");
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                end = at;
                continue;
            }
            return at + 1;
        }
    }

    /// The width of the chunk's text from `from` to `before` (a char's start), without the `\r`
    /// of a CRLF that `before` splits.
    fn column(&self, from: usize, before: usize) -> usize {
        let text = &self.chunk[from..before];
        width(text.strip_suffix('\r').unwrap_or(text), self.encoding)
    }
}

/// The line breaks in `chunk[from..before]`, as ropey counts them (a CRLF split by `before`
/// not counted): in text without `\r`, the `\n`s, by `memchr`'s vectorised count (cheaper than
/// ropey's, and a publish counts through every chunk of the text); ropey's count otherwise.
fn breaks_between(chunk: &str, from: usize, before: usize) -> usize {
    let bytes = &chunk.as_bytes()[from..before];
    if memchr::memchr(b'\r', bytes).is_none() {
        memchr::memchr_iter(b'\n', bytes).count()
    } else {
        ropey::str_utils::byte_to_line_idx(&chunk[from..], before - from)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::tests::{rope_by_appending, text};
    use super::*;

    const ENCODINGS: [PositionEncoding; 3] = [
        PositionEncoding::Utf8,
        PositionEncoding::Utf16,
        PositionEncoding::Utf32,
    ];

    /// Every offset in `offsets` (in that order) and every range between neighbours converts as
    /// [`super::super::offset_to_position`] and [`super::super::range_to_positions`] convert it.
    fn check(rope: &Rope, offsets: &[usize]) {
        for encoding in ENCODINGS {
            let mut cursor = PositionCursor::new(rope, encoding);
            for pair in offsets.windows(2) {
                let range = pair[0]..pair[1];
                assert_eq!(
                    cursor.range(range.clone()),
                    super::super::range_to_positions(rope, range.clone(), encoding),
                    "range {range:?} ({encoding:?})"
                );
                assert_eq!(
                    cursor.position(pair[1]),
                    super::super::offset_to_position(rope, pair[1], encoding),
                    "offset {} ({encoding:?})",
                    pair[1]
                );
            }
        }
    }

    /// A text and offsets into it (past its end too): mostly increasing, as a sorted list of
    /// diagnostics' ranges is, with steps back.
    fn text_and_offsets(pieces: usize) -> impl Strategy<Value = (String, Vec<usize>)> {
        text(pieces)
            .prop_flat_map(|text| {
                let len = text.len();
                let steps = prop::collection::vec((0..=len + 2, 0..4u8), 1..40);
                (Just(text), steps)
            })
            .prop_map(|(text, steps)| {
                let mut offsets = Vec::new();
                let mut at = 0;
                for (offset, kind) in steps {
                    // One step in four goes anywhere; the others go forward from the last
                    // offset, by up to two bytes or to a later offset.
                    at = match kind {
                        0 => offset,
                        1 => at + offset % 3,
                        _ => at.max(offset),
                    };
                    offsets.push(at);
                }
                (text, offsets)
            })
    }

    proptest! {
        #[test]
        fn agrees_with_one_offset_at_a_time((text, offsets) in text_and_offsets(60)) {
            check(&Rope::from_str(&text), &offsets);
            check(&rope_by_appending(&text), &offsets);
        }
    }

    proptest! {
        // Long texts span several rope chunks; fewer cases keep the debug-build run short.
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn agrees_with_one_offset_at_a_time_in_long_texts((text, offsets) in text_and_offsets(3000)) {
            check(&Rope::from_str(&text), &offsets);
            check(&rope_by_appending(&text), &offsets);
        }
    }

    /// Steps of every size through a text of many chunks, within a chunk and across several,
    /// over the three line breaks and chars of every width.
    #[test]
    fn agrees_over_a_large_text_at_every_stride() {
        let line = ["key = välue 😀\r\n", "[[node n]]\n", "a\rb\n", "\n", "\r\n"];
        let text: String = (0..12_000).map(|i| line[i % line.len()]).collect();
        let rope = Rope::from_str(&text);
        for stride in [1, 7, 64, 1000, 1023, 1025, 16_385, 50_000] {
            let offsets: Vec<usize> = (0..=text.len() + 1).step_by(stride).collect();
            check(&rope, &offsets);
        }
    }
}
