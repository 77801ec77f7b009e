//! The editor: a plain textarea over a highlight layer that draws the
//! findings, with a gutter of line numbers and severity markers.
//!
//! Why not CodeMirror: the textarea costs no bytes and no second build
//! system, behaves like every other text box (IME input for Chinese,
//! spell-check off, mobile keyboards), and the highlight layer gives the
//! gutter markers and underlines the lesson needs. The layers share one
//! font, line height and padding, and the textarea's scroll position is
//! copied to the others.

use kubeshape_core::Severity;
use yew::prelude::*;

use crate::overlay::{Look, Marker, Overlay};
use crate::rich::plain;
use crate::{App, Msg};

/// Height of one editor line in CSS pixels (index.html uses the same).
pub const LINE_PX: i32 = 20;
/// Padding above the first line, in CSS pixels.
pub const PAD_PX: i32 = 8;

pub fn severity_icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "●",
    }
}

pub fn severity_name(app: &App, s: Severity) -> &'static str {
    match s {
        Severity::Error => app.t("error", "错误"),
        Severity::Warning => app.t("warning", "警告"),
        Severity::Info => app.t("info", "提示"),
    }
}

impl App {
    fn worst_on(&self, line: u32) -> Option<Severity> {
        self.by_line
            .get(&line)?
            .iter()
            .map(|&i| self.report.findings[i].severity)
            .max()
    }

    fn line_messages(&self, line: u32) -> String {
        self.by_line
            .get(&line)
            .map(|ids| {
                ids.iter()
                    .map(|&i| {
                        let f = &self.report.findings[i];
                        format!(
                            "{} {}: {}",
                            severity_icon(f.severity),
                            f.rule,
                            plain(f.message.get(self.lang))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    }

    /// How line `number` is drawn: the findings' ranges on it marked.
    pub fn look(&self, number: u32, text: &str) -> Look {
        let active = self
            .selected
            .and_then(|i| self.report.findings.get(i))
            .is_some_and(|f| f.span.start.line == number);
        let Some(ids) = self.by_line.get(&number) else {
            return Look {
                runs: Vec::new(),
                active,
            };
        };
        let len = text.chars().count();
        let mut level: Vec<Option<Severity>> = vec![None; len];
        for &i in ids {
            let f = &self.report.findings[i];
            // (A line marked for a finding elsewhere, a values line in Helm
            // mode: its text, after the indentation.)
            let (from, to) = if f.span.start.line != number {
                (text.chars().take_while(|c| c.is_whitespace()).count(), len)
            } else {
                let from = (f.span.start.column.max(1) - 1) as usize;
                let to = if f.span.end.line == number {
                    (f.span.end.column.max(1) - 1) as usize
                } else {
                    len
                };
                (from, if to <= from { len } else { to.min(len) })
            };
            for slot in level.iter_mut().take(to).skip(from) {
                *slot = (*slot).max(Some(f.severity));
            }
        }
        let mut runs = Vec::new();
        let mut start = 0;
        while start < len {
            let here = level[start];
            let mut end = start + 1;
            while end < len && level[end] == here {
                end += 1;
            }
            if let Some(s) = here {
                runs.push((start, end, s));
            }
            start = end;
        }
        Look { runs, active }
    }

    /// The gutter marker of line `number`, if a finding is there.
    pub fn marker(&self, number: u32) -> Option<Marker> {
        let severity = self.worst_on(number)?;
        let tip = self.line_messages(number);
        Some(Marker {
            severity,
            finding: self.by_line[&number][0],
            label: format!("{} {number}: {tip}", self.t("Line", "第")),
            tip,
        })
    }

    /// Brings the highlight layer and gutter in line with the text and the
    /// findings (after a render: Yew may have made new containers).
    pub fn paint_overlay(&mut self) {
        let (Some(pre), Some(gutter)) = (
            self.highlight.cast::<web_sys::Element>(),
            self.gutter.cast::<web_sys::Element>(),
        ) else {
            self.overlay = None;
            return;
        };
        let (mut overlay, new) = match self.overlay.take() {
            Some(o) if o.draws_into(&pre) => (o, false),
            _ => (Overlay::new(pre, gutter), true),
        };
        overlay.edit(&self.shared.yaml);
        overlay.paint(|n, text| self.look(n, text), |n| self.marker(n));
        self.overlay = Some(overlay);
        if new {
            // The editor is back on the page, its text where it was scrolled.
            self.sync_scroll();
        }
        self.show_status();
    }

    /// The tooltip over the text: the messages of the line under the
    /// pointer, beside it (written by hand: the pointer's moves do not
    /// render the page).
    pub fn show_tooltip(&mut self, at: Option<(u32, i32, i32)>) {
        let Some(el) = self.tooltip.cast::<web_sys::HtmlElement>() else {
            return;
        };
        let (line, x, y) = at.unwrap_or_default();
        if line != self.hover {
            self.hover = line;
            el.set_text_content(Some(&self.line_messages(line)));
        }
        let shown = el.text_content().is_some_and(|t| !t.is_empty());
        el.set_hidden(!shown);
        if shown {
            let style = format!("left:{}px;top:{}px", x + 14, y + 18);
            let _ = el.set_attribute("style", &style);
        }
    }

    /// The status bar: where the caret is and what was found on its line
    /// (written by hand: it changes as the caret moves, which does not
    /// render the page).
    pub fn show_status(&self) {
        let (line, column) = self.caret;
        if let Some(el) = self.status.cast::<web_sys::Element>() {
            el.set_text_content(Some(&format!(
                "{} {line}, {} {column}",
                self.t("Ln", "行"),
                self.t("Col", "列")
            )));
        }
        if let Some(el) = self.here.cast::<web_sys::HtmlElement>() {
            let here = self.line_messages(line).replace('\n', " · ");
            el.set_hidden(here.is_empty());
            el.set_text_content(Some(&here));
        }
    }

    pub fn view_editor(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let onmousemove = link.callback(|e: MouseEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let line = (e.offset_y() + area.scroll_top() - PAD_PX).div_euclid(LINE_PX) + 1;
            Msg::Hover((line >= 1).then(|| (line as u32, e.client_x(), e.client_y())))
        });
        // The markers are drawn by the overlay; a click on one opens its finding.
        let onclick_gutter = link.batch_callback(|e: MouseEvent| {
            let target: web_sys::Element = e.target_unchecked_into();
            let marker = target.closest(".marker").ok().flatten()?;
            let i = marker.get_attribute("data-finding")?.parse().ok()?;
            Some(Msg::Select(i))
        });
        html! {
            <div class="editor-wrap">
                <div class="editor">
                    <div class="gutter" ref={self.gutter.clone()} onclick={onclick_gutter}></div>
                    <div class="code">
                        <pre class="highlight" ref={self.highlight.clone()} aria-hidden="true"></pre>
                        <textarea ref={self.textarea.clone()} value={self.shared.yaml.clone()}
                            aria-label={self.t("Kubernetes YAML", "Kubernetes YAML")}
                            spellcheck="false" autocapitalize="off" autocomplete="off" wrap="off"
                            placeholder={self.t("Paste a Deployment, a Pod or a whole bundle here…", "在这里粘贴 Deployment、Pod 或整套清单……")}
                            oninput={link.callback(|e: InputEvent| {
                                let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                                Msg::Edit(area.value(), e.input_type())
                            })}
                            onkeydown={link.batch_callback(history_key)}
                            onscroll={link.callback(|_| Msg::Scroll)}
                            onmousemove={onmousemove}
                            onmouseleave={link.callback(|_| Msg::Hover(None))}
                            onkeyup={link.callback(|_| Msg::Caret)}
                            onclick={link.callback(|_| Msg::Caret)}
                        />
                    </div>
                </div>
                <div class="tooltip" role="tooltip" ref={self.tooltip.clone()} hidden=true></div>
                <div class="status" aria-live="polite">
                    <span ref={self.status.clone()}></span>
                    <span class="here" ref={self.here.clone()} hidden=true></span>
                </div>
            </div>
        }
    }
}

/// Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z and Ctrl+Y redo, through the page's
/// own history (which also holds fixes and loaded examples), not the
/// textarea's.
fn history_key(e: KeyboardEvent) -> Option<Msg> {
    if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
        return None;
    }
    let msg = match (e.key().as_str(), e.shift_key()) {
        ("z" | "Z", false) => Msg::Undo,
        ("z" | "Z", true) | ("y", false) => Msg::Redo,
        _ => return None,
    };
    e.prevent_default();
    Some(msg)
}
