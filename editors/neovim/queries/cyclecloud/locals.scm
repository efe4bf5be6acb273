; The file is one scope: parameters are declared by `[[[parameter Name]]]` headers and referenced
; as `$Name` anywhere (also inside `${...}` and cluster-init names).
(source_file) @local.scope

(section
  header: (header
    kind: (kind) @_kind
    name: (section_name
      (name_text) @local.definition.parameter))
  (#match? @_kind "^[pP][aA][rR][aA][mM][eE][tT][eE][rR]$"))

(parameter_reference) @local.reference
