//! LSP message sequences against the in-process server (`LspService` behind the crate's
//! `OrderedSync` layer, exactly as `serve_stdio` builds it): `didOpen`/`didChange`/`didClose`
//! with arbitrary ranges (past the end, reversed, inside a surrogate pair or a CRLF), whole-text
//! changes, malformed params, completion, hover and the render command, under each position
//! encoding. Nothing may panic, and after every message each document's text equals a reference
//! model that applies the LSP spec's clamping independently of the syntax crate's line index.
#![no_main]

use std::sync::Arc;

use arbitrary::{Arbitrary, Unstructured};
use cyclecloud_server::ordered_sync::OrderedSync;
use cyclecloud_server::server::{Backend, SharedState};
use futures::StreamExt;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::LspService;

const URIS: [&str; 2] = ["file:///w/templates/a.txt", "file:///w/templates/b.txt"];

/// Pieces of text: template syntax, CJK, emoji (surrogate pairs in UTF-16), all line breaks.
const PIECES: &[&str] = &[
    "[cluster c]\n",
    "[[node defaults]]\n",
    "[[nodearray x]]\n",
    "ImageName = ",
    "$P",
    "${a}",
    " = ",
    "'''",
    "\"",
    "#",
    "\n",
    "\r\n",
    "\r",
    "中文",
    "😀",
    "é",
    "\u{a0}",
    "x",
    "[[[",
    "]]]",
];

#[derive(Arbitrary, Debug)]
struct Text(Vec<Piece>);

#[derive(Arbitrary, Debug)]
enum Piece {
    Known(u8),
    Any(String),
}

impl Text {
    fn render(&self) -> String {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Known(i) => PIECES[*i as usize % PIECES.len()].to_owned(),
                Piece::Any(s) => s.clone(),
            })
            .collect()
    }
}

/// A coordinate: usually small, sometimes anything.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Coord {
    Small(u8),
    Any(u32),
}

impl Coord {
    fn get(self) -> u32 {
        match self {
            Coord::Small(n) => u32::from(n % 24),
            Coord::Any(n) => n,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Change {
    range: Option<(Coord, Coord, Coord, Coord)>,
    text: Text,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Open {
        doc: bool,
        text: Text,
    },
    Change {
        doc: bool,
        version: i32,
        changes: Vec<Change>,
    },
    Close {
        doc: bool,
    },
    Completion {
        doc: bool,
        line: Coord,
        character: Coord,
    },
    Hover {
        doc: bool,
        line: Coord,
        character: Coord,
    },
    /// `workspace/executeCommand` `cyclecloud.render`, as JSON or text.
    Render {
        doc: bool,
        text: bool,
    },
    /// A sync notification with params that do not fit its type.
    Malformed {
        method: u8,
        params: String,
    },
}

#[derive(Arbitrary, Debug)]
struct Session {
    /// 0: UTF-8 offered, 1: UTF-16 only, 2: UTF-32 offered, else no encodings.
    encodings: u8,
    ops: Vec<Op>,
}

// ------------------------------------------------------------------ reference model

/// Line content ranges (without breaks); breaks are `\n`, `\r\n` and a lone `\r`.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                lines.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, bytes.len()));
    lines
}

/// LSP position → byte offset: a line past the end is the end of the text, a column past the
/// line's content is its end, a column inside a character is that character's start.
fn offset(text: &str, line: u32, character: u32, encoding: &str) -> usize {
    let lines = lines(text);
    let Some(&(start, end)) = lines.get(line as usize) else {
        return text.len();
    };
    let mut units = 0usize;
    for (i, c) in text[start..end].char_indices() {
        let width = match encoding {
            "utf-8" => c.len_utf8(),
            "utf-32" => 1,
            _ => c.len_utf16(),
        };
        if units + width > character as usize {
            return start + i;
        }
        units += width;
    }
    end
}

fn apply(text: &mut String, change: &Change, encoding: &str) {
    let new_text = change.text.render();
    match change.range {
        None => *text = new_text,
        Some((l1, c1, l2, c2)) => {
            let a = offset(text, l1.get(), c1.get(), encoding);
            let b = offset(text, l2.get(), c2.get(), encoding);
            text.replace_range(a.min(b)..a.max(b), &new_text);
        }
    }
}

// ------------------------------------------------------------------ driving the service

fn uri(doc: bool) -> &'static str {
    URIS[usize::from(doc)]
}

fn range_json(range: (Coord, Coord, Coord, Coord)) -> Value {
    json!({ "start": { "line": range.0.get(), "character": range.1.get() },
            "end": { "line": range.2.get(), "character": range.3.get() } })
}

async fn session(session: Session) {
    let state = Arc::new(SharedState::default());
    let (service, socket) = LspService::new({
        let state = Arc::clone(&state);
        move |client| Backend::new(client, state)
    });
    // The client side: drain whatever the server sends (diagnostics, log messages).
    let drain = tokio::spawn(socket.for_each(|_| async {}));
    let mut service = OrderedSync::new(service, Arc::clone(&state));
    let mut next_id = 0i64;
    let mut send = async |method: &str, params: Value, request: bool| {
        let mut builder = Request::build(method.to_owned()).params(params);
        if request {
            next_id += 1;
            builder = builder.id(next_id);
        }
        let service = service.ready().await.expect("service ready");
        service
            .call(builder.finish())
            .await
            .expect("service answers")
    };
    let offered: Vec<&str> = match session.encodings % 4 {
        0 => vec!["utf-8", "utf-16"],
        1 => vec!["utf-16"],
        2 => vec!["utf-32"],
        _ => vec![],
    };
    let response = send(
        "initialize",
        json!({ "capabilities": { "general": { "positionEncodings": offered } },
                "workspaceFolders": [{ "uri": "file:///w", "name": "w" }] }),
        true,
    )
    .await
    .expect("initialize answers");
    let result = serde_json::to_value(&response).expect("json");
    let encoding = result["result"]["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap_or("utf-16")
        .to_owned();
    send("initialized", json!({}), false).await;

    let mut model: [Option<String>; 2] = [None, None];
    for op in session.ops.iter().take(64) {
        match op {
            Op::Open { doc, text } => {
                let text = text.render();
                send(
                    "textDocument/didOpen",
                    json!({ "textDocument": { "uri": uri(*doc), "languageId": "cyclecloud", "version": 0, "text": text } }),
                    false,
                )
                .await;
                model[usize::from(*doc)] = Some(text);
            }
            Op::Change {
                doc,
                version,
                changes,
            } => {
                let content_changes: Vec<Value> = changes
                    .iter()
                    .take(8)
                    .map(|change| match change.range {
                        Some(range) => {
                            json!({ "range": range_json(range), "text": change.text.render() })
                        }
                        None => json!({ "text": change.text.render() }),
                    })
                    .collect();
                send(
                    "textDocument/didChange",
                    json!({ "textDocument": { "uri": uri(*doc), "version": version }, "contentChanges": content_changes }),
                    false,
                )
                .await;
                if let Some(text) = &mut model[usize::from(*doc)] {
                    for change in changes.iter().take(8) {
                        apply(text, change, &encoding);
                    }
                }
            }
            Op::Close { doc } => {
                send(
                    "textDocument/didClose",
                    json!({ "textDocument": { "uri": uri(*doc) } }),
                    false,
                )
                .await;
                model[usize::from(*doc)] = None;
            }
            Op::Completion {
                doc,
                line,
                character,
            }
            | Op::Hover {
                doc,
                line,
                character,
            } => {
                let method = if matches!(op, Op::Hover { .. }) {
                    "textDocument/hover"
                } else {
                    "textDocument/completion"
                };
                let response = send(
                    method,
                    json!({ "textDocument": { "uri": uri(*doc) }, "position": { "line": line.get(), "character": character.get() } }),
                    true,
                )
                .await;
                assert!(response.is_some(), "a request gets a response");
            }
            Op::Render { doc, text } => {
                let format = if *text { "text" } else { "json" };
                let response = send(
                    "workspace/executeCommand",
                    json!({ "command": "cyclecloud.render",
                            "arguments": [{ "uri": uri(*doc), "format": format }] }),
                    true,
                )
                .await;
                assert!(response.is_some(), "a request gets a response");
            }
            Op::Malformed { method, params } => {
                let method = [
                    "textDocument/didOpen",
                    "textDocument/didChange",
                    "textDocument/didClose",
                ][usize::from(*method) % 3];
                let params = serde_json::from_str(params).unwrap_or(Value::String(params.clone()));
                send(method, params, false).await;
            }
        }
        for (i, expected) in model.iter().enumerate() {
            let actual = state
                .documents
                .snapshot(&URIS[i].parse::<Uri>().expect("uri"))
                .map(|snapshot| snapshot.syntax.text());
            assert_eq!(
                actual.as_deref(),
                expected.as_deref(),
                "text of {} after {op:?}",
                URIS[i]
            );
        }
    }
    send("shutdown", Value::Null, true).await;
    send("exit", Value::Null, false).await;
    drain.abort();
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = Session::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(session(input));
});
