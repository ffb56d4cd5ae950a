//! `forklint check --show-contexts`: every restricted region forklint found,
//! how it classified it and why, and every fork-like call it found no child
//! for. Plain data; `render::contexts` formats it.

use serde::Serialize;

use super::{Analysis, callee_name};
use crate::knowledge::ContextKind;
use crate::source::Span;

/// One fork, vfork, clone, atfork or `pre_exec` site.
#[derive(Debug, Clone, Serialize)]
pub struct ContextEntry {
    /// `fork-child`, `vfork-child`, `atfork-child`, …
    pub kind: &'static str,
    #[serde(skip)]
    pub span: Span,
    /// The call that starts the region (`fork`, a wrapper, `pthread_atfork`).
    pub callee: String,
    /// The function the call is written in.
    pub function: String,
    pub class: Class,
    /// The call that makes the child an exec child (a hazard in it is
    /// reported per call), when there is one.
    #[serde(skip)]
    pub exec_via: Option<(Span, String)>,
    /// For a daemon: a call through a function pointer in the child, which
    /// may exec where forklint cannot see.
    #[serde(skip)]
    pub unread: Option<(Span, String)>,
    /// The functions a wrapper's child returns into.
    pub returns_into: Vec<String>,
    /// How many calls the region makes directly.
    pub calls: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// A path of the child reaches an exec: per-call findings.
    Exec,
    /// No path of the child reaches an exec: a daemon or worker (FL003).
    NoExec,
    /// A handler or closure registered to run in a child (atfork, clone,
    /// `pre_exec`): per-call findings.
    Handler,
    /// A fork-like call no path of its function reaches (after a call that
    /// does not return, or in code the flow cannot enter): no child analysed.
    Unreached,
}

impl Analysis<'_> {
    /// Every region, and every fork-like call that starts none, by position.
    pub fn listing(&self) -> Vec<ContextEntry> {
        let mut entries: Vec<ContextEntry> = self
            .contexts
            .iter()
            .map(|context| {
                let fork_like = matches!(
                    context.kind,
                    ContextKind::ForkChild | ContextKind::RawForkChild | ContextKind::VforkChild
                );
                ContextEntry {
                    kind: context.kind.as_str(),
                    span: context.start,
                    callee: context.start_callee.clone(),
                    function: self
                        .program
                        .function(context.start_function)
                        .qualified
                        .clone(),
                    class: if context.daemon {
                        Class::NoExec
                    } else if fork_like {
                        Class::Exec
                    } else {
                        Class::Handler
                    },
                    exec_via: context.exec_via.map(|call| (call.span, callee_name(call))),
                    unread: context.unread.map(|call| (call.span, callee_name(call))),
                    returns_into: context.returns_into.clone(),
                    calls: context.calls.len(),
                }
            })
            .collect();
        let started: std::collections::HashSet<Span> = entries.iter().map(|e| e.span).collect();
        for id in self.program.function_ids() {
            for (call, target) in &self.calls[id.0 as usize] {
                let Some(kind) = self.fork_kind(target) else {
                    continue;
                };
                if started.contains(&call.span) {
                    continue;
                }
                entries.push(ContextEntry {
                    kind: kind.as_str(),
                    span: call.span,
                    callee: callee_name(call),
                    function: self.program.function(id).qualified.clone(),
                    class: Class::Unreached,
                    exec_via: None,
                    unread: None,
                    returns_into: Vec::new(),
                    calls: 0,
                });
            }
        }
        entries.sort_by_key(|entry| entry.span);
        entries
    }
}
