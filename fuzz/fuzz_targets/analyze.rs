//! Parser and analysis on arbitrary bytes: lossy UTF-8 → snapshot → model, rules, formatter,
//! completion and hover at offsets taken from the input. Nothing may panic.
#![no_main]

use cyclecloud_analysis::format::{format, FormatOptions};
use cyclecloud_analysis::{analyze, completion, hover, Settings};
use cyclecloud_syntax::{syntax_errors, Document, Snapshot};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let snapshot = Snapshot::parse(&text);
    assert_eq!(snapshot.text(), text, "the rope keeps the text");
    let _ = syntax_errors(&snapshot);
    let analysis = analyze(&snapshot, &Settings::default());
    for diagnostic in &analysis.diagnostics {
        assert!(
            diagnostic.range.start <= diagnostic.range.end && diagnostic.range.end <= text.len(),
            "diagnostic range {:?} outside the text ({} bytes)",
            diagnostic.range,
            text.len()
        );
    }
    let _ = format(&snapshot, &FormatOptions::default());
    // A few offsets derived from the input (raw, so some fall inside a char or past the end).
    let len = text.len();
    for (i, chunk) in data.chunks(7).take(8).enumerate() {
        let raw = chunk
            .iter()
            .fold(i, |acc, &b| acc.wrapping_mul(31).wrapping_add(b as usize));
        let offset = raw % (len + 2);
        let _ = completion::completions(
            &snapshot,
            &analysis.model,
            offset,
            Settings::default().vm_sizes(),
        );
        let _ = hover::hover(
            &snapshot,
            &analysis.model,
            offset,
            Settings::default().vm_sizes(),
        );
    }
    // The same text through the editing path: an empty document and one insert.
    let mut document = Document::new("");
    document.apply_edits(&[cyclecloud_syntax::TextEdit {
        range: 0..0,
        new_text: text.to_string(),
    }]);
    assert_eq!(document.snapshot().text(), text);
});
