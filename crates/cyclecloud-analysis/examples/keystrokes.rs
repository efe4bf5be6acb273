//! Replays typing into a template (one character per version, like the LSP latency bench) and
//! re-analyses each version with the document's model cache, printing per-phase times. The
//! rules always run on two threads here (the server does so from 3,000 attribute lines). Meant
//! for profilers (`valgrind --tool=callgrind`), which count instructions whatever the load.
//!
//! `cargo run --release -p cyclecloud-analysis --example keystrokes -- <template> [keystrokes]`

use std::time::{Duration, Instant};

use cyclecloud_analysis::{model, rules, run_rules_on_two_threads, ModelCache, Settings};
use cyclecloud_syntax::{Document, TextEdit};

const TYPED: &str =
    "    MachineType = Standard_D4s_v5\n    MaxCoreCount = 512\n    Azure.MaxScaleSetSize = 100\n";

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: keystrokes <template> [keystrokes]");
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let text = std::fs::read_to_string(&path).expect("readable template");
    let settings = Settings::default();
    let mut document = Document::new(&text);
    let mut cache = ModelCache::default();
    // Typing starts on a new line just after the first nodearray header, as in the bench.
    let line = text
        .lines()
        .position(|line| line.trim_start().starts_with("[[nodearray "))
        .map_or(0, |index| index + 1);
    let mut offset = document.rope().line_to_byte(line);
    let _ = model::build_cached(&document.snapshot(), &mut cache);
    let (mut parse, mut build, mut check) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut diagnostics = 0;
    for c in TYPED.chars().cycle().take(count) {
        let started = Instant::now();
        document.apply_edits(&[TextEdit {
            range: offset..offset,
            new_text: c.to_string(),
        }]);
        offset += c.len_utf8();
        let snapshot = document.snapshot();
        let parsed = Instant::now();
        let model = model::build_cached(&snapshot, &mut cache);
        let built = Instant::now();
        diagnostics = run_rules_on_two_threads(&snapshot, &model, &settings, rules::all()).len();
        let checked = Instant::now();
        // The server frees the replaced model on another thread, off the keystroke's path.
        drop_replaced(cache.take_retired());
        parse += parsed - started;
        build += built - parsed;
        check += checked - built;
    }
    #[inline(never)]
    fn drop_replaced(model: Option<std::sync::Arc<cyclecloud_analysis::Model>>) {
        drop(model);
    }
    let per = |total: Duration| total.as_secs_f64() * 1000.0 / count as f64;
    println!(
        "{count} keystrokes: edit+reparse {:.3} ms, model {:.3} ms, rules {:.3} ms per keystroke \
         (last: {diagnostics} diagnostics, {} lines reused)",
        per(parse),
        per(build),
        per(check),
        cache.reused_last_build()
    );
}
