//! `forklint check --show-contexts`: every fork site with its classification.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

fn contexts(path: &str) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_forklint"))
        .args(["check", "--show-contexts", "--format", "json", path])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("forklint runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    parse(&output.stdout)
}

fn parse(stdout: &[u8]) -> Vec<Value> {
    let report: Value = serde_json::from_slice(stdout).expect("JSON");
    report["contexts"].as_array().expect("a list").clone()
}

fn classes(path: &str) -> Vec<(u64, String)> {
    contexts(path)
        .iter()
        .map(|c| {
            (
                c["line"].as_u64().unwrap(),
                c["class"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_exec_only_a_grandchild_reaches_is_not_the_childs() {
    let listed = classes("test-corpus/c/fork/exec_only_in_grandchild.c");
    let expected = [
        (14, "exec"),    // the accept loop's grandchild returns to the execv
        (20, "no-exec"), // the daemon child itself never execs
        (33, "exec"),    // the double fork's grandchild
        (43, "no-exec"), // the intermediate child exits in the parent branch
        (55, "exec"),    // the second fork is only on some paths
        (58, "exec"),
    ]
    .map(|(line, class)| (line, class.to_string()));
    assert_eq!(listed, expected);
}

#[test]
fn the_reason_names_the_exec_and_the_callers() {
    let listed = contexts("test-corpus/c/fork/child_returns_to_caller.c");
    let first = &listed[0];
    assert_eq!(first["exec_via"]["callee"], "execv");
    assert_eq!(first["returns_into"][0], "bad_childret_caller");
    assert!(first["reason"].as_str().unwrap().contains("execv"));
}

#[test]
fn a_daemon_names_the_call_through_a_pointer_that_might_exec() {
    let listed = contexts("test-corpus/c/fork/daemon_calls_through_pointer.c");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["class"], "no-exec");
    let reason = listed[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("calls `proc` through a function pointer"),
        "{reason}"
    );
}

#[test]
fn a_fork_after_a_call_that_does_not_return_is_listed_as_not_reached() {
    let tree = common::Tree::new("contexts-unreached");
    tree.write(
        "dead.c",
        "#include <stdlib.h>\n#include <unistd.h>\nvoid f(void) {\n  exit(1);\n  if (fork() == 0) _exit(0);\n}\n",
    );
    let (code, stdout, stderr) = tree.run(&["check", "--show-contexts", "--format", "json", "."]);
    assert_eq!(code, 0, "{stderr}");
    let listed = parse(stdout.as_bytes());
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["class"], "unreached");
    assert_eq!(listed[0]["line"], 5);
}

/// Across the C and C++ corpus, a fork is classified `no-exec` exactly where
/// the case expects FL003 at the fork.
#[test]
fn the_corpus_forks_are_classified_as_their_cases_expect() {
    for dir in ["test-corpus/c", "test-corpus/cpp"] {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut expected = BTreeSet::new();
        for entry in walk(&root.join(dir)) {
            let text = std::fs::read_to_string(&entry).unwrap_or_default();
            for (idx, line) in text.lines().enumerate() {
                if line.contains("//~ FL003") || line.contains("//~[treesitter] FL003") {
                    let rel = entry
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .to_string();
                    expected.insert((rel, idx as u64 + 1));
                }
            }
        }
        let listed: BTreeSet<(String, u64)> = contexts(dir)
            .iter()
            .filter(|c| c["class"] == "no-exec")
            .map(|c| {
                (
                    c["path"].as_str().unwrap().to_string(),
                    c["line"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(listed, expected, "{dir}");
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path
            .extension()
            .is_some_and(|e| matches!(e.to_str(), Some("c" | "cc" | "cpp" | "h")))
        {
            out.push(path);
        }
    }
    out
}
