//! Named integer constants: object-like macros whose body is an integer
//! (`#define IPC_UDP_SOCKET 2`, `#define ERR (-1)`) and enumerators
//! (`enum { MODE_PIPE, MODE_SOCKET = 4 }`).
//!
//! tree-sitter does not expand macros, so `type == IPC_UDP_SOCKET` reads as a
//! comparison with a name. The program links every file's constants
//! (`Program::constant`), and the analysis compares with their values: a fork
//! wrapper whose child returns only when its `type` parameter is
//! `IPC_UDP_SOCKET` does not return a child to a caller passing `IPC_STREAM`.

use tree_sitter::Node;

use crate::frontend::attributes::object_like_defines;
use crate::frontend::c_treesitter::parse_int;

/// An object-like macro that is not an integer: the name its body is, if
/// that is all it is.
pub type Alias = (String, Option<String>);

/// The named constants `text` defines (its parse is `root`), in order, and
/// the other object-like macros: with the name of another when that is their
/// body (`#define IPC_STREAM IPC_UNIX_STREAM`), `None` otherwise (a name
/// defined so anywhere is not a constant).
pub fn named_constants(text: &str, root: Node) -> (Vec<(String, i64)>, Vec<Alias>) {
    let mut out = Vec::new();
    let mut aliases = Vec::new();
    for (name, body) in object_like_defines(text) {
        if let Some(value) = integer(&body) {
            out.push((name, value));
        } else if is_identifier(&body) && body != name {
            aliases.push((name, Some(body)));
        } else {
            aliases.push((name, None));
        }
    }
    enumerators(root, text, &mut out);
    (out, aliases)
}

pub(crate) fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The value of a macro body that is an integer, perhaps negative and in
/// parentheses.
pub(crate) fn integer(body: &str) -> Option<i64> {
    let mut body = body.trim();
    while let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        body = inner.trim();
    }
    let digits = body.trim_start_matches(['-', '+']).trim_start();
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    parse_int(body)
}

/// Node kinds that may hold an enum definition outside function bodies.
fn may_hold_enum(kind: &str) -> bool {
    kind.starts_with("preproc_")
        || matches!(
            kind,
            "translation_unit"
                | "declaration"
                | "type_definition"
                | "enum_specifier"
                | "namespace_definition"
                | "declaration_list"
                | "linkage_specification"
                | "class_specifier"
                | "struct_specifier"
                | "field_declaration_list"
                | "field_declaration"
                | "template_declaration"
                | "ERROR"
        )
}

fn enumerators(node: Node, text: &str, out: &mut Vec<(String, i64)>) {
    if node.kind() == "enumerator_list" {
        enumerator_list(node, text, out);
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if child.kind() == "enumerator_list" || may_hold_enum(child.kind()) {
            enumerators(child, text, out);
        }
    }
}

/// `{ A, B = 4, C }`: A = 0, B = 4, C = 5. After a value that is not read,
/// the following implicit values are unknown too.
fn enumerator_list(list: Node, text: &str, out: &mut Vec<(String, i64)>) {
    let mut next: Option<i64> = Some(0);
    let mut cursor = list.walk();
    for enumerator in list.named_children(&mut cursor) {
        if enumerator.kind() != "enumerator" {
            continue;
        }
        let Some(name) = enumerator.child_by_field_name("name") else {
            next = None;
            continue;
        };
        let value = match enumerator.child_by_field_name("value") {
            Some(value) => enumerator_value(value, text, out),
            None => next,
        };
        if let Some(value) = value {
            out.push((text[name.byte_range()].to_string(), value));
        }
        next = value.and_then(|v| v.checked_add(1));
    }
}

/// An enumerator's explicit value: an integer, or a constant already named.
fn enumerator_value(node: Node, text: &str, known: &[(String, i64)]) -> Option<i64> {
    let source = &text[node.byte_range()];
    match node.kind() {
        "number_literal" => parse_int(source),
        "identifier" => known
            .iter()
            .rev()
            .find_map(|(name, value)| (name == source).then_some(*value)),
        "parenthesized_expression" => enumerator_value(node.named_child(0)?, text, known),
        "unary_expression" if source.trim_start().starts_with('-') => {
            enumerator_value(node.named_child(0)?, text, known)?.checked_neg()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::c_treesitter::{Grammar, parse_with};

    fn constants(text: &str) -> Vec<(String, i64)> {
        let tree = parse_with(text, Grammar::Cpp).unwrap();
        named_constants(text, tree.root_node()).0
    }

    #[test]
    fn integer_macros_and_enumerators_are_named_constants() {
        let text = "#define IPC_UDP 2\n#define ERR (-1)\n#define NAME \"x\"\n#define F(x) 3\n\
                    enum mode { PIPE, SOCK = 4, DGRAM, BAD = 1 << 2, AFTER };\n\
                    typedef enum { ALIAS = SOCK } t;\n#define STREAM SOCK\n\
                    int f(void) { enum { LOCAL = 9 }; return LOCAL; }\n";
        assert_eq!(
            constants(text),
            [
                ("IPC_UDP", 2),
                ("ERR", -1),
                ("PIPE", 0),
                ("SOCK", 4),
                ("DGRAM", 5),
                ("ALIAS", 4),
            ]
            .map(|(n, v)| (n.to_string(), v))
        );
    }
}
