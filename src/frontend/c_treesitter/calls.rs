//! Calls: the callee (a name, a qualified name, a method with its receiver's
//! type when a local's declaration or the enclosing class gives it, or an
//! indirect call), the arguments (a bare identifier that is no local may name
//! a callback), the names that look like calls and are not (`sizeof`, casts,
//! builtins), and the scan that keeps the calls inside code that is not
//! otherwise modelled (`ERROR` nodes, initializer lists).

use tree_sitter::Node;

use super::declarations::strip_template_args;
use super::expressions::standard_constant;
use super::{Lower, field};
use crate::frontend::not_a_call::{NotACall, not_a_call};
use crate::ir::{CallKind, Callee, Effect, Place, Value, push_call};

impl Lower<'_> {
    pub(super) fn call(&mut self, node: Node, effects: &mut Vec<Effect>) -> Value {
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
        let called = self.strip_casts(function);
        if self.kind(called) == "identifier"
            && let Some([target]) = self.fn_pointers.get(self.text(called)).map(Vec::as_slice)
        {
            let target = target.clone();
            return self.pointer_call(node, called, target, effects);
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
        let args = self.call_args(node, effects);
        push_call(effects, callee, kind, span, args)
    }

    /// A call through a local that holds one function (`pointers`): a call
    /// to it. (Several candidates are alternatives, which one statement's
    /// effects cannot say: such a call stays indirect.)
    fn pointer_call(
        &mut self,
        node: Node,
        local: Node,
        target: String,
        effects: &mut Vec<Effect>,
    ) -> Value {
        let args = self.call_args(node, effects);
        let span = self.span(local);
        push_call(effects, Callee::Named(target), CallKind::Plain, span, args)
    }

    fn call_args(&mut self, node: Node, effects: &mut Vec<Effect>) -> Vec<Value> {
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
        args
    }

    /// Collects the calls anywhere below `node` (for code we do not model).
    pub(super) fn scan_calls(&mut self, node: Node, effects: &mut Vec<Effect>) {
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

    pub(super) fn scan_calls_in_expr(&mut self, node: Node, effects: &mut Vec<Effect>) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            self.expr(child, effects);
        }
    }

    pub(super) fn scan_calls_skipping_streams(&mut self, node: Node, effects: &mut Vec<Effect>) {
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
}

/// `__attribute__((used, __section__("stats")))`, `[[...]]`, `__declspec(...)`:
/// their arguments are read by the compiler, never called.
pub(super) fn is_attribute(kind: &str) -> bool {
    matches!(
        kind,
        "attribute_specifier" | "attribute" | "attribute_declaration" | "ms_declspec_modifier"
    )
}
