; Shell scripts in `CloudInit = '''...'''` and HTML in `Config.Template = '''...'''`.
; The offsets drop the triple quotes.
((attribute
  key: (key) @_key
  value: (triple_string) @injection.content)
  (#match? @_key "^[cC][lL][oO][uU][dD][iI][nN][iI][tT]$")
  (#offset! @injection.content 0 3 0 -3)
  (#set! injection.language "bash"))

((attribute
  key: (key) @_key
  value: (triple_string) @injection.content)
  (#match? @_key "^[cC][oO][nN][fF][iI][gG]\\.[tT][eE][mM][pP][lL][aA][tT][eE]$")
  (#offset! @injection.content 0 3 0 -3)
  (#set! injection.language "html"))
