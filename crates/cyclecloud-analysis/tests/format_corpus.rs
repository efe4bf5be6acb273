//! Formatting every corpus template (`../shared/corpus`, or the committed fixtures without it):
//! formatting twice equals formatting once, and the formatted text has the same tokens as the
//! original (only whitespace between them changed), for every indentation style; the editor's
//! line edits give the same text as the whole-file formatter.

use cyclecloud_analysis::format::{format, format_edits, FormatOptions, Indent};
use cyclecloud_analysis::Edit;
use cyclecloud_syntax::Snapshot;

/// Every leaf token with its text (without trailing blanks), in order, skipping empty ones.
fn tokens(snapshot: &Snapshot) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut stack = vec![snapshot.root()];
    while let Some(node) = stack.pop() {
        if node.child_count() == 0 {
            if !node.byte_range().is_empty() {
                // A comment runs to the end of its line, so trailing blanks the formatter
                // removes are part of its token; compare without them.
                let text = snapshot.text_of(node);
                out.push((
                    cyclecloud_syntax::kinds::static_kind(node),
                    text.trim_end().to_owned(),
                ));
            }
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<_> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

/// Applies sorted, non-overlapping edits.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = text.to_owned();
    for edit in edits.iter().rev() {
        out.replace_range(edit.range.clone(), &edit.new_text);
    }
    out
}

#[test]
fn formatting_the_corpus_is_idempotent_and_lossless() {
    let files = cyclecloud_e2e::corpus::corpus().files;
    let styles = [
        Indent::Spaces(4),
        Indent::Spaces(2),
        Indent::Tabs,
        Indent::Keep,
    ];
    for indent in styles {
        let options = FormatOptions {
            indent,
            ..FormatOptions::default()
        };
        let changed = check_corpus(&files, &options);
        println!(
            "{indent:?}: formatted {} templates; {changed} change",
            files.len()
        );
    }
}

/// Checks every template with one set of options; returns how many the formatter changes.
fn check_corpus(files: &[std::path::PathBuf], options: &FormatOptions) -> usize {
    let mut changed = 0;
    for path in files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let original = Snapshot::parse(&text);
        let once = format(&original, options);
        let formatted = Snapshot::parse(&once);
        let twice = format(&formatted, options);
        assert_eq!(
            once,
            twice,
            "{} ({options:?}): formatting is not idempotent",
            path.display()
        );
        assert_eq!(
            apply(&text, &format_edits(&original, options, None)),
            once,
            "{} ({options:?}): line edits differ from the formatted text",
            path.display()
        );
        assert!(
            format_edits(&formatted, options, None).is_empty(),
            "{} ({options:?}): edits on formatted text",
            path.display()
        );
        let before = tokens(&original);
        let after = tokens(&formatted);
        if before != after {
            let first = before
                .iter()
                .zip(&after)
                .position(|(a, b)| a != b)
                .unwrap_or(before.len().min(after.len()));
            panic!(
                "{} ({options:?}): tokens differ at #{first}: {:?} vs {:?}",
                path.display(),
                before.get(first),
                after.get(first)
            );
        }
        assert_eq!(
            original.root().has_error(),
            formatted.root().has_error(),
            "{}",
            path.display()
        );
        changed += usize::from(once != text);
    }
    changed
}
