//! A project's own files open in the editor (issue 18): a `project.ini` is kept apart from
//! templates, gets the `project.ini` findings (CC0801–CC0803) as the text changes, under the
//! config file's rule levels, and hover on its `[project]` keys; a cluster-init script gets the
//! script findings (CC0810, CC0811, CC0813) of its editor text beside its folder, never a
//! template's.

use std::path::Path;

use cyclecloud_e2e::lsp::LspClient;
use serde_json::{json, Value};

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The codes of a published or pulled diagnostics list.
fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .expect("a list")
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A temporary project folder, removed when dropped.
struct Project {
    root: std::path::PathBuf,
}

impl Project {
    fn new(name: &str) -> Project {
        let root = std::env::temp_dir().join(format!("cyclecloud-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("specs/default")).expect("spec folder");
        let root = root.canonicalize().expect("temp folder");
        Project { root }
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn start(project: &Project, capabilities: Value) -> LspClient {
    let mut client = LspClient::start();
    let folder = uri(&project.root);
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": folder,
            "workspaceFolders": [{ "uri": folder, "name": "ws" }],
            "capabilities": capabilities,
        }),
    );
    client.notify("initialized", json!({}));
    client
}

fn open_ini(client: &mut LspClient, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "ini", "version": 1, "text": text } }),
    );
}

#[test]
fn an_open_project_ini_gets_its_findings_and_hover_on_its_keys() {
    let project = Project::new("project-ini-open");
    let text = "[project]\nname = p\nverison = 1.0\nversion = v1\n";
    let path = project.root.join("project.ini");
    std::fs::write(&path, text).expect("project.ini");
    let ini_uri = uri(&path);
    let mut client = start(&project, json!({}));
    open_ini(&mut client, &ini_uri, text);
    let found = client.diagnostics_for(&ini_uri, 1);
    assert_eq!(codes(&found), ["CC0802", "CC0803"], "{found}");
    assert_eq!(
        found[0]["range"]["start"],
        json!({ "line": 2, "character": 0 })
    );
    assert!(found[0]["message"]
        .as_str()
        .is_some_and(|message| message.contains("did you mean `version`")));

    // The fixes typed: the findings go as the text changes.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": ini_uri, "version": 2 },
            "contentChanges": [{ "text": "[project]\nname = p\nversion = 1.0.0\n" }],
        }),
    );
    assert_eq!(
        codes(&client.diagnostics_for(&ini_uri, 2)),
        Vec::<String>::new()
    );

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": ini_uri }, "position": { "line": 2, "character": 2 } }),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(shown.starts_with("`[project] version`"), "{hover}");
    assert_eq!(
        hover["result"]["range"],
        json!({ "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 7 } })
    );
    // Nothing on a value, and no template feature answers for it.
    let on_value = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": ini_uri }, "position": { "line": 2, "character": 12 } }),
    );
    assert_eq!(on_value["result"], Value::Null);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": ini_uri } }),
    );
    assert!(
        symbols["result"].as_array().is_none_or(Vec::is_empty),
        "{symbols}"
    );

    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": ini_uri } }),
    );
    let cleared = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == ini_uri.as_str()
            && m["params"]["version"].is_null()
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn project_ini_findings_follow_the_config_files_rule_levels_and_pull() {
    let project = Project::new("project-ini-pull");
    std::fs::write(
        project.root.join(".cyclecloud-lsp.toml"),
        "[rules]\nCC0802 = \"off\"\nCC0803 = \"error\"\n",
    )
    .expect("config");
    let text = "[project]\nname = p\ncolour = blue\nversion = latest\n";
    let path = project.root.join("project.ini");
    std::fs::write(&path, text).expect("project.ini");
    let ini_uri = uri(&path);
    let mut client = start(
        &project,
        json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }),
    );
    open_ini(&mut client, &ini_uri, text);
    let report = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": ini_uri } }),
    );
    let items = &report["result"]["items"];
    assert_eq!(codes(items), ["CC0803"], "{report}");
    assert_eq!(items[0]["severity"], 1);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn an_open_script_gets_the_script_findings_beside_its_folder() {
    let project = Project::new("project-script-open");
    std::fs::write(
        project.root.join("project.ini"),
        "[project]\nname = p\nversion = 1.0.0\n",
    )
    .expect("project.ini");
    let scripts = project.root.join("specs/default/cluster-init/scripts");
    std::fs::create_dir_all(&scripts).expect("scripts folder");
    std::fs::write(scripts.join("10-base.sh"), "#!/bin/bash\n").expect("numbered script");
    let text = "\n#!/bin/bash\r\necho [cluster\r\n";
    std::fs::write(scripts.join("setup.sh"), text).expect("script");
    let mut client = start(
        &project,
        json!({
            "window": { "workDoneProgress": true },
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
        }),
    );
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let script_uri = uri(&scripts.join("setup.sh"));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": script_uri, "languageId": "shellscript", "version": 1, "text": text } }),
    );
    let found = client.diagnostics_for(&script_uri, 1);
    assert_eq!(codes(&found), ["CC0813", "CC0811", "CC0810"], "{found}");
    assert_eq!(
        found[1]["range"]["start"],
        json!({ "line": 1, "character": 0 })
    );

    // Fixed in the editor: the text's own findings go.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": script_uri, "version": 2 },
            "contentChanges": [{ "text": "#!/bin/bash\necho\n" }],
        }),
    );
    assert_eq!(codes(&client.diagnostics_for(&script_uri, 2)), ["CC0813"]);

    // The numbered script is deleted on disk: nothing is numbered, so the order is no concern.
    std::fs::remove_file(scripts.join("10-base.sh")).expect("remove script");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&scripts.join("10-base.sh")), "type": 3 }] }),
    );
    let wanted = script_uri.clone();
    client.wait_for(move |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == wanted.as_str()
            && m["params"]["diagnostics"] == json!([])
    });
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn saving_project_ini_rechecks_open_templates_for_a_client_without_a_file_watcher() {
    let project = Project::new("project-ini-save");
    std::fs::create_dir_all(project.root.join("templates")).expect("templates folder");
    let ini = "[project]\nname = p\nversion = 1.0.0\n";
    let ini_path = project.root.join("project.ini");
    std::fs::write(&ini_path, ini).expect("project.ini");
    let template_text = "[cluster c]\n[[node n]]\n    [[[cluster-init p:default:1.0.0]]]\n";
    let template = project.root.join("templates/c.txt");
    std::fs::write(&template, template_text).expect("template");
    let mut client = start(&project, json!({ "window": { "workDoneProgress": true } }));
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let template_uri = uri(&template);
    client.open(&template_uri, 1, template_text);
    let project_codes = |diagnostics: &Value| -> Vec<String> {
        codes(diagnostics)
            .into_iter()
            .filter(|code| code.starts_with("CC08"))
            .collect()
    };
    assert!(project_codes(&client.diagnostics_for(&template_uri, 1)).is_empty());

    // The version is bumped in the editor and saved.
    let ini_uri = uri(&ini_path);
    open_ini(&mut client, &ini_uri, ini);
    let bumped = "[project]\nname = p\nversion = 1.1.0\n";
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": ini_uri, "version": 2 },
            "contentChanges": [{ "text": bumped }],
        }),
    );
    std::fs::write(&ini_path, bumped).expect("saved project.ini");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": ini_uri } }),
    );
    let wanted = template_uri.clone();
    let published = client.wait_for(move |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == wanted.as_str()
            && !project_codes(&m["params"]["diagnostics"]).is_empty()
    });
    assert_eq!(
        project_codes(&published["params"]["diagnostics"]),
        ["CC0806"]
    );
    assert_eq!(client.shutdown_and_exit().0, 0);
}
