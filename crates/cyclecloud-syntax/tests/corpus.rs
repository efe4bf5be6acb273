//! Every template of the corpus parses with no ERROR and no MISSING node: every real template
//! in `../shared/corpus`, or without it every committed fixture but `deliberate-errors.txt`,
//! which must have syntax problems.

use std::fmt::Write as _;

use cyclecloud_syntax::line_index::offset_to_position;
use cyclecloud_syntax::{syntax_errors, Node, PositionEncoding, Snapshot};

use cyclecloud_e2e::corpus::corpus;

/// MISSING nodes inside ERROR nodes, in document order. `syntax_errors` reports the outermost
/// ERROR or MISSING node only, so these are the MISSING nodes it does not list on its own.
fn missing_inside_errors<'a>(node: Node<'a>, inside_error: bool, out: &mut Vec<Node<'a>>) {
    if node.is_missing() && inside_error {
        out.push(node);
    }
    if !node.has_error() {
        return;
    }
    let inside_error = inside_error || node.is_error();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        missing_inside_errors(child, inside_error, out);
    }
}

#[test]
fn every_corpus_template_parses_without_error_or_missing_nodes() {
    let corpus = corpus();
    let files = &corpus.files;
    let mut report = String::new();
    let mut problems = 0usize;
    for path in files {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let snapshot = Snapshot::parse(&text);
        let shown = corpus.relative(path);
        let at = |offset: usize| {
            let position = offset_to_position(snapshot.rope(), offset, PositionEncoding::Utf8);
            format!("{shown}:{}:{}", position.line + 1, position.character + 1)
        };

        let (problems_before, report_before) = (problems, report.len());
        for error in syntax_errors(&snapshot) {
            problems += 1;
            let _ = writeln!(report, "{}: {}", at(error.range.start), error.message);
        }
        let mut missing = Vec::new();
        missing_inside_errors(snapshot.root(), false, &mut missing);
        for node in missing {
            problems += 1;
            let _ = writeln!(
                report,
                "{}: missing `{}` (inside an error)",
                at(node.start_byte()),
                node.kind()
            );
        }
        // Belt and braces: the root's flag covers anything the walks above could miss.
        if snapshot.root().has_error() && problems == problems_before {
            problems += 1;
            let _ = writeln!(
                report,
                "{shown}: tree has an error the walks did not locate"
            );
        }
        if corpus.is_deliberately_wrong(path) {
            assert!(
                problems > problems_before,
                "{shown} is meant to have errors"
            );
            // Its problems are deliberate: they are not the corpus' problems.
            problems = problems_before;
            report.truncate(report_before);
        }
    }
    println!(
        "corpus: {} files parsed, {problems} syntax problems",
        files.len()
    );
    assert!(
        problems == 0,
        "{problems} syntax problems in {} corpus files:\n{report}",
        files.len()
    );
}
