//! `forklint lsp`: a language server over standard input and output.
//!
//! `server` speaks the protocol on the main thread; `world` keeps the
//! workspace's files and their lowered IR on a thread of its own and analyses
//! after each change, so requests are answered while it works; `requests`
//! answers hover and code actions from the findings last published; `convert`
//! turns findings into LSP types; `transport` reads and writes the frames and
//! answers malformed ones. Only this module knows about LSP.

pub mod convert;
pub mod requests;
pub mod server;
pub mod transport;
pub mod world;

pub use server::main_loop;

/// Serves one client on standard input and output until it exits. Returns
/// whether it shut the server down first, as the protocol asks before `exit`.
pub fn run() -> anyhow::Result<bool> {
    let (connection, io_threads) = transport::stdio();
    let clean = main_loop(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(clean)
}
