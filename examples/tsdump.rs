//! Prints the tree-sitter syntax tree of a file (a development aid):
//! `tsdump FILE [c|cpp]` (default cpp).
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        return;
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    use forklint::frontend::c_treesitter::{Grammar, parse_with};
    let grammar = match std::env::args().nth(2).as_deref() {
        Some("c") => Grammar::C,
        _ => Grammar::Cpp,
    };
    if let Some(tree) = parse_with(&text, grammar) {
        println!("{}", tree.root_node().to_sexp());
    }
}
