//! Syntax layer for CycleCloud cluster templates: a document is a rope plus its tree-sitter tree.
//!
//! This crate knows nothing about analysis rules or the LSP; it owns text, trees, incremental
//! edits, typed views over the tree and position conversion.

pub mod line_index;
