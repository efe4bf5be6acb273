//! The editing features as an editor meets them over stdio: folding, selection ranges,
//! semantic tokens (full and delta, UTF-16 columns on non-ASCII text), formatting and range
//! formatting, on the `editing.txt` fixture.

use cyclecloud_e2e::lsp::LspClient;
use cyclecloud_e2e::repo_root;
use serde_json::{json, Value};

const URI: &str = "file:///demo/templates/editing.txt";

fn fixture() -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/editing.txt")).expect("fixture exists")
}

/// A server with the fixture open (version 1), and the `initialize` response.
fn opened(capabilities: Value, options: Value) -> (LspClient, Value) {
    let mut client = LspClient::start();
    let response = client.initialize(capabilities, options);
    client.open(URI, 1, &fixture());
    (client, response)
}

fn document() -> Value {
    json!({ "uri": URI })
}

/// The byte offset of a UTF-16 LSP position in `text`.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (index, ch) in text[start..].char_indices() {
        if units >= character || ch == '\n' || ch == '\r' {
            return start + index;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &Value) -> String {
    let mut resolved: Vec<(usize, usize, &str)> = edits
        .as_array()
        .expect("edits")
        .iter()
        .map(|edit| {
            (
                offset(text, &edit["range"]["start"]),
                offset(text, &edit["range"]["end"]),
                edit["newText"].as_str().unwrap(),
            )
        })
        .collect();
    resolved.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut out = text.to_owned();
    for (start, end, new_text) in resolved {
        out.replace_range(start..end, new_text);
    }
    out
}

/// Readable tokens: `line:column length type modifiers "text"`, the text cut out of the
/// document with the UTF-16 columns the server sent (wrong columns show as wrong text).
fn decode(text: &str, data: &Value, legend: &Value) -> Vec<String> {
    let numbers: Vec<u64> = data
        .as_array()
        .expect("data")
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let (mut line, mut column) = (0, 0);
    let mut out = Vec::new();
    for token in numbers.chunks(5) {
        if token[0] > 0 {
            line += token[0];
            column = token[1];
        } else {
            column += token[1];
        }
        let start = json!({ "line": line, "character": column });
        let end = json!({ "line": line, "character": column + token[2] });
        let piece = &text[offset(text, &start)..offset(text, &end)];
        let modifiers: Vec<&str> = (0..legend["tokenModifiers"].as_array().unwrap().len())
            .filter(|bit| token[4] & (1 << bit) != 0)
            .map(|bit| legend["tokenModifiers"][bit].as_str().unwrap())
            .collect();
        out.push(format!(
            "{line}:{column} {} {} [{}] {piece:?}",
            token[2],
            legend["tokenTypes"][token[3] as usize].as_str().unwrap(),
            modifiers.join(",")
        ));
    }
    out
}

/// Applies `semanticTokens/full/delta` edits to a previous data array.
fn apply_token_edits(data: &Value, edits: &Value) -> Vec<Value> {
    let mut numbers = data.as_array().unwrap().clone();
    let mut edits = edits.as_array().unwrap().clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit["start"].as_u64().unwrap()));
    for edit in edits {
        let start = edit["start"].as_u64().unwrap() as usize;
        let count = edit["deleteCount"].as_u64().unwrap() as usize;
        let insert = edit["data"].as_array().cloned().unwrap_or_default();
        numbers.splice(start..start + count, insert);
    }
    numbers
}

#[test]
fn capabilities_and_the_token_legend_are_announced() {
    let (client, response) = opened(json!({}), Value::Null);
    let capabilities = &response["result"]["capabilities"];
    assert_eq!(capabilities["foldingRangeProvider"], true);
    assert_eq!(capabilities["selectionRangeProvider"], true);
    assert_eq!(capabilities["documentFormattingProvider"], true);
    assert_eq!(capabilities["documentRangeFormattingProvider"], true);
    assert_eq!(
        capabilities["semanticTokensProvider"]["full"]["delta"],
        true
    );
    insta::assert_json_snapshot!(
        "semantic_tokens_legend",
        capabilities["semanticTokensProvider"]["legend"]
    );
    // A document the server does not have gets `null`, not an error.
    let mut client = client;
    for method in [
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
    ] {
        let response = client.request(
            method,
            json!({ "textDocument": { "uri": "file:///nope.txt" } }),
        );
        assert_eq!(response["result"], Value::Null, "{method}: {response}");
    }
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn folding_sections_blocks_and_comments_by_whole_lines() {
    let (mut client, _) = opened(
        json!({ "textDocument": { "foldingRange": { "lineFoldingOnly": true } } }),
        Value::Null,
    );
    let response = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": document() }),
    );
    let ranges = &response["result"];
    insta::assert_json_snapshot!("folding_ranges_line_only", ranges);
    assert!(ranges
        .as_array()
        .unwrap()
        .iter()
        .all(|range| range.get("startCharacter").is_none()));
    assert_eq!(client.shutdown_and_exit().0, 0);

    // Without `lineFoldingOnly` the fold starts after the header, counted in UTF-16:
    // `[cluster Größe]` is 15 units (17 bytes).
    let (mut client, _) = opened(json!({}), Value::Null);
    let response = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": document() }),
    );
    let cluster = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|range| range["startLine"] == 2)
        .expect("cluster fold")
        .clone();
    assert_eq!(cluster["startCharacter"], 15);
    assert_eq!(cluster["endLine"], 20);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn selection_expands_from_the_token_to_the_file() {
    let (mut client, _) = opened(json!({}), Value::Null);
    let text = fixture();
    let response = client.request(
        "textDocument/selectionRange",
        json!({ "textDocument": document(), "positions": [
            { "line": 9, "character": 20 },
            { "line": 24, "character": 17 },
            { "line": 999, "character": 5 }
        ] }),
    );
    let mut chains = Vec::new();
    for answer in response["result"].as_array().unwrap() {
        let mut chain = Vec::new();
        let mut current = Some(answer);
        while let Some(range) = current {
            let (start, end) = (
                offset(&text, &range["range"]["start"]),
                offset(&text, &range["range"]["end"]),
            );
            chain.push(text[start..end].to_owned());
            current = range.get("parent");
        }
        assert_eq!(chain.last(), Some(&text), "ends with the whole file");
        chain.pop();
        chains.push(chain);
    }
    insta::assert_json_snapshot!("selection_ranges", chains);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn semantic_tokens_use_utf16_columns_and_split_blocks_per_line() {
    let (mut client, response) = opened(json!({}), Value::Null);
    let legend = response["result"]["capabilities"]["semanticTokensProvider"]["legend"].clone();
    let text = fixture();
    let response = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": document() }),
    );
    assert!(response["result"]["resultId"].is_string());
    let tokens = decode(&text, &response["result"]["data"], &legend);
    insta::assert_json_snapshot!("semantic_tokens_full", tokens);
    // `$Size` after `Größe 🙂` (the emoji is two UTF-16 units, four bytes).
    assert!(tokens.contains(&"24:17 5 parameter [] \"$Size\"".to_owned()));
    let block: Vec<&String> = tokens
        .iter()
        .filter(|token| token.contains(" string "))
        .filter(|token| token.contains("'''") || token.contains("héllo"))
        .collect();
    assert_eq!(block.len(), 3, "one token per line: {block:?}");
    assert_eq!(client.shutdown_and_exit().0, 0);

    let (mut client, _) = opened(
        json!({ "textDocument": { "semanticTokens": { "multilineTokenSupport": true,
            "requests": { "full": { "delta": true } }, "tokenTypes": [], "tokenModifiers": [], "formats": ["relative"] } } }),
        Value::Null,
    );
    let response = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": document() }),
    );
    let tokens = decode(&text, &response["result"]["data"], &legend);
    let block = tokens
        .iter()
        .find(|token| token.starts_with("18:12 "))
        .expect("block token");
    // `'''#!/bin/bash` (14) + `\n` + `echo "héllo ✓"   ` (17) + `\n` + `'''` (3).
    assert!(block.starts_with("18:12 36 string"), "{block}");
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn semantic_tokens_delta_after_an_edit_patches_the_previous_array() {
    let (mut client, _) = opened(json!({}), Value::Null);
    let first = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": document() }),
    )["result"]
        .clone();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [
            { "range": { "start": { "line": 8, "character": 0 }, "end": { "line": 8, "character": 0 } },
              "text": "  Azure.Löcation = westeurope\n" }
        ] }),
    );
    let delta = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": document(), "previousResultId": first["resultId"] }),
    )["result"]
        .clone();
    insta::assert_json_snapshot!("semantic_tokens_delta", delta["edits"]);
    assert_ne!(delta["resultId"], first["resultId"]);
    let fresh = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": document() }),
    )["result"]
        .clone();
    assert_eq!(
        apply_token_edits(&first["data"], &delta["edits"]),
        fresh["data"].as_array().unwrap().clone()
    );
    // A result id the server does not remember gets the whole array.
    let stale = client.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": document(), "previousResultId": "no-such-id" }),
    )["result"]
        .clone();
    assert_eq!(stale["data"], fresh["data"]);
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn formatting_returns_one_edit_per_changed_line() {
    let (mut client, _) = opened(json!({}), Value::Null);
    let text = fixture();
    let response = client.request(
        "textDocument/formatting",
        json!({ "textDocument": document(), "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    let edits = &response["result"];
    insta::assert_json_snapshot!("formatting_edits", edits);
    let formatted = apply(&text, edits);
    insta::assert_snapshot!("formatted_fixture", formatted);
    assert!(formatted.contains("\n    [[node defaults]]\n    Credentials = $Credentials\n"));
    assert!(
        formatted.contains("echo \"héllo ✓\"   \n"),
        "block kept as is"
    );
    // Formatting the result changes nothing.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": formatted }] }),
    );
    let again = client.request(
        "textDocument/formatting",
        json!({ "textDocument": document(), "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    assert_eq!(again["result"], json!([]));
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn the_indent_setting_wins_over_the_editor_tab_size() {
    let (mut client, _) = opened(json!({}), json!({ "format": { "indent": "keep" } }));
    let text = fixture();
    let response = client.request(
        "textDocument/formatting",
        json!({ "textDocument": document(), "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let formatted = apply(&text, &response["result"]);
    assert!(formatted
        .contains("\n[[node defaults]]\n  Credentials = $Credentials\n  MachineType = $Size\n"));
    assert!(formatted.contains("\n    run_list = role[scheduler]\n"));
    assert_eq!(client.shutdown_and_exit().0, 0);

    let (mut client, _) = opened(json!({}), Value::Null);
    let response = client.request(
        "textDocument/formatting",
        json!({ "textDocument": document(), "options": { "tabSize": 8, "insertSpaces": false } }),
    );
    let formatted = apply(&text, &response["result"]);
    assert!(formatted.contains("\n\t[[node defaults]]\n\tCredentials = $Credentials\n"));
    assert!(formatted.contains("\n\t\t[[[configuration]]]\n"));
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn range_formatting_touches_only_the_lines_in_the_range() {
    let (mut client, _) = opened(json!({}), Value::Null);
    let text = fixture();
    let response = client.request(
        "textDocument/rangeFormatting",
        json!({ "textDocument": document(),
            "range": { "start": { "line": 7, "character": 5 }, "end": { "line": 11, "character": 0 } },
            "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = &response["result"];
    insta::assert_json_snapshot!("range_formatting_edits", edits);
    for edit in edits.as_array().unwrap() {
        let line = edit["range"]["start"]["line"].as_u64().unwrap();
        assert!((7..=10).contains(&line), "{edit}");
    }
    let formatted = apply(&text, edits);
    let lines: Vec<&str> = formatted.lines().collect();
    assert_eq!(lines[3], "FormLayout=selectionpanel", "outside the range");
    assert_eq!(lines[6], "[[node defaults]]", "outside the range");
    assert_eq!(lines[7], "  Credentials = $Credentials");
    assert_eq!(lines[8], "  MachineType = $Size");
    assert_eq!(lines[11], "", "extra blank lines outside the range stay");
    assert_eq!(client.shutdown_and_exit().0, 0);
}
