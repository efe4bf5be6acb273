//! Strict ordering of text sync: 2,000 incremental edits sent back to back without waiting must
//! leave the server with exactly the client's text. Proof: the last publish carries the last
//! version, publishes never go back in version, and its diagnostics equal those of a fresh
//! `didOpen` of the client's final text.

use cyclecloud_e2e::lsp::LspClient;
use serde_json::{json, Value};

const START: &str = "[cluster Order]\n    [[node defaults]]\n    Credentials = $Credentials\n    ImageId = /subscriptions/0/x\n    [[nodearray é]]\n    JetpackPlatform = centos7\n";

const FRAGMENTS: &[&str] = &[
    "x",
    "[[nodearray a]]\n",
    "    ImageId = /subscriptions/1/y\n",
    "JetpackPlatform = windoze\n",
    "$Undeclared ",
    "é",
    "😀",
    "\n",
    "\r\n",
    " ",
    "'''",
    "\"",
    "#",
    "${f(",
    ")}",
    "Extends = nowhere\n",
    "[[[volume v]]]\n",
    "Size = ten\n",
    "=",
    ":=",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// LSP position (UTF-16 columns, lines split on \n, \r\n and \r) of a byte offset.
fn utf16_position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let mut line = 0;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    // An offset between \r and \n never occurs: edits are placed on char boundaries outside CRLF.
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

fn boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset)
        || (offset > 0
            && text.as_bytes()[offset - 1] == b'\r'
            && text.as_bytes().get(offset) == Some(&b'\n'))
    {
        offset -= 1;
    }
    offset
}

fn normalise(diagnostics: &Value) -> Value {
    let mut diagnostics = diagnostics.clone();
    for diagnostic in diagnostics.as_array_mut().unwrap() {
        if let Some(related) = diagnostic
            .get_mut("relatedInformation")
            .and_then(Value::as_array_mut)
        {
            for info in related {
                info["location"]["uri"] = json!("<uri>");
            }
        }
    }
    diagnostics
}

#[test]
fn two_thousand_rapid_edits_leave_the_server_with_the_clients_text() {
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    let uri = "file:///order/a/templates/order.txt";
    client.open(uri, 0, START);
    let mut text = START.to_owned();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let edits = 2_000;
    for version in 1..=edits {
        let start = boundary(&text, rng.below(text.len() + 1));
        let end = boundary(&text, (start + rng.below(12)).min(text.len())).max(start);
        let insert = if rng.below(3) == 0 {
            ""
        } else {
            FRAGMENTS[rng.below(FRAGMENTS.len())]
        };
        let range =
            json!({ "start": utf16_position(&text, start), "end": utf16_position(&text, end) });
        text.replace_range(start..end, insert);
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "range": range, "text": insert }] }),
        );
    }
    let last = client.diagnostics_for(uri, edits as i64);

    // Publishes must never go back in version.
    let mut seen = Vec::new();
    for message in &client.backlog {
        if message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri
        {
            seen.push(message["params"]["version"].as_i64().unwrap_or(-1));
        }
    }
    assert!(
        seen.windows(2).all(|pair| pair[0] <= pair[1]),
        "publishes out of order: {seen:?}"
    );

    let fresh_uri = "file:///order/b/templates/order.txt";
    client.open(fresh_uri, 1, &text);
    let fresh = client.diagnostics_for(fresh_uri, 1);
    assert_eq!(
        normalise(&last),
        normalise(&fresh),
        "server text diverged from the client's after {edits} edits"
    );
    assert!(
        !fresh.as_array().unwrap().is_empty(),
        "the final text should have findings, so the comparison means something"
    );
    println!(
        "sent {edits} edits; {} intermediate publishes; final text {} bytes, {} diagnostics compared",
        seen.len(),
        text.len(),
        fresh.as_array().unwrap().len()
    );
    assert_eq!(client.shutdown_and_exit().0, 0);
}
