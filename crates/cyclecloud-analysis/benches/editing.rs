//! Benchmarks of the editing features on the largest corpus template: semantic tokens (model
//! already built, as the server has it cached), whole-file formatting and the editor's line
//! edits, folding and selection ranges. Without the corpus nothing runs.

use criterion::{criterion_group, criterion_main, Criterion};
use cyclecloud_analysis::format::{format, format_edits, FormatOptions};
use cyclecloud_analysis::{folding, model, selection, semantic_tokens};
use cyclecloud_syntax::Snapshot;

fn benches(c: &mut Criterion) {
    let files = cyclecloud_e2e::corpus::real_corpus()
        .map(|corpus| corpus.files)
        .unwrap_or_default();
    let Some(largest) = files
        .iter()
        .map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned())
        .max_by_key(String::len)
    else {
        return;
    };
    let snapshot = Snapshot::parse(&largest);
    let model = model::build(&snapshot);
    let options = FormatOptions::default();

    c.bench_function("semantic tokens of largest", |b| {
        b.iter(|| semantic_tokens::semantic_tokens(&snapshot, &model).len())
    });
    c.bench_function("format largest", |b| {
        b.iter(|| format(&snapshot, &options).len())
    });
    c.bench_function("format edits of largest", |b| {
        b.iter(|| format_edits(&snapshot, &options, None).len())
    });
    c.bench_function("folding ranges of largest", |b| {
        b.iter(|| folding::folding_ranges(&snapshot).len())
    });
    let middle = largest.len() / 2;
    c.bench_function("selection ranges in largest", |b| {
        b.iter(|| selection::selection_ranges(&snapshot, middle).len())
    });
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(group);
