// Case: a library crate of the `cargo forklint` workspace: a `pre_exec` closure that
// allocates through a helper in another module of the crate.
mod child;

use std::os::unix::process::CommandExt;
use std::process::Command;

pub fn bad_alpha_spawn(cmd: &mut Command) {
    unsafe {
        cmd.pre_exec(|| {
            child::alpha_prepare()?;
            Ok(())
        });
    }
}

pub fn ok_alpha_spawn(cmd: &mut Command) {
    cmd.current_dir("/");                                    /* no finding: a Command builder method */
}
