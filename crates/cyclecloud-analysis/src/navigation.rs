//! Navigation: go to definition, find references, highlights, rename, the outline, workspace
//! symbols and document links, as plain data with byte ranges.
//!
//! Names are matched **case-insensitively**: the spec (§1.7, "case insensitive throughout") says
//! CycleCloud compares keys, kinds, parameter names and node names in `Extends` without regard to
//! case, and shipping templates rely on it (`$region` for `[[[parameter Region]]]`). So
//! `$REGION`, `${region}` and `[[[parameter Region]]]` are one symbol, and a rename rewrites
//! every spelling. A `$Name` resolves to a parameter first, then to a file-level
//! `[environment Name]` or `[noderef Name]` (the order the references rule uses); node names
//! resolve within their own cluster.
//!
//! Cluster-init specs point outside the document (a folder of a CycleCloud project); this module
//! only recognises them ([`SpecRef`]) and checks their names are plain folder names. Finding the
//! folder is IO, which the server does, refusing anything outside the project and workspace.

mod cluster_init;
mod config_reads;
mod fuzzy;
mod links;
mod outline;
mod rename;
mod script_reads;
mod symbols;
#[cfg(test)]
mod tests;
mod workspace;

use std::ops::Range;

use crate::model::Model;

pub use cluster_init::{is_safe_spec_name, project_name, spec_at, spec_of, spec_refs, SpecRef};
pub use config_reads::{
    configuration_key_at, is_cluster_init_script, jetpack_config_reads, ConfigRead,
};
pub use fuzzy::{fuzzy_score, FuzzyQuery};
pub use links::{links, Link, LinkTarget};
pub use outline::{document_symbols, OutlineSymbol};
pub use rename::{prepare_rename, rename, PreparedRename, RenameError, RenameKind};
pub use script_reads::ScriptReads;
pub use workspace::{header_sections, is_template_path, is_template_text, workspace_symbols};
pub use workspace::{WorkspaceSymbol, WORKSPACE_SYMBOL_KINDS};

/// One place a symbol is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The name itself (without a leading `$`).
    pub range: Range<usize>,
    /// The declaration (`[[[parameter X]]]`, `[[node X]]`, `[environment X]`) rather than a use.
    pub is_declaration: bool,
}

/// Where a name at a position is defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Definition {
    /// Declarations in the same document (several when a name is declared twice).
    Local(Vec<Range<usize>>),
    /// A cluster-init spec: a folder of a CycleCloud project, for the caller to find on disk.
    Spec(SpecRef),
}

/// Go to definition (and declaration: templates declare what they define) at `offset`.
pub fn definition(model: &Model, offset: usize) -> Option<Definition> {
    let (target, _) = symbols::target_at(model, offset)?;
    if let symbols::Target::Spec(spec) = target {
        return Some(Definition::Spec(spec));
    }
    let declarations: Vec<Range<usize>> = symbols::occurrences(model, &target)
        .into_iter()
        .filter(|occurrence| occurrence.is_declaration)
        .map(|occurrence| occurrence.range)
        .collect();
    (!declarations.is_empty()).then_some(Definition::Local(declarations))
}

/// Every occurrence of the symbol at `offset`, in document order; declarations only when asked
/// for (LSP's `includeDeclaration`).
pub fn references(model: &Model, offset: usize, include_declaration: bool) -> Vec<Occurrence> {
    let Some((target, _)) = symbols::target_at(model, offset) else {
        return Vec::new();
    };
    symbols::occurrences(model, &target)
        .into_iter()
        .filter(|occurrence| include_declaration || !occurrence.is_declaration)
        .collect()
}

/// The occurrences to highlight for the symbol at `offset` (declarations marked, for a "write"
/// highlight); a cluster-init spec highlights just itself.
pub fn highlights(model: &Model, offset: usize) -> Vec<Occurrence> {
    match symbols::target_at(model, offset) {
        Some((symbols::Target::Spec(spec), _)) => vec![Occurrence {
            range: spec.range,
            is_declaration: false,
        }],
        Some((target, _)) => symbols::occurrences(model, &target),
        None => Vec::new(),
    }
}
