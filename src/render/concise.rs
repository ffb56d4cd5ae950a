//! One line per finding: `path:line:col: CODE message`.

use std::io::Write;

use crate::render::{Report, line_col};

pub fn emit(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    for diagnostic in report.diagnostics {
        let (line, column, _, _) = line_col(report.sources, diagnostic.span);
        let path = &report.sources.get(diagnostic.span.file).display;
        let fixable = if diagnostic.fixes.is_empty() {
            ""
        } else {
            "[*] "
        };
        writeln!(
            out,
            "{path}:{line}:{column}: {} {fixable}{}",
            diagnostic.code, diagnostic.message
        )?;
    }
    Ok(())
}
