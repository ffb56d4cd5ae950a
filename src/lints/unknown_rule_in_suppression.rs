//! FL902: a suppression comment names a rule that does not exist.

use crate::diagnostic::Diagnostic;
use crate::lints::declare_rule;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks for `forklint:` suppression comments that name no known rule
    /// (by code, name or code prefix).
    ///
    /// ## Why is this bad?
    /// A misspelt rule suppresses nothing, so the finding it was meant for is
    /// still reported, or, worse, the author believes it is handled.
    ///
    /// ## Example
    /// ```c
    /// closelog();  // forklint: allow(FL01) -- typo for FL001
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// closelog();  // forklint: allow(FL001) -- single-threaded here
    /// ```
    pub UNKNOWN_RULE_IN_SUPPRESSION: "FL902", "unknown-rule-in-suppression",
        severity = Warning, enabled = true, fix = None,
}

pub(crate) fn diagnostic(span: Span, selector: &str) -> Diagnostic {
    Diagnostic {
        code: UNKNOWN_RULE_IN_SUPPRESSION.code,
        rule: UNKNOWN_RULE_IN_SUPPRESSION.name,
        severity: UNKNOWN_RULE_IN_SUPPRESSION.severity,
        message: format!("`{selector}` is not a forklint rule code, name or code prefix"),
        span,
        label: "unknown rule".to_string(),
        callee: None,
        context: None,
        chain: Vec::new(),
        function: String::new(),
        reasons: Vec::new(),
        notes: Vec::new(),
        help: Some("run `forklint rules` for the list".to_string()),
        fixes: Vec::new(),
    }
}
