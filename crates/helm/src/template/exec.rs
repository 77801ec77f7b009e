//! Runs parsed templates as Go's `text/template` does with Helm's options
//! (`missingkey=zero`, `<no value>` printed as nothing), writing the output
//! with a source map: which file and byte wrote each output byte, and
//! which value, where an action printed one straight from `.Values`.

use std::collections::HashMap;
use std::rc::Rc;

use super::ast::{Branch, Cmd, Node, Pipe, Pos, Term};
use crate::funcs;
use crate::value::{Object, Value};

/// One template file of the set.
pub struct File {
    /// Helm's name: `chart/templates/deployment.yaml`.
    pub name: String,
    pub src: Rc<str>,
    /// The chart it belongs to (its `.Values` paths are relative to it).
    pub chart: u32,
}

/// Every template of a render: the files, and the named templates that
/// `define`, `block`, `include` and `template` share across them.
#[derive(Default)]
pub struct Set {
    pub files: Vec<File>,
    pub defines: HashMap<Rc<str>, (u32, Rc<Vec<Node>>)>,
}

/// Where a run of output bytes came from. From `out` until the next
/// segment, output byte `out + k` was written by file `file` at byte
/// `src + k` (literal text) or by the action at `src` (`literal` false).
#[derive(Clone, Copy, Debug)]
pub struct Seg {
    pub out: u32,
    pub file: u32,
    pub src: u32,
    pub literal: bool,
    /// 1 + an index into [`Output::values`] when the action printed a value
    /// read straight from `.Values`; 0 otherwise.
    pub value: u32,
}

/// A rendered template: its text and source map.
#[derive(Default, Debug)]
pub struct Output {
    pub text: String,
    pub segs: Vec<Seg>,
    /// `.Values` paths that actions printed: (chart, path).
    pub values: Vec<(u32, Vec<Rc<str>>)>,
}

/// A template error: the file and byte, Go's and Helm's wording.
#[derive(Debug, Clone)]
pub struct ExecError {
    pub file: u32,
    pub pos: Pos,
    pub message: String,
    /// Set when a limit stopped the render (its name).
    pub limit: Option<&'static str>,
    /// The operand it stopped at, as written (`.Values.image.tag`,
    /// `b64enc`): Helm's `at <…>`.
    pub at: Option<String>,
}

/// Limits that stop a runaway render with an error, never a crash.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Nested `include`/`template`/`tpl` calls.
    pub max_depth: usize,
    /// Bytes of output per template file.
    pub max_output: usize,
    /// Steps (nodes and commands run) per template file.
    pub max_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_output: 16 << 20,
            max_steps: 20_000_000,
        }
    }
}

/// A template a `tpl` string defined: the string, and its nodes.
type Define = (Rc<str>, Rc<Vec<Node>>);

/// A named template found: its file, nodes, and the text its nodes index
/// when it is not the file's.
type Found = (u32, Rc<Vec<Node>>, Option<Rc<str>>);

enum Stop {
    Error(ExecError),
    Break,
    Continue,
}

type Flow<T> = Result<T, Stop>;

/// Runs one template file.
pub struct Exec<'s> {
    set: &'s Set,
    limits: Limits,
    file: u32,
    out: Output,
    /// Whether output is being written to the file's own output (not to an
    /// `include`'s string): only then are segments recorded.
    tracking: bool,
    vars: Vec<(Rc<str>, Value)>,
    depth: usize,
    steps: u64,
    /// `define`s parsed by `tpl` strings.
    extra: HashMap<Rc<str>, Define>,
    /// The text that `Text` nodes index when it is not the file's (a `tpl`
    /// string, or a template it defined).
    src_override: Option<Rc<str>>,
    pub random: funcs::Random,
}

impl<'s> Exec<'s> {
    pub fn new(set: &'s Set, file: u32, limits: Limits, seed: u64) -> Self {
        Exec {
            set,
            limits,
            file,
            out: Output::default(),
            tracking: true,
            vars: Vec::new(),
            depth: 0,
            steps: 0,
            extra: HashMap::new(),
            src_override: None,
            random: funcs::Random::new(seed),
        }
    }

    /// Runs `nodes` with `dot` as `.` and `$`.
    pub fn run(mut self, nodes: &[Node], dot: &Value) -> Result<Output, ExecError> {
        self.vars.push(("$".into(), dot.clone()));
        match self.list(nodes, dot) {
            Ok(()) => Ok(self.out),
            Err(Stop::Error(e)) => Err(e),
            Err(_) => Err(self.error(0, "break or continue outside range")),
        }
    }

    fn error(&self, pos: Pos, message: impl Into<String>) -> ExecError {
        ExecError {
            file: self.file,
            pos,
            message: message.into(),
            limit: None,
            at: None,
        }
    }

    fn fail<T>(&self, pos: Pos, message: impl Into<String>) -> Flow<T> {
        Err(Stop::Error(self.error(pos, message)))
    }

    fn step(&mut self, pos: Pos) -> Flow<()> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            let mut e = self.error(
                pos,
                format!("the render took more than {} steps", self.limits.max_steps),
            );
            e.limit = Some("steps");
            return Err(Stop::Error(e));
        }
        Ok(())
    }

    fn write(&mut self, text: &str, src: Pos, literal: bool, value: u32) -> Flow<()> {
        if text.is_empty() {
            return Ok(());
        }
        if self.out.text.len() + text.len() > self.limits.max_output {
            let mut e = self.error(
                src,
                format!("the output grew past {} bytes", self.limits.max_output),
            );
            e.limit = Some("output");
            return Err(Stop::Error(e));
        }
        if self.tracking {
            self.out.segs.push(Seg {
                out: self.out.text.len() as u32,
                file: self.file,
                src,
                literal,
                value,
            });
        }
        self.out.text.push_str(text);
        Ok(())
    }

    fn list(&mut self, nodes: &[Node], dot: &Value) -> Flow<()> {
        for node in nodes {
            self.node(node, dot)?;
        }
        Ok(())
    }

    fn node(&mut self, node: &Node, dot: &Value) -> Flow<()> {
        match node {
            Node::Text { start, end } => {
                self.step(*start)?;
                let src = match &self.src_override {
                    Some(s) => s.clone(),
                    None => self.set.files[self.file as usize].src.clone(),
                };
                let text = src.get(*start as usize..*end as usize).unwrap_or("");
                self.write(text, *start, true, 0)
            }
            Node::Action(pipe) => {
                let value = self.pipe(pipe, dot)?;
                if pipe.decl.is_empty() {
                    let origin = self.value_origin(pipe);
                    let text = printed(&value);
                    self.write(&text, pipe.pos, false, origin)?;
                }
                Ok(())
            }
            Node::If(b) => self.branch(b, dot, |_, v| (v.truthy(), None)),
            Node::With(b) => self.branch(b, dot, |_, v| (v.truthy(), Some(v.clone()))),
            Node::Range(b) => self.range(b, dot),
            Node::Template { pos, name, pipe } => {
                let arg = match pipe {
                    Some(p) => self.pipe(p, dot)?,
                    None => Value::Nil,
                };
                self.call_template(*pos, name, &arg)
            }
            Node::Break(_) => Err(Stop::Break),
            Node::Continue(_) => Err(Stop::Continue),
        }
    }

    /// 1 + the index of the `.Values` path an action prints, if its first
    /// command reads one (`.Values.image.tag`, `default "x" .Values.a`,
    /// `$.Values.a | quote`).
    fn value_origin(&mut self, pipe: &Pipe) -> u32 {
        if !self.tracking {
            return 0;
        }
        let Some(cmd) = pipe.cmds.first() else {
            return 0;
        };
        let path = cmd.args.iter().rev().find_map(|arg| match arg {
            Term::Field(_, names) if names.first().is_some_and(|n| &**n == "Values") => {
                Some(names[1..].to_vec())
            }
            Term::Var(_, v, names)
                if &**v == "$" && names.first().is_some_and(|n| &**n == "Values") =>
            {
                Some(names[1..].to_vec())
            }
            _ => None,
        });
        match path {
            Some(p) if !p.is_empty() => {
                let chart = self.set.files[self.file as usize].chart;
                self.out.values.push((chart, p));
                self.out.values.len() as u32
            }
            _ => 0,
        }
    }

    fn branch(
        &mut self,
        b: &Branch,
        dot: &Value,
        test: impl Fn(&Self, &Value) -> (bool, Option<Value>),
    ) -> Flow<()> {
        self.step(b.pos)?;
        let mark = self.vars.len();
        let v = self.pipe(&b.pipe, dot)?;
        let (yes, new_dot) = test(self, &v);
        let r = if yes {
            self.list(&b.body, new_dot.as_ref().unwrap_or(dot))
        } else {
            self.list(&b.otherwise, dot)
        };
        self.vars.truncate(mark);
        r
    }

    fn range(&mut self, b: &Branch, dot: &Value) -> Flow<()> {
        self.step(b.pos)?;
        let mark = self.vars.len();
        // The pipeline without its declarations: they take each element.
        let mut pipe = b.pipe.clone();
        let decl = std::mem::take(&mut pipe.decl);
        let v = self.pipe(&pipe, dot)?;
        let items: Vec<(Value, Value)> = match &v {
            Value::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, x)| (Value::Int(i as i64), x.clone()))
                .collect(),
            Value::Map(map) => map
                .borrow()
                .iter()
                .map(|(k, x)| (Value::str(k), x.clone()))
                .collect(),
            Value::Object(o) => match &**o {
                Object::ApiVersions(v) => v
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (Value::Int(i as i64), Value::str(x)))
                    .collect(),
                Object::Files(_) => Vec::new(),
            },
            Value::Int(n) => (0..*n).map(|i| (Value::Int(i), Value::Int(i))).collect(),
            Value::Nil => Vec::new(),
            other => {
                return self.fail(
                    b.pos,
                    format!("range can't iterate over {}", other.to_go_string()),
                )
            }
        };
        if items.is_empty() {
            let r = self.list(&b.otherwise, dot);
            self.vars.truncate(mark);
            return r;
        }
        for (key, item) in items {
            let inner = self.vars.len();
            match decl.len() {
                1 => self.vars.push((decl[0].clone(), item.clone())),
                2 => {
                    self.vars.push((decl[0].clone(), key));
                    self.vars.push((decl[1].clone(), item.clone()));
                }
                _ => {}
            }
            let r = self.list(&b.body, &item);
            self.vars.truncate(inner);
            match r {
                Ok(()) | Err(Stop::Continue) => {}
                Err(Stop::Break) => break,
                Err(e) => {
                    self.vars.truncate(mark);
                    return Err(e);
                }
            }
        }
        self.vars.truncate(mark);
        Ok(())
    }

    /// A named template: its file, nodes, and the text it indexes if not
    /// its file's.
    fn lookup_define(&self, name: &str) -> Option<Found> {
        if let Some((src, nodes)) = self.extra.get(name) {
            return Some((self.file, nodes.clone(), Some(src.clone())));
        }
        let (file, nodes) = self.set.defines.get(name)?;
        Some((*file, nodes.clone(), None))
    }

    /// `{{ template "name" . }}`: the named template's output goes straight
    /// into ours, with its own source positions.
    fn call_template(&mut self, pos: Pos, name: &str, arg: &Value) -> Flow<()> {
        let Some((file, nodes, src)) = self.lookup_define(name) else {
            return self.fail(
                pos,
                format!("template: no template {name:?} associated with template \"gotpl\""),
            );
        };
        self.enter(pos)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$".into(), arg.clone())]);
        let saved_file = std::mem::replace(&mut self.file, file);
        let saved_src = std::mem::replace(&mut self.src_override, src);
        let r = self.list(&nodes, arg);
        self.src_override = saved_src;
        self.file = saved_file;
        self.vars = saved_vars;
        self.depth -= 1;
        match r {
            Err(Stop::Break | Stop::Continue) => self.fail(pos, "break or continue outside range"),
            other => other,
        }
    }

    fn enter(&mut self, pos: Pos) -> Flow<()> {
        if self.depth >= self.limits.max_depth {
            let mut e = self.error(
                pos,
                format!("rendering template has a nested reference deeper than {} calls (runaway recursion?)", self.limits.max_depth),
            );
            e.limit = Some("depth");
            return Err(Stop::Error(e));
        }
        self.depth += 1;
        Ok(())
    }

    /// `include "name" arg`: the named template's output as a string.
    fn include(&mut self, pos: Pos, name: &str, arg: &Value) -> Flow<Value> {
        let saved_out = std::mem::take(&mut self.out.text);
        let saved_tracking = std::mem::replace(&mut self.tracking, false);
        let r = self.call_template(pos, name, arg);
        let text = std::mem::replace(&mut self.out.text, saved_out);
        self.tracking = saved_tracking;
        match r {
            Ok(()) => Ok(Value::string(text)),
            Err(Stop::Error(mut e)) => {
                if !e.message.starts_with("error calling include") && e.limit.is_none() {
                    e.message = format!("error calling include: {}", e.message);
                }
                Err(Stop::Error(e))
            }
            Err(other) => Err(other),
        }
    }

    /// `tpl "text" ctx`: the text parsed and run as a template.
    fn tpl(&mut self, pos: Pos, text: &str, ctx: &Value) -> Flow<Value> {
        let parsed = match super::parse::parse(text, &|n| funcs::known(n)) {
            Ok(p) => p,
            Err(e) => {
                return self.fail(
                    pos,
                    format!(
                        "error calling tpl: cannot parse template {text:?}: {}",
                        e.message
                    ),
                )
            }
        };
        let tpl_src: Rc<str> = text.into();
        for (name, nodes) in parsed.defines {
            self.extra.insert(name, (tpl_src.clone(), Rc::new(nodes)));
        }
        self.enter(pos)?;
        // The text is not in any file: its output is a string, and its
        // errors are reported at the `tpl` call.
        let saved_out = std::mem::take(&mut self.out.text);
        let saved_tracking = std::mem::replace(&mut self.tracking, false);
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$".into(), ctx.clone())]);
        let saved_src = self.src_override.replace(tpl_src);
        let r = self.list(&parsed.nodes, ctx);
        self.src_override = saved_src;
        self.vars = saved_vars;
        self.tracking = saved_tracking;
        self.depth -= 1;
        let out = std::mem::replace(&mut self.out.text, saved_out);
        match r {
            Ok(()) => Ok(Value::string(out)),
            Err(Stop::Error(mut e)) => {
                e.pos = pos;
                if e.limit.is_none() {
                    e.message = format!("error calling tpl: {}", e.message);
                }
                Err(Stop::Error(e))
            }
            Err(_) => self.fail(pos, "error calling tpl: break or continue outside range"),
        }
    }

    fn var(&self, pos: Pos, name: &str) -> Flow<Value> {
        match self.vars.iter().rev().find(|(n, _)| &**n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => self.fail(pos, format!("undefined variable: {name}")),
        }
    }

    fn pipe(&mut self, pipe: &Pipe, dot: &Value) -> Flow<Value> {
        self.step(pipe.pos)?;
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            value = Some(self.cmd(cmd, dot, value)?);
        }
        let value = value.unwrap_or_default();
        for name in &pipe.decl {
            if pipe.assign {
                match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = value.clone(),
                    None => return self.fail(pipe.pos, format!("undefined variable: {name}")),
                }
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn cmd(&mut self, cmd: &Cmd, dot: &Value, piped: Option<Value>) -> Flow<Value> {
        self.step(cmd.pos)?;
        let first = &cmd.args[0];
        self.cmd_inner(cmd, dot, piped).map_err(|stop| match stop {
            Stop::Error(mut e) if e.at.is_none() && e.limit.is_none() => {
                e.at = Some(term_text(first));
                Stop::Error(e)
            }
            other => other,
        })
    }

    fn cmd_inner(&mut self, cmd: &Cmd, dot: &Value, piped: Option<Value>) -> Flow<Value> {
        let first = &cmd.args[0];
        match first {
            Term::Ident(pos, name) => self.call(*pos, name, &cmd.args[1..], dot, piped),
            Term::Field(pos, names) if cmd.args.len() > 1 || piped.is_some() => {
                // A method call: `.Files.Get "x"`, `.Capabilities.APIVersions.Has "x"`.
                let recv = self.fields(*pos, dot.clone(), &names[..names.len() - 1])?;
                self.method(
                    *pos,
                    &recv,
                    &names[names.len() - 1],
                    &cmd.args[1..],
                    dot,
                    piped,
                )
            }
            Term::Var(pos, v, names)
                if !names.is_empty() && (cmd.args.len() > 1 || piped.is_some()) =>
            {
                let base = self.var(*pos, v)?;
                let recv = self.fields(*pos, base, &names[..names.len() - 1])?;
                self.method(
                    *pos,
                    &recv,
                    &names[names.len() - 1],
                    &cmd.args[1..],
                    dot,
                    piped,
                )
            }
            Term::Nil(pos) => self.fail(*pos, "nil is not a command"),
            _ => {
                if cmd.args.len() > 1 || piped.is_some() {
                    return self.fail(
                        cmd.pos,
                        format!("can't give argument to non-function {}", term_text(first)),
                    );
                }
                self.term(first, dot)
            }
        }
    }

    fn method(
        &mut self,
        pos: Pos,
        recv: &Value,
        name: &str,
        args: &[Term],
        dot: &Value,
        piped: Option<Value>,
    ) -> Flow<Value> {
        let mut vals = Vec::with_capacity(args.len() + 1);
        for a in args {
            vals.push(self.term(a, dot)?);
        }
        vals.extend(piped);
        match recv {
            Value::Object(o) => match funcs::method(o, name, &vals) {
                Ok(v) => Ok(v),
                Err(m) => self.fail(pos, format!("error calling {name}: {m}")),
            },
            Value::Nil => self.fail(pos, format!("nil pointer evaluating interface {{}}.{name}")),
            other => self.fail(
                pos,
                format!(
                    "can't give argument to non-function .{name} (field of {})",
                    other.type_name()
                ),
            ),
        }
    }

    fn term(&mut self, term: &Term, dot: &Value) -> Flow<Value> {
        match term {
            Term::Dot(_) => Ok(dot.clone()),
            Term::Nil(_) => Ok(Value::Nil),
            Term::Bool(_, b) => Ok(Value::Bool(*b)),
            Term::Int(_, i) => Ok(Value::Int(*i)),
            Term::Float(_, f) => Ok(Value::Float(*f)),
            Term::Str(_, s) => Ok(Value::Str(s.clone())),
            Term::Field(pos, names) => self.fields(*pos, dot.clone(), names),
            Term::Var(pos, name, names) => {
                let v = self.var(*pos, name)?;
                self.fields(*pos, v, names)
            }
            Term::Ident(pos, name) => self.call(*pos, name, &[], dot, None),
            Term::Chain(pos, inner, names) => {
                let v = self.term(inner, dot)?;
                self.fields(*pos, v, names)
            }
            Term::Pipe(_, pipe) => {
                let mark = self.vars.len();
                let v = self.pipe(pipe, dot);
                self.vars.truncate(mark);
                v
            }
        }
    }

    /// Field access: map keys (missing ones are nil), and an error on nil.
    fn fields(&self, pos: Pos, mut v: Value, names: &[Rc<str>]) -> Flow<Value> {
        for name in names {
            v = match &v {
                Value::Map(map) => map.borrow().get(&**name).cloned().unwrap_or(Value::Nil),
                Value::Nil => {
                    return self.fail(pos, format!("nil pointer evaluating interface {{}}.{name}"))
                }
                Value::Object(o) => match funcs::method(o, name, &[]) {
                    Ok(v) => v,
                    Err(m) => return self.fail(pos, m),
                },
                other => {
                    return self.fail(
                        pos,
                        format!("can't evaluate field {name} in type {}", other.type_name()),
                    );
                }
            };
        }
        Ok(v)
    }

    /// A function call: the arguments, then the piped value last.
    fn call(
        &mut self,
        pos: Pos,
        name: &str,
        args: &[Term],
        dot: &Value,
        piped: Option<Value>,
    ) -> Flow<Value> {
        // `and` and `or` stop at the first argument that decides.
        if name == "and" || name == "or" {
            let total = args.len() + usize::from(piped.is_some());
            if total == 0 {
                return self.fail(
                    pos,
                    format!("wrong number of args for {name}: want at least 1 got 0"),
                );
            }
            let mut last = Value::Nil;
            for a in args {
                last = self.term(a, dot)?;
                if last.truthy() == (name == "or") {
                    return Ok(last);
                }
            }
            if let Some(p) = piped {
                last = p;
            }
            return Ok(last);
        }
        let mut vals = Vec::with_capacity(args.len() + 1);
        for a in args {
            vals.push(self.term(a, dot)?);
        }
        vals.extend(piped);
        match name {
            "include" | "template" => {
                let Some(Value::Str(n)) = vals.first() else {
                    return self.fail(
                        pos,
                        "error calling include: the first argument must be a template name",
                    );
                };
                let n = n.clone();
                let arg = vals.get(1).cloned().unwrap_or_default();
                self.enter(pos)?;
                let r = self.include(pos, &n, &arg);
                self.depth -= 1;
                r
            }
            "tpl" => {
                let text = vals.first().map(Value::to_go_string).unwrap_or_default();
                let ctx = vals.get(1).cloned().unwrap_or_default();
                self.tpl(pos, &text, &ctx)
            }
            _ => match funcs::call(name, vals, &mut self.random) {
                Ok(v) => Ok(v),
                Err(m) => self.fail(pos, m),
            },
        }
    }
}

/// How an action prints a value: Go's `%v`, with `nil` as nothing (Helm
/// removes `<no value>` from the output).
pub fn printed(v: &Value) -> String {
    match v {
        Value::Nil => String::new(),
        Value::Str(s) => s.to_string(),
        other => other.to_go_string().replace("<no value>", ""),
    }
}

/// An operand as written, for error messages (`at <.Values.x>`).
pub fn term_text(t: &Term) -> String {
    match t {
        Term::Dot(_) => ".".into(),
        Term::Nil(_) => "nil".into(),
        Term::Bool(_, b) => b.to_string(),
        Term::Int(_, i) => i.to_string(),
        Term::Float(_, f) => f.to_string(),
        Term::Str(_, s) => format!("{s:?}"),
        Term::Field(_, names) => names.iter().map(|n| format!(".{n}")).collect(),
        Term::Var(_, v, names) => format!(
            "{v}{}",
            names.iter().map(|n| format!(".{n}")).collect::<String>()
        ),
        Term::Ident(_, n) => n.to_string(),
        Term::Chain(_, inner, names) => format!(
            "{}{}",
            term_text(inner),
            names.iter().map(|n| format!(".{n}")).collect::<String>()
        ),
        Term::Pipe(_, _) => "(...)".into(),
    }
}
