//! Function-like macros: a `#define F(x) ...` body with call syntax is lowered
//! as the body of a function, so that the call graph knows what the macro
//! calls. All of a file's balanced bodies share one parse (one parse per macro
//! costs more than the whole file); a body the batch swallowed is parsed
//! again alone; the spans are then moved back onto the definition. A macro
//! that calls nothing is still recorded, so that its invocations resolve.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{Fields, Grammar, Lower, PendingMacro, field, parse_with};
use crate::ir::{Block, Callee, Effect, FileIr, Function, Macro, StmtKind};
use crate::source::Span;

impl Lower<'_> {
    pub(super) fn macro_def(&mut self, node: Node) {
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
    pub(super) fn lower_macros(&mut self) {
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
            hoisted: Vec::new(),
            fn_pointers: HashMap::new(),
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
