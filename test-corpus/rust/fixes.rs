// Case fixes (Rust): `std::process::exit` in a fork child becomes `libc::_exit`; an
// `io::Error::other` returned after a failed libc call becomes `io::Error::last_os_error()`;
// one returned for another reason keeps its message (no fix).
use std::io;
use std::os::unix::process::CommandExt;
use std::process::Command;

pub fn fixes_rust_exit(path: &std::ffi::CString, argv: &[*const libc::c_char]) {
    if unsafe { libc::fork() } == 0 {
        unsafe { libc::execv(path.as_ptr(), argv.as_ptr()) };
        std::process::exit(126);                                 //~ FL001: fix: replace `std::process::exit` with `libc::_exit`
    }
}

pub fn fixes_rust_errors(cmd: &mut Command, tty: bool) {
    unsafe {
        cmd.pre_exec(move || {
            let rc = libc::setsid();
            if rc == -1 {
                return Err(io::Error::other("setsid failed"));   //~ FL001: fix: return `io::Error::last_os_error()`
            }
            if tty {
                return Err(io::Error::new(io::ErrorKind::Other, "no tty")); //~ FL001
            }
            Ok(())
        });
    }
}
