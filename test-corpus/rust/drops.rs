// Case: values that own heap memory are dropped where their scope ends or the
// function returns; in a fork child that is a `free()`, typically on the failed-exec
// path (`execv` returned, the function returns an error).
use std::ffi::CString;
use std::io;

pub fn bad_drop_on_failed_exec(path: &CString, argv: &[*const libc::c_char]) -> io::Result<()> {
    let banner = format!("running {:?}", path);              /* no finding: before the fork */
    if unsafe { libc::fork() } == 0 {
        unsafe { libc::execv(path.as_ptr(), argv.as_ptr()) };
        return Err(io::Error::last_os_error());              //~ FL004: dropping `banner`
    }
    println!("{}", banner);                                  /* no finding: parent */
    Ok(())
}

pub fn ok_no_owned_values_in_child(path: &CString, argv: &[*const libc::c_char]) -> io::Result<()> {
    let fd = unsafe { libc::dup(1) };
    if unsafe { libc::fork() } == 0 {
        unsafe {
            libc::dup2(fd, 1);
            libc::execv(path.as_ptr(), argv.as_ptr());
            libc::_exit(127);
        }
    }
    Ok(())
}
