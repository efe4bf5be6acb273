//! Benchmark of `render` (issue 16: under 20 ms) on the largest corpus template that has a
//! cluster (the committed fixtures when the real corpus is absent), in process: building the
//! model from a parsed snapshot, then rendering with parameter defaults, as `render` and the
//! editor's render command do.

use criterion::{criterion_group, criterion_main, Criterion};
use cyclecloud_analysis::model::build;
use cyclecloud_analysis::render::render;
use cyclecloud_syntax::Snapshot;

fn benches(c: &mut Criterion) {
    let corpus = cyclecloud_e2e::corpus::corpus();
    let largest = corpus
        .files
        .iter()
        .map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned())
        .filter(|text| {
            let snapshot = Snapshot::parse(text);
            render(&snapshot, &build(&snapshot), None, &[]).is_ok()
        })
        .max_by_key(|text| text.len());
    let Some(largest) = largest else {
        return;
    };
    let snapshot = Snapshot::parse(&largest);
    c.bench_function("render largest (already parsed)", |b| {
        b.iter(|| {
            let model = build(&snapshot);
            render(&snapshot, &model, None, &[])
                .map(|rendered| rendered.nodes.len())
                .unwrap_or_default()
        })
    });
    let model = build(&snapshot);
    c.bench_function("render largest (model built)", |b| {
        b.iter(|| {
            render(&snapshot, &model, None, &[])
                .map(|rendered| rendered.nodes.len())
                .unwrap_or_default()
        })
    });
}

criterion_group!(render_benches, benches);
criterion_main!(render_benches);
