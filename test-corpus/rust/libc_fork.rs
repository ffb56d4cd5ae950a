// Case: `libc::fork()` in Rust: `if pid == 0`, `match pid { 0 => .., -1 => .., _ => .. }`.
// Only the child arm runs in the child; the parent and error arms are never reported.
use std::ffi::CString;

pub fn bad_rust_if_pid_zero(path: &CString, argv: &[*const libc::c_char]) {
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        println!("child starting");                          //~ FL001
        unsafe {
            libc::execv(path.as_ptr(), argv.as_ptr());
            libc::_exit(127);
        }
    }
    println!("parent: child is {}", pid);                    /* no finding: parent */
}

pub fn bad_rust_match_pid(path: &CString, argv: &[*const libc::c_char]) {
    match unsafe { libc::fork() } {
        0 => {
            let msg = format!("exec {:?}", path);             //~ FL004
            unsafe {
                libc::write(2, msg.as_ptr() as *const libc::c_void, msg.len());
                libc::execv(path.as_ptr(), argv.as_ptr());
                libc::_exit(127);
            }
        }
        -1 => eprintln!("fork failed"),                      /* no finding: fork failed */
        child => println!("started {}", child),              /* no finding: parent */
    }
}

pub fn ok_rust_child_only_safe_calls(path: &CString, argv: &[*const libc::c_char], fd: i32) {
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        unsafe {
            libc::dup2(fd, 1);
            libc::close(fd);
            libc::execv(path.as_ptr(), argv.as_ptr());
            libc::_exit(127);
        }
    }
}

pub fn bad_rust_exit_in_child(path: &CString, argv: &[*const libc::c_char]) {
    if unsafe { libc::fork() } == 0 {
        unsafe { libc::execv(path.as_ptr(), argv.as_ptr()) };
        std::process::exit(127);                             //~ FL001: _exit
    }
}
