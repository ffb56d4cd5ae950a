// Case: a `macro_rules!` macro defined in the crate is followed: `die!` logs and exits.
use std::ffi::CString;

macro_rules! die {
    ($($arg:tt)*) => {{
        eprintln!($($arg)*);
        std::process::exit(1)
    }};
}

pub fn bad_macro_in_child(path: &CString, argv: &[*const libc::c_char]) {
    if unsafe { libc::fork() } == 0 {
        unsafe { libc::execv(path.as_ptr(), argv.as_ptr()) };
        die!("exec failed");                                 //~ FL001 //~ FL001
    }
}
