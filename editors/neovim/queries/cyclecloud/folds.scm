; Sections fold with everything they hold; long triple-quoted blocks fold on their own.
[
  (section)
  (triple_string)
] @fold
