//! The evaluator of the template expression language (the ClassAd subset of spec §1.8 and §2):
//! literals, comma lists, `undefined`, arithmetic, comparison, boolean operators, string
//! concatenation, `ifThenElse` and the documented functions, parameter and attribute references,
//! and `$Name` in headers.
//!
//! It reads values from the syntax tree and resolves names through [`Names`]. What it cannot
//! evaluate comes back as an [`EvalError`] saying why (an unknown name or function, a type
//! error, a reference known only after deployment); it never guesses and never panics.

mod functions;
mod operators;
mod tree;
mod value;

use cyclecloud_syntax::{kinds, Node, Snapshot};

use crate::model::AttrInfo;
use crate::vocabulary::is_placeholder;

pub use value::{ErrorKind, EvalError, Evaluated, Value};

/// The names an expression can refer to: parameters, `ClusterName`, attributes.
pub trait Names {
    /// The value of `name` (compare it ignoring case), `None` when the name means nothing here.
    fn value_of(&self, name: &str) -> Option<Evaluated>;
}

/// The value of an attribute line: its loose value (`=`) or its expression (`:=`, `= =expr`).
pub fn evaluate_line(snapshot: &Snapshot, line: &AttrInfo, names: &dyn Names) -> Evaluated {
    let attribute = attribute_node(snapshot, line);
    if attribute.is_none_or(|attribute| attribute.has_error()) {
        return Err(EvalError::new(ErrorKind::Syntax, "the line does not parse"));
    }
    match attribute.and_then(|attribute| attribute.child_by_field_id(kinds::field_id::value())) {
        Some(node) => evaluate(snapshot, node, names),
        None => Err(EvalError::new(
            ErrorKind::Unsupported,
            "an empty value has no documented meaning",
        )),
    }
}

/// The attribute node of a model line in `snapshot`.
fn attribute_node<'s>(snapshot: &'s Snapshot, line: &AttrInfo) -> Option<Node<'s>> {
    let mut node = snapshot
        .root()
        .descendant_for_byte_range(line.range.start, line.range.start)?;
    while node.kind() != kinds::ATTRIBUTE {
        node = node.parent()?;
    }
    Some(node)
}

/// The value of a value or expression node.
pub fn evaluate(snapshot: &Snapshot, node: Node<'_>, names: &dyn Names) -> Evaluated {
    if node.has_error() {
        return Err(EvalError::new(
            ErrorKind::Syntax,
            "the value does not parse",
        ));
    }
    if node.kind() != kinds::TRIPLE_STRING && is_placeholder(&snapshot.text_of(node)) {
        return Err(EvalError::new(
            ErrorKind::Placeholder,
            "a Jinja placeholder, filled in by a generator before CycleCloud reads the template",
        ));
    }
    tree::Evaluator {
        snapshot,
        names,
        depth: 0,
    }
    .eval(node)
}

/// `text` with each `$Name` replaced by the value of `Name` as text, for header names such as
/// `[[[cluster-init lsf:execute:$LsfProjectVersion]]]`. A `$` not followed by a name stays.
pub fn interpolate(text: &str, names: &dyn Names) -> Result<String, EvalError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if len == 0 {
            out.push('$');
        } else {
            let name = &after[..len];
            let value = names.value_of(name).unwrap_or_else(|| {
                Err(EvalError::new(
                    ErrorKind::UnknownName,
                    format!("`{name}` is no parameter or built-in name"),
                ))
            })?;
            out.push_str(&value.to_text()?);
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests;
