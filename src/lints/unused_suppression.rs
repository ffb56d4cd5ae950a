//! FL901: a `forklint: allow(...)` comment that suppresses nothing.

use crate::diagnostic::Diagnostic;
use crate::lints::{comment_diagnostic, declare_rule};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks for `forklint:` suppression comments that suppress no finding.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on that line, and its
    /// justification no longer describes the code.
    ///
    /// ## Example
    /// ```c
    /// write(2, msg, len);  // forklint: allow(FL001) -- was printf
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// write(2, msg, len);
    /// ```
    pub UNUSED_SUPPRESSION: "FL901", "unused-suppression",
        severity = Warning, enabled = true, fix = None,
}

pub(crate) fn diagnostic(span: Span, selectors: &str) -> Diagnostic {
    comment_diagnostic(
        &UNUSED_SUPPRESSION,
        span,
        format!("this suppression of `{selectors}` suppresses nothing"),
        "no finding here to suppress",
        "remove the comment",
    )
}
