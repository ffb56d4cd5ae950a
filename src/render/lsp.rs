//! The text the language server shows: a diagnostic's message (with the
//! reason and the replacement, since editors show only the message) and the
//! hover over a flagged call (the finding, then the rule's documentation).
//!
//! Only text is made here; `lsp/` puts it into protocol messages.

use crate::diagnostic::{Applicability, Diagnostic};

/// The message, then one line per note, the help and each fix's title.
pub fn message(diagnostic: &Diagnostic) -> String {
    let mut lines = vec![diagnostic.message.clone()];
    lines.extend(diagnostic.notes.iter().map(|note| format!("note: {note}")));
    if let Some(help) = &diagnostic.help {
        lines.push(format!("help: {help}"));
    }
    for fix in &diagnostic.fixes {
        // Display-only fixes are suggestions the editor does not apply.
        let kind = match fix.applicability {
            Applicability::DisplayOnly => "suggestion",
            Applicability::Safe | Applicability::Unsafe => "fix available",
        };
        lines.push(format!("{kind}: {}", fix.title));
    }
    lines.join("\n")
}

/// Markdown for a hover on the flagged code: the finding, then the same page
/// as `forklint explain CODE`.
pub fn hover(diagnostic: &Diagnostic) -> String {
    let mut text = format!("**{}** {}\n", diagnostic.code, diagnostic.message);
    for note in &diagnostic.notes {
        text.push_str(&format!("\n- note: {note}"));
    }
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!("\n- help: {help}"));
    }
    if let Some(rule) = crate::lints::rule(diagnostic.code) {
        let page = crate::lints::rule_page(rule);
        // The generated page starts with an HTML comment meant for the repository.
        let page = match page.split_once('\n') {
            Some((first, rest)) if first.starts_with("<!--") => rest.to_string(),
            _ => page,
        };
        text.push_str("\n\n---\n\n");
        text.push_str(page.trim());
        text.push('\n');
    }
    text
}
