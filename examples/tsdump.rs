fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut p = tree_sitter::Parser::new();
    let lang: tree_sitter::Language = if path.ends_with(".cx") { tree_sitter_c::LANGUAGE.into() } else { tree_sitter_cpp::LANGUAGE.into() };
    p.set_language(&lang).unwrap();
    let t = p.parse(&text, None).unwrap();
    println!("{}", t.root_node().to_sexp());
}
