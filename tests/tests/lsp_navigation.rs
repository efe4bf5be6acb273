//! Navigation over the real binary's stdio: definition, declaration, references, highlights,
//! rename, document and workspace symbols, document links — on a workspace folder copied from
//! `tests/fixtures/nav-workspace` (a CycleCloud project: `project.ini`, `templates/`, `specs/`).
//! Paths in snapshots are written relative to the workspace as `$WORKSPACE`.

use std::path::{Path, PathBuf};

use cyclecloud_e2e::lsp::LspClient;
use cyclecloud_e2e::repo_root;
use serde_json::{json, Value};

/// A copy of the fixture workspace in a fresh temporary folder, removed on drop.
struct Workspace {
    root: PathBuf,
}

impl Workspace {
    fn new(name: &str) -> Workspace {
        let base =
            std::env::temp_dir().join(format!("cyclecloud-nav-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("ws");
        copy_dir(&repo_root().join("tests/fixtures/nav-workspace"), &root);
        Workspace {
            root: root.canonicalize().expect("workspace exists"),
        }
    }

    /// The folder holding the workspace (where files outside it go).
    fn outside(&self) -> PathBuf {
        self.root.parent().expect("a parent").to_path_buf()
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn uri(&self, relative: &str) -> String {
        uri(&self.root.join(relative))
    }

    /// Replaces the workspace's URI and path with `$WORKSPACE` everywhere in a JSON value.
    fn relative(&self, value: &Value) -> Value {
        let text = value
            .to_string()
            .replace(&uri(&self.root), "$WORKSPACE")
            .replace(&self.root.display().to_string(), "$WORKSPACE");
        serde_json::from_str(&text).expect("still JSON")
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.outside());
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Starts the server on a workspace folder; with `progress`, the client shows work-done
/// progress and the test can wait for the initial scan's `end`.
fn start(workspace: &Workspace, progress: bool) -> LspClient {
    let mut client = LspClient::start();
    let root = uri(&workspace.root);
    let response = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{ "uri": root, "name": "ws" }],
            "capabilities": { "window": { "workDoneProgress": progress } },
        }),
    );
    let capabilities = &response["result"]["capabilities"];
    for provider in [
        "definitionProvider",
        "declarationProvider",
        "referencesProvider",
        "documentHighlightProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
    ] {
        assert_eq!(capabilities[provider], true, "{provider}");
    }
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
    assert!(capabilities["documentLinkProvider"].is_object());
    client.notify("initialized", json!({}));
    client
}

/// Waits until the initial scan reports its end.
fn wait_for_scan(client: &mut LspClient) -> Value {
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
}

/// Opens a workspace file with its text from disk.
fn open(client: &mut LspClient, workspace: &Workspace, relative: &str) -> (String, String) {
    let text = std::fs::read_to_string(workspace.root.join(relative)).expect("file exists");
    let uri = workspace.uri(relative);
    client.open(&uri, 1, &text);
    (uri, text)
}

/// The position of the `nth` occurrence of `needle` in `text`, `into` characters in (ASCII).
fn at(text: &str, needle: &str, nth: usize, into: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in text"))
        .0
        + into;
    let line = text[..offset].matches('\n').count();
    let character = offset - text[..offset].rfind('\n').map_or(0, |newline| newline + 1);
    json!({ "line": line, "character": character })
}

fn position_request(
    client: &mut LspClient,
    method: &str,
    uri: &str,
    position: Value,
    extra: Value,
) -> Value {
    let mut params = json!({ "textDocument": { "uri": uri }, "position": position });
    if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
        params.extend(extra.clone());
    }
    client.request(method, params)
}

const DEMO: &str = "templates/demo.txt";

#[test]
fn definition_and_declaration_follow_parameters_nodes_environments_and_specs() {
    let workspace = Workspace::new("definition");
    let mut client = start(&workspace, false);
    let (uri, text) = open(&mut client, &workspace, DEMO);
    let cases = [
        ("$region", at(&text, "$region", 0, 3)),
        ("Extends = base", at(&text, "Extends = base", 0, 11)),
        ("Extends = BASE", at(&text, "Extends = BASE", 0, 11)),
        ("vnet.Outputs", at(&text, "vnet.Outputs", 0, 1)),
        ("filer.instance", at(&text, "filer.instance", 0, 2)),
        ("UseLowPrio in :=", at(&text, "UseLowPrio,", 0, 3)),
        ("demo:default", at(&text, "demo:default", 0, 6)),
        ("demo:scheduler", at(&text, "demo:scheduler", 0, 6)),
        ("demo:missing (no folder)", at(&text, "demo:missing", 0, 6)),
        (
            "Spec = default (label form)",
            at(&text, "Spec = default", 0, 9),
        ),
        ("Abstract (nothing)", at(&text, "Abstract", 0, 2)),
    ];
    let mut results = serde_json::Map::new();
    for (name, position) in cases {
        let definition = position_request(
            &mut client,
            "textDocument/definition",
            &uri,
            position.clone(),
            json!({}),
        );
        let declaration = position_request(
            &mut client,
            "textDocument/declaration",
            &uri,
            position,
            json!({}),
        );
        assert_eq!(definition["result"], declaration["result"], "{name}");
        results.insert(name.to_owned(), workspace.relative(&definition["result"]));
    }
    insta::assert_json_snapshot!("definitions", results);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn references_and_highlights_match_case_insensitively() {
    let workspace = Workspace::new("references");
    let mut client = start(&workspace, false);
    let (uri, text) = open(&mut client, &workspace, DEMO);
    let mut results = serde_json::Map::new();
    for (name, position) in [
        ("parameter Region", at(&text, "parameter Region", 0, 11)),
        ("node base", at(&text, "node base", 0, 6)),
        ("node defaults", at(&text, "node defaults", 0, 6)),
        ("parameter UseLowPrio", at(&text, "$UseLowPrio", 0, 2)),
    ] {
        for include in [true, false] {
            let response = position_request(
                &mut client,
                "textDocument/references",
                &uri,
                position.clone(),
                json!({ "context": { "includeDeclaration": include } }),
            );
            let ranges: Vec<Value> = response["result"]
                .as_array()
                .expect("locations")
                .iter()
                .map(|location| {
                    assert_eq!(location["uri"], uri.as_str());
                    location["range"].clone()
                })
                .collect();
            results.insert(format!("{name} (declaration: {include})"), json!(ranges));
        }
        let highlights = position_request(
            &mut client,
            "textDocument/documentHighlight",
            &uri,
            position,
            json!({}),
        );
        results.insert(format!("{name} highlights"), highlights["result"].clone());
    }
    insta::assert_json_snapshot!("references", results);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn rename_rewrites_every_use_and_refuses_with_a_message() {
    let workspace = Workspace::new("rename");
    let mut client = start(&workspace, false);
    let (uri, text) = open(&mut client, &workspace, DEMO);
    let on_region = at(&text, "$region", 0, 2);
    let prepared = position_request(
        &mut client,
        "textDocument/prepareRename",
        &uri,
        on_region.clone(),
        json!({}),
    );
    assert_eq!(prepared["result"]["placeholder"], "region");
    let renamed = position_request(
        &mut client,
        "textDocument/rename",
        &uri,
        on_region.clone(),
        json!({ "newName": "Location" }),
    );
    let node = position_request(
        &mut client,
        "textDocument/rename",
        &uri,
        at(&text, "Extends = BASE", 0, 11),
        json!({ "newName": "common" }),
    );
    insta::assert_json_snapshot!(
        "rename",
        json!({ "parameter": workspace.relative(&renamed["result"]), "node": workspace.relative(&node["result"]) })
    );

    let mut refusals = serde_json::Map::new();
    for (name, method, position, new_name) in [
        (
            "invalid name",
            "textDocument/rename",
            on_region.clone(),
            "2 words",
        ),
        ("collision", "textDocument/rename", on_region, "ImageName"),
        (
            "node collision",
            "textDocument/rename",
            at(&text, "node base", 0, 6),
            "scheduler",
        ),
        (
            "defaults",
            "textDocument/prepareRename",
            at(&text, "node defaults", 0, 6),
            "",
        ),
        (
            "attribute key",
            "textDocument/prepareRename",
            at(&text, "Abstract", 0, 1),
            "",
        ),
        (
            "cluster-init spec",
            "textDocument/prepareRename",
            at(&text, "demo:default", 0, 1),
            "",
        ),
    ] {
        let response = position_request(
            &mut client,
            method,
            &uri,
            position,
            json!({ "newName": new_name }),
        );
        assert!(response["result"].is_null(), "{name}: {response}");
        refusals.insert(name.to_owned(), response["error"].clone());
    }
    insta::assert_json_snapshot!("rename_refusals", refusals);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn document_symbols_nest_sections_and_links_resolve_specs_in_the_project() {
    let workspace = Workspace::new("symbols");
    let mut client = start(&workspace, false);
    let (uri, _) = open(&mut client, &workspace, DEMO);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    insta::assert_json_snapshot!("document_symbols", symbols["result"]);
    let links = client.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri } }),
    );
    insta::assert_json_snapshot!("document_links", workspace.relative(&links["result"]));
    assert_eq!(client.shutdown_and_exit().0, 0);
}

/// Names and files of a `workspace/symbol` answer, in the server's order.
fn symbol_list(workspace: &Workspace, response: &Value) -> Vec<String> {
    response["result"]
        .as_array()
        .expect("symbols")
        .iter()
        .map(|symbol| {
            let file = workspace.relative(&symbol["location"]["uri"]);
            format!(
                "{} (kind {}, in {}) {}",
                symbol["name"].as_str().unwrap_or(""),
                symbol["kind"],
                symbol["containerName"].as_str().unwrap_or("-"),
                file.as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn workspace_symbols_cover_templates_found_by_the_initial_scan() {
    let workspace = Workspace::new("workspace-symbols");
    // Files the scan must skip: ignored by .gitignore, in node_modules/ and target/, a link.
    let template = "[cluster Hidden]\n[[node skipme]]\n";
    workspace.write("ignored/templates/ignored.txt", template);
    workspace.write("node_modules/pkg/templates/module.txt", template);
    workspace.write("target/templates/built.txt", template);
    let outside = workspace.outside().join("outside.txt");
    std::fs::write(&outside, template).unwrap();
    std::os::unix::fs::symlink(&outside, workspace.root.join("templates/linked.txt")).unwrap();

    let mut client = start(&workspace, true);
    let end = wait_for_scan(&mut client);
    assert_eq!(
        end["params"]["value"]["message"],
        "2 templates and 1 project indexed"
    );
    assert!(
        client
            .backlog
            .iter()
            .any(|m| m["method"] == "window/workDoneProgress/create"),
        "the progress token is created before it is used"
    );
    let everything = client.request("workspace/symbol", json!({ "query": "" }));
    let names = symbol_list(&workspace, &everything);
    assert!(names
        .iter()
        .all(|name| !name.contains("skipme") && !name.contains("Hidden")));
    insta::assert_json_snapshot!("workspace_symbols_all", names);

    let fuzzy = client.request("workspace/symbol", json!({ "query": "exmt" }));
    insta::assert_json_snapshot!("workspace_symbols_fuzzy", symbol_list(&workspace, &fuzzy));

    // An open document's text wins over the disk.
    let uri = workspace.uri(DEMO);
    let text = std::fs::read_to_string(workspace.root.join(DEMO)).unwrap();
    client.open(
        &uri,
        1,
        &text.replace("[[nodearray execute]]", "[[nodearray gpuworkers]]"),
    );
    let open = client.request("workspace/symbol", json!({ "query": "workers" }));
    assert_eq!(
        symbol_list(&workspace, &open),
        ["gpuworkers (kind 18, in Demo) $WORKSPACE/templates/demo.txt"]
    );
    let gone = client.request("workspace/symbol", json!({ "query": "execute" }));
    assert!(
        symbol_list(&workspace, &gone)
            .iter()
            .all(|name| !name.starts_with("execute ")),
        "{gone}"
    );
    // Closed again, the disk's text is searched.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let back = client.request("workspace/symbol", json!({ "query": "execute" }));
    assert!(
        symbol_list(&workspace, &back)
            .iter()
            .any(|name| name.starts_with("execute ")),
        "{back}"
    );
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn links_and_definitions_never_leave_the_workspace() {
    let workspace = Workspace::new("escape");
    let outside = workspace.outside().join("outside");
    // A complete project outside the workspace folder, and a folder to escape to.
    std::fs::create_dir_all(outside.join("specs/default")).unwrap();
    std::fs::create_dir_all(outside.join("secret")).unwrap();
    std::fs::create_dir_all(outside.join("templates")).unwrap();
    std::fs::write(outside.join("project.ini"), "[project]\nname = demo\n").unwrap();
    let spec_template = "[cluster c]\n[[node a]]\n[[[cluster-init demo:default:1.0.0]]]\n";
    std::fs::write(outside.join("templates/evil.txt"), spec_template).unwrap();
    // Inside: a spec folder that is a link out, and a project whose project.ini is a link out.
    std::os::unix::fs::symlink(outside.join("secret"), workspace.root.join("specs/escape"))
        .unwrap();
    workspace.write("linked/templates/linked.txt", spec_template);
    std::fs::create_dir_all(workspace.root.join("linked/specs/default")).unwrap();
    std::os::unix::fs::symlink(
        outside.join("project.ini"),
        workspace.root.join("linked/project.ini"),
    )
    .unwrap();
    let escape = "\
[cluster escape]
[[node a]]
[[[cluster-init demo:../../outside/specs/default:1.0.0]]]
[[[cluster-init demo:..:1.0.0]]]
[[[cluster-init demo:escape:1.0.0]]]
[[[cluster-init demo:default/../../../outside/secret:1]]]
[[[cluster-init label]]]
Project = demo
Spec = ../../outside/secret
[[[cluster-init other:default:1.0.0]]]
[[[cluster-init demo:default:1.0.0]]]
";
    workspace.write("templates/escape.txt", escape);

    let mut client = start(&workspace, false);
    let inside = uri(&workspace.root);
    // The only link that may resolve: the control spec on the last line.
    let escape_uri = workspace.uri("templates/escape.txt");
    client.open(&escape_uri, 1, escape);
    let links = client.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": escape_uri } }),
    );
    let targets: Vec<Value> = links["result"]
        .as_array()
        .expect("links")
        .iter()
        .map(|link| workspace.relative(&json!([link["range"]["start"]["line"], link["target"]])))
        .collect();
    assert_eq!(
        targets,
        [json!([10, "$WORKSPACE/specs/default"])],
        "only the plain spec of this project links"
    );
    for (line, _) in escape.lines().enumerate().skip(2) {
        let definition = client.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": escape_uri }, "position": { "line": line, "character": 24 } }),
        );
        let text = definition["result"].to_string();
        assert!(
            line == 10 || definition["result"].is_null(),
            "line {line}: {text}"
        );
        assert!(
            !text.contains("outside") && !text.contains("secret"),
            "{text}"
        );
    }

    // The same spec from templates whose project is outside, or whose project.ini is a link, or
    // reached through `..` in the document's own URI: nothing resolves.
    let sneaky = [
        uri(&outside.join("templates/evil.txt")),
        format!("{inside}/templates/../../outside/templates/evil.txt"),
        workspace.uri("linked/templates/linked.txt"),
    ];
    for document in sneaky {
        client.open(&document, 1, spec_template);
        let links = client.request(
            "textDocument/documentLink",
            json!({ "textDocument": { "uri": document } }),
        );
        assert_eq!(links["result"], json!([]), "{document}");
        let definition = client.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": document }, "position": { "line": 2, "character": 20 } }),
        );
        assert!(definition["result"].is_null(), "{document}: {definition}");
    }
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn definition_on_a_configuration_key_goes_to_the_scripts_that_read_it() {
    let workspace = Workspace::new("config-reads");
    // A second script of another spec reads the same key in another case; a file outside
    // `scripts/` and an ignored one do not count.
    workspace.write(
        "specs/scheduler/cluster-init/scripts/20-check.sh",
        "#!/bin/bash\necho $(jetpack config DEMO.FILER)\n",
    );
    workspace.write(
        "specs/scheduler/cluster-init/files/helper.sh",
        "jetpack config demo.filer\n",
    );
    workspace.write(
        "ignored/specs/x/cluster-init/scripts/a.sh",
        "jetpack config demo.filer\n",
    );
    let mut client = start(&workspace, true);
    wait_for_scan(&mut client);
    let (uri, text) = open(&mut client, &workspace, DEMO);
    let definition = position_request(
        &mut client,
        "textDocument/definition",
        &uri,
        at(&text, "demo.filer", 0, 6),
        json!({}),
    );
    assert_eq!(
        workspace.relative(&definition["result"]),
        json!([
            {
                "uri": "$WORKSPACE/specs/default/cluster-init/scripts/10-setup.sh",
                "range": {
                    "start": { "line": 2, "character": 23 },
                    "end": { "line": 2, "character": 33 }
                }
            },
            {
                "uri": "$WORKSPACE/specs/scheduler/cluster-init/scripts/20-check.sh",
                "range": {
                    "start": { "line": 1, "character": 22 },
                    "end": { "line": 1, "character": 32 }
                }
            }
        ])
    );
    // A key no script reads, and a line that is not a configuration key, lead nowhere.
    let nothing = position_request(
        &mut client,
        "textDocument/definition",
        &uri,
        at(&text, "Size = 128", 0, 1),
        json!({}),
    );
    assert_eq!(nothing["result"], Value::Null);
    assert_eq!(client.shutdown_and_exit().0, 0);
}
