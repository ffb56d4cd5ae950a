//! FL001: a call that is not async-signal-safe in a fork child before exec.

use crate::callgraph::Reached;
use crate::diagnostic::Diagnostic;
use crate::knowledge::Verdict;
use crate::lints::{
    CallWording, LintCtx, call_diagnostic, context_phrase, declare_rule, dropped_binding,
};

declare_rule! {
    /// ## What it does
    /// Checks for calls to functions that are not async-signal-safe in code that
    /// runs in the child of `fork()` (or `vfork()`, or in a `pthread_atfork` child
    /// handler) before the child calls `exec`, including everything the child
    /// calls through functions and macros defined in the analysed tree.
    ///
    /// ## Why is this bad?
    /// Only the thread that called `fork()` exists in the child. A lock that
    /// another thread held at that moment (syslog's, the environment's, the time
    /// zone's, a stdio stream's) is copied in its locked state and is never
    /// released, so the child blocks forever. Bacula's storage daemon hung for a
    /// week this way: the child of `open_bpipe()` called `closelog()` while another
    /// thread was logging.
    ///
    /// ## Example
    /// ```c
    /// if ((pid = fork()) == 0) {
    ///     closelog();
    ///     execvp(argv[0], argv);
    ///     exit(255);
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// if ((pid = fork()) == 0) {
    ///     execvp(argv[0], argv);
    ///     _exit(255);
    /// }
    /// ```
    /// or `posix_spawn()`, which does the fork and exec without running your code
    /// in between.
    ///
    /// ## Fix safety
    /// Some findings carry fixes from `rules/fixes.toml`, offered only for a call
    /// written in the child itself (never in a helper the parent also calls):
    /// - `exit(n)` → `_exit(n)` (unsafe: skips atexit handlers and stdio
    ///   flushing, which in the child are the parent's; output the child
    ///   buffered with stdio is lost);
    /// - `closelog();` removed (unsafe: the child no longer closes the log
    ///   itself; exec closes glibc's close-on-exec syslog socket);
    /// - Rust: `std::process::exit(n)` → `unsafe { libc::_exit(n) }` and, after a
    ///   failed libc or nix call, `io::Error::other(..)`/`io::Error::new(..)` →
    ///   `io::Error::last_os_error()` (unsafe: the error carries errno's code
    ///   instead of the message).
    ///
    /// `forklint check --fix --unsafe-fixes` applies them. The first finding of
    /// a fork+exec child also shows a `posix_spawn` rewrite of the fork built
    /// from the child's own code (display only: review it, then replace the
    /// fork by hand), or names the step that `posix_spawn` cannot express.
    ///
    /// ## References
    /// - POSIX.1-2024 XSH 2.4.3 (async-signal-safe functions); fork(2); signal-safety(7)
    /// - the glibc manual's POSIX Safety Concepts
    pub UNSAFE_CALL_IN_FORK_CHILD: "FL001", "unsafe-call-in-fork-child",
        severity = Error, enabled = true, fix = Sometimes,
}

fn unsafe_call_diagnostic(
    ctx: &LintCtx,
    reached: &Reached,
    name: &str,
    verdict: &Verdict,
) -> Diagnostic {
    let phrase = context_phrase(ctx.context.kind, &ctx.context.start_callee);
    let wording = match dropped_binding(reached) {
        Some(binding) => CallWording {
            message: format!("dropping `{binding}` frees heap memory in {phrase}"),
            label: "dropped here in the child process",
        },
        None => CallWording {
            message: format!("`{name}` is not async-signal-safe, and it runs in {phrase}"),
            label: "called in the child process",
        },
    };
    call_diagnostic(
        ctx,
        &UNSAFE_CALL_IN_FORK_CHILD,
        reached,
        name,
        verdict,
        wording,
    )
}

/// FL001
pub(crate) fn check(ctx: &mut LintCtx, reached: &Reached, name: &str, verdict: &Verdict) {
    let diagnostic = unsafe_call_diagnostic(ctx, reached, name, verdict);
    ctx.report(&UNSAFE_CALL_IN_FORK_CHILD, diagnostic);
}
