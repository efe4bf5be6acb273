//! A template document: its text as a rope and its tree, kept in step by incremental edits.
//!
//! Every edit updates the rope, tells the old tree what changed (`Tree::edit`) and reparses
//! with the old tree, reading the text straight from the rope's chunks, so a keystroke costs a
//! reparse of the changed region and no copy of the whole text.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use ropey::Rope;
use tree_sitter::{InputEdit, Node, Parser, Tree};

use crate::line_index::{offset_to_point, position_to_offset, Position, PositionEncoding};

/// A replacement of a byte range by new text, the unit every editor change is reduced to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// Bytes of the current text to replace; an empty range inserts.
    pub range: Range<usize>,
    /// The text that takes the range's place.
    pub new_text: String,
}

/// An editor change as LSP sends it: a range in editor positions, or the whole text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PositionEdit {
    /// The range to replace, or `None` to replace the whole document.
    pub range: Option<Range<Position>>,
    /// The text that takes the range's place.
    pub text: String,
}

/// An immutable view of one version of a document, cheap to clone and to send to other threads.
#[derive(Clone, Debug)]
pub struct Snapshot {
    rope: Rope,
    tree: Tree,
    /// This version's number, unique in the process.
    id: SnapshotId,
    /// How this version was made from the one before, when one edit made it.
    edited: Option<Edited>,
}

/// A version's number, unique in the process (across documents), so that a cache made for one
/// version can tell whether a new version was edited from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SnapshotId(u64);

impl SnapshotId {
    fn next() -> SnapshotId {
        static LAST: AtomicU64 = AtomicU64::new(0);
        SnapshotId(LAST.fetch_add(1, Ordering::Relaxed) + 1)
    }
}

/// One edit that made a version from the one before: what lies outside `written` is the text
/// of version `from`, moved by `delta` bytes after it. Caches over `from` keep what lies
/// outside it instead of reading the whole text again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    /// The version the edit was applied to.
    pub from: SnapshotId,
    /// The bytes the edit wrote, in this version.
    pub written: Range<usize>,
    /// How far the text after the edit moved (new length minus old).
    pub delta: isize,
}

impl Snapshot {
    /// Parses `text` from scratch, for one-shot users such as the command line.
    pub fn parse(text: &str) -> Snapshot {
        let rope = Rope::from_str(text);
        let tree = parse_rope(&mut new_parser(), &rope, None);
        Snapshot::fresh(rope, tree)
    }

    /// A version with no known relation to another.
    fn fresh(rope: Rope, tree: Tree) -> Snapshot {
        Snapshot {
            rope,
            tree,
            id: SnapshotId::next(),
            edited: None,
        }
    }

    /// This version's number.
    pub fn id(&self) -> SnapshotId {
        self.id
    }

    /// The one edit that made this version from another, when one did (`None` for a first
    /// version, a whole-text change or several changes at once).
    pub fn edited(&self) -> Option<&Edited> {
        self.edited.as_ref()
    }

    /// The text, for position conversion and slicing.
    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// The tree, for walking and queries.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// The root node (`source_file`).
    pub fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    /// The source text a node covers, borrowed when it sits in one rope chunk.
    pub fn text_of(&self, node: Node<'_>) -> Cow<'_, str> {
        self.slice(node.byte_range())
    }

    /// The source text of a byte range (clamped to the text), borrowed when possible.
    pub fn slice(&self, range: Range<usize>) -> Cow<'_, str> {
        slice_rope(&self.rope, range)
    }

    /// A reader of ranges that come in increasing order, cheaper than [`Snapshot::slice`] for
    /// each of many ranges.
    pub fn in_order(&self) -> InOrder<'_> {
        InOrder::new(self)
    }

    /// `offset` limited to the text and moved back to a char boundary, for positions a client
    /// sent (they may lie past the end or inside a character).
    pub fn clamp_offset(&self, offset: usize) -> usize {
        let offset = offset.min(self.rope.len_bytes());
        self.rope.char_to_byte(self.rope.byte_to_char(offset))
    }

    /// The whole text as one string (allocates; for tests and one-shot tools).
    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

/// A document being edited: owns its parser so reparses reuse its allocations.
pub struct Document {
    parser: Parser,
    snapshot: Snapshot,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("len", &self.snapshot.rope.len_bytes())
            .finish()
    }
}

impl Document {
    /// Opens a document with its initial text.
    pub fn new(text: &str) -> Document {
        let mut parser = new_parser();
        let rope = Rope::from_str(text);
        let tree = parse_rope(&mut parser, &rope, None);
        Document {
            parser,
            snapshot: Snapshot::fresh(rope, tree),
        }
    }

    /// The current version, to hand to analysis while editing goes on.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot.clone()
    }

    /// The current text.
    pub fn rope(&self) -> &Rope {
        &self.snapshot.rope
    }

    /// The current tree.
    pub fn tree(&self) -> &Tree {
        &self.snapshot.tree
    }

    /// Applies byte-range edits in order (each against the text the previous one left) and
    /// reparses once. Ranges are clamped to the text and to char boundaries; a reversed range
    /// is read as its ordered form, so no input can make this panic.
    pub fn apply_edits(&mut self, edits: &[TextEdit]) {
        if edits.is_empty() {
            return;
        }
        let from = self.snapshot.id;
        let mut edited = None;
        for edit in edits {
            edited = Some(self.apply_one(edit.range.clone(), &edit.new_text));
        }
        self.reparse(from, edited.filter(|_| edits.len() == 1));
    }

    /// Applies editor changes in order, converting each range with the session's encoding
    /// against the text as it is after the previous change, then reparses once.
    pub fn apply_position_edits(&mut self, edits: &[PositionEdit], encoding: PositionEncoding) {
        if edits.is_empty() {
            return;
        }
        let from = self.snapshot.id;
        let mut full_reparse = false;
        let mut edited = None;
        for edit in edits {
            match &edit.range {
                Some(range) => {
                    let start = position_to_offset(&self.snapshot.rope, range.start, encoding);
                    let end = position_to_offset(&self.snapshot.rope, range.end, encoding);
                    edited = Some(self.apply_one(start..end, &edit.text));
                }
                None => {
                    self.snapshot.rope = Rope::from_str(&edit.text);
                    full_reparse = true;
                }
            }
        }
        if full_reparse {
            let tree = parse_rope(&mut self.parser, &self.snapshot.rope, None);
            self.take_tree(tree, None);
        } else {
            self.reparse(from, edited.filter(|_| edits.len() == 1));
        }
    }

    /// Applies one edit to the text and the tree; returns what it wrote and how far it moved
    /// the rest.
    fn apply_one(&mut self, range: Range<usize>, new_text: &str) -> (Range<usize>, isize) {
        let rope = &mut self.snapshot.rope;
        let Range { start, end } = clamped(rope, range);
        let start_position = offset_to_point(rope, start);
        let old_end_position = offset_to_point(rope, end);
        replace(rope, start..end, new_text);
        let new_end_byte = start + new_text.len();
        let new_end_position = offset_to_point(rope, new_end_byte);

        self.snapshot.tree.edit(&InputEdit {
            start_byte: start,
            old_end_byte: end,
            new_end_byte,
            start_position,
            old_end_position,
            new_end_position,
        });
        let delta = new_text.len() as isize - (end - start) as isize;
        (start..new_end_byte, delta)
    }

    /// Parses the edited text again, reusing the tree, into a new version edited from `from`
    /// (by `edited`, when one edit made it).
    fn reparse(&mut self, from: SnapshotId, edited: Option<(Range<usize>, isize)>) {
        let tree = parse_rope(
            &mut self.parser,
            &self.snapshot.rope,
            Some(&self.snapshot.tree),
        );
        let edited = edited.map(|(written, delta)| Edited {
            from,
            written,
            delta,
        });
        self.take_tree(tree, edited);
    }

    /// Makes the edited text and its new tree the current version (a new id).
    fn take_tree(&mut self, tree: Tree, edited: Option<Edited>) {
        let rope = std::mem::take(&mut self.snapshot.rope);
        self.snapshot = Snapshot {
            edited,
            ..Snapshot::fresh(rope, tree)
        };
    }
}

/// A parser set to the CycleCloud language.
fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_cyclecloud::LANGUAGE.into())
        .expect("the bundled grammar's ABI is supported by the linked tree-sitter runtime");
    parser
}

/// Parses straight from the rope's chunks; tree-sitter asks for text by byte offset.
fn parse_rope(parser: &mut Parser, rope: &Rope, old_tree: Option<&Tree>) -> Tree {
    let len = rope.len_bytes();
    let mut read = |byte: usize, _point: tree_sitter::Point| -> &[u8] {
        if byte >= len {
            return &[];
        }
        let (chunk, chunk_start, _, _) = rope.chunk_at_byte(byte);
        &chunk.as_bytes()[byte - chunk_start..]
    };
    parser
        .parse_with_options(&mut read, old_tree, None)
        .expect("parsing has no timeout or cancellation, so it always yields a tree")
}

/// The text of a byte range, clamped to the text and to char boundaries.
pub(crate) fn slice_rope(rope: &Rope, range: Range<usize>) -> Cow<'_, str> {
    // Fast path: most ranges lie inside one chunk; borrow it directly (`str::get` also checks
    // char boundaries). Building a `RopeSlice` costs far more, and this runs for every key and
    // value on every keystroke.
    if range.start <= range.end && range.end <= rope.len_bytes() {
        let (chunk, chunk_start, _, _) = rope.chunk_at_byte(range.start);
        if let Some(text) = range
            .end
            .checked_sub(chunk_start)
            .and_then(|end| chunk.get(range.start - chunk_start..end))
        {
            return Cow::Borrowed(text);
        }
    }
    if let Some(slice) = rope.get_byte_slice(range.clone()) {
        return slice.into();
    }
    let len = rope.len_bytes();
    let start = floor_char_boundary(rope, range.start.min(len));
    let end = floor_char_boundary(rope, range.end.min(len)).max(start);
    rope.byte_slice(start..end).into()
}

fn floor_char_boundary(rope: &Rope, byte: usize) -> usize {
    rope.char_to_byte(rope.byte_to_char(byte))
}

/// Applies editor edits (ranges in `encoding`, or a whole new text) to text kept without a
/// tree (the server's JSON and `project.ini` documents), clamped as [`Document`] clamps them.
pub fn apply_position_edits_to_rope(
    rope: &mut Rope,
    edits: &[PositionEdit],
    encoding: PositionEncoding,
) {
    for edit in edits {
        match &edit.range {
            Some(range) => {
                let start = position_to_offset(rope, range.start, encoding);
                let end = position_to_offset(rope, range.end, encoding);
                let range = clamped(rope, start..end);
                replace(rope, range, &edit.text);
            }
            None => *rope = Rope::from_str(&edit.text),
        }
    }
}

/// `range` inside the text, in order, on character boundaries.
fn clamped(rope: &Rope, range: Range<usize>) -> Range<usize> {
    let len = rope.len_bytes();
    let (mut start, mut end) = (range.start.min(len), range.end.min(len));
    if start > end {
        std::mem::swap(&mut start, &mut end);
    }
    floor_char_boundary(rope, start)..floor_char_boundary(rope, end)
}

/// Replaces a clamped byte range with `text`.
fn replace(rope: &mut Rope, range: Range<usize>, text: &str) {
    let start = rope.byte_to_char(range.start);
    let end = rope.byte_to_char(range.end);
    rope.remove(start..end);
    rope.insert(start, text);
}

/// Reads ranges of a snapshot that come in increasing order by walking the rope's chunks once,
/// instead of searching the rope for each range.
pub struct InOrder<'a> {
    snapshot: &'a Snapshot,
    chunks: ropey::iter::Chunks<'a>,
    /// The current chunk and where it starts in the document.
    chunk: &'a str,
    start: usize,
}

impl<'a> InOrder<'a> {
    fn new(snapshot: &'a Snapshot) -> InOrder<'a> {
        let mut chunks = snapshot.rope().chunks();
        let chunk = chunks.next().unwrap_or("");
        InOrder {
            snapshot,
            chunks,
            chunk,
            start: 0,
        }
    }

    /// The text of `range`, as [`Snapshot::slice`] gives it.
    pub fn text(&mut self, range: Range<usize>) -> Cow<'a, str> {
        while range.start >= self.start + self.chunk.len() {
            let Some(next) = self.chunks.next() else {
                break;
            };
            self.start += self.chunk.len();
            self.chunk = next;
        }
        let inside = range
            .start
            .checked_sub(self.start)
            .zip(range.end.checked_sub(self.start))
            .and_then(|(start, end)| self.chunk.get(start..end));
        match inside {
            Some(text) => Cow::Borrowed(text),
            // Out of order, across chunks, or out of range: the snapshot's own slicing.
            None => self.snapshot.slice(range),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: Range<usize>, text: &str) -> TextEdit {
        TextEdit {
            range,
            new_text: text.to_owned(),
        }
    }

    #[test]
    fn one_edit_says_what_it_wrote_and_from_which_version() {
        let mut doc = Document::new("[cluster a]\nx = 1\n");
        let first = doc.snapshot().id();
        assert_eq!(doc.snapshot().edited(), None);
        doc.apply_edits(&[edit(16..17, "22")]);
        let second = doc.snapshot();
        assert_ne!(second.id(), first);
        let edited = second.edited().expect("one edit");
        assert_eq!(
            (edited.from, &edited.written, edited.delta),
            (first, &(16..18), 1)
        );
        doc.apply_edits(&[edit(0..12, "")]);
        let edited = doc.snapshot().edited().cloned().expect("one edit");
        assert_eq!(
            (edited.from, edited.written, edited.delta),
            (second.id(), 0..0, -12)
        );
        // Several edits at once, or the whole text, say nothing.
        doc.apply_edits(&[edit(0..0, "a"), edit(0..0, "b")]);
        assert_eq!(doc.snapshot().edited(), None);
        let whole = PositionEdit {
            range: None,
            text: "[cluster b]\n".to_owned(),
        };
        doc.apply_position_edits(&[whole], PositionEncoding::Utf8);
        assert_eq!(doc.snapshot().edited(), None);
    }

    #[test]
    fn edits_apply_in_order_and_reparse() {
        let mut doc = Document::new("[cluster a]\nx = 1\n");
        doc.apply_edits(&[edit(16..17, "22"), edit(0..0, "# top\n")]);
        assert_eq!(doc.rope().to_string(), "# top\n[cluster a]\nx = 22\n");
        assert!(!doc.tree().root_node().has_error());
        let fresh = Snapshot::parse(&doc.rope().to_string());
        assert_eq!(doc.tree().root_node().to_sexp(), fresh.root().to_sexp());
    }

    #[test]
    fn out_of_range_and_reversed_ranges_are_clamped() {
        let mut doc = Document::new("a = é\n");
        // 5 is inside the two-byte 'é'; 100 is past the end; the range is reversed.
        #[allow(clippy::reversed_empty_ranges)] // On purpose: editors can send these.
        let reversed = 100..5;
        doc.apply_edits(&[edit(reversed, "x")]);
        assert_eq!(doc.rope().to_string(), "a = x");
    }

    #[test]
    fn position_edits_use_the_encoding_and_none_replaces_everything() {
        let mut doc = Document::new("a = 😀b\n");
        let at = |line, character| Position { line, character };
        // In UTF-16 the emoji is two units wide, so column 6 is just before 'b'.
        doc.apply_position_edits(
            &[PositionEdit {
                range: Some(at(0, 6)..at(0, 7)),
                text: "c".into(),
            }],
            PositionEncoding::Utf16,
        );
        assert_eq!(doc.rope().to_string(), "a = 😀c\n");
        doc.apply_position_edits(
            &[PositionEdit {
                range: None,
                text: "[cluster b]\n".into(),
            }],
            PositionEncoding::Utf16,
        );
        assert_eq!(doc.rope().to_string(), "[cluster b]\n");
        assert_eq!(
            doc.tree().root_node().child(0).map(|n| n.kind()),
            Some("section")
        );
    }
}
