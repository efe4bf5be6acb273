//! Analysis of CycleCloud cluster templates: the semantic model, the rules and their fixes.
//!
//! Input is a syntax [`Snapshot`] and [`Settings`]; output is plain data with byte ranges.
//! Nothing here knows about LSP or reads files (except [`Settings::discover`], the one place
//! that looks for a config file), so the language server and the command line share every rule.

pub mod completion;
pub mod diagnostic;
pub mod fix_all;
pub mod folding;
pub mod format;
pub mod hover;
pub mod inlay_hints;
pub mod model;
pub mod navigation;
pub mod rule;
pub mod rules;
pub mod selection;
pub mod semantic_tokens;
pub mod settings;
pub mod signature_help;
mod suppression;
#[cfg(test)]
pub(crate) mod testing;

use cyclecloud_syntax::Snapshot;

pub use diagnostic::{Diagnostic, Edit, Fix, Related, Severity, Tag};
pub use model::{Model, ModelCache};
pub use rule::{Context, Rule};
pub use settings::{RuleLevel, Settings};

/// The result of analysing one document version.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The semantic model (also used by completion, hover and navigation).
    pub model: Model,
    /// Findings, sorted by position, after settings and suppression comments.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the model and runs every enabled rule.
pub fn analyze(snapshot: &Snapshot, settings: &Settings) -> Analysis {
    let model = model::build(snapshot);
    let diagnostics = run_rules(snapshot, &model, settings, rules::all());
    Analysis { model, diagnostics }
}

/// Like [`analyze`], reusing what `cache` remembers of the previous version of the same
/// document (lines the edit did not touch are not read again). The server keeps one cache per
/// open document.
pub fn analyze_cached(
    snapshot: &Snapshot,
    settings: &Settings,
    cache: &mut model::ModelCache,
) -> Analysis {
    let model = model::build_cached(snapshot, cache);
    let diagnostics = run_rules(snapshot, &model, settings, rules::all());
    Analysis { model, diagnostics }
}

/// Runs the given rules over a built model, applying severities and suppressions.
pub fn run_rules(
    snapshot: &Snapshot,
    model: &Model,
    settings: &Settings,
    rules: &[&'static Rule],
) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    for &rule in rules {
        let level = settings.rule_level(rule.code);
        if level == Some(RuleLevel::Off) {
            continue;
        }
        let mut context = Context {
            snapshot,
            model,
            settings,
            catalog: cyclecloud_catalog::catalog(),
            rule,
            diagnostics: Vec::new(),
        };
        (rule.check)(&mut context);
        if let Some(RuleLevel::Severity(severity)) = level {
            for diagnostic in &mut context.diagnostics {
                diagnostic.severity = severity;
            }
        }
        all.append(&mut context.diagnostics);
    }
    suppression::apply(snapshot.rope(), &mut all);
    all.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    all
}
