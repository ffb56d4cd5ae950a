//! FL003: a fork whose child never execs (a daemon or worker child).

use crate::diagnostic::Diagnostic;
use crate::lints::{LintCtx, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks for forks whose child never calls `exec`: daemon-style forks, where
    /// the parent exits and the child goes on as the program, and worker children
    /// that do their work and `_exit`. Each such fork is reported once, at the
    /// fork, instead of once for every call the long-lived child makes.
    ///
    /// ## Why is this bad?
    /// It is fine when the process has a single thread at the time of the fork.
    /// If other threads exist, every lock they hold (malloc's, stdio's, syslog's,
    /// your own mutexes) stays locked in the child forever, and the child will
    /// eventually hang on one of them.
    ///
    /// ## Example
    /// ```c
    /// start_logging_thread();
    /// if (fork() != 0) exit(0);
    /// run_server();
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// if (fork() != 0) exit(0);
    /// start_logging_thread();
    /// run_server();
    /// ```
    ///
    /// ## Known problems
    /// forklint does not know whether threads exist at the time of the fork;
    /// turn the rule off (`--ignore FL003`) for programs that fork only while
    /// single-threaded.
    pub FORK_WITHOUT_EXEC: "FL003", "fork-without-exec",
        severity = Warning, enabled = true, fix = None,
}

fn fork_without_exec_diagnostic(ctx: &LintCtx) -> Diagnostic {
    let callee = &ctx.context.start_callee;
    let function = ctx
        .analysis
        .program
        .function(ctx.context.start_function)
        .qualified
        .clone();
    let mut notes = vec![
        "this is safe only if no other thread exists when the fork runs: a lock another thread holds (malloc, stdio, syslog, your own mutexes) stays locked in the child forever".to_string(),
    ];
    if let Some(call) = ctx.context.unread {
        let (line, _) = ctx.sources.get(call.span.file).line_col(call.span.start);
        notes.push(format!(
            "the child calls `{}` through a function pointer at line {line}, which forklint cannot follow: if it execs, this is an exec child and the calls before the exec are not checked",
            crate::contexts::callee_name(call)
        ));
    }
    Diagnostic {
        code: FORK_WITHOUT_EXEC.code,
        rule: FORK_WITHOUT_EXEC.name,
        severity: FORK_WITHOUT_EXEC.severity,
        message: format!(
            "the child of `{callee}()` never calls exec: it runs on as a long-lived process"
        ),
        span: ctx.context.start,
        label: "the child of this fork continues without exec".to_string(),
        callee: Some(callee.clone()),
        context: Some(ctx.context_info.clone()),
        chain: vec![crate::contexts::Hop {
            kind: crate::contexts::HopKind::Call,
            span: ctx.context.start,
            caller: function.clone(),
            callee: callee.clone(),
        }],
        function,
        reasons: Vec::new(),
        notes,
        help: Some(
            "fork before creating any thread, or exec a fresh program in the child".to_string(),
        ),
        fixes: Vec::new(),
    }
}

/// FL003
pub(crate) fn check(ctx: &mut LintCtx) {
    let diagnostic = fork_without_exec_diagnostic(ctx);
    ctx.report(&FORK_WITHOUT_EXEC, diagnostic);
}
