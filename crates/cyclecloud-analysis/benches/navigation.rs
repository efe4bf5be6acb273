//! Navigation benchmarks on the largest corpus template: the outline (document symbols) from a
//! built model, the header-only workspace-index path (parse + sections + symbols), and finding
//! every reference of a parameter. Skips cleanly without the corpus.

use criterion::{criterion_group, criterion_main, Criterion};
use cyclecloud_analysis::model::build;
use cyclecloud_analysis::navigation::{
    document_symbols, header_sections, references, workspace_symbols,
};
use cyclecloud_syntax::Snapshot;

fn benches(c: &mut Criterion) {
    let files = cyclecloud_e2e::corpus::real_corpus()
        .map(|corpus| corpus.files)
        .unwrap_or_default();
    let Some(largest) = files
        .iter()
        .map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap_or_default()).into_owned())
        .max_by_key(String::len)
    else {
        return;
    };
    let snapshot = Snapshot::parse(&largest);
    let model = build(&snapshot);

    c.bench_function("document symbols, largest (model built)", |b| {
        b.iter(|| document_symbols(&model.sections).len())
    });

    c.bench_function("parse only, largest (for comparison)", |b| {
        b.iter(|| Snapshot::parse(&largest).root().child_count())
    });

    c.bench_function(
        "index one template: parse + headers + symbols, largest",
        |b| b.iter(|| workspace_symbols(&header_sections(&Snapshot::parse(&largest))).len()),
    );

    // The most used parameter: its references are the longest list a user can ask for.
    let busiest = model
        .parameters
        .iter()
        .max_by_key(|param| {
            model
                .references
                .iter()
                .filter(|r| r.name.eq_ignore_ascii_case(&param.name))
                .count()
        })
        .map(|param| param.name_range.start);
    if let Some(offset) = busiest {
        c.bench_function("references of the busiest parameter, largest", |b| {
            b.iter(|| references(&model, offset, true).len())
        });
    }
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(group);
