//! Go's `text/template` parser: text and actions into the tree of
//! [`super::ast`], with `define`, `block`, `else if`, `else with`, trim
//! markers and comments as Go reads them.

use std::rc::Rc;

use super::ast::{Branch, Cmd, Node, Parsed, Pipe, Pos, Term};
use super::lex::{lex_action, Tok, Token};

/// A parse error: where, and Go's wording (without the `template: name:`
/// prefix, which the caller adds).
#[derive(Debug, Clone)]
pub struct ParseError {
    pub pos: Pos,
    pub message: String,
}

/// Parses one template file. `known` says whether a function name exists
/// (Go rejects an unknown function when it parses, not when it runs).
pub fn parse(src: &str, known: &dyn Fn(&str) -> bool) -> Result<Parsed, ParseError> {
    let items = scan(src)?;
    let mut p = Parser {
        items,
        at: 0,
        known,
        defines: Vec::new(),
    };
    let (nodes, end) = p.list(true)?;
    if let Some(end) = end {
        return Err(ParseError {
            pos: end.pos,
            message: format!("unexpected {{{{{}}}}}", end.word),
        });
    }
    Ok(Parsed {
        nodes,
        defines: p.defines,
    })
}

/// Text between actions, or one action's tokens.
enum Item {
    Text(Pos, Pos),
    Action(Pos, Vec<Token>),
}

/// Splits the file into text and actions, applying trim markers and
/// dropping comments.
fn scan(src: &str) -> Result<Vec<Item>, ParseError> {
    let bytes = src.as_bytes();
    let mut items = Vec::new();
    let mut i = 0;
    let mut trim_next = false;
    while i <= src.len() {
        let open = src[i..].find("{{").map(|o| i + o);
        let text_end = open.unwrap_or(src.len());
        let mut text_start = i;
        if trim_next {
            while text_start < text_end && bytes[text_start].is_ascii_whitespace() {
                text_start += 1;
            }
        }
        let Some(open) = open else {
            if text_start < text_end {
                items.push(Item::Text(text_start as Pos, text_end as Pos));
            }
            break;
        };
        let trim_left = bytes.get(open + 2) == Some(&b'-')
            && bytes
                .get(open + 3)
                .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
        let mut t_end = text_end;
        if trim_left {
            while t_end > text_start && bytes[t_end - 1].is_ascii_whitespace() {
                t_end -= 1;
            }
        }
        if text_start < t_end {
            items.push(Item::Text(text_start as Pos, t_end as Pos));
        }
        let mut inner = open + 2 + if trim_left { 2 } else { 0 };
        // A comment: `{{/* ... */}}`, with optional trim markers.
        let after_ws = inner;
        if src[after_ws..].starts_with("/*") {
            let Some(close) = src[after_ws + 2..].find("*/") else {
                return Err(ParseError {
                    pos: open as Pos,
                    message: "unclosed comment".into(),
                });
            };
            let mut j = after_ws + 2 + close + 2;
            let mut trim = false;
            if src[j..].starts_with(" -}}") {
                trim = true;
                j += 4;
            } else if src[j..].starts_with("}}") {
                j += 2;
            } else {
                return Err(ParseError {
                    pos: open as Pos,
                    message: "comment ends before closing delimiter".into(),
                });
            }
            trim_next = trim;
            i = j;
            continue;
        }
        if trim_left {
            inner = open + 3;
        }
        let (tokens, next) = lex_action(src, inner).map_err(|e| ParseError {
            // An action never closed: at its `{{`.
            pos: if e.message == "unclosed action" {
                open as Pos
            } else {
                e.pos
            },
            message: e.message,
        })?;
        trim_next = matches!(
            tokens.last(),
            Some(Token {
                tok: Tok::Close { trim: true },
                ..
            })
        );
        items.push(Item::Action(open as Pos, tokens));
        i = next;
    }
    Ok(items)
}

/// What ended a list: `{{end}}` or `{{else ...}}` (with the rest of the
/// else action's tokens).
struct End {
    pos: Pos,
    word: &'static str,
    rest: Vec<Token>,
}

struct Parser<'k> {
    items: Vec<Item>,
    at: usize,
    known: &'k dyn Fn(&str) -> bool,
    defines: Vec<(Rc<str>, Vec<Node>)>,
}

fn err<T>(pos: Pos, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        pos,
        message: message.into(),
    })
}

impl Parser<'_> {
    /// Nodes up to `{{end}}`, `{{else}}` or the end of the file.
    fn list(&mut self, top: bool) -> Result<(Vec<Node>, Option<End>), ParseError> {
        let mut nodes = Vec::new();
        while self.at < self.items.len() {
            let item = std::mem::replace(&mut self.items[self.at], Item::Text(0, 0));
            self.at += 1;
            match item {
                Item::Text(s, e) => nodes.push(Node::Text { start: s, end: e }),
                Item::Action(pos, tokens) => {
                    if let Some(end) = self.action(pos, tokens, &mut nodes, top)? {
                        return Ok((nodes, Some(end)));
                    }
                }
            }
        }
        Ok((nodes, None))
    }

    /// One action: a keyword's construct or a pipeline. Returns the end of
    /// the enclosing list if the action is `end` or `else`.
    fn action(
        &mut self,
        pos: Pos,
        mut tokens: Vec<Token>,
        nodes: &mut Vec<Node>,
        top: bool,
    ) -> Result<Option<End>, ParseError> {
        let keyword = match tokens.first().map(|t| &t.tok) {
            Some(Tok::Ident(word)) => Some(word.clone()),
            _ => None,
        };
        match keyword.as_deref() {
            Some("end") => {
                expect_close(&tokens[1..], "end")?;
                return Ok(Some(End {
                    pos,
                    word: "end",
                    rest: Vec::new(),
                }));
            }
            Some("else") => {
                return Ok(Some(End {
                    pos,
                    word: "else",
                    rest: tokens.split_off(1),
                }))
            }
            Some(word @ ("if" | "with" | "range")) => {
                let node = self.branch(pos, word, Tokens { tokens, at: 1 })?;
                nodes.push(node);
            }
            Some(word @ ("define" | "block")) => {
                if word == "define" && !top {
                    // Go allows define only at the top level.
                    return err(pos, "unexpected <define> in command");
                }
                let mut ts = Tokens { tokens, at: 1 };
                let name = match ts.next_tok() {
                    Some(Token {
                        tok: Tok::Str(s), ..
                    }) => s,
                    _ => return err(pos, format!("unexpected token in {word} clause")),
                };
                let pipe = if word == "block" {
                    Some(self.pipeline(&mut ts, pos, word)?)
                } else {
                    ts.expect_close(word)?;
                    None
                };
                let (body, end) = self.list(false)?;
                match end {
                    Some(End { word: "end", .. }) => {}
                    Some(End { pos, .. }) => {
                        return err(pos, format!("unexpected {{{{else}}}} in {word}"))
                    }
                    None => return err(pos, format!("unexpected EOF in {word}")),
                }
                self.defines.push((name.clone(), body));
                if let Some(pipe) = pipe {
                    nodes.push(Node::Template {
                        pos,
                        name,
                        pipe: Some(pipe),
                    });
                }
            }
            Some("template") => {
                let mut ts = Tokens { tokens, at: 1 };
                let name = match ts.next_tok() {
                    Some(Token {
                        tok: Tok::Str(s), ..
                    }) => s,
                    _ => return err(pos, "unexpected token in template clause"),
                };
                let pipe = if ts.peek_close() {
                    ts.expect_close("template")?;
                    None
                } else {
                    Some(self.pipeline(&mut ts, pos, "template")?)
                };
                nodes.push(Node::Template { pos, name, pipe });
            }
            Some("break") => {
                expect_close(&tokens[1..], "break")?;
                nodes.push(Node::Break(pos));
            }
            Some("continue") => {
                expect_close(&tokens[1..], "continue")?;
                nodes.push(Node::Continue(pos));
            }
            _ => {
                let mut ts = Tokens::new(tokens);
                let pipe = self.pipeline(&mut ts, pos, "command")?;
                nodes.push(Node::Action(pipe));
            }
        }
        Ok(None)
    }

    /// `if`/`with`/`range` with its body, `else` branches and `end`.
    fn branch(&mut self, pos: Pos, word: &str, mut ts: Tokens) -> Result<Node, ParseError> {
        let pipe = self.pipeline(&mut ts, pos, word)?;
        let (body, end) = self.list(false)?;
        let mut otherwise = Vec::new();
        match end {
            None => return err(pos, format!("unexpected EOF in {word}")),
            Some(End { word: "end", .. }) => {}
            Some(End {
                pos: else_pos,
                rest,
                ..
            }) => {
                let chained = match rest.first().map(|t| &t.tok) {
                    Some(Tok::Ident(w))
                        if (&**w == "if" && word != "range")
                            || (&**w == "with" && word == "with") =>
                    {
                        Some(w.clone())
                    }
                    _ => None,
                };
                if let Some(w) = chained {
                    // `else if`/`else with`: a nested branch that shares our `end`.
                    otherwise.push(self.branch(
                        else_pos,
                        &w,
                        Tokens {
                            tokens: rest,
                            at: 1,
                        },
                    )?);
                } else {
                    expect_close(&rest, "else")?;
                    let (body2, end2) = self.list(false)?;
                    match end2 {
                        Some(End { word: "end", .. }) => {}
                        Some(End { pos, .. }) => return err(pos, "expected end; found {{else}}"),
                        None => return err(pos, format!("unexpected EOF in {word}")),
                    }
                    otherwise = body2;
                }
            }
        }
        let b = Branch {
            pos,
            pipe,
            body,
            otherwise,
        };
        Ok(match word {
            "if" => Node::If(b),
            "with" => Node::With(b),
            _ => Node::Range(b),
        })
    }

    /// A pipeline up to `}}` (or `)` inside parentheses, for `paren`).
    fn pipeline(&mut self, ts: &mut Tokens, pos: Pos, ctx: &str) -> Result<Pipe, ParseError> {
        let mut decl = Vec::new();
        let mut assign = false;
        // Declarations: `$x :=`, `$x =`, `$i, $v :=`.
        let save = ts.at;
        if let Some(Token {
            tok: Tok::Var(v), ..
        }) = ts.peek()
        {
            let v = v.clone();
            ts.at += 1;
            match ts.peek().map(|t| &t.tok) {
                Some(Tok::Declare) => {
                    ts.at += 1;
                    decl.push(v);
                }
                Some(Tok::Assign) => {
                    ts.at += 1;
                    decl.push(v);
                    assign = true;
                }
                Some(Tok::Comma) if ctx == "range" => {
                    ts.at += 1;
                    match (ts.next_tok(), ts.next_tok()) {
                        (
                            Some(Token {
                                tok: Tok::Var(w), ..
                            }),
                            Some(Token {
                                tok: Tok::Declare | Tok::Assign,
                                ..
                            }),
                        ) => {
                            decl.push(v);
                            decl.push(w);
                        }
                        _ => return err(pos, "too many declarations in range"),
                    }
                }
                _ => ts.at = save,
            }
        }
        let mut cmds = Vec::new();
        loop {
            let cmd_pos = ts.peek().map_or(pos, |t| t.pos);
            let mut args = Vec::new();
            loop {
                match ts.peek().map(|t| &t.tok) {
                    None | Some(Tok::Close { .. }) | Some(Tok::RParen) | Some(Tok::Pipe) => break,
                    _ => args.push(self.term(ts)?),
                }
            }
            if args.is_empty() {
                return err(cmd_pos, format!("missing value for {ctx}"));
            }
            cmds.push(Cmd { pos: cmd_pos, args });
            match ts.peek().map(|t| &t.tok) {
                Some(Tok::Pipe) => {
                    ts.at += 1;
                }
                Some(Tok::Close { .. }) => {
                    ts.at += 1;
                    break;
                }
                Some(Tok::RParen) => break,
                _ => return err(pos, format!("unexpected end in {ctx}")),
            }
        }
        Ok(Pipe {
            pos,
            decl,
            assign,
            cmds,
        })
    }

    /// One operand, with the fields chained onto it.
    fn term(&mut self, ts: &mut Tokens) -> Result<Term, ParseError> {
        let Some(t) = ts.next_tok() else {
            return err(0, "unexpected EOF");
        };
        let pos = t.pos;
        let term = match t.tok {
            Tok::Dot => Term::Dot(pos),
            Tok::Field(name) => {
                let mut names = vec![name];
                names.extend(ts.fields());
                return Ok(Term::Field(pos, names));
            }
            Tok::Var(name) => {
                let fields = ts.fields();
                return Ok(Term::Var(pos, name, fields));
            }
            Tok::Str(s) => Term::Str(pos, s),
            Tok::Char(c) => Term::Int(pos, c),
            Tok::Number(text) => number(pos, &text)?,
            Tok::Ident(name) => match &*name {
                "true" => Term::Bool(pos, true),
                "false" => Term::Bool(pos, false),
                "nil" => Term::Nil(pos),
                _ => {
                    if !(self.known)(&name) {
                        return err(pos, format!("function {:?} not defined", &*name));
                    }
                    Term::Ident(pos, name)
                }
            },
            Tok::LParen => {
                let inner = self.pipeline(ts, pos, "parenthesized pipeline")?;
                match ts.next_tok() {
                    Some(Token {
                        tok: Tok::RParen, ..
                    }) => {}
                    _ => return err(pos, "unclosed left paren"),
                }
                let fields = ts.fields();
                let pipe = Term::Pipe(pos, Box::new(inner));
                if fields.is_empty() {
                    return Ok(pipe);
                }
                return Ok(Term::Chain(pos, Box::new(pipe), fields));
            }
            other => return err(pos, format!("unexpected {} in operand", describe(&other))),
        };
        Ok(term)
    }
}

fn describe(tok: &Tok) -> &'static str {
    match tok {
        Tok::Declare => "\":=\"",
        Tok::Assign => "\"=\"",
        Tok::Comma => "\",\"",
        Tok::RParen => "\")\"",
        Tok::Pipe => "\"|\"",
        _ => "token",
    }
}

/// A number literal as Go's template reads it: an integer if it is one
/// (including hex, octal, binary), a float if written with `.`/`e`.
fn number(pos: Pos, text: &str) -> Result<Term, ParseError> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, clean.trim_start_matches('+').to_string()),
    };
    let lower = body.to_ascii_lowercase();
    let int = if let Some(h) = lower.strip_prefix("0x") {
        if h.contains('p') || h.contains('.') {
            None
        } else {
            i64::from_str_radix(h, 16).ok()
        }
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|c| c.is_ascii_digit())
    {
        i64::from_str_radix(&lower[1..], 8).ok()
    } else if lower.bytes().all(|c| c.is_ascii_digit()) {
        lower.parse().ok()
    } else {
        None
    };
    if let Some(i) = int {
        return Ok(Term::Int(pos, if neg { -i } else { i }));
    }
    match lower.parse::<f64>() {
        Ok(f) => Ok(Term::Float(pos, if neg { -f } else { f })),
        Err(_) => err(pos, format!("illegal number syntax: {text:?}")),
    }
}

fn expect_close(rest: &[Token], word: &str) -> Result<(), ParseError> {
    match rest.first() {
        Some(Token {
            tok: Tok::Close { .. },
            ..
        }) => Ok(()),
        Some(t) => err(t.pos, format!("unexpected token in {word}")),
        None => err(0, format!("unexpected EOF in {word}")),
    }
}

struct Tokens {
    tokens: Vec<Token>,
    at: usize,
}

impl Tokens {
    fn new(tokens: Vec<Token>) -> Self {
        Tokens { tokens, at: 0 }
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_close(&self) -> bool {
        matches!(self.peek().map(|t| &t.tok), Some(Tok::Close { .. }))
    }

    fn next_tok(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn expect_close(&mut self, word: &str) -> Result<(), ParseError> {
        expect_close(&self.tokens[self.at.min(self.tokens.len())..], word)
    }

    /// Fields written right after an operand (`$x.a.b`, `(...).a`).
    fn fields(&mut self) -> Vec<Rc<str>> {
        let mut out = Vec::new();
        while let Some(Token {
            tok: Tok::Field(name),
            spaced: false,
            ..
        }) = self.peek()
        {
            out.push(name.clone());
            self.at += 1;
        }
        out
    }
}
