//! The JSON report (schema in docs/json-output.md).

use std::io::Write;

use serde::Serialize;

use crate::contexts::Hop;
use crate::diagnostic::{Diagnostic, Fix};
use crate::render::{FileError, Report, fingerprint, line_col};
use crate::source::SourceDb;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: &'static str,
    findings: Vec<JsonFinding<'a>>,
    errors: &'a [FileError],
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    findings: usize,
    errors: usize,
    duration_ms: u128,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    callee: Option<&'a str>,
    context: Option<JsonContext<'a>>,
    chain: Vec<JsonHop<'a>>,
    reasons: &'a [String],
    notes: &'a [String],
    help: Option<&'a str>,
    fixes: Vec<JsonFix<'a>>,
    fingerprint: String,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: crate::diagnostic::Applicability,
    edits: Vec<JsonEdit<'a>>,
}

/// Replace the text from (line, column) to (end_line, end_column), exclusive.
#[derive(Serialize)]
struct JsonEdit<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonContext<'a> {
    kind: &'static str,
    callee: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonHop<'a> {
    kind: &'static str,
    caller: &'a str,
    callee: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
}

fn hop<'a>(sources: &'a SourceDb, hop: &'a Hop) -> JsonHop<'a> {
    let (line, column, _, _) = line_col(sources, hop.span);
    JsonHop {
        kind: match hop.kind {
            crate::contexts::HopKind::Call => "call",
            crate::contexts::HopKind::ReturnTo => "return",
            crate::contexts::HopKind::Macro => "macro",
        },
        caller: &hop.caller,
        callee: &hop.callee,
        path: &sources.get(hop.span.file).display,
        line,
        column,
    }
}

fn fix<'a>(sources: &'a SourceDb, fix: &'a Fix) -> JsonFix<'a> {
    JsonFix {
        title: &fix.title,
        applicability: fix.applicability,
        edits: fix
            .edits
            .iter()
            .map(|edit| {
                let (line, column, end_line, end_column) = line_col(sources, edit.span);
                JsonEdit {
                    path: &sources.get(edit.span.file).display,
                    line,
                    column,
                    end_line,
                    end_column,
                    replacement: &edit.replacement,
                }
            })
            .collect(),
    }
}

fn finding<'a>(sources: &'a SourceDb, diagnostic: &'a Diagnostic) -> JsonFinding<'a> {
    let (line, column, end_line, end_column) = line_col(sources, diagnostic.span);
    JsonFinding {
        code: diagnostic.code,
        rule: diagnostic.rule,
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        path: &sources.get(diagnostic.span.file).display,
        line,
        column,
        end_line,
        end_column,
        callee: diagnostic.callee.as_deref(),
        context: diagnostic.context.as_ref().map(|context| {
            let (line, column, _, _) = line_col(sources, context.span);
            JsonContext {
                kind: context.kind.as_str(),
                callee: &context.callee,
                path: &sources.get(context.span.file).display,
                line,
                column,
            }
        }),
        chain: diagnostic.chain.iter().map(|h| hop(sources, h)).collect(),
        reasons: &diagnostic.reasons,
        notes: &diagnostic.notes,
        help: diagnostic.help.as_deref(),
        fixes: diagnostic.fixes.iter().map(|f| fix(sources, f)).collect(),
        fingerprint: fingerprint(sources, diagnostic),
    }
}

pub fn emit(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    let json = JsonReport {
        version: env!("CARGO_PKG_VERSION"),
        findings: report
            .diagnostics
            .iter()
            .map(|d| finding(report.sources, d))
            .collect(),
        errors: report.errors,
        summary: JsonSummary {
            files: report.n_files,
            findings: report.diagnostics.len(),
            errors: report.errors.len(),
            duration_ms: report.duration_ms,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)
}
