//! A 10 MB template over the real protocol: `didOpen` → `publishDiagnostics` and one-character
//! `didChange` → `publishDiagnostics` (medians), and the server's resident memory with it open.
//!
//! Run with `cargo bench -p cyclecloud-e2e --bench lsp_large_template`. The template is the
//! corpus templates (`../shared/corpus`) concatenated, in name order, until it reaches 10 MB;
//! without the corpus a synthetic one of the same size (nodearrays with long scripts). Nothing
//! is asserted; the figures are printed.
//!
//! Two medians per scenario: until the publish's last byte has been read off the pipe (the
//! server's latency, the figure issue 14's target is about), and until this client has also
//! parsed it into a `serde_json::Value` (about 100 ms more for 24,535 diagnostics: that is the
//! client's cost, and an editor's differs).

use std::time::{Duration, Instant};

use cyclecloud_e2e::lsp::LspClient;
use serde_json::{json, Value};

const TARGET_BYTES: usize = 10 * 1024 * 1024;
const OPENS: usize = 5;
const EDITS: usize = 10;

fn template() -> (String, &'static str) {
    let mut text = String::new();
    if let Some(corpus) = cyclecloud_e2e::corpus::real_corpus() {
        let mut files = corpus.files;
        files.sort();
        while text.len() < TARGET_BYTES && !files.is_empty() {
            for path in &files {
                let content = std::fs::read(path).unwrap_or_default();
                text.push_str(&String::from_utf8_lossy(&content));
                text.push('\n');
                if text.len() >= TARGET_BYTES {
                    break;
                }
            }
        }
        if !text.is_empty() {
            return (text, "the corpus templates concatenated");
        }
    }
    text.push_str("[cluster big]\n    [[node defaults]]\n    Credentials = $Credentials\n");
    let mut i = 0;
    while text.len() < TARGET_BYTES {
        text.push_str(&format!(
            "    [[nodearray n{i}]]\n    MachineType = Standard_D4s_v5\n    ImageName = cycle.image.ubuntu22\n    CloudInit = '''#!/bin/bash\n{}'''\n    [[[configuration]]]\n    slurm.partition = p{i}\n",
            "echo configuring node && sleep 1\n".repeat(20)
        ));
        i += 1;
    }
    (text, "synthetic (no corpus)")
}

/// `(VmHWM, VmRSS)` in MiB (NaN where the kernel does not say).
fn memory_mb(pid: u32) -> (f64, f64) {
    let mb = |kb: Option<u64>| kb.map_or(f64::NAN, |kb| kb as f64 / 1024.0);
    let (peak, now) = cyclecloud_e2e::memory(pid);
    (mb(peak), mb(now))
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("lsp_large_template: measures only under `cargo bench`; nothing to do here");
        return;
    }
    let (text, source) = template();
    let lines = text.lines().count();
    let mut client = LspClient::start();
    client.initialize(
        json!({ "general": { "positionEncodings": ["utf-16"] } }),
        Value::Null,
    );
    let (_, idle_rss) = memory_mb(client.pid());

    let mut opens = Vec::new();
    let mut diagnostics = 0;
    for round in 0..OPENS {
        let uri = format!("file:///bench/templates/large-{round}.txt");
        let start = Instant::now();
        client.open(&uri, 1, &text);
        let published = client.diagnostics_for(&uri, 1);
        // Freeing this client's copy of the publish (tens of milliseconds for a
        // `serde_json::Value` of 24,535 diagnostics) is in neither figure.
        opens.push((client.received_since(start), start.elapsed()));
        diagnostics = published.as_array().map_or(0, Vec::len);
        drop(published);
        if round + 1 < OPENS {
            client.notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            );
        }
    }
    let uri = format!("file:///bench/templates/large-{}.txt", OPENS - 1);
    let (open_peak, open_rss) = memory_mb(client.pid());

    let mut edits = Vec::new();
    for version in 2..2 + EDITS as i64 {
        // A comment line typed in the middle of the file, one character per change.
        let position = json!({ "line": lines / 2, "character": 0 });
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": { "start": position, "end": position }, "text": "#" }] }),
        );
        let published = client.diagnostics_for(&uri, version);
        edits.push((client.received_since(start), start.elapsed()));
        drop(published);
    }
    let (edit_peak, edit_rss) = memory_mb(client.pid());
    let (code, _) = client.shutdown_and_exit();

    println!(
        "10 MB template: {} bytes, {lines} lines ({source}), {diagnostics} diagnostics",
        text.len()
    );
    println!("| scenario | median, received | median, parsed | samples |\n|---|---:|---:|---:|");
    for (scenario, samples) in [
        ("didOpen → publishDiagnostics", opens),
        ("didChange (one character) → publishDiagnostics", edits),
    ] {
        let count = samples.len();
        let (received, parsed): (Vec<_>, Vec<_>) = samples.into_iter().unzip();
        println!(
            "| {scenario} | {:.0} ms | {:.0} ms | {count} |",
            median(received).as_secs_f64() * 1000.0,
            median(parsed).as_secs_f64() * 1000.0
        );
    }
    println!(
        "RSS: idle {idle_rss:.1} MiB; after the opens {open_rss:.1} MiB (peak {open_peak:.1} MiB); after the edits {edit_rss:.1} MiB (peak {edit_peak:.1} MiB); exit code {code}"
    );
}
