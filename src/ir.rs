//! The language-neutral model that every front end produces and every later
//! pass consumes.
//!
//! A function body is a small structured statement tree: evaluations (ordered
//! calls and assignments), branches on conditions, switches, loops, returns and
//! gotos. It keeps exactly what the analysis needs to follow a fork's return
//! value through variables, fields and out-parameters, and to know which calls
//! are made on which path. It deliberately keeps no types, no expressions beyond
//! comparisons with constants, and no parser nodes.

use crate::source::{FileId, Span};

/// Everything one source file contributes to the program.
#[derive(Debug, Default)]
pub struct FileIr {
    pub functions: Vec<Function>,
    pub macros: Vec<Macro>,
    /// Parse problems that did not stop the analysis of the file.
    pub issues: Vec<ParseIssue>,
    /// Rust: modules the file declares (`mod name;`) under a `cfg` that cannot
    /// hold where `fork()` exists; their files are not analysed.
    pub disabled_modules: Vec<String>,
    /// What a precise front end (libclang) knows of the identity of functions
    /// and of what calls name; empty for the others.
    pub identities: Identities,
    /// Functions this file declares or defines as not returning
    /// (`__attribute__((noreturn))`, `[[noreturn]]`, `_Noreturn`, a macro
    /// that expands to one), whether or not the tree defines them.
    pub noreturn: Vec<String>,
    /// Named integer constants the file defines (`#define MODE 2`,
    /// enumerators), for `Program::constant`.
    pub constants: Vec<(String, i64)>,
    /// The other object-like macros: the name their body is (`#define A B`),
    /// or `None` (not a constant).
    pub constant_aliases: Vec<(String, Option<String>)>,
    /// The file names this file `#include`s (the last path component).
    pub includes: Vec<String>,
}

/// Identities by USR (libclang's unified symbol resolution): C++ overloads
/// and methods are distinct, and one function seen from several translation
/// units is one.
#[derive(Debug, Default)]
pub struct Identities {
    /// Index in `FileIr::functions` → that function's USR.
    pub functions: std::collections::HashMap<usize, String>,
    /// A call's span and callee name (`Callee::Named`'s, or the method's
    /// name) → the USR of the function it calls.
    pub calls: std::collections::HashMap<(Span, String), String>,
}

#[derive(Debug, Clone)]
pub struct ParseIssue {
    pub span: Span,
    pub message: String,
}

#[derive(Debug)]
pub struct Function {
    /// Unqualified name: `open_bpipe`, `run`, `~Logger`.
    pub name: String,
    /// Qualified name when the function is a method: `Worker::run`.
    pub qualified: String,
    /// Class or impl type the function belongs to, if any.
    pub owner: Option<String>,
    /// File-local linkage (`static` in C): resolved within its own file first.
    pub is_static: bool,
    /// The function's name in its definition.
    pub span: Span,
    pub params: Vec<String>,
    pub body: Block,
}

/// A function-like macro defined in the tree, reduced to what it calls.
#[derive(Debug)]
pub struct Macro {
    pub name: String,
    pub span: Span,
    /// The parameters of a function-like macro (`__VA_ARGS__` is not one).
    pub params: Vec<String>,
    pub body: Block,
}

pub type Block = Vec<Stmt>;

/// Appends a call to a statement's effects; its result as a value.
pub fn push_call(
    effects: &mut Vec<Effect>,
    callee: Callee,
    kind: CallKind,
    span: Span,
    args: Vec<Value>,
) -> Value {
    effects.push(Effect::Call(Call {
        callee,
        kind,
        span,
        args,
    }));
    Value::CallResult(effects.len() - 1)
}

/// Appends an `Eval` of `effects` to `out`, unless there are none (shared by
/// the front ends).
pub fn push_eval(out: &mut Block, effects: Vec<Effect>, span: Span) {
    if !effects.is_empty() {
        out.push(Stmt {
            kind: StmtKind::Eval(effects),
            span,
        });
    }
}

/// Appends `if (cond) then_block else else_block` after `effects`.
pub fn push_if(
    out: &mut Block,
    effects: Vec<Effect>,
    cond: Cond,
    [then_block, else_block]: [Block; 2],
    span: Span,
) {
    out.push(Stmt {
        kind: StmtKind::If {
            effects,
            cond,
            then_block,
            else_block,
        },
        span,
    });
}

#[derive(Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug)]
pub enum StmtKind {
    /// Evaluate effects in order.
    Eval(Vec<Effect>),
    /// `effects` are evaluated, then `cond` picks the branch.
    If {
        effects: Vec<Effect>,
        cond: Cond,
        then_block: Block,
        else_block: Block,
    },
    /// A multi-way branch on `scrutinee`. With `fallthrough` (C), a case body
    /// continues into the next one unless it breaks.
    Switch {
        effects: Vec<Effect>,
        scrutinee: Value,
        cases: Vec<Case>,
        fallthrough: bool,
    },
    /// A loop. `cond` is tested before each iteration (after the first one for
    /// `do … while`). `effects` are evaluated with the test.
    Loop {
        effects: Vec<Effect>,
        cond: Cond,
        body: Block,
        test_first: bool,
    },
    Return {
        effects: Vec<Effect>,
        value: Option<Value>,
    },
    Break,
    Continue,
    Goto(String),
    Label(String),
    Block(Block),
}

impl StmtKind {
    /// The effects the statement evaluates itself (not those of its blocks).
    pub fn effects(&self) -> &[Effect] {
        match self {
            StmtKind::Eval(effects)
            | StmtKind::If { effects, .. }
            | StmtKind::Switch { effects, .. }
            | StmtKind::Loop { effects, .. }
            | StmtKind::Return { effects, .. } => effects,
            _ => &[],
        }
    }

    /// The blocks nested in the statement, in source order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        let (own, cases): ([Option<&Block>; 2], &[Case]) = match self {
            StmtKind::If {
                then_block,
                else_block,
                ..
            } => ([Some(then_block), Some(else_block)], &[]),
            StmtKind::Switch { cases, .. } => ([None, None], cases),
            StmtKind::Loop { body, .. } | StmtKind::Block(body) => ([Some(body), None], &[]),
            _ => ([None, None], &[]),
        };
        own.into_iter()
            .flatten()
            .chain(cases.iter().map(|case| &case.body))
    }
}

/// The statement of `block`, at any depth, whose own effects make `call`.
pub fn stmt_making<'a>(block: &'a Block, call: &Call) -> Option<&'a Stmt> {
    block.iter().find_map(|stmt| {
        let here = stmt
            .kind
            .effects()
            .iter()
            .any(|e| matches!(e, Effect::Call(c) if std::ptr::eq(c, call)));
        if here {
            return Some(stmt);
        }
        stmt.kind
            .blocks()
            .find_map(|inner| stmt_making(inner, call))
    })
}

#[derive(Debug)]
pub struct Case {
    pub labels: Vec<CaseLabel>,
    pub body: Block,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CaseLabel {
    Int(i64),
    Default,
    /// A pattern that selects the given fork outcomes (Rust `ForkResult::Child`).
    Outcomes(Outcomes),
    /// A binding with a guard (`id if id > 0`): taken when the condition,
    /// written in terms of the scrutinee, holds.
    Guard(Box<Cond>),
    /// Anything the front end could not read.
    Other,
}

#[derive(Debug)]
pub enum Effect {
    Call(Call),
    /// `target = value`. Declarations with an initialiser are assignments too.
    Assign {
        target: Place,
        value: Value,
    },
}

#[derive(Debug)]
pub struct Call {
    pub callee: Callee,
    pub kind: CallKind,
    /// Where the callee is named: the primary span of a finding.
    pub span: Span,
    pub args: Vec<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    Plain,
    Method,
    Constructor,
    Destructor,
    /// Rust: a local that owns what a call returned goes out of scope; the
    /// callee is that call.
    Drop,
    New,
    Delete,
    Throw,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Callee {
    /// A plain name, possibly qualified (`ns::f`, `std::vector`).
    Named(String),
    /// `receiver.method()`; `receiver_type` is known when the receiver is a
    /// local or parameter whose declared type the front end saw.
    Method {
        name: String,
        receiver_type: Option<String>,
    },
    /// A call through an expression the front end cannot name.
    Indirect,
}

/// A value as far as the analysis cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// The result of the `n`th effect of the same statement (always a call).
    CallResult(usize),
    Place(Place),
    AddrOf(Place),
    Int(i64),
    /// A function named as a value (callback arguments).
    FuncRef(String),
    Unknown,
}

/// An access path: `pid`, `bp->worker_pid`, `*pidp`, `self.child`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Cmp(Value, CmpOp, Value),
    /// Non-zero (C) / `true` test of a value.
    Truthy(Value),
    /// The value is one of the given fork outcomes (Rust patterns).
    Matches(Value, Outcomes),
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    /// Always true: `while (1)`, `for (;;)`, Rust `loop`.
    True,
    /// Always false: `#if 0`.
    False,
    Unknown,
}

/// The value of Rust's `Err(..)` (and of what `?` returns early): the failed
/// fork's value, so a wrapper whose child returns `Err` hands its caller's
/// `?` and `Err(_)` patterns the error outcome's value.
pub const RUST_ERR: i64 = -1;

/// A set of fork outcomes: child (returns 0), parent (returns a pid), error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Outcomes(pub u8);

impl Outcomes {
    pub const CHILD: Outcomes = Outcomes(1);
    pub const PARENT: Outcomes = Outcomes(2);
    pub const ERROR: Outcomes = Outcomes(4);
    pub const ALL: Outcomes = Outcomes(7);
    pub const NONE: Outcomes = Outcomes(0);

    pub fn contains(self, other: Outcomes) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }
    pub fn union(self, other: Outcomes) -> Outcomes {
        Outcomes(self.0 | other.0)
    }
    pub fn intersect(self, other: Outcomes) -> Outcomes {
        Outcomes(self.0 & other.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Outcomes> {
        [Self::CHILD, Self::PARENT, Self::ERROR]
            .into_iter()
            .filter(move |o| self.contains(*o))
    }
}

impl Function {
    pub fn file(&self) -> FileId {
        self.span.file
    }
}
