//! The protocol side of the server: the lifecycle (`initialize`, `shutdown`,
//! `exit`), the editor's documents, and the requests, answered on this thread
//! from the last findings the analysis thread sent.
//!
//! It never analyses: text changes become `Task`s for `world`, and `Event`s
//! from it become `publishDiagnostics` and log messages.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use crossbeam_channel::{Receiver, Sender, never, select, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileChangeType, HoverProviderCapability,
    InitializeParams, InitializeResult, MessageType, PublishDiagnosticsParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use serde_json::json;

use crate::check::Settings;
use clap::Parser as _;

use crate::cli::args::{Cli, Command};
use crate::lsp::convert;
use crate::lsp::requests::{CodeActionRequest, Findings};
use crate::lsp::world::{self, Discovery, Event, Task};

/// What `forklint check` analyses, by extension; other documents the editor
/// opens are left alone.
const SOURCE_EXTENSIONS: &[&str] = &[
    "c", "h", "cc", "cpp", "cxx", "hh", "hpp", "hxx", "C", "H", "rs",
];

const INDEX_PROGRESS_TOKEN: &str = "forklint/index";

/// Runs the server until `exit` or the end of input. Returns whether the
/// client shut it down first (the exit code is 0 then, 1 otherwise).
pub fn main_loop(connection: &Connection) -> Result<bool> {
    let (id, params) = loop {
        let Ok(message) = connection.receiver.recv() else {
            return Ok(false);
        };
        match message {
            Message::Request(request) if request.method == "initialize" => {
                match serde_json::from_value::<InitializeParams>(request.params) {
                    Ok(params) => break (request.id, params),
                    Err(err) => reply_error(
                        connection,
                        request.id,
                        ErrorCode::InvalidParams,
                        format!("invalid initialize parameters: {err}"),
                    )?,
                }
            }
            Message::Request(request) => reply_error(
                connection,
                request.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet".to_string(),
            )?,
            Message::Notification(notification) if notification.method == "exit" => {
                return Ok(false);
            }
            Message::Notification(_) | Message::Response(_) => {}
        }
    };
    let (mut server, events) = Server::new(connection, &params);
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "forklint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    connection
        .sender
        .send(Response::new_ok(id, result).into())
        .context("the client went away")?;
    server.run(&events)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp_types::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

fn reply_error(
    connection: &Connection,
    id: RequestId,
    code: ErrorCode,
    message: String,
) -> Result<()> {
    connection
        .sender
        .send(Response::new_err(id, code as i32, message).into())
        .context("the client went away")
}

/// The settings for a workspace: `forklint.toml` found from its root as
/// `forklint check ROOT` finds it, and the built-in knowledge base. Files are
/// read with tree-sitter: libclang needs a build, and is too slow to run on
/// every edit.
pub fn discovery(root: Option<&Path>) -> Result<Discovery> {
    let mut argv: Vec<OsString> = vec![
        "forklint".into(),
        "check".into(),
        "--frontend".into(),
        "tree-sitter".into(),
    ];
    argv.extend(root.map(OsString::from));
    let Command::Check(args) = Cli::try_parse_from(argv)?.command else {
        anyhow::bail!("`forklint check` arguments did not parse as `check`");
    };
    let loaded = crate::cli::check::load_config(&args)?;
    let settings = crate::cli::check::settings_with(&args, &loaded)?;
    let include = if loaded.config.include.is_empty() {
        None
    } else {
        let base = loaded.base_dir();
        Some((
            crate::cli::check::glob_set(&loaded.config.include)?,
            std::fs::canonicalize(&base).unwrap_or(base),
        ))
    };
    Ok(Discovery {
        settings,
        exclude: loaded.config.exclude.clone(),
        include,
    })
}

/// An open document: the editor's text.
struct Document {
    text: String,
    version: i32,
}

struct Server<'c> {
    connection: &'c Connection,
    /// To the analysis thread; `None` once shut down.
    tasks: Option<Sender<Task>>,
    roots: Vec<PathBuf>,
    documents: HashMap<Url, Document>,
    findings: Findings,
    work_done_progress: bool,
    watch_files: bool,
    n_requests_sent: i32,
    shut_down: bool,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, params: &InitializeParams) -> (Server<'c>, Receiver<Event>) {
        let roots = workspace_roots(params);
        let (tasks, task_receiver) = unbounded();
        let (event_sender, events) = unbounded();
        let discovery = match discovery(roots.first().map(PathBuf::as_path)) {
            Ok(discovery) => discovery,
            Err(err) => {
                let _ = event_sender.send(Event::Log(
                    MessageType::ERROR,
                    format!("forklint: {err:#}; using the default settings"),
                ));
                Discovery {
                    settings: Settings::new(crate::knowledge::Knowledge::builtin()),
                    exclude: Vec::new(),
                    include: None,
                }
            }
        };
        world::spawn(discovery, task_receiver, event_sender);
        let capabilities = &params.capabilities;
        let server = Server {
            connection,
            tasks: Some(tasks),
            roots,
            documents: HashMap::new(),
            findings: Findings::default(),
            work_done_progress: capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch_files: capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files)
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            n_requests_sent: 0,
            shut_down: false,
        };
        (server, events)
    }

    fn run(&mut self, events: &Receiver<Event>) -> Result<bool> {
        let mut events = events.clone();
        loop {
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(message) = message else {
                        return Ok(false);
                    };
                    match message {
                        Message::Request(request) => self.on_request(request)?,
                        Message::Notification(notification) if notification.method == "exit" => {
                            return Ok(self.shut_down);
                        }
                        Message::Notification(notification) => self.on_notification(notification)?,
                        Message::Response(_) => {}
                    }
                }
                recv(events) -> event => match event {
                    Ok(event) => self.on_event(event)?,
                    Err(_) => {
                        events = never();
                        if !self.shut_down {
                            self.log(MessageType::ERROR, "forklint: the analysis thread stopped".to_string())?;
                        }
                    }
                }
            }
        }
    }

    fn send(&self, message: impl Into<Message>) -> Result<()> {
        self.connection
            .sender
            .send(message.into())
            .context("the client went away")
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) -> Result<()> {
        self.send(Notification::new(method.to_string(), params))
    }

    fn log(&self, kind: MessageType, message: String) -> Result<()> {
        self.notify(
            "window/logMessage",
            lsp_types::LogMessageParams { typ: kind, message },
        )
    }

    fn request(&mut self, method: &str, params: impl serde::Serialize) -> Result<()> {
        self.n_requests_sent += 1;
        let id = RequestId::from(format!("forklint-{}", self.n_requests_sent));
        self.send(Request::new(id, method.to_string(), params))
    }

    fn task(&self, task: Task) {
        if let Some(tasks) = &self.tasks {
            let _ = tasks.send(task);
        }
    }

    fn on_request(&mut self, request: Request) -> Result<()> {
        let id = request.id.clone();
        if self.shut_down {
            return reply_error(
                self.connection,
                id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_string(),
            );
        }
        let result = match request.method.as_str() {
            "initialize" => {
                return reply_error(
                    self.connection,
                    id,
                    ErrorCode::InvalidRequest,
                    "the server is already initialized".to_string(),
                );
            }
            "shutdown" => {
                self.shut_down = true;
                self.tasks = None;
                Ok(serde_json::Value::Null)
            }
            "textDocument/hover" => serde_json::from_value(request.params)
                .map(|params| json!(self.findings.hover(&params))),
            "textDocument/codeAction" => serde_json::from_value(request.params)
                .map(|params: CodeActionRequest| json!(self.findings.code_actions(&params))),
            method => {
                return reply_error(
                    self.connection,
                    id,
                    ErrorCode::MethodNotFound,
                    format!("unknown method `{method}`"),
                );
            }
        };
        match result {
            Ok(value) => self.send(Response::new_ok(id, value)),
            Err(err) => reply_error(
                self.connection,
                id,
                ErrorCode::InvalidParams,
                format!("invalid parameters: {err}"),
            ),
        }
    }

    fn on_notification(&mut self, notification: Notification) -> Result<()> {
        if self.shut_down {
            return Ok(());
        }
        let method = notification.method.clone();
        let result = match method.as_str() {
            "initialized" => return self.start(),
            "textDocument/didOpen" => serde_json::from_value(notification.params)
                .map(|params: DidOpenTextDocumentParams| self.did_open(params)),
            "textDocument/didChange" => serde_json::from_value(notification.params)
                .map(|params: DidChangeTextDocumentParams| self.did_change(params)),
            "textDocument/didSave" => serde_json::from_value(notification.params)
                .map(|params: DidSaveTextDocumentParams| self.did_save(&params)),
            "textDocument/didClose" => serde_json::from_value(notification.params)
                .map(|params: DidCloseTextDocumentParams| self.did_close(&params)),
            "workspace/didChangeWatchedFiles" => serde_json::from_value(notification.params)
                .map(|params: DidChangeWatchedFilesParams| self.files_changed(&params)),
            "workspace/didChangeWorkspaceFolders" => serde_json::from_value(notification.params)
                .map(|params: DidChangeWorkspaceFoldersParams| self.folders_changed(&params)),
            // `$/cancelRequest` and the rest: requests are answered at once,
            // and notifications the server does not know are ignored.
            _ => return Ok(()),
        };
        match result {
            Ok(()) => Ok(()),
            Err(err) => self.log(
                MessageType::WARNING,
                format!("forklint: ignored `{method}` with invalid parameters: {err}"),
            ),
        }
    }

    /// After `initialized`: watches files, then indexes the workspace.
    fn start(&mut self) -> Result<()> {
        if self.watch_files {
            let patterns = [
                format!("**/*.{{{}}}", SOURCE_EXTENSIONS.join(",")),
                format!("**/{}", crate::config::FILE_NAME),
            ];
            let watchers: Vec<_> = patterns
                .into_iter()
                .map(|pattern| json!({ "globPattern": pattern }))
                .collect();
            self.request(
                "client/registerCapability",
                json!({ "registrations": [{
                    "id": "forklint-watched-files",
                    "method": "workspace/didChangeWatchedFiles",
                    "registerOptions": { "watchers": watchers },
                }]}),
            )?;
        }
        if self.roots.is_empty() {
            return Ok(());
        }
        if self.work_done_progress {
            self.request(
                "window/workDoneProgress/create",
                json!({ "token": INDEX_PROGRESS_TOKEN }),
            )?;
            self.notify(
                "$/progress",
                json!({ "token": INDEX_PROGRESS_TOKEN, "value": {
                    "kind": "begin", "title": "forklint: indexing", "cancellable": false,
                }}),
            )?;
        }
        self.task(Task::Index(self.roots.clone()));
        Ok(())
    }

    fn on_event(&mut self, event: Event) -> Result<()> {
        if self.shut_down {
            return Ok(());
        }
        match event {
            Event::Publish(reports) => {
                for report in reports {
                    let diagnostics = report
                        .findings
                        .iter()
                        .map(|finding| finding.diagnostic.clone())
                        .collect();
                    self.notify(
                        "textDocument/publishDiagnostics",
                        PublishDiagnosticsParams::new(
                            report.uri.clone(),
                            diagnostics,
                            report.version,
                        ),
                    )?;
                    self.findings.set(report.uri, report.findings);
                }
                Ok(())
            }
            Event::Log(kind, message) => self.log(kind, message),
            Event::Indexed { n_files, elapsed } => {
                let message = format!(
                    "forklint: indexed {n_files} files in {} ms",
                    elapsed.as_millis()
                );
                if self.work_done_progress {
                    self.notify(
                        "$/progress",
                        json!({ "token": INDEX_PROGRESS_TOKEN, "value": {
                            "kind": "end", "message": message,
                        }}),
                    )?;
                }
                self.log(MessageType::INFO, message)
            }
        }
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let is_source_language = matches!(document.language_id.as_str(), "c" | "cpp" | "rust");
        let is_source_file = file_path(&document.uri).is_some_and(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| SOURCE_EXTENSIONS.contains(&e))
        });
        if !is_source_language && !is_source_file {
            return;
        }
        self.documents.insert(
            document.uri.clone(),
            Document {
                text: document.text,
                version: document.version,
            },
        );
        self.analyse_document(&document.uri);
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            return;
        };
        for change in params.content_changes {
            match change.range {
                Some(range) => {
                    let start = convert::offset(&document.text, range.start);
                    let end = convert::offset(&document.text, range.end).max(start);
                    document.text.replace_range(start..end, &change.text);
                }
                None => document.text = change.text,
            }
        }
        document.version = params.text_document.version;
        self.analyse_document(&uri);
    }

    fn did_save(&mut self, params: &DidSaveTextDocumentParams) {
        if let (Some(text), Some(document)) = (
            &params.text,
            self.documents.get_mut(&params.text_document.uri),
        ) {
            document.text.clone_from(text);
        }
        self.analyse_document(&params.text_document.uri);
    }

    /// The disk's text replaces the editor's; a file outside the workspace
    /// is dropped, with its diagnostics.
    fn did_close(&mut self, params: &DidCloseTextDocumentParams) {
        let uri = &params.text_document.uri;
        if self.documents.remove(uri).is_none() {
            return;
        }
        let Some(path) = file_path(uri) else {
            return;
        };
        if self.roots.iter().any(|root| path.starts_with(root)) {
            self.task(Task::Reload(path));
        } else {
            self.task(Task::Remove(path));
        }
    }

    /// Sends an open document's text to be analysed.
    fn analyse_document(&self, uri: &Url) {
        let (Some(document), Some(path)) = (self.documents.get(uri), file_path(uri)) else {
            return;
        };
        self.task(Task::SetText {
            path,
            text: document.text.clone(),
            version: Some(document.version),
        });
    }

    fn files_changed(&mut self, params: &DidChangeWatchedFilesParams) {
        for change in &params.changes {
            // The editor's text wins over the disk's while it holds the file.
            if self.documents.contains_key(&change.uri) {
                continue;
            }
            let Some(path) = file_path(&change.uri) else {
                continue;
            };
            if path
                .file_name()
                .is_some_and(|name| name == crate::config::FILE_NAME)
            {
                self.reconfigure();
                continue;
            }
            self.task(match change.typ {
                FileChangeType::DELETED => Task::Remove(path),
                _ => Task::Reload(path),
            });
        }
    }

    fn reconfigure(&mut self) {
        match discovery(self.roots.first().map(PathBuf::as_path)) {
            Ok(discovery) => self.task(Task::Configure(Box::new(discovery))),
            Err(err) => {
                let _ = self.log(
                    MessageType::ERROR,
                    format!("forklint: {err:#}; keeping the previous settings"),
                );
            }
        }
    }

    fn folders_changed(&mut self, params: &DidChangeWorkspaceFoldersParams) {
        let added: Vec<PathBuf> = params
            .event
            .added
            .iter()
            .filter_map(|folder| folder.uri.to_file_path().ok())
            .collect();
        self.roots.extend(added.iter().cloned());
        if !added.is_empty() {
            self.task(Task::Index(added));
        }
    }
}

fn file_path(uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok()
}

fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|folder| file_path(&folder.uri))
        .collect();
    if !folders.is_empty() {
        return folders;
    }
    #[allow(deprecated)] // Older clients send only `rootUri` or `rootPath`.
    let root = params
        .root_uri
        .as_ref()
        .and_then(file_path)
        .or_else(|| params.root_path.as_ref().map(PathBuf::from));
    root.into_iter().collect()
}
