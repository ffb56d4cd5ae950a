// Case: `libc::pthread_atfork(None, None, Some(handler))`: the child handler's body
// is a child context; the prepare and parent handlers are not.
extern "C" fn atfork_rust_prepare() {
    println!("prepare");                                     /* no finding: runs in the parent */
}

extern "C" fn atfork_rust_child() {
    eprintln!("in the child");                               //~ FL001
}

pub fn bad_register_atfork() {
    unsafe {
        libc::pthread_atfork(Some(atfork_rust_prepare), None, Some(atfork_rust_child));
    }
}
