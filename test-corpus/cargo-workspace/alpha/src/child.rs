// Case (continued): the helper the `pre_exec` closure calls, in another file of the crate.
use std::io;

pub fn alpha_prepare() -> io::Result<()> {
    if unsafe { libc::setsid() } == -1 {
        return Err(io::Error::new(io::ErrorKind::Other, "setsid")); //~ FL001
    }
    Ok(())
}
