//! Local function pointers: a local assigned a function's name (`fn =
//! execve;`) or what the dynamic linker finds by a literal name (`fn =
//! dlsym(RTLD_NEXT, "execve");`) is called as that function, so sudo's
//! intercept wrapper `((sudo_fn_execve_t)fn)(cmnd, argv, envp)` is an exec.
//! Flow-insensitive over the function's body: every function assigned to the
//! local anywhere in it is a candidate, and a local with one candidate is
//! resolved (the same function under two `#if` branches is one).

use std::collections::HashMap;

use tree_sitter::Node;

use super::declarations::innermost_identifier;
use super::{Lower, field};

/// Functions that look a symbol up by name and return its address.
const SYMBOL_LOOKUPS: &[&str] = &["dlsym", "dlvsym"];

impl Lower<'_> {
    /// The locals of `body` assigned functions, with the functions' names
    /// (a parameter or another local assigned to one is no function).
    pub(super) fn local_function_pointers(
        &self,
        body: Node,
        params: &[String],
    ) -> HashMap<String, Vec<String>> {
        let mut locals = params.to_vec();
        self.declared_locals(body, &mut locals, 0);
        let mut found: HashMap<String, Vec<String>> = HashMap::new();
        self.pointer_assignments(body, &locals, &mut found, 0);
        // A parameter also holds what the callers pass: what the body assigns
        // is not all it can call.
        found.retain(|name, _| !params.contains(name));
        found
    }

    fn declared_locals(&self, node: Node, out: &mut Vec<String>, depth: usize) {
        if depth > 200 {
            return;
        }
        if self.kind(node) == "declaration" {
            let mut cursor = node.walk();
            for declarator in node.children_by_field_name("declarator", &mut cursor) {
                if let Some(ident) = innermost_identifier(declarator) {
                    out.push(self.text(ident).to_string());
                }
            }
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            self.declared_locals(child, out, depth + 1);
        }
    }

    fn pointer_assignments(
        &self,
        node: Node,
        locals: &[String],
        found: &mut HashMap<String, Vec<String>>,
        depth: usize,
    ) {
        if depth > 200 {
            return;
        }
        let pair = match self.kind(node) {
            "assignment_expression" if self.text_of_field(node, self.f.operator) == "=" => {
                field(node, self.f.left).zip(field(node, self.f.right))
            }
            "init_declarator" => field(node, self.f.declarator).zip(field(node, self.f.value)),
            _ => None,
        };
        if let Some((left, right)) = pair
            && self.kind(left) == "identifier"
            && let name = self.text(left)
            && locals.iter().any(|local| local == name)
            && let Some(target) = self.function_named_by(right, locals)
        {
            let targets = found.entry(name.to_string()).or_default();
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            self.pointer_assignments(child, locals, found, depth + 1);
        }
    }

    /// The function an assigned value names: an identifier that is no local,
    /// or a symbol lookup by a literal name.
    fn function_named_by(&self, value: Node, locals: &[String]) -> Option<String> {
        let value = self.strip_casts(value);
        match self.kind(value) {
            "identifier" => {
                let name = self.text(value);
                (!locals.iter().any(|local| local == name)).then(|| name.to_string())
            }
            "call_expression" => {
                let function = field(value, self.f.function)?;
                if !SYMBOL_LOOKUPS.contains(&self.text(function)) {
                    return None;
                }
                let arguments = field(value, self.f.arguments)?;
                let symbol = arguments.named_child(1)?;
                if self.kind(symbol) != "string_literal" {
                    return None;
                }
                let name = self.text(symbol).trim_matches('"');
                (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
                    .then(|| name.to_string())
            }
            _ => None,
        }
    }

    /// The expression below parentheses and casts.
    pub(super) fn strip_casts<'t>(&self, mut node: Node<'t>) -> Node<'t> {
        for _ in 0..16 {
            let inner = match self.kind(node) {
                "parenthesized_expression" if node.named_child_count() == 1 => node.named_child(0),
                "cast_expression" => field(node, self.f.value),
                _ => None,
            };
            match inner {
                Some(inner) => node = inner,
                None => break,
            }
        }
        node
    }
}
