//! Whitespace-only, lossless formatting: indentation by rank, one space around `=` and `:=`, no
//! trailing whitespace, runs of blank lines capped. Values, comments, Jinja lines and
//! triple-quoted blocks keep their text; lines touched by a syntax error are left as they are.

use std::ops::{Range, RangeInclusive};

use cyclecloud_syntax::kinds::field_id;
use cyclecloud_syntax::{kinds, Node, Snapshot};

use crate::diagnostic::Edit;

/// How deep each rank is indented: editors and projects disagree, so it is a choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indent {
    /// This many spaces per rank below the first (`[[node]]` gets one step).
    Spaces(usize),
    /// One tab per rank below the first.
    Tabs,
    /// Indentation is left as written (only operators, trailing blanks and blank runs change).
    Keep,
}

/// How to format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// Indentation per rank.
    pub indent: Indent,
    /// The longest run of blank lines kept.
    pub max_blank_lines: usize,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            indent: Indent::Spaces(4),
            max_blank_lines: 1,
        }
    }
}

/// What a line is, for formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// Header or attribute at this rank (0 before any header).
    Code {
        rank: usize,
    },
    /// A comment line: indented like the next code line.
    Comment,
    /// Inside or closing a multi-line token, a Jinja line, or touched by a syntax error.
    Verbatim,
}

/// The formatted text (equal to the input when nothing changes).
pub fn format(snapshot: &Snapshot, options: &FormatOptions) -> String {
    let text = snapshot.text();
    let (_, outcomes) = format_lines(snapshot, &text, options);
    let mut out = String::with_capacity(text.len());
    for line in outcomes.iter().flatten() {
        out.push_str(line);
    }
    out
}

/// The edits that format the lines `lines` (zero-based, inclusive; `None` = every line): one
/// per changed line, trimmed to the bytes that differ, so an editor keeps its cursor, marks and
/// undo history on untouched text. Applying them all gives [`format()`]'s text when every line
/// is asked for.
pub fn format_edits(
    snapshot: &Snapshot,
    options: &FormatOptions,
    lines: Option<RangeInclusive<usize>>,
) -> Vec<Edit> {
    let text = snapshot.text();
    let (spans, outcomes) = format_lines(snapshot, &text, options);
    let wanted = |index: usize| lines.as_ref().is_none_or(|range| range.contains(&index));
    let mut edits = Vec::new();
    for (index, (span, outcome)) in spans.iter().zip(&outcomes).enumerate() {
        let original = &text[span.content.start..span.end];
        let replacement = outcome.as_deref().unwrap_or("");
        if replacement == original || !wanted(index) {
            continue;
        }
        let mut edit = Edit {
            range: span.content.start..span.end,
            new_text: replacement.to_owned(),
        };
        trim_common_ends(&text, &mut edit);
        edits.push(edit);
    }
    edits
}

/// Shrinks an edit to the bytes that differ, so a re-indent replaces only the indentation.
fn trim_common_ends(text: &str, edit: &mut Edit) {
    let old = &text[edit.range.clone()];
    let new = edit.new_text.as_str();
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let mut suffix = old[prefix..]
        .bytes()
        .rev()
        .zip(new[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    // Never split a CRLF: an edit that ends between `\r` and `\n` would be ambiguous.
    while suffix > 0
        && old.as_bytes()[old.len() - suffix] == b'\n'
        && old.len() - suffix > 0
        && old.as_bytes()[old.len() - suffix - 1] == b'\r'
    {
        suffix -= 1;
    }
    while prefix > 0
        && old.as_bytes()[prefix - 1] == b'\r'
        && old.as_bytes().get(prefix) == Some(&b'\n')
    {
        prefix -= 1;
    }
    edit.new_text = new[prefix..new.len() - suffix].to_owned();
    edit.range = edit.range.start + prefix..edit.range.end - suffix;
}

/// Each line's formatted text with its line break, or `None` when the line is dropped.
fn format_lines(
    snapshot: &Snapshot,
    text: &str,
    options: &FormatOptions,
) -> (Vec<Line>, Vec<Option<String>>) {
    let lines = split_lines(text);
    let mut verbatim = vec![false; lines.len()];
    let mut keep_trailing = vec![false; lines.len()];
    mark_verbatim(snapshot, text, &lines, &mut verbatim, &mut keep_trailing);

    let starts = line_starts(snapshot, &lines);
    let kinds: Vec<LineKind> = lines
        .iter()
        .enumerate()
        .map(|(index, line)| classify(snapshot, text, line, starts[index], verbatim[index]))
        .collect();

    let mut outcomes: Vec<Option<String>> = Vec::with_capacity(lines.len());
    let mut blank_run = 0;
    let mut anything_kept = false;
    for (index, line) in lines.iter().enumerate() {
        let content = &text[line.content.clone()];
        let ending = &text[line.content.end..line.end];
        let mut out = String::new();
        match kinds[index] {
            LineKind::Verbatim => {
                blank_run = 0;
                out.push_str(content);
            }
            LineKind::Blank => {
                blank_run += 1;
                // Blank lines at the very start are dropped; longer runs are capped.
                if blank_run > options.max_blank_lines || !anything_kept {
                    outcomes.push(None);
                    continue;
                }
            }
            LineKind::Comment | LineKind::Code { .. } => {
                blank_run = 0;
                let rank = match kinds[index] {
                    LineKind::Code { rank } => rank,
                    _ => next_code_rank(&kinds, index),
                };
                let body = content.trim_start_matches([' ', '\t', '\u{a0}', '\u{feff}']);
                let steps = rank.saturating_sub(1);
                match options.indent {
                    Indent::Spaces(width) => out.push_str(&" ".repeat(steps * width)),
                    Indent::Tabs => out.push_str(&"\t".repeat(steps)),
                    Indent::Keep => out.push_str(&content[..content.len() - body.len()]),
                }
                let body = if kinds[index] == LineKind::Comment {
                    body.to_owned()
                } else {
                    space_operator(snapshot, starts[index], line.content.end - body.len(), body)
                };
                if keep_trailing[index] {
                    out.push_str(&body);
                } else {
                    out.push_str(body.trim_end_matches([' ', '\t', '\u{a0}']));
                }
            }
        }
        out.push_str(ending);
        anything_kept = true;
        outcomes.push(Some(out));
    }
    // Blank lines at the end are dropped; the last kept line keeps its line break.
    for (kind, outcome) in kinds.iter().zip(outcomes.iter_mut()).rev() {
        if *kind != LineKind::Blank {
            break;
        }
        *outcome = None;
    }
    (lines, outcomes)
}

/// One line: its content (without the line break) and where it ends (after the break).
struct Line {
    content: Range<usize>,
    end: usize,
}

fn split_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(Line {
                    content: start..i,
                    end: i + 1,
                });
                start = i + 1;
            }
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                lines.push(Line {
                    content: start..i,
                    end,
                });
                start = end;
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        lines.push(Line {
            content: start..bytes.len(),
            end: bytes.len(),
        });
    }
    lines
}

fn line_of(lines: &[Line], offset: usize) -> usize {
    lines
        .partition_point(|line| line.end <= offset)
        .min(lines.len().saturating_sub(1))
}

/// Lines inside multi-line tokens, Jinja lines and lines touched by syntax errors stay as they
/// are; the first line of a multi-line token keeps its trailing blanks (they are content).
fn mark_verbatim(
    snapshot: &Snapshot,
    text: &str,
    lines: &[Line],
    verbatim: &mut [bool],
    keep_trailing: &mut [bool],
) {
    if lines.is_empty() {
        return;
    }
    // tree-sitter counts rows at `\n` only; with a lone `\r` somewhere, look at the text.
    let lone_cr = text
        .bytes()
        .enumerate()
        .any(|(i, b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
    let mut stack = vec![snapshot.root()];
    while let Some(node) = stack.pop() {
        let range = node.byte_range();
        let multi_line = if lone_cr {
            text[range.clone()].contains(['\n', '\r'])
        } else {
            node.end_position().row > node.start_position().row
        };
        let opaque = node.is_error()
            || node.is_missing()
            || node.kind() == kinds::TEMPLATE_DIRECTIVE
            || (node.child_count() == 0 && multi_line)
            || node.kind() == kinds::TRIPLE_STRING;
        if opaque {
            let first = line_of(lines, range.start);
            let last = line_of(lines, range.end.saturating_sub(1).max(range.start));
            if node.is_error() || node.is_missing() || node.kind() == kinds::TEMPLATE_DIRECTIVE {
                for flag in &mut verbatim[first..=last] {
                    *flag = true;
                }
            } else if multi_line {
                keep_trailing[first] = true;
                for flag in &mut verbatim[first + 1..=last] {
                    *flag = true;
                }
            }
            continue;
        }
        // An attribute or header ends with its line break; only a node whose text goes on
        // past that (a section, a line holding a `'''` block) can hold a multi-line token.
        let spans_lines = if lone_cr {
            multi_line
        } else {
            let (start, end) = (node.start_position(), node.end_position());
            let last_row = if end.column == 0 && end.row > start.row {
                end.row - 1
            } else {
                end.row
            };
            last_row > start.row
        };
        if node.has_error() || spans_lines {
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
    }
}

/// What starts a line directly inside a section (or at the top): the section's rank and, for
/// an attribute line, its node. Found in one walk, because looking a node up from the root
/// for every line costs time quadratic in the number of lines of a section.
#[derive(Clone, Copy)]
struct LineStart<'a> {
    start: usize,
    rank: usize,
    attribute: Option<Node<'a>>,
}

fn line_starts<'a>(snapshot: &'a Snapshot, lines: &[Line]) -> Vec<Option<LineStart<'a>>> {
    let mut out = vec![None; lines.len()];
    if lines.is_empty() {
        return out;
    }
    let mut stack = vec![(snapshot.root(), 0)];
    while let Some((parent, rank)) = stack.pop() {
        let mut cursor = parent.walk();
        for child in parent.children(&mut cursor) {
            if child.kind() == kinds::SECTION {
                stack.push((child, section_rank(child)));
                continue;
            }
            let start = child.start_byte();
            let slot = &mut out[line_of(lines, start)];
            if slot.is_none() {
                *slot = Some(LineStart {
                    start,
                    rank,
                    attribute: (child.kind() == kinds::ATTRIBUTE).then_some(child),
                });
            }
        }
    }
    out
}

fn section_rank(section: Node<'_>) -> usize {
    section
        .child_by_field_id(field_id::header())
        .and_then(|header| header.child_by_field_id(field_id::open()))
        .map(|open| open.byte_range().len())
        .unwrap_or(1)
}

fn classify(
    snapshot: &Snapshot,
    text: &str,
    line: &Line,
    found: Option<LineStart<'_>>,
    verbatim: bool,
) -> LineKind {
    if verbatim {
        return LineKind::Verbatim;
    }
    let content = &text[line.content.clone()];
    let body = content.trim_start_matches([' ', '\t', '\u{a0}', '\u{feff}']);
    if body.trim().is_empty() {
        return LineKind::Blank;
    }
    if body.starts_with('#') {
        return LineKind::Comment;
    }
    let start = line.content.end - body.len();
    if let Some(found) = found.filter(|found| found.start == start) {
        return LineKind::Code { rank: found.rank };
    }
    let Some(node) = snapshot.root().descendant_for_byte_range(start, start) else {
        return LineKind::Verbatim;
    };
    match enclosing(node, kinds::SECTION) {
        Some(section) => LineKind::Code {
            rank: section_rank(section),
        },
        None => LineKind::Code { rank: 0 },
    }
}

fn enclosing<'a>(mut node: Node<'a>, kind: &str) -> Option<Node<'a>> {
    loop {
        if node.kind() == kind {
            return Some(node);
        }
        node = node.parent()?;
    }
}

/// A comment takes the rank of the next code line (it usually introduces it); at the end of
/// the file, of the previous one.
fn next_code_rank(kinds: &[LineKind], index: usize) -> usize {
    let next = kinds[index + 1..].iter().find_map(|kind| match kind {
        LineKind::Code { rank } => Some(*rank),
        _ => None,
    });
    next.or_else(|| {
        kinds[..index].iter().rev().find_map(|kind| match kind {
            LineKind::Code { rank } => Some(*rank),
            _ => None,
        })
    })
    .unwrap_or(0)
}

/// One space on each side of an attribute's `=` / `:=` (none after it when the value is empty).
fn space_operator(
    snapshot: &Snapshot,
    found: Option<LineStart<'_>>,
    body_start: usize,
    body: &str,
) -> String {
    let attribute = match found.filter(|found| found.start == body_start) {
        Some(found) => found.attribute,
        None => snapshot
            .root()
            .descendant_for_byte_range(body_start, body_start)
            .and_then(|node| enclosing(node, kinds::ATTRIBUTE)),
    };
    let Some(attribute) = attribute else {
        return body.to_owned();
    };
    if attribute.start_byte() != body_start {
        return body.to_owned();
    }
    let (Some(key), Some(operator)) = (
        attribute.child_by_field_id(field_id::key()),
        attribute.child_by_field_id(field_id::operator()),
    ) else {
        return body.to_owned();
    };
    let after_operator = attribute
        .child_by_field_id(field_id::value())
        .or_else(|| {
            let mut cursor = attribute.walk();
            let comment = attribute
                .named_children(&mut cursor)
                .find(|child| child.kind() == kinds::COMMENT);
            comment
        })
        .map(|node| node.start_byte());
    let relative = |offset: usize| offset - body_start;
    let mut out = String::with_capacity(body.len() + 2);
    out.push_str(&body[..relative(key.end_byte())]);
    out.push(' ');
    out.push_str(&body[relative(operator.start_byte())..relative(operator.end_byte())]);
    match after_operator {
        Some(start) if start - body_start <= body.len() => {
            out.push(' ');
            out.push_str(&body[relative(start)..]);
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        format(&Snapshot::parse(text), &FormatOptions::default())
    }

    #[test]
    fn indents_by_rank_and_spaces_operators() {
        let input = "[cluster c]\nAutoscale=true\n[[node defaults]]\n  Credentials   =  $Credentials  \n# the disk\n[[[volume boot]]]\nSize:=  10 # GB\nEmpty =\n\n\n\n[parameters P]\n[[parameter X]]\nLabel= x\n";
        let expected = "[cluster c]\nAutoscale = true\n    [[node defaults]]\n    Credentials = $Credentials\n        # the disk\n        [[[volume boot]]]\n        Size := 10 # GB\n        Empty =\n\n[parameters P]\n    [[parameter X]]\n    Label = x\n";
        assert_eq!(fmt(input), expected);
        assert_eq!(fmt(expected), expected, "idempotent");
    }

    #[test]
    fn triple_quoted_blocks_jinja_and_broken_lines_are_kept() {
        let input = "[cluster c]\n  [[node n]]\n  CloudInit='''#!/bin/bash   \n   echo  hi   \n'''\n{%  if x %}\n  a := f(  \n  b  =  1\r\n";
        let expected = "[cluster c]\n    [[node n]]\n    CloudInit = '''#!/bin/bash   \n   echo  hi   \n'''\n{%  if x %}\n  a := f(  \n    b = 1\r\n";
        assert_eq!(fmt(input), expected);
    }

    #[test]
    fn keep_indentation_when_asked_and_keep_line_endings() {
        let options = FormatOptions {
            indent: Indent::Keep,
            max_blank_lines: 2,
        };
        let input = "[cluster c]\r\n\t[[node n]]\r\n\tx=1\r\n\r\n\r\n\r\ny =2";
        assert_eq!(
            format(&Snapshot::parse(input), &options),
            "[cluster c]\r\n\t[[node n]]\r\n\tx = 1\r\n\r\n\r\ny = 2"
        );
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    /// Applies edits (sorted, non-overlapping) to a text.
    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut out = text.to_owned();
        for edit in edits.iter().rev() {
            out.replace_range(edit.range.clone(), &edit.new_text);
        }
        out
    }

    #[test]
    fn edits_are_minimal_and_give_the_formatted_text() {
        let input = "[cluster c]\n[[node n]]\nA=1\n    B = 2\n\n\n\n# c  \n[[node m]]\r\nC  :=  3\r\n\r\n\r\n";
        let snapshot = Snapshot::parse(input);
        let options = FormatOptions::default();
        let edits = format_edits(&snapshot, &options, None);
        assert_eq!(apply(input, &edits), format(&snapshot, &options));
        let shown: Vec<(std::ops::Range<usize>, &str)> = edits
            .iter()
            .map(|edit| (edit.range.clone(), edit.new_text.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (12..12, "    "),
                (23..25, "    A = "),
                (38..39, ""),
                (39..40, ""),
                (40..45, "    # c"),
                (46..46, "    "),
                (58..64, "    C :="),
                (68..70, ""),
                (70..72, ""),
            ]
        );
    }

    #[test]
    fn range_edits_touch_only_the_asked_lines_and_tabs_indent() {
        let input = "[cluster c]\n[[node n]]\nA=1\nB=2\n";
        let snapshot = Snapshot::parse(input);
        let options = FormatOptions {
            indent: Indent::Tabs,
            max_blank_lines: 1,
        };
        let edits = format_edits(&snapshot, &options, Some(2..=2));
        assert_eq!(
            apply(input, &edits),
            "[cluster c]\n[[node n]]\n\tA = 1\nB=2\n"
        );
        assert!(format_edits(&snapshot, &options, Some(9..=12)).is_empty());
        let formatted = format(&snapshot, &options);
        assert_eq!(formatted, "[cluster c]\n\t[[node n]]\n\tA = 1\n\tB = 2\n");
        assert!(format_edits(&Snapshot::parse(&formatted), &options, None).is_empty());
    }
}
