//! Analysis of CycleCloud cluster templates: the semantic model, the rules and their fixes.
//!
//! Input is a syntax [`Snapshot`] and [`Settings`]; output is plain data with byte ranges.
//! Nothing here knows about LSP or reads files (except [`Settings::discover`], the one place
//! that looks for a config file), so the language server and the command line share every rule.

mod azure;
pub mod completion;
#[cfg(test)]
mod cursor_fixture;
pub mod diagnostic;
pub mod eval;
pub mod fix_all;
pub mod folding;
pub mod format;
mod helper;
pub mod hover;
mod incremental;
pub mod inlay_hints;
mod markdown;
pub mod model;
pub mod navigation;
pub mod params_file;
pub mod project;
pub mod render;
pub mod rule;
pub mod rules;
pub mod selection;
pub mod semantic_tokens;
pub mod settings;
pub mod signature_help;
mod suppression;
#[cfg(test)]
pub(crate) mod testing;
mod vocabulary;

use cyclecloud_syntax::Snapshot;

pub use diagnostic::{Diagnostic, Edit, Fix, Related, Severity, Tag};
pub use model::{Model, ModelCache};
pub use rule::{Context, Rule, Scope};
pub use settings::{RuleLevel, Settings};

/// The result of analysing one document version.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The semantic model (also used by completion, hover and navigation); shared with the
    /// document's [`ModelCache`], which builds the next version from it.
    pub model: std::sync::Arc<Model>,
    /// Findings, sorted by position, after settings and suppression comments.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the model and runs every enabled rule.
pub fn analyze(snapshot: &Snapshot, settings: &Settings) -> Analysis {
    let model = std::sync::Arc::new(model::build(snapshot));
    let diagnostics = check(snapshot, &model, settings, None);
    Analysis { model, diagnostics }
}

/// Like [`analyze`], reusing what `cache` remembers of the previous version of the same
/// document: the units of the sections the edit did not touch, with their section-scoped
/// findings, and the line- and node-scoped findings of the nodes the edit did not touch. The
/// server keeps one cache per open document.
pub fn analyze_cached(
    snapshot: &Snapshot,
    settings: &Settings,
    cache: &mut model::ModelCache,
) -> Analysis {
    cache.use_settings(settings);
    // The per-node run keys need the nodes but not their inheritance: they are made here while
    // the helper resolves it.
    let lines = cache.previous_attributes();
    let large = lines.is_some_and(|lines| lines >= OVERLAP_INHERITANCE_FROM_LINES);
    let (model, version) = model::build_cached_beside(snapshot, cache, large, |model, kept| {
        incremental::Version::new(snapshot, model, kept)
    });
    let diagnostics = check(snapshot, &model, settings, Some((&mut cache.kept, version)));
    Analysis { model, diagnostics }
}

/// Attribute lines (of the version before) from which inheritance is resolved on the helper
/// thread while the per-node run keys are made: below, both take well under the cost of handing
/// work over (on the largest real templates, about 1,200 lines, inheritance takes about 15 µs).
const OVERLAP_INHERITANCE_FROM_LINES: usize = 3_000;

/// Every enabled rule's findings: the section-scoped rules' from each unit (computed once per
/// unit), the line- and node-scoped rules' per section and node (kept in `kept` while what they
/// read is unchanged, when there is one), the others' from the whole model.
fn check(
    snapshot: &Snapshot,
    model: &Model,
    settings: &Settings,
    kept: Option<(&mut model::KeptFindings, incremental::Version)>,
) -> Vec<Diagnostic> {
    let scoped = rules::by_scope();
    let mut all = section_findings(snapshot, model, settings, &scoped.section);
    // A second thread pays off only when the rules take a few tenths of a millisecond or more:
    // handing work over (and waiting for a busy machine to schedule it) costs more than small
    // files' rules.
    let two_threads = model.attributes.len() >= TWO_THREADS_FROM_LINES;
    let Some((kept, version)) = kept else {
        // Every rule on the whole model: `finish` sorts, so the groups' order does not matter.
        let rules = [&scoped.line[..], &scoped.node, &scoped.document].concat();
        let mut found = findings(snapshot, model, settings, &rules, two_threads, None, None);
        all.append(&mut found);
        return finish(snapshot, all, None);
    };
    let memo = incremental::per_node::Session::new(&version, kept);
    // The line- and node-scoped runs go beside the document-scoped rules: on this thread while
    // the helper starts on the rules.
    let (line, node) = (&scoped.line, &scoped.node);
    let runs = || incremental::findings(&version, snapshot, model, settings, line, node, kept);
    all.append(&mut findings(
        snapshot,
        model,
        settings,
        &scoped.document,
        two_threads,
        Some(&memo),
        Some(Box::new(runs)),
    ));
    (kept.judged, kept.judgements) = memo.finish();
    finish(snapshot, all, Some(&mut kept.marker))
}

/// The section-scoped rules' findings, each unit's kept with it (relative to its start) the
/// first time it is placed in a model, and moved to where it now sits.
fn section_findings(
    snapshot: &Snapshot,
    model: &Model,
    settings: &Settings,
    rules: &[&'static Rule],
) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    for placed in &model.units {
        let kept = placed.list(model::UnitList::Findings, |unit| {
            unit.findings.get_or_init(|| {
                let alone = model::unit_model(&placed.unit, placed.start);
                let mut found = findings(snapshot, &alone, settings, rules, false, None, None);
                for diagnostic in &mut found {
                    diagnostic.shift(-(placed.start as isize));
                }
                found.into()
            })
        });
        all.extend(kept.iter().map(|diagnostic| {
            let mut diagnostic = diagnostic.clone();
            diagnostic.shift(placed.start as isize);
            diagnostic
        }));
    }
    all
}

/// Attribute lines from which the document-scoped rules run on two threads (without a cache, as
/// `check` runs, the line- and node-scoped rules too); the largest real templates have about 1,200,
/// a 10,000-line template about 7,000. Measured for the document-scoped rules on the largest
/// real template over stdio, ten runs of 305 keystrokes per setting alternating: two threads
/// from 1,000 lines gave medians of 1.02–1.27 ms against 1.12–1.70 ms on one thread, and a
/// typical p99 of 1.6 ms against 1.7 ms.
const TWO_THREADS_FROM_LINES: usize = 1_000;

/// Runs the given rules over a built model, applying severities and suppressions.
pub fn run_rules(
    snapshot: &Snapshot,
    model: &Model,
    settings: &Settings,
    rules: &[&'static Rule],
) -> Vec<Diagnostic> {
    let found = findings(snapshot, model, settings, rules, false, None, None);
    finish(snapshot, found, None)
}

/// The rules' findings in rule order (after those of `side`, a job run on the calling thread
/// while the helper starts on the rules, before them on one thread), before suppressions and
/// sorting.
fn findings(
    snapshot: &Snapshot,
    model: &Model,
    settings: &Settings,
    rules: &[&'static Rule],
    two_threads: bool,
    memo: Option<&incremental::per_node::Session<'_>>,
    side: Option<Box<dyn FnOnce() -> Vec<Diagnostic> + Send + '_>>,
) -> Vec<Diagnostic> {
    let run = |rule| run_rule(snapshot, model, settings, rule, &rule::Focus::All, memo);
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Each thread takes the next rule not yet taken, so the costly ones do not pile up on one.
    // On one thread the first call takes them all. A panic in a rule reaches the caller
    // wherever the rule ran.
    let work = || {
        let mut done: Vec<(usize, Vec<Diagnostic>)> = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&rule) = rules.get(index) else {
                return done;
            };
            done.push((index, run(rule)));
        }
    };
    let (mut results, (first, mut more)) = helper::on_two_threads(two_threads, work, || {
        (side.map(|side| side()).unwrap_or_default(), work())
    });
    results.append(&mut more);
    results.sort_by_key(|(index, _)| *index);
    let rest = results.into_iter().flat_map(|(_, found)| found);
    first.into_iter().chain(rest).collect()
}

/// One rule's findings over what `focus` names, with the user's severity for it (none when it
/// is off).
pub(crate) fn run_rule(
    snapshot: &Snapshot,
    model: &Model,
    settings: &Settings,
    rule: &'static Rule,
    focus: &rule::Focus,
    memo: Option<&incremental::per_node::Session<'_>>,
) -> Vec<Diagnostic> {
    let level = settings.rule_level(rule.code);
    if level == Some(RuleLevel::Off) {
        return Vec::new();
    }
    let mut context = Context {
        snapshot,
        model,
        settings,
        catalog: cyclecloud_catalog::catalog(),
        rule,
        focus: focus.clone(),
        diagnostics: Vec::new(),
        memo,
    };
    (rule.check)(&mut context);
    if let Some(RuleLevel::Severity(severity)) = level {
        for diagnostic in &mut context.diagnostics {
            diagnostic.severity = severity;
        }
    }
    context.diagnostics
}

/// Suppression comments, then document order (position, then code; equal ones as they came).
fn finish(
    snapshot: &Snapshot,
    mut all: Vec<Diagnostic>,
    marker: Option<&mut Option<suppression::MarkerMemo>>,
) -> Vec<Diagnostic> {
    suppression::apply(snapshot, &mut all, marker);
    // The keys are sorted, not the diagnostics: a diagnostic is over a hundred bytes to move at
    // every step of a sort, and a large file has tens of thousands on every keystroke. The
    // index last keeps equal keys in the order they came, as a stable sort would.
    let mut order: Vec<(usize, usize, &'static str, usize)> = all
        .iter()
        .enumerate()
        .map(|(index, found)| (found.range.start, found.range.end, found.code, index))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<Diagnostic>> = all.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(.., index)| slots[index].take())
        .collect()
}
