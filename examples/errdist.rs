use forklint::frontend::c_treesitter as ts;
use rayon::prelude::*;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let (paths, _) = forklint::cli::check::discover(&[dir.into()], &[]).unwrap();
    let mut rows: Vec<(usize, usize, usize, String)> = paths.par_iter().filter(|p| ts::may_be_c(p)).filter_map(|p| {
        let t = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
        let cpp = ts::count_errors(ts::parse_with(&t, ts::Grammar::Cpp).unwrap().root_node());
        if cpp < 4 { return None; }
        let c = ts::count_errors(ts::parse_with(&t, ts::Grammar::C).unwrap().root_node());
        Some((cpp, c, t.len(), p.display().to_string()))
    }).collect();
    rows.sort();
    for r in &rows { println!("{:4} {:4} {:7} {}", r.0, r.1, r.2, r.3.rsplit('/').next().unwrap()); }
}
