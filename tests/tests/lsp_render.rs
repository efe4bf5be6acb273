//! `workspace/executeCommand` `cyclecloud.render` over the real binary's stdio: the server
//! announces the command, returns for an open template exactly what `cyclecloud-lsp render`
//! prints (JSON and text), follows unsaved edits, and answers bad requests with errors.

use cyclecloud_e2e::lsp::LspClient;
use cyclecloud_e2e::{repo_root, run_in};
use serde_json::{json, Value};

const SLURM: &str = "tests/fixtures/templates/slurm-autoscale.txt";

fn execute(client: &mut LspClient, arguments: Value) -> Value {
    client.request(
        "workspace/executeCommand",
        json!({ "command": "cyclecloud.render", "arguments": arguments }),
    )
}

fn cli(format: &str) -> String {
    let (code, stdout, stderr) = run_in(&repo_root(), &["render", SLURM, "--format", format], "");
    assert!(code == 0 || code == 1, "exit {code}\n{stderr}");
    stdout
}

#[test]
fn render_command_returns_what_the_cli_prints() {
    let text = std::fs::read_to_string(repo_root().join(SLURM)).unwrap();
    let uri = "file:///demo/templates/slurm.txt";
    let mut client = LspClient::start();
    let response = client.initialize(json!({}), Value::Null);
    assert_eq!(
        response["result"]["capabilities"]["executeCommandProvider"]["commands"],
        json!(["cyclecloud.render"])
    );
    client.open(uri, 1, &text);
    client.diagnostics_for(uri, 1);

    let json_form = execute(&mut client, json!([uri]));
    let expected: Value = serde_json::from_str(&cli("json")).unwrap();
    assert_eq!(json_form["result"], expected);
    assert!(json_form["result"]["nodes"]
        .as_object()
        .is_some_and(|nodes| !nodes.is_empty()));

    let text_form = execute(&mut client, json!([{ "uri": uri, "format": "text" }]));
    assert_eq!(text_form["result"], json!(cli("text")));

    // Unsaved edits count: the command renders the open text, not the file.
    let renamed = text.replacen("[[nodearray hpc]]", "[[nodearray renamed]]", 1);
    assert_ne!(renamed, text, "the fixture has a `[[nodearray hpc]]`");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "text": renamed }] }),
    );
    let edited = execute(&mut client, json!([uri]));
    assert!(edited["result"]["nodes"]["renamed"].is_object(), "{edited}");
    assert!(edited["result"]["nodes"]["hpc"].is_null());
    assert_eq!(client.shutdown_and_exit().0, 0);
}

#[test]
fn render_command_errors_say_why() {
    let uri = "file:///demo/templates/fragment.txt";
    let mut client = LspClient::start();
    client.initialize(json!({}), Value::Null);
    client.open(uri, 1, "[[nodearray gpu]]\nMachineType = Standard_NC6\n");
    client.diagnostics_for(uri, 1);

    let fragment = execute(&mut client, json!([uri]));
    assert_eq!(fragment["error"]["code"], -32803, "{fragment}");
    assert!(fragment["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no [cluster] section"));

    let closed = execute(&mut client, json!(["file:///demo/not-open.txt"]));
    assert_eq!(closed["error"]["code"], -32602, "{closed}");
    let no_arguments = execute(&mut client, json!([]));
    assert_eq!(no_arguments["error"]["code"], -32602, "{no_arguments}");
    let bad_format = execute(&mut client, json!([{ "uri": uri, "format": "yaml" }]));
    assert_eq!(bad_format["error"]["code"], -32602, "{bad_format}");
    let other = client.request(
        "workspace/executeCommand",
        json!({ "command": "cyclecloud.nothing", "arguments": [] }),
    );
    assert_eq!(other["error"]["code"], -32602, "{other}");
    assert_eq!(client.shutdown_and_exit().0, 0);
}
