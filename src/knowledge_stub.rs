//! Temporary stand-in for the knowledge base while it is being written.
use std::path::Path;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LibcProfile { #[default] Glibc, Musl, Posix }
impl std::str::FromStr for LibcProfile { type Err = (); fn from_str(s: &str) -> Result<Self, ()> { match s { "glibc" => Ok(Self::Glibc), "musl" => Ok(Self::Musl), "posix" => Ok(Self::Posix), _ => Err(()) } } }
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContextKind { ForkChild, RawForkChild, VforkChild, AtforkChild, CloneChild, PreExec, SignalHandler }
impl ContextKind { pub fn as_str(self) -> &'static str { match self { Self::ForkChild => "fork-child", Self::RawForkChild => "fork-child", Self::VforkChild => "vfork-child", Self::AtforkChild => "atfork-child", Self::CloneChild => "clone-child", Self::PreExec => "pre-exec", Self::SignalHandler => "signal-handler" } } }
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role { Exec, NoReturn, Fork, RawFork, Vfork, AtforkRegister { child_arg: usize }, Clone { fn_arg: usize } }
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety { Safe, Unsafe, AllocOnly }
#[derive(Debug, Clone)]
pub struct Verdict { pub safety: Safety, pub tags: Vec<String>, pub note: String, pub instead: Option<String>, pub cite: String, pub profile_note: Option<String>, pub source: String }
#[derive(Debug, Default)]
pub struct Knowledge;
#[derive(Debug, thiserror::Error)]
#[error("bad rules")]
pub struct KnowledgeError;
impl Knowledge {
    pub fn builtin() -> Knowledge { Knowledge }
    pub fn add_user_rules(&mut self, _: &Path, _: &str) -> Result<(), KnowledgeError> { Ok(()) }
    pub fn role(&self, name: &str) -> Option<Role> {
        Some(match name {
            "execve"|"execv"|"execvp"|"execl"|"execlp"|"execle"|"execvpe" => Role::Exec,
            "exit"|"_exit"|"_Exit"|"abort" => Role::NoReturn,
            "fork"|"forkpty" => Role::Fork, "_Fork" => Role::RawFork, "vfork" => Role::Vfork,
            "pthread_atfork" => Role::AtforkRegister { child_arg: 2 },
            _ => return None })
    }
    pub fn is_known(&self, name: &str) -> bool { self.verdict(name, LibcProfile::Glibc, ContextKind::ForkChild).is_some() }
    pub fn verdict(&self, name: &str, _p: LibcProfile, c: ContextKind) -> Option<Verdict> {
        let mk = |s, note: &str| Some(Verdict { safety: s, tags: vec![], note: note.to_string(), instead: None, cite: String::new(), profile_note: None, source: String::new() });
        match name {
            "write"|"read"|"close"|"dup"|"dup2"|"open"|"pipe"|"_exit"|"_Exit"|"execve"|"execv"|"execvp"|"execl"|"execlp"|"execle"|"kill"|"getpid"|"sigaction"|"sigprocmask"|"signal"|"chdir"|"setsid"|"setpgid"|"setuid"|"setgid"|"closefrom"|"close_range"|"getenv"|"strlen"|"strcpy"|"memcpy"|"strchr"|"memset"|"fork"|"forkpty"|"abort"|"va_start"|"va_end"|"waitpid"|"fcntl"|"strncpy"|"strcmp" => mk(Safety::Safe, ""),
            "malloc"|"free"|"calloc"|"realloc"|"strdup"|"strndup"|"operator new"|"operator delete"|"throw"|"std::string"|"std::vector" if c == ContextKind::ForkChild || c == ContextKind::AtforkChild => mk(Safety::AllocOnly, "allocates"),
            "malloc"|"free"|"calloc"|"realloc"|"strdup"|"strndup"|"operator new"|"operator delete"|"throw"|"std::string"|"std::vector" => mk(Safety::Unsafe, "allocates"),
            "closelog"|"syslog"|"openlog" => mk(Safety::Unsafe, "takes glibc's syslog lock, which fork() does not reset"),
            "exit" => mk(Safety::Unsafe, "runs atexit handlers; use _exit"),
            _ if name.starts_with("std::vector") || name.starts_with("std::string") => mk(Safety::AllocOnly, "allocates"),
            "printf"|"fprintf"|"puts"|"perror"|"setenv"|"putenv"|"localtime"|"strftime"|"getpwnam"|"strerror"|"fopen"|"pthread_mutex_lock"|"gettext"|"dlopen"|"vfprintf"|"std::cout"|"std::cerr"|"fputs"|"fflush"|"sprintf"|"snprintf"|"vsnprintf" => mk(Safety::Unsafe, "is not async-signal-safe"),
            _ => None,
        }
    }
}
