#!/usr/bin/env bash
# Tests the `forklint` hook of .pre-commit-hooks.yaml end to end with the real
# pre-commit (from PyPI, pinned below) in a throwaway git repository.
#
# Usage: scripts/test-pre-commit.sh
#
# The throwaway repository's .pre-commit-config.yaml names this forklint
# repository the way a user's would (`repo:` a path, `rev:` a commit), so
# pre-commit clones it at that commit and builds the hook with
# `cargo install --path .` (language: rust, with the system's cargo). The
# hook file must therefore be committed at that commit.
#
# Environment:
#   FORKLINT_REPO        forklint git repository (default: this checkout)
#   FORKLINT_REV         commit of it to use (default: its HEAD)
#   PRE_COMMIT_VERSION   pre-commit to install (default: pinned below)
#   FORKLINT_HOOK_TARGET_DIR
#                        cargo's build directory for the hook's
#                        `cargo install`, kept between runs (default:
#                        $CARGO_TARGET_DIR or target/, then pre-commit-hook);
#                        set it to the empty string to build where
#                        pre-commit would (inside its fresh cache).
#
# Needs python3 (with venv), git and cargo. Prints one PASS or FAIL line per
# check and exits with 1 if any check fails.
set -euo pipefail

PINNED_PRE_COMMIT_VERSION=4.7.0

repo_root=$(cd "$(dirname "$0")/.." && pwd)
FORKLINT_REPO=${FORKLINT_REPO:-$repo_root}
FORKLINT_REPO=$(cd "$FORKLINT_REPO" && pwd)
FORKLINT_REV=${FORKLINT_REV:-$(git -C "$FORKLINT_REPO" rev-parse HEAD)}
FORKLINT_REV=$(git -C "$FORKLINT_REPO" rev-parse --verify "$FORKLINT_REV^{commit}")
PRE_COMMIT_VERSION=${PRE_COMMIT_VERSION:-$PINNED_PRE_COMMIT_VERSION}
default_target_dir=${CARGO_TARGET_DIR:-$repo_root/target}/pre-commit-hook
FORKLINT_HOOK_TARGET_DIR=${FORKLINT_HOOK_TARGET_DIR-$default_target_dir}

say() { echo "test-pre-commit: $*"; }

if ! git -C "$FORKLINT_REPO" cat-file -e "$FORKLINT_REV:.pre-commit-hooks.yaml" 2>/dev/null; then
  say "FAIL: $FORKLINT_REPO has no .pre-commit-hooks.yaml at commit $FORKLINT_REV" >&2
  say "pre-commit clones the repository at that commit: commit the hook file," >&2
  say "or point FORKLINT_REPO and FORKLINT_REV at a clone where it is committed." >&2
  exit 1
fi

# Whatever git environment a caller (say, a git hook) has would point git at
# the wrong repository.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
  GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_PREFIX GIT_COMMON_DIR
# SKIP would make pre-commit skip the hook under test.
unset SKIP

work=$(mktemp -d "${TMPDIR:-/tmp}/forklint-pre-commit.XXXXXX")
trap 'rm -rf "$work"' EXIT

failures=0
pass() { echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
show() { sed 's/^/    | /' "$1"; }
elapsed() { echo "$((SECONDS - $1)) s"; }

say "forklint repository: $FORKLINT_REPO"
say "forklint rev:        $FORKLINT_REV"

# --- pre-commit, in a virtualenv of its own --------------------------------
start=$SECONDS
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "pre-commit==$PRE_COMMIT_VERSION"
pre_commit=$work/venv/bin/pre-commit
say "installed $("$pre_commit" --version) ($(elapsed "$start"))"

# A fresh cache: pre-commit clones forklint and builds the hook anew.
export PRE_COMMIT_HOME=$work/pre-commit-home
# `cargo install --path .` builds in the clone's target/ unless told
# otherwise; a build directory kept between runs makes a rerun quick.
if [ -n "$FORKLINT_HOOK_TARGET_DIR" ]; then
  mkdir -p "$FORKLINT_HOOK_TARGET_DIR"
  export CARGO_TARGET_DIR=$FORKLINT_HOOK_TARGET_DIR
  say "cargo build directory for the hook: $CARGO_TARGET_DIR"
else
  unset CARGO_TARGET_DIR
fi

# --- a throwaway project that uses the hook --------------------------------
# Every commit below has -m; never wait for an editor.
export GIT_EDITOR=false
project=$work/project
git -c init.defaultBranch=main init -q "$project"
cd "$project"
git config user.name "forklint pre-commit test"
git config user.email "pre-commit-test@forklint.invalid"
git config commit.gpgsign false

cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $FORKLINT_REPO
    rev: $FORKLINT_REV
    hooks:
      - id: forklint
EOF
"$pre_commit" install >/dev/null

start=$SECONDS
if "$pre_commit" install-hooks > "$work/install.log" 2>&1; then
  pass "pre-commit cloned forklint at $FORKLINT_REV and built the hook ($(elapsed "$start"))"
else
  fail "pre-commit install-hooks ($(elapsed "$start")):"
  show "$work/install.log"
  [ -f "$PRE_COMMIT_HOME/pre-commit.log" ] && show "$PRE_COMMIT_HOME/pre-commit.log"
  exit 1
fi

# expect_commit ok|blocked DESCRIPTION [git commit ARGS...]
# Runs `git commit` (with the pre-commit hook) and checks its outcome; the
# output is left in $work/out.
expect_commit() {
  local expected=$1 description=$2
  shift 2
  local head_before head_after status=0
  head_before=$(git rev-parse -q --verify HEAD || true)
  git commit -q "$@" < /dev/null > "$work/out" 2>&1 || status=$?
  head_after=$(git rev-parse -q --verify HEAD || true)
  case $expected in
    ok)
      if [ "$status" -eq 0 ] && [ "$head_after" != "$head_before" ]; then
        pass "$description: git commit succeeded"
      else
        fail "$description: git commit should succeed, exit $status:"
        show "$work/out"
      fi
      ;;
    blocked)
      if [ "$status" -ne 0 ] && [ "$head_after" = "$head_before" ]; then
        pass "$description: git commit was blocked (exit $status)"
        show "$work/out"
      else
        fail "$description: git commit should be blocked, exit $status:"
        show "$work/out"
      fi
      ;;
  esac
}

# expect_output DESCRIPTION STRING... : each STRING is in $work/out.
expect_output() {
  local description=$1 missing=()
  shift
  for string in "$@"; do
    grep -qF -- "$string" "$work/out" || missing+=("$string")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    pass "$description: the output names $*"
  else
    fail "$description: the output does not name ${missing[*]}:"
    show "$work/out"
  fi
}

# expect_staged DESCRIPTION FILE... : exactly these files are staged.
expect_staged() {
  local description=$1 staged
  shift
  staged=$(git diff --cached --name-only | tr '\n' ' ')
  if [ "$staged" = "$* " ]; then
    pass "$description: only $* staged"
  else
    fail "$description: staged files are '$staged', expected '$*'"
  fi
}

write_spawn() {
  cat > spawn.c <<EOF
#include <unistd.h>

void log_child(const char *msg);

/* $1 */
int spawn(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        log_child("child started");
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}
EOF
}

write_logsink_syslog() {
  cat > logsink.c <<'EOF'
#include <syslog.h>

void log_child(const char *msg)
{
    syslog(LOG_INFO, "%s", msg);
}
EOF
}

write_logsink_write() {
  cat > logsink.c <<'EOF'
#include <string.h>
#include <unistd.h>

void log_child(const char *msg)
{
    write(2, msg, strlen(msg));
    write(2, "\n", 1);
}
EOF
}

start=$SECONDS

# 0. The configuration alone: no C, C++ or Rust file, the hook is skipped.
git add .pre-commit-config.yaml
expect_commit ok "0 (.pre-commit-config.yaml only, the hook has no file to check)" -m "pre-commit config"
expect_output "0" "(no files to check)Skipped"

# 1. spawn.c's fork child calls log_child(), which logsink.c defines with
#    syslog(): blocked, and the finding points into logsink.c.
write_spawn "Starts a child process."
write_logsink_syslog
git add spawn.c logsink.c
expect_commit blocked "1 (spawn.c + logsink.c with syslog)" -m "spawn a child"
expect_output "1" FL001 syslog logsink.c

# 2. log_child() only calls write(2, ...): the same commit goes through.
write_logsink_write
git add logsink.c
expect_commit ok "2 (log_child() only calls write)" -m "spawn a child"
expect_output "2" "forklint...." "Passed"

# 3. syslog() comes back into logsink.c through a commit made without the
#    hook; then a commit that stages only spawn.c is blocked, since spawn.c
#    holds the fork of the finding (logsink.c is committed and unchanged).
write_logsink_syslog
git add logsink.c
git commit -q --no-verify -m "log with syslog (hook skipped)"
write_spawn "Starts a child process; the child logs, then execs."
git add spawn.c
expect_staged "3" spawn.c
expect_commit blocked "3 (only spawn.c staged, syslog in committed logsink.c)" -m "comment"
expect_output "3" FL001 syslog logsink.c

# 4. The same with logsink.c fixed in the work tree but not staged: pre-commit
#    checks what is staged (it stashes unstaged changes), so still blocked.
write_logsink_write
expect_staged "4" spawn.c
expect_commit blocked "4 (only spawn.c staged, the fix to logsink.c unstaged)" -m "comment"
expect_output "4" FL001 syslog logsink.c
if grep -qF "syslog" logsink.c; then
  fail "4: pre-commit did not restore the unstaged change to logsink.c"
else
  pass "4: pre-commit restored the unstaged change to logsink.c"
fi

# 5. A staged file that the finding does not involve: the finding in
#    logsink.c is not reported and the commit goes through.
git stash -q  # set the changes to spawn.c and logsink.c aside
echo 'int add(int a, int b) { return a + b; }' > util.c
git add util.c
expect_commit ok "5 (only util.c staged, which the finding does not involve)" -m "add util.c"
expect_output "5" "forklint...." "Passed"
git stash pop -q

# 6. Staging the fix to logsink.c as well: the commit goes through.
git add logsink.c spawn.c
expect_commit ok "6 (spawn.c and the fixed logsink.c staged)" -m "log with write"
expect_output "6" "forklint...." "Passed"

say "scenario ran in $(elapsed "$start")"
if [ "$failures" -ne 0 ]; then
  say "$failures check(s) failed"
  exit 1
fi
say "all checks passed (pre-commit $PRE_COMMIT_VERSION)"
