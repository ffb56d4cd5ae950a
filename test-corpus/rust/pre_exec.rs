// Case: `CommandExt::pre_exec` closures run in the child between fork and exec:
// inline, passed as a variable, passed as a function item, and the deprecated
// `before_exec`. Allocation there is an error (std may fork with clone3/vfork-like
// paths, and the rust-lang/rust#148971 pattern `io::Error::other` allocates).
use std::io;
use std::os::unix::process::CommandExt;
use std::process::Command;

pub fn bad_pre_exec_inline(cmd: &mut Command) {
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(io::Error::other("setsid failed"));   //~ FL001: last_os_error
            }
            Ok(())
        });
    }
}

pub fn ok_pre_exec_last_os_error(cmd: &mut Command) {
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(io::Error::last_os_error());
            }
            libc::close(3);
            Ok(())
        });
    }
}

pub fn bad_pre_exec_variable(cmd: &mut Command, dir: String) {
    let hook = move || {
        std::env::set_var("PWD", &dir);                      //~ FL001: deadlock
        Ok(())
    };
    unsafe {
        cmd.pre_exec(hook);
    }
}

fn pre_exec_fn_item() -> io::Result<()> {
    let message = "child".to_string();                       //~ FL001
    let _ = message;
    Ok(())                                                   //~ FL001: dropping `message`
}

pub fn bad_pre_exec_fn_item(cmd: &mut Command) {
    unsafe {
        cmd.pre_exec(pre_exec_fn_item);
    }
}

#[allow(deprecated)]
pub fn bad_before_exec(cmd: &mut Command) {
    cmd.before_exec(|| {
        let boxed = Box::new(7);                             //~ FL001
        let _ = boxed;
        Ok(())                                                   //~ FL001: dropping `boxed`
    });
}

pub fn ok_closure_not_registered() -> impl Fn() -> String {
    || format!("never runs in a child")                      /* no finding: not a pre_exec closure */
}

pub fn bad_fork_inside_pre_exec(cmd: &mut Command, path: &std::ffi::CString, argv: &[*const libc::c_char]) {
    unsafe {
        cmd.pre_exec(move || {
            match libc::fork() {
                0 => {
                    println!("grandchild");                  //~ FL001
                    libc::execv(path.as_ptr(), argv.as_ptr());
                    libc::_exit(127);
                }
                -1 => return Err(io::Error::last_os_error()),
                _ => libc::_exit(0),
            }
        });
    }
}

pub fn bad_unwrap_in_pre_exec(cmd: &mut Command) {
    unsafe {
        cmd.pre_exec(|| {
            let fd = std::num::NonZeroI32::new(3).unwrap();  //~ FL005
            libc::close(fd.get());
            Ok(())
        });
    }
}
