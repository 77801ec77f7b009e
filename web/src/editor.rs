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

    /// One line of the highlight layer, with the findings' ranges marked.
    fn highlighted_line(&self, number: u32, text: &str) -> Html {
        let active = self
            .selected
            .and_then(|i| self.report.findings.get(i))
            .is_some_and(|f| f.span.start.line == number);
        let class = classes!("line", active.then_some("active"));
        let Some(ids) = self.by_line.get(&number) else {
            return html! { <span class={class}>{ text }</span> };
        };
        let chars: Vec<char> = text.chars().collect();
        let mut level: Vec<Option<Severity>> = vec![None; chars.len()];
        for &i in ids {
            let f = &self.report.findings[i];
            // (A line marked for a finding elsewhere, a values line in Helm
            // mode: its text, after the indentation.)
            if f.span.start.line != number {
                let indent = chars.iter().take_while(|c| c.is_whitespace()).count();
                for slot in level.iter_mut().skip(indent) {
                    *slot = (*slot).max(Some(f.severity));
                }
                continue;
            }
            let from = (f.span.start.column.max(1) - 1) as usize;
            let mut to = if f.span.end.line == number {
                (f.span.end.column.max(1) - 1) as usize
            } else {
                chars.len()
            };
            if to <= from {
                to = chars.len();
            }
            for slot in level.iter_mut().take(to.min(chars.len())).skip(from) {
                *slot = (*slot).max(Some(f.severity));
            }
        }
        let mut parts = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            let here = level[start];
            let mut end = start + 1;
            while end < chars.len() && level[end] == here {
                end += 1;
            }
            let piece: String = chars[start..end].iter().collect();
            parts.push(match here {
                Some(s) => html! { <mark class={classes!("u", s.as_str())}>{ piece }</mark> },
                None => html! { { piece } },
            });
            start = end;
        }
        html! { <span class={class}>{ for parts }</span> }
    }

    pub fn view_editor(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let lines: Vec<&str> = self.shared.yaml.split('\n').collect();
        let gutter = lines.iter().enumerate().map(|(i, _)| {
            let n = i as u32 + 1;
            match self.worst_on(n) {
                None => html! { <div class="ln">{ n }</div> },
                Some(s) => {
                    let first = self.by_line[&n][0];
                    let tip = self.line_messages(n);
                    html! {
                        <div class="ln">
                            <button class={classes!("marker", s.as_str())} data-tip={tip.clone()}
                                aria-label={format!("{} {n}: {tip}", self.t("Line", "第"))}
                                onclick={link.callback(move |_| Msg::Select(first))}>
                                { severity_icon(s) }
                            </button>
                            { n }
                        </div>
                    }
                }
            }
        });
        let highlighted = lines
            .iter()
            .enumerate()
            .map(|(i, l)| self.highlighted_line(i as u32 + 1, l));
        let onmousemove = link.callback(|e: MouseEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let line = (e.offset_y() + area.scroll_top() - PAD_PX).div_euclid(LINE_PX) + 1;
            Msg::Hover((line >= 1).then(|| (line as u32, e.client_x(), e.client_y())))
        });
        let tooltip = self.hover.and_then(|(line, x, y)| {
            let text = self.line_messages(line);
            (!text.is_empty()).then(|| {
                let style = format!("left:{}px;top:{}px", x + 14, y + 18);
                html! { <div class="tooltip" role="tooltip" {style}>{ text }</div> }
            })
        });
        let (line, column) = self.caret;
        let here = self.line_messages(line);
        html! {
            <div class="editor-wrap">
                <div class="editor">
                    <div class="gutter" ref={self.gutter.clone()}>{ for gutter }</div>
                    <div class="code">
                        <pre class="highlight" ref={self.highlight.clone()} aria-hidden="true">{ for highlighted }</pre>
                        <textarea ref={self.textarea.clone()} value={self.shared.yaml.clone()}
                            aria-label={self.t("Kubernetes YAML", "Kubernetes YAML")}
                            spellcheck="false" autocapitalize="off" autocomplete="off" wrap="off"
                            placeholder={self.t("Paste a Deployment, a Pod or a whole bundle here…", "在这里粘贴 Deployment、Pod 或整套清单……")}
                            oninput={link.callback(|e: InputEvent| {
                                let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                                Msg::Edit(area.value())
                            })}
                            onscroll={link.callback(|_| Msg::Scroll)}
                            onmousemove={onmousemove}
                            onmouseleave={link.callback(|_| Msg::Hover(None))}
                            onkeyup={link.callback(|_| Msg::Caret)}
                            onclick={link.callback(|_| Msg::Caret)}
                        />
                    </div>
                </div>
                { for tooltip }
                <div class="status" aria-live="polite">
                    <span>{ format!("{} {line}, {} {column}", self.t("Ln", "行"), self.t("Col", "列")) }</span>
                    if !here.is_empty() { <span class="here">{ here.replace('\n', " · ") }</span> }
                </div>
            </div>
        }
    }
}
