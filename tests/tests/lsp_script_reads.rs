//! The configuration keys cluster-init scripts read, over the real binary's stdio: the
//! unread-key hint (CC0604) and go-to-definition follow scripts as they are changed, created
//! and deleted on disk (`workspace/didChangeWatchedFiles`, which the server asks the client for)
//! and as an open script is edited; and completion of the keys other templates set.

use std::path::{Path, PathBuf};

use cyclecloud_e2e::lsp::LspClient;
use serde_json::{json, Value};

const TEMPLATE: &str = "\
[cluster demo]
    [[node server]]
    MachineType = Standard_D2s_v5
        [[[configuration]]]
        app.port = 8080
        app.host = example
        slurm.site_setting = 1
";

/// A fresh workspace folder with one template and one script, removed on drop.
struct Workspace {
    root: PathBuf,
}

impl Workspace {
    fn new(name: &str) -> Workspace {
        let root = std::env::temp_dir().join(format!(
            "cyclecloud-script-reads-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let workspace = Workspace {
            root: root.canonicalize().unwrap(),
        };
        workspace.write("templates/demo.txt", TEMPLATE);
        workspace.write(
            "specs/default/cluster-init/scripts/10-app.sh",
            "#!/bin/bash\nPORT=$(jetpack config app.port 80)\n",
        );
        workspace
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn uri(&self, relative: &str) -> String {
        uri(&self.path(relative))
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Starts the server on the workspace with a client that shows progress and watches files,
/// and waits for the initial scan.
fn start(workspace: &Workspace) -> LspClient {
    let mut client = LspClient::start();
    let root = uri(&workspace.root);
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{ "uri": root, "name": "ws" }],
            "capabilities": {
                "window": { "workDoneProgress": true },
                "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
            },
        }),
    );
    client.notify("initialized", json!({}));
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    client
}

/// The keys of the CC0604 findings of a published diagnostics list, in order.
fn unread_keys(text: &str, diagnostics: &Value) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .filter(|diagnostic| diagnostic["code"] == "CC0604")
        .map(|diagnostic| {
            let start = &diagnostic["range"]["start"];
            let end = &diagnostic["range"]["end"];
            let line = lines[start["line"].as_u64().unwrap() as usize];
            line[start["character"].as_u64().unwrap() as usize
                ..end["character"].as_u64().unwrap() as usize]
                .to_owned()
        })
        .collect()
}

/// Waits for a publish of `uri` whose unread keys are `keys`.
fn wait_for_unread(client: &mut LspClient, uri: &str, keys: &[&str]) {
    let wanted: Vec<String> = keys.iter().map(|key| (*key).to_owned()).collect();
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && unread_keys(TEMPLATE, &m["params"]["diagnostics"]) == wanted
    });
}

fn definition(client: &mut LspClient, uri: &str, line: u32) -> Value {
    client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 10 } }),
    )["result"]
        .clone()
}

#[test]
fn the_unread_key_hint_and_definition_follow_scripts_on_disk() {
    let workspace = Workspace::new("disk");
    let mut client = start(&workspace);
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    let watchers = &registration["params"]["registrations"][0];
    assert_eq!(watchers["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        watchers["registerOptions"]["watchers"][1]["globPattern"],
        "**/specs/*/cluster-init/scripts/*"
    );

    let template = workspace.uri("templates/demo.txt");
    client.open(&template, 1, TEMPLATE);
    wait_for_unread(&mut client, &template, &["app.host"]);
    assert_eq!(definition(&mut client, &template, 5), Value::Null);

    // The script now reads the host too: the hint goes, definition finds the line.
    let script = "specs/default/cluster-init/scripts/10-app.sh";
    workspace.write(
        script,
        "#!/bin/bash\nPORT=$(jetpack config app.port 80)\nHOST=$(jetpack config app.host)\n",
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": workspace.uri(script), "type": 2 }] }),
    );
    wait_for_unread(&mut client, &template, &[]);
    let found = definition(&mut client, &template, 5);
    assert_eq!(found[0]["uri"], workspace.uri(script));
    assert_eq!(
        found[0]["range"]["start"],
        json!({ "line": 2, "character": 22 })
    );

    // The script is deleted and another, reading other keys, created: both keys are unread.
    std::fs::remove_file(workspace.path(script)).unwrap();
    let other = "specs/extra/cluster-init/scripts/20-other.sh";
    workspace.write(other, "jetpack config other.key\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": workspace.uri(script), "type": 3 },
            { "uri": workspace.uri(other), "type": 1 }
        ] }),
    );
    wait_for_unread(&mut client, &template, &["app.port", "app.host"]);
    assert_eq!(definition(&mut client, &template, 5), Value::Null);

    // A deleted folder takes its scripts along: no script reads a key, so the hint is silent.
    std::fs::remove_dir_all(workspace.path("specs/extra")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": workspace.uri("specs/extra"), "type": 3 }] }),
    );
    wait_for_unread(&mut client, &template, &[]);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn an_open_script_counts_with_its_editor_text() {
    let workspace = Workspace::new("open");
    let mut client = start(&workspace);
    let template = workspace.uri("templates/demo.txt");
    client.open(&template, 1, TEMPLATE);
    wait_for_unread(&mut client, &template, &["app.host"]);
    let script = workspace.uri("specs/default/cluster-init/scripts/10-app.sh");
    client.open(
        &script,
        1,
        "#!/bin/bash\njetpack config app.port\njetpack config app.host\n",
    );
    wait_for_unread(&mut client, &template, &[]);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": script, "version": 2 },
            "contentChanges": [{ "text": "#!/bin/bash\njetpack config app.host\n" }]
        }),
    );
    wait_for_unread(&mut client, &template, &["app.port"]);
    // Closed without saving: the text on disk (reading only the port) counts again.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": script } }),
    );
    wait_for_unread(&mut client, &template, &["app.host"]);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn completion_offers_keys_other_workspace_templates_set_after_the_documented_ones() {
    let workspace = Workspace::new("completion");
    workspace.write(
        "templates/other.txt",
        "[cluster other]\n[[node n]]\n[[[configuration]]]\napp.extra = 1\napp.port = 2\n\
         slurm.site_flag = 3\n",
    );
    let mut client = start(&workspace);
    let template = workspace.uri("templates/demo.txt");
    client.open(
        &template,
        1,
        &format!("{TEMPLATE}        app.\n        slurm.\n"),
    );
    let labels = |client: &mut LspClient, line: u32, character: u32| -> Vec<(String, String)> {
        let response = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": template },
                    "position": { "line": line, "character": character } }),
        );
        let items = response["result"]["items"]
            .as_array()
            .or(response["result"].as_array())
            .cloned()
            .unwrap_or_default();
        items
            .iter()
            .map(|item| {
                (
                    item["label"].as_str().unwrap_or("").to_owned(),
                    item["detail"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    // `app.port` and `app.host` are set in this section already; `extra` comes from the other
    // template.
    assert_eq!(
        labels(&mut client, 7, 12),
        [(
            "extra".to_owned(),
            "set in another template of the workspace".to_owned()
        )]
    );
    let slurm = labels(&mut client, 8, 14);
    let documented = slurm.iter().position(|(label, _)| label == "hpc").unwrap();
    let seen = slurm
        .iter()
        .position(|(label, _)| label == "site_flag")
        .expect("the other template's key");
    assert!(documented < seen && seen == slurm.len() - 1, "{slurm:?}");
    assert_eq!(client.shutdown_and_exit().0, 0);
}
