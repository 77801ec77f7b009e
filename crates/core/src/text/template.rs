//! Template placeholders in a text that is not rendered yet: Helm's (Go
//! templates) `{{ … }}`, envsubst's `${VAR}`, and `$(VAR)` where Kubernetes
//! does not expand it itself (it does in a container's `command`, `args`
//! and env `value`s; elsewhere it is Kustomize's `vars` or a script's). A
//! document holding them is a template: what Kubernetes will see is not
//! written yet, so rules do not judge what a placeholder stands for.

/// Which templating a placeholder belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{{ … }}`: Helm (or another Go-template tool).
    Go,
    /// `${VAR}`, `${VAR:-default}`: envsubst and shells.
    Env,
    /// `$(VAR)` outside a container's `command`, `args` and env `value`s:
    /// Kustomize's `vars`, or a script's.
    Dollar,
}

/// One placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub kind: Kind,
    /// 1-based line and column (in characters) of its first character;
    /// the line of its last.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    /// Its text (the first line of it, for one over several).
    pub text: String,
    /// Whether it stands where YAML reads it as YAML (not inside a quoted
    /// value or a block scalar): there it breaks the parse.
    pub raw: bool,
}

/// One document of a text that holds placeholders: its lines (`first` to
/// `last`, 1-based, inclusive) and the placeholders in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templated {
    pub first: u32,
    pub last: u32,
    pub placeholders: Vec<Placeholder>,
}

impl Templated {
    /// Whether line `line` is in this document.
    pub fn holds(&self, line: u32) -> bool {
        (self.first..=self.last).contains(&line)
    }

    /// Whether a placeholder covers line `line`.
    pub fn on_line(&self, line: u32) -> bool {
        self.placeholders
            .iter()
            .any(|p| (p.line..=p.end_line).contains(&line))
    }
}

/// The documents of `text` that are templates: those with a placeholder
/// where YAML reads it, not inside a quoted value or a block scalar. A
/// document whose placeholders are all inside those is left alone:
/// Prometheus and Grafana write their own `{{ … }}` there, and scripts
/// their `${VAR}`.
pub fn templated(text: &str) -> Vec<Templated> {
    let mut out = Vec::new();
    if !text.contains("{{") && !text.contains("${") && !text.contains("$(") {
        return out;
    }
    let all = find(text);
    let mut first = 1;
    let mut number = 0;
    let close = |first: u32, last: u32, out: &mut Vec<Templated>| {
        let placeholders: Vec<Placeholder> = all
            .iter()
            .filter(|p| (first..=last).contains(&p.line))
            .cloned()
            .collect();
        if placeholders.iter().any(|p| p.raw) {
            out.push(Templated {
                first,
                last,
                placeholders,
            });
        }
    };
    for line in text.split('\n') {
        number += 1;
        if line.starts_with("---") {
            close(first, number - 1, &mut out);
            first = number + 1;
        }
    }
    close(first, number, &mut out);
    out
}

/// Every placeholder of `text`, in text order (none in comments).
pub fn find(text: &str) -> Vec<Placeholder> {
    let mut found = Vec::new();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut block_scalar: Option<usize> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let in_block = match block_scalar {
            Some(owner) if line.trim().is_empty() || indent > owner => true,
            _ => {
                block_scalar = None;
                false
            }
        };
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut chars = line.char_indices().peekable();
        let mut skip_to = 0;
        while let Some((b, c)) = chars.next() {
            if b < skip_to {
                prev = c;
                continue;
            }
            let next = chars.peek().map(|&(_, n)| n);
            match (quote, c) {
                (None, '#') if prev == ' ' || b == 0 => break,
                (None, '"' | '\'') if matches!(prev, ' ' | ':' | '[' | '{' | ',' | '-') => {
                    quote = Some(c)
                }
                (Some(q), c) if c == q => quote = None,
                (_, '{') if next == Some('{') => {
                    // To the closing `}}`, on this line or the next ones.
                    let (end_line, end) = close_of(&lines, i, b + 2);
                    let stop = if end_line == i { end } else { line.len() };
                    found.push(Placeholder {
                        kind: Kind::Go,
                        line: i as u32 + 1,
                        column: line[..b].chars().count() as u32 + 1,
                        end_line: end_line as u32 + 1,
                        text: line[b..stop].to_owned(),
                        raw: quote.is_none() && !in_block,
                    });
                    if end_line != i {
                        i = end_line;
                        break;
                    }
                    skip_to = end;
                }
                (_, '$') if next == Some('{') => {
                    let rest = &line[b + 2..];
                    let name = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    let starts_name =
                        rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
                    // `${VAR}` or `${VAR:-default}`, not a shell's `${ARR[*]}`.
                    let then = rest[name..].chars().next();
                    let variable = starts_name
                        && name > 0
                        && matches!(then, Some('}' | ':' | '-' | '=' | '+' | '?'));
                    if let (true, Some(close)) = (variable, rest.find('}')) {
                        found.push(Placeholder {
                            kind: Kind::Env,
                            line: i as u32 + 1,
                            column: line[..b].chars().count() as u32 + 1,
                            end_line: i as u32 + 1,
                            text: line[b..b + 2 + close + 1].to_owned(),
                            raw: quote.is_none() && !in_block,
                        });
                        skip_to = b + 2 + close + 1;
                    }
                }
                (_, '$') if next == Some('(') && !in_block => {
                    let rest = &line[b + 2..];
                    let name = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    let variable = name > 0
                        && rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && rest[name..].starts_with(')');
                    if variable && !expanded_by_kubernetes(&lines, i) {
                        found.push(Placeholder {
                            kind: Kind::Dollar,
                            line: i as u32 + 1,
                            column: line[..b].chars().count() as u32 + 1,
                            end_line: i as u32 + 1,
                            text: line[b..b + 2 + name + 1].to_owned(),
                            raw: quote.is_none(),
                        });
                        skip_to = b + 2 + name + 1;
                    }
                }
                _ => {}
            }
            prev = c;
        }
        if !in_block {
            // `key: |`, `- >-`, `|2`: a block scalar's header ends the line.
            let body = line.split(" #").next().unwrap_or("").trim_end();
            let header =
                body.trim_end_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
            if header.ends_with(" |")
                || header.ends_with(" >")
                || matches!(header.trim(), "|" | ">")
            {
                block_scalar = Some(indent);
            }
        }
        i += 1;
    }
    found
}

/// Whether a `$(VAR)` on line `i` is where Kubernetes expands it: the value
/// of an env `value:`, or in a container's `command` or `args` (on the
/// key's line, or an item of the list under it).
fn expanded_by_kubernetes(lines: &[&str], i: usize) -> bool {
    let expands = |key: &str| matches!(key, "value" | "command" | "args");
    let key_of = |line: &str| -> Option<String> {
        let body = line.trim_start().trim_start_matches("- ").trim_start();
        let (key, _) = body.split_once(':')?;
        let key = key.trim().trim_matches(['"', '\'']);
        (!key.is_empty() && !key.contains(' ')).then(|| key.to_owned())
    };
    let line = lines[i];
    let content = line.trim_start();
    if let Some(key) = key_of(line) {
        // `value: $(A)`, `args: ["$(A)"]`.
        if content
            .trim_start_matches("- ")
            .contains(&format!("{key}:"))
            && expands(&key)
        {
            return true;
        }
        if !content.starts_with('-') {
            return false;
        }
    }
    if !content.starts_with('-') {
        return false;
    }
    // An item: the key of the list it is in.
    let dash = line.len() - content.len();
    for above in lines[..i].iter().rev() {
        let text = above.trim_start();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let indent = above.len() - text.len();
        if indent < dash || (indent == dash && !text.starts_with('-')) {
            return key_of(above).is_some_and(|k| expands(&k));
        }
    }
    false
}

/// Where the `}}` that closes an action opened before byte `from` of line
/// `i` ends: (line, the byte after it). The text's end if never.
fn close_of(lines: &[&str], i: usize, from: usize) -> (usize, usize) {
    if let Some(at) = lines[i].get(from..).and_then(|rest| rest.find("}}")) {
        return (i, from + at + 2);
    }
    // An action over several lines: a few at most.
    for (k, line) in lines.iter().enumerate().skip(i + 1).take(20) {
        if let Some(at) = line.find("}}") {
            return (k, at + 2);
        }
    }
    (i, lines[i].len())
}

#[cfg(test)]
mod tests;
