//! FL002: a call in a fork child that forklint cannot judge.

use crate::callgraph::Reached;
use crate::diagnostic::Diagnostic;
use crate::lints::{LintCtx, chain_summary, context_phrase, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks for calls, in code that runs in a fork child before exec, to
    /// functions that are neither defined in the analysed files nor described by
    /// the knowledge base, so their safety cannot be verified.
    ///
    /// ## Why is this bad?
    /// A function from a third-party library may take locks or allocate; if it
    /// does, the child can hang exactly as with a known-unsafe libc call. This is
    /// reported at a lower severity than a known-unsafe call so that teams can
    /// choose how strict to be.
    ///
    /// ## Example
    /// ```c
    /// if (fork() == 0) {
    ///     third_party_reset();
    ///     execv(path, argv);
    ///     _exit(127);
    /// }
    /// ```
    ///
    /// Use instead: analyse the library's sources together with yours, or
    /// describe the function in a rules file passed with `--rules`:
    /// ```toml
    /// [[entry]]
    /// name = "third_party_reset"
    /// verdict = "safe"
    /// why = []
    /// cite = "reviewed in-house: only calls close(2)"
    /// ```
    ///
    /// ## Known problems
    /// Calls to methods whose receiver type is unknown are not reported, nor, in
    /// Rust, calls into `std`, `core` and `alloc` that the knowledge base does not
    /// describe, nor associated functions of types (`Path::new`).
    pub UNVERIFIED_CALL_IN_FORK_CHILD: "FL002", "unverified-call-in-fork-child",
        severity = Warning, enabled = true, fix = None,
}

/// `std::…`, `core::…`, `alloc::…` and associated functions of types
/// (`Path::new`): the knowledge base describes the hazardous ones; the rest of
/// the standard library is plain computation.
fn is_rust_std_or_type_path(name: &str) -> bool {
    let first = name.split("::").next().unwrap_or(name);
    matches!(first, "std" | "core" | "alloc") || first.starts_with(char::is_uppercase)
}

fn unverified_diagnostic(ctx: &LintCtx, reached: &Reached, name: &str) -> Diagnostic {
    let phrase = context_phrase(ctx.context.kind, &ctx.context.start_callee);
    let mut notes = vec![format!(
        "`{name}` is not defined in the analysed files and the knowledge base has no entry for it"
    )];
    if let Some(chain) = chain_summary(reached) {
        notes.push(chain);
    }
    Diagnostic {
        code: UNVERIFIED_CALL_IN_FORK_CHILD.code,
        rule: UNVERIFIED_CALL_IN_FORK_CHILD.name,
        severity: UNVERIFIED_CALL_IN_FORK_CHILD.severity,
        message: format!("cannot verify that `{name}` is async-signal-safe; it runs in {phrase}"),
        span: reached.span,
        label: "called in the child process".to_string(),
        callee: Some(name.to_string()),
        context: Some(ctx.context_info.clone()),
        chain: reached.chain.clone(),
        function: ctx.function_name(reached),
        reasons: Vec::new(),
        notes,
        help: Some(format!(
            "analyse the file that defines `{name}` too, or describe it in a rules file (`--rules FILE`)"
        )),
        fixes: Vec::new(),
    }
}

/// FL002
pub(crate) fn check(ctx: &mut LintCtx, reached: &Reached, name: &str) {
    // A method on a receiver whose type is unknown cannot be looked up; saying
    // so for every `.len()` would drown the findings that matter.
    if name.starts_with('.') {
        return;
    }
    let file = ctx.analysis.program.function(reached.func).file();
    if ctx.analysis.program.is_rust(file) && is_rust_std_or_type_path(name) {
        return;
    }
    let diagnostic = unverified_diagnostic(ctx, reached, name);
    ctx.report(&UNVERIFIED_CALL_IN_FORK_CHILD, diagnostic);
}
