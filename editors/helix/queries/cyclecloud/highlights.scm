; Highlights for CycleCloud cluster templates, with Helix's capture names.
; Helix (25.01) takes the FIRST pattern that captures a node, the opposite of Neovim and the
; tree-sitter CLI, so specific patterns come before general ones here.

(comment) @comment

; Before the parameter pattern below: its `@_kind` would otherwise be the kind's first capture,
; which Helix then draws as nothing.
(header
  kind: (kind) @keyword)

; `[[[parameter Name]]]` declares a parameter.
(section
  header: (header
    kind: (kind) @_kind
    name: (section_name
      (name_text) @variable.parameter))
  (#match? @_kind "^[pP][aA][rR][aA][mM][eE][tT][eE][rR]$"))

(header
  name: (section_name
    (name_text) @type))

[
  (header_open)
  (header_close)
] @punctuation.bracket

(template_directive) @keyword.directive

(attribute
  key: (key) @variable.other.member)

(parameter_reference) @variable.parameter

(call_expression
  function: (identifier) @function)

(member_expression
  member: (identifier) @variable.other.member)

(record_field
  name: (identifier) @variable.other.member)

(interpolation
  [
    "${"
    "}"
  ] @punctuation.special)

(string) @string

(raw_string) @string

(triple_string) @string

(quoted_name) @string.special

(relative_time) @string.special

(number) @constant.numeric

(boolean) @constant.builtin.boolean

(undefined) @constant.builtin

[
  "="
  ":="
] @operator

(legacy_expression
  "=" @operator)

(binary_expression
  [
    "||"
    "&&"
    "=="
    "!="
    "==="
    "!=="
    "=?="
    "=!="
    "<"
    "<="
    ">"
    ">="
    "+"
    "-"
    "*"
    "/"
    "%"
  ] @operator)

(unary_expression
  [
    "!"
    "-"
    "+"
  ] @operator)

(conditional_expression
  [
    "?"
    ":"
  ] @operator)

[
  "is"
  "isnt"
  "in"
] @keyword.operator

[
  "("
  ")"
  "{"
  "}"
  "["
  "]"
] @punctuation.bracket

[
  ","
  ";"
  "."
] @punctuation.delimiter

; Last: any identifier not captured above.
(identifier) @variable
