//! `forklint.toml`: discovery, every key's effect, and errors with positions.

mod common;

use common::Tree;

/// A fork child with one FL001 (`closelog`), one FL004 (`strdup`) and one
/// FL002 (`vendor_reset`).
const CHILD: &str = "#include <unistd.h>\n#include <string.h>\n#include <syslog.h>\nvoid spawn_it(char **argv)\n{\n    if (fork() == 0) {\n        closelog();\n        char *copy = strdup(argv[0]);\n        vendor_reset(copy);\n        execv(argv[0], argv);\n        _exit(127);\n    }\n}\n";

fn codes(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| line.split_whitespace().nth(1).map(str::to_string))
        .collect()
}

#[test]
fn configuration_is_found_above_the_analysed_path() {
    let tree = Tree::new("found");
    tree.write("src/sub/spawn.c", CHILD);
    tree.write(
        "forklint.toml",
        "ignore = [\"FL001\", \"unverified-call-in-fork-child\"]\n",
    );
    let (code, stdout, _) = tree.run_in("src/sub", &["check", ".", "--format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&stdout), vec!["FL004"]);
}

#[test]
fn fail_on_and_severity_gate_the_exit_code() {
    let tree = Tree::new("gate");
    tree.write("src/spawn.c", CHILD);
    tree.write(
        "forklint.toml",
        "fail-on = \"error\"\n[severity]\nFL001 = \"warning\"\n",
    );
    let (code, stdout, _) = tree.run_in("", &["check", "src", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["findings"][0]["severity"], "warning");
    // The command line wins over the file.
    let (code, _, _) = tree.run_in(
        "",
        &["check", "src", "--fail-on", "warning", "--format", "json"],
    );
    assert_eq!(code, 1);
}

#[test]
fn entries_describe_functions() {
    let tree = Tree::new("entries");
    tree.write("src/spawn.c", CHILD);
    tree.write(
        "forklint.toml",
        "select = [\"FL002\"]\n\n[[entry]]\nname = \"vendor_reset\"\nverdict = \"safe\"\nwhy = []\ncite = \"reviewed: only calls close(2)\"\n",
    );
    let (code, stdout, stderr) = tree.run_in("", &["check", "src", "--format", "concise"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn include_exclude_and_libc() {
    let tree = Tree::new("include");
    tree.write("src/spawn.c", CHILD);
    tree.write("tools/spawn.c", CHILD);
    tree.write(
        "forklint.toml",
        "include = [\"src/**\"]\nlibc = \"posix\"\nselect = [\"FL001\"]\n",
    );
    let (code, stdout, _) = tree.run_in("", &["check", ".", "--format", "concise"]);
    assert_eq!(code, 1);
    // Only src/ is analysed, and under POSIX allocation is an FL001 too.
    assert!(
        stdout.lines().all(|l| l.starts_with("src/spawn.c")),
        "{stdout}"
    );
    assert_eq!(codes(&stdout), vec!["FL001", "FL001"]);
    tree.write(
        "forklint.toml",
        "exclude = [\"tools\"]\nselect = [\"FL001\"]\n",
    );
    let (_, stdout, _) = tree.run_in("", &["check", ".", "--format", "concise"]);
    assert!(
        stdout.lines().all(|l| l.starts_with("src/spawn.c")),
        "{stdout}"
    );
}

#[test]
fn unknown_keys_and_bad_values_are_errors_with_positions() {
    let tree = Tree::new("errors");
    tree.write("src/spawn.c", CHILD);
    tree.write("forklint.toml", "select = [\"FL0\"]\nfial-on = \"error\"\n");
    let (code, _, stderr) = tree.run_in("", &["check", "src"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("forklint.toml:2:1"), "{stderr}");
    assert!(stderr.contains("hint"), "{stderr}");
    tree.write("forklint.toml", "\nlibc = \"bionic\"\n");
    let (code, _, stderr) = tree.run_in("", &["check", "src"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("forklint.toml:2:1") && stderr.contains("bionic"),
        "{stderr}"
    );
}

#[test]
fn show_config_prints_the_effective_configuration() {
    let tree = Tree::new("show");
    tree.write("forklint.toml", "libc = \"musl\"\nignore = [\"FL003\"]\n");
    let (code, stdout, _) = tree.run_in("", &["check", ".", "--show-config", "--ignore", "FL004"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("forklint.toml"), "{stdout}");
    assert!(stdout.contains("libc = \"musl\""), "{stdout}");
    assert!(
        stdout.contains("\"FL003\"") && stdout.contains("\"FL004\""),
        "{stdout}"
    );
}

#[test]
fn cpp_globs_select_the_files_parsed_as_cxx_only() {
    use clap::Parser;
    let tree = Tree::new("cpp");
    tree.write("forklint.toml", "cpp = [\"src/**/*.c\"]\n");
    let config_path = tree.dir.join("forklint.toml");
    let cli = forklint::cli::args::Cli::try_parse_from([
        "forklint",
        "check",
        "--config",
        config_path.to_str().expect("UTF-8 path"),
    ])
    .expect("arguments");
    let forklint::cli::args::Command::Check(args) = cli.command else {
        unreachable!()
    };
    let settings = forklint::cli::check::settings(&args).expect("settings");
    assert!(settings.is_cpp_only(&tree.dir.join("src/sub/spawn.c")));
    assert!(!settings.is_cpp_only(&tree.dir.join("tools/spawn.c")));
    assert!(!settings.is_cpp_only(&tree.dir.join("src/spawn.h")));
}

#[test]
fn pre_commit_uses_the_configuration_of_the_analysed_tree() {
    let tree = Tree::new("pre-commit");
    tree.write("src/spawn.c", CHILD);
    tree.write(
        "forklint.toml",
        "ignore = [\"FL001\", \"FL002\", \"FL004\"]\n",
    );
    tree.write("src/sub/forklint.toml", "\n");
    tree.write("src/sub/other.c", "int other(void) { return 0; }\n");
    // Whichever file pre-commit names first, the tree's root configuration holds.
    for order in [
        ["src/sub/other.c", "src/spawn.c"],
        ["src/spawn.c", "src/sub/other.c"],
    ] {
        let (code, stdout, _) = tree.run_in(
            "",
            &[
                "check",
                "--pre-commit",
                order[0],
                order[1],
                "--format",
                "concise",
            ],
        );
        assert_eq!(code, 0, "{order:?}: {stdout}");
    }
}
