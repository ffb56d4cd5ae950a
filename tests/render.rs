//! The CI output formats: SARIF, GitHub Actions workflow commands and GitLab
//! Code Quality.
//!
//! One shared report, from a real run over a few corpus files (macro and
//! return hops, a chain across files, a fork without exec, an unverified
//! call, a Rust `pre_exec` closure) plus one binary file (a file error), is
//! snapshotted by every emitter (`tests/snapshots/render__*.snap`, with the
//! version redacted), and each format is read back and checked against the
//! diagnostics it came from. The last tests run the binary for `--output`
//! and `--exit-zero`.
//!
//! Run `INSTA_UPDATE=always cargo test --test render` (or `cargo insta
//! review`) after an intended change to the output, and read the diff.

mod common;

use common::Tree;
use std::path::{Path, PathBuf};

use clap::Parser;
use forklint::check::{Input, Outcome, check_inputs};
use forklint::cli::args::{Cli, Command as CliCommand};
use forklint::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use forklint::lints::RULES;
use forklint::render::{self, FileError, Report, fingerprint, line_col};
use forklint::source::Span;
use serde_json::Value;

/// Corpus files of the shared report, relative to the repository.
const CORPUS_FILES: &[&str] = &[
    "test-corpus/c/crossfile/debug_macro/debug.c",
    "test-corpus/c/crossfile/debug_macro/debug.h",
    "test-corpus/c/crossfile/debug_macro/spawn_debug.c",
    "test-corpus/c/fork/child_returns_to_caller.c",
    "test-corpus/c/fork/daemon_fork_without_exec.c",
    "test-corpus/c/fork/unverified_call.c",
    "test-corpus/rust/pre_exec.rs",
];

/// A file that cannot be analysed; it exists only in the test.
const BINARY_FILE: &str = "build/blob.c";

// ----- The shared report -----

/// The outcome of analysing `CORPUS_FILES` and `BINARY_FILE` with default
/// settings. Paths are relative, so display paths do not depend on where the
/// repository is.
fn outcome() -> Outcome {
    let cli = Cli::try_parse_from(["forklint", "check"]).expect("default arguments parse");
    let CliCommand::Check(args) = cli.command else {
        unreachable!("`check` parses as the check command")
    };
    let settings = forklint::cli::check::settings(&args).expect("default settings");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<Input> = CORPUS_FILES
        .iter()
        .map(|path| Input {
            path: PathBuf::from(path),
            bytes: std::fs::read(root.join(path)).expect("corpus file is readable"),
        })
        .collect();
    inputs.push(Input {
        path: PathBuf::from(BINARY_FILE),
        bytes: b"\x7fELF\0\0\0".to_vec(),
    });
    let outcome = check_inputs(inputs, &settings);
    assert!(
        outcome.diagnostics.len() >= 5,
        "the corpus files should have findings: {:?}",
        outcome.diagnostics
    );
    assert_eq!(
        outcome.errors.len(),
        1,
        "only the binary file is an error: {:?}",
        outcome.errors
    );
    outcome
}

fn report_for<'a>(outcome: &'a Outcome, diagnostics: &'a [Diagnostic]) -> Report<'a> {
    Report {
        sources: &outcome.sources,
        diagnostics,
        errors: &outcome.errors,
        n_files: outcome.n_files,
        duration_ms: 0,
    }
}

type Emitter = fn(&mut dyn std::io::Write, &Report) -> std::io::Result<()>;

fn render(emit: Emitter, report: &Report) -> String {
    let mut out = Vec::new();
    emit(&mut out, report).expect("rendering to memory does not fail");
    String::from_utf8(out).expect("output is UTF-8")
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("invalid JSON ({err}):\n{text}"))
}

/// Snapshot settings: the crate version is redacted, so that a release does
/// not change every snapshot (the duration is fixed at 0 in `report`).
fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    let version = env!("CARGO_PKG_VERSION").replace('.', r"\.");
    settings.add_filter(&format!("\"{version}\""), "\"[version]\"");
    settings
}

// ----- Snapshots -----

#[test]
fn sarif_snapshot() {
    let outcome = outcome();
    let text = render(
        render::sarif::emit,
        &report_for(&outcome, &outcome.diagnostics),
    );
    snapshot_settings().bind(|| insta::assert_snapshot!("sarif", text));
}

#[test]
fn github_snapshot() {
    let outcome = outcome();
    let text = render(
        render::github::emit,
        &report_for(&outcome, &outcome.diagnostics),
    );
    snapshot_settings().bind(|| insta::assert_snapshot!("github", text));
}

#[test]
fn gitlab_snapshot() {
    let outcome = outcome();
    let text = render(
        render::gitlab::emit,
        &report_for(&outcome, &outcome.diagnostics),
    );
    snapshot_settings().bind(|| insta::assert_snapshot!("gitlab", text));
}

// ----- SARIF, read back -----

/// `(uri, startLine, startColumn, endLine, endColumn)` of a SARIF location.
fn sarif_place(location: &Value) -> (String, u64, u64, u64, u64) {
    let physical = &location["physicalLocation"];
    let region = &physical["region"];
    let number = |key: &str| {
        region[key]
            .as_u64()
            .unwrap_or_else(|| panic!("region without {key}: {location}"))
    };
    (
        physical["artifactLocation"]["uri"]
            .as_str()
            .expect("a uri")
            .to_string(),
        number("startLine"),
        number("startColumn"),
        number("endLine"),
        number("endColumn"),
    )
}

fn span_place(report: &Report, span: Span) -> (String, u64, u64, u64, u64) {
    let (line, column, end_line, end_column) = line_col(report.sources, span);
    (
        report.sources.get(span.file).display.clone(),
        line as u64,
        column as u64,
        end_line as u64,
        end_column as u64,
    )
}

#[test]
fn sarif_matches_the_diagnostics() {
    let outcome = outcome();
    let report = report_for(&outcome, &outcome.diagnostics);
    let sarif = parse_json(&render(render::sarif::emit, &report));
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "forklint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), RULES.len(), "every rule is listed");
    for (descriptor, rule) in rules.iter().zip(RULES) {
        assert_eq!(descriptor["id"], rule.code);
        assert_eq!(descriptor["name"], rule.name);
        assert_eq!(descriptor["shortDescription"]["text"], rule.summary());
        assert_eq!(
            descriptor["defaultConfiguration"]["level"],
            rule.severity.as_str()
        );
        let full = descriptor["fullDescription"]["text"]
            .as_str()
            .expect("fullDescription");
        assert!(
            !full.is_empty() && !full.contains('`') && !full.contains("##"),
            "{}: fullDescription is plain text: {full}",
            rule.code
        );
        let help_uri = descriptor["helpUri"].as_str().expect("helpUri");
        let page = forklint::lints::rule_page_name(rule);
        assert!(
            help_uri.ends_with(&format!("/docs/rules/{page}")),
            "{help_uri}"
        );
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("docs/rules")
                .join(&page)
                .is_file(),
            "helpUri names a page that exists: {page}"
        );
    }

    let results = run["results"].as_array().expect("results");
    assert_eq!(
        results.len(),
        report.diagnostics.len(),
        "one result per finding"
    );
    for (result, diagnostic) in results.iter().zip(report.diagnostics) {
        let rule_id = result["ruleId"].as_str().expect("ruleId");
        assert_eq!(rule_id, diagnostic.code);
        let rule_index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[rule_index]["id"], rule_id,
            "ruleIndex points at the result's rule"
        );
        assert_eq!(result["level"], diagnostic.severity.as_str());
        let message = result["message"]["text"].as_str().expect("message");
        assert!(message.starts_with(&diagnostic.message), "{message}");
        if let Some(help) = &diagnostic.help {
            assert!(message.contains(help.as_str()), "{message}");
        }
        assert_eq!(
            result["partialFingerprints"]["forklintFingerprint/v1"],
            fingerprint(report.sources, diagnostic)
        );

        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), 1);
        let place = sarif_place(&locations[0]);
        assert_eq!(place, span_place(&report, diagnostic.span));
        assert_eq!(
            locations[0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );

        for related in result["relatedLocations"].as_array().into_iter().flatten() {
            let context = diagnostic.context.as_ref().expect("a context");
            assert_eq!(related["id"], 1);
            assert_eq!(related["message"]["text"], context.label.as_str());
            assert_eq!(sarif_place(related), span_place(&report, context.span));
        }

        if diagnostic.chain.is_empty() {
            assert!(result.get("codeFlows").is_none());
            continue;
        }
        let code_flows = result["codeFlows"].as_array().expect("codeFlows");
        assert_eq!(code_flows.len(), 1, "{rule_id} at {place:?}");
        let thread_flows = code_flows[0]["threadFlows"]
            .as_array()
            .expect("threadFlows");
        assert_eq!(thread_flows.len(), 1);
        let steps = thread_flows[0]["locations"].as_array().expect("steps");
        assert!(steps.len() >= diagnostic.chain.len());
        for (step, hop) in steps.iter().zip(&diagnostic.chain) {
            assert_eq!(
                sarif_place(&step["location"]),
                span_place(&report, hop.span)
            );
            let text = step["location"]["message"]["text"].as_str().expect("text");
            assert!(text.contains(&format!("`{}`", hop.callee)), "{text}");
        }
        let last = steps.last().expect("a step");
        assert_eq!(
            sarif_place(&last["location"]),
            place,
            "the code flow ends at the result"
        );
    }

    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notifications = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notifications.len(), report.errors.len());
    assert_eq!(notifications[0]["level"], "error");
    assert_eq!(
        notifications[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        BINARY_FILE
    );
}

#[test]
fn sarif_covers_every_hop_kind_and_a_cross_file_context() {
    let outcome = outcome();
    let sarif = parse_json(&render(
        render::sarif::emit,
        &report_for(&outcome, &outcome.diagnostics),
    ));
    let texts: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .flat_map(|result| result["codeFlows"][0]["threadFlows"][0]["locations"].as_array())
        .flatten()
        .map(|step| step["location"]["message"]["text"].to_string())
        .collect();
    for wording in ["called here from", "returns from", "expansion of the macro"] {
        assert!(
            texts.iter().any(|text| text.contains(wording)),
            "no step says `{wording}`"
        );
    }
    let cross_file = outcome.diagnostics.iter().any(|diagnostic| {
        diagnostic
            .context
            .as_ref()
            .is_some_and(|context| context.span.file != diagnostic.span.file)
    });
    assert!(cross_file, "the report has a context in another file");
}

#[test]
fn sarif_writes_fixes() {
    let outcome = outcome();
    // The first finding's context starts in another file.
    let mut diagnostic = outcome.diagnostics[0].clone();
    let span = diagnostic.span;
    let context_span = diagnostic.context.as_ref().expect("a context").span;
    assert_ne!(span.file, context_span.file);
    let insertion = |file| Span {
        file,
        start: 0,
        end: 0,
    };
    diagnostic.fixes = vec![Fix {
        title: "replace the call".to_string(),
        applicability: Applicability::Unsafe,
        edits: vec![
            Edit {
                span,
                replacement: "_exit".to_string(),
            },
            Edit {
                span: insertion(context_span.file),
                replacement: "#include <unistd.h>\n".to_string(),
            },
            Edit {
                span: insertion(span.file),
                replacement: "// reviewed\n".to_string(),
            },
        ],
    }];
    let diagnostics = [diagnostic];
    let report = report_for(&outcome, &diagnostics);
    let sarif = parse_json(&render(render::sarif::emit, &report));
    let fixes = &sarif["runs"][0]["results"][0]["fixes"];
    assert_eq!(fixes[0]["description"]["text"], "replace the call");
    let changes = fixes[0]["artifactChanges"].as_array().expect("changes");
    assert_eq!(changes.len(), 2, "one change per file");
    let (uri, line, column, end_line, end_column) = span_place(&report, span);
    let (context_uri, ..) = span_place(&report, context_span);
    assert_eq!(changes[0]["artifactLocation"]["uri"], uri.as_str());
    assert_eq!(changes[1]["artifactLocation"]["uri"], context_uri.as_str());
    let replacements = changes[0]["replacements"].as_array().expect("replacements");
    assert_eq!(replacements.len(), 2);
    let region = |replacement: &Value| {
        let region = &replacement["deletedRegion"];
        ["startLine", "startColumn", "endLine", "endColumn"].map(|key| region[key].as_u64())
    };
    assert_eq!(
        region(&replacements[0]),
        [line, column, end_line, end_column].map(Some)
    );
    assert_eq!(replacements[0]["insertedContent"]["text"], "_exit");
    assert_eq!(region(&replacements[1]), [1, 1, 1, 1].map(Some));
    snapshot_settings().bind(|| insta::assert_json_snapshot!("sarif_fixes", fixes));
}

// ----- GitHub workflow commands, read back -----

/// One workflow command: its name, properties and message, unescaped.
#[derive(Debug)]
struct WorkflowCommand {
    name: String,
    properties: Vec<(String, String)>,
    message: String,
}

impl WorkflowCommand {
    fn parse(line: &str) -> WorkflowCommand {
        let rest = line
            .strip_prefix("::")
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let (head, message) = rest
            .split_once("::")
            .unwrap_or_else(|| panic!("no `::` before the message: {line}"));
        let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
        let properties = properties
            .split(',')
            .filter(|property| !property.is_empty())
            .map(|property| {
                let (key, value) = property
                    .split_once('=')
                    .unwrap_or_else(|| panic!("property without `=`: {line}"));
                (key.to_string(), unescape(value))
            })
            .collect();
        WorkflowCommand {
            name: name.to_string(),
            properties,
            message: unescape(message),
        }
    }

    fn property(&self, key: &str) -> &str {
        self.properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value.as_str())
            .unwrap_or_else(|| panic!("no `{key}` in {self:?}"))
    }
}

/// What GitHub's runner does to escaped command text.
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_lines_parse_back_to_the_findings() {
    let outcome = outcome();
    let report = report_for(&outcome, &outcome.diagnostics);
    let text = render(render::github::emit, &report);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), report.diagnostics.len() + report.errors.len());
    for (line, diagnostic) in lines.iter().zip(report.diagnostics) {
        assert!(!line.contains('\r'));
        let command = WorkflowCommand::parse(line);
        let expected_name = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        assert_eq!(command.name, expected_name);
        let (path, start_line, column, end_line, end_column) = span_place(&report, diagnostic.span);
        assert_eq!(command.property("file"), path);
        assert_eq!(command.property("line"), start_line.to_string());
        assert_eq!(command.property("col"), column.to_string());
        assert_eq!(command.property("endLine"), end_line.to_string());
        assert_eq!(command.property("endColumn"), end_column.to_string());
        assert_eq!(
            command.property("title"),
            format!("{} {}", diagnostic.code, diagnostic.rule)
        );
        let mut message_lines = command.message.lines();
        assert_eq!(message_lines.next(), Some(diagnostic.message.as_str()));
        if let Some(note) = diagnostic.notes.first() {
            assert_eq!(message_lines.next(), Some(format!("note: {note}").as_str()));
        }
        if let Some(help) = &diagnostic.help {
            assert_eq!(message_lines.next(), Some(format!("help: {help}").as_str()));
        }
        assert_eq!(message_lines.next(), None);
    }
    let error = WorkflowCommand::parse(lines[lines.len() - 1]);
    assert_eq!(error.name, "error");
    assert_eq!(error.property("file"), BINARY_FILE);
    assert_eq!(error.message, report.errors[0].message);
}

#[test]
fn github_escapes_separators() {
    let outcome = outcome();
    let mut diagnostic = outcome.diagnostics[0].clone();
    diagnostic.message = "100% sure: a, b\r\nc".to_string();
    diagnostic.notes.clear();
    diagnostic.help = None;
    let diagnostics = [diagnostic];
    let errors = [FileError {
        path: "dir,with:odd%chars/x.c".to_string(),
        message: "line one\nline two".to_string(),
    }];
    let report = Report {
        errors: &errors,
        ..report_for(&outcome, &diagnostics)
    };
    let text = render(render::github::emit, &report);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "no raw line breaks:\n{text}");
    assert!(
        lines[0].ends_with("::100%25 sure: a, b%0D%0Ac"),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        "::error file=dir%2Cwith%3Aodd%25chars/x.c::line one%0Aline two"
    );
    let command = WorkflowCommand::parse(lines[1]);
    assert_eq!(command.property("file"), errors[0].path);
    assert_eq!(command.message, errors[0].message);
}

// ----- GitLab Code Quality, read back -----

#[test]
fn gitlab_issues_match_the_findings() {
    let outcome = outcome();
    // One finding of each severity, whatever the rules emit today.
    let severities = [Severity::Error, Severity::Warning, Severity::Note];
    let mut diagnostics = outcome.diagnostics.clone();
    for (diagnostic, severity) in diagnostics.iter_mut().zip(severities) {
        diagnostic.severity = severity;
    }
    let report = report_for(&outcome, &diagnostics);
    let text = render(render::gitlab::emit, &report);
    assert!(text.ends_with("]\n"), "pretty-printed with a final newline");
    let issues = parse_json(&text);
    let issues = issues.as_array().expect("an array of issues");
    assert_eq!(issues.len(), diagnostics.len());
    for (issue, diagnostic) in issues.iter().zip(&diagnostics) {
        let expected_severity = match diagnostic.severity {
            Severity::Error => "critical",
            Severity::Warning => "major",
            Severity::Note => "info",
        };
        assert_eq!(issue["severity"], expected_severity);
        assert_eq!(issue["check_name"], diagnostic.code);
        assert_eq!(issue["description"], diagnostic.message.as_str());
        assert_eq!(
            issue["fingerprint"],
            fingerprint(report.sources, diagnostic)
        );
        let (path, line, _, _, _) = span_place(&report, diagnostic.span);
        assert_eq!(issue["location"]["path"], path.as_str());
        assert_eq!(issue["location"]["lines"]["begin"], line);
    }
    let severities: Vec<&str> = issues[..3]
        .iter()
        .map(|issue| issue["severity"].as_str().expect("severity"))
        .collect();
    assert_eq!(severities, ["critical", "major", "info"]);
}

// ----- The binary: --output and --exit-zero -----

/// One FL001 finding.
const FINDING_C: &str = common::CLOSELOG_CHILD;

/// A fresh directory holding `finding.c`, removed on drop.
fn tree_with_finding(name: &str) -> Tree {
    let tree = Tree::new(&format!("render-{name}"));
    tree.write("finding.c", FINDING_C);
    tree
}

/// A run's exit code and output, for assertion messages.
fn describe(run: &(i32, String, String)) -> String {
    format!(
        "exit {}\n--- stdout:\n{}\n--- stderr:\n{}",
        run.0, run.1, run.2
    )
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = tree_with_finding("output");
    let output = dir.run(&[
        "check",
        "finding.c",
        "--format",
        "sarif",
        "--output",
        "report.sarif",
    ]);
    assert_eq!(output.0, 1, "{}", describe(&output));
    assert!(output.1.is_empty(), "{}", describe(&output));
    let text = std::fs::read_to_string(dir.dir.join("report.sarif")).expect("the report file");
    let sarif = parse_json(&text);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "FL001");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "finding.c"
    );
}

#[test]
fn output_to_a_missing_directory_fails() {
    let dir = tree_with_finding("output-missing");
    let output = dir.run(&["check", "finding.c", "--output", "no/such/dir/report.txt"]);
    assert_eq!(output.0, 2, "{}", describe(&output));
    assert!(
        output
            .2
            .contains("failed to create the report file no/such/dir/report.txt"),
        "{}",
        describe(&output)
    );
}

#[test]
fn exit_zero_ignores_findings_but_not_failures() {
    let dir = tree_with_finding("exit-zero");
    let findings = dir.run(&["check", "finding.c", "--format", "concise", "--exit-zero"]);
    assert_eq!(findings.0, 0, "{}", describe(&findings));
    assert!(findings.1.contains("FL001"), "{}", describe(&findings));
    let without = dir.run(&["check", "finding.c", "--format", "concise"]);
    assert_eq!(without.0, 1, "{}", describe(&without));
    let failure = dir.run(&["check", "missing.c", "--exit-zero"]);
    assert_eq!(failure.0, 2, "{}", describe(&failure));
}
