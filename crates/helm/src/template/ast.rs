//! The tree of a parsed Go template. Every node keeps the byte offset in
//! its file where it starts, so an output byte, an error or a finding can
//! name its template line and column.

use std::rc::Rc;

/// A byte offset in a template's file.
pub type Pos = u32;

#[derive(Debug, Clone)]
pub enum Node {
    /// Literal text: the byte range of the file it copies (after `{{-` and
    /// `-}}` trimmed its edges).
    Text {
        start: Pos,
        end: Pos,
    },
    /// `{{ pipeline }}`: prints the pipeline's value unless it declares a
    /// variable.
    Action(Pipe),
    If(Branch),
    With(Branch),
    Range(Branch),
    /// `{{ template "name" pipeline }}` (and the call half of `block`).
    Template {
        pos: Pos,
        name: Rc<str>,
        pipe: Option<Pipe>,
    },
    Break(Pos),
    Continue(Pos),
}

/// `if`, `with` and `range`: the pipeline, the body, and the `else` body
/// (an `else if` / `else with` is an `else` holding one nested branch).
#[derive(Debug, Clone)]
pub struct Branch {
    pub pos: Pos,
    pub pipe: Pipe,
    pub body: Vec<Node>,
    pub otherwise: Vec<Node>,
}

/// A pipeline: optional variable declarations, then commands joined by
/// `|` (each command's value is the last argument of the next).
#[derive(Debug, Clone)]
pub struct Pipe {
    pub pos: Pos,
    /// `$x :=` or `$i, $v :=` (names with the `$`).
    pub decl: Vec<Rc<str>>,
    /// `$x = value`: assigns to a variable already declared.
    pub assign: bool,
    pub cmds: Vec<Cmd>,
}

#[derive(Debug, Clone)]
pub struct Cmd {
    pub pos: Pos,
    pub args: Vec<Term>,
}

#[derive(Debug, Clone)]
pub enum Term {
    /// `.`
    Dot(Pos),
    Nil(Pos),
    Bool(Pos, bool),
    Int(Pos, i64),
    Float(Pos, f64),
    Str(Pos, Rc<str>),
    /// `.a.b`
    Field(Pos, Vec<Rc<str>>),
    /// `$x.a.b` (`name` with its `$`).
    Var(Pos, Rc<str>, Vec<Rc<str>>),
    /// A function's name.
    Ident(Pos, Rc<str>),
    /// `(pipeline).a.b`
    Chain(Pos, Box<Term>, Vec<Rc<str>>),
    /// `(pipeline)`
    Pipe(Pos, Box<Pipe>),
}

impl Term {
    pub fn pos(&self) -> Pos {
        match self {
            Term::Dot(p)
            | Term::Nil(p)
            | Term::Bool(p, _)
            | Term::Int(p, _)
            | Term::Float(p, _)
            | Term::Str(p, _)
            | Term::Field(p, _)
            | Term::Var(p, _, _)
            | Term::Ident(p, _)
            | Term::Chain(p, _, _)
            | Term::Pipe(p, _) => *p,
        }
    }
}

/// One file's parse: its top-level nodes and the templates it defines.
#[derive(Debug, Default)]
pub struct Parsed {
    pub nodes: Vec<Node>,
    /// `define` and `block` bodies, by name, in file order.
    pub defines: Vec<(Rc<str>, Vec<Node>)>,
}
