//! Parse speed: a full parse of the largest corpus template and of ten copies of it, and a
//! one-character insert plus incremental reparse in the middle of each.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use cyclecloud_syntax::{Document, Snapshot, TextEdit};

/// The largest template in the corpus beside the repository (by file size), as (name, text).
fn largest_template() -> Option<(String, String)> {
    let corpus = cyclecloud_e2e::corpus::real_corpus()?;
    // The largest by size; ties go to the first path in sort order, so the choice is stable.
    let path = corpus.files.iter().max_by_key(|path| {
        (
            std::fs::metadata(path).map_or(0, |m| m.len()),
            std::cmp::Reverse((*path).clone()),
        )
    })?;
    let text = String::from_utf8_lossy(&std::fs::read(path).ok()?).into_owned();
    Some((corpus.relative(path), text))
}

fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn parse_benches(c: &mut Criterion) {
    let Some((name, text)) = largest_template() else {
        return;
    };
    println!("largest corpus template: {name} ({} bytes)", text.len());

    // The edit goes to the middle of the original text; in the ten-copy text, to the same place
    // in the middle (sixth) copy, so both measure the same local change against more text.
    let middle = floor_char_boundary(&text, text.len() / 2);
    let inputs = [
        ("1x", text.clone(), middle),
        ("10x", text.repeat(10), 5 * text.len() + middle),
    ];

    let mut group = c.benchmark_group("full_parse");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    for (label, input, _) in &inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), input, |b, input| {
            b.iter(|| Snapshot::parse(black_box(input)));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("insert_char_and_reparse");
    for (label, input, at) in &inputs {
        let insert = TextEdit {
            range: *at..*at,
            new_text: "x".to_owned(),
        };
        let delete = TextEdit {
            range: *at..*at + 1,
            new_text: String::new(),
        };
        let mut document = Document::new(input);
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            // Only the insert and its reparse are timed; the matching delete (and its reparse)
            // puts the document back so every iteration starts from the same state.
            b.iter_custom(|iterations| {
                let mut measured = Duration::ZERO;
                for _ in 0..iterations {
                    let started = Instant::now();
                    document.apply_edits(black_box(std::slice::from_ref(&insert)));
                    black_box(document.tree());
                    measured += started.elapsed();
                    document.apply_edits(std::slice::from_ref(&delete));
                }
                measured
            });
        });
        assert_eq!(
            document.rope().len_bytes(),
            input.len(),
            "the document is back to its text"
        );
    }
    group.finish();
}

criterion_group!(benches, parse_benches);
criterion_main!(benches);
