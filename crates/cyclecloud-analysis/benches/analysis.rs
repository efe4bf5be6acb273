//! Benchmarks: re-analysis of the largest corpus template after a one-character edit (from
//! scratch, and with the model cache as the server does it), and analysis of the whole corpus.

use criterion::{criterion_group, criterion_main, Criterion};
use cyclecloud_analysis::{analyze, analyze_cached, ModelCache, Settings};
use cyclecloud_syntax::{Document, Snapshot, TextEdit};

fn benches(c: &mut Criterion) {
    let files = cyclecloud_e2e::corpus::real_corpus()
        .map(|corpus| corpus.files)
        .unwrap_or_default();
    if files.is_empty() {
        return;
    }
    let texts: Vec<String> = files
        .iter()
        .map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned())
        .collect();
    let largest = texts.iter().max_by_key(|t| t.len()).unwrap().clone();
    let settings = Settings::default();

    // The keystroke path: edit, incremental reparse, full re-analysis. Insert then delete the
    // same character so every iteration starts from the same text.
    let mut document = Document::new(&largest);
    let middle = (0..=largest.len() / 2)
        .rev()
        .find(|&i| largest.is_char_boundary(i))
        .unwrap();
    c.bench_function("reanalyse largest after one-char edit", |b| {
        b.iter(|| {
            document.apply_edits(&[TextEdit {
                range: middle..middle,
                new_text: "x".into(),
            }]);
            let first = analyze(&document.snapshot(), &settings).diagnostics.len();
            document.apply_edits(&[TextEdit {
                range: middle..middle + 1,
                new_text: String::new(),
            }]);
            first
        })
    });

    // The same with the per-document model cache, as the server analyses a keystroke: the
    // sections and lines the edit did not touch are copied from the previous model.
    let mut cache = ModelCache::default();
    analyze_cached(&document.snapshot(), &settings, &mut cache);
    c.bench_function("reanalyse largest after one-char edit, model cache", |b| {
        b.iter(|| {
            document.apply_edits(&[TextEdit {
                range: middle..middle,
                new_text: "x".into(),
            }]);
            let first = analyze_cached(&document.snapshot(), &settings, &mut cache)
                .diagnostics
                .len();
            document.apply_edits(&[TextEdit {
                range: middle..middle + 1,
                new_text: String::new(),
            }]);
            first
        })
    });

    let snapshot = Snapshot::parse(&largest);
    c.bench_function("analyse largest (already parsed)", |b| {
        b.iter(|| analyze(&snapshot, &settings).diagnostics.len())
    });

    c.bench_function("parse + analyse whole corpus", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|text| analyze(&Snapshot::parse(text), &settings).diagnostics.len())
                .sum::<usize>()
        })
    });
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(group);
