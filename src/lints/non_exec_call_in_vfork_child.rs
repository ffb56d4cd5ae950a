//! FL201: any call but `_exit` and exec in a vfork child (strict, off by default).

use crate::callgraph::Reached;
use crate::diagnostic::Diagnostic;
use crate::knowledge::{ContextKind, Role};
use crate::lints::{LintCtx, declare_rule};
use crate::program::Target;

declare_rule! {
    /// ## What it does
    /// Checks for calls other than `_exit()` and the exec family in the child of
    /// `vfork()`, as POSIX strictly requires and as Clang's `unix.Vfork` checker
    /// does. Off by default; enable it with `--extend-select FL201`.
    ///
    /// ## Why is this bad?
    /// The vfork child borrows the parent's memory and stack until it execs or
    /// exits. POSIX leaves the behaviour undefined if it calls any other function,
    /// modifies any data but the pid, or returns.
    ///
    /// ## Example
    /// ```c
    /// if (vfork() == 0) {
    ///     close(fd);
    ///     execv(path, argv);
    ///     _exit(127);
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// fcntl(fd, F_SETFD, FD_CLOEXEC);  /* before vfork() */
    /// if (vfork() == 0) {
    ///     execv(path, argv);
    ///     _exit(127);
    /// }
    /// ```
    ///
    /// ## References
    /// - vfork(2); POSIX.1-2001 vfork (removed in POSIX.1-2008)
    pub NON_EXEC_CALL_IN_VFORK_CHILD: "FL201", "non-exec-call-in-vfork-child",
        severity = Error, enabled = false, fix = None,
}

fn non_exec_diagnostic(ctx: &LintCtx, reached: &Reached, name: &str) -> Diagnostic {
    Diagnostic {
        code: NON_EXEC_CALL_IN_VFORK_CHILD.code,
        rule: NON_EXEC_CALL_IN_VFORK_CHILD.name,
        severity: NON_EXEC_CALL_IN_VFORK_CHILD.severity,
        message: format!(
            "`{name}` is called in the child of `vfork()`, where only `_exit` and exec are allowed"
        ),
        span: reached.span,
        label: "called in the vfork child".to_string(),
        callee: Some(name.to_string()),
        context: Some(ctx.context_info.clone()),
        chain: reached.chain.clone(),
        function: ctx.function_name(reached),
        reasons: Vec::new(),
        notes: vec![
            "the vfork child shares the parent's memory and stack until it execs or exits"
                .to_string(),
        ],
        help: Some("do this work before `vfork()`, or use `posix_spawn()`".to_string()),
        fixes: Vec::new(),
    }
}

/// FL201
pub(crate) fn check(ctx: &mut LintCtx, reached: &Reached) {
    if ctx.context.kind != ContextKind::VforkChild || !reached.direct {
        return;
    }
    if reached.target == Target::Nothing {
        return;
    }
    let name = crate::contexts::callee_name(reached.call);
    if let Target::External(external) = &reached.target {
        let allowed = match ctx.analysis.knowledge.role(external) {
            Some(Role::Exec) => true,
            // `_exit` and `_Exit`: they end the child without running anything.
            Some(Role::NoReturn) => ctx
                .verdict(external)
                .is_some_and(|v| v.safety == crate::knowledge::Safety::Safe),
            _ => false,
        };
        if allowed {
            return;
        }
    }
    let diagnostic = non_exec_diagnostic(ctx, reached, &name);
    ctx.report(&NON_EXEC_CALL_IN_VFORK_CHILD, diagnostic);
}
