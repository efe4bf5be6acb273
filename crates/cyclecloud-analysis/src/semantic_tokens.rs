//! Semantic tokens: what each word of a template *means* (a known attribute or a typo, a
//! declared parameter or an unknown name, a catalog function), which a grammar alone cannot
//! tell an editor. Plain byte ranges and legend indices; the server encodes them for LSP.
//!
//! The legend uses only standard LSP token types and modifiers, so every theme colours them:
//!
//! | token | type | modifiers |
//! |---|---|---|
//! | section kind (`cluster`, `nodearray`) | `type` | `defaultLibrary` when the catalog knows the kind |
//! | section name (`[[node web]]`) | `class` | `declaration` |
//! | `[parameters Group]` name | `namespace` | `declaration` |
//! | `[[[parameter Name]]]` name | `parameter` | `declaration` |
//! | `[[[cluster-init project:spec:1.0]]]` name | `namespace` | |
//! | attribute key | `property` | `defaultLibrary` when the catalog knows it, `deprecated` when the catalog deprecates it; an unknown key has neither |
//! | `$Name`, a name in an expression | `parameter` when a `[[[parameter]]]` declares it, else `variable` | |
//! | `f` in `f(x)` | `function` | `defaultLibrary` when it is a catalog function |
//! | `a.b` member, record field name | `property` | |
//! | `=`, `:=`, expression operators (`&&`, `+`, `is`, `?:`, ...) | `operator` | |
//! | strings (`"…"`, `'…'`, `'''…'''`, back-ticked times) | `string` | |
//! | numbers | `number` | |
//! | `true`, `false`, `undefined`, `error` | `keyword` | |
//! | comments | `comment` | |
//! | Jinja lines (`{% … %}`) | `macro` | |
//!
//! Unquoted loose text (`MachineType = Standard_D2s_v3`) and brackets get no token: the
//! grammar's highlighting already covers them and they carry no extra meaning.

use std::collections::HashMap;
use std::ops::Range;

use cyclecloud_syntax::{kinds, Node, Snapshot};

use crate::model::Model;

/// Token types, in legend order (the value is the index the server announces).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum TokenType {
    /// Parameter groups and cluster-init specs.
    Namespace,
    /// Section kinds.
    Type,
    /// Named sections (clusters, nodes, volumes, ...).
    Class,
    /// Declared parameters and references to them.
    Parameter,
    /// Names that no parameter declares (`ClusterName`, environments, typos).
    Variable,
    /// Attribute keys, members and record fields.
    Property,
    /// Called functions.
    Function,
    /// `=`, `:=` and expression operators.
    Operator,
    /// Every kind of string.
    String,
    /// Numbers.
    Number,
    /// Booleans and `undefined` / `error`.
    Keyword,
    /// Comments.
    Comment,
    /// Jinja lines.
    Macro,
}

/// The legend's type names, indexed by [`TokenType`] (standard LSP names).
pub const TOKEN_TYPES: [&str; 13] = [
    "namespace",
    "type",
    "class",
    "parameter",
    "variable",
    "property",
    "function",
    "operator",
    "string",
    "number",
    "keyword",
    "comment",
    "macro",
];

/// Modifier bits, indexed like [`TOKEN_MODIFIERS`].
pub mod modifier {
    /// Where a name is introduced (section names, `[[[parameter X]]]`).
    pub const DECLARATION: u32 = 1 << 0;
    /// The catalog marks the attribute as deprecated.
    pub const DEPRECATED: u32 = 1 << 1;
    /// Known to CycleCloud (catalog attribute, section kind or function), as opposed to
    /// a user's own or misspelt name.
    pub const DEFAULT_LIBRARY: u32 = 1 << 2;
}

/// The legend's modifier names (standard LSP names), bit `i` = entry `i`.
pub const TOKEN_MODIFIERS: [&str; 3] = ["declaration", "deprecated", "defaultLibrary"];

/// One token: a byte range (may span lines for triple-quoted strings), its type and modifiers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    /// Where it is.
    pub range: Range<usize>,
    /// What it is.
    pub token_type: TokenType,
    /// A set of [`modifier`] bits.
    pub modifiers: u32,
}

/// Every token of a document, sorted by start, none overlapping.
pub fn semantic_tokens(snapshot: &Snapshot, model: &Model) -> Vec<SemanticToken> {
    let catalog = cyclecloud_catalog::catalog();
    let keys: HashMap<usize, usize> = model
        .attributes
        .iter()
        .enumerate()
        .map(|(id, attr)| (attr.key_range.start, id))
        .collect();
    let mut tokens = Vec::new();
    let mut push = |range: Range<usize>, token_type: TokenType, modifiers: u32| {
        if !range.is_empty() {
            tokens.push(SemanticToken {
                range,
                token_type,
                modifiers,
            });
        }
    };
    let mut stack = vec![snapshot.root()];
    while let Some(node) = stack.pop() {
        let kind = node.kind();
        let range = node.byte_range();
        let leaf = match kind {
            kinds::COMMENT => {
                push(trim_line_end(snapshot, range), TokenType::Comment, 0);
                true
            }
            kinds::TEMPLATE_DIRECTIVE => {
                push(trim_line_end(snapshot, range), TokenType::Macro, 0);
                true
            }
            kinds::STRING
            | kinds::RAW_STRING
            | kinds::TRIPLE_STRING
            | kinds::QUOTED_NAME
            | kinds::RELATIVE_TIME => {
                push(range, TokenType::String, 0);
                true
            }
            kinds::NUMBER => {
                push(range, TokenType::Number, 0);
                true
            }
            kinds::BOOLEAN | kinds::UNDEFINED => {
                push(range, TokenType::Keyword, 0);
                true
            }
            kinds::KIND if parent_kind(node) == Some(kinds::HEADER) => {
                let known = catalog
                    .section(&snapshot.text_of(node).to_ascii_lowercase())
                    .is_some();
                push(range, TokenType::Type, library(known));
                true
            }
            kinds::SECTION_NAME => {
                section_name(snapshot, model, node, &mut push);
                true
            }
            kinds::KEY => {
                let entry = keys
                    .get(&range.start)
                    .and_then(|&id| model.attributes[id].catalog);
                let mut modifiers = library(entry.is_some());
                if entry.is_some_and(|entry| entry.deprecated.is_some()) {
                    modifiers |= modifier::DEPRECATED;
                }
                push(range, TokenType::Property, modifiers);
                true
            }
            kinds::PARAMETER_REFERENCE => {
                push(range.clone(), name_type(model, &snapshot.slice(range)), 0);
                true
            }
            kinds::IDENTIFIER => {
                let (token_type, modifiers) = identifier(snapshot, model, node);
                push(range, token_type, modifiers);
                true
            }
            _ if !node.is_named() && is_operator(node) => {
                push(range, TokenType::Operator, 0);
                true
            }
            _ => node.child_count() == 0,
        };
        if !leaf {
            let mut cursor = node.walk();
            let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    tokens.sort_by_key(|token| token.range.start);
    // Error recovery can nest a token in another; keep the first of overlapping ones.
    let mut end = 0;
    tokens.retain(|token| {
        let keep = token.range.start >= end;
        if keep {
            end = token.range.end;
        }
        keep
    });
    tokens
}

fn library(known: bool) -> u32 {
    if known {
        modifier::DEFAULT_LIBRARY
    } else {
        0
    }
}

fn parent_kind<'a>(node: Node<'a>) -> Option<&'static str> {
    node.parent().map(cyclecloud_syntax::kinds::static_kind)
}

/// A `$Name` or bare name: a parameter when the template declares one by that name.
fn name_type(model: &Model, name: &str) -> TokenType {
    if model.parameter(name.trim_start_matches('$')).is_some() {
        TokenType::Parameter
    } else {
        TokenType::Variable
    }
}

fn identifier(snapshot: &Snapshot, model: &Model, node: Node<'_>) -> (TokenType, u32) {
    let name = snapshot.text_of(node);
    if let Some(parent) = node.parent() {
        let is_field = |field: &str| {
            parent
                .child_by_field_name(field)
                .is_some_and(|child| child.id() == node.id())
        };
        match parent.kind() {
            kinds::CALL_EXPRESSION if is_field(kinds::field::FUNCTION) => {
                let known = cyclecloud_catalog::catalog().function(&name).is_some();
                return (TokenType::Function, library(known));
            }
            kinds::MEMBER_EXPRESSION if is_field(kinds::field::MEMBER) => {
                return (TokenType::Property, 0);
            }
            kinds::RECORD_FIELD if is_field(kinds::field::NAME) => {
                return (TokenType::Property, 0);
            }
            _ => {}
        }
    }
    (name_type(model, &name), 0)
}

/// The parts of a header name: what the name declares depends on the section's kind.
fn section_name(
    snapshot: &Snapshot,
    model: &Model,
    name: Node<'_>,
    push: &mut impl FnMut(Range<usize>, TokenType, u32),
) {
    let kind = name
        .parent()
        .and_then(|header| header.child_by_field_name(kinds::field::KIND))
        .map(|kind| snapshot.text_of(kind).to_ascii_lowercase())
        .unwrap_or_default();
    let (token_type, modifiers) = match kind.as_str() {
        "parameter" => (TokenType::Parameter, modifier::DECLARATION),
        "parameters" => (TokenType::Namespace, modifier::DECLARATION),
        "cluster-init" => (TokenType::Namespace, 0),
        _ => (TokenType::Class, modifier::DECLARATION),
    };
    let mut cursor = name.walk();
    for part in name.children(&mut cursor) {
        let range = part.byte_range();
        if part.kind() == kinds::PARAMETER_REFERENCE {
            push(range.clone(), name_type(model, &snapshot.slice(range)), 0);
        } else {
            push(range, token_type, modifiers);
        }
    }
}

/// Anonymous operator tokens: an attribute's `=`/`:=` and every expression operator.
fn is_operator(node: Node<'_>) -> bool {
    matches!(
        node.kind(),
        "=" | ":="
            | "||"
            | "&&"
            | "=="
            | "!="
            | "==="
            | "!=="
            | "=?="
            | "=!="
            | "is"
            | "isnt"
            | "in"
            | "<"
            | "<="
            | ">"
            | ">="
            | "+"
            | "-"
            | "*"
            | "/"
            | "%"
            | "!"
            | "?"
    ) || (node.kind() == ":" && parent_kind(node) == Some(kinds::CONDITIONAL_EXPRESSION))
}

/// A comment or Jinja node without the line break the grammar may attach.
fn trim_line_end(snapshot: &Snapshot, range: Range<usize>) -> Range<usize> {
    let text = snapshot.slice(range.clone());
    range.start..range.start + text.trim_end_matches(['\r', '\n']).len()
}

#[cfg(test)]
mod tests;
