//! Writes `crates/cyclecloud-cli/link-order.txt`: the functions an editor session runs, in the
//! order the release build's linker lays them out (see that crate's build script).
//!
//! Why: the kernel maps a program's code in 64 KiB blocks around each page it runs, and the
//! functions a session runs are spread over nearly every block of the binary. Laid out together,
//! they take half the blocks (docs/performance.md has the figures).
//!
//! How: the release binary serves four sessions under callgrind, each doing what the one before
//! did and more: opening and typing into a generated 10,000-line template; the same, then opening
//! the fixture templates and typing into one; completion and hover; every other request. The file
//! lists the functions the first ran, then those each later one added, so a session that does
//! less (a real template, typing only) runs mostly the file's first part; within a stage the
//! names are sorted, so a new record differs only where what runs does.
//!
//! Run it as `scripts/link-order` (valgrind must be installed). Symbol names carry a hash of the
//! compiler's version and of each crate's dependencies, so a Rust upgrade, or a dependency added
//! to a crate (which renames that crate's functions and its dependents'), makes the file stale
//! (`scripts/link-order --check` says how much of it the binary still matches); a stale file
//! costs memory, never correctness.

use cyclecloud_e2e::generated::{generated_template, line_after_first_nodearray};
use cyclecloud_e2e::lsp::{editor_capabilities, LspClient};
use cyclecloud_e2e::{binary, repo_root};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a session does; each stage includes the ones before it.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Stage {
    TypingGenerated,
    Typing,
    CompletionAndHover,
    EveryRequest,
}

/// Attribute lines typed into a nodearray, one character per `didChange`.
const TYPED_LINES: [&str; 6] = [
    "    MachineType = Standard_D4s_v5",
    "    MaxCoreCount = 512",
    "    Interruptible = true",
    "    ImageName = cycle.image.ubuntu22",
    "    SubnetId = $SubnetId",
    "    [[[configuration]]]",
];

fn main() {
    let binary = binary();
    let mut templates = vec![(
        "generated-10k.txt".to_owned(),
        generated_template(300, 10_000),
    )];
    let fixtures = repo_root().join("tests/fixtures/templates");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap_or_else(|error| panic!("{}: {error}", fixtures.display()))
        .flatten()
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    for path in paths {
        let bytes = std::fs::read(&path).expect("fixture reads");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        templates.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }

    let mut order = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for stage in [
        Stage::TypingGenerated,
        Stage::Typing,
        Stage::CompletionAndHover,
        Stage::EveryRequest,
    ] {
        let profile = std::env::temp_dir().join(format!(
            "cyclecloud-lsp-callgrind-{}.out",
            std::process::id()
        ));
        let mut command = Command::new("valgrind");
        command
            .arg("--tool=callgrind")
            .arg("--demangle=no")
            .arg(format!("--callgrind-out-file={}", profile.display()))
            .arg(binary);
        let mut client = LspClient::start_command(&mut command);
        session(&mut client, stage, &templates);
        let (code, stderr) = client.shutdown_and_exit();
        assert_eq!(code, 0, "the server under valgrind failed:\n{stderr}");
        let functions = functions_run(&profile, binary);
        let _ = std::fs::remove_file(&profile);
        // Sorted within a stage: callgrind names functions in an order that differs from run
        // to run.
        let mut added: Vec<String> = functions
            .into_iter()
            .filter(|name| seen.insert(name.clone()))
            .collect();
        added.sort_unstable();
        eprintln!("link-order: stage adds {} functions", added.len());
        order.extend(added);
    }

    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
        .arg("-V")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default();
    let out = repo_root().join("crates/cyclecloud-cli/link-order.txt");
    let mut text = format!(
        "# The functions an editor session runs: opening and typing (a generated template, then\n\
         # the fixtures) first, then completion and hover, then the other requests; each stage's\n\
         # sorted by name. Release builds linked by LLD lay them out in this order (build.rs).\n\
         # Written by scripts/link-order (tests/examples/link_order.rs) with {rustc}.\n"
    );
    for name in &order {
        text.push_str(name);
        text.push('\n');
    }
    std::fs::write(&out, text).unwrap_or_else(|error| panic!("{}: {error}", out.display()));
    eprintln!("link-order: {} functions in {}", order.len(), out.display());
}

/// Opens the templates (the first alone at the first stage) and types into the first two; later
/// stages add requests.
fn session(client: &mut LspClient, stage: Stage, templates: &[(String, String)]) {
    let templates = match stage {
        Stage::TypingGenerated => &templates[..1],
        _ => templates,
    };
    client.initialize(editor_capabilities(), json!({}));
    for (index, (name, text)) in templates.iter().enumerate() {
        let uri = format!("file:///link-order/{name}");
        client.open(&uri, 1, text);
        client.diagnostics_for(&uri, 1);
        if index >= 2 {
            continue;
        }
        let at = line_after_first_nodearray(text);
        let mut editor = Editor {
            uri: &uri,
            version: 1,
        };
        editor.insert(client, at, 0, "\n");
        let (mut line, mut character) = (at, 0);
        for c in TYPED_LINES.join("\n").chars() {
            editor.insert(client, line, character, &c.to_string());
            if c == '\n' {
                line += 1;
                character = 0;
            } else {
                character += c.len_utf16() as u32;
            }
        }
        if stage >= Stage::CompletionAndHover {
            completion_and_hover(client, &mut editor, at);
        }
        if stage >= Stage::EveryRequest {
            every_request(client, &mut editor, at, text.lines().count() as u32);
        }
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
}

/// The document being typed into and its version.
struct Editor<'a> {
    uri: &'a str,
    version: i64,
}

impl Editor<'_> {
    /// Inserts `text` at a position and waits for the new version's diagnostics.
    fn insert(&mut self, client: &mut LspClient, line: u32, character: u32, text: &str) {
        self.version += 1;
        client.insert(self.uri, self.version, line, character, text);
    }

    fn document(&self) -> Value {
        json!({ "uri": self.uri })
    }
}

fn position(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// Completion at a key, at values, the resolve of a few items, and hover over the typed lines.
fn completion_and_hover(client: &mut LspClient, editor: &mut Editor, at: u32) {
    for line in [
        "    M",
        "    JetpackPlatform = ",
        "    MachineType = Standard_",
    ] {
        editor.insert(client, at, 0, &format!("{line}\n"));
        let response = client.request(
            "textDocument/completion",
            json!({ "textDocument": editor.document(), "position": position(at, line.len() as u32) }),
        );
        let result = &response["result"];
        let items = result["items"].as_array().or_else(|| result.as_array());
        for item in items.into_iter().flatten().take(3) {
            client.request("completionItem/resolve", item.clone());
        }
    }
    for line in at..at + 10 {
        client.request(
            "textDocument/hover",
            json!({ "textDocument": editor.document(), "position": position(line, 6) }),
        );
    }
}

/// Every other request the server answers, at the typed lines or over the whole document.
fn every_request(client: &mut LspClient, editor: &mut Editor, at: u32, lines: u32) {
    let document = editor.document();
    for line in at..at + 10 {
        let here = json!({ "textDocument": document, "position": position(line, 18) });
        for method in [
            "textDocument/definition",
            "textDocument/declaration",
            "textDocument/documentHighlight",
            "textDocument/prepareRename",
            "textDocument/signatureHelp",
        ] {
            client.request(method, here.clone());
        }
        let mut references = here.clone();
        references["context"] = json!({ "includeDeclaration": true });
        client.request("textDocument/references", references);
    }
    client.request(
        "textDocument/rename",
        json!({ "textDocument": document, "position": position(at + 4, 18), "newName": "Subnet" }),
    );
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": document }),
    );
    editor.insert(client, at, 0, "x");
    if let Some(id) = tokens["result"]["resultId"].as_str() {
        client.request(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": document, "previousResultId": id }),
        );
    }
    for method in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/documentLink",
    ] {
        client.request(method, json!({ "textDocument": document }));
    }
    let whole = json!({ "start": position(0, 0), "end": position(lines, 0) });
    let options = json!({ "tabSize": 4, "insertSpaces": true });
    client.request(
        "textDocument/formatting",
        json!({ "textDocument": document, "options": options }),
    );
    client.request(
        "textDocument/rangeFormatting",
        json!({ "textDocument": document, "range": whole, "options": options }),
    );
    client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": document, "range": whole }),
    );
    client.request(
        "textDocument/selectionRange",
        json!({ "textDocument": document, "positions": [position(at + 2, 8)] }),
    );
    client.request(
        "textDocument/codeAction",
        json!({ "textDocument": document, "range": whole, "context": { "diagnostics": [] } }),
    );
    client.request(
        "textDocument/codeAction",
        json!({ "textDocument": document, "range": whole,
                "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    client.request("workspace/symbol", json!({ "query": "exec" }));
    client.notify("textDocument/didSave", json!({ "textDocument": document }));
}

/// The functions of `binary` that ran, each once.
///
/// The profile names each object (`ob=`) and function (`fn=`) once in full, then by number;
/// a function's costs follow its `fn=` line under the object last named by `ob=`.
fn functions_run(profile: &Path, binary: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(profile)
        .unwrap_or_else(|error| panic!("{}: {error}", profile.display()));
    let binary = binary.canonicalize().unwrap_or_else(|_| binary.to_owned());
    let mut objects = std::collections::HashMap::new();
    let mut functions = std::collections::HashMap::new();
    let mut in_binary = false;
    let mut run = Vec::new();
    for line in text.lines() {
        let (key, rest) = match line.split_once('=') {
            Some((key, rest)) if matches!(key, "ob" | "cob" | "fn" | "cfn") => (key, rest),
            _ => continue,
        };
        let Some((id, name)) = rest
            .strip_prefix('(')
            .and_then(|rest| rest.split_once(')'))
            .map(|(id, name)| (id.to_owned(), name.trim().to_owned()))
        else {
            continue;
        };
        let table = if key.ends_with("ob") {
            &mut objects
        } else {
            &mut functions
        };
        if !name.is_empty() {
            table.insert(id.clone(), name);
        }
        match key {
            "ob" => {
                in_binary = objects.get(&id).is_some_and(|object| {
                    Path::new(object)
                        .canonicalize()
                        .is_ok_and(|object| object == binary)
                })
            }
            "fn" if in_binary => {
                let name = &functions[&id];
                // Unnamed code (`0x…`) and valgrind's `(below main)` are no symbols.
                if !name.starts_with("0x") && !name.starts_with('(') {
                    run.push(name.clone());
                }
            }
            _ => {}
        }
    }
    run
}
