//! Malformed JSON-RPC on stdio, as raw bytes to the real binary: every broken message gets the
//! JSON-RPC error it deserves and the session goes on, or (when the stream cannot be trusted any
//! more) the server exits cleanly; it never panics. tower-lsp-server alone stopped reading after
//! the first undecodable frame; `cyclecloud_server::stdio_input` is the reader that fixes that.

use cyclecloud_e2e::lsp::LspClient;
use serde_json::{json, Value};

fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked"),
        "the server panicked:\n{stderr}"
    );
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn hover_params() -> Value {
    json!({ "textDocument": { "uri": "file:///w/templates/a.txt" }, "position": { "line": 0, "character": 1 } })
}

/// Waits for the response with `id` (`null` for errors about unreadable messages).
fn response_with_id(client: &mut LspClient, id: Value) -> Value {
    client.wait_for(|m| m.get("method").is_none() && m.get("id") == Some(&id))
}

/// A hover still gets a real answer: the session goes on.
fn assert_still_serving(client: &mut LspClient, after: &str) {
    let response = client.request("textDocument/hover", hover_params());
    assert!(
        response.get("error").is_none() && response.get("result").is_some(),
        "after {after}: {response}"
    );
}

fn initialized_client() -> LspClient {
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    client.open("file:///w/templates/a.txt", 1, "[cluster a]\n");
    client
}

#[test]
fn each_malformed_message_gets_its_error_and_the_session_goes_on() {
    let mut client = initialized_client();
    // (what, raw bytes, expected error code, expected id of the error response)
    let cases: Vec<(&str, Vec<u8>, i64, Value)> = vec![
        (
            "invalid JSON",
            framed(br#"{"jsonrpc": "2.0", "id": 3, "method": "#),
            -32700,
            Value::Null,
        ),
        (
            "a body that is not UTF-8",
            framed(b"\xff\xfe{}"),
            -32700,
            Value::Null,
        ),
        ("an empty body", framed(b""), -32700, Value::Null),
        ("a JSON string", framed(br#""hello""#), -32600, Value::Null),
        (
            "a method that is a number",
            framed(br#"{"jsonrpc":"2.0","id":"x","method":5}"#),
            -32600,
            json!("x"),
        ),
        (
            "jsonrpc 1.0",
            framed(br#"{"jsonrpc":"1.0","id":41,"method":"shutdown"}"#),
            -32600,
            json!(41),
        ),
        (
            "no jsonrpc member",
            framed(br#"{"id":42,"method":"textDocument/hover"}"#),
            -32600,
            json!(42),
        ),
        (
            "an id that is an object",
            framed(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#),
            -32600,
            Value::Null,
        ),
        (
            "a batch",
            framed(br#"[{"jsonrpc":"2.0","id":43,"method":"shutdown"}]"#),
            -32600,
            Value::Null,
        ),
        ("an empty batch", framed(b"[]"), -32600, Value::Null),
        (
            "the stdio reader's own placeholder for a large request",
            framed(br#"{"jsonrpc":"2.0","id":44,"method":"$/cyclecloud-lsp/largeRequest"}"#),
            -32600,
            json!(44),
        ),
        (
            "no Content-Length",
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".to_vec(),
            -32700,
            Value::Null,
        ),
        (
            "a Content-Length that is not a number",
            b"Content-Length: abc\r\n\r\n{}".to_vec(),
            -32700,
            Value::Null,
        ),
        (
            "a negative Content-Length",
            b"Content-Length: -1\r\n\r\n{}".to_vec(),
            -32700,
            Value::Null,
        ),
        (
            "a Content-Length shorter than the body",
            b"Content-Length: 2\r\n\r\n{\"jsonrpc\":\"2.0\"}".to_vec(),
            -32700,
            Value::Null,
        ),
        (
            "garbage without any header",
            b"hello\r\n\r\n".to_vec(),
            -32700,
            Value::Null,
        ),
    ];
    for (what, bytes, code, id) in cases {
        eprintln!("sending {what}");
        client.send_raw(&bytes);
        let response = response_with_id(&mut client, id.clone());
        assert_eq!(response["error"]["code"], code, "{what}: {response}");
        assert_still_serving(&mut client, what);
    }
    let (code, stderr) = client.shutdown_and_exit();
    assert_eq!(code, 0, "{stderr}");
    assert_no_panic(&stderr);
}

#[test]
fn wrong_params_unknown_methods_and_misused_notifications_get_errors() {
    let mut client = initialized_client();
    let wrong_type = client.request("textDocument/hover", json!([1, 2]));
    assert_eq!(wrong_type["error"]["code"], -32602, "{wrong_type}");
    let missing = client.request("textDocument/completion", json!({ "position": 3 }));
    assert_eq!(missing["error"]["code"], -32602, "{missing}");
    let unknown = client.request("workspace/noSuchThing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // A notification sent with an id is a request the server does not have.
    let with_id = client.request("initialized", json!({}));
    assert!(with_id.get("error").is_some(), "{with_id}");
    // Unknown notifications (with and without `$/`) and one with bad params are ignored.
    client.notify("$/noSuchNotification", json!({}));
    client.notify("noSuchNotification", json!(7));
    client.notify("textDocument/didOpen", json!({ "textDocument": 5 }));
    // A second initialize is refused.
    let again = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    // A response to a request the server never sent is dropped.
    client.send_raw(&framed(br#"{"jsonrpc":"2.0","id":999,"result":null}"#));
    assert_still_serving(&mut client, "all of the above");
    let (code, stderr) = client.shutdown_and_exit();
    assert_eq!(code, 0, "{stderr}");
    assert_no_panic(&stderr);
}

#[test]
fn requests_before_initialize_are_refused_and_initialize_still_works() {
    let mut client = LspClient::start();
    let early = client.request("textDocument/hover", hover_params());
    assert_eq!(early["error"]["code"], -32002, "{early}");
    let early_shutdown = client.request("shutdown", Value::Null);
    assert_eq!(early_shutdown["error"]["code"], -32002, "{early_shutdown}");
    // Answered apart from the router once initialized (`large_answers`), refused as any before.
    let outline = json!({ "textDocument": { "uri": "file:///w/templates/a.txt" } });
    let early_symbols = client.request("textDocument/documentSymbol", outline);
    assert_eq!(early_symbols["error"]["code"], -32002, "{early_symbols}");
    client.send_raw(&framed(b"{not json"));
    let parse_error = response_with_id(&mut client, Value::Null);
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    let response = client.initialize(json!({}), Value::Null);
    assert!(response["result"]["capabilities"].is_object(), "{response}");
    assert_still_serving(&mut client, "an early request");
    let (code, stderr) = client.shutdown_and_exit();
    assert_eq!(code, 0, "{stderr}");
    assert_no_panic(&stderr);
}

#[test]
fn requests_after_shutdown_are_refused() {
    let mut client = initialized_client();
    let outline = json!({ "textDocument": { "uri": "file:///w/templates/a.txt" } });
    let symbols = client.request("textDocument/documentSymbol", outline.clone());
    assert!(symbols["result"].is_array(), "{symbols}");
    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    let late = client.request("textDocument/documentSymbol", outline);
    assert_eq!(late["error"]["code"], -32600, "{late}");
    client.notify("exit", Value::Null);
    let (code, stderr) = client.finish();
    assert_eq!(code, 0, "{stderr}");
    assert_no_panic(&stderr);
}

#[test]
fn a_huge_content_length_is_refused_without_reading_it() {
    let mut client = initialized_client();
    // 2^60 bytes: tower-lsp-server alone would wait (and buffer) for ever.
    client.send_raw(b"Content-Length: 1152921504606846976\r\n\r\n{\"jsonrpc\":\"2.0\"");
    let response = response_with_id(&mut client, Value::Null);
    assert_eq!(response["error"]["code"], -32600, "{response}");
    // The stream cannot be trusted after it: the server ends the session (no shutdown: code 1).
    let (code, stderr) = client.finish();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("exceeds the limit"), "{stderr}");
    assert_no_panic(&stderr);
}

#[test]
fn an_endless_header_line_is_refused() {
    let mut client = initialized_client();
    client.send_raw(&vec![b'x'; 100_000]);
    let response = response_with_id(&mut client, Value::Null);
    assert_eq!(response["error"]["code"], -32700, "{response}");
    let (code, stderr) = client.finish();
    assert_eq!(code, 1, "{stderr}");
    assert_no_panic(&stderr);
}

#[test]
fn input_ending_inside_a_frame_exits_cleanly() {
    for truncated in [
        &b"Content-Length: 100\r\n\r\n{\"jsonrpc\":"[..],
        b"Content-Length: 10",
        b"Content-Le",
    ] {
        let mut client = initialized_client();
        assert_still_serving(&mut client, "initialize");
        client.send_raw(truncated);
        let (code, stderr) = client.finish();
        assert_eq!(code, 1, "no shutdown before the end of input: {stderr}");
        assert_no_panic(&stderr);
    }
}
