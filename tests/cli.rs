//! End-to-end tests of the `forklint` binary.
//!
//! Every test runs the real executable (`CARGO_BIN_EXE_forklint`) as a child
//! process, on C files written at test time into a fresh directory under
//! `std::env::temp_dir()` (removed again when the test ends), with that
//! directory as the working directory so paths in the output are relative.
//!
//! The suite covers:
//! - exit codes: 0 clean, 1 findings, 2 forklint failed (bad arguments, bad
//!   `--libc`, nothing analysable);
//! - bad input next to a good file (unreadable, binary, invalid UTF-8, a huge
//!   single line, deep nesting, symbolic link loops, a missing path): the run
//!   must not crash or hang, the good file's finding must still be reported,
//!   and the bad file must be listed in the JSON `errors` where that applies;
//! - the JSON report's schema;
//! - determinism across `--jobs` values;
//! - `rules` and `explain`;
//! - `--exclude`, `--select` and `--ignore`.
//!
//! Every child process runs under a time limit, so a hang fails the test
//! instead of stalling the suite.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Time limit for an ordinary run.
const TIMEOUT: Duration = Duration::from_secs(60);

/// `common::CLOSELOG_CHILD`: exactly one FL001 finding, at line 7, column 9.
const GOOD_C: &str = common::CLOSELOG_CHILD;
const GOOD_LINE: u64 = 7;
const GOOD_COLUMN: u64 = 9;

/// A fork child that only calls `write`, `execv` and `_exit`: no findings.
const CLEAN_C: &str = r#"#include <unistd.h>

void spawn(char *const argv[]) {
    pid_t pid = fork();
    if (pid == 0) {
        write(2, "child\n", 6);
        execv(argv[0], argv);
        _exit(127);
    }
}
"#;

// ----- Helpers -----

/// A fresh directory under the system temp directory, removed on drop.
struct TempTree {
    root: PathBuf,
}

impl TempTree {
    fn new(name: &str) -> TempTree {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "forklint-cli-{}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            name
        );
        let root = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create temp dir");
        TempTree { root }
    }

    /// Writes `contents` to `rel` (creating parent directories).
    fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent dir");
        }
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    /// A tree holding `good.c` (one FL001 finding).
    fn with_good_file(name: &str) -> TempTree {
        let tree = TempTree::new(name);
        tree.write("good.c", GOOD_C);
        tree
    }

    /// Runs forklint in this directory.
    fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args, TIMEOUT)
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        // Make everything removable again (a test may have chmod-ed a file or
        // directory to 000).
        #[cfg(unix)]
        restore_permissions(&self.root);
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

#[cfg(unix)]
fn restore_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            continue;
        }
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
        if meta.is_dir() {
            restore_permissions(&path);
        }
    }
}

/// What one run of the binary produced.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    args: Vec<String>,
}

impl Run {
    /// Asserts the exit code, showing the output if it differs.
    fn assert_code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(expected),
            "`forklint {}` exited with {:?}, expected {expected}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr,
        );
        self
    }

    /// stdout parsed as the JSON report.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|err| {
            panic!(
                "`forklint {}` did not print valid JSON ({err})\n--- stdout:\n{}\n--- stderr:\n{}",
                self.args.join(" "),
                self.stdout,
                self.stderr
            )
        })
    }

    fn output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs forklint with `args` in `dir`, killing it (and failing) after `limit`.
fn run_in(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_forklint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start forklint");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for forklint") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`forklint {}` did not finish within {limit:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    Run {
        code: status.code(),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed,
        args: args.iter().map(|s| s.to_string()).collect(),
    }
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"]
        .as_array()
        .expect("`findings` is an array")
}

fn errors(report: &Value) -> &Vec<Value> {
    report["errors"].as_array().expect("`errors` is an array")
}

/// Asserts that the report holds exactly one finding in `path`: `good.c`'s
/// FL001 on `closelog`.
fn assert_good_finding(report: &Value, path: &str) {
    let in_file: Vec<&Value> = findings(report)
        .iter()
        .filter(|f| f["path"] == path)
        .collect();
    assert_eq!(
        in_file.len(),
        1,
        "expected exactly one finding in {path}, report:\n{report:#}"
    );
    let finding = in_file[0];
    assert_eq!(finding["code"], "FL001");
    assert_eq!(finding["callee"], "closelog");
    assert_eq!(finding["line"], GOOD_LINE);
    assert_eq!(finding["column"], GOOD_COLUMN);
}

/// The error entry for `path`, whose message must contain one of `words`
/// (case-insensitive).
fn assert_error<'r>(report: &'r Value, path: &str, words: &[&str]) -> &'r Value {
    let entry = errors(report)
        .iter()
        .find(|e| e["path"] == path)
        .unwrap_or_else(|| panic!("no error entry for {path}, report:\n{report:#}"));
    let message = entry["message"]
        .as_str()
        .expect("error message is a string");
    let lower = message.to_lowercase();
    assert!(
        words.iter().any(|w| lower.contains(&w.to_lowercase())),
        "error message for {path} should mention one of {words:?}: {message:?}"
    );
    entry
}

/// Asserts that the summary's counts agree with the lists.
fn assert_summary_consistent(report: &Value) {
    let summary = &report["summary"];
    assert_eq!(summary["findings"], findings(report).len() as u64);
    assert_eq!(summary["errors"], errors(report).len() as u64);
}

/// The common contract for a tree holding `good.c` and something bad: exit 1
/// (good.c has a finding), good.c's finding reported exactly once, counts
/// consistent. Returns the report.
fn check_tree_with_bad_input(tree: &TempTree) -> Value {
    let run = tree.run(&["check", ".", "--format", "json"]);
    run.assert_code(1);
    let report = run.json();
    assert_good_finding(&report, "good.c");
    assert_summary_consistent(&report);
    report
}

/// A fork child of `spawn` that calls `closelog()` inside `depth` levels of
/// braces.
fn deep_braces_source(depth: usize) -> String {
    format!(
        "#include <unistd.h>\n\nvoid spawn(char *const argv[]) {{\n    if (fork() == 0) {{\n{}\ncloselog();\n{}\n        execv(argv[0], argv);\n        _exit(127);\n    }}\n}}\n",
        "{".repeat(depth),
        "}".repeat(depth)
    )
}

/// A fork child of `spawn` that calls `closelog()` inside `depth` levels of
/// parentheses.
fn deep_parens_source(depth: usize) -> String {
    format!(
        "#include <unistd.h>\n\nvoid spawn(char *const argv[]) {{\n    if (fork() == 0) {{\n        int r = {}closelog(){};\n        execv(argv[0], argv);\n        _exit(127);\n    }}\n}}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    )
}

/// A deeply nested file must be handled without a crash and must not lose its
/// finding silently: either the innermost `closelog()` is reported, or the
/// file is listed in `errors` as (partly) not analysed.
fn assert_deep_file_handled(report: &Value, path: &str) {
    let found = findings(report)
        .iter()
        .any(|f| f["path"] == path && f["callee"] == "closelog");
    if !found {
        assert_error(report, path, &["nest", "deep", "not analysed"]);
    }
}

// ----- 1. Exit codes -----

#[test]
fn clean_file_exits_0() {
    let tree = TempTree::new("clean");
    tree.write("clean.c", CLEAN_C);
    let run = tree.run(&["check", "clean.c", "--format", "concise"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout, "",
        "a clean run prints nothing in concise format"
    );
}

#[test]
fn finding_exits_1_and_is_printed_concisely() {
    let tree = TempTree::with_good_file("finding");
    let run = tree.run(&["check", "good.c", "--format", "concise"]);
    run.assert_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one finding expected:\n{}", run.stdout);
    assert!(
        lines[0].starts_with(&format!("good.c:{GOOD_LINE}:{GOOD_COLUMN}: FL001 ")),
        "unexpected concise line: {:?}",
        lines[0]
    );
    assert!(lines[0].contains("closelog"), "{:?}", lines[0]);
}

#[test]
fn missing_path_alone_exits_2_and_names_the_path() {
    let tree = TempTree::new("missing-alone");
    let run = tree.run(&["check", "does-not-exist.c"]);
    run.assert_code(2);
    let output = run.output();
    assert!(
        output.contains("does-not-exist.c") && output.to_lowercase().contains("no such file"),
        "the message should name the missing path:\n{output}"
    );
}

#[test]
fn bad_format_exits_2() {
    let tree = TempTree::with_good_file("bad-format");
    let run = tree.run(&["check", "good.c", "--format", "nope"]);
    run.assert_code(2);
    assert!(run.stderr.contains("nope"), "stderr: {}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn bad_libc_exits_2() {
    let tree = TempTree::with_good_file("bad-libc");
    let run = tree.run(&["check", "good.c", "--libc", "nope"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("--libc") && run.stderr.contains("nope"),
        "stderr: {}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

// ----- 2. Bad input next to a good file -----

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_and_the_rest_analysed() {
    use std::os::unix::fs::PermissionsExt;
    let tree = TempTree::with_good_file("unreadable");
    let secret = tree.write("secret.c", "int x;\n");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let report = check_tree_with_bad_input(&tree);
    if std::fs::File::open(&secret).is_ok() {
        println!(
            "skipping the `errors` assertion for secret.c: the file is still readable after \
             chmod 000 (running as root?), so forklint can read it too"
        );
        return;
    }
    assert_error(&report, "secret.c", &["permission denied", "cannot read"]);
}

#[test]
fn binary_file_is_reported_and_the_rest_analysed() {
    let tree = TempTree::with_good_file("binary");
    tree.write("blob.c", b"int main(void) {\0\0\0\x01\x02 return 0; }\n");
    let report = check_tree_with_bad_input(&tree);
    assert_error(&report, "blob.c", &["binary"]);
}

#[test]
fn invalid_utf8_file_is_analysed_and_reported() {
    let tree = TempTree::with_good_file("utf8");
    // Invalid bytes in a comment, then good.c's code: the finding must still
    // come out, at the right line.
    let mut bytes = b"/* caf\xe9 \xff\xfe */\n".to_vec();
    bytes.extend_from_slice(GOOD_C.as_bytes());
    tree.write("latin1.c", bytes);
    let report = check_tree_with_bad_input(&tree);
    assert_error(&report, "latin1.c", &["utf-8"]);
    let finding = findings(&report)
        .iter()
        .find(|f| f["path"] == "latin1.c")
        .unwrap_or_else(|| panic!("latin1.c was not analysed, report:\n{report:#}"));
    assert_eq!(finding["callee"], "closelog");
    assert_eq!(finding["line"], GOOD_LINE + 1);
}

/// A function body whose header no grammar reads (here an object-like macro
/// that expands to the header, as flex's `YY_DECL`) is not dropped silently:
/// the file is listed in `errors` with the body's line.
#[test]
fn function_body_without_readable_header_is_an_error() {
    let tree = TempTree::with_good_file("orphan-body");
    tree.write(
        "decl.c",
        "#include <unistd.h>\n\n#define SPAWN_DECL int spawn (char **argv)\n\nSPAWN_DECL\n{\n  if (fork () == 0)\n    closelog ();\n  return 0;\n}\n",
    );
    let report = check_tree_with_bad_input(&tree);
    let entry = assert_error(&report, "decl.c", &["not analysed"]);
    let message = entry["message"].as_str().unwrap_or_default();
    // The header line (the macro) or the body's first line.
    assert!(
        message.starts_with("line 5") || message.starts_with("line 6"),
        "{message:?}"
    );
}

#[test]
fn five_megabyte_line_finishes_in_reasonable_time() {
    let tree = TempTree::with_good_file("huge-line");
    let n = 5 * 1024 * 1024 / 2;
    let mut line = String::with_capacity(2 * n + 32);
    line.push_str("int x[] = {1");
    for _ in 1..n {
        line.push_str(",1");
    }
    line.push_str("};\n");
    assert!(line.len() >= 5 * 1024 * 1024);
    tree.write("huge.c", line);
    let run = tree.run(&["check", ".", "--format", "json"]);
    run.assert_code(1);
    assert!(
        run.elapsed < Duration::from_secs(60),
        "a 5 MB line took {:?}",
        run.elapsed
    );
    let report = run.json();
    assert_good_finding(&report, "good.c");
    assert_eq!(report["summary"]["files"], 2, "huge.c should be analysed");
}

#[test]
fn ten_thousand_nested_braces_do_not_overflow() {
    let tree = TempTree::with_good_file("braces");
    tree.write("braces.c", deep_braces_source(10_000));
    let report = check_tree_with_bad_input(&tree);
    assert_deep_file_handled(&report, "braces.c");
}

#[test]
fn ten_thousand_nested_parentheses_do_not_overflow() {
    let tree = TempTree::with_good_file("parens");
    tree.write("parens.c", deep_parens_source(10_000));
    let report = check_tree_with_bad_input(&tree);
    assert_deep_file_handled(&report, "parens.c");
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    use std::os::unix::fs::symlink;
    let tree = TempTree::with_good_file("symlinks");
    symlink("b.c", tree.root.join("a.c")).expect("symlink a.c -> b.c");
    symlink("a.c", tree.root.join("b.c")).expect("symlink b.c -> a.c");
    std::fs::create_dir(tree.root.join("sub")).expect("mkdir sub");
    symlink("..", tree.root.join("sub/up")).expect("symlink sub/up -> ..");
    // The finding must be reported once, not again through `sub/up/`.
    let report = check_tree_with_bad_input(&tree);
    assert_eq!(findings(&report).len(), 1, "report:\n{report:#}");
    assert_error(&report, "a.c", &["symbolic link", "symlink"]);
    assert_error(&report, "b.c", &["symbolic link", "symlink"]);
    // The directory loop may be skipped silently or listed; if listed, the
    // message must say what happened.
    if let Some(entry) = errors(&report).iter().find(|e| e["path"] == "sub/up") {
        let message = entry["message"].as_str().unwrap_or_default();
        assert!(message.contains("loop"), "sub/up: {message:?}");
    }
}

#[test]
fn missing_path_next_to_a_good_path_is_listed() {
    let tree = TempTree::with_good_file("missing-with-good");
    let run = tree.run(&["check", "good.c", "missing.c", "--format", "json"]);
    run.assert_code(1);
    let report = run.json();
    assert_good_finding(&report, "good.c");
    assert_error(&report, "missing.c", &["no such file"]);
    assert_summary_consistent(&report);
}

// ----- 3. JSON schema -----

/// Checks one finding against the documented shape. Call findings must carry
/// the call chain that leads to them and their context. Findings about
/// suppression comments (FL9xx) are about a comment: no callee, context or
/// chain.
fn assert_finding_schema(finding: &Value) {
    let context = format!("finding:\n{finding:#}");
    let string = |key: &str| -> &str {
        finding[key]
            .as_str()
            .unwrap_or_else(|| panic!("`{key}` is not a string in {context}"))
    };
    let position = |value: &Value, key: &str| -> u64 {
        let n = value[key]
            .as_u64()
            .unwrap_or_else(|| panic!("`{key}` is not an integer in {context}"));
        assert!(n >= 1, "`{key}` is not 1-based in {context}");
        n
    };
    let code = string("code");
    assert!(code.starts_with("FL"), "{context}");
    assert!(!string("rule").is_empty(), "{context}");
    assert!(
        ["error", "warning", "note"].contains(&string("severity")),
        "{context}"
    );
    assert!(!string("message").is_empty(), "{context}");
    let path = string("path");
    assert!(
        !Path::new(path).is_absolute() && !path.starts_with("./"),
        "path should be relative to the working directory: {context}"
    );
    let (line, column) = (position(finding, "line"), position(finding, "column"));
    let (end_line, end_column) = (
        position(finding, "end_line"),
        position(finding, "end_column"),
    );
    assert!((end_line, end_column) >= (line, column), "{context}");
    if code.starts_with("FL9") {
        assert!(finding["callee"].is_null(), "{context}");
        assert!(finding["context"].is_null(), "{context}");
        assert_eq!(finding["chain"], Value::Array(Vec::new()), "{context}");
        return;
    }
    let callee = string("callee");

    let ctx = &finding["context"];
    assert!(ctx.is_object(), "`context` is not an object in {context}");
    assert!(
        ctx["kind"].as_str().is_some_and(|k| !k.is_empty()),
        "{context}"
    );
    assert!(
        ctx["path"]
            .as_str()
            .is_some_and(|p| !Path::new(p).is_absolute()),
        "{context}"
    );
    position(ctx, "line");
    position(ctx, "column");

    let chain = finding["chain"]
        .as_array()
        .unwrap_or_else(|| panic!("`chain` is not an array in {context}"));
    assert!(!chain.is_empty(), "`chain` is empty in {context}");
    if let Some(last) = chain.last() {
        assert_eq!(last["callee"], callee, "last hop's callee in {context}");
    }
    for hop in chain {
        position(hop, "line");
        position(hop, "column");
        assert!(hop["path"].as_str().is_some(), "{context}");
    }

    assert!(finding["reasons"].is_array(), "{context}");
    assert!(
        finding
            .get("help")
            .is_some_and(|h| h.is_null() || h.is_string()),
        "`help` missing or not a string in {context}"
    );
    assert!(finding["fixes"].is_array(), "{context}");
    assert!(!string("fingerprint").is_empty(), "{context}");
}

/// Checks the report's top-level keys and every finding.
fn assert_report_schema(report: &Value) {
    assert!(report["version"].is_string(), "report:\n{report:#}");
    let summary = &report["summary"];
    for key in ["files", "findings", "errors", "duration_ms"] {
        assert!(summary[key].is_u64(), "summary.{key} missing:\n{report:#}");
    }
    assert_summary_consistent(report);
    for error in errors(report) {
        assert!(error["path"].is_string() && error["message"].is_string());
    }
    for finding in findings(report) {
        assert_finding_schema(finding);
    }
}

#[test]
fn json_report_has_the_documented_schema() {
    let tree = TempTree::new("schema");
    tree.write("src/spawn.c", GOOD_C);
    let run = tree.run(&["check", "src", "--format", "json"]);
    run.assert_code(1);
    let report = run.json();
    assert_report_schema(&report);
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["errors"], Value::Array(Vec::new()));

    assert_eq!(findings(&report).len(), 1, "report:\n{report:#}");
    let finding = &findings(&report)[0];
    assert_eq!(finding["path"], "src/spawn.c");
    assert_eq!(finding["code"], "FL001");
    assert_eq!(finding["rule"], "unsafe-call-in-fork-child");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["callee"], "closelog");
    assert_eq!(
        (&finding["line"], &finding["column"]),
        (&GOOD_LINE.into(), &GOOD_COLUMN.into())
    );
    assert_eq!(
        (&finding["end_line"], &finding["end_column"]),
        (
            &GOOD_LINE.into(),
            &(GOOD_COLUMN + "closelog".len() as u64).into()
        )
    );
    let context = &finding["context"];
    assert_eq!(context["kind"], "fork-child");
    assert_eq!(context["path"], "src/spawn.c");
    assert_eq!(
        (&context["line"], &context["column"]),
        (&5.into(), &17.into())
    );
}

#[test]
fn json_schema_holds_for_the_whole_corpus() {
    let run = run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "test-corpus", "--format", "json"],
        TIMEOUT,
    );
    run.assert_code(1);
    let report = run.json();
    assert!(!findings(&report).is_empty());
    assert_report_schema(&report);
}

// ----- 4. Determinism -----

#[test]
fn output_does_not_depend_on_the_number_of_jobs() {
    let corpus_run = |jobs: &str| {
        let run = run_in(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            &["check", "test-corpus", "--format", "json", "--jobs", jobs],
            TIMEOUT,
        );
        run.assert_code(1);
        let kept: Vec<&str> = run
            .stdout
            .lines()
            .filter(|line| !line.contains("\"duration_ms\""))
            .collect();
        kept.join("\n")
    };
    let one = corpus_run("1");
    let two = corpus_run("2");
    assert!(one.contains("\"findings\""));
    assert!(
        one == two,
        "--jobs 1 and --jobs 2 gave different reports:\n--- jobs 1:\n{one}\n--- jobs 2:\n{two}"
    );
}

// ----- 5. rules and explain -----

#[test]
fn rules_lists_fl001() {
    let run = run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["rules"], TIMEOUT);
    run.assert_code(0);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("FL001") && l.contains("unsafe-call-in-fork-child")),
        "stdout:\n{}",
        run.stdout
    );
}

#[test]
fn rules_prints_one_line_per_rule() {
    let run = run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["rules"], TIMEOUT);
    run.assert_code(0);
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("FL"),
            "every line of `forklint rules` should start with a rule code (the summary is \
             meant to be the docs' first sentence), got {line:?} in:\n{}",
            run.stdout
        );
    }
}

#[test]
fn explain_prints_the_docs_by_code_and_by_name() {
    for rule in ["FL001", "unsafe-call-in-fork-child"] {
        let run = run_in(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            &["explain", rule],
            TIMEOUT,
        );
        run.assert_code(0);
        assert!(
            run.stdout.contains("## What it does"),
            "`explain {rule}` stdout:\n{}",
            run.stdout
        );
        assert!(run.stdout.contains("unsafe-call-in-fork-child"));
    }
}

#[test]
fn explain_matches_the_generated_docs_page_of_every_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rule in forklint::lints::RULES {
        let run = run_in(root, &["explain", rule.code], TIMEOUT);
        run.assert_code(0);
        let page = std::fs::read_to_string(
            root.join("docs/rules")
                .join(forklint::lints::rule_page_name(rule)),
        )
        .unwrap();
        assert_eq!(run.stdout.trim(), page.trim(), "{}", rule.code);
        if rule.code == "FL001" {
            assert!(page.contains("## Fix safety"), "{page}");
        }
    }
}

#[test]
fn explain_unknown_rule_exits_2() {
    let run = run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["explain", "nope"],
        TIMEOUT,
    );
    run.assert_code(2);
    assert!(run.stderr.contains("nope"), "stderr: {}", run.stderr);
}

// ----- 6. --exclude -----

#[test]
fn excluding_the_file_with_the_finding_exits_0() {
    let tree = TempTree::with_good_file("exclude");
    tree.write("clean.c", CLEAN_C);
    tree.run(&["check", "."]).assert_code(1);
    let run = tree.run(&["check", ".", "--exclude", "good.c", "--format", "json"]);
    run.assert_code(0);
    let report = run.json();
    assert_eq!(report["summary"]["files"], 1, "only clean.c is analysed");
    assert!(findings(&report).is_empty());
}

// ----- 7. --select and --ignore -----

#[test]
fn select_other_rule_exits_0() {
    let tree = TempTree::with_good_file("select");
    tree.run(&["check", "good.c", "--select", "FL001"])
        .assert_code(1);
    let run = tree.run(&[
        "check", "good.c", "--select", "FL003", "--format", "concise",
    ]);
    run.assert_code(0);
    assert_eq!(run.stdout, "");
}

#[test]
fn ignore_the_only_rule_exits_0() {
    let tree = TempTree::with_good_file("ignore");
    let run = tree.run(&[
        "check", "good.c", "--ignore", "FL001", "--format", "concise",
    ]);
    run.assert_code(0);
    assert_eq!(run.stdout, "");
}
