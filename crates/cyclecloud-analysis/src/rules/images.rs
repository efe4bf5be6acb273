//! Rules of the images group.

use crate::rule::Rule;

/// The rules of this group.
pub(crate) const RULES: &[&Rule] = &[];
