//! JSON-RPC over standard input and output, with LSP's `Content-Length`
//! framing, into an `lsp_server::Connection`.
//!
//! `lsp_server`'s own stdio transport stops reading at the first malformed
//! message; this one answers it as JSON-RPC says (a parse error or an invalid
//! request, with a `null` id when none can be read) and reads on. It ends at
//! the end of input or after the `exit` notification.

use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, ErrorCode, Message};
use serde_json::Value;

/// The threads behind a stdio connection.
pub struct IoThreads {
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits until everything sent on the connection is written. The reader is
    /// left alone: it may be blocked on input that never comes.
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

pub fn stdio() -> (Connection, IoThreads) {
    let (to_server, from_client) = bounded::<Message>(0);
    let (to_client, from_server) = bounded::<Message>(16);
    let writer = thread::Builder::new()
        .name("forklint-lsp-writer".to_string())
        .spawn(move || write_loop(&from_server))
        .expect("failed to start the writer thread");
    thread::Builder::new()
        .name("forklint-lsp-reader".to_string())
        .spawn(move || {
            let stdin = io::stdin();
            read_loop(&mut stdin.lock(), &to_server, &mut || io::stdout().lock())
        })
        .expect("failed to start the reader thread");
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, IoThreads { writer })
}

fn write_loop(messages: &Receiver<Message>) -> io::Result<()> {
    for message in messages {
        // Each frame is written under the lock, so the reader's error replies
        // never interleave with it.
        message.write(&mut io::stdout().lock())?;
    }
    Ok(())
}

/// Reads frames until the end of input or `exit`; hands messages to the
/// server and answers malformed ones on `reply_to`.
pub fn read_loop<W: Write>(
    input: &mut dyn BufRead,
    server: &Sender<Message>,
    reply_to: &mut dyn FnMut() -> W,
) -> io::Result<()> {
    loop {
        let body = match read_frame(input)? {
            Frame::End => return Ok(()),
            Frame::Body(body) => body,
            Frame::BadHeader(problem) => {
                write_error(
                    &mut reply_to(),
                    Value::Null,
                    ErrorCode::ParseError,
                    &problem,
                )?;
                continue;
            }
        };
        match parse(&body) {
            Ok(message) => {
                let is_exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if server.send(message).is_err() || is_exit {
                    return Ok(());
                }
            }
            Err(Some((id, code, problem))) => write_error(&mut reply_to(), id, code, &problem)?,
            // A malformed notification or response gets no answer.
            Err(None) => {}
        }
    }
}

enum Frame {
    End,
    Body(Vec<u8>),
    BadHeader(String),
}

fn read_frame(input: &mut dyn BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = String::new();
    let mut n_lines = 0;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(Frame::End);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if n_lines == 0 {
                // Stray blank lines between frames.
                continue;
            }
            break;
        }
        n_lines += 1;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse()
                    .map_err(|_| format!("invalid Content-Length `{}`", value.trim())),
            );
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(problem)) => return Ok(Frame::BadHeader(problem)),
        None => return Ok(Frame::BadHeader("no Content-Length header".to_string())),
    };
    let mut body = vec![0; length];
    match input.read_exact(&mut body) {
        Ok(()) => Ok(Frame::Body(body)),
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => Ok(Frame::End),
        Err(err) => Err(err),
    }
}

/// A message, or the error to answer (none for notifications and responses).
fn parse(body: &[u8]) -> Result<Message, Option<(Value, ErrorCode, String)>> {
    let value: Value = serde_json::from_slice(body).map_err(|err| {
        Some((
            Value::Null,
            ErrorCode::ParseError,
            format!("parse error: {err}"),
        ))
    })?;
    if !value.is_object() {
        return Err(Some((
            Value::Null,
            ErrorCode::InvalidRequest,
            "invalid request: expected a JSON object (batches are not supported)".to_string(),
        )));
    }
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    let is_request = value.get("method").is_some() && value.get("id").is_some();
    match serde_json::from_value::<Message>(value.clone()) {
        Ok(message) => Ok(message),
        Err(err) if is_request || value.get("method").is_none() && id.is_null() => Err(Some((
            id,
            ErrorCode::InvalidRequest,
            format!("invalid request: {err}"),
        ))),
        Err(_) => Err(None),
    }
}

fn write_error(out: &mut dyn Write, id: Value, code: ErrorCode, message: &str) -> io::Result<()> {
    let reply = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{reply}", reply.len())?;
    out.flush()
}
