//! Settings reach the checks: initializationOptions, `didChangeConfiguration` (which re-checks
//! open documents), `workspace/configuration`, and the project's `.cyclecloud-lsp.toml`.

use cyclecloud_e2e::lsp::LspClient;
use cyclecloud_e2e::repo_root;
use serde_json::{json, Value};

fn jetpack_fixture() -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/jetpack-version.txt")).unwrap()
}

fn messages(diagnostics: &Value, code: &str) -> Vec<String> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn did_change_configuration_rechecks_open_documents() {
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    let uri = "file:///settings/templates/jetpack.txt";
    client.open(uri, 1, &jetpack_fixture());
    let first = client.diagnostics_for(uri, 1);
    assert_eq!(
        messages(&first, "CC0202"),
        vec!["`JetpackVersion` 8.7.0 differs from 8.6.0 used elsewhere in this cluster"]
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "cyclecloud": { "cyclecloudVersion": "8.6.0" } } }),
    );
    let second = client.diagnostics_for(uri, 1);
    assert_eq!(
        messages(&second, "CC0202"),
        vec!["`JetpackVersion` is 8.7.0 but the target CycleCloud version is 8.6.0: a server comes with the Jetpack of its own version, so nodes install this one only if it was also added to the server's Jetpack staging folder"]
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "cyclecloud": { "rules": { "CC0202": "off" } } } }),
    );
    let third = client.diagnostics_for(uri, 1);
    assert!(messages(&third, "CC0202").is_empty(), "{third}");
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn workspace_configuration_is_requested_and_applied() {
    let mut client = LspClient::start();
    client.configuration = json!([{ "cyclecloudVersion": "8.6.0" }]);
    client.initialize(
        json!({ "workspace": { "configuration": true } }),
        Value::Null,
    );
    // The server asks right after `initialized`; wait until it has, then open.
    client.wait_for(|m| m["method"] == "workspace/configuration");
    let uri = "file:///settings/templates/jetpack.txt";
    client.open(uri, 1, &jetpack_fixture());
    let diagnostics = client.diagnostics_for(uri, 1);
    assert_eq!(
        messages(&diagnostics, "CC0202"),
        vec!["`JetpackVersion` is 8.7.0 but the target CycleCloud version is 8.6.0: a server comes with the Jetpack of its own version, so nodes install this one only if it was also added to the server's Jetpack staging folder"]
    );
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn the_project_config_file_is_found_above_the_template() {
    let dir = std::env::temp_dir().join(format!("cyclecloud-lsp-settings-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join(".cyclecloud-lsp.toml"),
        "cyclecloud-version = \"8.6.0\"\n[rules]\nCC0104 = \"off\"\n",
    )
    .unwrap();
    let path = dir.join("templates/jetpack.txt");
    std::fs::write(&path, jetpack_fixture()).unwrap();
    let uri = format!("file://{}", path.display());

    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    client.open(&uri, 1, &jetpack_fixture());
    let diagnostics = client.diagnostics_for(&uri, 1);
    assert_eq!(
        messages(&diagnostics, "CC0202"),
        vec!["`JetpackVersion` is 8.7.0 but the target CycleCloud version is 8.6.0: a server comes with the Jetpack of its own version, so nodes install this one only if it was also added to the server's Jetpack staging folder"]
    );
    assert!(
        messages(&diagnostics, "CC0104").is_empty(),
        "the file turned CC0104 off: {diagnostics}"
    );
    assert_eq!(client.shutdown_and_exit().0, 0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_vm_size_file_named_by_the_config_feeds_completion_and_hover_and_a_bad_one_is_said_once() {
    let dir = std::env::temp_dir().join(format!("cyclecloud-lsp-vm-sizes-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join(".cyclecloud-lsp.toml"),
        "[vm-sizes]\nfile = \"skus.json\"\nmode = \"replace\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("skus.json"),
        r#"[{"resourceType": "virtualMachines", "name": "Standard_Ours_v1", "family": "ourFamily",
            "locations": ["westeurope", "eastus"],
            "capabilities": [{"name": "vCPUs", "value": "8"}, {"name": "MemoryGB", "value": "32"},
                             {"name": "LowPriorityCapable", "value": "True"}]}]"#,
    )
    .unwrap();
    let text = "[cluster c]\n[[nodearray a]]\nMachineType = \n";
    let uri = format!("file://{}", dir.join("templates/a.txt").display());

    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    client.open(&uri, 1, text);
    client.diagnostics_for(&uri, 1);
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 14 } }),
    );
    let items = completion["result"]["items"].as_array().unwrap();
    let labels: Vec<&str> = items
        .iter()
        .filter_map(|item| item["label"].as_str())
        .collect();
    assert_eq!(
        labels,
        ["Standard_Ours_v1"],
        "the file replaces the built-in sizes"
    );
    assert_eq!(items[0]["detail"], "8 vCPU · 32 GiB · Spot");
    assert_eq!(completion["result"]["isIncomplete"], false);

    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "text": "[cluster c]\n[[nodearray a]]\nMachineType = Standard_Ours_v1\n" }] }),
    );
    client.diagnostics_for(&uri, 2);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 20 } }),
    );
    let markdown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        markdown.contains("`ourFamily`") && markdown.contains("Offered in 2 regions"),
        "{markdown}"
    );
    assert_eq!(client.shutdown_and_exit().0, 0);

    // A malformed file: one warning for the project, however many templates open.
    std::fs::write(dir.join("skus.json"), "{ not json").unwrap();
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    for (n, name) in ["b.txt", "c.txt"].into_iter().enumerate() {
        let uri = format!("file://{}", dir.join("templates").join(name).display());
        client.open(&uri, 1, text);
        client.diagnostics_for(&uri, 1);
        let completion = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 14 } }),
        );
        assert_eq!(
            completion["result"]["isIncomplete"], true,
            "built-in sizes, round {n}"
        );
    }
    let about_the_file = |m: &Value| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|text| text.contains("skus.json"))
    };
    let warning = client.wait_for(about_the_file);
    let message = warning["params"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("not JSON") && message.ends_with("using the built-in VM sizes"),
        "{message}"
    );
    // Everything the server sent for both templates came before this answer: a second warning
    // would be found first.
    let id = client.send_request("shutdown", Value::Null);
    let next = client.wait_for(|m| about_the_file(m) || m.get("id") == Some(&json!(id)));
    assert!(!about_the_file(&next), "said twice: {next}");
    client.notify("exit", Value::Null);
    assert_eq!(client.finish().0, 0);
    std::fs::remove_dir_all(&dir).ok();
}
