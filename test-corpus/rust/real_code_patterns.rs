// Case: patterns seen in real terminal emulators and shells (rewritten, not copied):
// a guarded match arm for the parent, a function passed by path to a combinator in a
// `pre_exec` helper, a double fork inside `pre_exec` whose child returns (and is then
// exec'd by std), and Windows-only code that never runs where fork exists.
use std::io::{self, Error};
use std::os::unix::process::CommandExt;
use std::process::Command;

fn patterns_exec_shell(shell: &std::ffi::CString) {
    let argv = vec![shell.as_ptr(), std::ptr::null()];       //~ FL004
    unsafe { libc::execvp(shell.as_ptr(), argv.as_ptr()) };  //~ FL004: dropping `argv`
}

pub fn bad_patterns_guarded_parent(shell: &std::ffi::CString) -> Result<i32, Error> {
    match unsafe { libc::fork() } {
        0 => {
            patterns_exec_shell(shell);
            Err(Error::other("exec failed"))                 //~ FL004
        }
        id if id > 0 => {
            let name = format!("child {id}");                /* no finding: parent arm (guarded) */
            let _ = name;
            Ok(id)
        }
        _ => Err(Error::other("fork failed")),               /* no finding: no child */
    }
}

fn patterns_take_foreground() -> Result<(), io::Error> {
    patterns_fallible().map_err(io::Error::other)?;         //~ FL001
    Ok(())
}

fn patterns_fallible() -> Result<(), String> {
    Ok(())
}

pub fn bad_patterns_fn_passed_by_path(cmd: &mut Command) {
    unsafe {
        cmd.pre_exec(patterns_take_foreground);
    }
}

pub fn ok_patterns_double_fork_in_pre_exec(cmd: &mut Command) -> io::Result<()> {
    unsafe {
        cmd.pre_exec(|| {
            match libc::fork() {
                -1 => return Err(io::Error::last_os_error()),
                0 => (),
                _ => libc::_exit(0),
            }
            if libc::setsid() == -1 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
    Ok(())
}

#[cfg(windows)]
pub fn ok_patterns_windows_only(cmd: &mut Command) {
    unsafe {
        cmd.pre_exec(|| {
            println!("never on a platform with fork");       /* no finding: cfg(windows) */
            Ok(())
        });
    }
}
