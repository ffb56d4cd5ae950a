//! Choosing a file's grammar and parsing it: C++ first (many `.c` files are
//! C++), then the C grammar again for a `.c`/`.h` file whose C++ parse has
//! dense errors or leaves a function body at file scope, the better parse
//! winning. Also what a parse lost: the file-scope bodies whose header no
//! grammar read (`unreadable_bodies`, each reported as `ORPHAN_BODY`). Kept
//! apart from the lowering, which only walks the tree chosen here.

use std::collections::HashMap;

use tree_sitter::{Language, Node, Parser, Tree};

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
