//! Where code stops: functions and macros that never return (declared, or
//! every path ends in such a call), and calls that do not return because of
//! their arguments (`error(EXIT_FAILURE, ...)`).

use crate::cfg::{Cfg, EXIT};
use crate::contexts::flow::{self, CallEffect, Track, Values};
use crate::contexts::{Analysis, collect_calls, top_level_calls};
use crate::ir::{Call, Outcomes, Place, Value};
use crate::knowledge::Role;
use crate::program::{FnId, MacroId, Target};

impl Analysis<'_> {
    pub(super) fn is_noreturn(&self, target: &Target) -> bool {
        match target {
            Target::External(name) => {
                matches!(self.role(target), Some(Role::NoReturn | Role::Assert))
                    || self.declared_noreturn.contains(name)
            }
            Target::Defined(ids) => ids.iter().all(|id| self.noreturn[id.0 as usize]),
            Target::Macro(id) => self
                .program
                .macro_alternatives(*id)
                .iter()
                .all(|alt| self.macro_noreturn[alt.0 as usize]),
            Target::Nothing | Target::Drop(_) => false,
        }
    }

    /// Whether this call does not return: its target never does, or it is
    /// `error(status, ...)` (or a function or macro that passes a parameter
    /// on to such a call) with a nonzero constant status.
    pub(super) fn never_returns(&self, call: &Call, target: &Target) -> bool {
        if self.is_noreturn(target) {
            return true;
        }
        if let Some(status) = self.status_param(target) {
            return status.exits_with(call.args.get(status.index));
        }
        let Target::Macro(id) = target else {
            return false;
        };
        // Every definition passes one of its parameters on as such a status
        // (`macro_statuses`), and the invocation gives it a nonzero constant.
        self.program.macro_alternatives(*id).iter().all(|alt| {
            self.macro_statuses[alt.0 as usize]
                .iter()
                .any(|status| status.exits_with(call.args.get(status.index)))
        })
    }

    /// For each macro definition, the statuses it passes on from its
    /// parameters: `#define xerr(STATUS, ...) error(STATUS, errno, ...)`
    /// makes parameter 0 a status, as `error`'s first argument is. Computed
    /// again once `noreturn_unless_zero` knows the tree's own functions.
    pub(super) fn infer_macro_statuses(&mut self) {
        let program = self.program;
        self.macro_statuses = program
            .macro_ids()
            .map(|id| {
                let definition = program.macro_def(id);
                let always = top_level_calls(&definition.body);
                let mut calls = Vec::new();
                collect_calls(&definition.body, &mut calls);
                calls
                    .iter()
                    .filter(|inner| always.contains(&inner.span))
                    .filter_map(|inner| {
                        let target = program.resolve(definition.span.file, inner);
                        let status = self.status_param(&target)?;
                        let param = match inner.args.get(status.index)? {
                            Value::Place(Place(name)) | Value::FuncRef(name) => name,
                            _ => return None,
                        };
                        let index = definition.params.iter().position(|p| p == param)?;
                        Some(Status { index, ..status })
                    })
                    .collect()
            })
            .collect();
    }

    /// The status parameter of a function that does not return unless it is
    /// zero: from the knowledge base, or inferred from the tree.
    fn status_param(&self, target: &Target) -> Option<Status> {
        match (self.role(target), target) {
            (Some(Role::NoReturnUnlessZero { status_arg }), _) => Some(Status {
                index: status_arg,
                positive_only: false,
            }),
            (_, Target::Defined(ids)) => {
                let first = self.noreturn_unless_zero[ids.first()?.0 as usize]?;
                ids.iter()
                    .all(|id| self.noreturn_unless_zero[id.0 as usize] == Some(first))
                    .then_some(Status {
                        index: first,
                        positive_only: true,
                    })
            }
            _ => None,
        }
    }

    /// Finds the functions that do not return when a parameter is positive:
    /// the flow runs with the parameter known to be at least 1, and the exit
    /// is unreachable (`if (status) exit(status);`). Whether any was found.
    pub(super) fn infer_noreturn_unless_zero(&mut self) -> bool {
        let program = self.program;
        let mut found = Vec::new();
        for id in program.function_ids() {
            let function = program.function(id);
            let calls = &self.calls[id.0 as usize];
            if self.noreturn[id.0 as usize]
                || function.params.is_empty()
                || !calls.iter().any(|(call, target)| {
                    self.never_returns(call, target) || self.status_param(target).is_some()
                })
            {
                continue;
            }
            let cfg = Cfg::build(&function.body);
            let exits_when_positive = |param: &String| {
                let positive = Track {
                    site: 0,
                    outcomes: Outcomes::CHILD,
                    values: Values([(1, i64::MAX); 3]),
                    aliases: vec![Place(param.clone())],
                    temps: 0,
                    pointers: Vec::new(),
                    pointer_values: Values::NONE,
                    results: Vec::new(),
                    params: Vec::new(),
                    started_at: (usize::MAX, 0),
                    maybe_absent: false,
                    flags: Vec::new(),
                };
                let states = flow::solve_from(
                    &cfg,
                    &flow::Env::NONE,
                    vec![positive],
                    &mut |node, effect| match Self::call_at(&cfg, node, effect) {
                        Some(call) if self.never_returns(call, &self.resolve(id, call)) => {
                            CallEffect::NoReturn
                        }
                        _ => CallEffect::Plain,
                    },
                );
                states[EXIT].is_none()
            };
            if let Some(index) = function.params.iter().position(exits_when_positive) {
                found.push((id, index));
            }
        }
        for (id, index) in &found {
            self.noreturn_unless_zero[id.0 as usize] = Some(*index);
        }
        !found.is_empty()
    }

    /// Whether the function is known not to return.
    pub fn function_is_noreturn(&self, id: FnId) -> bool {
        self.noreturn[id.0 as usize]
    }

    /// A function (or a macro definition) does not return when its exit is
    /// unreachable once calls that do not return cut the paths. Macros count:
    /// `#define die(...) do { log(...); exit(1); } while (0)` ends the path
    /// like `exit`, and a function that ends in `die()` does not return.
    pub(super) fn infer_noreturn(&mut self) {
        #[derive(Clone, Copy)]
        enum Item {
            Func(FnId),
            Macro(MacroId),
        }
        // Who calls each function and each macro definition, from functions
        // and from macro bodies (every alternative of a macro is called).
        let program = self.program;
        let mut fn_users: Vec<Vec<Item>> = vec![Vec::new(); program.n_functions()];
        let mut macro_users: Vec<Vec<Item>> = vec![Vec::new(); program.n_macros()];
        let mut seeds = Vec::new();
        let mut note = |user: Item, call: &Call, target: &Target, seeds: &mut Vec<Item>| {
            // A call already known not to return (`exit`, `error(1, ...)`)
            // makes its user a candidate now.
            if self.never_returns(call, target) {
                seeds.push(user);
            }
            match target {
                Target::Defined(ids) => {
                    ids.iter().for_each(|id| fn_users[id.0 as usize].push(user));
                }
                Target::Macro(id) => program
                    .macro_alternatives(*id)
                    .iter()
                    .for_each(|alt| macro_users[alt.0 as usize].push(user)),
                _ => {}
            }
        };
        for id in program.function_ids() {
            for (call, target) in &self.calls[id.0 as usize] {
                note(Item::Func(id), call, target, &mut seeds);
            }
        }
        for id in program.macro_ids() {
            let definition = program.macro_def(id);
            let mut calls = Vec::new();
            collect_calls(&definition.body, &mut calls);
            for call in calls {
                note(
                    Item::Macro(id),
                    call,
                    &program.resolve(definition.span.file, call),
                    &mut seeds,
                );
            }
        }
        let mut worklist = seeds;
        // Functions declared noreturn are, whatever their body says.
        for id in program.function_ids() {
            if self.declared_noreturn.contains(&program.function(id).name) {
                self.noreturn[id.0 as usize] = true;
                worklist.extend(fn_users[id.0 as usize].iter().copied());
            }
        }
        while let Some(item) = worklist.pop() {
            let (done, body) = match item {
                Item::Func(id) => (self.noreturn[id.0 as usize], &program.function(id).body),
                Item::Macro(id) => (
                    self.macro_noreturn[id.0 as usize],
                    &program.macro_def(id).body,
                ),
            };
            if done || body.is_empty() {
                continue;
            }
            let cfg = Cfg::build(body);
            let resolve = |call: &Call| match item {
                Item::Func(id) => self.resolve(id, call),
                Item::Macro(id) => program.resolve(program.macro_def(id).span.file, call),
            };
            let states = flow::solve(
                &cfg,
                &flow::Env::NONE,
                &mut |node, effect| match Self::call_at(&cfg, node, effect) {
                    Some(call) if self.never_returns(call, &resolve(call)) => CallEffect::NoReturn,
                    _ => CallEffect::Plain,
                },
            );
            if states[EXIT].is_some() {
                continue;
            }
            match item {
                Item::Func(id) => {
                    self.noreturn[id.0 as usize] = true;
                    worklist.extend(fn_users[id.0 as usize].iter().copied());
                }
                Item::Macro(id) => {
                    self.macro_noreturn[id.0 as usize] = true;
                    worklist.extend(macro_users[id.0 as usize].iter().copied());
                }
            }
        }
    }
}

/// A status argument: the call does not return when it is a nonzero constant
/// (a positive one, for functions whose behaviour was inferred with a
/// positive value).
#[derive(Clone, Copy)]
pub(super) struct Status {
    index: usize,
    positive_only: bool,
}

impl Status {
    fn exits_with(self, value: Option<&Value>) -> bool {
        match value {
            Some(Value::Int(n)) => *n > 0 || (*n != 0 && !self.positive_only),
            _ => false,
        }
    }
}
