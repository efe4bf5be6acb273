//! Benchmark of `render` (issue 16: under 20 ms) on the largest corpus template that has a
//! cluster (the committed fixtures when the real corpus is absent), in process: building the
//! model from a parsed snapshot, then rendering with parameter defaults, as `render` and the
//! editor's render command do; and the editor's on-request evaluation: every inlay hint of the
//! whole template (the `→ value` hints evaluate lines with parameter defaults).

use criterion::{criterion_group, criterion_main, Criterion};
use cyclecloud_analysis::inlay_hints::inlay_hints;
use cyclecloud_analysis::model::{build, AttrId, ValueShape};
use cyclecloud_analysis::render::{render, LineValues};
use cyclecloud_catalog::ValueType;
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
    // What CC0316 adds to every keystroke: it evaluates the computed lines of number and
    // boolean attributes (and builds the evaluation scope only when there is one).
    let judged: Vec<AttrId> = AttrId::all(model.attributes.len())
        .filter(|&attr| {
            let line = &model.attributes[attr];
            let typed = line.catalog.is_some_and(|entry| {
                matches!(
                    entry.value_type,
                    ValueType::Integer | ValueType::Float | ValueType::Boolean
                )
            });
            typed
                && (line.shape == ValueShape::Expression
                    || (line.shape == ValueShape::Reference && line.value.contains("${")))
        })
        .collect();
    c.bench_function("evaluate the lines CC0316 judges, largest", |b| {
        b.iter(|| {
            let values = LineValues::new(&snapshot, &model);
            judged
                .iter()
                .filter(|&&attr| values.line(attr).is_ok())
                .count()
        })
    });
    c.bench_function("inlay hints of the whole largest template", |b| {
        b.iter(|| inlay_hints(&snapshot, &model, 0..largest.len()).len())
    });
}

criterion_group!(render_benches, benches);
criterion_main!(render_benches);
