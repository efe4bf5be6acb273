; Highlights for CycleCloud cluster templates (Neovim / tree-sitter CLI capture names).

(comment) @comment @spell

(template_directive) @keyword.directive

[
  (header_open)
  (header_close)
] @punctuation.bracket

(header
  kind: (kind) @keyword)

(header
  name: (section_name
    (name_text) @label))

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

(boolean) @boolean

(undefined) @constant.builtin

(call_expression
  function: (identifier) @function.call)

(member_expression
  member: (identifier) @property)

(record_field
  name: (identifier) @property)

(identifier) @variable

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
] @keyword.operator

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
  ] @keyword.conditional.ternary)

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
