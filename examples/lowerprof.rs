use forklint::frontend::c_treesitter as ts;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let (paths, _) = forklint::cli::check::discover(&[dir.into()], &[]).unwrap();
    let texts: Vec<String> = paths.iter().map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned()).collect();
    let trees: Vec<_> = texts.iter().zip(&paths).map(|(t, p)| ts::parse(t, ts::may_be_c(p)).unwrap()).collect();
    let s = std::time::Instant::now();
    for _ in 0..5 { for (i, (t, (tree, g))) in texts.iter().zip(&trees).enumerate() { std::hint::black_box(ts::lower(forklint::source::FileId(i as u32), t, tree, *g)); } }
    eprintln!("{:?}", s.elapsed() / 5);
}
