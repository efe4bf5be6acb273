//! A minimal LSP client that drives the real `cyclecloud-lsp` binary over stdio, as an editor
//! does: framed JSON-RPC in, a reader thread collecting everything the server sends.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long a test waits for any one answer before failing (a hang is a bug, not slowness).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The capabilities VS Code's and Neovim's clients declare (UTF-16 positions, snippets,
/// documentation resolved lazily for the selected completion item), for sessions that should
/// take the paths an editor's session takes.
pub fn editor_capabilities() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-16"] },
        "textDocument": {
            "completion": { "completionItem": {
                "snippetSupport": true,
                "resolveSupport": { "properties": ["documentation", "detail", "additionalTextEdits"] }
            } },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "publishDiagnostics": { "versionSupport": true }
        }
    })
}

/// A running server and the client side of its pipes.
pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<(Instant, Value)>,
    /// When the message [`LspClient::wait_for`] last returned had been read off the pipe.
    received: Option<Instant>,
    next_id: i64,
    /// Notifications and server requests seen while waiting for something else.
    pub backlog: Vec<Value>,
    /// What the client answers to `workspace/configuration` (one item per requested section).
    pub configuration: Value,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

/// Writes one framed message.
pub fn frame(message: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(message).expect("serialisable");
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

/// Reads one framed message; `None` at the end of input or on a broken frame.
pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    serde_json::from_slice(&read_frame(reader)?).ok()
}

/// Reads one frame's body, unparsed; `None` at the end of input or on a broken frame.
fn read_frame(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

impl LspClient {
    /// Starts the binary (`cyclecloud-lsp` with no arguments).
    pub fn start() -> LspClient {
        LspClient::start_with_args(&[])
    }

    /// Starts the binary with arguments (e.g. `serve`).
    pub fn start_with_args(args: &[&str]) -> LspClient {
        LspClient::start_command(Command::new(crate::binary()).args(args))
    }

    /// Starts any command that ends up serving LSP on its stdio (e.g. the binary under `strace`).
    pub fn start_command(command: &mut Command) -> LspClient {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("server starts");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(body) = read_frame(&mut reader) {
                let received = Instant::now();
                let Ok(message) = serde_json::from_slice(&body) else {
                    break;
                };
                if sender.send((received, message)).is_err() {
                    break;
                }
            }
        });
        let stderr_text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut stderr = child.stderr.take().expect("stderr");
        let sink = std::sync::Arc::clone(&stderr_text);
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            sink.lock().unwrap().push_str(&text);
        });
        let stdin = child.stdin.take();
        LspClient {
            child,
            stdin,
            incoming,
            received: None,
            next_id: 1,
            backlog: Vec::new(),
            configuration: json!([null]),
            stderr: stderr_text,
        }
    }

    /// How long from `start` until the last byte of the message [`LspClient::wait_for`] last
    /// returned had been read off the pipe: the server's latency, without this client's time
    /// to parse the message and hand it between threads (about 100 ms for a 14 MB publish).
    /// Panics when that message had waited in the backlog, as its arrival time is not kept.
    pub fn received_since(&self, start: Instant) -> Duration {
        self.received()
            .expect("the message came off the pipe, not from the backlog")
            .saturating_duration_since(start)
    }

    /// When the last byte of the message [`LspClient::wait_for`] last returned had been read
    /// off the pipe; `None` when it had waited in the backlog (read before a message that
    /// came off the pipe later).
    pub fn received(&self) -> Option<Instant> {
        self.received
    }

    /// The server's process id (to read its memory use from `/proc/<pid>/status`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends raw bytes (for malformed-input tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        if let Some(stdin) = self.stdin.as_mut() {
            let _ = stdin.write_all(bytes);
            let _ = stdin.flush();
        }
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send_raw(&frame(
            &json!({ "jsonrpc": "2.0", "method": method, "params": params }),
        ));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(&frame(
            &json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
        ));
        id
    }

    /// Sends a request and waits for its response (the whole response object).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait_for(|message| {
            message.get("id") == Some(&json!(id)) && message.get("method").is_none()
        })
    }

    /// Waits for the first message matching `predicate`; others go to the backlog. Server
    /// requests are answered at once (`workspace/configuration` with [`LspClient::configuration`],
    /// others with `null`) so the server never waits on the test.
    pub fn wait_for(&mut self, predicate: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.backlog.iter().position(&predicate) {
            self.received = None;
            return self.backlog.remove(index);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok((received, message)) => {
                    if message.get("method").is_some() && message.get("id").is_some() {
                        let id = message["id"].clone();
                        let method = message["method"].as_str().unwrap_or("").to_owned();
                        let result = if method == "workspace/configuration" {
                            self.configuration.clone()
                        } else {
                            Value::Null
                        };
                        self.send_raw(&frame(
                            &json!({ "jsonrpc": "2.0", "id": id, "result": result }),
                        ));
                    }
                    if predicate(&message) {
                        self.received = Some(received);
                        return message;
                    }
                    self.backlog.push(message);
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no matching message within {TIMEOUT:?}; stderr:\n{}",
                    self.stderr()
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed its output; stderr:\n{}", self.stderr())
                }
            }
        }
    }

    /// Waits for `publishDiagnostics` of `uri` at exactly `version`.
    pub fn diagnostics_for(&mut self, uri: &str, version: i64) -> Value {
        let mut message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"].take()
    }

    /// `initialize` + `initialized`, with the given capabilities and options.
    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options }),
        );
        self.notify("initialized", json!({}));
        response
    }

    /// `didOpen` of a template.
    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "cyclecloud", "version": version, "text": text } }),
        );
    }

    /// Inserts `text` at a position with one `didChange` (version `version`) and waits for that
    /// version's diagnostics, as typing in an editor does.
    pub fn insert(&mut self, uri: &str, version: i64, line: u32, character: u32, text: &str) {
        let position = json!({ "line": line, "character": character });
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": { "start": position, "end": position }, "text": text }]
            }),
        );
        self.diagnostics_for(uri, version);
    }

    /// `shutdown` + `exit`, returning the exit code.
    pub fn shutdown_and_exit(mut self) -> (i32, String) {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.finish()
    }

    /// Closes stdin, waits for the process and returns its exit code and stderr.
    pub fn finish(mut self) -> (i32, String) {
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                std::thread::sleep(Duration::from_millis(50));
                return (status.code().unwrap_or(-1), self.stderr());
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// What the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
