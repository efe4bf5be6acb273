//! Syntax errors as plain data: where the parser had to skip text or invent a token.

use std::ops::Range;

use tree_sitter::Node;

use crate::Snapshot;

/// One place where the text does not fit the grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The bytes involved (empty for a missing token, placed where it was expected).
    pub range: Range<usize>,
    /// A sentence for the user: what was unexpected or what is missing.
    pub message: String,
}

/// Every ERROR and MISSING node, outermost only, in document order. Subtrees without errors are
/// skipped, so a clean document costs one check of the root.
pub fn syntax_errors(snapshot: &Snapshot) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    let root = snapshot.root();
    if root.has_error() {
        collect(snapshot, root, &mut errors);
    }
    errors
}

/// Iterative, so a deeply nested broken expression cannot overflow the stack.
fn collect(snapshot: &Snapshot, root: Node<'_>, errors: &mut Vec<SyntaxError>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_missing() {
            errors.push(SyntaxError {
                range: node.start_byte()..node.start_byte(),
                message: format!("missing `{}`", node.kind()),
            });
            continue;
        }
        if node.is_error() {
            errors.push(SyntaxError {
                range: node.byte_range(),
                message: unexpected_message(snapshot, node),
            });
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<_> = node
            .children(&mut cursor)
            .filter(|child| child.has_error() || child.is_missing())
            .collect();
        stack.extend(children.into_iter().rev());
    }
}

fn unexpected_message(snapshot: &Snapshot, node: Node<'_>) -> String {
    let text = snapshot.slice(node.start_byte()..node.end_byte().min(node.start_byte() + 400));
    let first_line = text.lines().next().unwrap_or("").trim();
    if first_line.is_empty() {
        return "unexpected end of line".to_owned();
    }
    let shown: String = first_line.chars().take(40).collect();
    let ellipsis = if shown.len() < first_line.len() {
        "…"
    } else {
        ""
    };
    format!("unexpected `{shown}{ellipsis}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_has_no_errors() {
        assert!(syntax_errors(&Snapshot::parse("[cluster a]\nx = 1\n")).is_empty());
    }

    #[test]
    fn an_unexpected_token_is_reported_once_with_its_text() {
        let text = "[cluster a]\nx := foo(1 2)\ny = 2\n";
        let errors = syntax_errors(&Snapshot::parse(text));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.starts_with("unexpected"), "{errors:?}");
        assert!(errors[0].range.start >= text.find("foo").unwrap());
        assert!(errors[0].range.end <= text.find("y =").unwrap());
    }

    #[test]
    fn an_unclosed_call_is_missing_its_parenthesis_at_the_end_of_its_line() {
        let text = "[cluster a]\nx := foo(\ny = 2\n";
        let errors = syntax_errors(&Snapshot::parse(text));
        let end_of_line = text.find("(\n").unwrap() + 1;
        let expected = SyntaxError {
            range: end_of_line..end_of_line,
            message: "missing `)`".to_owned(),
        };
        assert_eq!(errors, [expected]);
    }
}
