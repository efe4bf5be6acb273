//! One small module per LSP method (or family), each only converting types around analysis calls.

pub(crate) mod completion;
pub(crate) mod configuration;
pub(crate) mod diagnostics;
pub(crate) mod hover;
pub(crate) mod initialize;
