//! rustc-style output through codespan-reporting: the flagged call, where the
//! child starts, each hop of the chain, the reason and the replacement.

use std::io::Write;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config};

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::render::Report;
use crate::source::{FileId, SourceDb};

struct DbFiles<'a>(&'a SourceDb);

impl<'a> Files<'a> for DbFiles<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.0.get(id).display)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.0.get(id).text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.0.get(id).line_col(byte_index as u32).0 - 1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.0.get(id);
        let start = file
            .line_start(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: file.n_lines(),
            })?;
        let end = file.line_start(line_index + 1).unwrap_or(file.text.len());
        Ok(start..end)
    }
}

fn to_codespan(diagnostic: &Diagnostic) -> CsDiagnostic<FileId> {
    let severity = match diagnostic.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Note => CsSeverity::Note,
    };
    let range = |span: crate::source::Span| span.start as usize..span.end as usize;
    let mut labels = vec![
        Label::primary(diagnostic.span.file, range(diagnostic.span))
            .with_message(&diagnostic.label),
    ];
    if let Some(context) = &diagnostic.context
        && context.span != diagnostic.span
    {
        labels.push(
            Label::secondary(context.span.file, range(context.span)).with_message(&context.label),
        );
    }
    if let Some((_, hops)) = diagnostic.chain.split_last() {
        let context_span = diagnostic.context.as_ref().map(|c| c.span);
        for hop in hops {
            if hop.span == diagnostic.span || Some(hop.span) == context_span {
                continue;
            }
            let message = crate::render::hop_message(hop);
            labels.push(Label::secondary(hop.span.file, range(hop.span)).with_message(message));
        }
    }
    let mut notes: Vec<String> = diagnostic
        .notes
        .iter()
        .map(|n| format!("note: {n}"))
        .collect();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    for fix in &diagnostic.fixes {
        notes.push(match fix.applicability {
            Applicability::Safe => format!("help: {} (fixable with `--fix`)", fix.title),
            Applicability::Unsafe => format!(
                "help: {} (unsafe fix: `--fix --unsafe-fixes` applies it)",
                fix.title
            ),
            Applicability::DisplayOnly => {
                let snippet: String = fix.edits.iter().map(|e| e.replacement.as_str()).collect();
                format!("help: {}:\n{}", fix.title, snippet.trim_end())
            }
        });
    }
    notes.push(format!(
        "help: run `forklint explain {}` for details",
        diagnostic.code
    ));
    CsDiagnostic::new(severity)
        .with_message(&diagnostic.message)
        .with_code(diagnostic.code)
        .with_labels(labels)
        .with_notes(notes)
}

pub fn emit(out: &mut dyn Write, report: &Report, color: bool) -> std::io::Result<()> {
    let files = DbFiles(report.sources);
    let config = Config::default();
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    for diagnostic in report.diagnostics {
        term::emit_to_write_style(&mut buffer, &config, &files, &to_codespan(diagnostic))
            .map_err(std::io::Error::other)?;
    }
    out.write_all(buffer.as_slice())?;
    let fixable = |applicability| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.fixes.iter().any(|f| f.applicability == applicability))
            .count()
    };
    let n_fixable = fixable(Applicability::Safe);
    let n_unsafe = fixable(Applicability::Unsafe);
    let n_findings = report.diagnostics.len();
    let noun = if n_findings == 1 {
        "finding"
    } else {
        "findings"
    };
    let mut fixable_notes = Vec::new();
    if n_fixable > 0 {
        fixable_notes.push(format!("{n_fixable} fixable with --fix"));
    }
    if n_unsafe > 0 {
        fixable_notes.push(format!("{n_unsafe} with --fix --unsafe-fixes"));
    }
    if fixable_notes.is_empty() {
        writeln!(out, "Found {n_findings} {noun}.")?;
    } else {
        writeln!(
            out,
            "Found {n_findings} {noun} ({}).",
            fixable_notes.join(", ")
        )?;
    }
    Ok(())
}
