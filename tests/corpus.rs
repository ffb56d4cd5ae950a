//! The annotated test corpus: every finding must be announced by a `//~`
//! comment on its line, and every announcement must be produced.
//!
//! The whole corpus is analysed in one run with default options (as the README
//! command does). A file may declare revisions (`//@ revisions: strict` and
//! `//@ [strict] args: --extend-select FL201`); each revision analyses that
//! file alone with those arguments, and `//~[strict] CODE` annotations apply
//! only there; `//~[default] CODE` applies only in the whole-corpus run. Plain
//! `//~` annotations apply everywhere.

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

/// Parses `//@` headers and the `//~` annotations for one revision (`None` is
/// the default run).
fn annotations(path: &Path, text: &str, revision: Option<&str>) -> (Header, Vec<Expected>) {
    let mut header = Header::default();
    let mut expected = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(directive) = trimmed.strip_prefix("//@") {
            let directive = directive.trim();
            if let Some(list) = directive.strip_prefix("revisions:") {
                header.revisions = list.split_whitespace().map(str::to_string).collect();
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

#[test]
fn corpus_findings_match_annotations() {
    let files = corpus_files();
    assert!(files.len() > 20, "the corpus is missing");
    let mut expected = Vec::new();
    let mut revision_runs = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus file is UTF-8");
        let (header, found) = annotations(path, &text, None);
        expected.extend(found);
        for revision in &header.revisions {
            let args = header.args.get(revision).cloned().unwrap_or_default();
            let (_, found) = annotations(path, &text, Some(revision));
            revision_runs.push((path.clone(), revision.clone(), args, found));
        }
    }
    let mut problems = compare("default", expected, run(&files, &[]));
    for (path, revision, args, annotations) in revision_runs {
        let label = format!("{} [{revision}]", relative(&path));
        problems.extend(compare(&label, annotations, run(&[path], &args)));
    }
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn annotations_parse_carets_and_revisions() {
    let text = "a(); //~ FL001 //~ FL002: lock\n//~^ FL004\nb(); //~[strict] FL201\n";
    let (_, default) = annotations(Path::new("x.c"), text, None);
    assert_eq!(
        default
            .iter()
            .map(|e| (e.line, e.code.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, "FL001"), (1, "FL002"), (1, "FL004")]
    );
    assert_eq!(default[1].substring.as_deref(), Some("lock"));
    let (_, strict) = annotations(Path::new("x.c"), text, Some("strict"));
    assert_eq!(strict.len(), 4);
}
