//! One small module per LSP method (or family), each only converting types around analysis calls.

pub(crate) mod code_action;
pub(crate) mod completion;
pub(crate) mod configuration;
pub(crate) mod diagnostics;
pub(crate) mod hover;
pub(crate) mod initialize;
pub(crate) mod inlay_hint;
pub(crate) mod signature_help;
