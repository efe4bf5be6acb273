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
