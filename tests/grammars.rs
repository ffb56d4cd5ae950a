//! Every tree-sitter grammar loads into the tree-sitter runtime we link.
//! Cargo does not check grammar ABI versions (tree-sitter-c 0.24 needs
//! tree-sitter 0.25 or later), so a mismatch would otherwise show up only as
//! files that silently fail to parse.

use forklint::frontend::c_treesitter::{Grammar, language, parse_with};

#[test]
fn every_grammar_loads_and_parses() {
    for grammar in [Grammar::C, Grammar::Cpp] {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&language(grammar))
            .unwrap_or_else(|err| panic!("{grammar:?} grammar does not load: {err}"));
        let tree = parse_with("int main(void) { return fork(); }", grammar).expect("parses");
        assert!(
            !tree.root_node().has_error(),
            "{grammar:?}: {}",
            tree.root_node().to_sexp()
        );
    }
}
