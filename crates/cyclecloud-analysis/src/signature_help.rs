//! Signature help: inside `func(…)` in an expression, which catalog function is being called and
//! which of its parameters the cursor is on. The tree answers for well-formed expressions; a
//! half-typed one (`${ifThenElse(a, ` with nothing closed) parses into an ERROR, so then the
//! cursor's line is read as text, the way completion reads it.

use std::ops::Range;

use cyclecloud_catalog::{catalog, Function};
use cyclecloud_syntax::{kinds, Node, Snapshot};

/// The signature to show, as plain data.
#[derive(Clone, Debug)]
pub struct SignatureHelp {
    /// The catalog function called.
    pub function: &'static Function,
    /// `name(p1, p2[, p3])`, the text shown.
    pub label: String,
    /// Each parameter's name within `label`, in bytes (the label is ASCII in practice, but
    /// callers convert to the units their protocol counts).
    pub parameters: Vec<Range<usize>>,
    /// The parameter the cursor is on (0-based; for functions taking any number of arguments,
    /// extra arguments map to the last parameter).
    pub active_parameter: usize,
    /// Markdown: what the function does and what it returns.
    pub documentation: String,
}

/// The signature of the innermost catalog function call around `offset`, if any.
pub fn signature_help(snapshot: &Snapshot, offset: usize) -> Option<SignatureHelp> {
    let offset = snapshot.clamp_offset(offset);
    let (name, commas) = match from_tree(snapshot, offset) {
        Found::Call(name, commas) => (name, commas),
        Found::Nothing => return None,
        Found::Error => from_line(snapshot, offset)?,
    };
    let function = catalog().function(&name)?;
    Some(describe(function, commas))
}

/// What the tree says about the cursor.
enum Found {
    /// In the arguments of a call: the function name and the commas before the cursor.
    Call(String, usize),
    /// Certainly not in a call.
    Nothing,
    /// The tree has an error around the cursor; it cannot tell.
    Error,
}

fn from_tree(snapshot: &Snapshot, offset: usize) -> Found {
    let root = snapshot.root();
    // The path from the root to the byte just before the cursor (a cursor right after `(` or
    // `,` belongs to that call), walked down with a cursor: asking a node for its parent costs
    // the depth of the tree each time, which a deeply nested expression makes quadratic.
    let byte = offset.saturating_sub(1);
    let mut path = vec![root];
    let mut cursor = root.walk();
    while cursor.goto_first_child_for_byte(byte).is_some() {
        let node = cursor.node();
        if node.start_byte() > byte {
            break;
        }
        path.push(node);
    }
    let mut error = false;
    for (index, node) in path.iter().enumerate().rev() {
        if node.is_error() || node.is_missing() {
            error = true;
        }
        if node.kind() == kinds::ARGUMENTS && index > 0 {
            if let Some(found) = call_of(snapshot, path[index - 1], *node, offset) {
                return found;
            }
        }
        if matches!(node.kind(), kinds::ATTRIBUTE | kinds::HEADER) {
            error |= node.has_error();
            break;
        }
    }
    // The parser may also have set the broken text of the line aside as a sibling ERROR.
    let rope = snapshot.rope();
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    let line_end = rope.line_to_byte((line + 1).min(rope.len_lines()));
    error |= root
        .descendant_for_byte_range(line_start, line_end.max(line_start))
        .is_some_and(|node| node.has_error());
    if error {
        Found::Error
    } else {
        Found::Nothing
    }
}

/// The call whose argument list `arguments` is, when the cursor is between its parentheses.
fn call_of(
    snapshot: &Snapshot,
    call: Node<'_>,
    arguments: Node<'_>,
    offset: usize,
) -> Option<Found> {
    if call.kind() != kinds::CALL_EXPRESSION {
        return None;
    }
    let mut cursor = arguments.walk();
    let children: Vec<Node<'_>> = arguments.children(&mut cursor).collect();
    let open = children.first().filter(|child| child.kind() == "(")?;
    if offset < open.end_byte() {
        return None;
    }
    if let Some(close) = children
        .last()
        .filter(|child| child.kind() == ")" && !child.is_missing())
    {
        if offset > close.start_byte() {
            return None;
        }
    }
    let commas = children
        .iter()
        .filter(|child| child.kind() == "," && child.end_byte() <= offset)
        .count();
    let function = call.child_by_field_name(kinds::field::FUNCTION)?;
    let name = snapshot.text_of(function).trim().to_owned();
    Some(Found::Call(name, commas))
}

/// Reads the cursor's line up to the cursor: the innermost open call in an expression, with the
/// commas typed in it so far.
fn from_line(snapshot: &Snapshot, offset: usize) -> Option<(String, usize)> {
    let rope = snapshot.rope();
    let line_start = rope.line_to_byte(rope.byte_to_line(offset));
    let before = snapshot.slice(line_start..offset);
    let start = expression_start(&before)?;
    innermost_call(&before[start..])
}

/// Where the expression the cursor is in starts, within the text before the cursor: after `:=`,
/// after `= =`, or after the last `${` still open in a loose value. `None` outside expressions.
fn expression_start(before: &str) -> Option<usize> {
    let trimmed = before.trim_start();
    if trimmed.starts_with(['[', '#']) || trimmed.starts_with("{%") {
        return None;
    }
    let equals = before.find('=')?;
    if equals > 0 && before.as_bytes()[equals - 1] == b':' {
        return Some(equals + 1);
    }
    let value = &before[equals + 1..];
    let lead = value.len() - value.trim_start().len();
    if value[lead..].starts_with('=') {
        return Some(equals + 1 + lead + 1);
    }
    // A loose value: find an unclosed `${`, skipping double-quoted text.
    let bytes = before.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = equals + 1;
    while i < bytes.len() {
        let byte = bytes[i];
        match quote {
            Some(_) if byte == b'\\' => i += 1,
            Some(q) if byte == q => quote = None,
            Some(_) => {}
            None if byte == b'"' || (byte == b'\'' && !open.is_empty()) => quote = Some(byte),
            None if byte == b'$' && bytes.get(i + 1) == Some(&b'{') => {
                open.push(i + 2);
                i += 1;
            }
            None if byte == b'{' && !open.is_empty() => open.push(usize::MAX),
            None if byte == b'}' => {
                open.pop();
            }
            None => {}
        }
        i += 1;
    }
    // The outermost `${` still open holds the cursor.
    open.into_iter().find(|&start| start != usize::MAX)
}

/// The innermost call still open at the end of `expression`, and its commas so far. Lists and
/// records nest inside calls, so their commas do not count for the call around them.
fn innermost_call(expression: &str) -> Option<(String, usize)> {
    // (function name for a call, commas); `None` name for parentheses, lists and records.
    let mut frames: Vec<(Option<&str>, usize)> = Vec::new();
    let bytes = expression.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        match quote {
            Some(_) if byte == b'\\' => i += 1,
            Some(q) if byte == q => quote = None,
            Some(_) => {}
            None => match byte {
                b'"' | b'\'' => quote = Some(byte),
                b'(' => {
                    let head = expression[..i].trim_end();
                    let name_start = head.len()
                        - head
                            .bytes()
                            .rev()
                            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                            .count();
                    let name = &head[name_start..];
                    let is_name = name.bytes().next().is_some_and(|b| !b.is_ascii_digit());
                    frames.push((is_name.then_some(name), 0));
                }
                b'{' | b'[' => frames.push((None, 0)),
                b')' | b'}' | b']' => {
                    frames.pop();
                }
                b',' => {
                    if let Some(frame) = frames.last_mut() {
                        frame.1 += 1;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    // Inside a list argument (`member(x, {a, |`) the call around it is still the one to show.
    let call_index = frames.iter().rposition(|(name, _)| name.is_some())?;
    let (name, commas) = frames[call_index];
    Some((name?.to_owned(), commas))
}

/// The label, parameter ranges and documentation of a function, with the active parameter.
fn describe(function: &'static Function, commas: usize) -> SignatureHelp {
    let required = usize::from(function.min_args);
    let variadic = function.max_args.is_none();
    let count = function.parameters.len();
    let mut label = format!("{}(", function.name);
    let mut parameters = Vec::new();
    for (index, name) in function.parameters.iter().enumerate() {
        let optional = index >= required;
        if optional {
            label.push('[');
        }
        if index > 0 {
            label.push_str(", ");
        }
        let start = label.len();
        label.push_str(name);
        parameters.push(start..label.len());
        if variadic && index + 1 == count {
            label.push_str(", …");
        }
        if optional {
            label.push(']');
        }
    }
    label.push(')');
    let active_parameter = if variadic && count > 0 {
        commas.min(count - 1)
    } else {
        commas
    };
    SignatureHelp {
        function,
        label,
        parameters,
        active_parameter,
        documentation: format!("{}\n\nResult type: `{}`.", function.doc, function.returns),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::cursor_fixture::cursor;

    /// The label with the active parameter in `«»`, or `none`.
    fn render(fixture: &str) -> String {
        let (text, offset) = cursor(fixture);
        let snapshot = Snapshot::parse(&text);
        match signature_help(&snapshot, offset) {
            Some(help) => {
                let mut label = help.label.clone();
                if let Some(range) = help.parameters.get(help.active_parameter) {
                    label.insert(range.end, '»');
                    label.insert(range.start, '«');
                }
                format!("{label} #{}", help.active_parameter)
            }
            None => "none".to_owned(),
        }
    }

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&render(fixture));
    }

    #[test]
    fn well_formed_calls_from_the_tree() {
        check(
            "[cluster c]\nA = ${ifThenElse($0a, b, c)}\n",
            expect!["ifThenElse(«predicate», whenTrue, whenFalse) #0"],
        );
        check(
            "[cluster c]\nA := ifThenElse(a, b, $0c)\n",
            expect!["ifThenElse(predicate, whenTrue, «whenFalse») #2"],
        );
        check(
            "[cluster c]\nA := ifThenElse(size(x), $0b, c)\n",
            expect!["ifThenElse(predicate, «whenTrue», whenFalse) #1"],
        );
        check(
            "[cluster c]\nA := ifThenElse(size($0x), b, c)\n",
            expect!["size(«value») #0"],
        );
        check(
            "[cluster c]\nA := regexp(\"a\", b, $0)\n",
            expect!["regexp(pattern, target[, «options»]) #2"],
        );
        check(
            "[cluster c]\nA := strcat(a, b, c, $0d)\n",
            expect!["strcat(«values», …) #0"],
        );
    }

    #[test]
    fn half_typed_calls_from_the_line() {
        check(
            "[cluster c]\n[[node a]]\nA = ${ifThenElse(a, $0\n[[node b]]\n",
            expect!["ifThenElse(predicate, «whenTrue», whenFalse) #1"],
        );
        check(
            "[cluster c]\nA := ifThenElse(member(x, {a, b$0\n",
            expect!["member(item, «list») #1"],
        );
        check(
            "[cluster c]\nA = prefix-${strjoin(\",\", $0\n",
            expect!["strjoin(separator, «items», …) #1"],
        );
        check(
            "[cluster c]\nA = = ifThenElse(\"a,b\", $0\n",
            expect!["ifThenElse(predicate, «whenTrue», whenFalse) #1"],
        );
    }

    #[test]
    fn nothing_outside_calls_or_expressions() {
        check("[cluster c]\nA := ifThenElse(a, b, c)$0\n", expect!["none"]);
        check("[cluster c]\nA := $0ifThenElse(a, b, c)\n", expect!["none"]);
        check("[cluster c]\nDescription = see (a, $0\n", expect!["none"]);
        check("[cluster c]\nA := frobnicate(a, $0\n", expect!["none"]);
        check("[cluster c]\nA = ${x} (a, $0\n", expect!["none"]);
        check("$0", expect!["none"]);
        check("(((,$0", expect!["none"]);
    }

    #[test]
    fn deep_nesting_and_odd_offsets_do_not_panic() {
        let deep = format!(
            "[cluster c]\nA := {}x{}\nB = ${{{}1\n",
            "size(".repeat(20_000),
            ")".repeat(20_000),
            "f(".repeat(20_000)
        );
        let snapshot = Snapshot::parse(&deep);
        let middle = deep.find('x').unwrap();
        assert_eq!(
            signature_help(&snapshot, middle).map(|help| help.label),
            Some("size(value)".to_owned())
        );
        let _ = signature_help(&snapshot, deep.len());
        let text = "[cluster é]\nA := ifThenElse(\"é\", 😀, $Ré\n";
        let snapshot = Snapshot::parse(text);
        for offset in 0..text.len() + 3 {
            let _ = signature_help(&snapshot, offset);
        }
    }
}
