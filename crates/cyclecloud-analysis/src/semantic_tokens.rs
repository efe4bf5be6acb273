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

use crate::model::{AttrId, Model};

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
    let keys: HashMap<usize, AttrId> = model
        .attributes_with_ids()
        .map(|(id, attr)| (attr.key_range().start, id))
        .collect();
    let mut tokens = Vec::with_capacity(model.attributes.len() * 4);
    let mut push = |range: Range<usize>, token_type: TokenType, modifiers: u32| {
        if !range.is_empty() {
            tokens.push(SemanticToken {
                range,
                token_type,
                modifiers,
            });
        }
    };
    // A cursor walk: it knows each node's field and keeps the ancestors' kinds, where
    // `Node::parent` would search down from the root every time.
    let mut cursor = snapshot.root().walk();
    let mut parents: Vec<&str> = Vec::new();
    loop {
        let node = cursor.node();
        let kind = node.kind();
        let range = node.byte_range();
        let parent = parents.last().copied();
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
            kinds::HEADER => {
                header(snapshot, model, node, &mut push);
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
                let field = cursor.field_name();
                let (token_type, modifiers) =
                    identifier(model, &snapshot.text_of(node), parent, field);
                push(range, token_type, modifiers);
                true
            }
            _ if !node.is_named() && is_operator(kind, parent) => {
                push(range, TokenType::Operator, 0);
                true
            }
            _ => false,
        };
        if !leaf && cursor.goto_first_child() {
            parents.push(kind);
            continue;
        }
        // Next sibling, or the next sibling of the nearest ancestor that has one.
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return finish(tokens);
            }
            parents.pop();
        }
    }
}

/// Sorted, without overlaps.
fn finish(mut tokens: Vec<SemanticToken>) -> Vec<SemanticToken> {
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

/// A `$Name` or bare name: a parameter when the template declares one by that name.
fn name_type(model: &Model, name: &str) -> TokenType {
    let name = name.trim_start_matches('$');
    // Parameters are indexed by lower-case name; lower-case short names on the stack, as
    // this runs for every name in the document.
    let mut buffer = [0u8; 64];
    let declared = match buffer.get_mut(..name.len()) {
        Some(lower) => {
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower).is_ok_and(|lower| model.parameter_index.contains_key(lower))
        }
        None => model.parameter(name).is_some(),
    };
    if declared {
        TokenType::Parameter
    } else {
        TokenType::Variable
    }
}

fn identifier(
    model: &Model,
    name: &str,
    parent: Option<&str>,
    field: Option<&str>,
) -> (TokenType, u32) {
    match (parent, field) {
        (Some(kinds::CALL_EXPRESSION), Some(kinds::field::FUNCTION)) => {
            let known = cyclecloud_catalog::catalog().function(name).is_some();
            (TokenType::Function, library(known))
        }
        (Some(kinds::MEMBER_EXPRESSION), Some(kinds::field::MEMBER))
        | (Some(kinds::RECORD_FIELD), Some(kinds::field::NAME)) => (TokenType::Property, 0),
        _ => (name_type(model, name), 0),
    }
}

/// A header's kind and name (and a trailing comment); what the name declares depends on the
/// section's kind.
fn header(
    snapshot: &Snapshot,
    model: &Model,
    header: Node<'_>,
    push: &mut impl FnMut(Range<usize>, TokenType, u32),
) {
    let mut cursor = header.walk();
    let mut section_kind = String::new();
    for child in header.children(&mut cursor) {
        match child.kind() {
            kinds::KIND => {
                section_kind = snapshot.text_of(child).to_ascii_lowercase();
                let known = cyclecloud_catalog::catalog()
                    .section(&section_kind)
                    .is_some();
                push(child.byte_range(), TokenType::Type, library(known));
            }
            kinds::SECTION_NAME => section_name(snapshot, model, &section_kind, child, push),
            kinds::COMMENT => push(
                trim_line_end(snapshot, child.byte_range()),
                TokenType::Comment,
                0,
            ),
            _ => {}
        }
    }
}

/// The parts of a header name: what the name declares depends on the section's kind.
fn section_name(
    snapshot: &Snapshot,
    model: &Model,
    section_kind: &str,
    name: Node<'_>,
    push: &mut impl FnMut(Range<usize>, TokenType, u32),
) {
    let (token_type, modifiers) = match section_kind {
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
fn is_operator(kind: &str, parent: Option<&str>) -> bool {
    matches!(
        kind,
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
    ) || (kind == ":" && parent == Some(kinds::CONDITIONAL_EXPRESSION))
}

/// A comment or Jinja node without the line break the grammar may attach.
fn trim_line_end(snapshot: &Snapshot, range: Range<usize>) -> Range<usize> {
    let text = snapshot.slice(range.clone());
    range.start..range.start + text.trim_end_matches(['\r', '\n']).len()
}

#[cfg(test)]
mod tests;
