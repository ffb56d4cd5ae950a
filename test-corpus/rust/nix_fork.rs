// Case: `nix::unistd::fork()`: `match` on `ForkResult`, `if let`, `let ... else`, and a
// fork wrapper that returns the `ForkResult` to its caller.
use nix::unistd::{execv, fork, ForkResult};
use std::ffi::CString;

pub fn bad_nix_match(path: &CString, args: &[CString]) {
    match unsafe { fork() } {
        Ok(ForkResult::Child) => {
            let owned = path.to_owned();                     //~ FL004
            let _ = execv(&owned, args);                     //~ FL004: Vec
            unsafe { libc::_exit(127) };
        }
        Ok(ForkResult::Parent { child }) => {
            println!("child {}", child);                     /* no finding: parent */
        }
        Err(err) => eprintln!("fork failed: {}", err),       /* no finding: no child */
    }
}

pub fn bad_nix_if_let(path: &CString, argv: &[*const libc::c_char]) {
    if let Ok(ForkResult::Child) = unsafe { fork() } {
        let _guard = std::env::var("HOME");                  //~ FL001
        unsafe {
            libc::execv(path.as_ptr(), argv.as_ptr());
            libc::_exit(127);
        }
    }
    println!("parent continues");                            /* no finding: parent */
}

pub fn bad_nix_let_else(path: &CString, argv: &[*const libc::c_char]) -> nix::Result<()> {
    let ForkResult::Parent { child } = (unsafe { fork() })? else {
        log::info!("in the child");                          //~ FL001
        unsafe {
            libc::execv(path.as_ptr(), argv.as_ptr());
            libc::_exit(127);
        }
    };
    println!("parent of {}", child);                         /* no finding: parent */
    Ok(())
}

fn spawn_wrapper_fork() -> nix::Result<ForkResult> {
    unsafe { fork() }
}

pub fn bad_nix_wrapper_caller(path: &CString, argv: &[*const libc::c_char]) {
    match spawn_wrapper_fork() {
        Ok(ForkResult::Child) => {
            let v = vec![1, 2, 3];                           //~ FL004
            let _ = v;
            unsafe {
                libc::execv(path.as_ptr(), argv.as_ptr());
                libc::_exit(127);
            }
        }
        _ => println!("parent or error"),                    /* no finding: not the child */
    }
}

fn pid_wrapper_fork() -> libc::pid_t {
    unsafe { libc::fork() }
}

pub fn bad_pid_wrapper_caller(path: &CString, argv: &[*const libc::c_char]) {
    let pid = pid_wrapper_fork();
    if pid == 0 {
        let name = String::from("child");                    //~ FL004
        let _ = name;
        unsafe {
            libc::execv(path.as_ptr(), argv.as_ptr());
            libc::_exit(127);
        }
    }
    println!("parent {}", pid);                              /* no finding: parent */
}

// The child execs through std's `CommandExt::exec` (rexpect's and ptyprocess's
// pty spawn): it is an exec child, not a daemon, and `exec` itself allocates
// and takes std's environment lock. Before, no exec was known and the whole
// child was one FL003.
pub fn bad_nix_command_exec(mut command: std::process::Command) -> nix::Result<i32> {
    use std::os::unix::process::CommandExt;
    match unsafe { fork()? } {
        ForkResult::Child => {
            nix::unistd::setsid()?;
            let _ = command.exec();                          //~ FL001
            unsafe { libc::_exit(127) }
        }
        ForkResult::Parent { child } => Ok(child.as_raw()),  /* no finding: parent */
    }
}

// A wrapper whose child returns `Err` when its exec fails (rexpect's
// PtyProcess::new): the caller's `?` returns that `Err` at once, so the code
// after it runs only in the parent; the child's own failure path is reported.
pub struct Pty {
    pub child: i32,
}

fn pty_spawn(mut command: std::process::Command) -> nix::Result<Pty> {
    use std::os::unix::process::CommandExt;
    match unsafe { fork()? } {
        ForkResult::Child => {
            nix::unistd::setsid()?;
            let _ = command.exec();                          //~ FL001
            Err(nix::Error::EIO)
        }
        ForkResult::Parent { child } => Ok(Pty { child: child.as_raw() }),
    }
}

pub fn pty_session(command: std::process::Command) -> nix::Result<String> {
    let pty = pty_spawn(command)?;
    Ok(format!("child {}", pty.child))                       /* no finding: the child returned Err above */
}

// The child's setup written as an immediately invoked closure (ptyprocess's
// `let err = || -> Result<()> { ...; command.exec(); ... }().unwrap_err();`):
// its body is the child's code, and the exec in it makes an exec child.
pub fn spawn_with_setup(mut command: std::process::Command, fd: i32) -> nix::Result<i32> {
    use std::os::unix::process::CommandExt;
    match unsafe { fork()? } {
        ForkResult::Child => {
            let err = (|| -> nix::Result<()> {
                nix::unistd::dup2(fd, 0)?;
                let _ = command.exec();                      //~ FL001
                Err(nix::Error::EIO)
            })();
            let _ = err;
            unsafe { libc::_exit(127) }
        }
        ForkResult::Parent { child } => Ok(child.as_raw()),
    }
}
