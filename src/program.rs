//! The whole program: every file's IR linked together, and call resolution.
//!
//! Resolution follows C's and C++'s rules as far as a build-less reader can:
//! a `static` function is found in its own file first; otherwise a definition in
//! the same file, then the same directory, then anywhere in the tree; then a
//! function-like macro of that name; otherwise the call is external and the
//! knowledge base judges it. A library function that the tree also defines (a
//! Windows compatibility `fork()`, a `#ifndef HAVE_LOCALTIME_R` fallback, a
//! `#define pthread_mutex_lock(m) my_lock(m)` wrapper) resolves to the library,
//! unless a `static` definition in the calling file shadows it. Method calls resolve by the receiver's declared type
//! when the front end saw it, otherwise by name among the tree's methods.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::ir::{Call, CallKind, Callee, Effect, FileIr, Function, Macro, StmtKind};
use crate::source::FileId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FnId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MacroId(pub u32);

/// What a call may reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Functions defined in the tree (several when the name is ambiguous).
    Defined(Vec<FnId>),
    /// A function-like macro defined in the tree.
    Macro(MacroId),
    /// Not defined in the tree: the knowledge base decides, by this name.
    External(String),
    /// A value returned by the external function `name` is dropped: judged by
    /// what that function allocates, never followed.
    Drop(String),
    /// Nothing to follow and nothing to judge (an indirect call, or the
    /// constructor of a type with no constructor in the tree).
    Nothing,
}

pub struct Program {
    pub files: Vec<FileIr>,
    file_dirs: Vec<PathBuf>,
    functions: Vec<(u32, u32)>,
    macros: Vec<(u32, u32)>,
    by_qualified: HashMap<String, Vec<FnId>>,
    methods_by_name: HashMap<String, Vec<FnId>>,
    /// Constructors (`T::T`) by the type they build (`T`).
    constructors: HashMap<String, Vec<FnId>>,
    macros_by_name: HashMap<String, Vec<MacroId>>,
    /// Names defined in the tree (as functions or macros) that are also
    /// library functions.
    library_names: std::collections::HashSet<String>,
    rust_files: Vec<bool>,
    header_files: Vec<bool>,
    /// Per file, the headers it includes, directly or through other headers
    /// of the tree (by file name).
    included: Vec<std::collections::HashSet<FileId>>,
    /// Functions by USR, and calls' USRs (precise front end only).
    /// Definitions by USR: several when programs of one tree each define
    /// the function (their calls then resolve by name, program first).
    by_usr: HashMap<String, Vec<FnId>>,
    /// A call's span → (callee name, USR): keyed by span alone so that a
    /// lookup needs no copy of the name.
    call_usrs: HashMap<crate::source::Span, Vec<(String, String)>>,
    /// Named integer constants (`#define MODE 2`, enumerators): the values
    /// of a name's definitions (several under different `#if`s), sorted.
    constants: HashMap<String, Vec<i64>>,
    /// Object-like macros whose every definition is the same other name
    /// (`#define sudo_debug_printf2 sudo_debug_printf2_v1`): a call of the
    /// macro is a call of that name.
    name_aliases: HashMap<String, String>,
    /// Macros whose body is one call, with that call's target and whether
    /// their arguments are its own (`forwarded`), computed once.
    forwards: HashMap<MacroId, (Target, bool)>,
}

/// More candidates than this for an untyped method call is a guess, not a
/// resolution.
const MAX_METHOD_CANDIDATES: usize = 3;

impl Program {
    /// Links the files' IR; `paths[i]` is the path of `FileId(i)`.
    /// `is_library` says whether a name is a known library function.
    pub fn new(files: Vec<FileIr>, paths: &[&Path], is_library: &dyn Fn(&str) -> bool) -> Program {
        let mut program = Program {
            file_dirs: paths
                .iter()
                .map(|p| p.parent().map(Path::to_path_buf).unwrap_or_default())
                .collect(),
            files,
            functions: Vec::new(),
            macros: Vec::new(),
            by_qualified: HashMap::new(),
            methods_by_name: HashMap::new(),
            constructors: HashMap::new(),
            macros_by_name: HashMap::new(),
            library_names: Default::default(),
            rust_files: paths
                .iter()
                .map(|p| p.extension().is_some_and(|e| e == "rs"))
                .collect(),
            header_files: paths
                .iter()
                .map(|p| {
                    p.extension().is_some_and(|e| {
                        matches!(e.to_str(), Some("h" | "hh" | "hpp" | "hxx" | "H"))
                    })
                })
                .collect(),
            by_usr: HashMap::new(),
            call_usrs: HashMap::new(),
            included: Vec::new(),
            constants: HashMap::new(),
            name_aliases: HashMap::new(),
            forwards: HashMap::new(),
        };
        program.included = inclusion_closure(&program.files, paths);
        for (file_idx, file) in program.files.iter_mut().enumerate() {
            for ((span, name), usr) in std::mem::take(&mut file.identities.calls) {
                program.call_usrs.entry(span).or_default().push((name, usr));
            }
            for (fn_idx, function) in file.functions.iter().enumerate() {
                let id = FnId(program.functions.len() as u32);
                program.functions.push((file_idx as u32, fn_idx as u32));
                if let Some(usr) = file.identities.functions.get(&fn_idx) {
                    program.by_usr.entry(usr.clone()).or_default().push(id);
                }
                program
                    .by_qualified
                    .entry(function.qualified.clone())
                    .or_default()
                    .push(id);
                if let Some((ty, name)) = function.qualified.rsplit_once("::")
                    && ty.rsplit("::").next() == Some(name)
                {
                    program
                        .constructors
                        .entry(ty.to_string())
                        .or_default()
                        .push(id);
                }
                if function.owner.is_some() {
                    program
                        .methods_by_name
                        .entry(function.name.clone())
                        .or_default()
                        .push(id);
                }
            }
            for (name, value) in &file.constants {
                insert_sorted(program.constants.entry(name.clone()).or_default(), *value);
            }
            for (macro_idx, definition) in file.macros.iter().enumerate() {
                let id = MacroId(program.macros.len() as u32);
                program.macros.push((file_idx as u32, macro_idx as u32));
                program
                    .macros_by_name
                    .entry(definition.name.clone())
                    .or_default()
                    .push(id);
            }
        }
        let aliases = program.resolve_constant_aliases();
        program.library_names = program
            .by_qualified
            .keys()
            .chain(program.macros_by_name.keys())
            .filter(|name| is_library(name))
            .cloned()
            .collect();
        // An alias is followed to a function the tree defines or the
        // knowledge base knows, never to a name nobody can judge; an alias
        // named like a library function is a fallback for systems that lack
        // it (`#define vsnprintf my_vsnprintf`): the library is meant.
        program.name_aliases = aliases
            .iter()
            .filter_map(|(name, target)| Some((name, target.as_ref()?)))
            .filter(|(name, target)| {
                !is_library(name)
                    && (program.by_qualified.contains_key(*target)
                        || program.macros_by_name.contains_key(*target)
                        || aliases.contains_key(*target)
                        || is_library(target))
            })
            .map(|(name, target)| (name.clone(), target.clone()))
            .collect();
        program.forwards = program
            .macro_ids()
            .filter_map(|id| Some((id, program.forwarding(id)?)))
            .collect();
        program
    }

    /// `#define IPC_STREAM IPC_UNIX_STREAM`: a macro naming a constant has
    /// its values (through chains of such macros). Returns every name such
    /// a macro gives another, `None` when its definitions disagree.
    fn resolve_constant_aliases(&mut self) -> HashMap<String, Option<String>> {
        let mut aliases: Vec<(String, String)> = Vec::new();
        let mut opaque: std::collections::HashSet<String> = Default::default();
        for file in &self.files {
            for (name, target) in &file.constant_aliases {
                match target {
                    Some(target) => aliases.push((name.clone(), target.clone())),
                    None => {
                        opaque.insert(name.clone());
                    }
                }
            }
        }
        // A name with a definition that is not a constant is not one.
        self.constants.retain(|name, _| !opaque.contains(name));
        aliases.retain(|(name, _)| !opaque.contains(name));
        // A name aliased to two different names (`#ifdef` alternatives) is
        // none of them (`None`).
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        for (name, target) in &aliases {
            let entry = names
                .entry(name.clone())
                .or_insert_with(|| Some(target.clone()));
            if entry.as_ref() != Some(target) {
                *entry = None;
            }
        }
        for _ in 0..8 {
            let mut changed = false;
            for (name, target) in &aliases {
                let Some(more) = self.constants.get(target).cloned() else {
                    continue;
                };
                let values = self.constants.entry(name.clone()).or_default();
                for value in more {
                    changed |= insert_sorted(values, value);
                }
            }
            if !changed {
                break;
            }
        }
        names
    }

    /// The values a named constant has in the tree (several definitions
    /// under different `#if`s give a range), or `None` when nothing of that
    /// name is an integer constant.
    pub fn constant(&self, name: &str) -> Option<(i64, i64)> {
        let values = self.constant_values(name)?;
        Some((*values.first()?, *values.last()?))
    }

    /// Every value a named constant has in the tree, sorted.
    pub fn constant_values(&self, name: &str) -> Option<&[i64]> {
        self.constants.get(name).map(Vec::as_slice)
    }

    /// Whether the file is a C or C++ header (`.h`, `.hh`, `.hpp`, `.hxx`, `.H`).
    fn is_header(&self, file: FileId) -> bool {
        self.header_files
            .get(file.0 as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether the file is Rust source.
    pub fn is_rust(&self, file: FileId) -> bool {
        self.rust_files
            .get(file.0 as usize)
            .copied()
            .unwrap_or(false)
    }

    pub fn function(&self, id: FnId) -> &Function {
        let (file, index) = self.functions[id.0 as usize];
        &self.files[file as usize].functions[index as usize]
    }

    pub fn macro_def(&self, id: MacroId) -> &Macro {
        let (file, index) = self.macros[id.0 as usize];
        &self.files[file as usize].macros[index as usize]
    }

    pub fn function_ids(&self) -> impl Iterator<Item = FnId> + '_ {
        (0..self.functions.len() as u32).map(FnId)
    }

    pub fn n_functions(&self) -> usize {
        self.functions.len()
    }

    pub fn macro_ids(&self) -> impl Iterator<Item = MacroId> + '_ {
        (0..self.macros.len() as u32).map(MacroId)
    }

    pub fn n_macros(&self) -> usize {
        self.macros.len()
    }

    /// Functions with this exact (qualified) name, wherever they are.
    pub fn functions_named(&self, name: &str) -> &[FnId] {
        self.by_qualified.get(name).map_or(&[], Vec::as_slice)
    }

    /// Resolves a call made in `function`: an unqualified call in a method
    /// finds the other methods of its class first (`Self::f` too, in Rust).
    pub fn resolve_in(&self, function: &Function, call: &Call) -> Target {
        if let Some(target) = self.resolve_by_usr(call) {
            return target;
        }
        if let (Some(owner), Callee::Named(name), false) =
            (&function.owner, &call.callee, call.kind == CallKind::Drop)
            && !self.identified_elsewhere(call)
        {
            let own = match name.strip_prefix("Self::") {
                Some(rest) => Some(format!("{owner}::{rest}")),
                None if !name.contains("::") => Some(format!("{owner}::{name}")),
                None => None,
            };
            if let Some(own) = own
                && let Some(found) = self.pick(function.file(), self.functions_named(&own), false)
            {
                return Target::Defined(found);
            }
        }
        self.resolve(function.file(), call)
    }

    /// A call whose callee the front end identified (libclang's USR)
    /// resolves to that function when the tree defines it, as C's rules
    /// would (a non-`static` definition of a library function still means the
    /// library). `None` leaves the call to resolution by name.
    fn resolve_by_usr(&self, call: &Call) -> Option<Target> {
        let [id] = self.by_usr.get(self.call_usr(call)?)?.as_slice() else {
            return None;
        };
        let id = *id;
        let function = self.function(id);
        if self.library_names.contains(&function.qualified) && !function.is_static {
            return None;
        }
        Some(Target::Defined(vec![id]))
    }

    /// The USR of what a call names, when a precise front end identified it.
    fn call_usr(&self, call: &Call) -> Option<&String> {
        if self.call_usrs.is_empty() {
            return None;
        }
        let key = match &call.callee {
            Callee::Named(name) | Callee::Method { name, .. } => name,
            Callee::Indirect => return None,
        };
        self.call_usrs
            .get(&call.span)?
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, usr)| usr)
    }

    /// Whether the call was identified by a precise front end and names a
    /// function the tree does not define (so no name-alike is meant).
    fn identified_elsewhere(&self, call: &Call) -> bool {
        self.call_usr(call)
            .is_some_and(|usr| !self.by_usr.contains_key(usr))
    }

    /// Resolves a call made from a function in `from`.
    pub fn resolve(&self, from: FileId, call: &Call) -> Target {
        if let Some(target) = self.resolve_by_usr(call) {
            return target;
        }
        let target = self.resolve_by_name(from, call);
        match target {
            Target::Defined(_) | Target::Macro(_) if self.identified_elsewhere(call) => {
                match &call.callee {
                    Callee::Method { name, .. } => Target::External(format!(".{name}")),
                    _ if matches!(call.kind, CallKind::Constructor | CallKind::Destructor) => {
                        Target::Nothing
                    }
                    Callee::Named(name) => Target::External(name.clone()),
                    Callee::Indirect => Target::Nothing,
                }
            }
            target => target,
        }
    }

    fn resolve_by_name(&self, from: FileId, call: &Call) -> Target {
        if call.kind == CallKind::Drop {
            let name = match &call.callee {
                Callee::Named(name) => name.clone(),
                Callee::Method { name, .. } => format!(".{name}"),
                Callee::Indirect => return Target::Nothing,
            };
            return Target::Drop(name);
        }
        match &call.callee {
            Callee::Named(name) => self.resolve_named(from, call.kind, name, 0),
            Callee::Method {
                name,
                receiver_type,
            } => {
                if let Some(ty) = receiver_type {
                    let qualified = format!("{ty}::{name}");
                    if let Some(found) = self.pick(from, self.functions_named(&qualified), false) {
                        return Target::Defined(found);
                    }
                    if ty.starts_with("std::") {
                        return Target::External(qualified);
                    }
                }
                match self.methods_by_name.get(name.as_str()) {
                    Some(candidates) if candidates.len() <= MAX_METHOD_CANDIDATES => {
                        Target::Defined(candidates.clone())
                    }
                    Some(_) => Target::Nothing,
                    None => Target::External(format!(".{name}")),
                }
            }
            Callee::Indirect => Target::Nothing,
        }
    }

    /// Resolves a call of `name`; `depth` counts the object-like macros
    /// (`#define f f_v1`) followed to get there.
    fn resolve_named(&self, from: FileId, kind: CallKind, name: &str, depth: usize) -> Target {
        let name = name.trim_start_matches("::");
        let local_only = self.library_names.contains(name);
        if let Some(found) = self.pick(from, self.functions_named(name), local_only) {
            return Target::Defined(found);
        }
        // `T(args)` in an expression builds a `T`: its constructor
        // (`T::T`) when the tree defines one.
        if let Some(constructors) = self.constructors.get(name)
            && let Some(found) = self.pick(from, constructors, false)
        {
            return Target::Defined(found);
        }
        if matches!(kind, CallKind::Constructor | CallKind::Destructor) {
            // The constructor of a type not defined in the tree: only the
            // knowledge base can say anything (`std::string`).
            if name.starts_with("std::") {
                return Target::External(name.to_string());
            }
            return Target::Nothing;
        }
        if let Some(macros) = self.macros_by_name.get(name)
            && !local_only
        {
            return Target::Macro(self.pick_macro(from, macros));
        }
        // An object-like macro naming a function: that function, when every
        // definition names the same one (`#ifdef` alternatives may not).
        if let Some(alias) = self.name_aliases.get(name)
            && depth < 4
            && !local_only
        {
            return self.resolve_named(from, kind, alias, depth + 1);
        }
        Target::External(name.to_string())
    }

    fn pick(&self, from: FileId, candidates: &[FnId], local_only: bool) -> Option<Vec<FnId>> {
        if candidates.is_empty() {
            return None;
        }
        let file_of = |id: &FnId| FileId(self.functions[id.0 as usize].0);
        let same_file: Vec<FnId> = candidates
            .iter()
            .copied()
            .filter(|id| file_of(id) == from)
            .filter(|id| !local_only || self.function(*id).is_static)
            .collect();
        if !same_file.is_empty() {
            return Some(same_file);
        }
        // A non-static definition of a library function is a fallback for
        // systems that lack it (`#ifndef HAVE_LOCALTIME_R`) or another
        // platform's emulation (a Windows `fork()`): the library is meant.
        if local_only {
            return None;
        }
        // A `static` (usually `static inline`) function defined in a header
        // is visible from the files that include it.
        let visible: Vec<FnId> = candidates
            .iter()
            .copied()
            .filter(|id| {
                !self.function(*id).is_static
                    || (self.is_header(file_of(id))
                        && self
                            .included
                            .get(from.0 as usize)
                            .is_some_and(|set| set.contains(&file_of(id))))
            })
            .collect();
        if visible.is_empty() {
            return None;
        }
        let from_dir = self.file_dirs.get(from.0 as usize);
        let same_dir: Vec<FnId> = visible
            .iter()
            .copied()
            .filter(|id| self.file_dirs.get(file_of(id).0 as usize) == from_dir)
            .collect();
        if !same_dir.is_empty() {
            return Some(same_dir);
        }
        Some(visible)
    }

    /// The definitions of the macro `id` names in the file that defines it
    /// (`#ifdef` alternatives): an invocation may expand to any of them.
    /// Another file's definition of the name (another program's `dbg()`) is
    /// not one.
    pub fn macro_alternatives(&self, id: MacroId) -> &[MacroId] {
        let name = &self.macro_def(id).name;
        let Some(all) = self.macros_by_name.get(name) else {
            return &[];
        };
        // Ids are given file by file, so one file's definitions are adjacent.
        let file = self.macros[id.0 as usize].0;
        let in_file = |m: &MacroId| self.macros[m.0 as usize].0 == file;
        let start = all.iter().position(in_file).unwrap_or(0);
        let len = all[start..].iter().take_while(|m| in_file(m)).count();
        &all[start..start + len]
    }

    /// A macro whose whole body is one call (`#define xfork() fork()`,
    /// `#define debug_fork() debug_fork_v1()`) stands for that call: the
    /// call's target, resolved where the macro is defined, when every
    /// definition of the macro forwards to the same place. Anything else is
    /// returned unchanged. With it, whether the macro call's arguments are
    /// the forwarded call's own (so they can be matched to parameters).
    pub fn forwarded<'a>(&'a self, target: &'a Target) -> (&'a Target, bool) {
        match target {
            Target::Macro(id) => self
                .forwards
                .get(id)
                .map_or((target, true), |(to, own)| (to, *own)),
            _ => (target, true),
        }
    }

    /// What the macro `id` forwards to, if its every definition is one call
    /// to the same place.
    fn forwarding(&self, id: MacroId) -> Option<(Target, bool)> {
        let mut found: Option<(Target, bool)> = None;
        for &alternative in self.macro_alternatives(id) {
            let def = self.macro_def(alternative);
            let [stmt] = def.body.as_slice() else {
                return None;
            };
            let (StmtKind::Eval(effects) | StmtKind::Return { effects, .. }) = &stmt.kind else {
                return None;
            };
            let [Effect::Call(inner)] = effects.as_slice() else {
                return None;
            };
            let resolved = self.resolve(def.span.file, inner);
            if !matches!(resolved, Target::Defined(_) | Target::External(_)) {
                return None;
            }
            match &found {
                Some((previous, _)) if *previous != resolved => return None,
                Some(_) => {}
                None => found = Some((resolved, inner.args.is_empty() && def.params.is_empty())),
            }
        }
        found
    }

    /// The definition an invocation in `from` sees: its own file's, else one
    /// in a header it includes, else the first.
    fn pick_macro(&self, from: FileId, candidates: &[MacroId]) -> MacroId {
        let file_of = |id: &&MacroId| FileId(self.macros[id.0 as usize].0);
        let included = self.included.get(from.0 as usize);
        candidates
            .iter()
            .find(|id| file_of(id) == from)
            .or_else(|| {
                candidates
                    .iter()
                    .find(|id| included.is_some_and(|set| set.contains(&file_of(id))))
            })
            .copied()
            .unwrap_or(candidates[0])
    }
}

/// For each file, the files of the tree it includes, directly or through the
/// headers it includes (headers matched by file name).
fn inclusion_closure(files: &[FileIr], paths: &[&Path]) -> Vec<std::collections::HashSet<FileId>> {
    let mut by_name: HashMap<&str, Vec<FileId>> = HashMap::new();
    for (idx, path) in paths.iter().enumerate() {
        if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            by_name.entry(name).or_default().push(FileId(idx as u32));
        }
    }
    let direct: Vec<Vec<FileId>> = files
        .iter()
        .map(|file| {
            file.includes
                .iter()
                .flat_map(|name| by_name.get(name.as_str()).into_iter().flatten().copied())
                .collect()
        })
        .collect();
    (0..files.len())
        .map(|start| {
            let mut seen = std::collections::HashSet::new();
            let mut stack = direct[start].clone();
            while let Some(file) = stack.pop() {
                if seen.insert(file) {
                    stack.extend(direct[file.0 as usize].iter().copied());
                }
            }
            seen
        })
        .collect()
}

/// Adds a value to a sorted list of distinct values; whether it was new.
fn insert_sorted(values: &mut Vec<i64>, value: i64) -> bool {
    match values.binary_search(&value) {
        Ok(_) => false,
        Err(pos) => {
            values.insert(pos, value);
            true
        }
    }
}
