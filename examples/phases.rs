use std::time::Instant;
use rayon::prelude::*;
use forklint::frontend::c_treesitter as ts;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let (paths, _) = forklint::cli::check::discover(&[dir.into()], &[]).unwrap();
    let texts: Vec<(std::path::PathBuf, String)> = paths.iter().map(|p| (p.clone(), String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())).collect();
    let t = Instant::now();
    let n: usize = texts.par_iter().map(|(_, t)| ts::parse_with(t, ts::Grammar::Cpp).map_or(0, |t| t.root_node().child_count())).sum();
    println!("cpp parse {:?} {n}", t.elapsed());
    let t = Instant::now();
    let trees: Vec<_> = texts.par_iter().map(|(p, t)| ts::parse(t, ts::may_be_c(p)).unwrap()).collect();
    println!("adaptive parse {:?}; C chosen {}", t.elapsed(), trees.iter().filter(|(_, g)| *g == ts::Grammar::C).count());
    let with_err = texts.par_iter().filter(|(_, t)| ts::parse_with(t, ts::Grammar::Cpp).unwrap().root_node().has_error()).count();
    println!("files with cpp errors: {with_err}/{}", texts.len());
    let rows: Vec<(String, usize, usize, bool)> = texts.par_iter().filter_map(|(p, t)| {
        let cpp = ts::parse_with(t, ts::Grammar::Cpp).unwrap();
        if !cpp.root_node().has_error() || !ts::may_be_c(p) { return None; }
        let c = ts::parse_with(t, ts::Grammar::C).unwrap();
        Some((p.display().to_string(), ts::count_errors(cpp.root_node()), ts::count_errors(c.root_node()), markers(t)))
    }).collect();
    let nomark = rows.iter().filter(|r| !r.3).count();
    let cwins: Vec<_> = rows.iter().filter(|r| r.2 < r.1).collect();
    println!("reparse candidates without markers: {nomark}; C wins: {}", cwins.len());
    for r in cwins { println!("  {} cpp={} c={} markers={}", r.0, r.1, r.2, r.3); }
    let t = Instant::now();
    let irs: Vec<_> = texts.par_iter().zip(trees.par_iter()).enumerate().map(|(i, ((_, text), (tree, _g)))| ts::lower(forklint::source::FileId(i as u32), text, tree, *_g)).collect();
    per_file(&texts, &trees);
    println!("lower {:?} fns={} macros={}", t.elapsed(), irs.iter().map(|i| i.functions.len()).sum::<usize>(), irs.iter().map(|i| i.macros.len()).sum::<usize>());
}
#[allow(dead_code)]
fn markers(t: &str) -> bool { ["::", "class ", "template", "namespace", "public:", "new ", "delete ", "extern \"C\""].iter().any(|m| t.contains(m)) }
#[allow(dead_code)]
pub fn per_file(texts: &[(std::path::PathBuf, String)], trees: &[(tree_sitter::Tree, ts::Grammar)]) {
    let mut v: Vec<(std::time::Duration, String)> = texts.iter().zip(trees).enumerate().map(|(i, ((p, t), (tree, g)))| { let s = Instant::now(); let ir = ts::lower(forklint::source::FileId(i as u32), t, tree, *g); std::hint::black_box(ir); (s.elapsed(), p.display().to_string()) }).collect();
    let total: std::time::Duration = v.iter().map(|x| x.0).sum();
    v.sort(); v.reverse();
    println!("single-thread lower total {total:?}");
    for x in v.iter().take(8) { println!("  {:?} {}", x.0, x.1); }
}
