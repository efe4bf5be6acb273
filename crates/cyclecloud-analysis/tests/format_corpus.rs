//! Formatting every real template: formatting twice equals formatting once, and the formatted
//! text has the same tokens as the original (only whitespace between them changed).

use cyclecloud_analysis::format::{format, FormatOptions};
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

#[test]
fn formatting_the_corpus_is_idempotent_and_lossless() {
    let Some(files) = cyclecloud_e2e::corpus::corpus() else {
        return;
    };
    let options = FormatOptions::default();
    let mut changed = 0;
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let original = Snapshot::parse(&text);
        let once = format(&original, &options);
        let formatted = Snapshot::parse(&once);
        let twice = format(&formatted, &options);
        assert_eq!(
            once,
            twice,
            "{}: formatting is not idempotent",
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
                "{}: tokens differ at #{first}: {:?} vs {:?}",
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
    println!("formatted {} templates; {changed} change", files.len());
    assert!(files.len() > 200);
}
