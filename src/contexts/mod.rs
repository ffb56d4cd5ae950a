//! Finds the restricted regions of a program: code that runs in a fork or vfork
//! child before exec, `pthread_atfork` child handlers and `clone` children.
//!
//! Fork children are found by a data flow per function (`flow`) that tracks a
//! fork's return value. A function whose child returns to its caller (a fork
//! wrapper that returns the pid, or a child that simply returns) gets a summary,
//! and its call sites start tracks in their callers, so the region follows the
//! child out of the function. A fork whose child never reaches exec is a
//! daemon-style or worker fork: the child is the long-lived process, and the
//! lints treat it as one finding at the fork instead of one per call.
//!
//! This module works on the IR and the knowledge base's roles only; it never
//! judges whether a call is safe.

mod arguments;
pub mod flow;
pub mod listing;
mod noreturn;
mod regions;
mod returns;
use returns::projection;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::cfg::{Cfg, EXIT, Guard};
use crate::contexts::flow::{ANY, CallEffect, Env, State, TrackStart, Values};
use crate::ir::{Block, Call, Callee, Cond, Effect, Outcomes, Place, Stmt, StmtKind, Value};
use crate::knowledge::{ContextKind, Knowledge, Role};
use crate::program::{FnId, Program, Target};
use crate::source::Span;

/// The fork a site's child comes from, following the sites it returned through.
fn root_site(sites: &[Site<'_>], mut site: u32) -> u32 {
    let mut steps = 0;
    while let Some(via) = sites[site as usize].via {
        site = via;
        steps += 1;
        if steps > sites.len() {
            break;
        }
    }
    site
}

/// One step of a call chain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hop {
    pub kind: HopKind,
    pub span: Span,
    /// The function the step is written in.
    pub caller: String,
    /// What it calls (or, for `ReturnTo`, the function returning).
    pub callee: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HopKind {
    Call,
    /// The child returns from `callee` into `caller` at this call.
    ReturnTo,
    /// The call is made by the expansion of the macro `callee`.
    Macro,
}

/// A restricted region.
#[derive(Debug)]
pub struct Context<'p> {
    pub kind: ContextKind,
    /// Where the region starts: the fork call, or the handler's registration.
    pub start: Span,
    pub start_callee: String,
    pub start_function: FnId,
    /// A fork whose child never reaches exec (daemon or worker).
    pub daemon: bool,
    /// Why the child counts as exec'ing: the first call of its region that
    /// reaches an exec (`None` for handlers, daemons, and a `pre_exec` closure
    /// std execs after).
    pub exec_via: Option<&'p Call>,
    /// For a daemon: the first call of the child's code in the forking
    /// function through a pointer forklint cannot follow, which may exec.
    pub unread: Option<&'p Call>,
    /// The functions a wrapper's child returns into (by name, in order).
    pub returns_into: Vec<String>,
    /// The calls made directly in the region, each with the hops that lead to
    /// the function it is written in.
    pub calls: Vec<RegionCall<'p>>,
}

#[derive(Debug, Clone)]
pub struct RegionCall<'p> {
    pub call: &'p Call,
    pub func: FnId,
    pub prefix: Vec<Hop>,
}

/// The analysed program: resolved calls, inferred function properties and the
/// contexts.
pub struct Analysis<'p> {
    pub program: &'p Program,
    pub knowledge: &'p Knowledge,
    calls: Vec<Vec<(&'p Call, Target)>>,
    callers: Vec<Vec<FnId>>,
    /// The knowledge base's role of every external name the program calls.
    roles: HashMap<String, Option<Role>>,
    noreturn: Vec<bool>,
    /// Macro definitions whose expansion never completes (`die(...)` that
    /// ends in `exit`).
    macro_noreturn: Vec<bool>,
    /// Functions that do not return when a parameter is positive (an
    /// `error()` replacement that ends in `if (status) exit(status);`).
    noreturn_unless_zero: Vec<Option<usize>>,
    /// Per macro definition, the parameters it passes on as such a status.
    macro_statuses: Vec<Vec<noreturn::Status>>,
    /// Names some file declares not to return (`__attribute__((noreturn))`).
    declared_noreturn: HashSet<String>,
    execs_caller: Vec<bool>,
    reachable: Vec<OnceLock<Vec<&'p Call>>>,
    unconditional: Vec<OnceLock<HashSet<Span>>>,
    /// Calls that only a fork child of their own function makes.
    child_only: HashSet<(FnId, Span)>,
    pub contexts: Vec<Context<'p>>,
}

#[derive(Debug, Clone, PartialEq)]
struct SummaryEntry {
    site: u32,
    outcomes: Outcomes,
    /// The function returns the fork's result.
    returns_value: bool,
    /// Some path returns a constant instead (`return -1;` in the child).
    returns_constant: bool,
    /// What the child, parent and error paths return.
    values: Values,
    /// Out-parameters that receive the fork's result: parameter index and the
    /// path below it (`*` for `*pidp`, `->pid` for `bp->pid`).
    out_params: Vec<(usize, String)>,
    /// Fields of the returned value that hold the fork's result (`->pid`).
    returns_fields: Vec<String>,
    /// What the returned pointer is per outcome, when it has such fields: not
    /// null where a field was written through it, `NULL` where returned.
    pointer_values: Values,
    /// What the fixed parameters hold at the returns, per outcome: a child
    /// that returns only for `type == IPC_UDP_SOCKET` does not return to a
    /// caller passing `IPC_STREAM`.
    params: arguments::ParamRanges,
}

#[derive(Debug)]
struct Site<'p> {
    func: FnId,
    span: Span,
    kind: ContextKind,
    callee: String,
    via: Option<u32>,
    region: Vec<(&'p Call, Target)>,
    /// The child returns from the site's function.
    escapes: bool,
}

impl<'p> Analysis<'p> {
    pub fn new(program: &'p Program, knowledge: &'p Knowledge) -> Analysis<'p> {
        let calls: Vec<Vec<(&'p Call, Target)>> = program
            .function_ids()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|&id| {
                let function = program.function(id);
                let mut calls = Vec::new();
                collect_calls(&function.body, &mut calls);
                calls
                    .into_iter()
                    .map(|call| (call, program.resolve_in(function, call)))
                    .collect()
            })
            .collect();
        let mut callers = vec![Vec::new(); program.n_functions()];
        for (caller, caller_calls) in calls.iter().enumerate() {
            for (_, target) in caller_calls {
                if let (Target::Defined(ids), _) = program.forwarded(target) {
                    for id in ids {
                        callers[id.0 as usize].push(FnId(caller as u32));
                    }
                }
            }
        }
        for list in &mut callers {
            list.sort();
            list.dedup();
        }
        let mut roles: HashMap<String, Option<Role>> = HashMap::new();
        for (_, target) in calls.iter().flatten() {
            if let Target::External(name) = target
                && !roles.contains_key(name)
            {
                roles.insert(name.clone(), knowledge.role(name));
            }
        }
        let mut analysis = Analysis {
            program,
            knowledge,
            noreturn: vec![false; program.n_functions()],
            macro_noreturn: vec![false; program.n_macros()],
            noreturn_unless_zero: vec![None; program.n_functions()],
            macro_statuses: Vec::new(),
            declared_noreturn: program
                .files
                .iter()
                .flat_map(|file| file.noreturn.iter().cloned())
                .collect(),
            execs_caller: vec![false; program.n_functions()],
            reachable: (0..program.n_functions())
                .map(|_| OnceLock::new())
                .collect(),
            unconditional: (0..program.n_functions())
                .map(|_| OnceLock::new())
                .collect(),
            calls,
            callers,
            roles,
            child_only: HashSet::new(),
            contexts: Vec::new(),
        };
        analysis.infer_macro_statuses();
        analysis.infer_noreturn();
        if analysis.infer_noreturn_unless_zero() {
            analysis.infer_macro_statuses();
            analysis.infer_noreturn();
        }
        analysis.find_contexts();
        analysis
    }

    pub(super) fn role(&self, target: &Target) -> Option<Role> {
        match target {
            Target::External(name) => match self.roles.get(name) {
                Some(role) => *role,
                None => self.knowledge.role(name),
            },
            _ => None,
        }
    }

    pub fn resolve(&self, func: FnId, call: &Call) -> Target {
        self.program.resolve_in(self.program.function(func), call)
    }

    pub(super) fn call_at<'c>(cfg: &'c Cfg<'p>, node: usize, effect: usize) -> Option<&'p Call> {
        match cfg.nodes[node].effects.get(effect) {
            Some(Effect::Call(call)) => Some(call),
            _ => None,
        }
    }

    /// The calls of a function that can execute (not after a call that does
    /// not return).
    pub fn reachable_calls(&self, id: FnId) -> &[&'p Call] {
        self.reachable[id.0 as usize].get_or_init(|| {
            let body = &self.program.function(id).body;
            let cfg = Cfg::build(body);
            let mut effect_of = |node: usize, effect: usize| match Self::call_at(&cfg, node, effect)
            {
                Some(call) if self.never_returns(call, &self.resolve(id, call)) => {
                    CallEffect::NoReturn
                }
                _ => CallEffect::Plain,
            };
            let states = flow::solve(&cfg, &Env::NONE, &mut effect_of);
            let mut calls = Vec::new();
            for (node_idx, state) in states.iter().enumerate() {
                let Some(state) = state else { continue };
                let node = &cfg.nodes[node_idx];
                let mut seen = Vec::new();
                flow::transfer_observed(
                    &cfg,
                    node_idx,
                    state.clone(),
                    &mut effect_of,
                    &mut |effect_idx, _| seen.push(effect_idx),
                );
                for effect_idx in seen {
                    if let Some(Effect::Call(call)) = node.effects.get(effect_idx) {
                        calls.push(call);
                    }
                }
            }
            calls.sort_by_key(|call| call.span);
            calls.dedup_by_key(|call| (call.span, call.callee.clone()));
            calls
        })
    }

    /// The calls a function makes on every path through it (see
    /// `top_level_calls`).
    pub fn unconditional_calls(&self, id: FnId) -> &HashSet<Span> {
        self.unconditional[id.0 as usize]
            .get_or_init(|| top_level_calls(&self.program.function(id).body))
    }

    fn fork_kind(&self, target: &Target) -> Option<ContextKind> {
        match self.role(target)? {
            Role::Fork => Some(ContextKind::ForkChild),
            Role::RawFork => Some(ContextKind::RawForkChild),
            Role::Vfork => Some(ContextKind::VforkChild),
            _ => None,
        }
    }

    fn find_contexts(&mut self) {
        let mut sites: Vec<Site<'p>> = Vec::new();
        let mut site_ids: HashMap<(FnId, Span, Option<u32>), u32> = HashMap::new();
        let mut summaries: HashMap<FnId, Vec<SummaryEntry>> = HashMap::new();
        // Callees called at least once outside a child-only region, for the
        // functions the flow ran on.
        let mut parent_callees: HashMap<FnId, HashSet<FnId>> = HashMap::new();
        let mut exec_outside_child: HashSet<FnId> = HashSet::new();
        let mut child_only_calls: HashSet<(FnId, Span)> = HashSet::new();

        let mut worklist: Vec<FnId> = self
            .program
            .function_ids()
            .filter(|id| {
                self.calls[id.0 as usize]
                    .iter()
                    .any(|(_, target)| self.fork_kind(self.program.forwarded(target).0).is_some())
            })
            .collect();
        worklist.sort();
        worklist.reverse();
        let mut rounds: HashMap<FnId, usize> = HashMap::new();
        let function_returns = self.returns();
        let constant_returns = self.constant_returns(&function_returns);
        let projections = self.projections(&function_returns);
        let fields = arguments::field_values(self.program);
        let program = self.program;
        let constant = |name: &str| program.constant(name);
        while let Some(id) = worklist.pop() {
            let round = rounds.entry(id).or_default();
            *round += 1;
            if *round > 8 {
                continue;
            }
            let function = self.program.function(id);
            let cfg = Cfg::build(&function.body);
            let fixed = arguments::fixed_params(function);
            let env = Env {
                params: &fixed,
                constant: &constant,
            };
            let mut effect_of = |node: usize, effect: usize| -> CallEffect {
                let Some(call) = Self::call_at(&cfg, node, effect) else {
                    return CallEffect::Plain;
                };
                let resolved = self.resolve(id, call);
                let (target, own_args) = self.program.forwarded(&resolved);
                if let Some(kind) = self.fork_kind(target) {
                    let key = (id, call.span, None);
                    let site = *site_ids.entry(key).or_insert_with(|| {
                        sites.push(Site {
                            func: id,
                            span: call.span,
                            kind,
                            callee: match target {
                                // A macro around `fork()` is that fork.
                                Target::External(name) => name.clone(),
                                _ => callee_name(call),
                            },
                            via: None,
                            region: Vec::new(),
                            escapes: false,
                        });
                        sites.len() as u32 - 1
                    });
                    return CallEffect::Starts(vec![TrackStart {
                        site,
                        outcomes: Outcomes::ALL,
                        values: Values::FORK,
                        binds_result: true,
                        result_fields: Vec::new(),
                        binds: Vec::new(),
                        pointer_values: Values::NONE,
                    }]);
                }
                if self.never_returns(call, target) {
                    return CallEffect::NoReturn;
                }
                // An exec that returns has failed, with -1.
                if matches!(self.role(target), Some(Role::Exec)) {
                    return CallEffect::Returns((-1, -1));
                }
                let Target::Defined(ids) = target else {
                    return CallEffect::Plain;
                };
                let mut starts = Vec::new();
                for callee in ids {
                    let Some(entries) = summaries.get(callee) else {
                        continue;
                    };
                    for entry in entries {
                        // Arguments are matched to parameters by position
                        // only when they are as many (an `#if` inside the
                        // argument list can keep two).
                        let same_arity = own_args
                            && call.args.len() == self.program.function(*callee).params.len();
                        let outcomes = if same_arity {
                            arguments::possible(
                                entry.outcomes,
                                &entry.params,
                                &call.args,
                                &|value| arguments::passed(program, &fields, call, value),
                            )
                        } else {
                            entry.outcomes
                        };
                        if outcomes.is_empty() {
                            continue;
                        }
                        // One site per call and original fork, whichever way
                        // the child returned to it: keying by the inner site
                        // would make a new site for every path through a
                        // recursion (exponential in the cycle's length).
                        let key = (id, call.span, Some(root_site(&sites, entry.site)));
                        let kind = sites[entry.site as usize].kind;
                        let site = *site_ids.entry(key).or_insert_with(|| {
                            sites.push(Site {
                                func: id,
                                span: call.span,
                                kind,
                                callee: callee_name(call),
                                via: Some(entry.site),
                                region: Vec::new(),
                                escapes: false,
                            });
                            sites.len() as u32 - 1
                        });
                        // Out-parameters and fields hold the fork's own value,
                        // so the returned constants only apply without them,
                        // or where the caller keeps the status and not the
                        // pid (`ret = spawn(argv, &pid); if (ret) ...`).
                        let plain = entry.out_params.is_empty() && entry.returns_fields.is_empty();
                        let status = !entry.out_params.is_empty()
                            && entry.returns_fields.is_empty()
                            && entry.returns_constant
                            && !entry.returns_value
                            && result_kept(&cfg, node, effect);
                        let by_value = plain || status;
                        starts.push(TrackStart {
                            site,
                            outcomes,
                            values: if by_value { entry.values } else { Values::FORK },
                            binds_result: entry.returns_value
                                || (by_value && entry.returns_constant),
                            result_fields: entry.returns_fields.clone(),
                            binds: if status {
                                Vec::new()
                            } else {
                                out_param_places(call, &entry.out_params)
                            },
                            pointer_values: entry.pointer_values,
                        });
                    }
                }
                if starts.is_empty() {
                    projection(call, ids, &projections)
                } else {
                    CallEffect::Starts(starts)
                }
            };
            let states = flow::solve(&cfg, &env, &mut effect_of);

            // Collect the regions and the summary from the fixpoint.
            let mut regions: HashMap<u32, Vec<(&'p Call, Target)>> = HashMap::new();
            let mut returns: HashMap<u32, SummaryEntry> = HashMap::new();
            let mut escapes: HashSet<u32> = HashSet::new();
            let parents = parent_callees.entry(id).or_default();
            for (node_idx, state) in states.iter().enumerate() {
                let Some(state) = state else { continue };
                let node = &cfg.nodes[node_idx];
                let output = flow::transfer_observed(
                    &cfg,
                    node_idx,
                    state.clone(),
                    &mut effect_of,
                    &mut |effect_idx, tracks: &State| {
                        let Some(Effect::Call(call)) = node.effects.get(effect_idx) else {
                            return;
                        };
                        let target = self.resolve(id, call);
                        let child_only = tracks.iter().any(|t| t.outcomes == Outcomes::CHILD);
                        if child_only {
                            child_only_calls.insert((id, call.span));
                        } else {
                            if let Target::Defined(callees) = &target {
                                parents.extend(callees.iter().copied());
                            }
                            if matches!(self.role(&target), Some(Role::Exec)) {
                                exec_outside_child.insert(id);
                            }
                        }
                        for (idx, track) in tracks.iter().enumerate() {
                            // A call surely in another fork's child belongs to
                            // that fork's region (its exec is not this
                            // child's): when this track may not be in its
                            // child here, or the other fork started later on
                            // the path (a grandchild).
                            let in_grandchild =
                                tracks.iter().enumerate().any(|(other_idx, other)| {
                                    other_idx != idx
                                        && other.started_at != track.started_at
                                        && !other.maybe_absent
                                        && other.outcomes == Outcomes::CHILD
                                        && other_idx > idx
                                });
                            if track.outcomes.contains(Outcomes::CHILD) && !in_grandchild {
                                regions
                                    .entry(track.site)
                                    .or_default()
                                    .push((call, target.clone()));
                            }
                        }
                    },
                );
                let Some(output) = output else { continue };
                // A `return`, or the end of the body (falling off it returns
                // no value).
                let returns_value = match node.returns {
                    Some(value) => value,
                    None if node.succs.iter().any(|edge| edge.to == EXIT) => None,
                    None => continue,
                };
                for track in &output {
                    let entry = returns.entry(track.site).or_insert_with(|| SummaryEntry {
                        site: track.site,
                        outcomes: Outcomes::NONE,
                        returns_value: false,
                        returns_constant: false,
                        values: Values::NONE,
                        out_params: Vec::new(),
                        returns_fields: Vec::new(),
                        pointer_values: Values::NONE,
                        params: Vec::new(),
                    });
                    arguments::record(&mut entry.params, function, &env, track);
                    entry.outcomes = entry.outcomes.union(track.outcomes);
                    if track.outcomes.contains(Outcomes::CHILD) {
                        escapes.insert(track.site);
                    }
                    let refers = returns_value.is_some_and(|value| flow::refers_to(track, value));
                    entry.returns_value |= refers;
                    let fields =
                        returns_value.map_or_else(Vec::new, |v| flow::fields_holding(track, v));
                    for field in &fields {
                        if !entry.returns_fields.contains(field) {
                            entry.returns_fields.push(field.clone());
                        }
                    }
                    for outcome in track.outcomes.iter() {
                        let range = match returns_value {
                            Some(_) if refers => track.values.get(outcome),
                            // A flag the child's path set (`return status;`),
                            // a constant or a call's constant result.
                            Some(value) => flow::flag_range(track, value, outcome)
                                .or_else(|| {
                                    self.value_range(id, node.effects, value, &constant_returns)
                                })
                                .unwrap_or(ANY),
                            None => ANY,
                        };
                        entry.values.widen(outcome, range);
                        entry.returns_constant |= !refers && range != ANY;
                        // A pointer the fork's result was written through is
                        // not null.
                        let pointer = if fields.is_empty() {
                            range
                        } else {
                            (1, i64::MAX)
                        };
                        entry.pointer_values.widen(outcome, pointer);
                    }
                    for alias in &track.aliases {
                        if let Some(out) = out_param(&function.params, alias)
                            && !entry.out_params.contains(&out)
                        {
                            entry.out_params.push(out);
                        }
                    }
                }
            }
            for (idx, site) in sites.iter_mut().enumerate().filter(|(_, s)| s.func == id) {
                site.region.clear();
                site.escapes = escapes.contains(&(idx as u32));
            }
            for (site, mut region) in regions {
                region.sort_by_key(|(call, _)| call.span);
                region.dedup_by_key(|(call, _)| (call.span, call.callee.clone()));
                sites[site as usize].region = region;
            }
            let mut summary: Vec<SummaryEntry> = returns
                .into_values()
                .filter(|entry| escapes.contains(&entry.site))
                .collect();
            summary.sort_by_key(|entry| entry.site);
            if summaries
                .get(&id)
                .map_or(!summary.is_empty(), |old| *old != summary)
            {
                summaries.insert(id, summary);
                worklist.extend(self.callers[id.0 as usize].iter().copied());
            }
        }

        self.child_only = child_only_calls;
        self.infer_execs_caller(&parent_callees, &exec_outside_child);
        self.build_contexts(&sites);
    }
}

/// The name a call is written with, for messages.
pub fn callee_name(call: &Call) -> String {
    match &call.callee {
        Callee::Named(name) => name.clone(),
        Callee::Method {
            name,
            receiver_type: Some(ty),
        } => format!("{ty}::{name}"),
        Callee::Method {
            name,
            receiver_type: None,
        } => format!(".{name}"),
        Callee::Indirect => "(indirect call)".to_string(),
    }
}

/// Every call in a block, in source order.
pub fn collect_calls<'p>(block: &'p Block, out: &mut Vec<&'p Call>) {
    for stmt in block {
        out.extend(
            stmt.kind
                .effects()
                .iter()
                .filter_map(|effect| match effect {
                    Effect::Call(call) => Some(call),
                    Effect::Assign { .. } => None,
                }),
        );
        for inner in stmt.kind.blocks() {
            collect_calls(inner, out);
        }
    }
}

/// The calls a body makes on every path through it: those at its top level
/// (and in the conditions of its top-level branches), up to the first
/// statement that may leave it.
pub fn top_level_calls(body: &[Stmt]) -> HashSet<Span> {
    let mut spans = HashSet::new();
    let add = |effects: &[Effect], spans: &mut HashSet<Span>| {
        for effect in effects {
            if let Effect::Call(call) = effect {
                spans.insert(call.span);
            }
        }
    };
    for stmt in body {
        match &stmt.kind {
            StmtKind::Eval(effects) => add(effects, &mut spans),
            StmtKind::Return { effects, .. } => {
                add(effects, &mut spans);
                break;
            }
            StmtKind::If { effects, .. }
            | StmtKind::Switch { effects, .. }
            | StmtKind::Loop { effects, .. } => {
                add(effects, &mut spans);
                if may_leave(std::slice::from_ref(stmt)) {
                    break;
                }
            }
            StmtKind::Block(inner) => {
                if may_leave(inner) {
                    break;
                }
            }
            StmtKind::Label(_) | StmtKind::Goto(_) | StmtKind::Break | StmtKind::Continue => break,
        }
    }
    spans
}

/// Whether a block contains a statement that may leave the enclosing function
/// or jump (`return`, `goto`, a label).
fn may_leave(block: &[Stmt]) -> bool {
    block.iter().any(|stmt| match &stmt.kind {
        StmtKind::Return { .. } | StmtKind::Goto(_) | StmtKind::Label(_) => true,
        StmtKind::If {
            then_block,
            else_block,
            ..
        } => may_leave(then_block) || may_leave(else_block),
        StmtKind::Switch { cases, .. } => cases.iter().any(|case| may_leave(&case.body)),
        StmtKind::Loop { body, .. } => may_leave(body),
        StmtKind::Block(inner) => may_leave(inner),
        StmtKind::Eval(_) | StmtKind::Break | StmtKind::Continue => false,
    })
}

/// `*pidp` or `bp->pid` where `pidp`/`bp` is a parameter.
/// Whether the statement keeps a call's result: assigns it (`ret = f();`) or
/// branches on it (`if (f())`).
fn result_kept(cfg: &Cfg, node: usize, effect: usize) -> bool {
    let result = Value::CallResult(effect);
    let node = &cfg.nodes[node];
    let assigned = node.effects.iter().any(|e| match e {
        Effect::Assign { value, .. } => *value == result,
        Effect::Call(_) => false,
    });
    let tested = node.succs.iter().any(|edge| match &edge.guard {
        Guard::True(cond) | Guard::False(cond) => mentions(cond, &result),
        Guard::Case { scrutinee, .. } => **scrutinee == result,
        Guard::Always => false,
    });
    assigned || tested
}

fn mentions(cond: &Cond, value: &Value) -> bool {
    match cond {
        Cond::Cmp(left, _, right) => left == value || right == value,
        Cond::Truthy(v) | Cond::Matches(v, _) => v == value,
        Cond::Not(inner) => mentions(inner, value),
        Cond::And(left, right) | Cond::Or(left, right) => {
            mentions(left, value) || mentions(right, value)
        }
        Cond::True | Cond::False | Cond::Unknown => false,
    }
}

fn out_param(params: &[String], alias: &Place) -> Option<(usize, String)> {
    let text = alias.0.as_str();
    if let Some(name) = text.strip_prefix('*') {
        return params
            .iter()
            .position(|p| p == name)
            .map(|idx| (idx, "*".to_string()));
    }
    let (base, rest) = text.split_at(text.find("->")?);
    params
        .iter()
        .position(|p| p == base)
        .map(|idx| (idx, rest.to_string()))
}

/// The caller's places that receive a fork result through out-parameters.
fn out_param_places(call: &Call, out_params: &[(usize, String)]) -> Vec<Place> {
    let mut places = Vec::new();
    for (idx, path) in out_params {
        let place = match (call.args.get(*idx), path.as_str()) {
            (Some(Value::AddrOf(place)), "*") => place.0.clone(),
            (Some(Value::AddrOf(place)), rest) => {
                format!("{}.{}", place.0, rest.trim_start_matches("->"))
            }
            (Some(Value::Place(place)), "*") => format!("*{}", place.0),
            (Some(Value::Place(place)), rest) => format!("{}{}", place.0, rest),
            (Some(Value::FuncRef(name)), "*") => format!("*{name}"),
            (Some(Value::FuncRef(name)), rest) => format!("{name}{rest}"),
            _ => continue,
        };
        places.push(Place(place));
    }
    places
}
