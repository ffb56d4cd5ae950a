//! The `forklint` binary: runs the command line and maps the result to an exit
//! code (0 clean, 1 findings, 2 forklint failed).

use std::process::ExitCode;

fn main() -> ExitCode {
    match forklint::cli::run(std::env::args_os()) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("forklint failed");
            for cause in err.chain() {
                eprintln!("  cause: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
