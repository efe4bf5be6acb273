//! The server checks a template against the CycleCloud project it belongs to (issue 18): a
//! template opened from `tests/fixtures/projects/myproj` gets the project findings (CC0805,
//! CC0806) and completes its spec names and version in `[[[cluster-init` headers, and a project
//! outside the workspace folders is not read.

use std::path::Path;

use cyclecloud_e2e::lsp::LspClient;
use cyclecloud_e2e::repo_root;
use serde_json::json;

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The codes of the diagnostics the server publishes for the fixture template opened in a
/// session whose only workspace folder is `folder`.
fn codes_with_workspace(folder: &Path) -> Vec<String> {
    let template = repo_root()
        .join("tests/fixtures/projects/myproj/templates/myproj.txt")
        .canonicalize()
        .expect("fixture template");
    let mut client = LspClient::start();
    let root = uri(folder);
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{ "uri": root, "name": "ws" }],
            "capabilities": {},
        }),
    );
    client.notify("initialized", json!({}));
    let text = std::fs::read_to_string(&template).expect("fixture reads");
    let template_uri = uri(&template);
    client.open(&template_uri, 1, &text);
    let diagnostics = client.diagnostics_for(&template_uri, 1);
    let (code, _) = client.shutdown_and_exit();
    assert_eq!(code, 0);
    diagnostics
        .as_array()
        .expect("a list")
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap_or_default().to_owned())
        .collect::<Vec<String>>()
        .into_iter()
        .filter(|code| code.starts_with("CC08"))
        .collect()
}

#[test]
fn a_template_in_a_project_gets_the_project_findings() {
    let project = repo_root()
        .join("tests/fixtures/projects/myproj")
        .canonicalize()
        .expect("fixture project");
    assert_eq!(codes_with_workspace(&project), ["CC0805", "CC0806"]);
}

#[test]
fn a_project_outside_the_workspace_folders_is_not_read() {
    let templates = repo_root()
        .join("tests/fixtures/projects/myproj/templates")
        .canonicalize()
        .expect("fixture templates");
    assert_eq!(codes_with_workspace(&templates), Vec::<String>::new());
}

#[test]
fn cluster_init_headers_complete_the_projects_specs_and_version() {
    let project = repo_root()
        .join("tests/fixtures/projects/myproj")
        .canonicalize()
        .expect("fixture project");
    let template = project.join("templates/myproj.txt");
    let mut client = LspClient::start();
    let root = uri(&project);
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{ "uri": root, "name": "ws" }],
            "capabilities": {},
        }),
    );
    client.notify("initialized", json!({}));
    let text = std::fs::read_to_string(&template).expect("fixture reads");
    let template_uri = uri(&template);
    client.open(&template_uri, 1, &text);
    let labels = |client: &mut LspClient, line: usize, character: usize| -> Vec<String> {
        let response = client.request(
            "textDocument/completion",
            json!({
                "textDocument": { "uri": template_uri },
                "position": { "line": line, "character": character },
            }),
        );
        let result = &response["result"];
        let items = result["items"]
            .as_array()
            .or(result.as_array())
            .cloned()
            .unwrap_or_default();
        items
            .iter()
            .map(|item| item["label"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    // Line 10 is `        [[[cluster-init myproj:sheduler:1.1.0]]]`: after `myproj:` and after
    // `sheduler:`.
    let column = |needle: &str| text.lines().nth(9).unwrap().find(needle).unwrap() + needle.len();
    assert_eq!(
        labels(&mut client, 9, column("myproj:")),
        ["default", "execute", "scheduler"]
    );
    assert_eq!(labels(&mut client, 9, column("sheduler:")), ["1.1.0"]);
    let (code, _) = client.shutdown_and_exit();
    assert_eq!(code, 0);
}

/// The CC08xx codes of a `publishDiagnostics` message.
fn project_codes(message: &serde_json::Value) -> Vec<String> {
    message["params"]["diagnostics"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|diagnostic| diagnostic["code"].as_str())
                .filter(|code| code.starts_with("CC08"))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn project_findings_follow_project_ini_and_spec_folders_changed_on_disk() {
    let root =
        std::env::temp_dir().join(format!("cyclecloud-project-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("specs/default")).expect("spec folder");
    std::fs::create_dir_all(root.join("templates")).expect("templates folder");
    let root = root.canonicalize().expect("temp folder");
    std::fs::write(
        root.join("project.ini"),
        "[project]\nname = p\nversion = 1.0.0\n",
    )
    .expect("project.ini");
    let text = "[cluster c]\n[[node n]]\n    [[[cluster-init p:default:1.0.0]]]\n    [[[cluster-init p:extra:1.0.0]]]\n";
    let template = root.join("templates/c.txt");
    std::fs::write(&template, text).expect("template");

    let mut client = LspClient::start();
    let folder = uri(&root);
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": folder,
            "workspaceFolders": [{ "uri": folder, "name": "ws" }],
            "capabilities": {
                "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
            },
        }),
    );
    client.notify("initialized", json!({}));
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    let globs: Vec<String> = registration["params"]["registrations"][0]["registerOptions"]
        ["watchers"]
        .as_array()
        .expect("watchers")
        .iter()
        .map(|watcher| {
            watcher["globPattern"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert!(globs.contains(&"**/project.ini".to_owned()), "{globs:?}");
    let template_uri = uri(&template);
    client.open(&template_uri, 1, text);
    let published = |codes: &'static [&'static str]| {
        let wanted = template_uri.clone();
        move |m: &serde_json::Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == wanted.as_str()
                && project_codes(m) == codes
        }
    };
    // `extra` is no spec of the project yet.
    client.wait_for(published(&["CC0805"]));

    // The spec folder is created: the finding goes without reopening the template.
    std::fs::create_dir_all(root.join("specs/extra")).expect("new spec");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&root.join("specs/extra")), "type": 1 }] }),
    );
    client.wait_for(published(&[]));

    // The project's version moves on: both references now name an old version.
    std::fs::write(
        root.join("project.ini"),
        "[project]\nname = p\nversion = 1.1.0\n",
    )
    .expect("project.ini");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&root.join("project.ini")), "type": 2 }] }),
    );
    client.wait_for(published(&["CC0806", "CC0806"]));
    assert_eq!(client.shutdown_and_exit().0, 0);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn projects_are_indexed_in_the_background_with_progress_and_read_from_the_index() {
    let root =
        std::env::temp_dir().join(format!("cyclecloud-project-index-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for index in 0..40 {
        let project = root.join(format!("p{index}"));
        std::fs::create_dir_all(project.join("specs/default")).expect("spec folder");
        std::fs::create_dir_all(project.join("templates")).expect("templates folder");
        std::fs::write(
            project.join("project.ini"),
            format!("[project]\nname = p{index}\nversion = 1.0.0\n"),
        )
        .expect("project.ini");
        std::fs::write(
            project.join("templates/c.txt"),
            format!("[cluster c]\n[[node n]]\n    [[[cluster-init p{index}:default:1.0.0]]]\n"),
        )
        .expect("template");
    }
    let root = root.canonicalize().expect("temp folder");

    let mut client = LspClient::start();
    let folder = uri(&root);
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": folder,
            "workspaceFolders": [{ "uri": folder, "name": "ws" }],
            "capabilities": {
                "window": { "workDoneProgress": true },
                "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
            },
        }),
    );
    client.notify("initialized", json!({}));
    let end =
        client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert_eq!(
        end["params"]["value"]["message"],
        "40 templates and 40 projects indexed"
    );

    // The project changes on disk without the watcher telling: the template is checked against
    // the project as indexed, so opening it reads nothing from the disk.
    let project = root.join("p7");
    std::fs::write(
        project.join("project.ini"),
        "[project]\nname = p7\nversion = 2.0.0\n",
    )
    .expect("project.ini");
    let template = project.join("templates/c.txt");
    let text = std::fs::read_to_string(&template).expect("template reads");
    let template_uri = uri(&template);
    client.open(&template_uri, 1, &text);
    let published = |codes: &'static [&'static str]| {
        let wanted = template_uri.clone();
        move |m: &serde_json::Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == wanted.as_str()
                && project_codes(m) == codes
        }
    };
    client.wait_for(published(&[]));
    // The watcher reports the change: the project is read again, the version no longer matches.
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&project.join("project.ini")), "type": 2 }] }),
    );
    client.wait_for(published(&["CC0806"]));
    // The project.ini is deleted: the template no longer belongs to a project.
    std::fs::remove_file(project.join("project.ini")).expect("remove project.ini");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&project.join("project.ini")), "type": 3 }] }),
    );
    client.wait_for(published(&[]));
    assert_eq!(client.shutdown_and_exit().0, 0);
    let _ = std::fs::remove_dir_all(&root);
}
