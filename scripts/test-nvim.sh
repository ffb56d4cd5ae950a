#!/usr/bin/env bash
# End to end with a real editor: headless Neovim (Debian's package, installed
# here if missing) runs `forklint lsp` for C files with tests/nvim/init.lua,
# opens the three-file corpus case, and checks the cross-file diagnostic, the
# hover and the suppression code action. Fails loudly when diagnostics do not
# arrive; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvim >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq neovim
fi
nvim --version | head -n 1

cargo build --locked --quiet --bin forklint
bin="$PWD/target/debug/forklint"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp test-corpus/c/crossfile/three_file_chain/* "$work/"
cp -r test-corpus/include "$work/include"

# The finding is at the syslog() call in c_logsink.c, reached from the fork in
# a_spawn.c through b_prepare.c.
set +e
FORKLINT_BIN="$bin" FORKLINT_ROOT="$work" FORKLINT_EXPECT_CODE=FL001 FORKLINT_EXPECT_LINE=7 \
  timeout 120 nvim --headless --clean -u tests/nvim/init.lua "$work/c_logsink.c" 2>&1 | tee "$work/nvim.log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ] || ! grep -q '^nvim: PASS' "$work/nvim.log"; then
  echo "test-nvim: FAILED (exit status $status): Neovim did not get the expected diagnostics from forklint lsp" >&2
  exit 1
fi
echo "test-nvim: passed"
