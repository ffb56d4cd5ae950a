//! Everything a context calls, transitively, with the path that gets there.
//!
//! Starting from a context's own calls, every call to a function defined in the
//! tree is followed breadth-first (so each function is entered once per context,
//! along a shortest chain, and cycles end), and function-like macros are
//! expanded at their invocation. The result is the list of calls the region
//! makes, each with its chain; the lints judge the external ones.
//!
//! Every function reached is followed, whatever unsafe calls it makes itself:
//! each hazard is reported at its own line. A function reached only through a
//! call on some path of its caller (an error branch) is reported, but its own
//! callees are not followed: error paths lead into whole subsystems (logging,
//! networking) that the child only enters when something has already gone
//! wrong.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};

use crate::contexts::{Analysis, Context, Hop, HopKind, callee_name, collect_calls};
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
    /// For a call made by a macro expansion: whether the macro's body makes it
    /// only on some paths (`if (level) d_msg(...)`).
    pub conditional_in_macro: bool,
}

/// Lists the calls of `context`.
pub fn reach<'p>(analysis: &Analysis<'p>, context: &Context<'p>) -> Vec<Reached<'p>> {
    let mut reached = Vec::new();
    // Each function is entered once, or twice when a path on which it always
    // runs is found after one on which it only sometimes does.
    let mut visited: HashMap<FnId, bool> = HashMap::new();
    let mut queue: VecDeque<(FnId, Vec<Hop>, bool)> = VecDeque::new();
    visited.insert(context.start_function, false);

    let mut region = Vec::new();
    for region_call in &context.calls {
        expand(
            analysis,
            region_call.call,
            region_call.func,
            &region_call.prefix,
            true,
            &mut region,
        );
    }
    for call in &region {
        enqueue(call, false, &mut visited, &mut queue);
    }
    reached.extend(region);

    while let Some((func, prefix, conditional)) = queue.pop_front() {
        let mut calls = Vec::new();
        for call in analysis.reachable_calls(func) {
            expand(analysis, call, func, &prefix, false, &mut calls);
        }
        let always = analysis.unconditional_calls(func);
        let is_unconditional = |r: &Reached| always.contains(&r.span) && !r.conditional_in_macro;
        if !conditional {
            for call in &calls {
                enqueue(call, !is_unconditional(call), &mut visited, &mut queue);
            }
        }
        reached.extend(calls);
    }
    reached
}

/// Queues the functions a call reaches. `conditional`: the call only happens
/// on some paths of its function; its callee is then reported but not followed
/// further (error paths lead everywhere: into the whole logging subsystem).
fn enqueue(
    call: &Reached,
    conditional: bool,
    visited: &mut HashMap<FnId, bool>,
    queue: &mut VecDeque<(FnId, Vec<Hop>, bool)>,
) {
    let Target::Defined(ids) = &call.target else {
        return;
    };
    for id in ids {
        let first_visit = !visited.contains_key(id);
        let upgrade = visited.get(id) == Some(&true) && !conditional;
        if first_visit || upgrade {
            visited.insert(*id, conditional);
            queue.push_back((*id, call.chain.clone(), conditional));
        }
    }
}

/// One call, with the calls of the macro it invokes expanded in place.
fn expand<'p>(
    analysis: &Analysis<'p>,
    call: &'p Call,
    func: FnId,
    prefix: &[Hop],
    direct: bool,
    out: &mut Vec<Reached<'p>>,
) {
    let target = analysis.resolve(func, call);
    let mut chain = prefix.to_vec();
    chain.push(Hop {
        kind: HopKind::Call,
        span: call.span,
        caller: analysis.program.function(func).qualified.clone(),
        callee: callee_name(call),
    });
    if let Target::Macro(id) = &target {
        let at = Invocation {
            span: call.span,
            func,
            direct,
            expanded: RefCell::new(HashSet::new()),
        };
        expand_macro(analysis, *id, &at, &chain, false, 0, out);
    }
    out.push(Reached {
        call,
        span: call.span,
        target,
        func,
        chain,
        direct,
        conditional_in_macro: false,
    });
}

/// Where a macro is invoked: the calls of its body are made there.
struct Invocation {
    span: Span,
    func: FnId,
    direct: bool,
    /// Macros already expanded at this invocation: each is expanded once, or
    /// macros that use each other many times would expand exponentially.
    expanded: RefCell<HashSet<MacroId>>,
}

/// The calls in a macro's body (every definition of it, for `#ifdef`
/// alternatives), made at its invocation. `conditional`: the calls happen only
/// on some paths (an alternative, or a branch of an enclosing macro).
fn expand_macro<'p>(
    analysis: &Analysis<'p>,
    id: MacroId,
    at: &Invocation,
    chain: &[Hop],
    conditional: bool,
    depth: usize,
    out: &mut Vec<Reached<'p>>,
) {
    if depth >= MAX_MACRO_DEPTH || !at.expanded.borrow_mut().insert(id) {
        return;
    }
    let program = analysis.program;
    let alternatives = program.macro_alternatives(id);
    let conditional = conditional || alternatives.len() > 1;
    let mut macro_chain = chain.to_vec();
    if let Some(last) = macro_chain.last_mut() {
        last.kind = HopKind::Macro;
    }
    for &definition_id in alternatives {
        let definition = program.macro_def(definition_id);
        let mut calls = Vec::new();
        collect_calls(&definition.body, &mut calls);
        let always = crate::contexts::top_level_calls(&definition.body);
        for call in calls {
            let target = program.resolve(definition.span.file, call);
            let mut inner_chain = macro_chain.clone();
            inner_chain.push(Hop {
                kind: HopKind::Call,
                span: at.span,
                caller: program.function(at.func).qualified.clone(),
                callee: callee_name(call),
            });
            let call_conditional = conditional || !always.contains(&call.span);
            if let Target::Macro(inner) = &target
                && !alternatives.contains(inner)
            {
                expand_macro(
                    analysis,
                    *inner,
                    at,
                    &inner_chain,
                    call_conditional,
                    depth + 1,
                    out,
                );
            }
            out.push(Reached {
                call,
                span: at.span,
                target,
                func: at.func,
                chain: inner_chain,
                direct: at.direct,
                conditional_in_macro: call_conditional,
            });
        }
    }
}
