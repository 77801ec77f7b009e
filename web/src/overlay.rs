//! The editor's highlight layer and gutter, kept up to date by hand rather
//! than by Yew, so a keystroke costs the lines it changed and not the whole
//! text.
//!
//! Yew renders the two containers empty and never looks inside them. On
//! every edit [`Overlay::edit`] compares the new lines with the ones shown:
//! the unchanged lines at either end keep their elements (and their marks,
//! which move with them until the next lint), the lines between are drawn
//! again. After a lint [`Overlay::paint`] asks each line how it should look
//! and redraws only those whose look changed.

use kubeshape_core::Severity;
use web_sys::Element;

use crate::editor::severity_icon;

/// How one line is drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Look {
    /// Character ranges (start, end) underlined, with the worst severity
    /// over each, in order and not overlapping.
    pub runs: Vec<(usize, usize, Severity)>,
    /// The line of the finding that is open.
    pub active: bool,
}

/// A gutter marker: the worst severity on a line and the finding it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub severity: Severity,
    pub finding: usize,
    /// The messages on the line, one per row (shown on hover).
    pub tip: String,
    /// What a screen reader says for the marker.
    pub label: String,
}

struct Row {
    text: String,
    look: Look,
    el: Element,
}

pub struct Overlay {
    pre: Element,
    gutter: Element,
    rows: Vec<Row>,
    numbers: Vec<(Element, Option<Marker>)>,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// The inside of one line's element: its text, the marked ranges in `<mark>`.
pub fn line_html(text: &str, look: &Look) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let at = |c: usize| bytes[c.min(bytes.len() - 1)];
    let mut done = 0;
    for &(from, to, severity) in &look.runs {
        escape(&text[at(done)..at(from)], &mut out);
        out.push_str("<mark class=\"u ");
        out.push_str(severity.as_str());
        out.push_str("\">");
        escape(&text[at(from)..at(to)], &mut out);
        out.push_str("</mark>");
        done = to;
    }
    escape(&text[at(done)..], &mut out);
    out
}

fn line_class(look: &Look) -> &'static str {
    if look.active {
        "line active"
    } else {
        "line"
    }
}

/// The inside of one gutter row: the marker, if any, and the line number
/// (hidden from screen readers: the textarea reports the line itself).
fn number_html(n: usize, marker: Option<&Marker>) -> String {
    let mut out = String::new();
    if let Some(m) = marker {
        out.push_str("<button class=\"marker ");
        out.push_str(m.severity.as_str());
        out.push_str("\" tabindex=\"-1\" data-finding=\"");
        out.push_str(&m.finding.to_string());
        out.push_str("\" data-tip=\"");
        escape(&m.tip, &mut out);
        out.push_str("\" aria-label=\"");
        escape(&m.label, &mut out);
        out.push_str("\">");
        out.push_str(severity_icon(m.severity));
        out.push_str("</button>");
    }
    out.push_str("<span aria-hidden=\"true\">");
    out.push_str(&n.to_string());
    out.push_str("</span>");
    out
}

impl Overlay {
    /// Takes over the (empty) highlight layer and gutter Yew rendered.
    pub fn new(pre: Element, gutter: Element) -> Overlay {
        pre.set_inner_html("");
        gutter.set_inner_html("");
        Overlay {
            pre,
            gutter,
            rows: Vec::new(),
            numbers: Vec::new(),
        }
    }

    /// Whether this overlay draws into `pre` (Yew makes a new one when the
    /// editor page is shown again).
    pub fn draws_into(&self, pre: &Element) -> bool {
        self.pre == *pre
    }

    /// Follows an edit of the text: redraws the lines between the unchanged
    /// ones at the start and at the end.
    pub fn edit(&mut self, text: &str) {
        let new: Vec<&str> = text.split('\n').collect();
        let old = &self.rows;
        let prefix = old
            .iter()
            .zip(&new)
            .take_while(|(r, n)| r.text == **n)
            .count();
        let room = old.len().min(new.len()) - prefix;
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(r, n)| r.text == **n)
            .count();
        let gone = prefix..old.len() - suffix;
        let added = &new[prefix..new.len() - suffix];
        if gone.is_empty() && added.is_empty() {
            return;
        }
        // The lines drawn again are unmarked until the lint that follows.
        let looks = vec![Look::default(); added.len()];
        let next = self.rows.get(gone.end).map(|r| r.el.clone());
        for row in &self.rows[gone.clone()] {
            row.el.remove();
        }
        let mut html = String::new();
        for (text, look) in added.iter().zip(&looks) {
            html.push_str("<span class=\"");
            html.push_str(line_class(look));
            html.push_str("\">");
            html.push_str(&line_html(text, look));
            html.push_str("</span>");
        }
        let _ = match &next {
            Some(el) => el.insert_adjacent_html("beforebegin", &html),
            None => self.pre.insert_adjacent_html("beforeend", &html),
        };
        let children = self.pre.children();
        let made = added
            .iter()
            .zip(looks)
            .enumerate()
            .filter_map(|(k, (text, look))| {
                let el = children.item((prefix + k) as u32)?;
                Some(Row {
                    text: (*text).to_owned(),
                    look,
                    el,
                })
            });
        self.rows.splice(gone, made.collect::<Vec<_>>());
        self.count_lines();
    }

    /// One gutter row per line: rows added or removed at the end.
    fn count_lines(&mut self) {
        let want = self.rows.len();
        while self.numbers.len() > want {
            if let Some((el, _)) = self.numbers.pop() {
                el.remove();
            }
        }
        if self.numbers.len() < want {
            let from = self.numbers.len();
            let mut html = String::new();
            for n in from + 1..=want {
                html.push_str("<div class=\"ln\">");
                html.push_str(&number_html(n, None));
                html.push_str("</div>");
            }
            let _ = self.gutter.insert_adjacent_html("beforeend", &html);
            let children = self.gutter.children();
            for k in from..want {
                if let Some(el) = children.item(k as u32) {
                    self.numbers.push((el, None));
                }
            }
        }
    }

    /// After a lint, or a finding opened: redraws the lines and gutter rows
    /// whose look changed. `look` and `marker` take 1-based line numbers.
    pub fn paint(
        &mut self,
        look: impl Fn(u32, &str) -> Look,
        marker: impl Fn(u32) -> Option<Marker>,
    ) {
        for (i, row) in self.rows.iter_mut().enumerate() {
            let new = look(i as u32 + 1, &row.text);
            if new != row.look {
                row.el.set_class_name(line_class(&new));
                row.el.set_inner_html(&line_html(&row.text, &new));
                row.look = new;
            }
        }
        for (i, (el, shown)) in self.numbers.iter_mut().enumerate() {
            let new = marker(i as u32 + 1);
            if new != *shown {
                el.set_inner_html(&number_html(i + 1, new.as_ref()));
                *shown = new;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_escaped_and_marked_by_characters() {
        let look = Look {
            runs: vec![(2, 4, Severity::Warning)],
            active: false,
        };
        assert_eq!(
            line_html("中文<b>&", &look),
            "中文<mark class=\"u warning\">&lt;b</mark>&gt;&amp;"
        );
        assert_eq!(line_html("", &Look::default()), "");
    }

    #[test]
    fn a_marker_carries_its_finding_and_hides_the_number() {
        let m = Marker {
            severity: Severity::Error,
            finding: 7,
            tip: "a \"b\"".into(),
            label: "Line 3".into(),
        };
        let html = number_html(3, Some(&m));
        assert!(html.contains("data-finding=\"7\""), "{html}");
        assert!(html.contains("data-tip=\"a &quot;b&quot;\""), "{html}");
        assert!(
            html.ends_with("<span aria-hidden=\"true\">3</span>"),
            "{html}"
        );
    }
}
