//! Parse speed: a full parse of the largest corpus template and of ten copies of it, and a
//! one-character insert plus incremental reparse in the middle of each.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use cyclecloud_syntax::{Document, Snapshot, TextEdit};

/// The largest template in the corpus beside the repository (by file size), as (name, text).
fn largest_template() -> Option<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !dir.is_dir() {
        return None;
    }
    let mut largest: Option<(u64, PathBuf)> = None;
    let mut pending = vec![dir.clone()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|name| name != "MANIFEST.tsv") {
                let size = entry.metadata().map_or(0, |m| m.len());
                // Ties go to the first path in sort order, so the choice is stable.
                let better = largest.as_ref().is_none_or(|(best, best_path)| {
                    size > *best || (size == *best && path < *best_path)
                });
                if better {
                    largest = Some((size, path));
                }
            }
        }
    }
    let (_, path) = largest?;
    let text = std::fs::read_to_string(&path).ok()?;
    let name = path
        .strip_prefix(&dir)
        .unwrap_or(&path)
        .display()
        .to_string();
    Some((name, text))
}

fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn parse_benches(c: &mut Criterion) {
    let Some((name, text)) = largest_template() else {
        println!(
            "skipped: ../shared/corpus not found (the real-template corpus lives beside the repository)"
        );
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
