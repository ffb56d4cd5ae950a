//! The CI gate: baselines that survive line shifts, suppressions that can be
//! turned off, the summary line, through the real binary.

use std::path::Path;
use std::process::Command;

mod common;

use common::Tree;

const CHILD: &str = "#include <unistd.h>\n#include <syslog.h>\nvoid spawn_it(char **argv)\n{\n    if (fork() == 0) {\n        closelog();\n        execv(argv[0], argv);\n        _exit(127);\n    }\n}\n";

#[test]
fn baseline_survives_line_shifts_and_reports_only_new_findings() {
    let tree = Tree::new("baseline");
    tree.write("spawn.c", CHILD);
    let (code, _, stderr) = tree.run(&["check", ".", "--write-baseline", "baseline.json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("wrote 1 findings"), "{stderr}");
    let check_against_baseline = || {
        tree.run(&[
            "check",
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
        ])
    };

    // Unrelated lines above the finding move it down.
    let shifted = format!("/* a comment */\n#define UNUSED 1\n\n\nstatic int counter;\n{CHILD}");
    tree.write("spawn.c", &shifted);
    let (code, stdout, stderr) = check_against_baseline();
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.is_empty(), "{stdout}");

    // A new finding is reported, the known one is not.
    let grown = shifted.replace(
        "        closelog();\n",
        "        closelog();\n        syslog(LOG_ERR, \"x\");\n",
    );
    tree.write("spawn.c", &grown);
    let (code, stdout, _) = check_against_baseline();
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("`syslog`"), "{stdout}");

    // Fixing the known finding leaves a stale baseline entry, which is said.
    tree.write("spawn.c", &shifted.replace("        closelog();\n", ""));
    let (code, stdout, stderr) = check_against_baseline();
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stderr.contains("1 baseline entries no longer occur"),
        "{stderr}"
    );
}

#[test]
fn an_invalid_baseline_fails_with_exit_2() {
    let tree = Tree::new("bad-baseline");
    tree.write("spawn.c", CHILD);
    tree.write("baseline.json", "{ not json");
    let (code, _, stderr) = tree.run(&["check", ".", "--baseline", "baseline.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("baseline"), "{stderr}");
}

#[test]
fn no_suppressions_shows_suppressed_findings() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus/c/suppressions.c");
    let path = corpus.to_str().expect("UTF-8 path");
    let tree = Tree::new("suppressions");
    let (_, with, _) = tree.run(&["check", path, "--format", "concise"]);
    let (_, without, _) = tree.run(&["check", path, "--format", "concise", "--no-suppressions"]);
    assert!(!with.contains("`closelog`"), "{with}");
    assert!(without.contains("`closelog`"), "{without}");
    assert!(
        !without.contains("FL901"),
        "nothing is suppressed, so nothing is unused: {without}"
    );
}

#[test]
fn human_output_ends_with_a_summary_on_stderr() {
    let tree = Tree::new("summary");
    tree.write("spawn.c", CHILD);
    let (code, stdout, stderr) = tree.run(&["check", ".", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("Found 1 finding (1 with --fix --unsafe-fixes)."),
        "{stdout}"
    );
    assert!(
        stderr.contains("forklint: 1 errors, 0 warnings, 0 notes in 1 files"),
        "{stderr}"
    );
}

/// The mini daemon in test-corpus/projects: its configuration, suppression
/// and baseline gate it end to end.
#[test]
fn mini_daemon_project_is_gated_end_to_end() {
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus/projects/minidaemon");
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_forklint"))
            .args(args)
            .current_dir(&project)
            .output()
            .expect("forklint runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let expected = vec![
        "src/md_log.cpp:12:5: FL001 `vfprintf` is not async-signal-safe, and it runs in the child of `fork()`",
        "src/md_log.cpp:14:5: FL001 `syslog` is not async-signal-safe, and it runs in the child of `fork()`",
    ];
    // The configuration turns FL003 off; the suppression in md_child.cpp holds.
    let (code, stdout, _) = run(&["check", ".", "--format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);

    let (_, stdout, _) = run(&["check", ".", "--format", "concise", "--no-suppressions"]);
    assert!(
        stdout.contains("src/md_child.cpp:21:5: FL001 `setenv`"),
        "{stdout}"
    );

    let baseline =
        std::env::temp_dir().join(format!("forklint-minidaemon-{}.json", std::process::id()));
    let baseline_arg = baseline.to_str().expect("UTF-8 path");
    let (code, _, _) = run(&["check", ".", "--write-baseline", baseline_arg]);
    assert_eq!(code, 0);
    let (code, stdout, _) = run(&[
        "check",
        ".",
        "--baseline",
        baseline_arg,
        "--format",
        "concise",
    ]);
    assert_eq!(code, 0, "{stdout}");
    let _ = std::fs::remove_file(&baseline);

    let sarif =
        std::env::temp_dir().join(format!("forklint-minidaemon-{}.sarif", std::process::id()));
    let (code, stdout, _) = run(&[
        "check",
        ".",
        "--format",
        "sarif",
        "--output",
        sarif.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("SARIF written"))
            .expect("SARIF is JSON");
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(2));
    let _ = std::fs::remove_file(&sarif);
}

#[test]
fn explain_a_function_tells_its_story_per_libc() {
    let tree = Tree::new("explain");
    let (code, stdout, _) = tree.run(&["explain", "closelog"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("syslog lock, which `fork()` does not reset"),
        "{stdout}"
    );
    assert!(stdout.contains("## glibc: fork child"), "{stdout}");
    assert!(stdout.contains("## musl: fork child: safe"), "{stdout}");
    assert!(
        stdout.contains("bminor/glibc@"),
        "citations are shown: {stdout}"
    );
    let (code, _, stderr) = tree.run(&["explain", "no_such_function_anywhere"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("neither a rule nor a function"), "{stderr}");
}
