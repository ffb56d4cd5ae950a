//! C and C++ source to IR through tree-sitter, with no build and no compile
//! database.
//!
//! Each file is parsed with the C++ grammar first, because many `.c` files are
//! really C++ (Bacula's are); a `.c` or `.h` file that leaves syntax errors is
//! parsed again with the C grammar and the parse with fewer errors wins. Unknown
//! preprocessor conditions keep both branches (`#if 0` keeps none). Function-like
//! macros are lowered from their bodies so that the call graph knows what they
//! call. Syntax errors become `ParseIssue`s; the rest of the file is still lowered.
//!
//! This module never decides what is safe: it only records calls, assignments and
//! branch conditions.

use std::collections::HashMap;

use tree_sitter::{Language, Node, Parser, Tree};

use crate::frontend::defines::{Defines, Truth};
use crate::frontend::not_a_call::{NotACall, not_a_call};
use crate::ir::{
    Block, Call, CallKind, Callee, Case, CaseLabel, CmpOp, Cond, Effect, FileIr, Function, Macro,
    ParseIssue, Place, Stmt, StmtKind, Value, push_eval, push_if,
};
use crate::source::{FileId, Span};

mod conditional;

/// Deeper nesting than this is not lowered; the file gets a parse issue instead
/// of a stack overflow.
const MAX_DEPTH: usize = 600;

/// A `.c`/`.h` file whose C++ parse leaves at least this many errors, at least
/// one per `C_RETRY_BYTES_PER_ERROR` bytes, is parsed again as C and the better
/// parse wins. Measured on Bacula 15.0.0RC1's src/: 288 of 779 files leave some
/// error with the C++ grammar, but C does better on only 17, mostly by one or
/// two errors; re-parsing all 288 added 75% to the parse time. The files where
/// C wins big (cJSON.c: 84 errors against 8, bsnprintf.c: 25 against 10) have
/// an error every kilobyte or so; large C++ files with scattered errors (job.c,
/// stored_conf.c) do not, and C does worse on them.
const C_RETRY_ERRORS: usize = 8;
const C_RETRY_BYTES_PER_ERROR: usize = 1500;
/// Larger files are not parsed twice: on Bacula the one larger dense-error file
/// (xxhash.h, 231 KB: 304 errors as C++, 291 as C) gained nothing, and its
/// second parse was 9% of the parse time of src/lib.
const C_RETRY_MAX_BYTES: usize = 128 * 1024;

/// The parse issue of a function body whose header neither grammar read: its
/// calls are not analysed, so the file gets an error rather than silence.
pub const ORPHAN_BODY: &str =
    "a function body whose header was not understood: its calls are not analysed";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    C,
    Cpp,
}

pub fn language(grammar: Grammar) -> Language {
    match grammar {
        Grammar::C => tree_sitter_c::LANGUAGE.into(),
        Grammar::Cpp => tree_sitter_cpp::LANGUAGE.into(),
    }
}

/// Whether a file's extension says it may be plain C (so the C grammar is worth
/// a second try).
pub fn may_be_c(path: &std::path::Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("c" | "h" | "C" | "H")
    )
}

/// Parses `text` with the grammar that fits it best.
///
/// A C++ parse that leaves a function body with no function around it (a K&R
/// definition, `int f (a, b) int a; char *b; { ... }`, which C++ does not have)
/// is always worth the C grammar: every call in that body would be lost.
pub fn parse(text: &str, may_be_c: bool) -> Option<(Tree, Grammar)> {
    let cpp = parse_with(text, Grammar::Cpp)?;
    if !may_be_c || !cpp.root_node().has_error() {
        return Some((cpp, Grammar::Cpp));
    }
    let n_errors = count_errors(cpp.root_node());
    let dense = n_errors >= C_RETRY_ERRORS
        && n_errors * C_RETRY_BYTES_PER_ERROR >= text.len()
        && text.len() <= C_RETRY_MAX_BYTES;
    let cpp_orphans = orphan_bodies(cpp.root_node()).len();
    if !dense && cpp_orphans == 0 {
        return Some((cpp, Grammar::Cpp));
    }
    let Some(c) = parse_with(text, Grammar::C) else {
        return Some((cpp, Grammar::Cpp));
    };
    // Fewer errors wins; at equal errors, fewer lost bodies. Orphans alone are
    // not a measure of loss: a C++ parse can also swallow a function into a
    // wrong definition (`static ARRAY(T) x;` read as the header of a function
    // whose body is the next one), which only the error count shows.
    let c_orphans = orphan_bodies(c.root_node()).len();
    if (count_errors(c.root_node()), c_orphans) < (n_errors, cpp_orphans) {
        Some((c, Grammar::C))
    } else {
        Some((cpp, Grammar::Cpp))
    }
}

pub fn parse_with(text: &str, grammar: Grammar) -> Option<Tree> {
    thread_local! {
        static PARSERS: std::cell::RefCell<HashMap<u8, Parser>> = std::cell::RefCell::new(HashMap::new());
    }
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = parsers.entry(grammar as u8).or_insert_with(|| {
            let mut parser = Parser::new();
            // The grammars are compiled in; a failure here is an ABI mismatch that
            // `tests/grammars.rs` catches.
            let _ = parser.set_language(&language(grammar));
            parser
        });
        parser.parse(text, None)
    })
}

/// The function bodies at file scope that no function definition holds: the
/// grammar did not recognise their header. What decides between the grammars.
pub fn orphan_bodies<'t>(root: Node<'t>) -> Vec<Node<'t>> {
    file_scope_nodes(root, |node| node.kind() == "compound_statement")
}

/// Everything at file scope that can only be part of a function body whose
/// header was not recognised: a block, a statement (`return 0;`), or what the
/// C++ grammar makes of `YY_DECL { ... }` (a compound literal whose braces
/// hold a `;`, which no initializer such as `INIT(= {0});` does). Reported, so
/// that a lost body is never silent.
pub fn unreadable_bodies<'t>(root: Node<'t>, text: &str) -> Vec<Node<'t>> {
    file_scope_nodes(root, |node| match node.kind() {
        "compound_statement" | "if_statement" | "for_statement" | "while_statement"
        | "do_statement" | "switch_statement" | "return_statement" => true,
        "expression_statement" => holds_statements(text, node),
        _ => false,
    })
}

/// The nodes at file scope that `pick` picks, looking through the nodes that
/// `Lower::top_level` looks through (conditionals, `extern "C"`, namespaces).
fn file_scope_nodes<'t>(root: Node<'t>, pick: impl Fn(Node) -> bool) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                _ if pick(child) => found.push(child),
                "preproc_if"
                | "preproc_ifdef"
                | "preproc_elif"
                | "preproc_elifdef"
                | "preproc_else"
                | "linkage_specification"
                | "declaration_list"
                | "namespace_definition" => stack.push(child),
                _ if child.is_error() => stack.push(child),
                _ => {}
            }
        }
    }
    found
}

/// Whether a node's text has a `;` after its first `{`, before its last `}`.
fn holds_statements(text: &str, node: Node) -> bool {
    let Some(code) = text.get(node.byte_range()) else {
        return false;
    };
    let Some(open) = code.find('{') else {
        return false;
    };
    // The grammar may have closed the braces itself (a MISSING `}`).
    let close = code.rfind('}').filter(|&c| c > open).unwrap_or(code.len());
    code[open..close].contains(';')
}

/// Number of ERROR and MISSING nodes, counted without recursion.
pub fn count_errors(root: Node) -> usize {
    if !root.has_error() {
        return 0;
    }
    let mut count = 0;
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            count += 1;
            continue;
        }
        if node.has_error() {
            stack.extend(node.children(&mut cursor));
        }
    }
    count
}

/// Lowers one parsed file.
pub fn lower(file: FileId, text: &str, tree: &Tree, grammar: Grammar, defines: &Defines) -> FileIr {
    let mut lower = Lower {
        defines,
        f: Fields::get(grammar),
        pending_macros: Vec::new(),
        file,
        src: text,
        ir: FileIr::default(),
        depth: 0,
        scopes: Vec::new(),
        owners: Vec::new(),
        too_deep: false,
    };
    lower.top_level(tree.root_node());
    lower.lower_macros();
    lower.collect_issues(tree.root_node());
    (lower.ir.constants, lower.ir.constant_aliases) =
        super::constants::named_constants(text, tree.root_node());
    for body in unreadable_bodies(tree.root_node(), text) {
        lower.ir.issues.push(ParseIssue {
            span: lower.span(body),
            message: ORPHAN_BODY.to_string(),
        });
    }
    if lower.too_deep {
        lower.ir.issues.push(ParseIssue {
            span: Span::new(file, 0, 0),
            message: format!("nesting deeper than {MAX_DEPTH} levels was not analysed"),
        });
    }
    lower.ir
}

struct Scope {
    /// Local variable name to its declared type, for method calls.
    types: HashMap<String, String>,
    /// Destructors to run at the end of the scope, in declaration order.
    destructors: Vec<(String, Span)>,
}

/// Field ids of one grammar, looked up once (looking a field up by name
/// compares strings on every call).
#[derive(Debug)]
struct Fields {
    /// Node kind names by kind id: `Node::kind` checks the name's UTF-8 on
    /// every call, and lowering asks for every node's kind.
    kinds: Vec<&'static str>,
    alternative: Option<FieldId>,
    argument: Option<FieldId>,
    arguments: Option<FieldId>,
    body: Option<FieldId>,
    condition: Option<FieldId>,
    consequence: Option<FieldId>,
    declarator: Option<FieldId>,
    field: Option<FieldId>,
    function: Option<FieldId>,
    label: Option<FieldId>,
    left: Option<FieldId>,
    name: Option<FieldId>,
    operator: Option<FieldId>,
    parameters: Option<FieldId>,
    right: Option<FieldId>,
    type_: Option<FieldId>,
    update: Option<FieldId>,
    value: Option<FieldId>,
}

impl Fields {
    fn of(language: &Language) -> Fields {
        Fields {
            kinds: (0..language.node_kind_count())
                .map(|id| language.node_kind_for_id(id as u16).unwrap_or(""))
                .collect(),
            alternative: language.field_id_for_name("alternative"),
            argument: language.field_id_for_name("argument"),
            arguments: language.field_id_for_name("arguments"),
            body: language.field_id_for_name("body"),
            condition: language.field_id_for_name("condition"),
            consequence: language.field_id_for_name("consequence"),
            declarator: language.field_id_for_name("declarator"),
            field: language.field_id_for_name("field"),
            function: language.field_id_for_name("function"),
            label: language.field_id_for_name("label"),
            left: language.field_id_for_name("left"),
            name: language.field_id_for_name("name"),
            operator: language.field_id_for_name("operator"),
            parameters: language.field_id_for_name("parameters"),
            right: language.field_id_for_name("right"),
            type_: language.field_id_for_name("type"),
            update: language.field_id_for_name("update"),
            value: language.field_id_for_name("value"),
        }
    }

    fn get(grammar: Grammar) -> &'static Fields {
        static FIELDS: std::sync::OnceLock<[Fields; 2]> = std::sync::OnceLock::new();
        let all = FIELDS.get_or_init(|| {
            [
                Fields::of(&language(Grammar::C)),
                Fields::of(&language(Grammar::Cpp)),
            ]
        });
        &all[grammar as usize]
    }
}

type FieldId = std::num::NonZeroU16;

fn field<'t>(node: Node<'t>, id: Option<FieldId>) -> Option<Node<'t>> {
    node.child_by_field_id(id?.get())
}

/// A node or a reference to one.
trait NodeRef<'t> {
    fn node(&self) -> Node<'t>;
}

impl<'t> NodeRef<'t> for Node<'t> {
    fn node(&self) -> Node<'t> {
        *self
    }
}

impl<'t> NodeRef<'t> for &Node<'t> {
    fn node(&self) -> Node<'t> {
        **self
    }
}

struct PendingMacro {
    name: String,
    span: Span,
    params: Vec<String>,
    value_span: Span,
    body: String,
}

struct Lower<'a> {
    defines: &'a Defines,
    f: &'static Fields,
    pending_macros: Vec<PendingMacro>,
    file: FileId,
    src: &'a str,
    ir: FileIr,
    depth: usize,
    scopes: Vec<Scope>,
    owners: Vec<String>,
    too_deep: bool,
}

impl<'a> Lower<'a> {
    fn kind<'t>(&self, node: impl NodeRef<'t>) -> &'static str {
        let node = node.node();
        if node.is_error() {
            return "ERROR";
        }
        self.f
            .kinds
            .get(node.kind_id() as usize)
            .copied()
            .unwrap_or("")
    }

    fn text(&self, node: Node) -> &'a str {
        self.src.get(node.byte_range()).unwrap_or("")
    }

    fn span(&self, node: Node) -> Span {
        Span::new(self.file, node.start_byte(), node.end_byte())
    }

    fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn collect_issues(&mut self, root: Node) {
        if !root.has_error() {
            return;
        }
        let mut cursor = root.walk();
        let mut stack = vec![root];
        let mut n_issues = 0;
        while let Some(node) = stack.pop() {
            if node.is_error() || node.is_missing() {
                n_issues += 1;
                if n_issues <= 20 {
                    let what = if node.is_missing() {
                        format!("missing `{}`", self.kind(node))
                    } else {
                        "syntax not understood".to_string()
                    };
                    self.ir.issues.push(ParseIssue {
                        span: self.span(node),
                        message: what,
                    });
                }
                continue;
            }
            if node.has_error() {
                stack.extend(node.children(&mut cursor));
            }
        }
    }

    // ----- Top level -----

    fn top_level(&mut self, node: Node) {
        if !self.enter() {
            return;
        }
        let mut cursor = node.walk();
        let alternative = field(node, self.f.alternative);
        let children: Vec<Node> = node
            .named_children(&mut cursor)
            .filter(|child| Some(*child) != alternative)
            .collect();
        for child in children {
            match self.kind(child) {
                "function_definition" => self.function(child),
                "preproc_function_def" => self.macro_def(child),
                "class_specifier" | "struct_specifier" | "union_specifier" => self.class(child),
                "template_declaration"
                | "linkage_specification"
                | "declaration_list"
                | "preproc_else"
                | "ERROR" => self.top_level(child),
                "preproc_if" | "preproc_ifdef" | "preproc_elif" | "preproc_elifdef" => {
                    // Keep regions the preprocessor removes out; keep both
                    // sides of a condition we cannot evaluate.
                    let truth = self.preproc_truth(child);
                    if truth != Truth::False {
                        self.top_level(child);
                    }
                    if truth != Truth::True
                        && let Some(alternative) = field(child, self.f.alternative)
                    {
                        self.top_level(alternative);
                    }
                }
                "namespace_definition" => {
                    if let Some(body) = field(child, self.f.body) {
                        self.top_level(body);
                    }
                }
                "declaration" | "field_declaration" | "type_definition" => {
                    // `struct S { ... } s;` and `typedef class C {...} C;` hold classes.
                    if let Some(ty) = field(child, self.f.type_)
                        && matches!(self.kind(ty), "class_specifier" | "struct_specifier")
                    {
                        self.class(ty);
                    }
                }
                _ => {}
            }
        }
        self.leave();
    }

    fn text_of_field(&self, node: Node, id: Option<FieldId>) -> &'a str {
        field(node, id).map_or("", |child| self.text(child))
    }

    fn class(&mut self, node: Node) {
        let Some(body) = field(node, self.f.body) else {
            return;
        };
        let name = node
            .child_by_field_name("name")
            .map(|n| strip_template_args(self.text(n)).to_string())
            .unwrap_or_default();
        self.owners.push(name);
        self.top_level(body);
        self.owners.pop();
    }

    fn macro_def(&mut self, node: Node) {
        let Some(name) = field(node, self.f.name) else {
            return;
        };
        let params: Vec<String> = field(node, self.f.parameters)
            .map(|list| {
                let mut cursor = list.walk();
                list.named_children(&mut cursor)
                    .filter(|param| self.kind(*param) == "identifier")
                    .map(|param| self.text(param).to_string())
                    .collect()
            })
            .unwrap_or_default();
        let Some(value) = field(node, self.f.value) else {
            // `#define TRACE(x)`: expands to nothing.
            self.ir.macros.push(Macro {
                name: self.text(name).to_string(),
                span: self.span(name),
                params: params.clone(),
                body: Vec::new(),
            });
            return;
        };
        // The body runs to the end of the definition: tree-sitter ends the
        // value at a comment inside it (`while (/* CONSTCOND */ 0)`).
        let body_end = self.src[value.start_byte()..node.end_byte()]
            .trim_end()
            .len()
            + value.start_byte();
        let body_text = &self.src[value.start_byte()..body_end.max(value.end_byte())];
        let value_span = Span::new(
            self.file,
            value.start_byte(),
            body_end.max(value.end_byte()),
        );
        if !has_call_syntax(body_text) {
            // It calls nothing, but its invocations must still resolve to it.
            self.ir.macros.push(Macro {
                name: self.text(name).to_string(),
                span: self.span(name),
                params: params.clone(),
                body: Vec::new(),
            });
            return;
        }
        self.pending_macros.push(PendingMacro {
            name: self.text(name).to_string(),
            span: self.span(name),
            params,
            value_span,
            body: sanitize_macro_body(body_text),
        });
    }

    /// Lowers the collected macro bodies. Bodies are parsed as the bodies of
    /// functions, all of a file's balanced ones in a single parse (one parse
    /// per macro costs more than the whole file), then their spans are moved
    /// onto the macros' definitions.
    fn lower_macros(&mut self) {
        let pending = std::mem::take(&mut self.pending_macros);
        let (batched, single): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .enumerate()
            .partition(|(_, m)| is_balanced(&m.body));
        let mut groups: Vec<Vec<(usize, PendingMacro)>> = vec![batched];
        groups.extend(single.into_iter().map(|m| vec![m]));
        let mut retry = Vec::new();
        for group in groups {
            let batched = group.len() > 1;
            for missing in self.lower_macro_group(group) {
                if batched {
                    retry.push(missing);
                }
            }
        }
        // A body that the batch swallowed (a construct the balance check did
        // not catch) gets a parse of its own.
        for pending in retry {
            self.lower_macro_group(vec![pending]);
        }
    }

    /// Lowers a group of macro bodies in one parse; returns those that did not
    /// come out as functions.
    fn lower_macro_group(
        &mut self,
        group: Vec<(usize, PendingMacro)>,
    ) -> Vec<(usize, PendingMacro)> {
        let mut missing = Vec::new();
        if group.is_empty() {
            return missing;
        }
        let mut synthetic = String::new();
        let mut body_starts = HashMap::new();
        for (idx, pending) in &group {
            synthetic.push_str(&format!("void __forklint_macro_{idx}(void) {{ "));
            body_starts.insert(format!("__forklint_macro_{idx}"), synthetic.len());
            synthetic.push_str(&pending.body);
            synthetic.push_str(" ;\n}\n");
        }
        let Some(tree) = parse_with(&synthetic, Grammar::Cpp) else {
            return missing;
        };
        let mut sub = Lower {
            defines: self.defines,
            f: Fields::get(Grammar::Cpp),
            file: self.file,
            src: &synthetic,
            ir: FileIr::default(),
            depth: 0,
            scopes: Vec::new(),
            owners: Vec::new(),
            too_deep: false,
            pending_macros: Vec::new(),
        };
        sub.top_level(tree.root_node());
        let mut by_name: HashMap<String, Function> = sub
            .ir
            .functions
            .into_iter()
            .map(|f| (f.name.clone(), f))
            .collect();
        for (idx, pending) in group {
            let key = format!("__forklint_macro_{idx}");
            let (Some(mut function), Some(&body_start)) =
                (by_name.remove(&key), body_starts.get(&key))
            else {
                missing.push((idx, pending));
                continue;
            };
            // A body that swallowed the next one's header (`void
            // __forklint_macro_N(void)` read as a call) is parsed again alone.
            if swallowed_next_body(&function.body) {
                missing.push((idx, pending));
                continue;
            }
            let offset = pending.value_span.start as i64 - body_start as i64;
            relocate_block(&mut function.body, offset, pending.value_span);
            self.ir.macros.push(Macro {
                name: pending.name,
                span: pending.span,
                params: pending.params,
                body: function.body,
            });
        }
        missing
    }

    fn function(&mut self, node: Node) {
        let Some(declarator) = field(node, self.f.declarator) else {
            return;
        };
        let Some(function_declarator) = find_function_declarator(declarator) else {
            return;
        };
        let Some(name_node) = field(function_declarator, self.f.declarator) else {
            return;
        };
        let full_name = strip_template_args(self.text(name_node)).replace(' ', "");
        let (owner, name) = match full_name.rsplit_once("::") {
            Some((owner, name)) => (Some(owner.to_string()), name.to_string()),
            None => (
                self.owners.last().filter(|o| !o.is_empty()).cloned(),
                full_name.clone(),
            ),
        };
        let qualified = match &owner {
            Some(owner) => format!("{owner}::{name}"),
            None => name.clone(),
        };
        let is_static = has_static(node, self.src.as_bytes());
        let mut scope = Scope {
            types: HashMap::new(),
            destructors: Vec::new(),
        };
        let mut params = Vec::new();
        if let Some(parameters) = field(function_declarator, self.f.parameters) {
            let mut cursor = parameters.walk();
            for param in parameters.named_children(&mut cursor) {
                let ty = field(param, self.f.type_);
                let ident = match field(param, self.f.declarator) {
                    Some(declarator) => innermost_identifier(declarator),
                    // An old-style definition's `(s, n)`: C reads identifiers,
                    // C++ (and C once the declarations are blanked) reads types.
                    None if self.kind(param) == "identifier" => Some(param),
                    None => ty.filter(|ty| self.kind(*ty) == "type_identifier"),
                };
                let param_name = match ident {
                    Some(ident) => self.text(ident).to_string(),
                    // `(void)` declares no parameter, `...` none that is named.
                    None if self.kind(param) != "parameter_declaration"
                        || self.text(param).trim() == "void" =>
                    {
                        continue;
                    }
                    // Unnamed: it keeps its position for the arguments after it.
                    None => String::new(),
                };
                if let Some(ty) = ty.filter(|_| field(param, self.f.declarator).is_some()) {
                    scope
                        .types
                        .insert(param_name.clone(), type_name(self.text(ty)));
                }
                params.push(param_name);
            }
        }
        let Some(body) = field(node, self.f.body) else {
            return;
        };
        self.scopes.push(scope);
        let mut block = Vec::new();
        // Constructor initialiser lists call members' constructors.
        if let Some(initializers) = node
            .children(&mut node.walk())
            .find(|c| self.kind(c) == "field_initializer_list")
        {
            let mut effects = Vec::new();
            self.scan_calls(initializers, &mut effects);
            if !effects.is_empty() {
                block.push(Stmt {
                    kind: StmtKind::Eval(effects),
                    span: self.span(initializers),
                });
            }
        }
        self.block_into(body, &mut block);
        self.scopes.pop();
        self.ir.functions.push(Function {
            name,
            qualified,
            owner,
            is_static,
            span: self.span(name_node),
            params,
            body: block,
        });
    }

    // ----- Statements -----

    /// Lowers a compound statement (or any statement) into `out`, running the
    /// destructors of its locals at its end.
    fn block_into(&mut self, node: Node, out: &mut Block) {
        if self.kind(node) != "compound_statement" {
            self.stmt(node, out);
            return;
        }
        self.scopes.push(Scope {
            types: HashMap::new(),
            destructors: Vec::new(),
        });
        self.children_into(node, out);
        let scope = self.scopes.pop().expect("pushed above");
        self.run_destructors(scope, out);
    }

    fn run_destructors(&mut self, scope: Scope, out: &mut Block) {
        if scope.destructors.is_empty() || ends_in_jump(out) {
            return;
        }
        let effects = scope
            .destructors
            .into_iter()
            .rev()
            .map(|(ty, span)| {
                let short = ty.rsplit("::").next().unwrap_or(&ty).to_string();
                Effect::Call(Call {
                    callee: Callee::Named(format!("{ty}::~{short}")),
                    kind: CallKind::Destructor,
                    span,
                    args: Vec::new(),
                })
            })
            .collect::<Vec<_>>();
        let span = match &effects[0] {
            Effect::Call(call) => call.span,
            Effect::Assign { .. } => Span::default(),
        };
        out.push(Stmt {
            kind: StmtKind::Eval(effects),
            span,
        });
    }

    fn children_into(&mut self, node: Node, out: &mut Block) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            self.stmt(child, out);
        }
    }

    fn stmt(&mut self, node: Node, out: &mut Block) {
        if !self.enter() {
            return;
        }
        self.stmt_inner(node, out);
        self.leave();
    }

    fn stmt_inner(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        match self.kind(node) {
            "compound_statement" => {
                let mut block = Vec::new();
                self.block_into(node, &mut block);
                out.push(Stmt {
                    kind: StmtKind::Block(block),
                    span,
                });
            }
            "expression_statement" => {
                if self.assertion(node, out) {
                    return;
                }
                if node.named_child_count() == 1
                    && let Some(expression) = node.named_child(0)
                    && self.conditional_assignment(expression, out)
                {
                    return;
                }
                let mut effects = Vec::new();
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.expr(child, &mut effects);
                }
                push_eval(out, effects, span);
            }
            "declaration" => self.declaration(node, out),
            "if_statement" => {
                let mut effects = Vec::new();
                let cond = self.condition_of(node, &mut effects);
                let mut then_block = Vec::new();
                if let Some(consequence) = field(node, self.f.consequence) {
                    self.block_into(consequence, &mut then_block);
                }
                let mut else_block = Vec::new();
                if let Some(alternative) = field(node, self.f.alternative) {
                    // `else_clause` wraps the statement in newer grammars.
                    if self.kind(alternative) == "else_clause" {
                        self.children_into(alternative, &mut else_block);
                    } else {
                        self.block_into(alternative, &mut else_block);
                    }
                }
                push_if(out, effects, cond, [then_block, else_block], span);
            }
            "switch_statement" => self.switch(node, out),
            "case_statement" => {
                // A case label outside a switch body we understood: keep its code.
                let mut block = Vec::new();
                self.case_body(node, &mut block);
                out.push(Stmt {
                    kind: StmtKind::Block(block),
                    span,
                });
            }
            "while_statement" => self.while_loop(node, out, true),
            "do_statement" => self.while_loop(node, out, false),
            "for_statement" | "for_range_loop" => self.for_loop(node, out),
            "return_statement" => {
                let mut effects = Vec::new();
                let mut cursor = node.walk();
                let value = node
                    .named_children(&mut cursor)
                    .last()
                    .map(|child| self.expr(child, &mut effects));
                out.push(Stmt {
                    kind: StmtKind::Return { effects, value },
                    span,
                });
            }
            "break_statement" => out.push(Stmt {
                kind: StmtKind::Break,
                span,
            }),
            "continue_statement" => out.push(Stmt {
                kind: StmtKind::Continue,
                span,
            }),
            "goto_statement" => {
                let label = self.text_of_field(node, self.f.label).to_string();
                out.push(Stmt {
                    kind: StmtKind::Goto(label),
                    span,
                });
            }
            "labeled_statement" => {
                let label = self.text_of_field(node, self.f.label).to_string();
                out.push(Stmt {
                    kind: StmtKind::Label(label),
                    span,
                });
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children.into_iter().skip(1) {
                    self.stmt(child, out);
                }
            }
            "throw_statement" => {
                let mut effects = Vec::new();
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.expr(child, &mut effects);
                }
                let keyword_span = Span::new(self.file, node.start_byte(), node.start_byte() + 5);
                effects.push(Effect::Call(Call {
                    callee: Callee::Named("throw".to_string()),
                    kind: CallKind::Throw,
                    span: keyword_span,
                    args: Vec::new(),
                }));
                push_eval(out, effects, span);
            }
            "try_statement" => {
                let mut body = Vec::new();
                if let Some(body_node) = field(node, self.f.body) {
                    self.block_into(body_node, &mut body);
                }
                let mut handlers = Vec::new();
                let mut cursor = node.walk();
                let clauses: Vec<Node> = node
                    .named_children(&mut cursor)
                    .filter(|c| self.kind(c) == "catch_clause")
                    .collect();
                for clause in clauses {
                    if let Some(clause_body) = field(clause, self.f.body) {
                        self.block_into(clause_body, &mut handlers);
                    }
                }
                out.push(Stmt {
                    kind: StmtKind::Block(body),
                    span,
                });
                out.push(Stmt {
                    kind: StmtKind::If {
                        effects: Vec::new(),
                        cond: Cond::Unknown,
                        then_block: handlers,
                        else_block: Vec::new(),
                    },
                    span,
                });
            }
            "preproc_if" | "preproc_ifdef" | "preproc_elif" | "preproc_elifdef" => {
                self.preproc_conditional(node, out)
            }
            "preproc_else" => self.children_into(node, out),
            "function_definition" => self.macro_loop(node, out),
            "attributed_statement" => self.children_into(node, out),
            "comment"
            | "preproc_def"
            | "preproc_function_def"
            | "preproc_call"
            | "preproc_include"
            | "type_definition"
            | "empty_statement" => {}
            _ => {
                // ERROR nodes and anything unknown: keep the calls they contain.
                let mut effects = Vec::new();
                self.scan_calls(node, &mut effects);
                push_eval(out, effects, span);
            }
        }
    }

    /// Evaluates the condition of `#if`, `#elif`, `#ifdef`, `#ifndef`.
    fn preproc_truth(&self, node: Node) -> Truth {
        match self.kind(node) {
            "preproc_ifdef" | "preproc_elifdef" => {
                let Some(name) = field(node, self.f.name) else {
                    return Truth::Unknown;
                };
                let defined = self.defines.is_defined(self.text(name));
                let negated = node
                    .child(0)
                    .is_some_and(|keyword| self.text(keyword).contains("ndef"));
                match (defined, negated) {
                    (Truth::Unknown, _) => Truth::Unknown,
                    (Truth::True, false) | (Truth::False, true) => Truth::True,
                    _ => Truth::False,
                }
            }
            _ => match field(node, self.f.condition) {
                Some(condition) => match self.preproc_value(condition) {
                    Some(0) => Truth::False,
                    Some(_) => Truth::True,
                    None => Truth::Unknown,
                },
                None => Truth::Unknown,
            },
        }
    }

    /// The value of a preprocessor expression, when it is known.
    fn preproc_value(&self, node: Node) -> Option<i64> {
        match self.kind(node) {
            "number_literal" => parse_int(self.text(node)),
            "true" => Some(1),
            "false" => Some(0),
            "identifier" => self.defines.value(self.text(node)),
            "preproc_defined" => {
                let mut cursor = node.walk();
                let name = node.named_children(&mut cursor).next()?;
                match self.defines.is_defined(self.text(name)) {
                    Truth::True => Some(1),
                    Truth::False => Some(0),
                    Truth::Unknown => None,
                }
            }
            "parenthesized_expression" => {
                let mut cursor = node.walk();
                let inner = node.named_children(&mut cursor).next()?;
                self.preproc_value(inner)
            }
            "unary_expression" => {
                let argument = field(node, self.f.argument)?;
                let operator = self.text_of_field(node, self.f.operator);
                let value = self.preproc_value(argument);
                match operator {
                    "!" => value.map(|v| i64::from(v == 0)),
                    "-" => value.map(|v| -v),
                    _ => value,
                }
            }
            "binary_expression" => {
                let operator = self.text_of_field(node, self.f.operator);
                let left = field(node, self.f.left).and_then(|n| self.preproc_value(n));
                let right = field(node, self.f.right).and_then(|n| self.preproc_value(n));
                match operator {
                    // Short circuits decide with one side unknown.
                    "&&" => match (left, right) {
                        (Some(0), _) | (_, Some(0)) => Some(0),
                        (Some(_), Some(_)) => Some(1),
                        _ => None,
                    },
                    "||" => match (left, right) {
                        (Some(l), _) if l != 0 => Some(1),
                        (_, Some(r)) if r != 0 => Some(1),
                        (Some(_), Some(_)) => Some(0),
                        _ => None,
                    },
                    _ => {
                        let (l, r) = (left?, right?);
                        Some(match operator {
                            "==" => i64::from(l == r),
                            "!=" => i64::from(l != r),
                            "<" => i64::from(l < r),
                            "<=" => i64::from(l <= r),
                            ">" => i64::from(l > r),
                            ">=" => i64::from(l >= r),
                            "+" => l.wrapping_add(r),
                            "-" => l.wrapping_sub(r),
                            "*" => l.wrapping_mul(r),
                            _ => return None,
                        })
                    }
                }
            }
            _ => None,
        }
    }

    fn preproc_conditional(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let cond = match self.preproc_truth(node) {
            Truth::True => Cond::True,
            Truth::False => Cond::False,
            Truth::Unknown => Cond::Unknown,
        };
        let mut then_block = Vec::new();
        let mut else_block = Vec::new();
        let alternative = field(node, self.f.alternative);
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            if Some(child) == alternative
                || Some(child) == field(node, self.f.condition)
                || Some(child) == field(node, self.f.name)
            {
                continue;
            }
            if cond != Cond::False {
                self.stmt(child, &mut then_block);
            }
        }
        if let Some(alternative) = alternative
            && cond != Cond::True
        {
            self.stmt(alternative, &mut else_block);
        }
        out.push(Stmt {
            kind: StmtKind::If {
                effects: Vec::new(),
                cond,
                then_block,
                else_block,
            },
            span,
        });
    }

    /// A macro loop such as `foreach_dlist(x, list) { ... }` that the grammar
    /// reads as a nested function definition: its body belongs to the
    /// enclosing function, and the macro itself is called.
    fn macro_loop(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let mut effects = Vec::new();
        if let Some(declarator) = node
            .child_by_field_name("declarator")
            .and_then(find_function_declarator)
            && let Some(name) = field(declarator, self.f.declarator)
        {
            effects.push(Effect::Call(Call {
                callee: Callee::Named(self.text(name).to_string()),
                kind: CallKind::Plain,
                span: self.span(name),
                args: Vec::new(),
            }));
        }
        let mut body = Vec::new();
        if let Some(body_node) = field(node, self.f.body) {
            self.block_into(body_node, &mut body);
        }
        out.push(Stmt {
            kind: StmtKind::Loop {
                effects,
                cond: Cond::Unknown,
                body,
                test_first: true,
            },
            span,
        });
    }

    /// `while (cond) body` (`test_first`) and `do body while (cond);`.
    fn while_loop(&mut self, node: Node, out: &mut Block, test_first: bool) {
        let mut effects = Vec::new();
        let cond = self.condition_of(node, &mut effects);
        let mut body = Vec::new();
        if let Some(body_node) = field(node, self.f.body) {
            self.block_into(body_node, &mut body);
        }
        out.push(Stmt {
            kind: StmtKind::Loop {
                effects,
                cond,
                body,
                test_first,
            },
            span: self.span(node),
        });
    }

    fn for_loop(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let mut init = Vec::new();
        let body_node = field(node, self.f.body);
        let condition_node = field(node, self.f.condition);
        let update_node = field(node, self.f.update);
        self.scopes.push(Scope {
            types: HashMap::new(),
            destructors: Vec::new(),
        });
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in &children {
            let is_other = Some(*child) == body_node
                || Some(*child) == condition_node
                || Some(*child) == update_node
                || self.kind(child) == "comment";
            if is_other {
                continue;
            }
            if self.kind(child) == "declaration" {
                self.declaration(*child, &mut init);
            } else {
                let mut effects = Vec::new();
                self.expr(*child, &mut effects);
                push_eval(&mut init, effects, self.span(*child));
            }
        }
        let mut effects = Vec::new();
        let cond = match condition_node {
            Some(condition) => self.cond(condition, &mut effects),
            None => Cond::True,
        };
        let mut body = Vec::new();
        if let Some(body_node) = body_node {
            self.block_into(body_node, &mut body);
        }
        if let Some(update) = update_node {
            let mut update_effects = Vec::new();
            self.expr(update, &mut update_effects);
            push_eval(&mut body, update_effects, self.span(update));
        }
        self.scopes.pop();
        out.extend(init);
        out.push(Stmt {
            kind: StmtKind::Loop {
                effects,
                cond,
                body,
                test_first: true,
            },
            span,
        });
    }

    fn switch(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let mut effects = Vec::new();
        let scrutinee = match field(node, self.f.condition) {
            Some(condition) => self.expr(condition, &mut effects),
            None => Value::Unknown,
        };
        let mut cases: Vec<Case> = Vec::new();
        let mut prelude = Vec::new();
        if let Some(body) = field(node, self.f.body) {
            self.collect_cases(body, &mut cases, &mut prelude);
        }
        out.push(Stmt {
            kind: StmtKind::Switch {
                effects,
                scrutinee,
                cases,
                fallthrough: true,
            },
            span,
        });
    }

    fn collect_cases(&mut self, body: Node, cases: &mut Vec<Case>, prelude: &mut Block) {
        let mut cursor = body.walk();
        let children: Vec<Node> = body.named_children(&mut cursor).collect();
        for child in children {
            match self.kind(child) {
                "case_statement" => {
                    let label = match field(child, self.f.value) {
                        Some(value) => case_label(self.text(value)),
                        None => CaseLabel::Default,
                    };
                    let mut block = Vec::new();
                    self.case_body(child, &mut block);
                    // `case 1: case 2: body` arrives as an empty case followed by
                    // another; C fall-through handles it.
                    cases.push(Case {
                        labels: vec![label],
                        body: block,
                    });
                }
                _ => match cases.last_mut() {
                    Some(case) => self.stmt(child, &mut case.body),
                    None => self.stmt(child, prelude),
                },
            }
        }
    }

    fn case_body(&mut self, node: Node, out: &mut Block) {
        let value = field(node, self.f.value);
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            if Some(child) == value {
                continue;
            }
            self.stmt(child, out);
        }
    }

    fn declaration(&mut self, node: Node, out: &mut Block) {
        let span = self.span(node);
        let type_text = node
            .child_by_field_name("type")
            .map(|ty| (self.kind(ty), type_name(self.text(ty))));
        let mut effects = Vec::new();
        let mut cursor = node.walk();
        let declarators: Vec<Node> = match self.f.declarator {
            Some(id) => node.children_by_field_id(id, &mut cursor).collect(),
            None => Vec::new(),
        };
        for declarator in declarators {
            let (name_node, value_node) = if self.kind(declarator) == "init_declarator" {
                (
                    field(declarator, self.f.declarator),
                    field(declarator, self.f.value),
                )
            } else {
                (Some(declarator), None)
            };
            let Some(name_node) = name_node else { continue };
            let is_object = matches!(self.kind(name_node), "identifier");
            let Some(ident) = innermost_identifier(name_node) else {
                continue;
            };
            let var = self.text(ident).to_string();
            if let Some((_, ty)) = &type_text
                && let Some(scope) = self.scopes.last_mut()
            {
                scope.types.insert(var.clone(), ty.clone());
            }
            // A local object of class type runs its constructor now and its
            // destructor at the end of the scope.
            if is_object
                && let Some((kind, ty)) = &type_text
                && matches!(
                    *kind,
                    "type_identifier" | "qualified_identifier" | "template_type"
                )
            {
                let short = ty.rsplit("::").next().unwrap_or(ty).to_string();
                let mut args = Vec::new();
                let mut assigned = None;
                if let Some(value) = value_node {
                    if matches!(self.kind(value), "argument_list" | "initializer_list") {
                        let mut value_cursor = value.walk();
                        let arg_nodes: Vec<Node> =
                            value.named_children(&mut value_cursor).collect();
                        for arg in arg_nodes {
                            let arg_value = self.expr(arg, &mut effects);
                            args.push(arg_value);
                        }
                    } else {
                        let arg_value = self.expr(value, &mut effects);
                        args.push(arg_value.clone());
                        assigned = Some(arg_value);
                    }
                }
                let callee = if ty.starts_with("std::") {
                    Callee::Named(ty.clone())
                } else {
                    Callee::Named(format!("{ty}::{short}"))
                };
                effects.push(Effect::Call(Call {
                    callee,
                    kind: CallKind::Constructor,
                    span: self.span(ident),
                    args,
                }));
                if let Some(value) = assigned {
                    effects.push(Effect::Assign {
                        target: Place(var.clone()),
                        value,
                    });
                }
                let ident_span = self.span(ident);
                if !ty.starts_with("std::")
                    && let Some(scope) = self.scopes.last_mut()
                {
                    scope.destructors.push((ty.clone(), ident_span));
                }
                continue;
            }
            if let Some(value) = value_node {
                let value = self.expr(value, &mut effects);
                effects.push(Effect::Assign {
                    target: Place(var),
                    value,
                });
            }
        }
        push_eval(out, effects, span);
    }

    // ----- Expressions -----

    /// `assert(e);` reads as `if (!(e)) assert(e);`: the assertion only does
    /// something (abort, through a message) when `e` is false, and then does
    /// not return. Whether the statement was one.
    fn assertion(&mut self, node: Node, out: &mut Block) -> bool {
        let Some(call) = node.named_child(0) else {
            return false;
        };
        let (Some(function), Some(arguments)) =
            (field(call, self.f.function), field(call, self.f.arguments))
        else {
            return false;
        };
        if self.kind(call) != "call_expression"
            || self.kind(function) != "identifier"
            || self.text(function) != "assert"
            || arguments.named_child_count() != 1
        {
            return false;
        }
        let Some(argument) = arguments.named_child(0) else {
            return false;
        };
        let mut effects = Vec::new();
        let cond = self.cond(argument, &mut effects);
        let abort = Stmt {
            kind: StmtKind::Eval(vec![Effect::Call(Call {
                callee: Callee::Named("assert".to_string()),
                kind: CallKind::Plain,
                span: self.span(function),
                args: Vec::new(),
            })]),
            span: self.span(node),
        };
        out.push(Stmt {
            kind: StmtKind::If {
                effects,
                cond: Cond::Not(Box::new(cond)),
                then_block: vec![abort],
                else_block: Vec::new(),
            },
            span: self.span(node),
        });
        true
    }

    /// The condition in a statement's `condition` field (unknown without one).
    fn condition_of(&mut self, node: Node, effects: &mut Vec<Effect>) -> Cond {
        match field(node, self.f.condition) {
            Some(condition) => self.cond(condition, effects),
            None => Cond::Unknown,
        }
    }

    fn cond(&mut self, node: Node, effects: &mut Vec<Effect>) -> Cond {
        if !self.enter() {
            return Cond::Unknown;
        }
        let cond = self.cond_inner(node, effects);
        self.leave();
        cond
    }

    fn cond_inner(&mut self, node: Node, effects: &mut Vec<Effect>) -> Cond {
        match self.kind(node) {
            "parenthesized_expression" | "condition_clause" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                let Some(last) = children.last() else {
                    return Cond::Unknown;
                };
                for child in &children[..children.len() - 1] {
                    self.expr(*child, effects);
                }
                if self.kind(last) == "declaration" {
                    // `if (pid_t pid = fork())`
                    let mut block = Vec::new();
                    self.declaration(*last, &mut block);
                    let mut place = None;
                    for stmt in block {
                        if let StmtKind::Eval(stmt_effects) = stmt.kind {
                            for effect in stmt_effects {
                                if let Effect::Assign { target, .. } = &effect {
                                    place = Some(target.clone());
                                }
                                effects.push(effect);
                            }
                        }
                    }
                    return place.map_or(Cond::Unknown, |p| Cond::Truthy(Value::Place(p)));
                }
                self.cond(*last, effects)
            }
            "unary_expression" if self.text_of_field(node, self.f.operator) == "!" => {
                match field(node, self.f.argument) {
                    Some(argument) => Cond::Not(Box::new(self.cond(argument, effects))),
                    None => Cond::Unknown,
                }
            }
            "binary_expression" => {
                let operator = self.text_of_field(node, self.f.operator);
                let (Some(left), Some(right)) =
                    (field(node, self.f.left), field(node, self.f.right))
                else {
                    return Cond::Unknown;
                };
                match operator {
                    "&&" | "and" => {
                        let left = self.cond(left, effects);
                        let right = self.cond(right, effects);
                        Cond::And(Box::new(left), Box::new(right))
                    }
                    "||" | "or" => {
                        let left = self.cond(left, effects);
                        let right = self.cond(right, effects);
                        Cond::Or(Box::new(left), Box::new(right))
                    }
                    _ => {
                        let op = match operator {
                            "==" => Some(CmpOp::Eq),
                            "!=" | "not_eq" => Some(CmpOp::Ne),
                            "<" => Some(CmpOp::Lt),
                            "<=" => Some(CmpOp::Le),
                            ">" => Some(CmpOp::Gt),
                            ">=" => Some(CmpOp::Ge),
                            _ => None,
                        };
                        let left_value = self.expr(left, effects);
                        let right_value = self.expr(right, effects);
                        match op {
                            Some(op) => Cond::Cmp(left_value, op, right_value),
                            None => Cond::Unknown,
                        }
                    }
                }
            }
            "number_literal" | "true" | "false" => match self.text(node) {
                "0" | "false" => Cond::False,
                _ => Cond::True,
            },
            _ => {
                let value = self.expr(node, effects);
                Cond::Truthy(value)
            }
        }
    }

    fn expr(&mut self, node: Node, effects: &mut Vec<Effect>) -> Value {
        if !self.enter() {
            return Value::Unknown;
        }
        let value = self.expr_inner(node, effects);
        self.leave();
        value
    }

    fn expr_inner(&mut self, node: Node, effects: &mut Vec<Effect>) -> Value {
        match self.kind(node) {
            _ if is_attribute(self.kind(node)) => Value::Unknown,
            "call_expression" => self.call(node, effects),
            "assignment_expression" => {
                let (Some(left), Some(right)) =
                    (field(node, self.f.left), field(node, self.f.right))
                else {
                    return Value::Unknown;
                };
                let value = self.expr(right, effects);
                let left_value = self.expr(left, effects);
                let Value::Place(place) = left_value else {
                    return value;
                };
                let operator = self.text_of_field(node, self.f.operator);
                if let Some(ty) = self.local_type(&place.0)
                    && ty.starts_with("std::")
                {
                    // Assigning to a standard container or string (re)allocates.
                    effects.push(Effect::Call(Call {
                        callee: Callee::Method {
                            name: format!("operator{operator}"),
                            receiver_type: Some(ty),
                        },
                        kind: CallKind::Method,
                        span: self.span(left),
                        args: Vec::new(),
                    }));
                }
                let value = if operator == "=" {
                    value
                } else {
                    Value::Unknown
                };
                effects.push(Effect::Assign {
                    target: place.clone(),
                    value,
                });
                Value::Place(place)
            }
            // Standard macros defined in the system headers, and C++'s `nullptr`.
            "identifier" if let Some(n) = standard_constant(self.text(node)) => Value::Int(n),
            "null" | "nullptr" => Value::Int(0),
            "identifier" => Value::Place(Place(self.text(node).to_string())),
            "field_expression" => {
                // Lower the object for the calls it contains (`f()->x`).
                if let Some(argument) = field(node, self.f.argument)
                    && self.kind(argument) != "identifier"
                {
                    self.expr(argument, effects);
                }
                Value::Place(Place(normalize_place(self.text(node))))
            }
            "pointer_expression" => {
                let operator = self.text_of_field(node, self.f.operator);
                let Some(argument) = field(node, self.f.argument) else {
                    return Value::Unknown;
                };
                let inner = self.expr(argument, effects);
                match (operator, inner) {
                    ("&", Value::Place(place)) => Value::AddrOf(place),
                    ("*", Value::Place(place)) => Value::Place(Place(format!("*{}", place.0))),
                    ("*", Value::AddrOf(place)) => Value::Place(place),
                    _ => Value::Unknown,
                }
            }
            "number_literal" => parse_int(self.text(node)).map_or(Value::Unknown, Value::Int),
            "unary_expression" => {
                let operator = self.text_of_field(node, self.f.operator);
                let Some(argument) = field(node, self.f.argument) else {
                    return Value::Unknown;
                };
                match (operator, self.expr(argument, effects)) {
                    ("-", Value::Int(n)) => Value::Int(-n),
                    ("+", Value::Int(n)) => Value::Int(n),
                    _ => Value::Unknown,
                }
            }
            "parenthesized_expression" | "condition_clause" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                let mut value = Value::Unknown;
                for child in children {
                    value = self.expr(child, effects);
                }
                value
            }
            "cast_expression" => match field(node, self.f.value) {
                Some(value) => self.expr(value, effects),
                None => Value::Unknown,
            },
            // `(pid_t)-1` reads as `(pid_t) - 1` when tree-sitter cannot
            // know that `pid_t` is a type: a `_t` name in parentheses minus
            // a number is the negative number.
            "binary_expression"
                if self.text_of_field(node, self.f.operator) == "-"
                    && field(node, self.f.left).is_some_and(|left| {
                        self.kind(left) == "parenthesized_expression"
                            && self
                                .text(left)
                                .trim_matches(['(', ')', ' '])
                                .ends_with("_t")
                    }) =>
            {
                match field(node, self.f.right).map(|right| self.expr(right, effects)) {
                    Some(Value::Int(n)) => Value::Int(-n),
                    _ => Value::Unknown,
                }
            }
            "comma_expression" => {
                if let Some(left) = field(node, self.f.left) {
                    self.expr(left, effects);
                }
                match field(node, self.f.right) {
                    Some(right) => self.expr(right, effects),
                    None => Value::Unknown,
                }
            }
            "binary_expression" => {
                let operator = self.text_of_field(node, self.f.operator);
                if matches!(operator, "<<" | ">>")
                    && let Some(stream) = leftmost_operand(self.f, node)
                    && self.kind(stream) == "qualified_identifier"
                    && self.text(stream).starts_with("std::")
                {
                    // `std::cout << x`: an iostream insertion.
                    effects.push(Effect::Call(Call {
                        callee: Callee::Named(self.text(stream).replace(' ', "")),
                        kind: CallKind::Plain,
                        span: self.span(stream),
                        args: Vec::new(),
                    }));
                    let mut cursor = node.walk();
                    let children: Vec<Node> = node.named_children(&mut cursor).collect();
                    for child in children {
                        if self.kind(child) != "binary_expression" {
                            self.scan_calls_in_expr(child, effects);
                        } else {
                            self.scan_calls_skipping_streams(child, effects);
                        }
                    }
                    return Value::Unknown;
                }
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    self.expr(child, effects);
                }
                Value::Unknown
            }
            "new_expression" => {
                let mut args = Vec::new();
                if let Some(arguments) = field(node, self.f.arguments) {
                    let mut cursor = arguments.walk();
                    let arg_nodes: Vec<Node> = arguments.named_children(&mut cursor).collect();
                    for arg in arg_nodes {
                        args.push(self.expr(arg, effects));
                    }
                }
                let keyword_span = Span::new(self.file, node.start_byte(), node.start_byte() + 3);
                effects.push(Effect::Call(Call {
                    callee: Callee::Named("operator new".to_string()),
                    kind: CallKind::New,
                    span: keyword_span,
                    args: Vec::new(),
                }));
                if let Some(ty) = field(node, self.f.type_) {
                    let ty = type_name(self.text(ty));
                    let short = ty.rsplit("::").next().unwrap_or(&ty).to_string();
                    effects.push(Effect::Call(Call {
                        callee: Callee::Named(format!("{ty}::{short}")),
                        kind: CallKind::Constructor,
                        span: keyword_span,
                        args,
                    }));
                }
                Value::Unknown
            }
            "delete_expression" => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    self.expr(child, effects);
                }
                let keyword_span = Span::new(self.file, node.start_byte(), node.start_byte() + 6);
                effects.push(Effect::Call(Call {
                    callee: Callee::Named("operator delete".to_string()),
                    kind: CallKind::Delete,
                    span: keyword_span,
                    args: Vec::new(),
                }));
                Value::Unknown
            }
            "lambda_expression" => Value::Unknown,
            "qualified_identifier" => Value::Place(Place(self.text(node).replace(' ', ""))),
            "string_literal"
            | "char_literal"
            | "concatenated_string"
            | "raw_string_literal"
            | "comment" => Value::Unknown,
            _ => {
                self.scan_calls_in_expr(node, effects);
                Value::Unknown
            }
        }
    }

    fn scan_calls_in_expr(&mut self, node: Node, effects: &mut Vec<Effect>) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            self.expr(child, effects);
        }
    }

    fn scan_calls_skipping_streams(&mut self, node: Node, effects: &mut Vec<Effect>) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            match self.kind(child) {
                "binary_expression" => self.scan_calls_skipping_streams(child, effects),
                "qualified_identifier" => {}
                _ => {
                    self.expr(child, effects);
                }
            }
        }
    }

    /// Collects the calls anywhere below `node` (for code we do not model).
    fn scan_calls(&mut self, node: Node, effects: &mut Vec<Effect>) {
        if !self.enter() {
            return;
        }
        match self.kind(node) {
            "call_expression" | "new_expression" | "delete_expression" => {
                self.expr(node, effects);
            }
            "comment"
            | "string_literal"
            | "lambda_expression"
            | "sizeof_expression"
            | "alignof_expression"
            | "offsetof_expression" => {}
            kind if is_attribute(kind) => {}
            _ => {
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for child in children {
                    self.scan_calls(child, effects);
                }
            }
        }
        self.leave();
    }

    fn call(&mut self, node: Node, effects: &mut Vec<Effect>) -> Value {
        let Some(function) = field(node, self.f.function) else {
            return Value::Unknown;
        };
        if matches!(
            self.kind(function),
            "identifier" | "qualified_identifier" | "template_function"
        ) && let Some(how) = not_a_call(strip_template_args(self.text(function)))
        {
            if how == NotACall::Evaluated
                && let Some(arguments) = field(node, self.f.arguments)
            {
                self.scan_calls(arguments, effects);
            }
            return Value::Unknown;
        }
        let (callee, kind, span) = match self.kind(function) {
            "identifier" => (
                Callee::Named(self.text(function).to_string()),
                CallKind::Plain,
                self.span(function),
            ),
            "qualified_identifier" | "template_function" => (
                Callee::Named(strip_template_args(self.text(function)).replace(' ', "")),
                CallKind::Plain,
                self.span(function),
            ),
            "field_expression" => {
                let field_node = field(function, self.f.field);
                let argument = field(function, self.f.argument);
                let name = field_node.map_or("", |f| self.text(f)).to_string();
                let receiver_type = argument.and_then(|argument| {
                    if self.kind(argument) == "identifier" {
                        self.local_type(self.text(argument))
                    } else if self.kind(argument) == "this" {
                        self.owners.last().cloned()
                    } else {
                        self.expr(argument, effects);
                        None
                    }
                });
                (
                    Callee::Method {
                        name: strip_template_args(&name).to_string(),
                        receiver_type,
                    },
                    CallKind::Method,
                    field_node.map_or(self.span(function), |f| self.span(f)),
                )
            }
            _ => {
                self.expr(function, effects);
                (Callee::Indirect, CallKind::Plain, self.span(function))
            }
        };
        let mut args = Vec::new();
        if let Some(arguments) = field(node, self.f.arguments) {
            let mut cursor = arguments.walk();
            let arg_nodes: Vec<Node> = arguments.named_children(&mut cursor).collect();
            for arg in arg_nodes {
                let value = match self.kind(arg) {
                    "identifier" if let Some(n) = standard_constant(self.text(arg)) => {
                        Value::Int(n)
                    }
                    "identifier" => {
                        // A bare identifier argument may name a callback.
                        let name = self.text(arg).to_string();
                        if self.local_type(&name).is_some() {
                            Value::Place(Place(name))
                        } else {
                            Value::FuncRef(name)
                        }
                    }
                    _ => self.expr(arg, effects),
                };
                args.push(value);
            }
        }
        effects.push(Effect::Call(Call {
            callee,
            kind,
            span,
            args,
        }));
        Value::CallResult(effects.len() - 1)
    }

    fn local_type(&self, name: &str) -> Option<String> {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.types.get(name).cloned())
    }
}

/// Whether text contains `name(` (an identifier followed by a parenthesis):
/// a macro body without one calls nothing, and is not worth a parse.
fn has_call_syntax(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut idx = 0;
    while idx < bytes.len() {
        if bytes[idx].is_ascii_alphabetic() || bytes[idx] == b'_' {
            let start = idx;
            while idx < bytes.len() && (bytes[idx].is_ascii_alphanumeric() || bytes[idx] == b'_') {
                idx += 1;
            }
            let word = &text[start..idx];
            while idx < bytes.len() && (bytes[idx] == b' ' || bytes[idx] == b'\t') {
                idx += 1;
            }
            if idx < bytes.len()
                && bytes[idx] == b'('
                && !matches!(word, "sizeof" | "defined" | "offsetof")
            {
                return true;
            }
        } else {
            idx += 1;
        }
    }
    false
}

/// A macro body made parseable as code, keeping its length: line
/// continuations, comments and the `#`/`##` operators become spaces.
fn sanitize_macro_body(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            out.push(b);
            if b == b'\\' && i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                out.push(bytes[i + 1]);
                i += 2;
                continue;
            }
            if b == q || b == b'\n' {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' | b'\'' => {
                quote = Some(b);
                out.push(b);
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                out.extend(std::iter::repeat_n(b' ', end - i));
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(bytes.len(), |e| i + e);
                out.extend(std::iter::repeat_n(b' ', end - i));
                i = end;
            }
            b'\\' | b'#' => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Whether brackets balance (ignoring strings and character literals), so that
/// a macro body can share a parse with others.
fn is_balanced(text: &str) -> bool {
    let mut depth: i64 = 0;
    let mut chars = crate::frontend::lexical::CodeChars::new(text);
    for (_, c) in chars.by_ref() {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !chars.in_literal()
}

fn ends_in_jump(block: &Block) -> bool {
    matches!(
        block.last().map(|s| &s.kind),
        Some(StmtKind::Return { .. } | StmtKind::Goto(_) | StmtKind::Break | StmtKind::Continue)
    )
}

fn find_function_declarator(node: Node) -> Option<Node> {
    let mut current = node;
    for _ in 0..16 {
        if current.kind() == "function_declarator" {
            return Some(current);
        }
        current = current
            .child_by_field_name("declarator")
            .or_else(|| current.named_child(0))?;
    }
    None
}

fn innermost_identifier(node: Node) -> Option<Node> {
    let mut current = node;
    for _ in 0..16 {
        match current.kind() {
            "identifier" | "field_identifier" => return Some(current),
            _ => {
                current = current
                    .child_by_field_name("declarator")
                    .or_else(|| current.named_child(0))?;
            }
        }
    }
    None
}

fn leftmost_operand<'t>(fields: &Fields, node: Node<'t>) -> Option<Node<'t>> {
    let mut current = node;
    for _ in 0..64 {
        if current.kind() != "binary_expression" {
            return Some(current);
        }
        current = field(current, fields.left)?;
    }
    None
}

fn has_static(node: Node, src: &[u8]) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor).any(|child| {
        child.kind() == "storage_class_specifier" && &src[child.byte_range()] == b"static"
    })
}

fn case_label(text: &str) -> CaseLabel {
    parse_int(text.trim().trim_start_matches('(').trim_end_matches(')'))
        .map_or(CaseLabel::Other, CaseLabel::Int)
}

/// `__attribute__((used, __section__("stats")))`, `[[...]]`, `__declspec(...)`:
/// their arguments are read by the compiler, never called.
fn is_attribute(kind: &str) -> bool {
    matches!(
        kind,
        "attribute_specifier" | "attribute" | "attribute_declaration" | "ms_declspec_modifier"
    )
}

/// The value of a standard C macro whose definition is in the system headers,
/// which are not read: the null pointer (`NULL`, C11 7.19) and `<stdlib.h>`'s
/// exit statuses (7.22).
fn standard_constant(name: &str) -> Option<i64> {
    match name {
        "NULL" | "EXIT_SUCCESS" => Some(0),
        "EXIT_FAILURE" => Some(1),
        _ => None,
    }
}

pub(crate) fn parse_int(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim()),
        None => (false, text),
    };
    let digits = digits.trim_end_matches(['u', 'U', 'l', 'L']);
    let value = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i64::from_str_radix(hex, 16).ok()?
    } else {
        digits.parse::<i64>().ok()?
    };
    Some(if negative { -value } else { value })
}

/// `a -> b . c` becomes `a->b.c`.
fn normalize_place(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `std::vector<int>` becomes `std::vector`; `const Foo &` becomes `Foo`.
pub(crate) fn type_name(text: &str) -> String {
    let base = strip_template_args(text);
    base.split_whitespace()
        .filter(|word| {
            !matches!(
                *word,
                "const" | "volatile" | "struct" | "class" | "unsigned"
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['*', '&', ' '])
        .to_string()
}

fn strip_template_args(text: &str) -> &str {
    match text.find('<') {
        Some(index) if !text.starts_with("operator") => text[..index].trim_end(),
        _ => text,
    }
}

/// Moves spans lowered from a macro body (parsed out of place) onto the macro
/// definition's value: offsets are shifted and clamped into `within`.
fn relocate_block(block: &mut Block, offset: i64, within: Span) {
    let fix = |span: &mut Span| {
        let start = (span.start as i64 + offset).clamp(within.start as i64, within.end as i64);
        let end = (span.end as i64 + offset).clamp(start, within.end as i64);
        span.file = within.file;
        span.start = start as u32;
        span.end = end as u32;
    };
    for stmt in block {
        fix(&mut stmt.span);
        let fix_effects = |effects: &mut Vec<Effect>| {
            for effect in effects {
                if let Effect::Call(call) = effect {
                    fix(&mut call.span);
                }
            }
        };
        match &mut stmt.kind {
            StmtKind::Eval(effects) | StmtKind::Return { effects, .. } => fix_effects(effects),
            StmtKind::If {
                effects,
                then_block,
                else_block,
                ..
            } => {
                fix_effects(effects);
                relocate_block(then_block, offset, within);
                relocate_block(else_block, offset, within);
            }
            StmtKind::Switch { effects, cases, .. } => {
                fix_effects(effects);
                for case in cases {
                    relocate_block(&mut case.body, offset, within);
                }
            }
            StmtKind::Loop { effects, body, .. } => {
                fix_effects(effects);
                relocate_block(body, offset, within);
            }
            StmtKind::Block(inner) => relocate_block(inner, offset, within),
            StmtKind::Break | StmtKind::Continue | StmtKind::Goto(_) | StmtKind::Label(_) => {}
        }
    }
}

/// Whether a synthetic macro function's body contains the header of the next
/// one in its batch, which happens when a body's brackets do not balance in a
/// way the balance check cannot see.
fn swallowed_next_body(body: &Block) -> bool {
    let mut calls = Vec::new();
    crate::contexts::collect_calls(body, &mut calls);
    calls.iter().any(
        |call| matches!(&call.callee, Callee::Named(name) if name.starts_with("__forklint_macro_")),
    )
}
