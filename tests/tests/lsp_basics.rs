//! The server as an editor meets it: handshake, encodings, diagnostics, completion and hover on
//! fixture templates, over the real binary's stdio.

use cyclecloud_e2e::lsp::LspClient;
use cyclecloud_e2e::repo_root;
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures").join(name)).expect("fixture exists")
}

fn started(capabilities: Value, options: Value) -> (LspClient, Value) {
    let mut client = LspClient::start();
    let response = client.initialize(capabilities, options);
    (client, response)
}

#[test]
fn encoding_is_negotiated_preferring_utf8() {
    let (client, response) = started(
        json!({ "general": { "positionEncodings": ["utf-16", "utf-8"] } }),
        Value::Null,
    );
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
    assert_eq!(
        response["result"]["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(client.shutdown_and_exit().0, 0);

    let (client, response) = started(json!({}), Value::Null);
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"],
        "utf-16"
    );
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn missing_image_os_is_published_with_the_document_version() {
    let (mut client, _) = started(json!({}), Value::Null);
    client.open(
        "file:///demo/templates/missing-image-os.txt",
        7,
        &fixture("missing-image-os.txt"),
    );
    let diagnostics = client.diagnostics_for("file:///demo/templates/missing-image-os.txt", 7);
    insta::assert_json_snapshot!("missing_image_os", diagnostics);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn jetpack_version_mismatch_uses_the_configured_version() {
    let (mut client, _) = started(json!({}), json!({ "cyclecloudVersion": "8.7.0" }));
    client.open(
        "file:///demo/templates/jetpack-version.txt",
        1,
        &fixture("jetpack-version.txt"),
    );
    let diagnostics = client.diagnostics_for("file:///demo/templates/jetpack-version.txt", 1);
    insta::assert_json_snapshot!("jetpack_version_mismatch", diagnostics);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn jetpack_platform_completion_offers_every_platform() {
    let (mut client, _) = started(
        json!({ "textDocument": { "completion": { "completionItem": { "snippetSupport": true } } } }),
        Value::Null,
    );
    let uri = "file:///demo/templates/completion-and-hover.txt";
    client.open(uri, 1, &fixture("completion-and-hover.txt"));
    let response = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 5, "character": 22 } }),
    );
    let items: Vec<Value> = response["result"]["items"]
        .as_array()
        .expect("a completion list")
        .iter()
        .map(|item| json!({ "label": item["label"], "detail": item["detail"], "kind": item["kind"], "newText": item["textEdit"]["newText"] }))
        .collect();
    insta::assert_json_snapshot!("jetpack_platform_completion", items);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn hover_on_azure_publisher_explains_it() {
    let (mut client, _) = started(json!({}), Value::Null);
    let uri = "file:///demo/templates/completion-and-hover.txt";
    client.open(uri, 1, &fixture("completion-and-hover.txt"));
    let response = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 10 } }),
    );
    insta::assert_json_snapshot!("hover_azure_publisher", response["result"]);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let (mut client, response) =
        started(json!({ "textDocument": { "diagnostic": {} } }), Value::Null);
    assert!(response["result"]["capabilities"]["diagnosticProvider"].is_object());
    let uri = "file:///demo/templates/missing-image-os.txt";
    client.open(uri, 3, &fixture("missing-image-os.txt"));
    let report = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(report["result"]["kind"], "full");
    assert_eq!(report["result"]["resultId"], "3");
    let codes: Vec<&str> = report["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"CC0201"), "{codes:?}");
    assert_eq!(client.shutdown_and_exit().0, 0);
}

/// Pushed diagnostics are written straight to JSON text by the server, pulled ones through
/// tower-lsp-server's `serde_json::Value`: both must say the same, field for field (codes and
/// their links, related places, tags, ranges in UTF-16), for every fixture template.
#[test]
fn pushed_diagnostics_equal_pulled_ones() {
    let files = cyclecloud_e2e::corpus::corpus_files(&cyclecloud_e2e::corpus::fixtures_dir());
    let (mut pushing, _) = started(json!({}), Value::Null);
    let (mut pulling, _) = started(json!({ "textDocument": { "diagnostic": {} } }), Value::Null);
    let mut compared = 0;
    // And a template with thousands of findings, which the server converts on two threads.
    let many: String = (0..2_500)
        .map(|n| format!("    MachineTyp{n} = Standard_D2s_v5\n"))
        .collect();
    let many = (
        "many.txt".to_owned(),
        format!("[cluster c]\n[[node n]]\n{many}"),
    );
    let fixtures = files.iter().map(|path| {
        let text = std::fs::read_to_string(path).expect("fixture text");
        let name = path.file_name().expect("a file").to_string_lossy();
        (name.into_owned(), text)
    });
    for (index, (name, text)) in fixtures.chain([many]).enumerate() {
        let uri = format!("file:///demo/templates/{name}");
        let version = index as i64 + 1;
        pushing.open(&uri, version, &text);
        let pushed = pushing.diagnostics_for(&uri, version);
        pulling.open(&uri, version, &text);
        let pulled = pulling.request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        );
        assert_eq!(pushed, pulled["result"]["items"], "{name}");
        compared += pushed.as_array().map_or(0, Vec::len);
    }
    assert!(compared >= 2_510, "only {compared} diagnostics compared");
    assert_eq!(pushing.shutdown_and_exit().0, 0);
    assert_eq!(pulling.shutdown_and_exit().0, 0);
}

#[test]
fn serve_subcommand_is_the_same_server() {
    let mut client = LspClient::start_with_args(&["serve"]);
    let response = client.initialize(json!({}), Value::Null);
    assert_eq!(response["result"]["serverInfo"]["name"], "cyclecloud-lsp");
    assert_eq!(client.shutdown_and_exit().0, 0);
}

/// A client that resolves `documentation` lazily gets a list without it (half the bytes) and
/// the same documentation from `completionItem/resolve`; an item of an older list comes back
/// unchanged rather than with another item's documentation.
#[test]
fn completion_documentation_is_resolved_lazily_when_the_client_can() {
    let inline_docs = |client: &mut LspClient, uri: &str| {
        let response = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 4 } }),
        );
        response["result"]["items"]
            .as_array()
            .expect("a list")
            .clone()
    };
    let uri = "file:///demo/templates/completion-and-hover.txt";
    let text = fixture("completion-and-hover.txt");

    let (mut eager, _) = started(json!({}), Value::Null);
    eager.open(uri, 1, &text);
    let with_docs = inline_docs(&mut eager, uri);
    assert!(with_docs.iter().all(|item| item.get("data").is_none()));
    assert_eq!(eager.shutdown_and_exit().0, 0);

    let capabilities = json!({ "textDocument": { "completion": { "completionItem": {
        "resolveSupport": { "properties": ["documentation", "detail"] } } } } });
    let (mut lazy, response) = started(capabilities, Value::Null);
    assert_eq!(
        response["result"]["capabilities"]["completionProvider"]["resolveProvider"],
        json!(true)
    );
    lazy.open(uri, 1, &text);
    let without_docs = inline_docs(&mut lazy, uri);
    assert_eq!(without_docs.len(), with_docs.len());
    let documented = with_docs
        .iter()
        .filter(|item| item.get("documentation").is_some())
        .count();
    assert!(documented > 10, "{documented} items with documentation");
    for (lazy_item, eager_item) in without_docs.iter().zip(&with_docs) {
        assert_eq!(lazy_item["label"], eager_item["label"]);
        assert!(lazy_item.get("documentation").is_none(), "{lazy_item}");
        let resolved = lazy.request("completionItem/resolve", lazy_item.clone());
        assert_eq!(
            resolved["result"].get("documentation"),
            eager_item.get("documentation"),
            "{}",
            lazy_item["label"]
        );
    }
    // A newer list makes the old items' data stale: they resolve to themselves.
    let stale = without_docs
        .iter()
        .find(|item| item.get("data").is_some())
        .expect("an item with data")
        .clone();
    inline_docs(&mut lazy, uri);
    let resolved = lazy.request("completionItem/resolve", stale.clone());
    assert_eq!(resolved["result"], stale);
    assert_eq!(lazy.shutdown_and_exit().0, 0);
}
