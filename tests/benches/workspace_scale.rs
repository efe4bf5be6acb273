//! Workspace scale bench (issue 8): a workspace of 2,000 templates made from the real corpus,
//! served by the release `cyclecloud-lsp` over stdio. Prints the initial scan time (from
//! `initialized` to the scan's `$/progress` end), the server's memory after the scan (VmHWM and
//! VmRSS from `/proc/<pid>/status`) and `workspace/symbol` latency (median, p95, p99).
//!
//! Run with `cargo bench -p cyclecloud-e2e --bench workspace_scale`. Without the corpus it prints
//! a skip message. Nothing is asserted: the figures go into docs/performance.md.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cyclecloud_e2e::corpus::real_corpus;
use cyclecloud_e2e::lsp::LspClient;
use cyclecloud_e2e::{binary, memory, percentile};
use serde_json::json;

/// Templates in the generated workspace.
const TEMPLATES: usize = 2_000;
/// Templates per generated project (`pNN/templates/*.txt`).
const PER_PROJECT: usize = 50;
/// `workspace/symbol` requests per query, after a warm-up of one each.
const ROUNDS: usize = 30;
/// Queries typed into a workspace-symbol search: short, long, fuzzy, and empty.
const QUERIES: [&str; 10] = [
    "",
    "s",
    "ex",
    "exec",
    "execute",
    "mt",
    "schedmt",
    "Region",
    "clusterinit",
    "zzzz",
];

/// A scratch folder removed on drop.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies corpus templates round-robin into `TEMPLATES` files across projects with a
/// `project.ini`, a `.gitignore`d folder and a `node_modules/` the scan must skip.
fn generate(root: &Path, files: &[PathBuf]) -> u64 {
    let mut bytes = 0;
    for index in 0..TEMPLATES {
        let source = &files[index % files.len()];
        let project = root.join(format!("p{:02}", index / PER_PROJECT));
        let templates = project.join("templates");
        if index % PER_PROJECT == 0 {
            std::fs::create_dir_all(&templates).expect("scratch folder");
            std::fs::write(
                project.join("project.ini"),
                format!("[project]\nname = p{:02}\n", index / PER_PROJECT),
            )
            .expect("project.ini");
        }
        let text = std::fs::read(source).expect("corpus file");
        bytes += text.len() as u64;
        std::fs::write(templates.join(format!("t{index:04}.txt")), text).expect("template");
    }
    std::fs::create_dir_all(root.join("node_modules/x/templates")).expect("node_modules");
    std::fs::write(
        root.join("node_modules/x/templates/skipped.txt"),
        "[cluster skipped]\n",
    )
    .expect("skipped template");
    bytes
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or("n/a".to_owned(), |kb| {
        format!("{:.1} MiB", kb as f64 / 1024.0)
    })
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("workspace_scale: measures only under `cargo bench`; nothing to do here");
        return;
    }
    let Some(files) = real_corpus().map(|corpus| corpus.files) else {
        return;
    };
    let _ = binary();
    let scratch = Scratch(
        std::env::temp_dir().join(format!("cyclecloud-workspace-scale-{}", std::process::id())),
    );
    let _ = std::fs::remove_dir_all(&scratch.0);
    let bytes = generate(&scratch.0, &files);
    let root = scratch.0.canonicalize().expect("scratch exists");
    let root_uri = format!("file://{}", root.display());

    let mut client = LspClient::start();
    let pid = client.pid();
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": [{ "uri": root_uri, "name": "scale" }],
            "capabilities": { "window": { "workDoneProgress": true } },
        }),
    );
    let (_, idle) = memory(pid);
    let began = Instant::now();
    client.notify("initialized", json!({}));
    let end =
        client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let scan = began.elapsed();
    let (peak, resident) = memory(pid);

    let mut rows = Vec::new();
    let mut all = Vec::new();
    for query in QUERIES {
        let _ = client.request("workspace/symbol", json!({ "query": query }));
        let mut samples = Vec::new();
        let mut count = 0;
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let response = client.request("workspace/symbol", json!({ "query": query }));
            samples.push(started.elapsed());
            count = response["result"].as_array().map_or(0, Vec::len);
        }
        samples.sort();
        all.extend(samples.iter().copied());
        rows.push((query, count, samples));
    }
    all.sort();
    let (_, after_queries) = memory(pid);
    let _ = client.shutdown_and_exit();

    println!(
        "\nworkspace scale: {TEMPLATES} templates from {} corpus files, {:.1} MB, in {} projects",
        files.len(),
        bytes as f64 / 1e6,
        TEMPLATES.div_ceil(PER_PROJECT)
    );
    println!("scan end message: {}", end["params"]["value"]["message"]);
    println!("\n| measure | value |\n|---|---:|");
    println!(
        "| initial scan (initialized → progress end) | {} |",
        ms(scan)
    );
    println!("| RSS after initialize, before the scan | {} |", mb(idle));
    println!("| peak RSS after the scan (VmHWM) | {} |", mb(peak));
    println!("| RSS after the scan (VmRSS) | {} |", mb(resident));
    println!("| RSS after the queries (VmRSS) | {} |", mb(after_queries));
    println!(
        "| workspace/symbol, all {} requests: median / p95 / p99 | {} / {} / {} |",
        all.len(),
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.95)),
        ms(percentile(&all, 0.99))
    );
    println!("\n| query | results | median | p95 | p99 |\n|---|---:|---:|---:|---:|");
    for (query, count, samples) in rows {
        println!(
            "| `{query}` | {count} | {} | {} | {} |",
            ms(percentile(&samples, 0.5)),
            ms(percentile(&samples, 0.95)),
            ms(percentile(&samples, 0.99))
        );
    }
}
