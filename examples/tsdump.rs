//! Prints the tree-sitter syntax tree of a file (a development aid).
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        return;
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let grammar = forklint::frontend::c_treesitter::Grammar::Cpp;
    if let Some(tree) = forklint::frontend::c_treesitter::parse_with(&text, grammar) {
        println!("{}", tree.root_node().to_sexp());
    }
}
