//! GitLab Code Quality report: a JSON array of issues, which GitLab shows in
//! merge requests when a job saves it as a `codequality` report artifact.
//!
//! Each finding is one issue with its message, code, fingerprint, severity and
//! first line. The format has no place for file errors; they go to standard
//! error as in every other format but JSON.

use std::io::Write;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::render::{Report, fingerprint, line_col};

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub fn emit(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    let issues: Vec<Issue> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let (line, _, _, _) = line_col(report.sources, diagnostic.span);
            Issue {
                description: &diagnostic.message,
                check_name: diagnostic.code,
                fingerprint: fingerprint(report.sources, diagnostic),
                severity: match diagnostic.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Note => "info",
                },
                location: Location {
                    path: &report.sources.get(diagnostic.span.file).display,
                    lines: Lines { begin: line },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
