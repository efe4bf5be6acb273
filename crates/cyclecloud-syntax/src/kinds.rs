//! Node kind and field names of the grammar, written once so a rename is a one-line change.

/// The root node.
pub const SOURCE_FILE: &str = "source_file";
/// A section: header, lines and nested sections.
pub const SECTION: &str = "section";
/// A section header line.
pub const HEADER: &str = "header";
/// The opening brackets of a header; their count is the rank.
pub const HEADER_OPEN: &str = "header_open";
/// The closing brackets of a header.
pub const HEADER_CLOSE: &str = "header_close";
/// The kind keyword of a header (`cluster`, `nodearray`, ...).
pub const KIND: &str = "kind";
/// The name of a header.
pub const SECTION_NAME: &str = "section_name";
/// An attribute line.
pub const ATTRIBUTE: &str = "attribute";
/// An attribute key.
pub const KEY: &str = "key";
/// A `#` comment.
pub const COMMENT: &str = "comment";
/// A Jinja statement line.
pub const TEMPLATE_DIRECTIVE: &str = "template_directive";
/// A comma list of loose elements.
pub const VALUE_LIST: &str = "value_list";
/// Loose segments written next to each other (`${a}-b`).
pub const CONCATENATION: &str = "concatenation";
/// `key = =expr`.
pub const LEGACY_EXPRESSION: &str = "legacy_expression";
/// Unquoted text.
pub const TEXT: &str = "text";
/// A number.
pub const NUMBER: &str = "number";
/// `true` / `false` in any case.
pub const BOOLEAN: &str = "boolean";
/// A double-quoted string.
pub const STRING: &str = "string";
/// A single-quoted loose value.
pub const RAW_STRING: &str = "raw_string";
/// A `'''…'''` or `"""…"""` block.
pub const TRIPLE_STRING: &str = "triple_string";
/// A back-ticked relative time.
pub const RELATIVE_TIME: &str = "relative_time";
/// `$Name`.
pub const PARAMETER_REFERENCE: &str = "parameter_reference";
/// `${expr}`.
pub const INTERPOLATION: &str = "interpolation";
/// A bare name in an expression.
pub const IDENTIFIER: &str = "identifier";
/// A single-quoted attribute name in an expression.
pub const QUOTED_NAME: &str = "quoted_name";
/// `undefined` / `error`.
pub const UNDEFINED: &str = "undefined";
/// `f(args)`.
pub const CALL_EXPRESSION: &str = "call_expression";
/// `a.b`.
pub const MEMBER_EXPRESSION: &str = "member_expression";
/// `a[b]`.
pub const SUBSCRIPT_EXPRESSION: &str = "subscript_expression";
/// `a op b`.
pub const BINARY_EXPRESSION: &str = "binary_expression";
/// `!a`, `-a`.
pub const UNARY_EXPRESSION: &str = "unary_expression";
/// `c ? a : b`.
pub const CONDITIONAL_EXPRESSION: &str = "conditional_expression";
/// `(a)`.
pub const PARENTHESIZED_EXPRESSION: &str = "parenthesized_expression";
/// `{a, b}`.
pub const LIST: &str = "list";
/// `[a=1; b=2]`.
pub const RECORD: &str = "record";
/// One `name = value` of a record literal.
pub const RECORD_FIELD: &str = "record_field";
/// A call's argument list.
pub const ARGUMENTS: &str = "arguments";

/// Field names.
pub mod field {
    /// The header of a section.
    pub const HEADER: &str = "header";
    /// The kind of a header.
    pub const KIND: &str = "kind";
    /// The name of a header or a record field.
    pub const NAME: &str = "name";
    /// The opening brackets of a header.
    pub const OPEN: &str = "open";
    /// The closing brackets of a header.
    pub const CLOSE: &str = "close";
    /// The key of an attribute.
    pub const KEY: &str = "key";
    /// `=` or `:=`.
    pub const OPERATOR: &str = "operator";
    /// The value of an attribute or record field.
    pub const VALUE: &str = "value";
    /// The callee of a call.
    pub const FUNCTION: &str = "function";
    /// The argument list of a call.
    pub const ARGUMENTS: &str = "arguments";
    /// The object of a member or subscript expression.
    pub const OBJECT: &str = "object";
    /// The member name of a member expression.
    pub const MEMBER: &str = "member";
    /// The expression of an interpolation.
    pub const EXPRESSION: &str = "expression";
}

/// A node's kind with a `'static` lifetime (tree-sitter ties it to the tree), for models that
/// outlive their tree.
pub fn static_kind(node: tree_sitter::Node<'_>) -> &'static str {
    kind_name(node.kind_id())
}

/// The kind whose id is `id` (`Node::kind_id`), empty for an id the grammar does not have: for
/// facts that keep a kind as its 2-byte id instead of a 16-byte string.
pub fn kind_name(id: u16) -> &'static str {
    language().node_kind_for_id(id).unwrap_or("")
}

/// The grammar's language, made once for the lookups of kinds and fields here.
fn language() -> &'static tree_sitter::Language {
    static LANGUAGE: std::sync::OnceLock<tree_sitter::Language> = std::sync::OnceLock::new();
    LANGUAGE.get_or_init(|| tree_sitter_cyclecloud::LANGUAGE.into())
}

/// Kind ids of the nodes the model walks over, looked up once: comparing ids spares the string
/// comparison (and UTF-8 check) of `Node::kind` in walks that visit every line on every
/// keystroke. None of these kinds is aliased in the grammar, so each has exactly one id.
pub mod kind_id {
    use std::sync::OnceLock;

    /// The id of a named node kind of this grammar.
    fn id(kind: &str) -> u16 {
        super::language().id_for_node_kind(kind, true)
    }

    macro_rules! kind_ids {
        ($($fn_name:ident => $kind:expr),* $(,)?) => {$(
            /// The id of this node kind.
            pub fn $fn_name() -> u16 {
                static ID: OnceLock<u16> = OnceLock::new();
                *ID.get_or_init(|| id($kind))
            }
        )*};
    }

    kind_ids! {
        section => super::SECTION,
        attribute => super::ATTRIBUTE,
        template_directive => super::TEMPLATE_DIRECTIVE,
        comment => super::COMMENT,
        string => super::STRING,
        triple_string => super::TRIPLE_STRING,
        relative_time => super::RELATIVE_TIME,
        parameter_reference => super::PARAMETER_REFERENCE,
        interpolation => super::INTERPOLATION,
        legacy_expression => super::LEGACY_EXPRESSION,
        identifier => super::IDENTIFIER,
        undefined => super::UNDEFINED,
        call_expression => super::CALL_EXPRESSION,
        member_expression => super::MEMBER_EXPRESSION,
        record_field => super::RECORD_FIELD,
    }
}

/// Field ids looked up once: `child_by_field_name` compares names on every call, and the model
/// asks for fields of every attribute on every keystroke.
pub mod field_id {
    use std::sync::OnceLock;

    /// The id of a field name of this grammar.
    fn id(name: &str) -> u16 {
        super::language()
            .field_id_for_name(name)
            .map(|id| id.get())
            .unwrap_or(0)
    }

    macro_rules! field_ids {
        ($($fn_name:ident => $field:expr),* $(,)?) => {$(
            /// The id of this field.
            pub fn $fn_name() -> u16 {
                static ID: OnceLock<u16> = OnceLock::new();
                *ID.get_or_init(|| id($field))
            }
        )*};
    }

    field_ids! {
        header => super::field::HEADER,
        kind => super::field::KIND,
        name => super::field::NAME,
        open => super::field::OPEN,
        close => super::field::CLOSE,
        key => super::field::KEY,
        operator => super::field::OPERATOR,
        value => super::field::VALUE,
        function => super::field::FUNCTION,
        arguments => super::field::ARGUMENTS,
        object => super::field::OBJECT,
    }
}
