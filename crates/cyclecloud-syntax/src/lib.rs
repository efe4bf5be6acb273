//! Syntax layer for CycleCloud cluster templates: a document is a rope plus its tree-sitter tree.
//!
//! This crate knows nothing about analysis rules or the LSP; it owns text, trees, incremental
//! edits, typed views over the tree and position conversion. Parsing never fails: every text
//! yields a tree, and [`syntax_errors()`] lists where it did not fit the grammar.

pub mod ast;
pub mod document;
pub mod kinds;
pub mod line_index;
pub mod syntax_errors;

pub use document::{
    apply_position_edits_to_rope, Document, Edited, InOrder, PositionEdit, Snapshot, SnapshotId,
    TextEdit,
};
pub use line_index::{Position, PositionEncoding};
pub use syntax_errors::{syntax_errors, SyntaxError};
pub use tree_sitter::{Node, Tree, TreeCursor};
