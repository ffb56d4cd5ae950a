//! `cargo forklint`: runs `forklint check` on the Rust sources of the current
//! Cargo workspace's packages, found with `cargo metadata`.
//!
//! Cargo runs it as `cargo-forklint forklint [ARGS]`; the leading `forklint`
//! is dropped. Options: `--manifest-path`, `-p/--package` (repeatable),
//! `--workspace`, and every `forklint check` option. Exit codes are those of
//! `forklint check`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|arg| arg == "forklint") {
        args.remove(1);
    }
    match forklint::cli::cargo::run(args) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            eprintln!("cargo forklint failed");
            for cause in err.chain() {
                eprintln!("  cause: {cause}");
            }
            ExitCode::from(2)
        }
    }
}
