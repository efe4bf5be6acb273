//! Text fidelity over the real protocol: seeded random incremental edits full of CJK, emoji
//! (surrogate pairs in UTF-16), CRLF and lone CR, with positions computed by the client in the
//! negotiated encoding (UTF-8 and UTF-16 sessions). After every 100 edits the server's answers
//! for the edited document equal its answers for a fresh `didOpen` of the client's text under
//! a second URI: diagnostics and every request in [`COMPARED`].

use cyclecloud_e2e::lsp::LspClient;
use serde_json::{json, Value};

/// Requests whose results must be the same for the edited and the freshly opened document;
/// each entry is a method and its params beyond `textDocument`.
fn compared() -> Vec<(&'static str, Value)> {
    vec![
        (
            "textDocument/hover",
            json!({ "position": { "line": 2, "character": 6 } }),
        ),
        (
            "textDocument/hover",
            json!({ "position": { "line": 5, "character": 20 } }),
        ),
        (
            "textDocument/completion",
            json!({ "position": { "line": 3, "character": 4 } }),
        ),
        (
            "textDocument/completion",
            json!({ "position": { "line": 8, "character": 22 } }),
        ),
        ("textDocument/semanticTokens/full", json!({})),
        ("textDocument/foldingRange", json!({})),
        ("textDocument/documentSymbol", json!({})),
    ]
}

const START: &str = "[cluster 中文]\r\n    [[node defaults]]\r\n    Credentials = $Credentials\n    ImageName = cycle.image.ubuntu22\n    # 😀 emoji in a comment\r\n    [[nodearray é😀]]\n    Extends = defaults\n    JetpackPlatform = centos7\n    MachineType = Standard_D4s_v5\r[parameters P]\n    [[parameter Credentials]]\n";

const PIECES: &[&str] = &[
    "x",
    "中",
    "文字",
    "😀",
    "👍🏽",
    "𝄞",
    "é",
    "\u{a0}",
    "\n",
    "\r\n",
    "\r",
    " ",
    "'''",
    "\"",
    "#",
    "$Credentials",
    "${f(",
    ")}",
    "=",
    ":=",
    "[[nodearray 日本]]\n",
    "    ImageId = /subscriptions/1/y\r\n",
    "JetpackPlatform = windoze\n",
    "Extends = nowhere\n",
    "[[[volume v]]]\n",
    "Size = ten\n",
];

const EDITS_PER_SESSION: usize = 1_500;
const CHECK_EVERY: usize = 100;

/// xorshift64: deterministic edits for a given seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Byte offset → LSP position as a client computes it: lines end at `\n`, `\r\n` or `\r`;
/// columns count UTF-8 bytes or UTF-16 code units.
fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let mut line = 0;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends_line = b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    let column = &before[line_start..];
    let character = if utf8 {
        column.len()
    } else {
        column.encode_utf16().count()
    };
    json!({ "line": line, "character": character })
}

/// A random char boundary that is not between the `\r` and `\n` of a CRLF (no LSP position
/// names that place).
fn random_offset(rng: &mut Rng, text: &str) -> usize {
    let mut offset = rng.below(text.len() + 1);
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    if offset > 0
        && text.as_bytes()[offset - 1] == b'\r'
        && text.as_bytes().get(offset) == Some(&b'\n')
    {
        offset -= 1;
    }
    offset
}

/// One content change, applied to `text`, as the client sends it.
fn random_change(rng: &mut Rng, text: &mut String, utf8: bool) -> Value {
    let start = random_offset(rng, text);
    // Delete about as much as is inserted, so the text keeps its size.
    let mut end = start;
    if rng.below(100) < 45 {
        for _ in 0..=rng.below(6) {
            if let Some(c) = text[end..].chars().next() {
                end += c.len_utf8();
            }
        }
        if end > 0 && text.as_bytes()[end - 1] == b'\r' && text.as_bytes().get(end) == Some(&b'\n')
        {
            end += 1; // Never end a range inside a CRLF.
        }
    }
    let insert = if rng.below(100) < 60 {
        PIECES[rng.below(PIECES.len())]
    } else {
        ""
    };
    let change = json!({
        "range": { "start": position(text, start, utf8), "end": position(text, end, utf8) },
        "text": insert,
    });
    text.replace_range(start..end, insert);
    change
}

/// Diagnostics of `uri` at `version`, with the URI inside related information neutralised.
fn diagnostics(client: &mut LspClient, uri: &str, version: i64) -> String {
    client
        .diagnostics_for(uri, version)
        .to_string()
        .replace(uri, "<uri>")
}

/// The results of [`compared`] for `uri`, with the URI neutralised.
fn answers(client: &mut LspClient, uri: &str) -> String {
    let results: Vec<Value> = compared()
        .into_iter()
        .map(|(method, mut params)| {
            params["textDocument"] = json!({ "uri": uri });
            let mut result = client.request(method, params)["result"].clone();
            // Result ids number each document's token arrays; only the tokens must agree.
            if let Some(object) = result.as_object_mut() {
                object.remove("resultId");
            }
            if method == "textDocument/semanticTokens/full" {
                assert!(result["data"]
                    .as_array()
                    .is_some_and(|data| !data.is_empty()));
            }
            result
        })
        .collect();
    Value::Array(results).to_string().replace(uri, "<uri>")
}

fn session(utf8: bool, seed: u64) {
    let mut client = LspClient::start();
    let offered = if utf8 {
        json!(["utf-8", "utf-16"])
    } else {
        json!(["utf-16"])
    };
    let response = client.initialize(
        json!({ "general": { "positionEncodings": offered } }),
        Value::Null,
    );
    let expected = if utf8 { "utf-8" } else { "utf-16" };
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"],
        expected
    );

    let uri = "file:///w/templates/edited.txt";
    let mut text = START.to_owned();
    client.open(uri, 1, &text);
    let mut rng = Rng(seed);
    let mut version = 1;
    let mut edits = 0;
    while edits < EDITS_PER_SESSION {
        // One to three changes per didChange, each against the text the previous one left.
        let changes: Vec<Value> = (0..1 + rng.below(3))
            .map(|_| random_change(&mut rng, &mut text, utf8))
            .collect();
        edits += changes.len();
        version += 1;
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
        if edits / CHECK_EVERY != (edits - changes.len()) / CHECK_EVERY {
            let edited = diagnostics(&mut client, uri, version);
            let fresh_uri = format!("file:///w/templates/fresh-{version}.txt");
            client.open(&fresh_uri, 1, &text);
            let fresh = diagnostics(&mut client, &fresh_uri, 1);
            let context = format!("{expected} session, after {edits} edits; text:\n{text:?}");
            assert_eq!(
                edited,
                fresh.replace(&fresh_uri, "<uri>"),
                "diagnostics differ: {context}"
            );
            assert_eq!(
                answers(&mut client, uri),
                answers(&mut client, &fresh_uri),
                "answers differ: {context}"
            );
            client.notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": fresh_uri } }),
            );
            client.backlog.clear();
        }
    }
    let (code, stderr) = client.shutdown_and_exit();
    assert_eq!(code, 0);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn utf8_session_keeps_the_client_text_through_random_edits() {
    session(true, 0x5EED_0008_u64);
}

#[test]
fn utf16_session_keeps_the_client_text_through_random_edits() {
    session(false, 0x5EED_0016_u64);
}
