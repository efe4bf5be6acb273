//! Bad requests get an error or nothing, never a crash or a hang; exit codes follow the spec.

use cyclecloud_e2e::lsp::LspClient;
use serde_json::{json, Value};

fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked"),
        "the server panicked:\n{stderr}"
    );
}

#[test]
fn unknown_documents_and_out_of_range_positions() {
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    let unknown = json!({ "textDocument": { "uri": "file:///nowhere.txt" }, "position": { "line": 0, "character": 0 } });
    assert_eq!(
        client.request("textDocument/hover", unknown.clone())["result"],
        Value::Null
    );
    assert_eq!(
        client.request("textDocument/completion", unknown)["result"],
        Value::Null
    );
    client.open("file:///t/templates/a.txt", 1, "[cluster a]\nx = 1\n");
    for position in [
        json!({ "line": 9999, "character": 0 }),
        json!({ "line": 0, "character": 99999 }),
        json!({ "line": 4294967295u32, "character": 4294967295u32 }),
    ] {
        let params =
            json!({ "textDocument": { "uri": "file:///t/templates/a.txt" }, "position": position });
        let hover = client.request("textDocument/hover", params.clone());
        assert!(hover.get("error").is_none(), "{hover}");
        let completion = client.request("textDocument/completion", params);
        assert!(completion.get("error").is_none(), "{completion}");
    }
    // An edit far outside the text is clamped, not fatal.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///t/templates/a.txt", "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 50, "character": 3 }, "end": { "line": 2, "character": 0 } }, "text": "y = 2\n" }] }),
    );
    client.diagnostics_for("file:///t/templates/a.txt", 2);
    let (code, stderr) = client.shutdown_and_exit();
    assert_eq!(code, 0);
    assert_no_panic(&stderr);
}

#[test]
fn malformed_params_get_an_error_response() {
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    let response = client.request("textDocument/hover", json!({ "textDocument": 42 }));
    assert!(response.get("error").is_some(), "{response}");
    let response = client.request("cyclecloud/noSuchMethod", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    client.notify("textDocument/didChange", json!({ "nonsense": true }));
    client.notify("$/cancelRequest", json!({ "id": 12345 }));
    let response = client.request("textDocument/hover", json!({ "textDocument": { "uri": "file:///x" }, "position": { "line": 0, "character": 0 } }));
    assert!(response.get("error").is_none(), "still serving: {response}");
    let (code, stderr) = client.shutdown_and_exit();
    assert_eq!(code, 0);
    assert_no_panic(&stderr);
}

#[test]
fn large_and_binary_documents_and_rapid_open_close() {
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    // 10 MB the way real big templates get big: long scripts and comments around some nodes.
    let mut big = String::from("[cluster big]\n");
    for i in 0..200 {
        big.push_str(&format!(
            "    [[nodearray n{i}]]\n    MachineType = Standard_D4s_v5\n    # {}\n",
            "note ".repeat(200)
        ));
    }
    big.push_str("    [[node defaults]]\n    CloudInit = \'\'\'#!/bin/bash\n");
    while big.len() < 10 * 1024 * 1024 {
        big.push_str(
            "echo \"configuring $HOSTNAME with [brackets] and # hashes\" >> /var/log/setup.log\n",
        );
    }
    big.push_str("\'\'\'\n");
    client.open("file:///t/templates/big.txt", 1, &big);
    client.diagnostics_for("file:///t/templates/big.txt", 1);
    let binary: String = (0..50_000u32)
        .map(|n| char::from_u32(n % 0xD7FF).unwrap_or('\u{fffd}'))
        .collect();
    client.open("file:///t/templates/binary.txt", 1, &binary);
    client.diagnostics_for("file:///t/templates/binary.txt", 1);
    for n in 0..200 {
        let uri = format!("file:///t/templates/r{}.txt", n % 3);
        client.open(&uri, n, "[cluster r]\n");
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
    let response = client.request("textDocument/hover", json!({ "textDocument": { "uri": "file:///t/templates/big.txt" }, "position": { "line": 2, "character": 6 } }));
    assert!(response.get("error").is_none(), "{response}");
    assert!(response["result"].is_object(), "{response}");
    // A request too large for the transport's reader is set aside and still answered, by id.
    let padded = client.request("textDocument/hover", json!({ "textDocument": { "uri": "file:///t/templates/big.txt" }, "position": { "line": 2, "character": 6 }, "padding": "x".repeat(200_000) }));
    assert_eq!(padded["result"], response["result"]);
    let (code, stderr) = client.shutdown_and_exit();
    assert_eq!(code, 0);
    assert_no_panic(&stderr);
}

/// A change too large for the transport's reader (set aside by the stdio reader) is applied in
/// its place among the small ones around it.
#[test]
fn a_large_change_is_applied_in_order() {
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    let uri = "file:///t/templates/grow.txt";
    client.open(uri, 1, "[cluster grow]\n");
    let mut big = String::from("[cluster grow]\n");
    for i in 0..3000 {
        big.push_str(&format!(
            "    [[nodearray n{i}]]\n    MachineType = Standard_D4s_v5\n"
        ));
    }
    assert!(big.len() > 100_000);
    let change = |version: i64, changes: Value| json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes });
    client.notify(
        "textDocument/didChange",
        change(2, json!([{ "text": big }])),
    );
    let end = json!({ "line": 6001, "character": 0 });
    let tail =
        json!([{ "range": { "start": end, "end": end }, "text": "    [[nodearray last]]\n" }]);
    client.notify("textDocument/didChange", change(3, tail));
    client.diagnostics_for(uri, 3);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let arrays = symbols["result"][0]["children"]
        .as_array()
        .expect("the cluster's children");
    assert_eq!(arrays.len(), 3001, "{}", &symbols.to_string()[..300]);
    assert_eq!(arrays[3000]["name"], "last", "{}", arrays[3000]);
    let (code, stderr) = client.shutdown_and_exit();
    assert_eq!(code, 0);
    assert_no_panic(&stderr);
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    client.notify("exit", Value::Null);
    let (code, stderr) = client.finish();
    assert_eq!(code, 1);
    assert_no_panic(&stderr);
}
