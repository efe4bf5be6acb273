//! What a rule is, and the context it runs in.

use std::ops::Range;

use cyclecloud_catalog::Catalog;
use cyclecloud_syntax::Snapshot;

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::{AttrId, Model, NodeId, NodeInfo, ParamId, RefKind, Reference, SectionId};
use crate::rules::nodes::util::Anchor;
use crate::settings::Settings;

/// One check: its stable code, default severity, documentation and the function that runs it.
pub struct Rule {
    /// Stable code users configure and suppress it by (`CC0201`).
    pub code: &'static str,
    /// A kebab-case name (`image-id-without-image-os`).
    pub name: &'static str,
    /// Severity unless the user overrides it.
    pub severity: Severity,
    /// The spec rule(s) it implements (`R19`), for traceability.
    pub spec: &'static str,
    /// One line for `rules` listings.
    pub summary: &'static str,
    /// Markdown with the fixed headings: what it finds, why it matters, example, fix.
    pub doc: &'static str,
    /// Runs the check over a whole document, or over one section when `scope` says so.
    pub check: fn(&mut Context<'_>),
    /// Whether some of its findings carry a fix, so listings and docs can say so.
    pub has_fix: bool,
    /// What a finding depends on, which decides when the rule must run again after an edit.
    pub scope: Scope,
}

/// What a rule reads, so an edit re-runs only the rules it can affect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Only one section's header and the lines directly in it (plus settings and the
    /// catalog): the rule runs once per section version and its findings are kept with it.
    Section,
    /// Each attribute line on its own, reading its section and ancestors, the node it is in
    /// with everything that node inherits, and what lies outside every node (parameters,
    /// cluster headers): the rule runs once per section and reads the lines of
    /// [`Context::line_ids`]; its findings are kept until one of those inputs changes.
    Line,
    /// Each node on its own, reading its sections, everything it inherits and what lies outside
    /// every node: the rule runs once per node and reads the nodes of [`Context::node_ids`];
    /// its findings are kept until one of those inputs changes. A rule that compares nodes
    /// (duplicates across nodes, a finding placed once for all nodes sharing a line) is
    /// `Document`.
    Node,
    /// Anything in the document (other sections, nodes, inheritance, parameters): the rule
    /// runs on the whole model after every edit.
    Document,
}

/// What one run of a rule judges: everything, or the lines of one section, or one node.
#[derive(Clone, Debug)]
pub(crate) enum Focus {
    /// The whole model.
    All,
    /// Some sections' units (indexes in the model's units, in document order): a
    /// [`Scope::Line`] run.
    Units(Vec<usize>),
    /// One node (a [`Scope::Node`] run).
    Node(NodeId),
}

impl Rule {
    /// Whether a finding may carry a fix, as listings and docs say it: `available` or `none`.
    pub fn fix_availability(&self) -> &'static str {
        if self.has_fix {
            "available"
        } else {
            "none"
        }
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish()
    }
}

/// Everything a rule may read, and where it writes its findings.
pub struct Context<'a> {
    /// The document's syntax.
    pub snapshot: &'a Snapshot,
    /// The document's model.
    pub model: &'a Model,
    /// The user's settings.
    pub settings: &'a Settings,
    /// The attribute catalog.
    pub catalog: &'static Catalog,
    pub(crate) rule: &'static Rule,
    pub(crate) focus: Focus,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Judgements of nodes kept from earlier versions (see [`Context::judge_nodes`]).
    pub(crate) memo: Option<&'a crate::incremental::per_node::Session<'a>>,
}

impl<'a> Context<'a> {
    /// [`Context::judge_nodes`] for rules whose findings are their anchors alone (their
    /// payload is empty).
    pub(crate) fn judge_anchors<Found: IntoIterator<Item = Anchor>>(
        &self,
        judge: impl Fn(NodeId) -> Found,
    ) -> Vec<(NodeId, Anchor, ())> {
        self.judge_nodes(|node| judge(node).into_iter().map(|anchor| (anchor, ())))
    }

    /// Every node's judgement (`judge`: what the rule finds in one node, anchored at lines or
    /// sections, with nothing else that holds a position or an id), in node order. With a cache,
    /// a node whose inputs are unchanged keeps its earlier judgement (`incremental::per_node`).
    pub(crate) fn judge_nodes<P, Found>(
        &self,
        judge: impl Fn(NodeId) -> Found,
    ) -> Vec<(NodeId, Anchor, P)>
    where
        P: crate::incremental::per_node::Payload,
        Found: IntoIterator<Item = (Anchor, P)>,
    {
        match self.memo {
            Some(memo) => {
                let judge = |node| judge(node).into_iter().collect();
                memo.judge_nodes(self.rule.code, self.model, judge)
            }
            None => NodeId::all(self.model.nodes.len())
                .flat_map(|node| {
                    judge(node)
                        .into_iter()
                        .map(move |(anchor, payload)| (node, anchor, payload))
                })
                .collect(),
        }
    }

    /// The attribute lines a [`Scope::Line`] rule judges in this run, in document order.
    pub fn line_ids(&self) -> impl Iterator<Item = AttrId> + 'a {
        self.unit_ranges(
            |_, placed| placed.attrs.start.index()..placed.attrs.end.index(),
            |model| model.attributes.len(),
        )
        .map(AttrId::new)
    }

    /// The `$Name`s and expression names a [`Scope::Line`] rule judges in this run (those in the
    /// lines and headers of its sections), in document order, each with the declarations of the
    /// parameter it names (see [`Model::value_references`]).
    pub fn value_references(&self) -> impl Iterator<Item = (&'a Reference, &'a [ParamId])> + 'a {
        let model = self.model;
        self.unit_ranges(
            |_, placed| placed.references.clone(),
            |model| model.references.len(),
        )
        .filter(move |&index| model.references[index].kind == RefKind::Value)
        .map(move |index| {
            let declarations = model.reference_declarations(index);
            (&model.references[index], declarations)
        })
    }

    /// The sections a [`Scope::Line`] rule judges in this run (their headers), in document
    /// order.
    pub fn section_ids(&self) -> impl Iterator<Item = SectionId> + 'a {
        let model = self.model;
        self.unit_ranges(|unit, _| unit..unit + 1, |model| model.units.len())
            .filter_map(move |unit| model.units[unit].section)
    }

    /// The ranges `of` each focused unit (its index, its unit), or everything (`all`) for the
    /// whole model.
    fn unit_ranges(
        &self,
        of: impl Fn(usize, &crate::model::PlacedUnit) -> Range<usize>,
        all: impl Fn(&Model) -> usize,
    ) -> impl Iterator<Item = usize> + 'a {
        let ranges: Vec<Range<usize>> = match &self.focus {
            Focus::All => std::iter::once(0..all(self.model)).collect(),
            Focus::Units(units) => units
                .iter()
                .map(|&unit| of(unit, &self.model.units[unit]))
                .collect(),
            Focus::Node(_) => Vec::new(),
        };
        ranges.into_iter().flatten()
    }

    /// The nodes a [`Scope::Node`] rule judges in this run, in document order.
    pub fn node_ids(&self) -> impl Iterator<Item = (NodeId, &'a NodeInfo)> + 'a {
        let model = self.model;
        let nodes = match &self.focus {
            Focus::All => 0..model.nodes.len(),
            Focus::Node(node) => node.index()..node.index() + 1,
            Focus::Units(_) => 0..0,
        };
        nodes.map(NodeId::new).map(move |id| (id, &model.nodes[id]))
    }

    /// Starts a diagnostic of the running rule at its default severity; push it with [`Context::push`].
    pub fn diagnostic(&self, range: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.rule.code,
            severity: self.rule.severity,
            range,
            message: message.into(),
            related: Vec::new(),
            tags: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// Records a finding.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Records a plain finding with no fix.
    pub fn report(&mut self, range: Range<usize>, message: impl Into<String>) {
        self.push(self.diagnostic(range, message));
    }

    /// Records a finding with an optional fix: a did-you-mean has one only with a suggestion.
    pub(crate) fn report_with_fix(
        &mut self,
        range: Range<usize>,
        message: impl Into<String>,
        fix: Option<Fix>,
    ) {
        self.push(self.diagnostic(range, message).with_fixes(fix));
    }

    /// The text of a byte range.
    pub fn text(&self, range: Range<usize>) -> std::borrow::Cow<'a, str> {
        self.snapshot.slice(range)
    }

    /// The indentation (blanks) of the line holding `offset`, for inserted lines.
    pub fn indentation_at(&self, offset: usize) -> String {
        let rope = self.snapshot.rope();
        let offset = offset.min(rope.len_bytes());
        let line = rope.line(rope.byte_to_line(offset));
        String::from_iter(line.chars().take_while(|c| *c == ' ' || *c == '\t'))
    }

    /// The byte offset just after the line break ending the line that holds `offset`.
    pub fn line_end_after(&self, offset: usize) -> usize {
        let rope = self.snapshot.rope();
        let offset = offset.min(rope.len_bytes());
        // One past the last line is the end of the text.
        rope.line_to_byte(rope.byte_to_line(offset) + 1)
    }

    /// The fix titled ``Insert `line` `` that adds `line` after the line holding `after`, indented
    /// like the line holding `indent_of` (with a line break before it at the end of a file
    /// whose last line has none).
    pub(crate) fn insert_line(&self, after: usize, indent_of: usize, line: &str) -> Fix {
        let indent = self.indentation_at(indent_of);
        let at = self.line_end_after(after);
        let newline = newline_of(self.snapshot);
        let text =
            if at == self.snapshot.rope().len_bytes() && !self.text(after..at).ends_with('\n') {
                format!("{newline}{indent}{line}")
            } else {
                format!("{indent}{line}{newline}")
            };
        Fix::edit(format!("Insert `{line}`"), at..at, text)
    }

    /// The whole lines holding `range`, from the start of its first line to just after the line
    /// break of its last line, for fixes that delete lines.
    pub(crate) fn full_lines(&self, range: &Range<usize>) -> Range<usize> {
        let rope = self.snapshot.rope();
        let start = range.start.min(rope.len_bytes());
        let line_start = rope.line_to_byte(rope.byte_to_line(start));
        line_start..self.line_end_after(range.end.max(start))
    }
}

/// The line break a document uses (`\r\n` when its first line ends so): read by fixes anywhere
/// in the file, so the kept findings of `crate::incremental` depend on it too.
pub(crate) fn newline_of(snapshot: &Snapshot) -> &'static str {
    let rope = snapshot.rope();
    if rope.len_lines() > 1 {
        let end = rope.line_to_byte(1);
        if end >= 2 && rope.byte(end - 2) == b'\r' {
            return "\r\n";
        }
    }
    "\n"
}
