//! Rules of the references group.

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[];
