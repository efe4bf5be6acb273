//! `check` over the whole real-template corpus (`../shared/corpus`, 211 files), timed as users
//! run it: the built binary as a process, output discarded. Prints the median and p95 wall time
//! of `CHECK_BENCH_RUNS` runs (default 20) after one warm-up run; the target is a median under
//! 0.25 s on a 2-core machine. On Linux it also prints the CPU time (user + system) the runs
//! used, which other processes loading the machine disturb far less than the wall time.
//! Run: `cargo bench -p cyclecloud-lsp --bench check_corpus`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every file of the corpus but its manifest, sorted.
fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|name| name != "MANIFEST.tsv") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// CPU time (user + system) of this process's waited-for children, from `/proc/self/stat`
/// (fields 16 and 17, in clock ticks of 10 ms on Linux); `None` elsewhere.
fn children_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// One `check` over `files`; the exit code is 1 because the corpus has real errors.
fn run_once(files: &[PathBuf]) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_cyclecloud-lsp"))
        .arg("check")
        .args(files)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("cyclecloud-lsp runs");
    let elapsed = start.elapsed();
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "check failed to run: {status:?}"
    );
    elapsed
}

fn main() {
    // `cargo bench` passes `--bench`; a plain `cargo test --benches` passes nothing: run once.
    let benching = std::env::args().any(|arg| arg == "--bench");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.is_dir() {
        println!("skipped: ../shared/corpus not found");
        return;
    }
    let files = corpus_files(&corpus);
    let runs: usize = if benching {
        std::env::var("CHECK_BENCH_RUNS")
            .ok()
            .and_then(|runs| runs.parse().ok())
            .unwrap_or(20)
            .max(1)
    } else {
        1
    };
    run_once(&files);
    let cpu_before = children_cpu_time();
    let mut times: Vec<Duration> = (0..runs).map(|_| run_once(&files)).collect();
    times.sort();
    let at = |fraction: f64| times[((times.len() - 1) as f64 * fraction).round() as usize];
    println!(
        "check over {} corpus files, {} runs: median {:.3} s, p95 {:.3} s, min {:.3} s, max {:.3} s",
        files.len(),
        runs,
        at(0.5).as_secs_f64(),
        at(0.95).as_secs_f64(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
    );
    if let (Some(before), Some(after)) = (cpu_before, children_cpu_time()) {
        println!(
            "CPU time (user + system) per run: {:.3} s",
            (after - before).as_secs_f64() / runs as f64
        );
    }
}
