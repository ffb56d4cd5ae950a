//! Parses every C/C++ file of a tree once with tree-sitter's C++ grammar, on one
//! thread: the baseline of instruction-count comparisons (`valgrind --tool=callgrind`).
fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        return;
    };
    let Ok((paths, _)) = forklint::cli::check::discover(&[dir.into()], &[]) else {
        return;
    };
    let mut n_nodes = 0;
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let grammar = forklint::frontend::c_treesitter::Grammar::Cpp;
        if let Some(tree) = forklint::frontend::c_treesitter::parse_with(&text, grammar) {
            n_nodes += tree.root_node().child_count();
        }
    }
    println!("{n_nodes}");
}
