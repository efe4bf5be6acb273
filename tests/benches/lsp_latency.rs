//! LSP latency bench: drives the real release `cyclecloud-lsp` over stdio like an editor and
//! prints wall-clock request→response latencies (median, p95, p99) and the server's memory use.
//!
//! Run with `cargo bench -p cyclecloud-e2e --bench lsp_latency`. Scenarios, on the largest real
//! template of `../shared/corpus` and on generated 10,000- and 100,000-line templates (fewer
//! opens and requests on the largest):
//! - `didOpen` → `publishDiagnostics` (version 1), fresh URI each time;
//! - one `didChange` per typed character (UTF-16 ranges) → `publishDiagnostics` of that version;
//! - completion at a value (`JetpackPlatform`, `MachineType`) and at a key position, hover on
//!   an attribute key;
//!
//! plus the resident memory with the 20 largest corpus templates open at once. The targets are
//! printed next to the figures for comparison; nothing is asserted. `LSP_LATENCY_DUMP=<directory>`
//! also writes the generated templates there (`generated-10k.txt`, `generated-100k.txt`), to
//! profile them outside the bench;
//! `LSP_LATENCY_ONLY=<text>` runs only the template scenarios whose label holds it (`largest`,
//! `10k`), for quick comparisons of two builds.
//!
//! A latency ends when the answer's last byte has been read off the pipe
//! ([`LspClient::received_since`]), before this client parses it and hands it to the bench's
//! thread: those are the client's costs, not the server's.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cyclecloud_e2e::generated::{generated_template, line_after_first_nodearray};
use cyclecloud_e2e::lsp::{editor_capabilities, LspClient};
use cyclecloud_e2e::{binary, memory, percentile, repo_root};
use serde_json::{json, Value};

/// Fresh opens per template.
const OPENS: usize = 20;
/// Completion / hover requests per scenario.
const REQUESTS: usize = 300;
/// Unmeasured requests before each request scenario.
const WARMUP: usize = 10;
/// Corpus templates open at once for the memory scenario.
const OPEN_AT_ONCE: usize = 20;
/// Lines of the generated template.
const GENERATED_LINES: usize = 10_000;

/// Attribute lines typed into a nodearray, one character per `didChange`.
const TYPED_LINES: [&str; 10] = [
    "    MachineType = Standard_D4s_v5",
    "    MaxCoreCount = 512",
    "    Azure.MaxScaleSetSize = 100",
    "    Interruptible = true",
    "    MaxPrice = -1",
    "    ImageName = cycle.image.ubuntu22",
    "    KeepAlive = false",
    "    SubnetId = $SubnetId",
    "    ComputerNamePrefix = bench-",
    "    AdditionalClusterInitSpecs = $ExecuteClusterInitSpecs",
];

// ---- measurement records ----------------------------------------------------------------------

struct LatencyRow {
    scenario: String,
    samples: Vec<Duration>,
    target: Target,
    note: String,
}

/// What a scenario should stay within: a median, a 99th percentile, or both.
#[derive(Clone, Copy, Default)]
struct Target {
    median: Option<Duration>,
    p99: Option<Duration>,
}

impl Target {
    fn p99(p99: Duration) -> Target {
        Target {
            median: None,
            p99: Some(p99),
        }
    }
}

struct RssRow {
    scenario: String,
    peak_kb: Option<u64>,
    current_kb: Option<u64>,
    target_mb: Option<u64>,
}

#[derive(Default)]
struct Report {
    latency: Vec<LatencyRow>,
    rss: Vec<RssRow>,
    notes: Vec<String>,
}

impl Report {
    fn latency(&mut self, scenario: String, samples: Vec<Duration>, target: Target, note: String) {
        self.latency.push(LatencyRow {
            scenario,
            samples,
            target,
            note,
        });
    }

    fn rss(&mut self, scenario: String, pid: u32, target_mb: Option<u64>) {
        let (peak_kb, current_kb) = memory(pid);
        self.rss.push(RssRow {
            scenario,
            peak_kb,
            current_kb,
            target_mb,
        });
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(
        || "n/a".to_owned(),
        |kb| format!("{:.1} MiB", kb as f64 / 1024.0),
    )
}

// ---- server process memory --------------------------------------------------------------------

/// Resets the peak RSS to the current RSS (`echo 5 > /proc/<pid>/clear_refs`), so each
/// scenario's `VmHWM` is its own peak. Returns false where the kernel refuses.
fn reset_peak(pid: u32) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

// ---- templates --------------------------------------------------------------------------------

/// Corpus templates (`../shared/corpus/*/*`), largest first.
fn corpus_by_size() -> Option<Vec<(PathBuf, u64)>> {
    let root = repo_root().join("../shared/corpus");
    let mut files = Vec::new();
    for project in std::fs::read_dir(&root).ok()?.flatten() {
        let Ok(entries) = std::fs::read_dir(project.path()) else {
            continue;
        };
        for entry in entries.flatten() {
            if let Ok(meta) = entry.metadata() {
                if meta.is_file() {
                    files.push((entry.path(), meta.len()));
                }
            }
        }
    }
    files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    (!files.is_empty()).then_some(files)
}

// ---- the LSP session --------------------------------------------------------------------------

/// A session with the capabilities editors declare ([`editor_capabilities`]).
fn start() -> LspClient {
    let mut client = LspClient::start();
    client.initialize(editor_capabilities(), Value::Null);
    client
}

fn utf16_len(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}

/// Times `count` requests of `method` at `position` (after a short warm-up); returns the samples
/// and the last response's `result`.
fn time_requests(
    client: &mut LspClient,
    method: &str,
    uri: &str,
    (line, character): (u32, u32),
    count: usize,
) -> (Vec<Duration>, Value) {
    let params = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
    let mut last = Value::Null;
    let mut samples = Vec::with_capacity(count);
    for round in 0..WARMUP + count {
        let start = Instant::now();
        let response = client.request(method, params.clone());
        let elapsed = client.received_since(start);
        if round >= WARMUP {
            samples.push(elapsed);
        }
        last = response["result"].clone();
    }
    (samples, last)
}

struct Targets {
    keystroke: Target,
    request: Duration,
    /// Peak resident memory while typing, in MiB (issue 14's targets).
    typing_rss_mb: Option<u64>,
    /// Fresh opens and requests per scenario: fewer on the largest template, whose every
    /// step takes a while.
    opens: usize,
    requests: usize,
}

/// Every latency scenario on one template, each on the same server (fresh URIs where it matters).
fn bench_template(report: &mut Report, label: &str, text: &str, targets: &Targets) {
    if std::env::var("LSP_LATENCY_ONLY").is_ok_and(|only| !label.contains(&only)) {
        return;
    }
    let lines = text.lines().count();
    // URIs must not contain spaces (the server drops unparsable URIs).
    let slug = label.replace(' ', "-");
    let mut client = start();
    let pid = client.pid();
    let peak_resets = reset_peak(pid);
    if !peak_resets {
        report.notes.push(
            "peak RSS could not be reset per scenario (clear_refs refused): VmHWM is cumulative"
                .to_owned(),
        );
    }

    // didOpen → publishDiagnostics, a fresh URI each time; the first open of the process is
    // reported on its own (cold caches), then closed documents do not accumulate.
    let mut opens = Vec::with_capacity(targets.opens);
    let mut first = Duration::ZERO;
    let mut diagnostic_count = 0;
    for round in 0..=targets.opens {
        let uri = format!("file:///bench/{slug}/open-{round}.txt");
        let start = Instant::now();
        client.open(&uri, 1, text);
        let diagnostics = client.diagnostics_for(&uri, 1);
        let elapsed = client.received_since(start);
        diagnostic_count = diagnostics.as_array().map_or(0, Vec::len);
        if round == 0 {
            first = elapsed;
        } else {
            opens.push(elapsed);
        }
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
        client.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["version"].is_null()
        });
    }
    report.latency(
        format!("{label}: didOpen → diagnostics, first of process"),
        vec![first],
        Target::default(),
        format!("{lines} lines, {} bytes", text.len()),
    );
    report.latency(
        format!("{label}: didOpen → diagnostics"),
        opens,
        Target::default(),
        format!("{diagnostic_count} diagnostics"),
    );
    report.rss(
        format!("{label}: after {} opens", targets.opens + 1),
        pid,
        None,
    );

    // Typing, one character per didChange, waiting for each version's diagnostics.
    reset_peak(pid);
    let uri = format!("file:///bench/{slug}/edit.txt");
    client.open(&uri, 1, text);
    client.diagnostics_for(&uri, 1);
    let at = line_after_first_nodearray(text);
    let mut version = 2;
    client.insert(&uri, version, at, 0, "\n");
    let typed = TYPED_LINES.join("\n");
    let (mut line, mut character) = (at, 0);
    let mut keystrokes = Vec::with_capacity(typed.len());
    for c in typed.chars() {
        version += 1;
        let text = c.to_string();
        let start = Instant::now();
        client.insert(&uri, version, line, character, &text);
        keystrokes.push(client.received_since(start));
        if c == '\n' {
            line += 1;
            character = 0;
        } else {
            character += utf16_len(&text);
        }
    }
    report.latency(
        format!("{label}: keystroke didChange → diagnostics"),
        keystrokes,
        targets.keystroke,
        format!("typed at line {}", at + 1),
    );
    report.rss(format!("{label}: after typing"), pid, targets.typing_rss_mb);

    // Completion at a value position: `    JetpackPlatform = |`.
    reset_peak(pid);
    version += 1;
    let scenario = format!("{label}: completion at a value");
    let line = "    JetpackPlatform = ";
    complete_after_line(
        &mut client,
        &uri,
        version,
        at,
        line,
        scenario,
        report,
        targets,
    );

    // Completion at a key position: `    M|` (the first letter of a new attribute).
    version += 1;
    let scenario = format!("{label}: completion at a key");
    complete_after_line(
        &mut client,
        &uri,
        version,
        at,
        "    M",
        scenario,
        report,
        targets,
    );

    // Hover on the typed `MachineType` key (below the two inserted lines).
    let cursor = (at + 2, 8);
    let (samples, result) = time_requests(
        &mut client,
        "textDocument/hover",
        &uri,
        cursor,
        targets.requests,
    );
    let hover_chars = result["contents"]["value"].as_str().map_or(0, str::len);
    report.latency(
        format!("{label}: hover on an attribute key"),
        samples,
        Target::p99(targets.request),
        format!("{hover_chars} chars of markdown"),
    );

    // Completion at a VM size value in the node array: `    MachineType = Standard_|` (every
    // size matches the typed text; the server sends the best matches, marked incomplete).
    version += 1;
    let scenario = format!("{label}: completion at a MachineType value");
    let line = "    MachineType = Standard_";
    complete_after_line(
        &mut client,
        &uri,
        version,
        at,
        line,
        scenario,
        report,
        targets,
    );
    report.rss(format!("{label}: after completion + hover"), pid, None);
    client.shutdown_and_exit();
}

/// Inserts `line` as a new line at `at`, then times completion requests at its end and reports
/// them as `scenario` with the list's size.
#[allow(clippy::too_many_arguments)]
fn complete_after_line(
    client: &mut LspClient,
    uri: &str,
    version: i64,
    at: u32,
    line: &str,
    scenario: String,
    report: &mut Report,
    targets: &Targets,
) {
    client.insert(uri, version, at, 0, &format!("{line}\n"));
    let cursor = (at, utf16_len(line));
    let (samples, result) = time_requests(
        client,
        "textDocument/completion",
        uri,
        cursor,
        targets.requests,
    );
    report.latency(
        scenario,
        samples,
        Target::p99(targets.request),
        format!(
            "{} items, {} bytes",
            completion_items(&result),
            result.to_string().len()
        ),
    );
}

fn completion_items(result: &Value) -> usize {
    result["items"]
        .as_array()
        .or_else(|| result.as_array())
        .map_or(0, Vec::len)
}

/// The 20 largest corpus templates open at once.
fn bench_many_open(report: &mut Report, corpus: &[(PathBuf, u64)]) {
    let mut client = start();
    let pid = client.pid();
    report.rss("idle server after initialize".to_owned(), pid, None);
    let chosen = &corpus[..corpus.len().min(OPEN_AT_ONCE)];
    let texts: Vec<String> = chosen
        .iter()
        .map(|(path, _)| {
            String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
        })
        .collect();
    let uris: Vec<String> = chosen
        .iter()
        .map(|(path, _)| format!("file:///corpus/{}", relative(path).replace(' ', "%20")))
        .collect();
    let start = Instant::now();
    for (uri, text) in uris.iter().zip(&texts) {
        client.open(uri, 1, text);
    }
    // The publishes come in any order; those read while waiting for another wait in the
    // backlog, each read before the one then awaited: the burst ends at the latest arrival.
    let last = uris
        .iter()
        .filter_map(|uri| {
            client.diagnostics_for(uri, 1);
            client.received()
        })
        .max();
    let elapsed = last.map_or_else(|| start.elapsed(), |last| last.duration_since(start));
    let bytes: usize = texts.iter().map(String::len).sum();
    report.rss(
        format!(
            "{} largest corpus templates open ({:.0} KB of text)",
            chosen.len(),
            bytes as f64 / 1024.0
        ),
        pid,
        Some(30),
    );
    report.latency(
        format!(
            "{} corpus templates: didOpen burst → all diagnostics",
            chosen.len()
        ),
        vec![elapsed],
        Target::default(),
        String::new(),
    );
    client.shutdown_and_exit();
}

/// The first three fields of `/proc/loadavg`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "n/a".to_owned(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

fn relative(path: &Path) -> String {
    let mut parts: Vec<String> = path
        .components()
        .rev()
        .take(2)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.reverse();
    parts.join("/")
}

// ---- output -----------------------------------------------------------------------------------

fn render(report: &Report, total: Duration) -> String {
    let mut out = String::new();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let _ = writeln!(
        out,
        "\n## cyclecloud-lsp latency (release binary over stdio)\n"
    );
    let _ = writeln!(out, "binary: {}", binary().display());
    let _ = writeln!(out, "nproc: {cores}\n");
    let _ = writeln!(
        out,
        "| scenario | median | p95 | p99 | samples | target | within target | notes |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|:---:|---|");
    for row in &report.latency {
        let mut sorted = row.samples.clone();
        sorted.sort();
        let (median, p99) = (percentile(&sorted, 0.5), percentile(&sorted, 0.99));
        let mut limits = Vec::new();
        let mut within = true;
        if let Some(target) = row.target.median {
            limits.push(format!("p50 ≤ {}", ms(target)));
            within &= median <= target;
        }
        if let Some(target) = row.target.p99 {
            limits.push(format!("p99 ≤ {}", ms(target)));
            within &= p99 <= target;
        }
        let (target, within) = if limits.is_empty() {
            ("—".to_owned(), "—".to_owned())
        } else {
            (
                limits.join(", "),
                if within { "yes" } else { "no" }.to_owned(),
            )
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            row.scenario,
            ms(median),
            ms(percentile(&sorted, 0.95)),
            ms(p99),
            sorted.len(),
            target,
            within,
            row.note
        );
    }
    let _ = writeln!(
        out,
        "\n| server memory | peak RSS (VmHWM) | RSS now (VmRSS) | target |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|");
    for row in &report.rss {
        let target = row.target_mb.map_or_else(
            || "—".to_owned(),
            |target| {
                let within = row.peak_kb.is_some_and(|kb| kb <= target * 1024);
                format!(
                    "peak ≤ {target} MiB ({})",
                    if within { "within" } else { "above" }
                )
            },
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            row.scenario,
            mb(row.peak_kb),
            mb(row.current_kb),
            target
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Peak RSS is reset before each scenario where the kernel allows it (clear_refs), so each \
         row's VmHWM is that scenario's peak. Percentiles are nearest-rank."
    );
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(out, "bench wall time: {:.1} s", total.as_secs_f64());
    out
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and would time a debug
    // build for minutes: measure only when benchmarking.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("lsp_latency: measures only under `cargo bench`; nothing to do here");
        return;
    }
    let began = Instant::now();
    let _ = binary();
    let mut report = Report::default();
    let load_before = load_average();
    let corpus = corpus_by_size();
    match &corpus {
        Some(files) => {
            let (path, size) = &files[0];
            let text =
                String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned();
            report.notes.push(format!(
                "largest real template: {} ({size} bytes)",
                relative(path)
            ));
            bench_template(
                &mut report,
                "largest real",
                &text,
                &Targets {
                    keystroke: Target {
                        median: Some(Duration::from_micros(700)),
                        p99: Some(Duration::from_micros(1_500)),
                    },
                    request: Duration::from_millis(1),
                    typing_rss_mb: None,
                    opens: OPENS,
                    requests: REQUESTS,
                },
            );
        }
        None => report.notes.push(format!(
            "skip: no corpus at {}; corpus rows left out",
            repo_root().join("../shared/corpus").display()
        )),
    }
    let generated = generated_template(300, GENERATED_LINES);
    let generated_100k = generated_template(3_000, 100_000);
    if let Some(directory) = std::env::var_os("LSP_LATENCY_DUMP") {
        // For profiling outside the bench (e.g. `cyclecloud-lsp check` under callgrind).
        for (name, text) in [
            ("generated-10k.txt", &generated),
            ("generated-100k.txt", &generated_100k),
        ] {
            let path = Path::new(&directory).join(name);
            report.notes.push(match std::fs::write(&path, text) {
                Ok(()) => format!("generated template written to {}", path.display()),
                Err(error) => format!(
                    "could not write the generated template to {}: {error}",
                    path.display()
                ),
            });
        }
    }
    bench_template(
        &mut report,
        "generated 10k",
        &generated,
        &Targets {
            keystroke: Target {
                median: Some(Duration::from_micros(2_500)),
                p99: None,
            },
            request: Duration::from_millis(10),
            typing_rss_mb: Some(20),
            opens: OPENS,
            requests: REQUESTS,
        },
    );
    bench_template(
        &mut report,
        "generated 100k",
        &generated_100k,
        &Targets {
            keystroke: Target {
                median: Some(Duration::from_millis(15)),
                p99: None,
            },
            request: Duration::from_millis(15),
            typing_rss_mb: Some(120),
            opens: 3,
            requests: 30,
        },
    );
    if let Some(files) = &corpus {
        bench_many_open(&mut report, files);
    }
    report.notes.push(format!(
        "load average (1/5/15 min) before: {load_before}, after: {} (other work on the machine skews the figures)",
        load_average()
    ));
    println!("{}", render(&report, began.elapsed()));
}
