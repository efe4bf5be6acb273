//! Rules about the shape of the file: syntax, headers, nesting, duplicates.

mod syntax_error;

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[&syntax_error::RULE];
