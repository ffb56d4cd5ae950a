//! The annotated test corpus: every finding must be announced by a `//~`
//! comment on its line, and every announcement must be produced.
//!
//! The whole corpus is analysed in one run with default options (as the README
//! command does). A file may declare revisions (`//@ revisions: strict` and
//! `//@ [strict] args: --extend-select FL201`); each revision analyses that
//! file alone with those arguments, and `//~[strict] CODE` annotations apply
//! only there; `//~[default] CODE` applies only in the whole-corpus run. Plain
//! `//~` annotations apply everywhere.
//!
//! The differential test runs the same corpus through the precise front end
//! (libclang, with a compilation database generated here) and requires the
//! same findings, except those marked `//~[clang] CODE` (only the precise
//! mode reports them) or `//~[treesitter] CODE` (only tree-sitter does); each
//! such difference is explained in `docs/known-limitations.md`. Where both
//! report a finding, its message must be the same. A file's
//! `//@ clang-args: -DNAME` adds compiler flags to its database entry.
//! Revisions that pass `-D`/`-U` are not run under clang: there the build's
//! flags decide.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Parser;
use forklint::check::{Input, check_inputs};
use forklint::cli::args::{Cli, Command};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    path: String,
    line: usize,
    code: String,
    substring: Option<String>,
}

#[derive(Debug, Default)]
struct Header {
    revisions: Vec<String>,
    /// Extra compiler flags for the file's compilation database entry.
    clang_args: Vec<String>,
    args: BTreeMap<String, Vec<String>>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus")
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![corpus_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("corpus directory is readable") {
            let path = entry.expect("corpus entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("c" | "h" | "cpp" | "cc" | "hpp" | "rs")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The front ends the corpus runs under, by the name annotations use.
const TREE_SITTER: &str = "treesitter";
const CLANG: &str = "clang";

/// Parses `//@` headers and the `//~` annotations for one revision (`None` is
/// the default run) under one front end.
fn annotations(
    path: &Path,
    text: &str,
    revision: Option<&str>,
    frontend: &str,
) -> (Header, Vec<Expected>) {
    let mut header = Header::default();
    let mut expected = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(directive) = trimmed.strip_prefix("//@") {
            let directive = directive.trim();
            if let Some(list) = directive.strip_prefix("revisions:") {
                header.revisions = list.split_whitespace().map(str::to_string).collect();
            } else if let Some(list) = directive.strip_prefix("clang-args:") {
                header.clang_args = list.split_whitespace().map(str::to_string).collect();
            } else if let Some(rest) = directive.strip_prefix('[') {
                let (name, rest) = rest.split_once(']').expect("`//@ [rev] args: ...`");
                let args = rest
                    .trim()
                    .strip_prefix("args:")
                    .expect("`args:` directive");
                header.args.insert(
                    name.to_string(),
                    args.split_whitespace().map(str::to_string).collect(),
                );
            }
            continue;
        }
        let mut rest = line;
        while let Some(pos) = rest.find("//~") {
            let after = &rest[pos + 3..];
            let end = after.find("//~").unwrap_or(after.len());
            let annotation = after[..end].trim();
            rest = &after[end..];
            let (rev, annotation) = match annotation.strip_prefix('[') {
                Some(tail) => {
                    let (name, tail) = tail.split_once(']').expect("`//~[rev] CODE`");
                    (Some(name.to_string()), tail.trim())
                }
                None => (None, annotation),
            };
            // `//~[default]` applies only in the whole-corpus run.
            let applies = match rev.as_deref() {
                None => true,
                Some("default") => revision.is_none(),
                Some(name @ (TREE_SITTER | CLANG)) => name == frontend,
                Some(name) => Some(name) == revision,
            };
            if !applies {
                continue;
            }
            let carets = annotation.chars().take_while(|c| *c == '^').count();
            let annotation = annotation[carets..].trim();
            let (code, substring) = match annotation.split_once(':') {
                Some((code, text)) => (code.trim(), Some(text.trim().to_string())),
                None => (annotation.trim(), None),
            };
            assert!(
                code.starts_with("FL"),
                "{}:{}: malformed annotation `{annotation}`",
                relative(path),
                idx + 1
            );
            expected.push(Expected {
                path: relative(path),
                line: idx + 1 - carets,
                code: code.to_string(),
                substring,
            });
        }
    }
    (header, expected)
}

/// Runs forklint on `paths` with extra command-line arguments; returns
/// (path, line, code, all text) for every finding.
fn run(paths: &[PathBuf], extra_args: &[String]) -> Vec<(String, usize, String, String)> {
    let mut argv = vec!["forklint".to_string(), "check".to_string()];
    argv.extend(extra_args.iter().cloned());
    let cli = Cli::try_parse_from(&argv).expect("revision arguments parse");
    let Command::Check(args) = cli.command else {
        unreachable!()
    };
    let settings = forklint::cli::check::settings(&args).expect("settings");
    let inputs = paths
        .iter()
        .map(|path| Input {
            path: path.clone(),
            bytes: std::fs::read(path).expect("corpus file is readable"),
        })
        .collect();
    let outcome = check_inputs(inputs, &settings);
    assert!(
        outcome.errors.is_empty(),
        "the corpus must analyse without errors: {:?}",
        outcome.errors
    );
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.sources.get(d.span.file);
            let (line, _) = file.line_col(d.span.start);
            let mut text = d.message.clone();
            for note in &d.notes {
                text.push('\n');
                text.push_str(note);
            }
            if let Some(help) = &d.help {
                text.push('\n');
                text.push_str(help);
            }
            for fix in &d.fixes {
                text.push_str("\nfix: ");
                text.push_str(&fix.title);
            }
            (relative(&file.path), line, d.code.to_string(), text)
        })
        .collect()
}

fn compare(
    label: &str,
    mut expected: Vec<Expected>,
    actual: Vec<(String, usize, String, String)>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut unmatched: Vec<(String, usize, String, String)> = Vec::new();
    for finding in actual {
        let found = expected.iter().position(|e| {
            e.path == finding.0
                && e.line == finding.1
                && e.code == finding.2
                && e.substring
                    .as_ref()
                    .is_none_or(|s| finding.3.contains(s.as_str()))
        });
        match found {
            Some(idx) => {
                expected.remove(idx);
            }
            None => unmatched.push(finding),
        }
    }
    for finding in unmatched {
        problems.push(format!(
            "[{label}] unexpected {} at {}:{}: {}",
            finding.2,
            finding.0,
            finding.1,
            finding.3.lines().next().unwrap_or("")
        ));
    }
    for missing in expected {
        problems.push(format!(
            "[{label}] missing {}{} at {}:{}",
            missing.code,
            missing
                .substring
                .map(|s| format!(" (with `{s}`)"))
                .unwrap_or_default(),
            missing.path,
            missing.line
        ));
    }
    problems
}

/// Runs the whole corpus and its revisions under one front end; `extra`
/// arguments select it. Returns the mismatches.
fn corpus_problems(frontend: &str, extra: &[String]) -> Vec<String> {
    let files = corpus_files();
    assert!(files.len() > 20, "the corpus is missing");
    let mut expected = Vec::new();
    let mut revision_runs = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus file is UTF-8");
        let (header, found) = annotations(path, &text, None, frontend);
        expected.extend(found);
        for revision in &header.revisions {
            let mut args = header.args.get(revision).cloned().unwrap_or_default();
            let preprocessor = args
                .iter()
                .any(|a| a.starts_with("-D") || a.starts_with("-U"));
            if frontend == CLANG && preprocessor {
                continue;
            }
            args.extend(extra.iter().cloned());
            let (_, found) = annotations(path, &text, Some(revision), frontend);
            revision_runs.push((path.clone(), revision.clone(), args, found));
        }
    }
    let mut problems = compare(&format!("{frontend} default"), expected, run(&files, extra));
    for (path, revision, args, annotations) in revision_runs {
        let label = format!("{frontend} {} [{revision}]", relative(&path));
        problems.extend(compare(&label, annotations, run(&[path], &args)));
    }
    problems
}

#[test]
fn corpus_findings_match_annotations() {
    let problems = corpus_problems(TREE_SITTER, &[]);
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A compilation database for the corpus's C and C++ files: C files with
/// the fake headers, C++ (and `cpp/*.c`, which is C++) with the host's, a
/// project's files with its `include/`, plus each file's `//@ clang-args:`.
fn corpus_compile_commands(files: &[PathBuf]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut entries = Vec::new();
    for path in files {
        let rel = relative(path);
        let is_cpp =
            rel.ends_with(".cpp") || rel.ends_with(".cc") || rel.starts_with("test-corpus/cpp/");
        if !is_cpp && !rel.ends_with(".c") {
            continue;
        }
        let mut args: Vec<String> = if is_cpp {
            ["c++", "-x", "c++", "-std=c++17"]
                .map(String::from)
                .to_vec()
        } else {
            ["cc", "-I", "test-corpus/include"]
                .map(String::from)
                .to_vec()
        };
        if let Some(project) = rel.strip_prefix("test-corpus/projects/")
            && let Some((name, _)) = project.split_once('/')
        {
            args.push(format!("-Itest-corpus/projects/{name}/include"));
        }
        let text = std::fs::read_to_string(path).expect("corpus file is UTF-8");
        let (header, _) = annotations(path, &text, None, CLANG);
        args.extend(header.clang_args);
        args.extend(["-c".to_string(), rel.clone()]);
        entries.push(serde_json::json!({
            "directory": root,
            "file": rel,
            "arguments": args,
        }));
    }
    serde_json::to_string_pretty(&entries).expect("JSON")
}

/// Alias to entry name, from every rules file: libclang names a call as the
/// system header's macro expands it (`assert` is `__assert_fail`), and the
/// knowledge base says both are one function.
fn knowledge_aliases() -> BTreeMap<String, String> {
    let mut aliases = BTreeMap::new();
    for file in std::fs::read_dir("rules").expect("rules/").flatten() {
        let path = file.path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a rules file");
        let table: toml::Table = text.parse().expect("a valid rules file");
        for entry in table
            .get("entry")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(name) = entry.get("name").and_then(toml::Value::as_str) else {
                continue;
            };
            for alias in entry
                .get("aliases")
                .and_then(toml::Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(alias) = alias.as_str() {
                    aliases.insert(format!("`{alias}`"), format!("`{name}`"));
                }
            }
        }
    }
    aliases
}

/// Findings both front ends report at the same place must say the same
/// thing (their notes may differ: libclang sees no macro hops), up to the
/// knowledge base's aliases.
fn message_differences(
    tree_sitter: &[(String, usize, String, String)],
    clang: &[(String, usize, String, String)],
) -> Vec<String> {
    let aliases = knowledge_aliases();
    let messages = |findings: &[(String, usize, String, String)]| {
        let mut by_place: BTreeMap<(String, usize, String), Vec<String>> = BTreeMap::new();
        for (path, line, code, text) in findings {
            let mut message = text.lines().next().unwrap_or("").to_string();
            if let Some((callee, name)) = aliases
                .iter()
                .find(|(alias, _)| message.starts_with(alias.as_str()))
            {
                message = message.replacen(callee.as_str(), name, 1);
            }
            by_place
                .entry((path.clone(), *line, code.clone()))
                .or_default()
                .push(message);
        }
        for messages in by_place.values_mut() {
            messages.sort();
            messages.dedup();
        }
        by_place
    };
    let (tree_sitter, clang) = (messages(tree_sitter), messages(clang));
    tree_sitter
        .iter()
        .filter_map(|(place, ours)| {
            let theirs = clang.get(place)?;
            (ours != theirs).then(|| {
                format!(
                    "[messages] {}:{} {}: tree-sitter says {ours:?}, clang says {theirs:?}",
                    place.0, place.1, place.2
                )
            })
        })
        .collect()
}

#[test]
fn corpus_findings_match_annotations_with_clang() {
    if !common::clang_or_skip("corpus_findings_match_annotations_with_clang") {
        return;
    }
    // Kept after the run, for `forklint check --frontend clang -p
    // target/tmp/corpus-db test-corpus`.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-db");
    std::fs::create_dir_all(&dir).expect("the database's directory");
    let database = dir.join("compile_commands.json");
    std::fs::write(&database, corpus_compile_commands(&corpus_files())).expect("database");
    let extra = vec![
        "--frontend".to_string(),
        "clang".to_string(),
        "--compile-commands".to_string(),
        database.display().to_string(),
    ];
    let mut problems = corpus_problems(CLANG, &extra);
    problems.extend(message_differences(
        &run(&corpus_files(), &[]),
        &run(&corpus_files(), &extra),
    ));
    assert!(
        problems.is_empty(),
        "{} mismatches between the precise front end and the annotations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn annotations_parse_carets_and_revisions() {
    let text = "a(); //~ FL001 //~ FL002: lock\n//~^ FL004\nb(); //~[strict] FL201\n";
    let (_, default) = annotations(Path::new("x.c"), text, None, TREE_SITTER);
    assert_eq!(
        default
            .iter()
            .map(|e| (e.line, e.code.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, "FL001"), (1, "FL002"), (1, "FL004")]
    );
    assert_eq!(default[1].substring.as_deref(), Some("lock"));
    let (_, strict) = annotations(Path::new("x.c"), text, Some("strict"), TREE_SITTER);
    assert_eq!(strict.len(), 4);
}

#[test]
fn message_differences_are_reported() {
    let finding = |message: &str| {
        vec![(
            "x.c".to_string(),
            1,
            "FL001".to_string(),
            message.to_string(),
        )]
    };
    let (ours, theirs) = (finding("`a` is bad\na note"), finding("`b` is bad"));
    assert_eq!(message_differences(&ours, &theirs).len(), 1);
    assert!(message_differences(&ours, &finding("`a` is bad\nanother note")).is_empty());
}
