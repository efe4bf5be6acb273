; Lines inside a section indent one level deeper than its header; a new header dedents back
; to its own rank (the parser nests sections by rank, so the tree already says where it goes).
(section) @indent.begin

(header) @indent.branch
