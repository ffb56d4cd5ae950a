//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice`
//! line per finding, which the runner turns into an annotation on the file.
//!
//! The message carries the finding's message, its first note and its help;
//! the full chain is left to the other formats (SARIF shows it as a code
//! flow). File errors become `::error file=…::message` lines.

use std::io::Write;

use crate::diagnostic::Severity;
use crate::render::{Report, line_col};

pub fn emit(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    for diagnostic in report.diagnostics {
        let (line, column, end_line, end_column) = line_col(report.sources, diagnostic.span);
        let path = &report.sources.get(diagnostic.span.file).display;
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let title = format!("{} {}", diagnostic.code, diagnostic.rule);
        let mut message = diagnostic.message.clone();
        if let Some(note) = diagnostic.notes.first() {
            message.push_str("\nnote: ");
            message.push_str(note);
        }
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
            escape_property(path),
            escape_property(&title),
            escape_data(&message)
        )?;
    }
    for error in report.errors {
        writeln!(
            out,
            "::error file={}::{}",
            escape_property(&error.path),
            escape_data(&error.message)
        )?;
    }
    Ok(())
}

/// The escaping GitHub's runner undoes in a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping GitHub's runner undoes in a command's properties, where `:`
/// and `,` are separators.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\nd"), "50%25 a%3Ab%2Cc%0Ad");
    }
}
