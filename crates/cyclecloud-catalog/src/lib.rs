//! Placeholder: the catalog crate is being written.
