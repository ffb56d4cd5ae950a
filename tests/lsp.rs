//! `forklint lsp` at the protocol level: each test starts the real binary and
//! speaks JSON-RPC over its standard input and output, as an editor does.

mod common;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use common::Tree;
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(60);

/// An editor's side of the connection.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Received and not yet taken by `wait_for`.
    pending: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path, envs: &[(&str, &str)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_forklint"))
            .arg("lsp")
            .current_dir(dir)
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("forklint lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            pending: VecDeque::new(),
            next_id: 100,
        }
    }

    /// Starts a server with `dir` as its workspace and waits for the index.
    fn initialized(dir: &Path) -> Client {
        let mut client = Client::start(dir, &[]);
        client.initialize(dir);
        client
    }

    fn initialize(&mut self, dir: &Path) -> Value {
        let response = self.initialize_with(dir, json!({}));
        self.wait_for(is_index_end);
        response
    }

    /// Sends `initialize` (with these client capabilities) and `initialized`.
    fn initialize_with(&mut self, dir: &Path, capabilities: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri(dir), "capabilities": capabilities }),
        );
        self.notify("initialized", json!({}));
        response
    }

    fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write");
        self.stdin.write_all(body).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        self.send_raw(message.to_string().as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response(json!(id))
    }

    fn response(&mut self, id: Value) -> Value {
        self.wait_for(|message| message["id"] == id && message.get("method").is_none())
    }

    /// The first message `accept` takes; earlier diagnostics for the same file
    /// are dropped with it, so that the next wait sees only newer ones.
    fn wait_for(&mut self, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(idx) = self.pending.iter().position(&accept) {
                let message = self.pending.remove(idx).expect("index in range");
                if message["method"] == "textDocument/publishDiagnostics" {
                    let uri = &message["params"]["uri"];
                    let mut position = 0;
                    self.pending.retain(|other| {
                        position += 1;
                        position > idx
                            || other["method"] != "textDocument/publishDiagnostics"
                            || &other["params"]["uri"] != uri
                    });
                }
                return message;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) => self.pending.push_back(message),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out; received and not taken: {:#?}", self.pending)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server stopped; received: {:#?}", self.pending)
                }
            }
        }
    }

    /// The next diagnostics published for `path` that `accept` takes.
    fn diagnostics(&mut self, path: &Path, accept: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = uri(path);
        let message = self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == json!(uri)
                && accept(message["params"]["diagnostics"].as_array().expect("a list"))
        });
        message["params"]["diagnostics"]
            .as_array()
            .expect("a list")
            .clone()
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri(path), "languageId": "c", "version": 1, "text": text,
            }}),
        );
    }

    fn change(&mut self, path: &Path, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri(path), "version": version },
                "contentChanges": changes,
            }),
        );
    }

    fn close(&mut self, path: &Path) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri(path) } }),
        );
    }

    /// Tells the server that a file changed on disk.
    fn changed_on_disk(&mut self, path: &Path) {
        self.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": uri(path), "type": 2 }] }),
        );
    }

    /// Shuts down and exits; returns the exit code.
    fn shut_down(mut self) -> i32 {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        assert!(response.get("error").is_none(), "{response}");
        self.exit()
    }

    fn exit(mut self) -> i32 {
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_index_end(message: &Value) -> bool {
    message["method"] == "window/logMessage"
        && message["params"]["message"]
            .as_str()
            .is_some_and(|text| text.contains("indexed"))
}

fn read_message(input: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    lsp_types::Url::from_file_path(path)
        .expect("an absolute path")
        .to_string()
}

fn tree(name: &str) -> Tree {
    let mut tree = Tree::new(&format!("lsp-{name}"));
    // Canonical, so that the server's paths and the test's agree.
    tree.dir = std::fs::canonicalize(&tree.dir).expect("temp dir");
    tree
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect()
}

/// Applies LSP text edits (UTF-16 columns; ASCII here) to a text.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().expect("line") as usize;
        let character = position["character"].as_u64().expect("character") as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        line_start + character
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            (
                offset(&edit["range"]["start"]),
                offset(&edit["range"]["end"]),
                edit["newText"].as_str().expect("newText"),
            )
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut text = text.to_string();
    for (start, end, new_text) in edits {
        text.replace_range(start..end, new_text);
    }
    text
}

/// A workspace with `a.c` holding `text`, a server on it, and the first
/// findings it publishes for `a.c`.
fn one_file_workspace(name: &str, text: &str) -> (Tree, PathBuf, Client, Vec<Value>) {
    let tree = tree(name);
    tree.write("a.c", text);
    let path = tree.dir.join("a.c");
    let mut client = Client::initialized(&tree.dir);
    let found = client.diagnostics(&path, |d| !d.is_empty());
    (tree, path, client, found)
}

const CHILD_PRINTF: &str = "#include <stdio.h>\n#include <unistd.h>\n\nvoid bad_spawn(char **argv)\n{\n    if (fork() == 0) {\n        printf(\"child\\n\");\n        execv(argv[0], argv);\n        _exit(127);\n    }\n}\n";

#[test]
fn lifecycle_and_malformed_input() {
    let tree = tree("lifecycle");
    tree.write("a.c", CHILD_PRINTF);
    let mut client = Client::start(&tree.dir, &[]);
    // Before `initialize`, requests are refused and the server waits.
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    // Malformed JSON and a request that is no request: errors with a null id.
    client.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": ");
    let parse_error = client.wait_for(|m| m["error"]["code"] == -32700);
    assert_eq!(parse_error["id"], Value::Null);
    client.send(json!([1, 2]));
    let invalid = client.wait_for(|m| m["error"]["code"] == -32600);
    assert_eq!(invalid["id"], Value::Null);
    client.send_raw(b"X-Nonsense: 1\r\n\r\n");
    client.wait_for(|m| m["error"]["code"] == -32700);

    let initialized = client.initialize(&tree.dir);
    let capabilities = &initialized["result"]["capabilities"];
    assert_eq!(
        capabilities["textDocumentSync"]["change"], 2,
        "{initialized}"
    );
    assert_eq!(capabilities["hoverProvider"], true);
    let again = client.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    // Unknown methods: an error for a request, nothing for a notification.
    let unknown = client.request("forklint/unknown", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.notify("forklint/unknownNotification", json!({}));
    client.notify("$/cancelRequest", json!({ "id": 1 }));
    // Bad parameters, and requests about files the server does not know.
    let bad = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let elsewhere = tree.dir.join("missing.c");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&elsewhere) }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&elsewhere) },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(actions["result"], json!([]), "{actions}");
    client.change(&elsewhere, 3, json!([{ "text": "int x;" }]));
    // Still serving after all that.
    client.diagnostics(&tree.dir.join("a.c"), |d| codes(d) == ["FL001"]);

    let response = client.request("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null);
    let after = client.request("textDocument/hover", json!({}));
    assert_eq!(after["error"]["code"], -32600, "{after}");
    assert_eq!(client.exit(), 0);
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let tree = tree("exit");
    let mut client = Client::start(&tree.dir, &[]);
    client.initialize(&tree.dir);
    assert_eq!(client.exit(), 1);
}

#[test]
fn diagnostics_follow_the_editors_text() {
    let (_tree, path, mut client, found) = one_file_workspace("edits", CHILD_PRINTF);
    assert_eq!(codes(&found), ["FL001"]);
    let finding = &found[0];
    assert_eq!(finding["severity"], 1, "{finding}");
    assert_eq!(finding["source"], "forklint");
    assert_eq!(
        finding["range"],
        json!({ "start": { "line": 6, "character": 8 }, "end": { "line": 6, "character": 14 } })
    );
    assert!(
        finding["codeDescription"]["href"]
            .as_str()
            .is_some_and(|href| href.ends_with("docs/rules/FL001-unsafe-call-in-fork-child.md")),
        "{finding}"
    );
    let message = finding["message"].as_str().expect("message");
    assert!(
        message.contains("`printf` is not async-signal-safe"),
        "{message}"
    );
    assert!(message.contains("\nhelp: "), "the replacement: {message}");
    let related = finding["relatedInformation"].as_array().expect("related");
    assert_eq!(related[0]["message"], "child process starts here");
    assert_eq!(related[0]["location"]["range"]["start"]["line"], 5);

    // The editor's text, not the disk's: an incremental change fixes it.
    client.open(&path, CHILD_PRINTF);
    client.change(
        &path,
        2,
        json!([{
            "range": { "start": { "line": 6, "character": 8 }, "end": { "line": 6, "character": 25 } },
            "text": "write(1, \"child\\n\", 6);",
        }]),
    );
    client.diagnostics(&path, <[Value]>::is_empty);
    // A full-text change brings it back, a line lower.
    let moved = format!("\n{CHILD_PRINTF}");
    client.change(&path, 3, json!([{ "text": moved }]));
    let back = client.diagnostics(&path, |d| !d.is_empty());
    assert_eq!(back[0]["range"]["start"]["line"], 7);
    // Saving re-analyses the same text; closing goes back to the disk's.
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&path) } }),
    );
    client.close(&path);
    let closed = client.diagnostics(&path, |d| {
        d.len() == 1 && d[0]["range"]["start"]["line"] == 6
    });
    assert_eq!(codes(&closed), ["FL001"]);
    // A file from outside the workspace is analysed while open, then dropped.
    let outside = tree("edits-outside");
    let stray = outside.dir.join("stray.c");
    client.open(&stray, CHILD_PRINTF);
    client.diagnostics(&stray, |d| codes(d) == ["FL001"]);
    client.close(&stray);
    client.diagnostics(&stray, <[Value]>::is_empty);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn edits_in_one_file_republish_another() {
    let tree = tree("crossfile");
    tree.write(
        "log.h",
        "#include <syslog.h>\n#define LOG_FAIL(m) syslog(LOG_ERR, \"%s\", m)\nvoid helper_log(void);\n",
    );
    tree.write(
        "helper.c",
        "#include <syslog.h>\n#include \"log.h\"\n\nvoid helper_log(void)\n{\n    syslog(LOG_INFO, \"child\");\n}\n",
    );
    let spawn = "#include <unistd.h>\n#include \"log.h\"\n\nvoid bad_spawn(char **argv)\n{\n    if (fork() == 0) {\n        helper_log();\n        execv(argv[0], argv);\n        LOG_FAIL(\"exec failed\");\n        _exit(127);\n    }\n}\n";
    tree.write("spawn.c", spawn);
    let (log_h, helper_c, spawn_c) = (
        tree.dir.join("log.h"),
        tree.dir.join("helper.c"),
        tree.dir.join("spawn.c"),
    );
    let mut client = Client::initialized(&tree.dir);
    let in_spawn = client.diagnostics(&spawn_c, |d| !d.is_empty());
    assert_eq!(codes(&in_spawn), ["FL001"], "LOG_FAIL expands to syslog");
    let in_helper = client.diagnostics(&helper_c, |d| !d.is_empty());
    assert_eq!(codes(&in_helper), ["FL001"]);
    // The chain's hop in spawn.c is related information of helper.c's finding.
    let related = in_helper[0]["relatedInformation"]
        .as_array()
        .expect("related");
    assert!(
        related
            .iter()
            .any(|r| r["location"]["uri"] == json!(uri(&spawn_c))
                && r["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("helper_log"))),
        "{related:#?}"
    );

    // Editing the header's macro removes the finding in spawn.c.
    let header = std::fs::read_to_string(&log_h).expect("log.h");
    client.open(&log_h, &header);
    let safe_header = header.replace("syslog(LOG_ERR, \"%s\", m)", "write(2, m, 1)");
    client.change(&log_h, 2, json!([{ "text": safe_header }]));
    client.diagnostics(&spawn_c, <[Value]>::is_empty);
    // And putting it back brings it back.
    client.change(&log_h, 3, json!([{ "text": header }]));
    client.diagnostics(&spawn_c, |d| codes(d) == ["FL001"]);

    // Editing spawn.c so that the child no longer calls the helper clears
    // helper.c.
    client.open(&spawn_c, spawn);
    client.change(
        &spawn_c,
        2,
        json!([{ "text": spawn.replace("helper_log();", "") }]),
    );
    client.diagnostics(&helper_c, <[Value]>::is_empty);

    // A file changed on disk, outside the editor.
    std::fs::write(
        &helper_c,
        "void helper_log(void) {}\nvoid unused_fn(void) {}\n",
    )
    .expect("write");
    client.change(&spawn_c, 3, json!([{ "text": spawn }]));
    client.diagnostics(&helper_c, |d| codes(d) == ["FL001"]);
    client.changed_on_disk(&helper_c);
    client.diagnostics(&helper_c, <[Value]>::is_empty);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn suppression_action_and_hover() {
    let (_tree, path, mut client, found) = one_file_workspace("actions", CHILD_PRINTF);
    let range = found[0]["range"].clone();

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 6, "character": 10 } }),
    );
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .expect("hover");
    assert!(text.starts_with("**FL001**"), "{text}");
    assert!(
        text.contains("## Why is this bad?"),
        "the rule's docs: {text}"
    );
    assert_eq!(hover["result"]["range"], range);
    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(nothing["result"], Value::Null);

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&path) },
            "range": range,
            "context": { "diagnostics": found },
        }),
    );
    let actions = actions["result"].as_array().expect("actions").clone();
    let suppress = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Suppress FL001"))
        })
        .expect("a suppression action");
    assert_eq!(suppress["kind"], "quickfix");
    let edits = suppress["edit"]["changes"][uri(&path)]
        .as_array()
        .expect("edits");
    let suppressed = apply_edits(CHILD_PRINTF, edits);
    assert!(
        suppressed.contains("printf(\"child\\n\");  // forklint: allow(FL001) -- TODO"),
        "{suppressed}"
    );
    client.open(&path, CHILD_PRINTF);
    client.change(&path, 2, json!([{ "text": suppressed }]));
    client.diagnostics(&path, <[Value]>::is_empty);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn fix_action_replaces_exit_in_the_child() {
    let text = "#include <stdlib.h>\n#include <unistd.h>\n\nvoid bad_spawn(char **argv)\n{\n    if (fork() == 0) {\n        execv(argv[0], argv);\n        exit(127);\n    }\n}\n";
    let (_tree, path, mut client, found) = one_file_workspace("fix", text);
    assert_eq!(codes(&found), ["FL001"]);
    assert_eq!(
        found[0]["range"]["start"],
        json!({ "line": 7, "character": 8 })
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&path) },
            "range": found[0]["range"],
            "context": { "diagnostics": found, "only": ["quickfix"] },
        }),
    );
    let actions = actions["result"].as_array().expect("actions").clone();
    let fix = actions
        .iter()
        .find(|a| a["title"] == "replace `exit` with `_exit`")
        .unwrap_or_else(|| panic!("no exit fix in {actions:#?}"));
    // It changes behaviour (atexit handlers and stdio buffers are skipped), so
    // the editor must not apply it on its own.
    assert_eq!(fix["isPreferred"], false);
    let edits = fix["edit"]["changes"][uri(&path)]
        .as_array()
        .expect("edits");
    let fixed = apply_edits(text, edits);
    assert!(fixed.contains("        _exit(127);\n"), "{fixed}");
    client.open(&path, text);
    client.change(&path, 2, json!([{ "text": fixed }]));
    client.diagnostics(&path, <[Value]>::is_empty);
    // Asking only for refactorings gets nothing.
    let refactors = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&path) },
            "range": found[0]["range"],
            "context": { "diagnostics": [], "only": ["refactor"] },
        }),
    );
    assert_eq!(refactors["result"], json!([]));
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn survives_unreadable_unparsable_and_panicking_files() {
    let tree = tree("robust");
    tree.write("good.c", CHILD_PRINTF);
    tree.write("garbage.c", "}}} int ( {{{ #if\n\"unterminated\n");
    tree.write("boom.c", "/* FORKLINT_PANIC_HERE */\nint x;\n");
    std::fs::write(tree.dir.join("binary.c"), b"int x;\0\0\x01").expect("write");
    std::fs::write(tree.dir.join("latin1.c"), b"/* caf\xe9 */ int y;\n").expect("write");
    std::os::unix::fs::symlink(tree.dir.join("nowhere.c"), tree.dir.join("dangling.c"))
        .expect("symlink");
    let mut client = Client::start(
        &tree.dir,
        &[("FORKLINT_LSP_TEST_PANIC", "FORKLINT_PANIC_HERE")],
    );
    client.initialize(&tree.dir);
    client.diagnostics(&tree.dir.join("good.c"), |d| codes(d) == ["FL001"]);
    let logged = |client: &mut Client, needle: &str| {
        client.wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains(needle))
        })
    };
    logged(&mut client, "panicked while parsing");
    logged(&mut client, "binary file");
    // The server still serves, and an edit to the file that panicked works.
    let boom = tree.dir.join("boom.c");
    client.open(&boom, "int x;\n");
    client.change(&boom, 2, json!([{ "text": CHILD_PRINTF }]));
    client.diagnostics(&boom, |d| codes(d) == ["FL001"]);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn reads_the_workspace_configuration() {
    let tree = tree("config");
    tree.write("a.c", CHILD_PRINTF);
    tree.write("forklint.toml", "[severity]\nFL001 = \"note\"\n");
    let (path, config) = (tree.dir.join("a.c"), tree.dir.join("forklint.toml"));
    let mut client = Client::start(&tree.dir, &[]);
    // A client that shows progress and lets the server watch files.
    client.initialize_with(
        &tree.dir,
        json!({
            "window": { "workDoneProgress": true },
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
        }),
    );
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert!(
        watchers.to_string().contains("forklint.toml"),
        "{registration}"
    );
    client.wait_for(|m| m["method"] == "window/workDoneProgress/create");
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin");
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let found = client.diagnostics(&path, |d| !d.is_empty());
    assert_eq!(codes(&found), ["FL001"]);
    assert_eq!(
        found[0]["severity"], 3,
        "the configured severity: {found:?}"
    );
    // The configuration changes on disk: the server reloads it.
    std::fs::write(&config, "ignore = [\"FL001\"]\n").expect("write");
    client.changed_on_disk(&config);
    client.diagnostics(&path, <[Value]>::is_empty);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn answers_requests_while_indexing() {
    let tree = tree("busy");
    // Enough code that indexing takes a while (about a second in a debug
    // build), with one finding at the end of each file.
    let mut text = String::from("#include <stdio.h>\n#include <unistd.h>\n");
    for idx in 0..400 {
        text.push_str(&format!(
            "static int busy_{idx}(int a) {{\n    if (a > {idx}) {{\n        return a * 2;\n    }}\n    return a;\n}}\n"
        ));
    }
    for file in 0..40 {
        tree.write(
            &format!("f{file}.c"),
            &text.replace("busy_", &format!("busy{file}_")),
        );
    }
    tree.write("a.c", CHILD_PRINTF);
    let mut client = Client::start(&tree.dir, &[]);
    client.initialize_with(&tree.dir, json!({}));
    let response = client.request("forklint/unknown", json!({}));
    assert_eq!(response["error"]["code"], -32601);
    assert!(
        !client.pending.iter().any(is_index_end),
        "the request waited for the index"
    );
    client.wait_for(is_index_end);
    client.diagnostics(&tree.dir.join("a.c"), |d| codes(d) == ["FL001"]);
    assert_eq!(client.shut_down(), 0);
}
