; Helix text objects: `mac` selects a section (its header and everything nested under it),
; `mic`/`mac` a comment or a run of comment lines.
(section) @class.around

(comment) @comment.inside

(comment)+ @comment.around
