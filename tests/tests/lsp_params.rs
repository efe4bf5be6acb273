//! Parameter files in the editor (issue 16): a JSON document that the workspace's
//! `[[params]]` globs map to a template gets CC07xx diagnostics, parameter-name and value
//! completion and hover; its diagnostics follow edits of the template; a JSON document no glob
//! matches gets nothing.
//!
//! Fixture: `tests/fixtures/params/` (its `.cyclecloud-lsp.toml` maps `params/typo*.json` to
//! `templates/cluster.txt`; `params/good.json` matches no glob).

use std::path::PathBuf;

use cyclecloud_e2e::lsp::LspClient;
use cyclecloud_e2e::repo_root;
use serde_json::{json, Value};

fn fixture() -> PathBuf {
    repo_root()
        .join("tests/fixtures/params")
        .canonicalize()
        .expect("fixture")
}

fn uri(relative: &str) -> String {
    format!("file://{}", fixture().join(relative).display())
}

/// A session whose workspace folder is the fixture.
fn start() -> LspClient {
    start_in("")
}

/// A session whose workspace folder is `folder` of the fixture.
fn start_in(folder: &str) -> LspClient {
    let mut client = LspClient::start();
    let root = uri(folder);
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{ "uri": root, "name": "params" }],
            "capabilities": {},
        }),
    );
    client.notify("initialized", json!({}));
    client
}

fn open_json(client: &mut LspClient, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "json", "version": 1, "text": text } }),
    );
}

fn codes(diagnostics: &Value) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics
        .as_array()
        .expect("a list")
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    codes.sort();
    codes
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

fn labels(response: &Value) -> Vec<String> {
    let items = match &response["result"] {
        Value::Array(items) => items.clone(),
        other => other["items"].as_array().cloned().unwrap_or_default(),
    };
    items
        .iter()
        .map(|item| item["label"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_configured_parameter_file_gets_findings_completion_and_hover() {
    let mut client = start();
    let typos = uri("params/typos.json");
    let text = "{\n  \"Regoin\": \"westeurope\",\n  \"Scheduler\": \"\"\n}\n";
    open_json(&mut client, &typos, text);
    let diagnostics = client.diagnostics_for(&typos, 1);
    assert!(
        codes(&diagnostics).contains(&"CC0702".to_owned()),
        "{diagnostics}"
    );
    assert_eq!(diagnostics[0]["source"], "cyclecloud-lsp", "{diagnostics}");

    let values = client.request("textDocument/completion", at(&typos, 2, 16));
    assert_eq!(labels(&values), ["slurm", "pbspro"], "{values}");
    let hover = client.request("textDocument/hover", at(&typos, 2, 5));
    let markdown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(markdown.contains("The scheduler to run"), "{hover}");
    assert_eq!(
        hover["result"]["range"]["start"],
        json!({ "line": 2, "character": 2 })
    );
    let half_typed = text.replace("\"\"\n}", "\"\",\n  \"\"\n}");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": typos, "version": 2 },
            "contentChanges": [{ "text": half_typed }],
        }),
    );
    assert_eq!(codes(&client.diagnostics_for(&typos, 2)), ["CC0701"]);
    let names = labels(&client.request("textDocument/completion", at(&typos, 3, 3)));
    assert!(names.contains(&"Region".to_owned()), "{names:?}");
    assert!(names.contains(&"MaxCores".to_owned()), "{names:?}");
    assert!(
        !names.contains(&"Scheduler".to_owned()),
        "already set: {names:?}"
    );

    let (code, _) = client.shutdown_and_exit();
    assert_eq!(code, 0);
}

#[test]
fn a_json_file_no_glob_matches_is_left_alone() {
    let mut client = start();
    let plain = uri("params/good.json");
    let typos = uri("params/typos.json");
    open_json(&mut client, &plain, "{\"Regoin\": 1, \"Scheduler\": \"\"}");
    open_json(&mut client, &typos, "{\"Regoin\": 1}");
    let first = client.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && (message["params"]["uri"] == plain || message["params"]["uri"] == typos)
    });
    assert_eq!(first["params"]["uri"], typos, "{first}");
    let completion = client.request("textDocument/completion", at(&plain, 0, 29));
    assert_eq!(labels(&completion), Vec::<String>::new(), "{completion}");
    let hover = client.request("textDocument/hover", at(&plain, 0, 17));
    assert_eq!(hover["result"], Value::Null, "{hover}");
    let (code, _) = client.shutdown_and_exit();
    assert_eq!(code, 0);
}

#[test]
fn editing_the_template_refreshes_its_open_parameter_files() {
    let mut client = start();
    let typos = uri("params/typos.json");
    open_json(
        &mut client,
        &typos,
        "{\"Region\": \"eastus\", \"Credentials\": \"c\", \"Zone\": 1}",
    );
    assert_eq!(codes(&client.diagnostics_for(&typos, 1)), ["CC0702"]);
    let template = uri("templates/cluster.txt");
    let text = std::fs::read_to_string(fixture().join("templates/cluster.txt")).expect("reads");
    client.open(&template, 1, &text);
    client.diagnostics_for(&template, 1);
    let declared = format!("{text}\n[[[parameter Zone]]]\nParameterType = Integer\n");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": template, "version": 2 },
            "contentChanges": [{ "text": declared }],
        }),
    );
    let refreshed = client.diagnostics_for(&typos, 1);
    assert_eq!(codes(&refreshed), Vec::<String>::new(), "{refreshed}");
    let (code, _) = client.shutdown_and_exit();
    assert_eq!(code, 0);
}

#[test]
fn a_template_outside_the_workspace_is_not_read() {
    let mut client = start_in("params");
    let typos = uri("params/typos.json");
    open_json(&mut client, &typos, "{\"Regoin\": 1}");
    let template = uri("templates/other.txt");
    client.open(&template, 1, "[cluster c]\n");
    let first = client.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && (message["params"]["uri"] == typos || message["params"]["uri"] == template)
    });
    assert_eq!(first["params"]["uri"], template, "{first}");
    let names = client.request("textDocument/completion", at(&typos, 0, 2));
    assert_eq!(labels(&names), Vec::<String>::new(), "{names}");
    let (code, _) = client.shutdown_and_exit();
    assert_eq!(code, 0);
}

#[test]
fn the_editors_rule_levels_apply_to_parameter_files() {
    let mut client = start();
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "cyclecloud": { "rules": { "CC0702": "off" } } } }),
    );
    let typos = uri("params/typos.json");
    open_json(
        &mut client,
        &typos,
        "{\"Region\": \"eastus\", \"Credentials\": \"c\", \"Zone\": 1, \"MaxCores\": 0}",
    );
    assert_eq!(codes(&client.diagnostics_for(&typos, 1)), ["CC0705"]);
    let (code, _) = client.shutdown_and_exit();
    assert_eq!(code, 0);
}
