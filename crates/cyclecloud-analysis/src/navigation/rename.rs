//! Rename of parameters, nodes/node arrays, environments and noderefs across one document:
//! the declaration and every use (`$Name`, names inside `${…}` and `:=`, `Extends` entries),
//! matched case-insensitively, refused with a message where the result would not mean the same.

use std::fmt;
use std::ops::Range;

use super::symbols::{occurrences, resolve_value, target_at, top_level_kind, Target};
use crate::model::{Model, SectionId};
use crate::Edit;

/// Expression keywords: a parameter of one of these names could not be referenced.
const KEYWORDS: [&str; 7] = ["true", "false", "undefined", "error", "is", "isnt", "in"];

/// What kind of symbol a rename applies to (decides which new names are valid).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenameKind {
    /// A `[[[parameter X]]]`.
    Parameter,
    /// A `[[node X]]` or `[[nodearray X]]`.
    Node,
    /// A file-level `[environment X]` or `[noderef X]`.
    TopLevel,
}

/// A position where a rename can start: the name there and what it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedRename {
    /// The name under the cursor (without `$`).
    pub range: Range<usize>,
    /// Its text, for the editor's input box.
    pub placeholder: String,
    /// What is being renamed.
    pub kind: RenameKind,
}

/// Why a rename is refused; the message is shown to the user as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

impl fmt::Display for RenameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenameError {}

fn refuse<T>(message: impl Into<String>) -> Result<T, RenameError> {
    Err(RenameError(message.into()))
}

/// Checks a rename can start at `offset` (LSP `prepareRename`).
pub fn prepare_rename(
    text: &str,
    model: &Model,
    offset: usize,
) -> Result<PreparedRename, RenameError> {
    let (_, range, kind) = renameable_at(model, offset)?;
    Ok(PreparedRename {
        placeholder: text.get(range.clone()).unwrap_or_default().to_owned(),
        range,
        kind,
    })
}

/// The edits renaming the symbol at `offset` to `new_name`, in document order.
pub fn rename(model: &Model, offset: usize, new_name: &str) -> Result<Vec<Edit>, RenameError> {
    let (target, _, kind) = renameable_at(model, offset)?;
    let new_name = new_name.trim();
    check_new_name(model, &target, kind, new_name)?;
    Ok(occurrences(model, &target)
        .into_iter()
        .map(|occurrence| Edit {
            range: occurrence.range,
            new_text: new_name.to_owned(),
        })
        .collect())
}

fn renameable_at(
    model: &Model,
    offset: usize,
) -> Result<(Target, Range<usize>, RenameKind), RenameError> {
    let Some((target, range)) = target_at(model, offset) else {
        return refuse(
            "Only a parameter, node, node array, environment or noderef name can be renamed here",
        );
    };
    let kind = match &target {
        Target::Parameter(_) => RenameKind::Parameter,
        Target::TopLevel { .. } => RenameKind::TopLevel,
        Target::Node { name, .. } if name == "defaults" => {
            return refuse(
                "`defaults` is the node every node inherits from; renaming it would break that",
            )
        }
        Target::Node { .. } => RenameKind::Node,
        Target::Undeclared(name) => {
            return refuse(format!(
                "`{name}` is not declared in this file (no parameter, environment or noderef), so \
                 there is nothing to rename"
            ))
        }
        Target::ClusterName => return refuse("`ClusterName` is built in and cannot be renamed"),
        Target::Spec(_) => {
            return refuse(
                "A cluster-init spec names a folder of a CycleCloud project; rename the folder",
            )
        }
    };
    Ok((target, range, kind))
}

/// The name is valid for its kind and does not take over another symbol's name.
fn check_new_name(
    model: &Model,
    target: &Target,
    kind: RenameKind,
    new_name: &str,
) -> Result<(), RenameError> {
    let lower = new_name.to_ascii_lowercase();
    match kind {
        RenameKind::Parameter | RenameKind::TopLevel => {
            if !is_identifier(new_name) {
                return refuse(format!(
                    "`{new_name}` is not a valid name: use letters, digits and `_`, not starting \
                     with a digit, so `$Name` and expressions can refer to it"
                ));
            }
            if KEYWORDS.contains(&lower.as_str()) || lower == "clustername" {
                return refuse(format!(
                    "`{new_name}` is reserved in expressions and cannot name a parameter"
                ));
            }
            let same = |other: &Target| other == target;
            let taken = match resolve_value(model, new_name) {
                Target::Undeclared(_) => false,
                other => !same(&other),
            } || top_level_kind(model, &lower).is_some_and(|kind| {
                !same(&Target::TopLevel {
                    kind,
                    name: lower.clone(),
                })
            });
            if taken {
                return refuse(format!(
                    "`{new_name}` is already declared in this file; renaming would merge two names"
                ));
            }
        }
        RenameKind::Node => {
            if !is_node_name(new_name) {
                return refuse(format!(
                    "`{new_name}` is not a valid node name: use letters, digits, `_`, `-` and `.` \
                     (no spaces or commas, which `Extends` lists would split)"
                ));
            }
            if lower == "defaults" {
                return refuse("`defaults` is reserved for the node every node inherits from");
            }
            let Target::Node { cluster, .. } = target else {
                return Ok(());
            };
            if node_exists(model, *cluster, &lower, target) {
                return refuse(format!(
                    "A node or node array named `{new_name}` already exists in this cluster"
                ));
            }
        }
    }
    Ok(())
}

fn node_exists(model: &Model, cluster: Option<SectionId>, lower: &str, target: &Target) -> bool {
    let renamed_self = matches!(target, Target::Node { name, .. } if name == lower);
    !renamed_self && model.find_node(cluster, lower).is_some()
}

/// `[A-Za-z_][A-Za-z0-9_]*`: the expression grammar's identifier, which `$Name` also accepts.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Letters, digits, `_`, `-`, `.`, starting with a letter, digit or `_`.
fn is_node_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}
