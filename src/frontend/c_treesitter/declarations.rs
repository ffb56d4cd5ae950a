//! Declarations and declarators: the walk over file scope (through
//! `extern "C"`, namespaces, templates, classes and `#if` groups), function
//! definitions (name, owner class, `static`, parameters and their types,
//! constructor initializer lists), and local declarations (the types of
//! locals for method calls; a local object's constructor now and its
//! destructor at the end of its scope; initial values as assignments).
//! `type_name` is shared with the clang front end.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Lower, Scope, field};
use crate::ir::{
    Block, Call, CallKind, Callee, Effect, Function, Place, Stmt, StmtKind, push_eval,
};

impl Lower<'_> {
    pub(super) fn top_level(&mut self, node: Node) {
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
                    self.top_level_conditional(child)
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

    pub(super) fn function(&mut self, node: Node) {
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
        let pointers = self.local_function_pointers(body, &params);
        let outer_pointers = std::mem::replace(&mut self.fn_pointers, pointers);
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
        self.fn_pointers = outer_pointers;
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

    pub(super) fn declaration(&mut self, node: Node, out: &mut Block) {
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
}

pub(super) fn find_function_declarator(node: Node) -> Option<Node> {
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

pub(super) fn innermost_identifier(node: Node) -> Option<Node> {
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

fn has_static(node: Node, src: &[u8]) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor).any(|child| {
        child.kind() == "storage_class_specifier" && &src[child.byte_range()] == b"static"
    })
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

pub(super) fn strip_template_args(text: &str) -> &str {
    match text.find('<') {
        Some(index) if !text.starts_with("operator") => text[..index].trim_end(),
        _ => text,
    }
}
