//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One run: the driver lists every rule (whether or not it ran), each finding
//! is a result with its call chain as a code flow, where the restricted region
//! starts as a related location, and the same fingerprint as the JSON report.
//! File errors are tool execution notifications.
//!
//! Paths under the current directory are relative URIs against `%SRCROOT%`,
//! which is left for the consumer to resolve (there is no `originalUriBaseIds`,
//! so the output does not depend on where the checkout lives); other paths are
//! absolute `file://` URIs. Columns count Unicode code points, as everywhere in
//! forklint. No source text is embedded.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::contexts::{Hop, HopKind};
use crate::diagnostic::{Diagnostic, Fix};
use crate::lints::{RULES, Rule};
use crate::render::{FileError, Report, fingerprint, line_col};
use crate::source::{FileId, SourceDb, Span};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SARIF_VERSION: &str = "2.1.0";
const INFORMATION_URI: &str = "https://github.com/forklint/forklint";
const SRCROOT: &str = "%SRCROOT%";
/// The key of `render::fingerprint` in `partialFingerprints`; bump the version
/// if the fingerprint's recipe changes.
const FINGERPRINT_KEY: &str = "forklintFingerprint/v1";

pub fn emit(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    let log = Log {
        schema: SCHEMA,
        version: SARIF_VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "forklint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: RULES.iter().map(|rule| descriptor(rule)).collect(),
                },
            },
            invocations: [invocation(report)],
            column_kind: "unicodeCodePoints",
            results: report
                .diagnostics
                .iter()
                .map(|diagnostic| result(report.sources, diagnostic))
                .collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

// ----- The SARIF objects forklint writes (field names as in the spec) -----

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Message,
    full_description: Message,
    help: Message,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
    enabled: bool,
}

#[derive(Serialize)]
struct Message {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    code_flows: Vec<CodeFlow>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeFlow {
    thread_flows: [ThreadFlow; 1],
}

#[derive(Serialize)]
struct ThreadFlow {
    locations: Vec<ThreadFlowLocation>,
}

#[derive(Serialize)]
struct ThreadFlowLocation {
    location: Location,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kinds: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Message,
    artifact_changes: Vec<ArtifactChange>,
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: crate::diagnostic::Applicability,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: ArtifactContent,
}

#[derive(Serialize)]
struct ArtifactContent {
    text: String,
}

// ----- Building them -----

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let help_uri = crate::render::rule_docs_url(rule);
    let why = docs_section(rule.docs, "Why is this bad?").unwrap_or_else(|| rule.summary());
    ReportingDescriptor {
        id: rule.code,
        name: rule.name,
        short_description: plain(rule.summary()),
        full_description: Message {
            text: why.replace('`', ""),
            markdown: Some(why),
        },
        help: Message {
            text: format!("{} See {help_uri}", rule.summary().replace('`', "")),
            markdown: Some(dedent(rule.docs)),
        },
        help_uri,
        default_configuration: Configuration {
            level: rule.severity.as_str(),
            enabled: rule.enabled_by_default,
        },
    }
}

/// The paragraph under a `## heading` of a rule's docs, on one line.
fn docs_section(docs: &str, heading: &str) -> Option<String> {
    let mut lines = docs.lines().map(str::trim);
    lines.find(|line| line.strip_prefix("## ") == Some(heading))?;
    let body: Vec<&str> = lines.take_while(|line| !line.starts_with("## ")).collect();
    let text = body
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() { None } else { Some(text) }
}

/// The docs as Markdown: doc comments keep the space after `///`.
fn dedent(docs: &str) -> String {
    let lines: Vec<&str> = docs
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect();
    lines.join("\n").trim().to_string()
}

fn invocation(report: &Report) -> Invocation {
    // Partial failures are notifications; the run failed only when nothing
    // could be analysed (forklint then exits with 2).
    let nothing_analysed = report.n_files == 0 && !report.errors.is_empty();
    Invocation {
        execution_successful: !nothing_analysed,
        tool_execution_notifications: report.errors.iter().map(notification).collect(),
    }
}

fn notification(error: &FileError) -> Notification {
    Notification {
        level: "error",
        message: plain(sentence(&error.message)),
        locations: [Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact_location(&error.path),
                region: None,
            },
            message: None,
        }],
    }
}

fn result(sources: &SourceDb, diagnostic: &Diagnostic) -> SarifResult {
    let location = Location {
        id: None,
        physical_location: physical_location(sources, diagnostic.span),
        message: None,
    };
    let related_locations = match &diagnostic.context {
        // FL003 flags the fork itself: the context start adds nothing.
        Some(context) if context.span != diagnostic.span => vec![Location {
            id: Some(1),
            physical_location: physical_location(sources, context.span),
            message: Some(plain(context.label.clone())),
        }],
        _ => Vec::new(),
    };
    SarifResult {
        rule_id: diagnostic.code,
        rule_index: RULES.iter().position(|rule| rule.code == diagnostic.code),
        level: diagnostic.severity.as_str(),
        message: plain(result_text(diagnostic)),
        locations: [location],
        related_locations,
        code_flows: code_flow(sources, diagnostic).into_iter().collect(),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint(sources, diagnostic))]),
        fixes: diagnostic
            .fixes
            .iter()
            .map(|fix| sarif_fix(sources, fix))
            .collect(),
    }
}

/// The message, then every note and the help, one sentence per line.
fn result_text(diagnostic: &Diagnostic) -> String {
    let mut lines = vec![sentence(&diagnostic.message)];
    lines.extend(
        diagnostic
            .notes
            .iter()
            .map(|note| sentence(&format!("note: {note}"))),
    );
    if let Some(help) = &diagnostic.help {
        lines.push(sentence(&format!("help: {help}")));
    }
    lines.join("\n")
}

/// The chain from the context's start to the flagged call. It ends at the
/// result's location; should a chain ever stop short of it, the flagged call
/// is added as the last step.
fn code_flow(sources: &SourceDb, diagnostic: &Diagnostic) -> Option<CodeFlow> {
    let last = diagnostic.chain.last()?;
    let mut locations: Vec<ThreadFlowLocation> = diagnostic
        .chain
        .iter()
        .map(|hop| thread_flow_location(sources, hop))
        .collect();
    if last.span != diagnostic.span {
        locations.push(ThreadFlowLocation {
            location: Location {
                id: None,
                physical_location: physical_location(sources, diagnostic.span),
                message: Some(plain(diagnostic.label.clone())),
            },
            kinds: Vec::new(),
        });
    }
    Some(CodeFlow {
        thread_flows: [ThreadFlow { locations }],
    })
}

fn thread_flow_location(sources: &SourceDb, hop: &Hop) -> ThreadFlowLocation {
    let kinds = match hop.kind {
        HopKind::Call => vec!["call"],
        HopKind::ReturnTo => vec!["return"],
        HopKind::Macro => Vec::new(),
    };
    let message = crate::render::hop_message(hop);
    ThreadFlowLocation {
        location: Location {
            id: None,
            physical_location: physical_location(sources, hop.span),
            message: Some(plain(message)),
        },
        kinds,
    }
}

fn sarif_fix(sources: &SourceDb, fix: &Fix) -> SarifFix {
    // One artifact change per file, in the order the edits first name them.
    let mut changes: Vec<(FileId, ArtifactChange)> = Vec::new();
    for edit in &fix.edits {
        let replacement = Replacement {
            deleted_region: region(sources, edit.span),
            inserted_content: ArtifactContent {
                text: edit.replacement.clone(),
            },
        };
        match changes.iter_mut().find(|(file, _)| *file == edit.span.file) {
            Some((_, change)) => change.replacements.push(replacement),
            None => changes.push((
                edit.span.file,
                ArtifactChange {
                    artifact_location: artifact_location(&sources.get(edit.span.file).display),
                    replacements: vec![replacement],
                },
            )),
        }
    }
    SarifFix {
        description: plain(fix.title.clone()),
        artifact_changes: changes.into_iter().map(|(_, change)| change).collect(),
        properties: FixProperties {
            applicability: fix.applicability,
        },
    }
}

fn physical_location(sources: &SourceDb, span: Span) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact_location(&sources.get(span.file).display),
        region: Some(region(sources, span)),
    }
}

/// SARIF's end column is exclusive, as is the end of a span.
fn region(sources: &SourceDb, span: Span) -> Region {
    let (start_line, start_column, end_line, end_column) = line_col(sources, span);
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

fn plain(text: String) -> Message {
    Message {
        text,
        markdown: None,
    }
}

/// SARIF asks for messages that end with a period.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// A display path (forward slashes) as a URI: relative to `%SRCROOT%`, or an
/// absolute `file://` URI for a path outside the current directory.
fn artifact_location(path: &str) -> ArtifactLocation {
    let bytes = path.as_bytes();
    let is_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if let Some(rest) = path.strip_prefix('/') {
        return ArtifactLocation {
            uri: format!("file:///{}", percent_encode(rest, true)),
            uri_base_id: None,
        };
    }
    if is_drive {
        return ArtifactLocation {
            uri: format!("file:///{}", percent_encode(path, true)),
            uri_base_id: None,
        };
    }
    // The current directory itself has an empty display path.
    let uri = if path.is_empty() {
        "./".to_string()
    } else {
        percent_encode(path, false)
    };
    ArtifactLocation {
        uri,
        uri_base_id: Some(SRCROOT),
    }
}

/// Percent-encodes everything but RFC 3986 path characters. A relative
/// reference may not have `:` in its first segment, so `:` is kept only in
/// absolute URIs.
fn percent_encode(path: &str, keep_colon: bool) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        let is_path_char = byte.is_ascii_alphanumeric()
            || b"-._~/!$&'()*+,;=@".contains(&byte)
            || (keep_colon && byte == b':');
        if is_path_char {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uris() {
        let relative = artifact_location("src/a b/c++#1.c");
        assert_eq!(relative.uri, "src/a%20b/c++%231.c");
        assert_eq!(relative.uri_base_id, Some(SRCROOT));
        let absolute = artifact_location("/work/x:y/é.c");
        assert_eq!(absolute.uri, "file:///work/x:y/%C3%A9.c");
        assert_eq!(absolute.uri_base_id, None);
        assert_eq!(artifact_location("C:/src/a.c").uri, "file:///C:/src/a.c");
        assert_eq!(artifact_location("a:b.c").uri, "a%3Ab.c");
    }

    #[test]
    fn every_rule_has_a_why_paragraph() {
        for rule in RULES {
            let why = docs_section(rule.docs, "Why is this bad?");
            assert!(
                why.is_some_and(|text| !text.contains("##")),
                "{}",
                rule.code
            );
        }
    }

    #[test]
    fn sentences_end_with_one_period() {
        assert_eq!(sentence("a `b()`"), "a `b()`.");
        assert_eq!(sentence("done."), "done.");
    }
}
