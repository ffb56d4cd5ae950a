//! The requests about findings: hover and code actions, answered from the
//! findings last published (never by analysing), by file and range.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, HoverParams,
    MarkupContent, MarkupKind, Range, TextDocumentIdentifier, Url, WorkspaceEdit,
};

use crate::lsp::convert::{self, Finding};

/// The findings last published, by file.
#[derive(Default)]
pub struct Findings {
    by_uri: HashMap<Url, Vec<Finding>>,
}

/// The parts of `CodeActionParams` the server reads. The actions come from
/// the server's own findings, so the diagnostics the client sends back (which
/// some clients send incomplete) are not read.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeActionRequest {
    text_document: TextDocumentIdentifier,
    range: Range,
    #[serde(default)]
    context: CodeActionRequestContext,
}

#[derive(Default, serde::Deserialize)]
struct CodeActionRequestContext {
    #[serde(default)]
    only: Option<Vec<CodeActionKind>>,
}

impl Findings {
    /// Replaces a file's findings.
    pub fn set(&mut self, uri: Url, findings: Vec<Finding>) {
        if findings.is_empty() {
            self.by_uri.remove(&uri);
        } else {
            self.by_uri.insert(uri, findings);
        }
    }

    fn at<'a>(&'a self, uri: &Url, range: Range) -> impl Iterator<Item = &'a Finding> {
        // Findings are filed under the URI made from the path, which may be
        // spelt differently from the client's (percent-encoding).
        let uri = uri
            .to_file_path()
            .ok()
            .and_then(|path| convert::uri(&path))
            .unwrap_or_else(|| uri.clone());
        self.by_uri
            .get(&uri)
            .into_iter()
            .flatten()
            .filter(move |finding| overlaps(finding.diagnostic.range, range))
    }

    /// The finding under the cursor: its message and its rule's docs.
    pub fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let at = &params.text_document_position_params;
        let position = at.position;
        let finding = self
            .at(&at.text_document.uri, Range::new(position, position))
            .next()?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: finding.hover.clone(),
            }),
            range: Some(finding.diagnostic.range),
        })
    }

    /// For each finding in the range: its fixes, then its suppression.
    pub fn code_actions(&self, params: &CodeActionRequest) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let wants_quickfix = params.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|kind| CodeActionKind::QUICKFIX.as_str().starts_with(kind.as_str()))
        });
        if !wants_quickfix {
            return Vec::new();
        }
        let mut actions = Vec::new();
        for finding in self.at(uri, params.range) {
            let diagnostics = Some(vec![finding.diagnostic.clone()]);
            for fix in &finding.fixes {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diagnostics.clone(),
                    edit: Some(fix.edit.clone()),
                    is_preferred: Some(fix.preferred),
                    ..CodeAction::default()
                }));
            }
            let code = match &finding.diagnostic.code {
                Some(lsp_types::NumberOrString::String(code)) => code.clone(),
                _ => String::new(),
            };
            let edit = WorkspaceEdit::new(HashMap::from([(
                uri.clone(),
                vec![finding.suppression.clone()],
            )]));
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Suppress {code} on this line with a justification comment"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics,
                edit: Some(edit),
                ..CodeAction::default()
            }));
        }
        actions
    }
}

/// Inclusive at both ends, so that a cursor at either end of a range counts.
fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}
