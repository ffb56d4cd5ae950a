//! From forklint's findings to LSP's types: byte spans to positions with
//! UTF-16 columns, paths to `file://` URIs, a `Diagnostic` to an LSP
//! diagnostic with its related locations, and fixes and suppressions to edits.
//!
//! It reads the analysed text through `SourceDb`; it does no I/O.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, TextEdit, Url, WorkspaceEdit,
};

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::{SourceDb, SourceFile, Span};

/// What a finding offers beyond its diagnostic: its fixes, a suppression
/// comment and the hover text.
#[derive(Debug, Clone)]
pub struct Finding {
    pub diagnostic: lsp_types::Diagnostic,
    pub fixes: Vec<QuickFix>,
    pub suppression: TextEdit,
    /// Markdown.
    pub hover: String,
}

/// A fix as a code action: its title, whether the editor may prefer it
/// (only fixes that keep behaviour) and its edits.
#[derive(Debug, Clone)]
pub struct QuickFix {
    pub title: String,
    pub preferred: bool,
    pub edit: WorkspaceEdit,
}

/// The justification the suppression action writes, for the user to replace.
pub const JUSTIFICATION_PLACEHOLDER: &str = "TODO: say why this is safe here";

/// The LSP position of a byte offset: 0-based line, UTF-16 column.
pub fn position(file: &SourceFile, offset: u32) -> Position {
    let offset = (offset as usize).min(file.text.len());
    let (line, _) = file.line_col(offset as u32);
    let line_start = file.line_start(line - 1).unwrap_or(0);
    let prefix = &file.text.as_bytes()[line_start..offset];
    let character = String::from_utf8_lossy(prefix).encode_utf16().count();
    Position::new((line - 1) as u32, character as u32)
}

pub fn range(file: &SourceFile, span: Span) -> Range {
    Range::new(position(file, span.start), position(file, span.end))
}

/// The byte offset of an LSP position in `text` (clamped to the line's end
/// and the text's end), for applying incremental changes.
pub fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(newline) => line_start += newline + 1,
            None => return text.len(),
        }
    }
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let mut units = 0;
    for (idx, ch) in line.char_indices() {
        if units >= position.character as usize {
            return line_start + idx;
        }
        units += ch.len_utf16();
    }
    line_start + line.len()
}

pub fn uri(path: &Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

fn location(sources: &SourceDb, span: Span) -> Option<Location> {
    let file = sources.get(span.file);
    Some(Location::new(uri(&file.path)?, range(file, span)))
}

/// The LSP diagnostic: the primary range on the flagged code, the context's
/// start and each hop of the chain as related information.
pub fn diagnostic(sources: &SourceDb, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let file = sources.get(diagnostic.span.file);
    let mut related = Vec::new();
    let context_span = diagnostic.context.as_ref().map(|context| context.span);
    if let Some(context) = &diagnostic.context
        && context.span != diagnostic.span
        && let Some(location) = location(sources, context.span)
    {
        related.push(DiagnosticRelatedInformation {
            location,
            message: context.label.clone(),
        });
    }
    if let Some((_, hops)) = diagnostic.chain.split_last() {
        for hop in hops {
            if hop.span == diagnostic.span || Some(hop.span) == context_span {
                continue;
            }
            if let Some(location) = location(sources, hop.span) {
                related.push(DiagnosticRelatedInformation {
                    location,
                    message: crate::render::hop_message(hop),
                });
            }
        }
    }
    let rule = crate::lints::rule(diagnostic.code);
    lsp_types::Diagnostic {
        range: range(file, diagnostic.span),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        code_description: rule.and_then(|rule| {
            Some(CodeDescription {
                href: Url::parse(&crate::render::rule_docs_url(rule)).ok()?,
            })
        }),
        source: Some("forklint".to_string()),
        message: crate::render::lsp::message(diagnostic),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Everything the server keeps about one finding.
pub fn finding(sources: &SourceDb, diagnostic: &Diagnostic) -> Finding {
    finding_with(sources, diagnostic, self::diagnostic(sources, diagnostic))
}

/// `finding`, for a diagnostic already converted by `diagnostic`.
pub fn finding_with(
    sources: &SourceDb,
    diagnostic: &Diagnostic,
    lsp: lsp_types::Diagnostic,
) -> Finding {
    let fixes = diagnostic
        .fixes
        .iter()
        .filter(|fix| fix.applicability != Applicability::DisplayOnly)
        .filter_map(|fix| {
            let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
            for edit in &fix.edits {
                let file = sources.get(edit.span.file);
                changes
                    .entry(uri(&file.path)?)
                    .or_default()
                    .push(TextEdit::new(
                        range(file, edit.span),
                        edit.replacement.clone(),
                    ));
            }
            Some(QuickFix {
                title: fix.title.clone(),
                preferred: fix.applicability == Applicability::Safe,
                edit: WorkspaceEdit::new(changes),
            })
        })
        .collect();
    Finding {
        diagnostic: lsp,
        fixes,
        suppression: suppression(sources.get(diagnostic.span.file), diagnostic),
        hover: crate::render::lsp::hover(diagnostic),
    }
}

/// The edit that suppresses a finding with a justification comment on its
/// line (the syntax `suppress` reads): the code joins an `allow(...)` already
/// on the line; before a macro's line continuation the comment is a block
/// comment; otherwise a line comment ends the line.
pub fn suppression(file: &SourceFile, diagnostic: &Diagnostic) -> TextEdit {
    let code = diagnostic.code;
    let (line, _) = file.line_col(diagnostic.span.start);
    let line_start = file.line_start(line - 1).unwrap_or(0);
    let text = file.line_text(line);
    let at = |column: usize| position(file, (line_start + column) as u32);
    if let Some(close) = crate::suppress::allow_list_end(text) {
        return TextEdit::new(Range::new(at(close), at(close)), format!(", {code}"));
    }
    let code_end = text.trim_end().len();
    if let Some(before_backslash) = text.trim_end().strip_suffix('\\') {
        let end = before_backslash.trim_end().len();
        return TextEdit::new(
            Range::new(at(end), at(end)),
            format!(" /* forklint: allow({code}) -- {JUSTIFICATION_PLACEHOLDER} */"),
        );
    }
    TextEdit::new(
        Range::new(at(code_end), at(text.len())),
        format!("  // forklint: allow({code}) -- {JUSTIFICATION_PLACEHOLDER}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip() {
        let text = "a\n  é😀x = 1;\n";
        let file = SourceFile::new("t.c".into(), text.to_string());
        let x = text.find('x').unwrap();
        let pos = position(&file, x as u32);
        assert_eq!(pos, Position::new(1, 5));
        assert_eq!(offset(text, pos), x);
        assert_eq!(offset(text, Position::new(1, 99)), text.len() - 1);
        assert_eq!(offset(text, Position::new(7, 0)), text.len());
    }

    #[test]
    fn fixes_become_workspace_edits() {
        use crate::diagnostic::{Edit, Fix};
        let text = "int main() {\n  /* é */ exit(1);\n}\n";
        let mut sources = SourceDb::default();
        let file = sources.add(SourceFile::new("/tmp/fix.c".into(), text.to_string()));
        let start = text.find("exit").unwrap();
        let span = Span::new(file, start, start + 4);
        let fix = |applicability, title: &str| Fix {
            title: title.to_string(),
            applicability,
            edits: vec![Edit {
                span,
                replacement: "_exit".to_string(),
            }],
        };
        let diagnostic = Diagnostic {
            code: "FL001",
            rule: "unsafe-call-in-fork-child",
            severity: Severity::Warning,
            message: "`exit` is not async-signal-safe".to_string(),
            span,
            label: String::new(),
            callee: Some("exit".to_string()),
            context: None,
            chain: Vec::new(),
            function: "main".to_string(),
            reasons: Vec::new(),
            notes: Vec::new(),
            help: None,
            fixes: vec![
                fix(Applicability::Safe, "safe"),
                fix(Applicability::Unsafe, "unsafe"),
                fix(Applicability::DisplayOnly, "shown only"),
            ],
        };
        let finding = finding(&sources, &diagnostic);
        let titles: Vec<(&str, bool)> = finding
            .fixes
            .iter()
            .map(|fix| (fix.title.as_str(), fix.preferred))
            .collect();
        assert_eq!(titles, [("safe", true), ("unsafe", false)]);
        let changes = finding.fixes[0].edit.changes.as_ref().expect("changes");
        let edits = &changes[&Url::parse("file:///tmp/fix.c").unwrap()];
        // `é` is one UTF-16 unit and two bytes.
        assert_eq!(
            edits[0].range,
            Range::new(Position::new(1, 10), Position::new(1, 14))
        );
        assert_eq!(finding.diagnostic.range, edits[0].range);
        assert!(finding.diagnostic.message.contains("fix available: safe"));
        assert!(
            finding
                .diagnostic
                .message
                .contains("suggestion: shown only")
        );
        assert_eq!(
            finding.suppression.new_text,
            format!("  // forklint: allow(FL001) -- {JUSTIFICATION_PLACEHOLDER}")
        );
    }
}
