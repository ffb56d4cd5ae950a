//! `cargo forklint` on the small workspace in `test-corpus/cargo-workspace`:
//! package selection, findings and exit codes, through the real binary (as
//! cargo runs it: `cargo-forklint forklint ...`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus/cargo-workspace")
}

/// Runs `cargo forklint ARGS` in `dir`; returns (exit code, stdout, stderr).
fn cargo_forklint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-forklint"))
        .arg("forklint")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cargo-forklint runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const ALPHA: &str = "alpha/src/child.rs:6:31: FL001 `std::io::Error::new` is not async-signal-safe, and it runs in a `pre_exec` closure";
const BETA: &str = "beta/src/main.rs:8:9: FL001 `println!` is not async-signal-safe, and it runs in the child of `libc::fork()`";

#[test]
fn workspace_reports_every_member() {
    let (code, stdout, stderr) =
        cargo_forklint(&workspace(), &["--workspace", "--format", "concise"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(stdout.lines().collect::<Vec<_>>(), vec![ALPHA, BETA]);
}

#[test]
fn workspace_root_defaults_to_all_members() {
    let (code, stdout, _) = cargo_forklint(&workspace(), &["--format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().collect::<Vec<_>>(), vec![ALPHA, BETA]);
}

#[test]
fn package_option_selects_one_member() {
    let (code, stdout, _) = cargo_forklint(&workspace(), &["-p", "alpha", "--format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().collect::<Vec<_>>(), vec![ALPHA]);
}

#[test]
fn package_directory_selects_its_package() {
    let (code, stdout, _) = cargo_forklint(&workspace().join("beta"), &["--format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        vec![
            "src/main.rs:8:9: FL001 `println!` is not async-signal-safe, and it runs in the child of `libc::fork()`"
        ]
    );
}

#[test]
fn manifest_path_works_from_elsewhere() {
    let manifest = workspace().join("Cargo.toml");
    let (code, stdout, _) = cargo_forklint(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "--manifest-path",
            manifest.to_str().expect("UTF-8 path"),
            "-p",
            "beta",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON output");
    assert_eq!(json["summary"]["findings"], 1);
    assert_eq!(
        json["findings"][0]["path"],
        "test-corpus/cargo-workspace/beta/src/main.rs"
    );
}

#[test]
fn check_options_apply() {
    let (code, stdout, _) = cargo_forklint(
        &workspace(),
        &["--workspace", "--ignore", "FL001", "--format", "concise"],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.is_empty());
}

#[test]
fn unknown_package_fails_with_exit_2() {
    let (code, _, stderr) = cargo_forklint(&workspace(), &["-p", "nope"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("package `nope` is not a member"),
        "{stderr}"
    );
}
