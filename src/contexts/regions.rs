//! From the fork sites the flow found to the contexts the lints read: which
//! functions exec their caller, which sites exec, the handlers registered to
//! run in a child, and one `Context` per fork with every path of its child.

use std::collections::{HashMap, HashSet};

use super::*;

/// A chain shows at most this many returns of the child into callers (the
/// rest are elided): deeper chains cost memory for every call they lead to.
const MAX_RETURN_HOPS: usize = 12;

/// A call that registers functions to run in a child.
struct Registration<'p> {
    kind: ContextKind,
    caller: FnId,
    call: &'p Call,
    handlers: Vec<FnId>,
}

impl<'p> Analysis<'p> {
    /// A function execs its caller's process when it calls exec (or such a
    /// function) outside the child of a fork it makes itself.
    pub(super) fn infer_execs_caller(
        &mut self,
        parent_callees: &HashMap<FnId, HashSet<FnId>>,
        exec_outside_child: &HashSet<FnId>,
    ) {
        let mut worklist: Vec<FnId> = self
            .program
            .function_ids()
            .filter(|id| match parent_callees.get(id) {
                Some(_) => exec_outside_child.contains(id),
                None => self.calls[id.0 as usize]
                    .iter()
                    .any(|(_, target)| matches!(self.role(target), Some(Role::Exec))),
            })
            .collect();
        while let Some(id) = worklist.pop() {
            if self.execs_caller[id.0 as usize] {
                continue;
            }
            self.execs_caller[id.0 as usize] = true;
            for caller in &self.callers[id.0 as usize] {
                let through_parent = parent_callees
                    .get(caller)
                    .is_none_or(|callees| callees.contains(&id));
                if through_parent && !self.execs_caller[caller.0 as usize] {
                    worklist.push(*caller);
                }
            }
        }
    }

    pub(super) fn reaches_exec(&self, target: &Target) -> bool {
        match target {
            Target::External(_) => matches!(self.role(target), Some(Role::Exec)),
            Target::Defined(ids) => ids.iter().any(|id| self.execs_caller[id.0 as usize]),
            Target::Macro(id) => {
                let mut calls = Vec::new();
                collect_calls(&self.program.macro_def(*id).body, &mut calls);
                calls.iter().any(|call| {
                    let Callee::Named(name) = &call.callee else {
                        return false;
                    };
                    matches!(self.knowledge.role(name), Some(Role::Exec))
                })
            }
            Target::Nothing | Target::Drop(_) => false,
        }
    }

    /// A call through a function pointer: an expression forklint cannot
    /// name, or a parameter of the calling function (`proc(cycle, data)`).
    fn through_pointer(&self, func: FnId, call: &Call) -> bool {
        match &call.callee {
            Callee::Indirect => true,
            Callee::Named(name) => self.program.function(func).params.contains(name),
            Callee::Method { .. } => false,
        }
    }

    /// Functions registered as `pre_exec` closures: std execs as soon as they
    /// return.
    fn pre_exec_handlers(&self) -> HashSet<FnId> {
        self.registrations()
            .into_iter()
            .filter(|r| r.kind == ContextKind::PreExec)
            .flat_map(|r| r.handlers)
            .collect()
    }

    /// Every call that registers a function to run in a child
    /// (`pthread_atfork`, `clone`, `pre_exec`), with the functions it names.
    fn registrations(&self) -> Vec<Registration<'p>> {
        let mut registrations = Vec::new();
        for caller in self.program.function_ids() {
            for (call, target) in &self.calls[caller.0 as usize] {
                let (kind, arg) = match self.role(target) {
                    Some(Role::AtforkRegister { child_arg }) => {
                        (ContextKind::AtforkChild, child_arg)
                    }
                    Some(Role::Clone { fn_arg }) => (ContextKind::CloneChild, fn_arg),
                    Some(Role::PreExecRegister { fn_arg }) => (ContextKind::PreExec, fn_arg),
                    _ => continue,
                };
                let Some(Value::FuncRef(handler)) = call.args.get(arg) else {
                    continue;
                };
                let handler_call = Call {
                    callee: Callee::Named(handler.clone()),
                    kind: crate::ir::CallKind::Plain,
                    span: call.span,
                    args: Vec::new(),
                };
                let Target::Defined(handlers) = self.resolve(caller, &handler_call) else {
                    continue;
                };
                registrations.push(Registration {
                    kind,
                    caller,
                    call,
                    handlers,
                });
            }
        }
        registrations
    }

    pub(super) fn build_contexts(&mut self, sites: &[Site<'p>]) {
        let pre_exec_handlers = self.pre_exec_handlers();
        let mut has_outer: HashSet<u32> = HashSet::new();
        for site in sites {
            if let Some(via) = site.via {
                has_outer.insert(via);
            }
        }
        let mut contexts = Vec::new();
        // Each path of a child: the chain of sites from the fork outwards
        // (root first), and whether the path execs.
        let mut leaves: Vec<(Vec<usize>, bool, Option<&'p Call>)> = Vec::new();
        for (leaf_idx, leaf) in sites.iter().enumerate() {
            if has_outer.contains(&(leaf_idx as u32)) {
                continue;
            }
            let mut chain = vec![leaf_idx];
            let mut current = leaf;
            while let Some(via) = current.via {
                if chain.contains(&(via as usize)) {
                    break;
                }
                chain.push(via as usize);
                current = &sites[via as usize];
            }
            chain.reverse();
            let exec_via = chain.iter().find_map(|&idx| {
                sites[idx]
                    .region
                    .iter()
                    .find(|(_, target)| self.reaches_exec(target))
                    .map(|(call, _)| *call)
            });
            let mut execs = exec_via.is_some();
            // A child that returns from a `pre_exec` closure is exec'd by std.
            if leaf.escapes && pre_exec_handlers.contains(&leaf.func) {
                execs = true;
            }
            leaves.push((chain, execs, exec_via));
        }
        // One context per fork: the paths of its child (into every caller a
        // wrapper's child returns to) are one region, each site's calls once.
        // It is a daemon or worker fork only when no path execs; otherwise
        // the paths that do not exec are other callers' daemon forks of the
        // same wrapper, not this child.
        type Leaf<'c> = (Vec<usize>, bool, Option<&'c Call>);
        let mut by_root: std::collections::BTreeMap<usize, Vec<&Leaf<'p>>> =
            std::collections::BTreeMap::new();
        for leaf in &leaves {
            by_root.entry(leaf.0[0]).or_default().push(leaf);
        }
        for (root_idx, paths) in by_root {
            let root = &sites[root_idx];
            let execs = paths.iter().any(|(_, execs, _)| *execs);
            let exec_via = paths
                .iter()
                .filter_map(|(_, _, via)| *via)
                .min_by_key(|call| call.span);
            // A daemon child that calls through a pointer forklint cannot
            // follow, in the function that forks (`proc(cycle, data)`), may
            // exec there: FL003 and the listing say so.
            let unread = if execs {
                None
            } else {
                root.region
                    .iter()
                    .map(|(call, _)| *call)
                    .find(|call| self.through_pointer(root.func, call))
            };
            let mut added: HashSet<usize> = HashSet::new();
            let mut calls = Vec::new();
            let mut returns_into: Vec<String> = Vec::new();
            for (chain, _, _) in paths
                .into_iter()
                .filter(|(_, path_execs, _)| *path_execs == execs)
            {
                let mut prefix: Vec<Hop> = Vec::new();
                let mut inner_func = root.func;
                for (level, &site_idx) in chain.iter().enumerate() {
                    let site = &sites[site_idx];
                    if level > 0 && prefix.len() < MAX_RETURN_HOPS {
                        prefix.push(Hop {
                            kind: HopKind::ReturnTo,
                            span: site.span,
                            caller: self.program.function(site.func).qualified.clone(),
                            callee: self.program.function(inner_func).qualified.clone(),
                        });
                    }
                    inner_func = site.func;
                    if !added.insert(site_idx) {
                        continue;
                    }
                    if level > 0 {
                        let name = &self.program.function(site.func).qualified;
                        if !returns_into.contains(name) {
                            returns_into.push(name.clone());
                        }
                    }
                    calls.extend(site.region.iter().map(|(call, _)| RegionCall {
                        call,
                        func: site.func,
                        prefix: prefix.clone(),
                    }));
                }
            }
            contexts.push(Context {
                kind: root.kind,
                start: root.span,
                start_callee: root.callee.clone(),
                start_function: root.func,
                daemon: !execs,
                exec_via,
                unread,
                returns_into,
                calls,
            });
        }
        // Handlers registered with pthread_atfork, clone and pre_exec.
        for Registration {
            kind,
            caller,
            call,
            handlers: ids,
        } in self.registrations()
        {
            for id in ids {
                let hop = Hop {
                    kind: HopKind::Call,
                    span: call.span,
                    caller: self.program.function(caller).qualified.clone(),
                    callee: self.program.function(id).qualified.clone(),
                };
                // A fork inside the handler starts a context of its own;
                // its child's calls are not the handler's.
                let calls = self
                    .reachable_calls(id)
                    .iter()
                    .filter(|call| !self.child_only.contains(&(id, call.span)))
                    .map(|call| RegionCall {
                        call,
                        func: id,
                        prefix: vec![hop.clone()],
                    })
                    .collect();
                contexts.push(Context {
                    kind,
                    start: call.span,
                    start_callee: callee_name(call),
                    start_function: caller,
                    daemon: false,
                    exec_via: None,
                    unread: None,
                    returns_into: Vec::new(),
                    calls,
                });
            }
        }
        contexts.sort_by_key(|c| c.start);
        self.contexts = contexts;
    }
}
