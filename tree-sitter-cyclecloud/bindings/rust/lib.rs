//! Tree-sitter language for Azure CycleCloud cluster templates, with its queries.
//!
//! ```
//! let mut parser = tree_sitter::Parser::new();
//! parser
//!     .set_language(&tree_sitter_cyclecloud::LANGUAGE.into())
//!     .expect("the grammar's ABI is supported by this tree-sitter runtime");
//! let tree = parser.parse("[cluster demo]\nAutoscale = true\n", None).unwrap();
//! assert!(!tree.root_node().has_error());
//! ```

#![allow(unsafe_code)] // The one FFI call into the generated C parser.

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_cyclecloud() -> *const ();
}

/// The language, for `Parser::set_language` (via `.into()`).
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_cyclecloud) };

/// Node kinds and fields of the grammar, for consumers that generate typed views.
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// Highlight captures (Neovim / tree-sitter CLI names).
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// Embedded languages: shell in `CloudInit`, HTML in `Config.Template`.
pub const INJECTIONS_QUERY: &str = include_str!("../../queries/injections.scm");

/// Parameter definitions and `$` references, for editors' local-variable features.
pub const LOCALS_QUERY: &str = include_str!("../../queries/locals.scm");

/// Foldable regions: sections and triple-quoted blocks.
pub const FOLDS_QUERY: &str = include_str!("../../queries/folds.scm");

/// Indentation hints for editors that indent from the tree.
pub const INDENTS_QUERY: &str = include_str!("../../queries/indents.scm");

#[cfg(test)]
mod tests {
    use tree_sitter::{Language, Parser, Query};

    fn language() -> Language {
        super::LANGUAGE.into()
    }

    #[test]
    fn grammar_loads_with_abi_14() {
        let mut parser = Parser::new();
        parser.set_language(&language()).expect("grammar loads");
        assert_eq!(language().abi_version(), 14);
    }

    #[test]
    fn every_query_compiles_against_the_grammar() {
        for (name, source) in [
            ("highlights", super::HIGHLIGHTS_QUERY),
            ("injections", super::INJECTIONS_QUERY),
            ("locals", super::LOCALS_QUERY),
            ("folds", super::FOLDS_QUERY),
            ("indents", super::INDENTS_QUERY),
        ] {
            if let Err(error) = Query::new(&language(), source) {
                panic!("{name}.scm does not compile: {error}");
            }
        }
    }
}
