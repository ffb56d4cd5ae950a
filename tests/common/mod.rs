//! Helpers shared by the integration tests: throwaway trees and runs of the
//! real binary in them.

#![allow(dead_code)] // Each test file uses a different subset.

use std::path::PathBuf;
use std::process::Command;

/// A fork child that calls `closelog()` before `execv`: one FL001 finding,
/// at line 7, column 9.
pub const CLOSELOG_CHILD: &str = r#"#include <syslog.h>
#include <unistd.h>

void spawn(char *const argv[]) {
    pid_t pid = fork();
    if (pid == 0) {
        closelog();
        execv(argv[0], argv);
        _exit(127);
    }
}
"#;

/// A temporary directory, removed when dropped.
pub struct Tree {
    pub dir: PathBuf,
}

impl Tree {
    pub fn new(name: &str) -> Tree {
        let dir = std::env::temp_dir().join(format!("forklint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Tree { dir }
    }

    /// Writes a file, creating its directories.
    pub fn write(&self, name: &str, text: &str) {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create directories");
        }
        std::fs::write(path, text).expect("write file");
    }

    /// Runs `forklint ARGS` in the tree: (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_in("", args)
    }

    /// Runs `forklint ARGS` in a subdirectory of the tree.
    pub fn run_in(&self, sub: &str, args: &[&str]) -> (i32, String, String) {
        self.run_with_env(sub, &[], args)
    }

    /// Runs `forklint ARGS` in a subdirectory with extra environment variables.
    pub fn run_with_env(
        &self,
        sub: &str,
        env: &[(&str, &str)],
        args: &[&str],
    ) -> (i32, String, String) {
        let dir = self.dir.join(sub);
        std::fs::create_dir_all(&dir).expect("create the working directory");
        let output = Command::new(env!("CARGO_BIN_EXE_forklint"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(dir)
            .output()
            .expect("forklint runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Whether libclang can be used; when it cannot, says so on the real
/// standard error (which the test harness does not capture) so that a skip is
/// visible, and fails instead under `FORKLINT_REQUIRE_CLANG=1` (`.ci/run`).
pub fn clang_or_skip(test: &str) -> bool {
    use std::io::Write;
    match forklint::frontend::clang::Library::load() {
        Ok(_) => true,
        Err(why) => {
            assert!(
                std::env::var_os("FORKLINT_REQUIRE_CLANG").is_none(),
                "{test}: FORKLINT_REQUIRE_CLANG is set but {why}"
            );
            let _ = writeln!(std::io::stderr(), "{test}: skipped: {why}");
            false
        }
    }
}
