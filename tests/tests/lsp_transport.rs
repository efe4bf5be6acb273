//! The byte streams editors give the server: a Unix socket pair per stdio descriptor (libuv:
//! Neovim, VS Code), pipes (the other tests), and a plain file (neither: tokio's blocking
//! stdout).
#![cfg(unix)]

use std::io::{BufReader, Write};
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::process::{Command, Stdio};

use cyclecloud_e2e::binary;
use cyclecloud_e2e::lsp::{frame, read_message};
use serde_json::{json, Value};

fn request(id: i64, method: &str, params: Value) -> Vec<u8> {
    frame(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
}

fn notification(method: &str, params: Value) -> Vec<u8> {
    frame(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
}

fn initialize() -> Vec<u8> {
    request(
        1,
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    )
}

fn opened() -> Vec<u8> {
    notification(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": "file:///tmp/transport.txt",
            "languageId": "cyclecloud",
            "version": 1,
            "text": "[cluster c]\n[[node n]]\nMachineType = \n",
        }}),
    )
}

fn ended() -> Vec<u8> {
    let mut bytes = request(2, "shutdown", Value::Null);
    bytes.extend(notification("exit", Value::Null));
    bytes
}

#[test]
fn the_server_talks_over_unix_socket_pairs() {
    let (mut to_server, server_input) = UnixStream::pair().expect("socket pair");
    let (server_output, from_server) = UnixStream::pair().expect("socket pair");
    let mut child = Command::new(binary())
        .stdin(Stdio::from(OwnedFd::from(server_input)))
        .stdout(Stdio::from(OwnedFd::from(server_output)))
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let mut reader = BufReader::new(from_server);
    to_server.write_all(&initialize()).expect("write");
    let response = read_message(&mut reader).expect("initialize answered");
    assert_eq!(response["id"], 1);
    assert!(response["result"]["capabilities"].is_object(), "{response}");
    to_server
        .write_all(&notification("initialized", json!({})))
        .expect("write");
    to_server.write_all(&opened()).expect("write");
    let published = std::iter::from_fn(|| read_message(&mut reader))
        .find(|message| message["method"] == "textDocument/publishDiagnostics")
        .expect("diagnostics published");
    assert_eq!(published["params"]["version"], 1, "{published}");
    to_server.write_all(&ended()).expect("write");
    let status = child.wait().expect("server ends");
    assert_eq!(status.code(), Some(0), "exit after shutdown");
}

#[test]
fn the_server_writes_to_a_plain_file() {
    // A file is neither a pipe nor a socket: the server writes it through tokio's stdout.
    let dir = std::env::temp_dir().join(format!("cyclecloud-transport-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let output = dir.join("output");
    let mut child = Command::new(binary())
        .stdin(Stdio::piped())
        .stdout(std::fs::File::create(&output).expect("output"))
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let mut to_server = child.stdin.take().expect("stdin");
    let answers = |wanted: usize| {
        let deadline = std::time::Instant::now() + cyclecloud_e2e::lsp::TIMEOUT;
        loop {
            let written = std::fs::read(&output).expect("output read");
            let mut reader = BufReader::new(written.as_slice());
            let answers: Vec<Value> = std::iter::from_fn(|| read_message(&mut reader)).collect();
            if answers.len() >= wanted || std::time::Instant::now() > deadline {
                return answers;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    to_server.write_all(&initialize()).expect("write");
    let first = answers(1);
    assert!(
        first
            .first()
            .is_some_and(|answer| answer["id"] == 1 && answer["result"].is_object()),
        "initialize answered: {first:?}"
    );
    to_server.write_all(&ended()).expect("write");
    let status = child.wait().expect("server ends");
    assert_eq!(status.code(), Some(0), "exit after shutdown");
    let all = answers(2);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        all.iter().any(|answer| answer["id"] == 2),
        "shutdown answered: {all:?}"
    );
}
