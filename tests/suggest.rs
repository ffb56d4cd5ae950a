//! Suggestions end to end: the fix harness (`--diff`, `--fix`, convergence,
//! fixed files still parse), the posix_spawn rewrites of the corpus compile
//! with `cc`, and snapshots of what users read.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Tree;
use forklint::check::{Input, Settings, check_inputs};
use forklint::diagnostic::Applicability;
use forklint::knowledge::Knowledge;
use forklint::suggest::fixes::syntax_errors;

fn corpus(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test-corpus")
        .join(path)
}

/// The fix cases, copied into a tree: every fix kind in C and Rust.
fn fix_tree(name: &str) -> (Tree, Vec<&'static str>) {
    let tree = Tree::new(name);
    let files = ["exit_and_closelog.c", "fixes.rs", "bpipe.c", "bpipe.h"];
    let sources = [
        "c/fixes/exit_and_closelog.c",
        "rust/fixes.rs",
        "c/bacula-bpipe/bpipe.c",
        "c/bacula-bpipe/bpipe.h",
    ];
    for (file, source) in files.iter().zip(sources) {
        tree.write(file, &std::fs::read_to_string(corpus(source)).unwrap());
    }
    (tree, files.to_vec())
}

/// `(path, code, message)` of every finding, from concise output.
fn findings(tree: &Tree) -> Vec<String> {
    let (_, stdout, _) = tree.run(&["check", ".", "--format", "concise"]);
    let mut lines: Vec<String> = stdout
        .lines()
        .map(|line| {
            // Drop the position (`path:line:col: `) and the fixable marker:
            // fixes move lines.
            let (path, rest) = line.split_once(':').unwrap();
            let rest = rest.splitn(3, ':').nth(2).unwrap_or("").replace(" [*]", "");
            format!("{path}:{rest}")
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn diff_shows_every_fix_kind_and_writes_nothing() {
    let (tree, files) = fix_tree("fix-diff");
    let before: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(tree.dir.join(f)).unwrap())
        .collect();
    let (code, safe_only, _) = tree.run(&["check", ".", "--diff"]);
    assert_eq!(
        code, 0,
        "every fix is unsafe, so --diff alone changes nothing"
    );
    assert!(safe_only.is_empty(), "{safe_only}");
    let (code, diff, stderr) = tree.run(&["check", ".", "--diff", "--unsafe-fixes"]);
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!("fix_diff", diff);
    for (file, text) in files.iter().zip(before) {
        assert_eq!(std::fs::read_to_string(tree.dir.join(file)).unwrap(), text);
    }
}

#[test]
fn fixes_converge_and_fixed_files_parse() {
    let (tree, files) = fix_tree("fix-converge");
    let before = findings(&tree);
    let errors_before: BTreeMap<&str, usize> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(tree.dir.join(f)).unwrap();
            (*f, syntax_errors(Path::new(f), &text))
        })
        .collect();
    let (_, _, stderr) = tree.run(&["check", ".", "--fix"]);
    assert!(stderr.contains("fixed 0 findings"), "{stderr}");
    let (_, _, stderr) = tree.run(&["check", ".", "--fix", "--unsafe-fixes"]);
    assert!(stderr.contains("fixed 6 findings"), "{stderr}");
    // A second run finds nothing more to fix.
    let (_, _, stderr) = tree.run(&["check", ".", "--fix", "--unsafe-fixes"]);
    assert!(stderr.contains("fixed 0 findings"), "{stderr}");
    let after = findings(&tree);
    for finding in &after {
        assert!(
            before.contains(finding),
            "the fixes created a finding: {finding}"
        );
    }
    assert_eq!(before.len() - after.len(), 6, "{before:#?}\n{after:#?}");
    for file in &files {
        let text = std::fs::read_to_string(tree.dir.join(file)).unwrap();
        assert!(
            syntax_errors(Path::new(file), &text) <= errors_before[file],
            "{file} no longer parses:\n{text}"
        );
    }
    let fixed = std::fs::read_to_string(tree.dir.join("exit_and_closelog.c")).unwrap();
    assert!(fixed.contains("        _exit(127);"), "{fixed}");
    assert!(
        fixed.contains("    exit(1);"),
        "the shared helper keeps exit: {fixed}"
    );
    assert!(
        fixed.contains("            closelog();"),
        "the if body stays: {fixed}"
    );
    let rust = std::fs::read_to_string(tree.dir.join("fixes.rs")).unwrap();
    assert!(rust.contains("unsafe { libc::_exit(126) };"), "{rust}");
    assert!(
        rust.contains("return Err(std::io::Error::last_os_error());"),
        "{rust}"
    );
    assert!(rust.contains("\"no tty\""), "{rust}");
}

#[test]
fn fix_leaves_a_file_whose_bytes_are_not_the_analysed_text() {
    // `--fix` writes a file only when its bytes on disk are still the text it
    // analysed. A file that is not UTF-8 is analysed with replacement
    // characters, so its bytes never match: it must be left alone.
    let tree = Tree::new("fix-changed");
    let mut bytes = std::fs::read(corpus("c/fixes/exit_and_closelog.c")).unwrap();
    bytes.extend_from_slice(b"\n/* \xff */\n");
    std::fs::write(tree.dir.join("latin1.c"), &bytes).unwrap();
    let (_, _, stderr) = tree.run(&["check", ".", "--fix", "--unsafe-fixes"]);
    assert!(stderr.contains("not fixed"), "{stderr}");
    assert_eq!(std::fs::read(tree.dir.join("latin1.c")).unwrap(), bytes);
}

/// Every display-only posix_spawn rewrite of the C corpus, applied to its
/// file: the file must still compile wherever the original does.
#[test]
fn posix_spawn_rewrites_of_the_corpus_compile() {
    if Command::new("cc").arg("--version").output().is_err() {
        panic!("a C compiler (`cc`) is needed to check the posix_spawn rewrites");
    }
    let root = corpus("c");
    let mut inputs = Vec::new();
    for entry in walk(&root) {
        inputs.push(Input {
            bytes: std::fs::read(&entry).unwrap(),
            path: entry,
        });
    }
    let outcome = check_inputs(inputs, &Settings::new(Knowledge::builtin()));
    let mut rewrites: BTreeMap<u32, Vec<forklint::diagnostic::Edit>> = BTreeMap::new();
    for diagnostic in &outcome.diagnostics {
        for fix in &diagnostic.fixes {
            if fix.applicability == Applicability::DisplayOnly {
                rewrites
                    .entry(diagnostic.span.file.0)
                    .or_default()
                    .extend(fix.edits.iter().cloned());
            }
        }
    }
    assert!(rewrites.len() >= 5, "only {} rewrites", rewrites.len());
    let tree = Tree::new("spawn-compile");
    let mut compiled = Vec::new();
    for (file, mut edits) in rewrites {
        let source = outcome.sources.get(forklint::source::FileId(file));
        let include = source.path.parent().unwrap();
        if !compiles(&source.path, include) {
            continue;
        }
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut text = source.text.clone();
        for edit in edits {
            text.replace_range(
                edit.span.start as usize..edit.span.end as usize,
                &edit.replacement,
            );
        }
        let name = source
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let fixed = tree.dir.join(&name);
        std::fs::write(&fixed, &text).unwrap();
        assert!(
            compiles(&fixed, include),
            "the posix_spawn rewrite of {} does not compile:\n{text}",
            source.display
        );
        compiled.push(name);
    }
    for required in ["bpipe.c", "spawn_kinds.c", "exit_and_closelog.c"] {
        assert!(
            compiled.iter().any(|n| n == required),
            "the rewrite of {required} must be among the compiled ones: {compiled:?}"
        );
    }
}

fn compiles(path: &Path, include: &Path) -> bool {
    Command::new("cc")
        .args([
            "-fsyntax-only",
            "-std=gnu11",
            "-Wall",
            "-Werror=implicit-function-declaration",
        ])
        .arg("-I")
        .arg(include)
        .arg(path)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "c") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A tree holding one corpus case under its own file name.
fn one_case_tree(case: &str) -> Tree {
    let name = Path::new(case).file_name().unwrap().to_string_lossy();
    let tree = Tree::new(&format!("case-{}", name.replace('.', "-")));
    tree.write(&name, &std::fs::read_to_string(corpus(case)).unwrap());
    tree
}

#[test]
fn bpipe_rewrite_snapshot() {
    let (tree, _) = fix_tree("bpipe-snapshot");
    let (_, stdout, _) = tree.run(&["check", "bpipe.c", "--color", "never"]);
    insta::assert_snapshot!("bpipe_human", stdout);
}

#[test]
fn prepare_and_blocked_rewrite_snapshot() {
    let tree = one_case_tree("c/fixes/prepare_before_fork.c");
    let (_, stdout, _) = tree.run(&["check", "prepare_before_fork.c", "--color", "never"]);
    assert!(stdout.contains("posix_spawn cannot replace this fork: the child calls `getpwnam()`"));
    insta::assert_snapshot!("prepare_human", stdout);
}

#[test]
fn spawn_kinds_snapshot() {
    let tree = one_case_tree("c/fixes/spawn_kinds.c");
    let (_, stdout, _) = tree.run(&["check", "spawn_kinds.c", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut rewrites = String::new();
    for finding in json["findings"].as_array().unwrap() {
        for fix in finding["fixes"].as_array().unwrap() {
            if fix["applicability"] == "display-only" {
                let edit = fix["edits"].as_array().unwrap().last().unwrap();
                rewrites.push_str(&format!(
                    "// lines {}-{}\n{}\n",
                    edit["line"],
                    edit["end_line"],
                    edit["replacement"].as_str().unwrap()
                ));
            }
        }
    }
    insta::assert_snapshot!("spawn_kinds", rewrites);
}
