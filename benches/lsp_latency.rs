//! Language-server latency: how long after an edit the edited file's
//! diagnostics arrive, and how long the first index takes next to a
//! `forklint check` run over the same tree (the library in this process, and
//! the command).
//!
//! `FORKLINT_BENCH_DIR=/path/to/bacula/src cargo bench --bench lsp_latency`
//! (default: the shipped test corpus). The server runs in this process over
//! an in-memory connection, as the editor's client would drive it: it indexes
//! the tree, then the file with the most findings (or `FORKLINT_BENCH_FILE`)
//! is opened and edited `FORKLINT_BENCH_EDITS` times (default 21), each edit
//! inserting or removing a line at the top, which moves every finding in it.
//! Latency is measured from sending `didChange` to receiving that version's
//! `publishDiagnostics`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request};
use rayon::prelude::*;
use serde_json::{Value, json};

use forklint::check::{Input, Settings, check_inputs};
use forklint::knowledge::Knowledge;

const TIMEOUT: Duration = Duration::from_secs(120);

fn percentile(samples: &[Duration], fraction: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let idx = ((sorted.len() - 1) as f64 * fraction).round() as usize;
    sorted[idx]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn notify(client: &Connection, method: &str, params: Value) {
    client
        .sender
        .send(Notification::new(method.to_string(), params).into())
        .expect("the server is running");
}

/// Waits for a notification that `accept` takes, answering the server's own
/// requests on the way.
fn wait_for(client: &Connection, mut accept: impl FnMut(&Notification) -> bool) -> Notification {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match client.receiver.recv_timeout(left) {
            Ok(Message::Notification(notification)) if accept(&notification) => {
                return notification;
            }
            Ok(Message::Request(request)) => client
                .sender
                .send(lsp_server::Response::new_ok(request.id, Value::Null).into())
                .expect("the server is running"),
            Ok(_) => {}
            Err(err) => panic!("no answer from the server: {err}"),
        }
    }
}

fn main() {
    let dir = std::env::var("FORKLINT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-corpus"));
    let dir = std::fs::canonicalize(&dir).expect("the benchmark directory exists");
    let n_edits: usize = std::env::var("FORKLINT_BENCH_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(21);
    let (paths, _) =
        forklint::cli::check::discover(std::slice::from_ref(&dir), &[]).expect("walk the tree");

    // The CLI's analysis, as `benches/whole_tree.rs` measures it (median of 3).
    let mut cli_times = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let inputs: Vec<Input> = paths
            .par_iter()
            .filter_map(|path| {
                let bytes = std::fs::read(path).ok()?;
                Some(Input {
                    path: path.clone(),
                    bytes,
                })
            })
            .collect();
        let outcome = check_inputs(inputs, &Settings::new(Knowledge::builtin()));
        std::hint::black_box(outcome.diagnostics.len());
        cli_times.push(started.elapsed());
    }

    // The whole command, as a user runs it (discovery and output included).
    let mut command_times = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_forklint"))
            .args(["check", "--format", "concise", "--exit-zero"])
            .arg(&dir)
            .output()
            .expect("forklint check runs");
        assert!(output.status.success(), "forklint check failed");
        command_times.push(started.elapsed());
    }

    let (server, client) = Connection::memory();
    let server_thread = std::thread::spawn(move || forklint::lsp::main_loop(&server));
    let root = lsp_types::Url::from_file_path(&dir).expect("an absolute path");
    let started = Instant::now();
    client
        .sender
        .send(
            Request::new(
                1.into(),
                "initialize".to_string(),
                json!({ "processId": null, "rootUri": root, "capabilities": {} }),
            )
            .into(),
        )
        .expect("the server is running");
    notify(&client, "initialized", json!({}));
    let mut n_findings_by_file: Vec<(usize, String)> = Vec::new();
    let indexed = wait_for(&client, |notification| {
        if notification.method == "textDocument/publishDiagnostics" {
            let params = &notification.params;
            let n = params["diagnostics"].as_array().map_or(0, Vec::len);
            n_findings_by_file.push((n, params["uri"].as_str().unwrap_or("").to_string()));
        }
        notification.method == "window/logMessage"
            && notification.params["message"]
                .as_str()
                .is_some_and(|m| m.contains("indexed"))
    });
    let index_time = started.elapsed();

    let uri = match std::env::var("FORKLINT_BENCH_FILE") {
        Ok(file) => lsp_types::Url::from_file_path(dir.join(file)).expect("an absolute path"),
        Err(_) => {
            n_findings_by_file.sort();
            let (_, uri) = n_findings_by_file
                .last()
                .expect("the tree has a file with findings")
                .clone();
            uri.parse().expect("a URI")
        }
    };
    let path = uri.to_file_path().expect("a file URI");
    let text = std::fs::read_to_string(&path).expect("the edited file is readable");
    notify(
        &client,
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "c", "version": 0, "text": text } }),
    );
    let is_version = |notification: &Notification, version: i64| {
        notification.method == "textDocument/publishDiagnostics"
            && notification.params["uri"] == json!(uri)
            && notification.params["version"] == json!(version)
    };
    wait_for(&client, |n| is_version(n, 0));
    let mut latencies = Vec::new();
    let mut n_findings = 0;
    let mut last_run = String::new();
    // The server's own account of each run (from its log), to set apart the
    // time spent outside the analysis.
    let mut run_times = Vec::new();
    for version in 1..=n_edits as i64 {
        let change = if version % 2 == 1 {
            json!({ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "\n" })
        } else {
            json!({ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 1, "character": 0 } }, "text": "" })
        };
        let sent = Instant::now();
        notify(
            &client,
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        let published = wait_for(&client, |n| {
            if n.method == "window/logMessage"
                && let Some(text) = n.params["message"].as_str()
                && text.starts_with("analysed")
            {
                last_run = text.to_string();
            }
            is_version(n, version)
        });
        latencies.push(sent.elapsed());
        let run_ms = last_run
            .split(" in ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|ms| ms.parse::<u64>().ok())
            .unwrap_or(0);
        run_times.push(Duration::from_millis(run_ms));
        n_findings = published.params["diagnostics"]
            .as_array()
            .map_or(0, Vec::len);
    }
    client
        .sender
        .send(Request::new(2.into(), "shutdown".to_string(), Value::Null).into())
        .expect("the server is running");
    notify(&client, "exit", Value::Null);
    let clean = server_thread
        .join()
        .expect("the server did not panic")
        .expect("the server ran");
    assert!(clean, "the server exits cleanly after shutdown");

    println!(
        "tree: {} ({} files), {} threads",
        dir.display(),
        paths.len(),
        rayon::current_num_threads()
    );
    println!(
        "first index: {:>8.1} ms to the index's end ({})",
        ms(index_time),
        indexed.params["message"].as_str().unwrap_or("")
    );
    println!(
        "forklint check (library, files read, discovery excluded): median {:>8.1} ms",
        ms(percentile(&cli_times, 0.5))
    );
    println!(
        "forklint check DIR (the command): median {:>8.1} ms",
        ms(percentile(&command_times, 0.5))
    );
    println!(
        "edit latency in {} ({n_findings} findings), {n_edits} edits: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        path.strip_prefix(&dir).unwrap_or(&path).display(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.9)),
        ms(percentile(&latencies, 1.0)),
    );
    println!(
        "analysis runs (server log): median {:.0} ms, p90 {:.0} ms; last: {last_run}",
        ms(percentile(&run_times, 0.5)),
        ms(percentile(&run_times, 0.9)),
    );
}
