// Case: a binary crate of the `cargo forklint` workspace: a fork child that prints
// before it execs.
fn main() {
    let path = std::ffi::CString::new("/bin/true").unwrap();
    let argv = [path.as_ptr(), std::ptr::null()];
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        println!("beta child");                              //~ FL001
        unsafe {
            libc::execv(path.as_ptr(), argv.as_ptr());
            libc::_exit(127);
        }
    }
    println!("beta parent");                                 /* no finding: parent */
}
