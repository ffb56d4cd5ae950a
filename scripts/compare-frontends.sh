#!/usr/bin/env bash
# Compares the two C/C++ front ends on a real tree with a compilation database,
# and times them against clang-tidy's bugprone-signal-handler over the same
# database, all in one run:
#
#   scripts/compare-frontends.sh BUILD_DIR [SOURCE_DIR] [OUT_DIR]
#
# Writes OUT_DIR/{treesitter,clang}.txt (concise findings), OUT_DIR/only-*.txt
# (findings one front end reports and the other does not, ignoring columns)
# and OUT_DIR/times.txt. Needs a release build (cargo build --release),
# libclang and clang-tidy (Debian: apt-get install libclang-dev clang-tidy).
set -euo pipefail
build=$(realpath "$1")
src=$(realpath "${2:-$1}")
out=${3:-/tmp/forklint-compare}
mkdir -p "$out"
forklint=$(realpath "$(dirname "$0")/../target/release/forklint")
jobs=$(nproc)
n_units=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$build/compile_commands.json")

seconds() { local start=$1; echo "$(( $(date +%s%N) - start ))" | awk '{printf "%.1f", $1/1e9}'; }

start=$(date +%s%N)
"$forklint" check "$src" --format concise --exit-zero > "$out/treesitter.txt" 2> "$out/treesitter.err"
t_ts=$(seconds "$start")

start=$(date +%s%N)
"$forklint" check "$src" --frontend clang -p "$build" --format concise --exit-zero > "$out/clang.txt" 2> "$out/clang.err"
t_clang=$(seconds "$start")

start=$(date +%s%N)
python3 -c 'import json,sys; [print(e["file"] if e["file"].startswith("/") else e["directory"]+"/"+e["file"]) for e in json.load(open(sys.argv[1]))]' "$build/compile_commands.json" \
  | xargs -P "$jobs" -n 1 clang-tidy --quiet '--checks=-*,bugprone-signal-handler' -p "$build" > "$out/clang-tidy.txt" 2> "$out/clang-tidy.err" || true
t_tidy=$(seconds "$start")

strip_columns() { grep -E '^[^ ]+:[0-9]+:[0-9]+: FL' "$1" | sed -E 's/^([^:]+:[0-9]+):[0-9]+:/\1:/' | sort; }
comm -23 <(strip_columns "$out/treesitter.txt") <(strip_columns "$out/clang.txt") > "$out/only-treesitter.txt"
comm -13 <(strip_columns "$out/treesitter.txt") <(strip_columns "$out/clang.txt") > "$out/only-clang.txt"

{
  echo "translation units in the database: $n_units (jobs: $jobs)"
  echo "forklint --frontend tree-sitter: ${t_ts}s, $(strip_columns "$out/treesitter.txt" | wc -l) findings"
  echo "forklint --frontend clang:       ${t_clang}s, $(strip_columns "$out/clang.txt" | wc -l) findings"
  echo "clang-tidy bugprone-signal-handler (xargs -P$jobs): ${t_tidy}s, $(grep -c 'warning:' "$out/clang-tidy.txt" || true) warnings"
  echo "only tree-sitter: $(wc -l < "$out/only-treesitter.txt"); only clang: $(wc -l < "$out/only-clang.txt")"
} | tee "$out/times.txt"
