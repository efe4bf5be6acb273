//! Replays typing into a template (one character per version, like the LSP latency bench) and
//! re-analyses each version with the document's model cache, printing per-phase times. Meant
//! for profilers (`valgrind --tool=callgrind`), which count instructions whatever the load.
//!
//! `cargo run --release -p cyclecloud-analysis --example keystrokes -- <template> [keystrokes]`;
//! `generated:<lines>` instead of a path times the LSP latency bench's generated template.

use std::time::{Duration, Instant};

use cyclecloud_analysis::{analyze_cached, model, rules, ModelCache, Settings};
use cyclecloud_syntax::{Document, TextEdit};

const TYPED: &str =
    "    MachineType = Standard_D4s_v5\n    MaxCoreCount = 512\n    Azure.MaxScaleSetSize = 100\n";

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: keystrokes <template> [keystrokes]");
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let text = match path.strip_prefix("generated:") {
        Some(lines) => {
            let lines: usize = lines.parse().expect("generated:<lines>");
            cyclecloud_e2e::generated::generated_template((lines / 33).max(1), lines)
        }
        None => std::fs::read_to_string(&path).expect("readable template"),
    };
    let settings = Settings::default();
    let mut document = Document::new(&text);
    let mut cache = ModelCache::default();
    // Typing starts on a new line just after the first nodearray header, as in the latency
    // bench; `MIDDLE=1` types `#` at the start of the middle line, as the 10 MB bench does.
    let middle = std::env::var_os("MIDDLE").is_some();
    let line = match middle {
        true => text.lines().count() / 2,
        false => text
            .lines()
            .position(|line| line.trim_start().starts_with("[[nodearray "))
            .map_or(0, |index| index + 1),
    };
    let typed = if middle { "#" } else { TYPED };
    let mut offset = document.rope().line_to_byte(line);
    // `probe` times the model alone; `cache` the whole analysis, as the server runs it.
    // `ANALYSIS_ONLY=1` leaves the probe out, for instruction counts of the analysis alone.
    let analysis_only = std::env::var_os("ANALYSIS_ONLY").is_some();
    let mut probe = ModelCache::default();
    let _ = model::build_cached(&document.snapshot(), &mut probe);
    let mut last = Some(analyze_cached(&document.snapshot(), &settings, &mut cache));
    let (mut parse, mut build, mut check) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let (mut diagnostics, mut patched) = (0, 0);
    for c in typed.chars().cycle().take(count) {
        let started = Instant::now();
        document.apply_edits(&[TextEdit {
            range: offset..offset,
            new_text: c.to_string(),
        }]);
        if !middle {
            offset += c.len_utf8();
        }
        let snapshot = document.snapshot();
        let parsed = Instant::now();
        if !analysis_only {
            drop(model::build_cached(&snapshot, &mut probe));
        }
        let built = Instant::now();
        let measured = Instant::now();
        // As the server does: the replaced analysis goes back to the cache, whose next build
        // patches its model when the keystroke changed one unit's rows only.
        if let Some(last) = last.take() {
            recycle(&mut cache, last);
        }
        let analysis = analyze_cached(&snapshot, &settings, &mut cache);
        diagnostics = analysis.diagnostics.len();
        if cache.patched_last_build() {
            patched += 1;
        }
        let checked = Instant::now();
        last = Some(analysis);
        parse += parsed - started;
        build += built - parsed;
        check += checked - measured;
    }
    #[inline(never)]
    fn recycle(cache: &mut ModelCache, analysis: cyclecloud_analysis::Analysis) {
        cache.recycle(analysis.model);
    }
    if std::env::var_os("PER_RULE").is_some() {
        // Each rule alone on the last version, slowest first.
        let snapshot = document.snapshot();
        let model = model::build_cached(&snapshot, &mut cache);
        let mut costs: Vec<(Duration, &str)> = rules::all()
            .iter()
            .map(|&rule| {
                let started = Instant::now();
                for _ in 0..5 {
                    cyclecloud_analysis::run_rules(&snapshot, &model, &settings, &[rule]);
                }
                (started.elapsed() / 5, rule.code)
            })
            .collect();
        costs.sort_by(|a, b| b.cmp(a));
        for (cost, code) in costs.iter().take(25) {
            println!("{code} {:.3} ms", cost.as_secs_f64() * 1000.0);
        }
    }
    let per = |total: Duration| total.as_secs_f64() * 1000.0 / count as f64;
    println!(
        "{count} keystrokes: edit+reparse {:.3} ms, model alone {:.3} ms, analysis (model and \
         rules) {:.3} ms per keystroke \
         ({patched} models patched; last: {diagnostics} diagnostics, {} lines reused, line and \
         node rule runs {} kept and {} run, node judgements {} kept and {} made)",
        per(parse),
        per(build),
        per(check),
        cache.reused_last_build(),
        cache.rule_runs_last_analysis().0,
        cache.rule_runs_last_analysis().1,
        cache.node_judgements_last_analysis().0,
        cache.node_judgements_last_analysis().1,
    );
}
