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
