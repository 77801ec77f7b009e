//! The server's state and what it does with each message: documents open
//! and change, are checked (debounced) and their diagnostics published;
//! code actions and hovers are answered from the last check's findings.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kubeshape_core::fix::{fix_as, ignore_fix, Filter};
use kubeshape_core::{lint_with, Finding, Input, Options};
use serde_json::{json, Value};

use super::chart;
use super::config::{self, Config};
use super::convert::{self, Shown};
use super::text::{Position, Text};
use super::transport;
use super::workspace::{self, uri_to_path, Open, Unit};
use crate::repo::Source;

/// How long after the last change a document is checked: typing a word
/// checks it once.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// JSON-RPC error codes.
pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;
pub const SERVER_NOT_INITIALIZED: i64 = -32002;

/// One open document.
struct Doc {
    text: Text,
    version: Option<i64>,
    path: Option<PathBuf>,
    shown: Vec<Shown>,
    /// When it is due to be checked again.
    due: Option<Instant>,
}

/// What the server holds between messages.
pub struct Server<W: Write> {
    out: W,
    initialized: bool,
    shutdown: bool,
    root: Option<PathBuf>,
    options: Value,
    config: Config,
    crds: Vec<Source>,
    docs: HashMap<String, Doc>,
    /// How long each check took, for `kubeshape/stats` (the latency
    /// benchmark reads it).
    timings: Vec<Duration>,
}

/// What to do after a message.
pub enum Next {
    Go,
    Exit(u8),
}

impl<W: Write> Server<W> {
    pub fn new(out: W) -> Self {
        Server {
            out,
            initialized: false,
            shutdown: false,
            root: None,
            options: Value::Null,
            config: Config::default(),
            crds: Vec::new(),
            docs: HashMap::new(),
            timings: Vec::new(),
        }
    }

    pub fn shut_down(&self) -> bool {
        self.shutdown
    }

    fn send(&mut self, message: Value) {
        // A client that has gone away ends the session with the input's end.
        let _ = transport::write(&mut self.out, &message);
    }

    pub fn error(&mut self, id: Value, code: i64, message: &str) {
        self.send(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}));
    }

    fn reply(&mut self, id: Value, result: Value) {
        self.send(json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn show(&mut self, kind: u8, message: String) {
        self.notify(
            "window/showMessage",
            json!({"type": kind, "message": message}),
        );
    }

    /// The earliest moment a document is due to be checked.
    pub fn next_due(&self) -> Option<Instant> {
        self.docs.values().filter_map(|d| d.due).min()
    }

    /// Handles one message.
    pub fn handle(&mut self, message: Value) -> Next {
        let method = message
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let id = message.get("id").cloned();
        let params = message.get("params").cloned().unwrap_or(Value::Null);
        let Some(method) = method else {
            if id.is_none() || message.get("result").is_none() && message.get("error").is_none() {
                self.error(
                    id.unwrap_or(Value::Null),
                    INVALID_REQUEST,
                    "a message with no method",
                );
            }
            // Otherwise a response to a request of ours: nothing to do.
            return Next::Go;
        };
        match id {
            Some(id) => self.request(id, &method, &params),
            None => return self.notification(&method, &params),
        }
        Next::Go
    }

    fn request(&mut self, id: Value, method: &str, params: &Value) {
        if !self.initialized && method != "initialize" {
            return self.error(
                id,
                SERVER_NOT_INITIALIZED,
                "the server is not initialized yet",
            );
        }
        if self.shutdown {
            return self.error(id, INVALID_REQUEST, "the server is shutting down");
        }
        let result = match method {
            "initialize" => Ok(self.initialize(params)),
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/codeAction" => self.code_actions(params),
            "textDocument/hover" => self.hover(params),
            "kubeshape/stats" => Ok(self.stats()),
            _ => Err((
                METHOD_NOT_FOUND,
                format!("kubeshape does not handle {method}"),
            )),
        };
        match result {
            Ok(value) => self.reply(id, value),
            Err((code, why)) => self.error(id, code, &why),
        }
    }

    fn notification(&mut self, method: &str, params: &Value) -> Next {
        if method == "exit" {
            return Next::Exit(if self.shutdown { 0 } else { 1 });
        }
        if !self.initialized {
            return Next::Go;
        }
        let uri = params
            .pointer("/textDocument/uri")
            .and_then(Value::as_str)
            .map(str::to_owned);
        match (method, uri) {
            ("textDocument/didOpen", Some(uri)) => {
                let Some(text) = params.pointer("/textDocument/text").and_then(Value::as_str)
                else {
                    return Next::Go;
                };
                let doc = Doc {
                    text: Text::new(text.to_owned()),
                    version: params
                        .pointer("/textDocument/version")
                        .and_then(Value::as_i64),
                    path: uri_to_path(&uri),
                    shown: Vec::new(),
                    due: None,
                };
                self.docs.insert(uri.clone(), doc);
                self.check(&uri);
                self.touch_folder(&uri);
            }
            ("textDocument/didChange", Some(uri)) => {
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return Next::Go;
                };
                for change in params
                    .get("contentChanges")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let Some(new) = change.get("text").and_then(Value::as_str) else {
                        continue;
                    };
                    let range = change.get("range").and_then(|r| {
                        Some((
                            Position::from_json(r.get("start")?)?,
                            Position::from_json(r.get("end")?)?,
                        ))
                    });
                    doc.text.change(range, new);
                }
                doc.version = params
                    .pointer("/textDocument/version")
                    .and_then(Value::as_i64);
                doc.due = Some(Instant::now() + DEBOUNCE);
                self.touch_folder(&uri);
            }
            ("textDocument/didSave", Some(uri)) => self.touch_folder(&uri),
            ("textDocument/didClose", Some(uri)) => self.close(&uri),
            ("workspace/didChangeConfiguration", _) => {
                let settings = params.get("settings").cloned().unwrap_or(Value::Null);
                if settings.is_object() {
                    self.options = settings;
                }
                self.configure();
                self.touch_all();
            }
            ("workspace/didChangeWatchedFiles", _) => {
                self.configure();
                self.touch_all();
            }
            _ => {}
        }
        Next::Go
    }

    /// A document closed: its diagnostics cleared, its folder's others
    /// checked again.
    fn close(&mut self, uri: &str) {
        if self.docs.remove(uri).is_some() {
            self.notify(
                "textDocument/publishDiagnostics",
                json!({"uri": uri, "diagnostics": []}),
            );
            self.touch_folder(uri);
        }
    }

    fn initialize(&mut self, params: &Value) -> Value {
        self.initialized = true;
        let root = params
            .pointer("/workspaceFolders/0/uri")
            .or_else(|| params.get("rootUri"))
            .and_then(Value::as_str)
            .and_then(uri_to_path)
            .or_else(|| {
                params
                    .get("rootPath")
                    .and_then(Value::as_str)
                    .map(PathBuf::from)
            });
        self.root = root;
        self.options = params
            .get("initializationOptions")
            .cloned()
            .unwrap_or(Value::Null);
        self.configure();
        json!({
            "capabilities": {
                "positionEncoding": "utf-16",
                "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
                "codeActionProvider": {"codeActionKinds": ["quickfix", "source.fixAll.kubeshape"]},
                "hoverProvider": true,
            },
            "serverInfo": {"name": "kubeshape", "version": env!("CARGO_PKG_VERSION")},
        })
    }

    /// Reads the settings again (the workspace's file, the client's
    /// options) and the CRDs they name.
    fn configure(&mut self) {
        self.config = config::read(self.root.as_deref(), &self.options);
        let (crds, problems) = workspace::read_crds(&config::crd_files(&self.config.settings));
        self.crds = crds;
        let problems: Vec<String> = self
            .config
            .problems
            .iter()
            .cloned()
            .chain(problems)
            .collect();
        if !problems.is_empty() {
            let head = self
                .config
                .lang
                .pick("kubeshape settings", "kubeshape 设置");
            self.show(2, format!("{head}: {}", problems.join("; ")));
        }
    }

    /// Checks the other open documents of `uri`'s folder again soon (their
    /// cross-object findings may have changed).
    fn touch_folder(&mut self, uri: &str) {
        let dir = uri_to_path(uri).and_then(|p| p.parent().map(Path::to_path_buf));
        // A chart's templates and values are checked together.
        let chart_root = |p: &Path| chart::chart_of(p).map(|(root, _)| root);
        let chart = uri_to_path(uri).as_deref().and_then(chart_root);
        let due = Instant::now() + DEBOUNCE;
        for (other, doc) in &mut self.docs {
            let same = (dir.is_some()
                && doc.path.as_ref().and_then(|p| p.parent()) == dir.as_deref())
                || (chart.is_some() && doc.path.as_deref().and_then(chart_root) == chart);
            if other != uri && same {
                doc.due = Some(due);
            }
        }
    }

    fn touch_all(&mut self) {
        let now = Instant::now();
        for doc in self.docs.values_mut() {
            doc.due = Some(now);
        }
    }

    /// Checks every document that is due.
    pub fn check_due(&mut self) {
        let now = Instant::now();
        let due: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            self.check(&uri);
        }
    }

    /// Open document `uri`, as the inputs see it.
    fn opened<'a>(&'a self, uri: &'a str) -> Option<Open<'a>> {
        let doc = self.docs.get(uri)?;
        Some(Open {
            uri,
            path: doc.path.as_deref(),
            text: &doc.text.text,
        })
    }

    /// The open documents.
    fn open(&self) -> Vec<Open<'_>> {
        self.docs
            .iter()
            .map(|(u, d)| Open {
                uri: u,
                path: d.path.as_deref(),
                text: &d.text.text,
            })
            .collect()
    }

    /// The inputs of a document (see [`workspace::unit`]).
    fn unit(&self, uri: &str) -> Option<Unit> {
        let this = self.opened(uri)?;
        let open = self.open();
        Some(workspace::unit(
            &this,
            &open,
            self.root.as_deref(),
            &self.crds,
        ))
    }

    /// The findings of a document (on file 0), and the URI and text of
    /// each file their related places are in (the document's first); `Err`
    /// when a rule failed. A Helm chart's template or values file is
    /// checked with its chart rendered (see [`chart::check`]).
    fn findings(&self, uri: &str) -> Option<(Result<Vec<Finding>, ()>, chart::Files)> {
        let settings = &self.config.settings;
        let this = self.opened(uri)?;
        if this.path.and_then(chart::chart_of).is_some() {
            let open = self.open();
            // A bug in a rule must not end the session (below).
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                chart::check(&this, &open, settings)
            }));
            return Some(match checked {
                Ok(Some((findings, files))) => (Ok(findings), files),
                _ => (Err(()), vec![(uri.to_owned(), String::new())]),
            });
        }
        let unit = self.unit(uri)?;
        let inputs: Vec<Input<'_>> = unit
            .sources
            .iter()
            .map(|s| Input::new(&s.name, &s.text).with_role(s.role))
            .collect();
        let options = Options {
            fixes: true,
            ..Options::default()
        };
        // A bug in a rule must not end the session: the document is shown
        // without findings and the client is told.
        let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lint_with(&inputs, settings, options)
        }));
        let findings = report.map_err(drop).map(|r| {
            let mut findings = r.findings;
            findings.retain(|f| f.file == 0 && !f.suppressed);
            findings
        });
        let files = unit
            .uris
            .into_iter()
            .zip(unit.sources.into_iter().map(|s| s.text))
            .collect();
        Some((findings, files))
    }

    /// Checks a document and publishes its diagnostics.
    fn check(&mut self, uri: &str) {
        let started = Instant::now();
        let Some((findings, files)) = self.findings(uri) else {
            return;
        };
        let lang = self.config.lang;
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        doc.due = None;
        let failed = findings.is_err();
        let findings = findings.unwrap_or_default();
        // The texts of the other files that related places are in.
        let mut others: HashMap<usize, Text> = HashMap::new();
        for r in findings.iter().flat_map(|f| &f.related) {
            if r.file != 0 {
                others.entry(r.file).or_insert_with(|| {
                    Text::new(files.get(r.file).map(|f| f.1.clone()).unwrap_or_default())
                });
            }
        }
        let related = |file: usize, span: kubeshape_core::parse::Span| {
            let text = match file {
                0 => &doc.text,
                _ => others.get(&file)?,
            };
            let (a, b) = (text.from_pos(span.start), text.from_pos(span.end));
            Some((
                files.get(file)?.0.clone(),
                super::text::range_json(a, b.max(a)),
            ))
        };
        doc.shown = findings
            .into_iter()
            .map(|f| Shown::new(f, &doc.text, related))
            .collect();
        let diagnostics = convert::publishable(&doc.shown, lang);
        let version = doc.version;
        let mut params = json!({"uri": uri, "diagnostics": diagnostics});
        if let Some(v) = version {
            params["version"] = json!(v);
        }
        self.notify("textDocument/publishDiagnostics", params);
        if failed {
            let why = lang.pick(
                "kubeshape could not check this document (an internal error); please report it with the document",
                "kubeshape 无法检查此文档（内部错误），请附上文档报告此问题",
            );
            self.show(1, why.to_owned());
        }
        self.timings.push(started.elapsed());
    }

    fn document<'a>(&'a self, params: &'a Value) -> Result<(&'a str, &'a Doc), (i64, String)> {
        let uri = params
            .pointer("/textDocument/uri")
            .and_then(Value::as_str)
            .ok_or((INVALID_PARAMS, "textDocument.uri is missing".to_owned()))?;
        let doc = self
            .docs
            .get(uri)
            .ok_or((INVALID_PARAMS, format!("{uri} is not open")))?;
        Ok((uri, doc))
    }

    fn code_actions(&mut self, params: &Value) -> Result<Value, (i64, String)> {
        let (uri, doc) = self.document(params)?;
        let range = params
            .get("range")
            .ok_or((INVALID_PARAMS, "range is missing".to_owned()))?;
        let (Some(start), Some(end)) = (
            range.get("start").and_then(Position::from_json),
            range.get("end").and_then(Position::from_json),
        ) else {
            return Err((INVALID_PARAMS, "range is not a range".to_owned()));
        };
        let only: Vec<&str> = params
            .pointer("/context/only")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let wants = |kind: &str| {
            only.is_empty()
                || only
                    .iter()
                    .any(|o| kind == *o || kind.starts_with(&format!("{o}.")))
        };
        // The findings under the cursor or selection, and those whose
        // diagnostics the client names (a click on a diagnostic's line).
        let named: Vec<&Value> = params
            .pointer("/context/diagnostics")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let chosen = |s: &Shown| s.touches(start, end) || named.iter().any(|d| s.is(d));
        let lang = self.config.lang;
        let mut actions = Vec::new();
        if wants("quickfix") {
            for s in doc.shown.iter().filter(|s| chosen(s)) {
                let f = &s.finding;
                if let Some(fix) = &f.fix {
                    let edits = convert::text_edits(&doc.text, &fix.edits);
                    let title = convert::fix_title(f, lang, fix.safe);
                    actions.push(convert::action(
                        title,
                        "quickfix",
                        uri,
                        edits,
                        Some(s.diagnostic(lang)),
                        fix.safe,
                    ));
                }
                if let Some(fix) = ignore_fix(&doc.text.text, f) {
                    let edits = convert::text_edits(&doc.text, &fix.edits);
                    let title = convert::ignore_title(f.rule, lang);
                    actions.push(convert::action(
                        title,
                        "quickfix",
                        uri,
                        edits,
                        Some(s.diagnostic(lang)),
                        false,
                    ));
                }
            }
        }
        let safe = doc
            .shown
            .iter()
            .any(|s| s.finding.fix.as_ref().is_some_and(|x| x.safe));
        if safe && wants("source.fixAll.kubeshape") {
            let unit = self
                .unit(uri)
                .ok_or((INVALID_PARAMS, format!("{uri} is not open")))?;
            let (first, others) = unit
                .sources
                .split_first()
                .ok_or((INVALID_PARAMS, "nothing to fix".to_owned()))?;
            let others: Vec<Input<'_>> = others
                .iter()
                .map(|s| Input::new(&s.name, &s.text).with_role(s.role))
                .collect();
            let filter = Filter {
                safe_only: true,
                ..Filter::default()
            };
            let settings = &self.config.settings;
            let fixed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                fix_as(
                    &first.name,
                    &first.text,
                    first.role,
                    &others,
                    settings,
                    &filter,
                )
            }));
            if let Ok(fixed) = fixed {
                let doc = &self.docs[uri];
                if let Some(edit) = convert::whole_edit(&doc.text, &fixed.text) {
                    let title = convert::fix_all_title(lang);
                    actions.push(convert::action(
                        title,
                        "source.fixAll.kubeshape",
                        uri,
                        vec![edit],
                        None,
                        false,
                    ));
                }
            }
        }
        // A chart's template or values: the chart's safe fixes, in the
        // templates and values files where their text lies.
        if wants("source.fixAll.kubeshape") {
            let this = self
                .opened(uri)
                .ok_or((INVALID_PARAMS, format!("{uri} is not open")))?;
            if this.path.and_then(chart::chart_of).is_some() {
                let open = self.open();
                let settings = &self.config.settings;
                let fixed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    chart::fix_all(&this, &open, settings)
                }))
                .unwrap_or_default();
                let changes: serde_json::Map<String, Value> = fixed
                    .into_iter()
                    .filter_map(|(file, old, new)| {
                        let edit = convert::whole_edit(&Text::new(old), &new)?;
                        Some((file, json!([edit])))
                    })
                    .collect();
                if !changes.is_empty() {
                    actions.push(json!({
                        "title": convert::fix_all_title(lang),
                        "kind": "source.fixAll.kubeshape",
                        "edit": {"changes": changes},
                    }));
                }
            }
        }
        Ok(Value::Array(actions))
    }

    fn hover(&mut self, params: &Value) -> Result<Value, (i64, String)> {
        let (_, doc) = self.document(params)?;
        let at = params
            .get("position")
            .and_then(Position::from_json)
            .ok_or((INVALID_PARAMS, "position is missing".to_owned()))?;
        let here: Vec<&Shown> = doc.shown.iter().filter(|s| s.touches(at, at)).collect();
        Ok(convert::hover(&here, self.config.lang).unwrap_or(Value::Null))
    }

    /// How long the checks took (milliseconds, in order) and how many
    /// documents are open.
    fn stats(&self) -> Value {
        let checks: Vec<f64> = self
            .timings
            .iter()
            .map(|d| d.as_secs_f64() * 1000.0)
            .collect();
        json!({"documents": self.docs.len(), "checks": checks})
    }
}
