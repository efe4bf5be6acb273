; Highlights for CycleCloud cluster templates. When several patterns capture one node the
; last one wins (tree-sitter 0.27 and Neovim agree), so general patterns come first.

(comment) @comment

; First, so that the specific patterns below override it.
(identifier) @variable

(template_directive) @keyword

[
  (header_open)
  (header_close)
] @punctuation.bracket

(header
  kind: (kind) @keyword)

(header
  name: (section_name
    (name_text) @type))

; `[[[parameter Name]]]` declares a parameter.
(section
  header: (header
    kind: (kind) @_kind
    name: (section_name
      (name_text) @variable.parameter))
  (#match? @_kind "^[pP][aA][rR][aA][mM][eE][tT][eE][rR]$"))

(attribute
  key: (key) @property)

[
  "="
  ":="
] @operator

(legacy_expression
  "=" @operator)

(parameter_reference) @variable.parameter

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

(number) @number

(boolean) @constant.builtin

(undefined) @constant.builtin

(call_expression
  function: (identifier) @function)

(member_expression
  member: (identifier) @property)

(record_field
  name: (identifier) @property)

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

[
  "is"
  "isnt"
  "in"
] @keyword

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

