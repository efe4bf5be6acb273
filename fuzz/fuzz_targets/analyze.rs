//! Parser and analysis on arbitrary bytes: lossy UTF-8 → snapshot → model, rules, formatter,
//! completion and hover at offsets taken from the input, inlay hints, and `render` of every
//! cluster (with a parameter override) to JSON; the same text as an open `project.ini` (checks,
//! hover) and cluster-init script (checks). Nothing may panic.
#![no_main]

use cyclecloud_analysis::eval::Value;
use cyclecloud_analysis::format::{format, FormatOptions};
use cyclecloud_analysis::render::{render, text as render_text, Override};
use cyclecloud_analysis::{analyze, completion, hover, project, Settings};
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
    // Render each cluster, one parameter (if any) overridden with a value of another type.
    let overrides: Vec<Override> = analysis
        .model
        .parameters
        .first()
        .map(|parameter| Override {
            name: parameter.name.to_string(),
            value: Value::List(vec![Value::Integer(len_of(data))]),
            source: "fuzz".to_owned(),
        })
        .into_iter()
        .collect();
    let clusters: Vec<String> = analysis
        .model
        .sections_of("cluster")
        .filter_map(|(_, section)| section.name.as_deref().map(str::to_owned))
        .take(4)
        .collect();
    for cluster in &clusters {
        if let Ok(rendered) = render(&snapshot, &analysis.model, Some(cluster), &overrides) {
            let json = serde_json::to_string(&rendered).expect("a render serializes");
            let _: serde_json::Value = serde_json::from_str(&json).expect("its JSON parses");
            let _ = render_text(&rendered);
        }
    }
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
        // The same text as an open `project.ini`.
        let _ = project::project_ini_hover(&text, offset);
    }
    // The same text as an open `project.ini` and as an open cluster-init script.
    let _ = project::check_project_ini(&text, &Settings::default());
    let folder = [
        "10-a.sh".to_owned(),
        text.lines().next().unwrap_or_default().to_owned(),
    ];
    let _ = project::check_open_script("setup.sh", &text, &folder, &Settings::default());
    // Inlay hints evaluate lines with parameter defaults: every hint of the whole text.
    let _ = cyclecloud_analysis::inlay_hints::inlay_hints(&snapshot, &analysis.model, 0..len);
    // The same text through the editing path: an empty document and one insert.
    let mut document = Document::new("");
    document.apply_edits(&[cyclecloud_syntax::TextEdit {
        range: 0..0,
        new_text: text.to_string(),
    }]);
    assert_eq!(document.snapshot().text(), text);
});

/// A number taken from the input, so overrides vary with it.
fn len_of(data: &[u8]) -> i64 {
    data.len() as i64
}
