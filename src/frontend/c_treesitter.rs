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
//!
//! This file holds `lower`, the walker (`Lower`) and its state; `parse` (the
//! choice of grammar) and the lowering are split by concern into `parse.rs`,
//! `declarations.rs`, `preprocessor.rs`, `statements.rs`, `expressions.rs`,
//! `conditional.rs`, `calls.rs` and `macros.rs`.

use std::collections::HashMap;

use tree_sitter::{Language, Node, Tree};

use crate::frontend::defines::Defines;
use crate::ir::{FileIr, ParseIssue};
use crate::source::{FileId, Span};

mod calls;
mod conditional;
mod declarations;
mod expressions;
mod macros;
mod parse;
mod pointers;
mod preprocessor;
mod statements;

pub(crate) use declarations::type_name;
pub(crate) use expressions::parse_int;
pub use parse::{
    Grammar, ORPHAN_BODY, count_errors, language, may_be_c, orphan_bodies, parse, parse_with,
    unreadable_bodies,
};

/// Deeper nesting than this is not lowered; the file gets a parse issue instead
/// of a stack overflow.
const MAX_DEPTH: usize = 600;

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
        hoisted: Vec::new(),
        fn_pointers: HashMap::new(),
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

/// A function-like macro body waiting for the batched parse (`macros.rs`).
struct PendingMacro {
    name: String,
    span: Span,
    params: Vec<String>,
    value_span: Span,
    body: String,
}

/// The walker that lowers one file's tree; its methods are split by concern
/// across the files of `c_treesitter/`.
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
    /// Conditional expressions of the condition being lowered that were
    /// lowered before it as an `if` assigning a temporary (see
    /// `conditional`): their node ids and the temporary.
    hoisted: Vec<(usize, crate::ir::Place)>,
    /// The function being lowered's locals assigned functions (`pointers`).
    fn_pointers: HashMap<String, Vec<String>>,
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

    fn text_of_field(&self, node: Node, id: Option<FieldId>) -> &'a str {
        field(node, id).map_or("", |child| self.text(child))
    }

    fn local_type(&self, name: &str) -> Option<String> {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.types.get(name).cloned())
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
}
