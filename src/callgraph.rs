//! Everything a context calls, transitively, with the path that gets there.
//!
//! Starting from a context's own calls, every call to a function defined in the
//! tree is followed breadth-first (so each function is entered once per context
//! along a shortest chain, and cycles end), and function-like macros are
//! expanded at their invocation. The result is the list of calls the region
//! makes, each with its chain; the lints judge the external ones.

use std::collections::{HashSet, VecDeque};

use crate::contexts::{Analysis, Context, Hop, HopKind, collect_calls};
use crate::ir::Call;
use crate::program::{FnId, MacroId, Target};
use crate::source::Span;

/// Macros that expand to macros deeper than this are not followed further.
const MAX_MACRO_DEPTH: usize = 8;

/// A call made in a context.
#[derive(Debug, Clone)]
pub struct Reached<'p> {
    pub call: &'p Call,
    /// Where the finding goes: the call, or the macro invocation it expands from.
    pub span: Span,
    pub target: Target,
    /// The function the call is written in.
    pub func: FnId,
    /// From the context's start to this call, the call itself last.
    pub chain: Vec<Hop>,
    /// Whether the call is written in the region itself rather than in a
    /// function the region calls.
    pub direct: bool,
}

pub fn reach<'p>(analysis: &Analysis<'p>, context: &Context<'p>) -> Vec<Reached<'p>> {
    let program = analysis.program;
    let mut reached = Vec::new();
    let mut visited: HashSet<FnId> = HashSet::new();
    let mut queue: VecDeque<(FnId, Vec<Hop>)> = VecDeque::new();
    visited.insert(context.start_function);

    let mut visit = |call: &'p Call,
                     func: FnId,
                     prefix: &[Hop],
                     direct: bool,
                     queue: &mut VecDeque<(FnId, Vec<Hop>)>,
                     reached: &mut Vec<Reached<'p>>| {
        let caller = program.function(func).qualified.clone();
        let target = analysis.resolve(func, call);
        let mut chain = prefix.to_vec();
        chain.push(Hop {
            kind: HopKind::Call,
            span: call.span,
            caller: caller.clone(),
            callee: crate::contexts::callee_name(call),
        });
        match &target {
            Target::Defined(ids) => {
                for id in ids {
                    if visited.insert(*id) {
                        queue.push_back((*id, chain.clone()));
                    }
                }
            }
            Target::Macro(id) => {
                expand_macro(analysis, *id, call.span, func, &chain, 0, &mut visited, queue, reached);
            }
            Target::External(_) | Target::Nothing => {}
        }
        reached.push(Reached {
            call,
            span: call.span,
            target,
            func,
            chain,
            direct,
        });
    };

    for region_call in &context.calls {
        visit(
            region_call.call,
            region_call.func,
            &region_call.prefix,
            true,
            &mut queue,
            &mut reached,
        );
    }
    while let Some((func, prefix)) = queue.pop_front() {
        for call in analysis.reachable_calls(func) {
            visit(call, func, &prefix, false, &mut queue, &mut reached);
        }
    }
    reached
}

/// The calls in a macro's body are made at its invocation.
#[allow(clippy::too_many_arguments)]
fn expand_macro<'p>(
    analysis: &Analysis<'p>,
    id: MacroId,
    invocation: Span,
    func: FnId,
    chain: &[Hop],
    depth: usize,
    visited: &mut HashSet<FnId>,
    queue: &mut VecDeque<(FnId, Vec<Hop>)>,
    reached: &mut Vec<Reached<'p>>,
) {
    if depth >= MAX_MACRO_DEPTH {
        return;
    }
    let program = analysis.program;
    let definition = program.macro_def(id);
    let mut calls = Vec::new();
    collect_calls(&definition.body, &mut calls);
    let mut macro_chain = chain.to_vec();
    if let Some(last) = macro_chain.last_mut() {
        last.kind = HopKind::Macro;
    }
    for call in calls {
        let target = program.resolve(definition.span.file, call);
        let mut inner_chain = macro_chain.clone();
        inner_chain.push(Hop {
            kind: HopKind::Call,
            span: invocation,
            caller: program.function(func).qualified.clone(),
            callee: crate::contexts::callee_name(call),
        });
        match &target {
            Target::Defined(ids) => {
                for fn_id in ids {
                    if visited.insert(*fn_id) {
                        queue.push_back((*fn_id, inner_chain.clone()));
                    }
                }
            }
            Target::Macro(inner) if *inner != id => {
                expand_macro(
                    analysis,
                    *inner,
                    invocation,
                    func,
                    &inner_chain,
                    depth + 1,
                    visited,
                    queue,
                    reached,
                );
            }
            _ => {}
        }
        reached.push(Reached {
            call,
            span: invocation,
            target,
            func,
            chain: inner_chain,
            direct: false,
        });
    }
}
