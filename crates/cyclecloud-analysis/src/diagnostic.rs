//! Diagnostics and fixes as plain data (byte offsets), converted by the server and the CLI.

use std::fmt;
use std::ops::Range;

/// How serious a finding is; users can override it per rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A hint: style, legacy or low-confidence findings.
    Hint,
    /// Worth a look; the template may still work.
    Warning,
    /// The template is certainly broken.
    Error,
}

impl Severity {
    /// The lower-case name used in config files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `hint`, `info`, `warning`/`warn` or `error` (any case).
    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "hint" | "info" | "information" => Some(Severity::Hint),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Extra meaning editors render specially (faded or struck through).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    /// The code has no effect (unused parameter, no-op attribute).
    Unnecessary,
    /// The attribute or value is deprecated.
    Deprecated,
}

/// A replacement of a byte range, the unit of every fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Bytes to replace; empty to insert.
    pub range: Range<usize>,
    /// Replacement text.
    pub new_text: String,
}

/// A machine-applicable fix for one diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as a command ("Insert `ImageOS = linux`").
    pub title: String,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
    /// Safe fixes cannot change what a correct template means; `--fix` and fix-all apply only these.
    pub safe: bool,
}

impl Fix {
    /// A did-you-mean fix: replace one range with `new_text`. Not safe, since the suggestion is a
    /// guess at what the author meant.
    pub fn replace(range: Range<usize>, new_text: impl Into<String>) -> Fix {
        let new_text = new_text.into();
        Fix::edit(format!("Replace with `{new_text}`"), range, new_text)
    }

    /// A fix of one edit, not safe: what most rules offer, as their edits change what the
    /// template says.
    pub(crate) fn edit(
        title: impl Into<String>,
        range: Range<usize>,
        new_text: impl Into<String>,
    ) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                range,
                new_text: new_text.into(),
            }],
            safe: false,
        }
    }

    /// The fix with one more edit, replacing `range` with `new_text`.
    pub(crate) fn with_edit(mut self, range: Range<usize>, new_text: impl Into<String>) -> Fix {
        let new_text = new_text.into();
        self.edits.push(Edit { range, new_text });
        self
    }
}

/// Another place that explains a diagnostic (where an inherited value came from).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The place.
    pub range: Range<usize>,
    /// What it shows.
    pub message: String,
}

/// One finding of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable code, e.g. `CC0301`.
    pub code: &'static str,
    /// Effective severity after configuration.
    pub severity: Severity,
    /// Where, in bytes of the analysed text.
    pub range: Range<usize>,
    /// One sentence for the user.
    pub message: String,
    /// Places that explain it.
    pub related: Vec<Related>,
    /// Rendering hints.
    pub tags: Vec<Tag>,
    /// Ways to fix it, best first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// Points at another place that explains the finding (shown beside it by editors and the CLI).
    pub(crate) fn relate(&mut self, range: Range<usize>, message: impl Into<String>) {
        let message = message.into();
        self.related.push(Related { range, message });
    }

    /// The finding at `severity` instead of its rule's default.
    pub(crate) fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The finding with another place that explains it, as [`Diagnostic::relate`] adds.
    pub(crate) fn with_related(mut self, range: Range<usize>, message: impl Into<String>) -> Self {
        self.relate(range, message);
        self
    }

    /// The finding with a rendering hint.
    pub(crate) fn with_tag(mut self, tag: Tag) -> Self {
        self.tags.push(tag);
        self
    }

    /// The finding with `fix` offered after its own.
    pub(crate) fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// The finding with `fixes` offered after its own (none for an empty `Option`).
    pub(crate) fn with_fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Self {
        self.fixes.extend(fixes);
        self
    }

    /// Moves every position by `delta`, for findings kept with a section's unit (relative to its
    /// start) and placed wherever the section now sits.
    pub(crate) fn shift(&mut self, delta: isize) {
        self.move_offsets(&mut |offset| Some(crate::model::moved(offset, delta)));
    }

    /// Moves every position with `to` (the one place that knows which fields are positions);
    /// `None` when `to` cannot move one of them, and the finding is then left part-moved.
    pub(crate) fn move_offsets(
        &mut self,
        to: &mut impl FnMut(usize) -> Option<usize>,
    ) -> Option<()> {
        let mut moved = |range: &mut Range<usize>| -> Option<()> {
            *range = to(range.start)?..to(range.end)?;
            Some(())
        };
        moved(&mut self.range)?;
        for related in &mut self.related {
            moved(&mut related.range)?;
        }
        for edit in self.fixes.iter_mut().flat_map(|fix| fix.edits.iter_mut()) {
            moved(&mut edit.range)?;
        }
        Some(())
    }
}
