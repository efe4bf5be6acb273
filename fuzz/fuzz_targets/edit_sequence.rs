//! Incremental edit sequences checked against a fresh parse, with the contract the differential
//! test uses (`crates/cyclecloud-syntax/tests/contract/mod.rs`, included by path): after every
//! batch the rope equals a plain `String` model, and the tree equals a fresh parse of the model
//! when that parse has no error (else both have errors). The cached analysis (what the server
//! runs per keystroke) must also give exactly the diagnostics of a fresh analysis.
//!
//! Input: the initial text up to the first NUL byte (so fixture templates make good seeds), then
//! bytes that choose the edits.
#![no_main]

#[path = "../../crates/cyclecloud-syntax/tests/contract/mod.rs"]
#[allow(dead_code)]
mod contract;

use arbitrary::{Result, Unstructured};
use cyclecloud_analysis::{analyze, analyze_cached, ModelCache, Settings};
use cyclecloud_syntax::{Document, Snapshot, TextEdit};
use libfuzzer_sys::fuzz_target;

/// Pieces that stress the scanner, strings, interpolation and line ends.
const FRAGMENTS: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]]",
    "'",
    "\"",
    "'''",
    "#",
    "$",
    "${",
    "}",
    "=",
    ":=",
    ",",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "é",
    "中",
    "😀",
    "\u{a0}",
    "{%",
    "%}",
    "[[nodearray x]]\n",
    "Size = 1\n",
    "[[[configuration a.b]]]\n",
    "Extends = x\n",
    "[parameters P]\n",
    "[[parameter Q]]\n",
];

fn edit(u: &mut Unstructured<'_>, len: usize) -> Result<TextEdit> {
    // Raw offsets: some run past the end, sit inside a char or are reversed.
    let start = u.int_in_range(0..=len + 3)?;
    let end = if u.ratio(1, 3)? {
        start
    } else {
        start
            .saturating_add(u.int_in_range(0..=40)?)
            .saturating_sub(u.int_in_range(0..=2)?)
    };
    let new_text = if u.ratio(3, 4)? {
        FRAGMENTS[u.choose_index(FRAGMENTS.len())?].to_owned()
    } else {
        u.arbitrary::<String>()?
    };
    Ok(TextEdit {
        range: start..end,
        new_text,
    })
}

fn run(data: &[u8]) -> Result<()> {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let initial = String::from_utf8_lossy(&data[..split]).into_owned();
    let mut u = Unstructured::new(data.get(split + 1..).unwrap_or(&[]));
    let mut document = Document::new(&initial);
    let mut model = initial;
    let settings = Settings::default();
    let mut cache = ModelCache::default();
    // The last analysis goes back to the cache before the next, as the server hands it back, so
    // that builds patch the model before them whenever they can.
    let mut last = analyze_cached(&document.snapshot(), &settings, &mut cache);
    for _ in 0..u.int_in_range(1..=24)? {
        let mut batch = Vec::new();
        for _ in 0..u.int_in_range(1..=3)? {
            let edit = edit(&mut u, model.len())?;
            contract::apply_to_model(&mut model, &edit);
            batch.push(edit);
        }
        document.apply_edits(&batch);
        assert_eq!(document.rope().to_string(), model, "rope and model differ");
        let fresh = Snapshot::parse(&model);
        if let Some(difference) = contract::tree_difference(document.tree(), fresh.tree()) {
            panic!("incremental tree differs from a fresh parse: {difference}");
        }
        let snapshot = document.snapshot();
        cache.recycle(last.model);
        let cached = analyze_cached(&snapshot, &settings, &mut cache);
        let plain = analyze(&snapshot, &settings);
        assert_eq!(
            cached.diagnostics, plain.diagnostics,
            "cached analysis differs"
        );
        assert_eq!(
            format!("{:?}", cached.model.attributes),
            format!("{:?}", plain.model.attributes),
            "cached model differs"
        );
        last = cached;
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
