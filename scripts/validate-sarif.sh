#!/usr/bin/env bash
# Validates forklint's SARIF output with Microsoft's SARIF multitool (the
# reference validator: the JSON schema plus the SARIF spec's rules).
#
# Usage: scripts/validate-sarif.sh [PATH...]
#
# Runs `forklint check PATH... --format sarif` from the current directory
# (default: the repository's test-corpus, which must have findings), then
# `Sarif.Multitool validate` on the result. Fails if forklint fails or if the
# validator reports any error-level result; warnings and notes are listed.
#
# Needs node and npm (the multitool comes from the npm registry, pinned below,
# and is cached in target/sarif-multitool). Environment:
#   FORKLINT   forklint binary to run (default: cargo build --release).
set -euo pipefail

MULTITOOL_VERSION=5.7.0

caller_dir=$PWD
repo=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
tool_dir=$target_dir/sarif-multitool

fail() {
  echo "validate-sarif: $*" >&2
  exit 1
}

for command in node npm; do
  command -v "$command" >/dev/null 2>&1 ||
    fail "\`$command\` is not installed; the SARIF multitool is installed with npm and needs node"
done

case "$(uname -s)" in
  Linux) platform=linux ;;
  Darwin) platform=darwin ;;
  *) fail "unsupported platform $(uname -s) (the multitool's npm packages cover Linux and macOS)" ;;
esac
platform_package=@microsoft/sarif-multitool-$platform
multitool=$tool_dir/node_modules/$platform_package/Sarif.Multitool

installed_version() {
  node -p "require(process.argv[1]).version" \
    "$tool_dir/node_modules/$platform_package/package.json" 2>/dev/null || true
}

# Install the multitool once; the platform package is pinned too, because the
# wrapper package depends on it with a caret range.
if [[ "$(installed_version)" != "$MULTITOOL_VERSION" || ! -f "$multitool" ]]; then
  echo "validate-sarif: installing @microsoft/sarif-multitool@$MULTITOOL_VERSION into $tool_dir" >&2
  mkdir -p "$tool_dir"
  # A package.json of its own keeps npm from looking for a project further up.
  echo '{ "private": true }' >"$tool_dir/package.json"
  (cd "$tool_dir" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
    "@microsoft/sarif-multitool@$MULTITOOL_VERSION" "$platform_package@$MULTITOOL_VERSION" >&2) ||
    fail "npm could not install @microsoft/sarif-multitool@$MULTITOOL_VERSION"
fi
# The package's postinstall script does only this; npm does not run it here.
chmod u+x "$multitool"
# Called directly rather than through node_modules/.bin/sarif-multitool, whose
# wrapper passes the arguments through a shell (`;` in --level would split them).
"$multitool" --version >/dev/null 2>&1 ||
  fail "the multitool does not run: $multitool --version failed"

if [[ -n "${FORKLINT:-}" ]]; then
  forklint=$FORKLINT
  # Relative to where the script was called from; forklint runs elsewhere.
  if [[ $forklint == */* && $forklint != /* ]]; then
    forklint=$caller_dir/$forklint
  fi
else
  echo "validate-sarif: building forklint (release)" >&2
  (cd "$repo" && cargo build --release --locked --quiet --bin forklint)
  forklint=$target_dir/release/forklint
fi
command -v "$forklint" >/dev/null 2>&1 || fail "no forklint binary at $forklint"

work=$(mktemp -d)
keep_work=0
cleanup() {
  if [[ $keep_work -eq 0 ]]; then
    rm -rf "$work"
  fi
}
trap cleanup EXIT
sarif=$work/forklint.sarif
validation=$work/validation.sarif

if [[ $# -eq 0 ]]; then
  run_dir=$repo
  paths=(test-corpus)
else
  run_dir=$caller_dir
  paths=("$@")
fi

started_ms=$(node -p 'Date.now()')
set +e
(cd "$run_dir" && "$forklint" check "${paths[@]}" --format sarif --output "$sarif")
status=$?
set -e
elapsed=$(node -p "((Date.now() - $started_ms) / 1000).toFixed(1)")
case $status in
  0 | 1) ;;
  *) fail "forklint check ${paths[*]} failed (exit $status)" ;;
esac
if [[ $# -eq 0 && $status -ne 1 ]]; then
  fail "forklint check test-corpus exited with $status; the corpus has findings, so 1 was expected"
fi
n_results=$(node -p "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')).runs[0].results.length" "$sarif")
echo "validate-sarif: forklint check ${paths[*]}: exit $status, $n_results results, ${elapsed}s"

set +e
"$multitool" validate "$sarif" --output "$validation" --log ForceOverwrite \
  --level "Error;Warning;Note" >"$work/validate.log" 2>&1
multitool_status=$?
set -e
if [[ $multitool_status -ne 0 || ! -s "$validation" ]]; then
  cat "$work/validate.log" >&2
  keep_work=1
  fail "the multitool failed (exit $multitool_status); the SARIF file is kept in $work"
fi

# The multitool exits with 0 whatever it finds: read its own SARIF log. A result
# without a level is a warning (SARIF §3.27.10).
summary=$(node - "$validation" <<'EOF'
const log = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const run = log.runs[0];
const results = run.results || [];
const counts = { error: 0, warning: 0, note: 0, none: 0 };
const byRule = new Map();
for (const result of results) {
  const level = result.level || "warning";
  counts[level] = (counts[level] || 0) + 1;
  const key = `${level} ${result.ruleId}`;
  byRule.set(key, (byRule.get(key) || 0) + 1);
}
const failed = (run.invocations || []).some((i) => i.executionSuccessful === false);
console.log(`${counts.error} ${failed ? 1 : 0}`);
console.log(`errors ${counts.error}, warnings ${counts.warning}, notes ${counts.note}`);
for (const [key, n] of [...byRule].sort()) {
  console.log(`  ${key}: ${n}`);
}
EOF
)
read -r n_errors validator_failed <<<"$(head -n 1 <<<"$summary")"
echo "validate-sarif: sarif-multitool $MULTITOOL_VERSION: $(tail -n +2 <<<"$summary" | head -n 1)"
tail -n +3 <<<"$summary"
if [[ $n_errors -ne 0 || $validator_failed -ne 0 ]]; then
  grep -E ": error " "$work/validate.log" >&2 || true
  keep_work=1
  fail "the SARIF output is invalid; the SARIF file and the validator's log are kept in $work"
fi
echo "validate-sarif: OK (no errors)"
