//! The precise front end from the command line: `--frontend clang|auto`,
//! `-p`/`--compile-commands`, the fallbacks when libclang or the database is
//! missing, and files outside the database. Tests that need libclang say
//! `skipped:` on standard error without it (and fail under
//! `FORKLINT_REQUIRE_CLANG=1`); the corpus's differential test is in
//! `tests/corpus.rs`.

mod common;

use common::Tree;

const CHILD_CLOSELOG: &str = r#"
#include <syslog.h>
#include <unistd.h>
void spawn(char **argv)
{
    if (fork() == 0) {
        closelog();
        execv(argv[0], argv);
        _exit(127);
    }
}
"#;

/// A tree with `a.c` in its compilation database and `b.c` outside it.
fn tree_with_database(name: &str) -> Tree {
    let tree = Tree::new(name);
    tree.write("a.c", CHILD_CLOSELOG);
    tree.write("b.c", &CHILD_CLOSELOG.replace("spawn", "spawn_b"));
    let database = serde_json::json!([{
        "directory": tree.dir,
        "file": "a.c",
        "command": "cc -DFROM_DATABASE -c a.c -o a.o",
    }]);
    tree.write("build/compile_commands.json", &database.to_string());
    tree
}

/// `forklint check --frontend clang -p DATABASE --format concise PATH` in the
/// tree.
fn check_clang(tree: &Tree, database: &str, path: &str) -> (i32, String, String) {
    tree.run(&[
        "check",
        "--frontend",
        "clang",
        "-p",
        database,
        "--format",
        "concise",
        path,
    ])
}

/// `forklint ARGS` in the tree as if libclang could not be loaded.
fn run_without_libclang(tree: &Tree, args: &[&str]) -> (i32, String, String) {
    tree.run_with_env("", &[("FORKLINT_NO_LIBCLANG", "1")], args)
}

#[test]
fn auto_picks_clang_when_a_database_is_found() {
    if !common::clang_or_skip("auto_picks_clang_when_a_database_is_found") {
        return;
    }
    let tree = tree_with_database("clang-auto");
    let (code, stdout, stderr) =
        tree.run(&["check", "--frontend", "auto", "--format", "concise", "."]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("front end: clang ("), "{stderr}");
    assert!(stderr.contains("1 translation units"), "{stderr}");
    // b.c is not in the database: tree-sitter reads it in the same run.
    assert!(stdout.contains("a.c:7:9: FL001"), "{stdout}");
    assert!(stdout.contains("b.c:7:9: FL001"), "{stdout}");
}

#[test]
fn clang_reads_the_database_named_with_p() {
    if !common::clang_or_skip("clang_reads_the_database_named_with_p") {
        return;
    }
    let tree = tree_with_database("clang-p");
    let (code, stdout, stderr) = check_clang(&tree, "build", "a.c");
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("a.c:7:9: FL001"), "{stdout}");
    let (code, stdout, _) = tree.run(&[
        "check",
        "--frontend",
        "clang",
        "--compile-commands",
        "build/compile_commands.json",
        "--format",
        "concise",
        "a.c",
    ]);
    assert_eq!(code, 1);
    assert!(stdout.contains("a.c:7:9: FL001"), "{stdout}");
}

#[test]
fn auto_falls_back_to_tree_sitter_without_a_database() {
    let tree = Tree::new("clang-auto-no-db");
    tree.write("a.c", CHILD_CLOSELOG);
    let (code, stdout, stderr) =
        tree.run(&["check", "--frontend", "auto", "--format", "concise", "a.c"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("front end: tree-sitter (no compile_commands.json found)"),
        "{stderr}"
    );
    assert!(stdout.contains("a.c:7:9: FL001"), "{stdout}");
}

#[test]
fn auto_falls_back_to_tree_sitter_without_libclang() {
    let tree = tree_with_database("clang-auto-no-lib");
    let (code, stdout, stderr) = run_without_libclang(
        &tree,
        &["check", "--frontend", "auto", "--format", "concise", "."],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("warning: libclang could not be loaded"),
        "{stderr}"
    );
    assert!(stderr.contains("apt-get install libclang-dev"), "{stderr}");
    assert!(
        stderr.contains("using the tree-sitter front end"),
        "{stderr}"
    );
    assert!(stdout.contains("a.c:7:9: FL001"), "{stdout}");
}

#[test]
fn clang_without_libclang_says_how_to_install_it() {
    let tree = tree_with_database("clang-no-lib");
    let (code, stdout, stderr) = run_without_libclang(
        &tree,
        &["check", "--frontend", "clang", "-p", "build", "a.c"],
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("libclang could not be loaded"), "{stderr}");
    assert!(stderr.contains("apt-get install libclang-dev"), "{stderr}");
}

#[test]
fn clang_without_a_database_is_an_error() {
    let tree = Tree::new("clang-no-db");
    tree.write("a.c", CHILD_CLOSELOG);
    let (code, _, stderr) = tree.run(&["check", "--frontend", "clang", "a.c"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("needs a compilation database"), "{stderr}");
    assert!(stderr.contains("-p BUILD_DIR"), "{stderr}");
}

#[test]
fn a_database_that_is_not_json_is_an_error() {
    let tree = Tree::new("clang-bad-db");
    tree.write("a.c", CHILD_CLOSELOG);
    tree.write("compile_commands.json", "not json");
    let (code, _, stderr) = tree.run(&["check", "--frontend", "tree-sitter", "a.c"]);
    // tree-sitter never reads the database.
    assert_eq!(code, 1, "{stderr}");
    if !common::clang_or_skip("a_database_that_is_not_json_is_an_error") {
        return;
    }
    let (code, _, stderr) = tree.run(&["check", "--frontend", "clang", "a.c"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is not a compilation database"), "{stderr}");
}

/// The header of `test-corpus/clang/header_class/` is included by two units:
/// each of its inline methods is one function (by USR), and overloads and
/// same-named methods of two classes stay distinct.
#[test]
fn a_header_seen_from_two_units_gives_each_function_once() {
    use forklint::frontend::clang::{Database, Library, Precise, lower_tree};
    use forklint::source::{SourceDb, SourceFile};
    if !common::clang_or_skip("a_header_seen_from_two_units_gives_each_function_once") {
        return;
    }
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus/clang/header_class");
    let units = ["hdr_spooler.cpp", "hdr_syslog.cpp"];
    let database = serde_json::json!(units.map(|unit| serde_json::json!({
        "directory": dir,
        "file": unit,
        "arguments": ["c++", "-std=c++17", "-c", unit],
    })));
    let database =
        Database::parse(&dir.join("compile_commands.json"), &database.to_string()).unwrap();
    let mut sources = SourceDb::default();
    for name in ["hdr_spooler.cpp", "hdr_spooler.h", "hdr_syslog.cpp"] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        sources.add(SourceFile::new(path, text));
    }
    let precise = Precise {
        library: Library::load().unwrap(),
        database: std::sync::Arc::new(database),
    };
    let lowered = lower_tree(&precise, &sources);
    assert_eq!(lowered.n_units, 2);
    let header = sources
        .iter()
        .find(|(_, f)| f.path.ends_with("hdr_spooler.h"))
        .map(|(id, _)| id)
        .unwrap();
    let mut names: Vec<String> = lowered.files[&header]
        .functions
        .iter()
        .map(|f| f.qualified.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["HdrQuietSpooler::flush", "HdrSyslogSpooler::flush"]);
    assert_eq!(lowered.files[&header].identities.functions.len(), 2);
}

#[test]
fn a_unit_libclang_cannot_parse_falls_back_to_tree_sitter() {
    if !common::clang_or_skip("a_unit_libclang_cannot_parse_falls_back_to_tree_sitter") {
        return;
    }
    let tree = Tree::new("clang-unit-fails");
    tree.write("a.c", CHILD_CLOSELOG);
    tree.write("other.c", "int other;\n");
    // Two source files on one command line are not one translation unit.
    let database = serde_json::json!([{
        "directory": tree.dir,
        "file": "a.c",
        "arguments": ["cc", "-c", "a.c", "other.c"],
    }]);
    tree.write("compile_commands.json", &database.to_string());
    let (code, stdout, stderr) = check_clang(&tree, ".", "a.c");
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("a.c: libclang could not parse this file (the compiler arguments do not make one translation unit"),
        "{stderr}"
    );
    assert!(stdout.contains("a.c:7:9: FL001"), "{stdout}");
}

/// Units in one directory with the same flags that begin with the same
/// `#include "X"` share a precompiled header of X (built in TMPDIR and removed
/// after the run); the findings are those of a run without it. A header with
/// no include guard cannot be precompiled for the units (it would be read
/// twice), so they are parsed again without it, with the same findings.
#[test]
fn units_that_begin_with_the_same_header_share_a_precompiled_one() {
    if !common::clang_or_skip("units_that_begin_with_the_same_header_share_a_precompiled_one") {
        return;
    }
    for (header, guarded) in [("common.h", true), ("plain.h", false)] {
        let tree = Tree::new(&format!("clang-shared-header-{guarded}"));
        let body = "#include <syslog.h>\n#include <unistd.h>\nstatic inline void child_log(void) { closelog(); }\n";
        let text = if guarded {
            format!("#ifndef COMMON_H\n#define COMMON_H\n{body}#endif\n")
        } else {
            body.to_string()
        };
        tree.write(header, &text);
        let mut entries = Vec::new();
        for unit in ["a.c", "b.c", "c.c"] {
            let name = unit.trim_end_matches(".c");
            tree.write(
                unit,
                &format!(
                    "/* {unit} */\n#include \"{header}\"\nvoid spawn_{name}(char **argv)\n{{\n    if (fork() == 0) {{\n        child_log();\n        execv(argv[0], argv);\n        _exit(127);\n    }}\n}}\n"
                ),
            );
            entries.push(serde_json::json!({
                "directory": tree.dir,
                "file": unit,
                "arguments": ["cc", "-DFROM_DATABASE", "-c", unit],
            }));
        }
        tree.write(
            "compile_commands.json",
            &serde_json::Value::Array(entries).to_string(),
        );
        let tmp = tree.dir.join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let tmp = tmp.to_string_lossy().into_owned();
        let args = [
            "check",
            "--frontend",
            "clang",
            "-p",
            ".",
            "--format",
            "concise",
            ".",
        ];
        let times = ("FORKLINT_CLANG_TIMES", "1");
        let (code, shared, stderr) =
            tree.run_with_env("", &[times, ("TMPDIR", tmp.as_str())], &args);
        assert_eq!(code, 1, "{shared}{stderr}");
        assert_eq!(
            stderr.matches("(with pch)").count(),
            if guarded { 3 } else { 0 },
            "{stderr}"
        );
        assert!(stderr.contains(&format!("pch {header} for ")), "{stderr}");
        // Every unit parses, and without an error diagnostic.
        let parses: Vec<&str> = stderr.lines().filter(|l| l.contains(": parse ")).collect();
        assert_eq!(parses.len(), 3, "{stderr}");
        assert!(parses.iter().all(|l| l.contains(", 0 errors")), "{stderr}");
        assert_eq!(
            std::fs::read_dir(&tmp).unwrap().count(),
            0,
            "the precompiled headers are removed"
        );
        let (_, alone, stderr) = tree.run_with_env("", &[times, ("FORKLINT_NO_PCH", "1")], &args);
        assert!(!stderr.contains("pch"), "{stderr}");
        assert_eq!(shared, alone);
        // `closelog` in the header, in the child of each unit's fork.
        let line = if guarded { 5 } else { 3 };
        assert_eq!(
            shared
                .matches(&format!("{header}:{line}:38: FL001"))
                .count(),
            3,
            "{shared}"
        );
    }
}
