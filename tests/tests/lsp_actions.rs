//! Code actions, inlay hints and signature help over the real binary's stdio: each quick fix is
//! applied to its fixture the way an editor would and the resulting text is compared.

use cyclecloud_e2e::lsp::LspClient;
use cyclecloud_e2e::repo_root;
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures").join(name)).expect("fixture exists")
}

/// A server (UTF-16 positions, the encoding every client has) with `options` as
/// initializationOptions, and `text` open at version 1 with its diagnostics.
fn open(options: Value, uri: &str, text: &str) -> (LspClient, Value) {
    let mut client = LspClient::start();
    client.initialize(json!({}), options);
    client.open(uri, 1, text);
    let diagnostics = client.diagnostics_for(uri, 1);
    (client, diagnostics)
}

/// Byte offset of an LSP position (UTF-16 characters) in `text`.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (index, c) in text[line_start..].char_indices() {
        if units >= character || c == '\n' {
            return line_start + index;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies a workspace edit's changes for `uri` to `text`, as an editor does.
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = edit["changes"][uri]
        .as_array()
        .expect("edits for the document")
        .iter()
        .map(|edit| {
            (
                offset(text, &edit["range"]["start"]),
                offset(text, &edit["range"]["end"]),
                edit["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    edits.sort_by_key(|(start, end, _)| (*start, *end));
    let mut out = text.to_owned();
    for (start, end, new_text) in edits.into_iter().rev() {
        out.replace_range(start..end, &new_text);
    }
    out
}

fn code_actions(
    client: &mut LspClient,
    uri: &str,
    range: Value,
    diagnostics: Value,
    only: Value,
) -> Vec<Value> {
    let mut context = json!({ "diagnostics": diagnostics });
    if !only.is_null() {
        context["only"] = only;
    }
    let response = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
    );
    response["result"]
        .as_array()
        .expect("a list of actions")
        .clone()
}

fn whole(text: &str) -> Value {
    json!({ "start": { "line": 0, "character": 0 }, "end": { "line": text.lines().count() + 1, "character": 0 } })
}

#[test]
fn capabilities_are_advertised() {
    let mut client = LspClient::start();
    let response = client.initialize(json!({}), Value::Null);
    let capabilities = &response["result"]["capabilities"];
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.cyclecloud"])
    );
    assert_eq!(capabilities["inlayHintProvider"], true);
    assert_eq!(
        capabilities["signatureHelpProvider"]["triggerCharacters"],
        json!(["(", ","])
    );
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn each_quick_fix_gives_the_expected_text() {
    let uri = "file:///demo/templates/quick-fixes.txt";
    let text = fixture("quick-fixes.txt");
    let (mut client, diagnostics) = open(json!({ "cyclecloudVersion": "8.7.0" }), uri, &text);

    // Every action of the document: title, kind, preferred, and the diagnostic it fixes.
    let all = code_actions(&mut client, uri, whole(&text), json!([]), Value::Null);
    let summary: Vec<String> = all
        .iter()
        .map(|action| {
            format!(
                "{} [{}{}] for {}",
                action["title"].as_str().unwrap(),
                action["kind"].as_str().unwrap(),
                if action["isPreferred"] == true {
                    ", preferred"
                } else {
                    ""
                },
                action["diagnostics"][0]["code"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    insta::assert_snapshot!("quick_fix_actions", summary.join("\n"));

    for (name, code, title) in [
        ("insert_image_os", "CC0201", "Insert `ImageOS = linux`"),
        ("jetpack_version", "CC0202", "Replace with 8.7.0"),
        ("attribute_name", "CC0312", "Replace with `MachineType`"),
        ("enumerated_value", "CC0303", "Replace with `terminate`"),
        ("parameter_name", "CC0101", "Replace with `Region`"),
        (
            "declare_parameter",
            "CC0101",
            "Declare parameter `HpcMachineType`",
        ),
        (
            "duplicate_key",
            "CC0011",
            "Remove the earlier `MaxCount` line",
        ),
    ] {
        // Ask as an editor does: for the diagnostic's own range, with that diagnostic.
        let mut found = None;
        for diagnostic in diagnostics
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
        {
            let actions = code_actions(
                &mut client,
                uri,
                diagnostic["range"].clone(),
                json!([diagnostic]),
                json!(["quickfix"]),
            );
            if let Some(action) = actions.into_iter().find(|a| a["title"] == title) {
                assert_eq!(action["kind"], "quickfix");
                assert_eq!(
                    action["diagnostics"],
                    json!([diagnostic]),
                    "{title} is linked to the published diagnostic"
                );
                found = Some(action);
                break;
            }
        }
        let action = found.unwrap_or_else(|| panic!("no action `{title}` for {code}"));
        let fixed = apply(&text, &action["edit"], uri);
        assert_ne!(fixed, text, "{title} changes the text");
        insta::assert_snapshot!(format!("quick_fix_{name}"), fixed);
    }
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn declaring_a_parameter_creates_a_parameters_section_when_there_is_none() {
    let uri = "file:///demo/templates/no-parameters.txt";
    let text = "[cluster Demo]\n    [[node scheduler]]\n    MachineType = $Size\n";
    let (mut client, diagnostics) = open(Value::Null, uri, text);
    let diagnostic = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CC0101")
        .expect("an undefined parameter")
        .clone();
    let actions = code_actions(
        &mut client,
        uri,
        diagnostic["range"].clone(),
        json!([diagnostic]),
        Value::Null,
    );
    let declare = actions
        .iter()
        .find(|a| a["title"] == "Declare parameter `Size`")
        .expect("a declare action");
    assert_eq!(
        declare["isPreferred"], true,
        "the only fix is the obvious one"
    );
    insta::assert_snapshot!("declare_in_new_section", apply(text, &declare["edit"], uri));
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn fix_all_applies_every_safe_fix_and_honours_only() {
    let uri = "file:///demo/templates/fix-all.txt";
    let text = fixture("fix-all.txt");
    let (mut client, _) = open(Value::Null, uri, &text);

    let actions = code_actions(
        &mut client,
        uri,
        whole(&text),
        json!([]),
        json!(["source.fixAll"]),
    );
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.cyclecloud");
    assert_eq!(
        actions[0]["title"],
        "Apply all 4 safe fixes (cyclecloud-lsp)"
    );
    let fixed = apply(&text, &actions[0]["edit"], uri);
    insta::assert_snapshot!("fix_all", fixed);

    // The fixed text has nothing left to fix.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": fixed }] }),
    );
    client.diagnostics_for(uri, 2);
    let again = code_actions(
        &mut client,
        uri,
        whole(&fixed),
        json!([]),
        json!(["source"]),
    );
    assert!(again.is_empty(), "{again:?}");

    // `only: quickfix` leaves fix-all out; no `only` offers both.
    let quick = code_actions(
        &mut client,
        uri,
        whole(&text),
        json!([]),
        json!(["quickfix"]),
    );
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"), "{quick:?}");
    let refactor = code_actions(
        &mut client,
        uri,
        whole(&text),
        json!([]),
        json!(["refactor"]),
    );
    assert!(refactor.is_empty(), "{refactor:?}");
    assert_eq!(client.shutdown_and_exit().0, 0);
}

fn inlay_hints(client: &mut LspClient, uri: &str, range: Value) -> Vec<Value> {
    let response = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range }),
    );
    response["result"]
        .as_array()
        .expect("a list of hints")
        .clone()
}

fn labels(hints: &[Value]) -> Vec<String> {
    hints
        .iter()
        .map(|hint| {
            format!(
                "{}:{} {}",
                hint["position"]["line"],
                hint["position"]["character"],
                hint["label"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn inlay_hints_show_defaults_and_inherited_attributes() {
    let uri = "file:///demo/templates/inlay-hints.txt";
    let text = fixture("inlay-hints.txt");
    let (mut client, _) = open(Value::Null, uri, &text);
    let hints = inlay_hints(&mut client, uri, whole(&text));
    insta::assert_json_snapshot!("inlay_hints", hints);

    // Only the requested lines: the `[[nodearray execute]]` header and its `$MaxCores`.
    let range =
        json!({ "start": { "line": 10, "character": 0 }, "end": { "line": 12, "character": 30 } });
    let some = inlay_hints(&mut client, uri, range);
    insta::assert_debug_snapshot!("inlay_hints_in_range", labels(&some));
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn inlay_hints_follow_the_settings() {
    let uri = "file:///demo/templates/inlay-hints.txt";
    let text = fixture("inlay-hints.txt");
    let mut client = LspClient::start();
    client.initialize(
        json!({ "workspace": { "inlayHint": { "refreshSupport": true } } }),
        json!({ "inlayHints": { "enable": false } }),
    );
    client.open(uri, 1, &text);
    client.diagnostics_for(uri, 1);
    assert!(inlay_hints(&mut client, uri, whole(&text)).is_empty());

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "cyclecloud": { "inlayHints": { "parameterDefaults": false } } } }),
    );
    // Diagnostics are re-published once the new settings are in place, then the client is
    // asked to fetch its hints again.
    client.diagnostics_for(uri, 1);
    client.wait_for(|m| m["method"] == "workspace/inlayHint/refresh");
    let hints = inlay_hints(&mut client, uri, whole(&text));
    assert!(!hints.is_empty());
    assert!(
        hints
            .iter()
            .all(|hint| hint["label"].as_str().unwrap().contains("(from ")),
        "only inherited attributes: {hints:?}"
    );
    assert_eq!(client.shutdown_and_exit().0, 0);
}

fn signature_help(client: &mut LspClient, uri: &str, line: u32, character: u32) -> Value {
    let response = client.request(
        "textDocument/signatureHelp",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
    );
    response["result"].clone()
}

#[test]
fn signature_help_marks_the_active_parameter() {
    let uri = "file:///demo/templates/signature.txt";
    let text = "[cluster Demo]\n    [[node scheduler]]\n    MachineType := ifThenElse(Big, \"Standard_D8s_v5\", Size)\n    ImageName = ${ifThenElse(a, \n";
    let (mut client, _) = open(Value::Null, uri, text);

    // Well-formed: on `Size`, the third parameter.
    let help = signature_help(&mut client, uri, 2, 55);
    assert_eq!(help["activeParameter"], 2);
    insta::assert_json_snapshot!("signature_help_if_then_else", help);

    // Half-typed, nothing closed: after `a, ` the second parameter.
    let help = signature_help(&mut client, uri, 3, 32);
    assert_eq!(
        help["signatures"][0]["label"],
        "ifThenElse(predicate, whenTrue, whenFalse)"
    );
    assert_eq!(help["activeParameter"], 1);

    // Typing `(` inside the call opens the inner one.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{
            "range": { "start": { "line": 3, "character": 32 }, "end": { "line": 3, "character": 32 } },
            "text": "size(" }] }),
    );
    let help = signature_help(&mut client, uri, 3, 37);
    assert_eq!(help["signatures"][0]["label"], "size(value)");
    assert_eq!(help["activeParameter"], 0);

    // Outside any call there is none.
    assert!(signature_help(&mut client, uri, 1, 5).is_null());
    assert_eq!(client.shutdown_and_exit().0, 0);
}
