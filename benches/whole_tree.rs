//! Whole-tree benchmark: forklint's full analysis against tree-sitter parsing
//! alone, on the same files, in the same run.
//!
//! `FORKLINT_BENCH_DIR=/path/to/bacula/src cargo bench --bench whole_tree`
//! (default: the shipped test corpus). `FORKLINT_BENCH_RUNS` sets the number of
//! runs (default 7). Both measurements read the files from disk and use all
//! cores; the report gives medians and their ratio. For a tree with Rust files
//! (`FORKLINT_BENCH_DIR=/path/to/crate`), parse-only parses them with `syn`
//! and the report gives the Rust throughput too.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use forklint::check::{Input, Settings, check_inputs};
use forklint::frontend::c_treesitter;
use forklint::knowledge::Knowledge;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn read_all(paths: &[PathBuf]) -> Vec<Input> {
    paths
        .par_iter()
        .filter_map(|path| {
            std::fs::read(path).ok().map(|bytes| Input {
                path: path.clone(),
                bytes,
            })
        })
        .collect()
}

fn main() {
    let dir = std::env::var("FORKLINT_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-corpus"));
    let runs: usize = std::env::var("FORKLINT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let (paths, _) =
        forklint::cli::check::discover(std::slice::from_ref(&dir), &[]).expect("walk the tree");
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let rust_bytes: u64 = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let parse_paths = paths.clone();
    println!(
        "tree: {} ({} files, {:.1} MB), {} runs each, {} threads",
        dir.display(),
        paths.len(),
        bytes as f64 / 1e6,
        runs,
        rayon::current_num_threads()
    );

    let mut parse_times = Vec::new();
    let mut check_times = Vec::new();
    let mut n_findings = 0;
    for _ in 0..runs {
        // Parse only: read and parse every C/C++ file once with the C++ grammar
        // (what any tree-sitter based tool must at least do).
        let started = Instant::now();
        let inputs = read_all(&parse_paths);
        let n_nodes: usize = inputs
            .par_iter()
            .map(|input| {
                let text = String::from_utf8_lossy(&input.bytes);
                if input.path.extension().is_some_and(|e| e == "rs") {
                    let n_items = syn::parse_file(&text).map_or(0, |file| file.items.len());
                    proc_macro2::extra::invalidate_current_thread_spans();
                    return n_items;
                }
                c_treesitter::parse_with(&text, c_treesitter::Grammar::Cpp)
                    .map_or(0, |tree| tree.root_node().child_count())
            })
            .sum();
        std::hint::black_box(n_nodes);
        parse_times.push(started.elapsed());

        // The whole analysis, as `forklint check` runs it.
        let started = Instant::now();
        let settings = Settings::new(Knowledge::builtin());
        let outcome = check_inputs(read_all(&paths), &settings);
        n_findings = outcome.diagnostics.len();
        if std::env::var_os("FORKLINT_BENCH_PHASES").is_some() {
            eprintln!("{:?}", outcome.timings);
        }
        check_times.push(started.elapsed());
    }
    let parse = median(parse_times);
    let check = median(check_times);
    println!(
        "parse only (tree-sitter): median {:>8.1} ms",
        parse.as_secs_f64() * 1e3
    );
    println!(
        "forklint check:           median {:>8.1} ms ({n_findings} findings)",
        check.as_secs_f64() * 1e3
    );
    println!(
        "ratio check/parse:        {:.2}",
        check.as_secs_f64() / parse.as_secs_f64()
    );
    println!(
        "throughput:               {:.1} MB/s ({:.1} MB of it Rust)",
        bytes as f64 / 1e6 / check.as_secs_f64(),
        rust_bytes as f64 / 1e6
    );
}
