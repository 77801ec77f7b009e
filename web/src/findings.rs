//! The findings panel (counts, findings grouped by object with their QoS
//! class, the why and the fix of each) and the playground page around it.

use kubeshape_core::report::ObjectFact;
use kubeshape_core::settings::{DEFAULT_KUBERNETES_MINOR, OLDEST_KUBERNETES_MINOR};
use kubeshape_core::{rules, Category, Preset, Severity};
use yew::prelude::*;

use crate::editor::{severity_icon, severity_name};
use crate::rich::rich;
use crate::{App, Msg, Page};

pub struct Group<'a> {
    pub object: Option<&'a ObjectFact>,
    pub findings: Vec<usize>,
}

/// Findings grouped by the object they are about, in input order; findings
/// about no object (syntax, the input as a whole) come first.
pub fn groups(app: &App) -> Vec<Group<'_>> {
    let mut loose = Group {
        object: None,
        findings: Vec::new(),
    };
    let mut groups: Vec<Group> = app
        .report
        .objects
        .iter()
        .map(|o| Group {
            object: Some(o),
            findings: Vec::new(),
        })
        .collect();
    for (i, f) in app.report.findings.iter().enumerate() {
        if f.suppressed {
            continue;
        }
        match f.object.and_then(|o| groups.get_mut(o)) {
            Some(g) => g.findings.push(i),
            None => loose.findings.push(i),
        }
    }
    if !loose.findings.is_empty() {
        groups.insert(0, loose);
    }
    groups
}

fn qos_text(app: &App, qos: &str) -> (&'static str, &'static str) {
    match qos {
        "Guaranteed" => (
            "good",
            app.t("Guaranteed: evicted last", "Guaranteed：最后被驱逐"),
        ),
        "Burstable" => (
            "fair",
            app.t(
                "Burstable: evicted after BestEffort",
                "Burstable：在 BestEffort 之后被驱逐",
            ),
        ),
        _ => (
            "poor",
            app.t(
                "BestEffort: evicted first under memory pressure",
                "BestEffort：内存紧张时最先被驱逐",
            ),
        ),
    }
}

impl App {
    /// Helm mode: the values lines that wrote what a finding points at.
    #[cfg(feature = "helm")]
    fn value_notes(&self, f: &kubeshape_core::Finding) -> Html {
        let notes: Vec<Html> = f
            .rendered
            .iter()
            .flat_map(|at| at.values.iter().filter_map(|&i| f.related.get(i)))
            .map(|r| {
                let line = r.span.start.line;
                html! { <li>{ self.t("Line ", "第 ") }{ line }{ self.t(": ", " 行：") }{ rich(r.message.get(self.lang)) }</li> }
            })
            .collect();
        if notes.is_empty() {
            return Html::default();
        }
        html! { <ul class="values">{ for notes }</ul> }
    }

    /// Helm mode: the chart as rendered, what the findings were found in.
    #[cfg(feature = "helm")]
    fn view_rendered(&self) -> Html {
        let stream = self.rendered.borrow();
        if stream.is_empty() {
            return Html::default();
        }
        html! {
            <details class="rendered">
                <summary>{ self.t("The chart, rendered (as helm template prints it)", "渲染后的 chart（即 helm template 的输出）") }</summary>
                <pre class="snippet"><code>{ stream.clone() }</code></pre>
            </details>
        }
    }

    #[cfg(not(feature = "helm"))]
    fn view_rendered(&self) -> Html {
        Html::default()
    }

    #[cfg(not(feature = "helm"))]
    fn value_notes(&self, _: &kubeshape_core::Finding) -> Html {
        Html::default()
    }

    /// Whether a finding can be fixed from the page, and safely (Helm mode:
    /// a chart's finding by its chart's fixes).
    fn fixable(&self, f: &kubeshape_core::Finding) -> Option<bool> {
        #[cfg(feature = "helm")]
        if let Some(c) = self
            .chart_fixes
            .iter()
            .find(|c| c.0 == f.rule && c.1 == f.span.start.line)
        {
            return Some(c.2);
        }
        f.fix.as_ref().map(|x| x.safe)
    }

    fn view_finding(&self, ctx: &Context<Self>, i: usize) -> Html {
        let link = ctx.link();
        let f = &self.report.findings[i];
        let open = self.selected == Some(i);
        let meta = rules::find(f.rule).map(|r| r.meta());
        // The details element is always there (empty when closed): Yew matches
        // unkeyed children from the end, so a child that comes and goes
        // would replace the button and take the keyboard focus with it.
        let details = meta.filter(|_| open).map(|m| {
            let snippet = m.use_instead();
            let id = m.id;
            let copy = snippet.clone();
            html! {
                <>
                    if !f.help.get(self.lang).is_empty() {
                        <p class="help">{ rich(f.help.get(self.lang)) }</p>
                    }
                    { self.value_notes(f) }
                    if let Some(safe) = self.fixable(f) {
                        <p class="fix">
                            <button class="small apply" onclick={link.callback(move |_| Msg::ApplyFix(i))}>
                                { if safe { self.t("Apply fix", "应用修复") } else { self.t("Apply fix (review it)", "应用修复（请复核）") } }
                            </button>
                        </p>
                    }
                    <h4>{ self.t("Why it matters", "为什么重要") }</h4>
                    <p>{ rich(&self.doc(m.why(self.lang))) }</p>
                    <h4>{ self.t("How to fix", "如何修复") }</h4>
                    <p>{ rich(&m.fix(self.lang)) }</p>
                    if !snippet.is_empty() {
                        <pre class="snippet"><code>{ snippet }</code></pre>
                        <button class="small" onclick={link.callback(move |_| Msg::Copy(copy.clone()))}>
                            { self.t("Copy the fixed snippet", "复制修正后的片段") }
                        </button>
                    }
                    <p class="meta">
                        { self.t("From ", "出自") }<strong>{ m.source(self.lang) }</strong>
                        {" · "}
                        <a href={format!("#/rules/{id}")} onclick={link.callback(move |e: MouseEvent| { e.prevent_default(); Msg::Go(Page::Rule(id)) })}>
                            { self.t("Rule page", "规则说明") }
                        </a>
                        {" · "}
                        <button class="link" onclick={link.callback(move |_| Msg::EditAt(i))}>
                            { self.t("Edit here", "在此编辑") }
                        </button>
                    </p>
                </>
            }
        });
        html! {
            <li class={classes!("finding", f.severity.as_str(), open.then_some("open"))}>
                <button id={format!("finding-{i}")} class="finding-head" aria-expanded={open.to_string()}
                    onclick={link.callback(move |_| Msg::Select(i))}
                    ondblclick={link.callback(move |_| Msg::EditAt(i))}>
                    <span class="icon" aria-label={severity_name(self, f.severity)}>{ severity_icon(f.severity) }</span>
                    <span class="where">{ format!("{}:{}", f.span.start.line, f.span.start.column) }</span>
                    <span class="message">{ rich(f.message.get(self.lang)) }</span>
                    <code class="rule">{ f.rule }</code>
                </button>
                <div class="details" id={format!("finding-{i}-details")} hidden={!open}>{ for details }</div>
            </li>
        }
    }

    fn view_group(&self, ctx: &Context<Self>, g: &Group) -> Html {
        let head = match g.object {
            Some(o) => {
                let kind = o.kind.clone().unwrap_or_else(|| "?".into());
                let name = o
                    .name
                    .clone()
                    .unwrap_or_else(|| self.t("(no name)", "（无名称）").into());
                let qos = o.qos.map(|q| {
                    let q = format!("{q:?}");
                    let (class, title) = qos_text(self, &q);
                    html! { <span class={classes!("qos", class)} title={title}>{ format!("QoS {q}") }</span> }
                });
                html! {
                    <h3 class="object">
                        <span class="kind">{ kind }</span>{" "}<span class="name">{ name }</span>
                        if let Some(ns) = &o.namespace { <span class="ns">{ format!(" · {ns}") }</span> }
                        <span class="at">{ format!(" · {} {}", self.t("line", "行"), o.line) }</span>
                        { for qos }
                    </h3>
                }
            }
            None => html! { <h3 class="object">{ self.t("The input", "输入本身") }</h3> },
        };
        html! {
            <section class="group">
                { head }
                if g.findings.is_empty() {
                    <p class="clean">{ "✓ " }{ self.t("No findings.", "没有发现问题。") }</p>
                } else {
                    <ul>{ for g.findings.iter().map(|&i| self.view_finding(ctx, i)) }</ul>
                }
            </section>
        }
    }

    fn view_findings(&self, ctx: &Context<Self>) -> Html {
        let count = |s: Severity| self.report.count(s);
        // "Passes" only when nothing at warning or above is left: a green
        // verdict over the pitfall being taught would teach the opposite.
        let failed = self.report.count_at_least(self.shared.fail_on) > 0;
        let warned = self.report.count_at_least(Severity::Warning) > 0;
        let verdict = if failed {
            html! { <span class="verdict fail">{ self.t("Fails", "不通过") }</span> }
        } else if warned {
            html! { <span class="verdict warn">{ self.t("Needs attention", "需要注意") }</span> }
        } else {
            html! { <span class="verdict pass">{ self.t("Passes", "通过") }</span> }
        };
        let chip = |s: Severity| {
            let n = count(s);
            let label = match (self.lang, n) {
                (kubeshape_core::Lang::En, 1) => severity_name(self, s).to_owned(),
                (kubeshape_core::Lang::En, _) => format!("{}s", severity_name(self, s)),
                (kubeshape_core::Lang::Zh, _) => format!("个{}", severity_name(self, s)),
            };
            html! {
                <span class={classes!("chip", s.as_str())}>
                    { severity_icon(s) }{" "}{ n }{" "}{ label }
                </span>
            }
        };
        let groups = groups(self);
        let safe = self
            .report
            .findings
            .iter()
            .filter(|f| !f.suppressed && f.fix.as_ref().is_some_and(|x| x.safe))
            .count();
        // Helm mode: the chart's safe fixes (its findings carry none).
        #[cfg(feature = "helm")]
        let safe = safe + self.chart_fixes.iter().filter(|c| c.2).count();
        html! {
            <aside class="findings" aria-label={self.t("Findings", "检查结果")}>
                <div class="summary">
                    // Announced when the counts change (not the timing).
                    <span class="counts" aria-live="polite" aria-atomic="true">
                        { chip(Severity::Error) }{ chip(Severity::Warning) }{ chip(Severity::Info) }
                        { verdict }
                    </span>
                    <span class="timing" title={timing_title(self)}>{ tenths_ms(self.lint_ms) }</span>
                </div>
                if safe > 0 || self.history.can_undo() || self.history.can_redo() {
                    <div class="fixes">
                        if safe > 0 {
                            <button class="small apply-all" id="apply-all" onclick={ctx.link().callback(|_| Msg::ApplySafe)}>
                                { match self.lang {
                                    kubeshape_core::Lang::En => format!("Apply all safe fixes ({safe})"),
                                    kubeshape_core::Lang::Zh => format!("应用全部安全修复（{safe}）"),
                                } }
                            </button>
                        }
                        <button class="small undo" id="undo" disabled={!self.history.can_undo()}
                            title="Ctrl+Z" aria-keyshortcuts="Control+Z"
                            onclick={ctx.link().callback(|_| Msg::Undo)}>
                            { self.t("Undo", "撤销") }
                        </button>
                        <button class="small redo" id="redo" disabled={!self.history.can_redo()}
                            title="Ctrl+Shift+Z" aria-keyshortcuts="Control+Shift+Z"
                            onclick={ctx.link().callback(|_| Msg::Redo)}>
                            { self.t("Redo", "重做") }
                        </button>
                    </div>
                }
                if self.shared.yaml.trim().is_empty() {
                    <p class="empty">{ self.t("Paste YAML on the left, or pick one of the examples.", "在左侧粘贴 YAML，或从示例中选择一个。") }</p>
                }
                <div class="groups" onkeydown={ctx.link().callback(Msg::ListKey)}>
                    { for groups.iter().map(|g| self.view_group(ctx, g)) }
                </div>
                { self.view_rendered() }
                <p class="hint">{ self.t("↑/↓ move between findings · Enter opens one · double-click edits there", "↑/↓ 在结果间移动 · 回车展开 · 双击跳到编辑位置") }</p>
            </aside>
        }
    }

    fn view_settings(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let settings = self.shared.settings();
        let presets = [Preset::Recommended, Preset::Strict, Preset::Go];
        let preset_label = |p: Preset| match p {
            Preset::Recommended => self.t("recommended", "推荐"),
            Preset::Strict => self.t("strict", "严格"),
            Preset::Go => self.t("go (Go services)", "go（Go 服务）"),
        };
        let minors = (OLDEST_KUBERNETES_MINOR..=DEFAULT_KUBERNETES_MINOR).rev();
        let current_minor = self
            .shared
            .kubernetes_minor
            .unwrap_or(DEFAULT_KUBERNETES_MINOR);
        let categories = Category::ALL.iter().map(|&c| {
            let rules = rules::all().iter().filter(|r| r.meta().category == c).map(|r| {
                let m = r.meta();
                let id = m.id;
                let on = settings.is_enabled(m);
                html! {
                    <label class="rule-switch" title={m.title(self.lang)}>
                        <input type="checkbox" checked={on} onchange={link.callback(move |_| Msg::ToggleRule(id))} />
                        <code>{ id }</code>
                    </label>
                }
            });
            html! {
                <fieldset>
                    <legend>{ c.title(self.lang) }</legend>
                    { for rules }
                </fieldset>
            }
        });
        html! {
            <details class="settings">
                <summary>{ self.t("Settings", "设置") }</summary>
                <div class="settings-row">
                    <label>{ self.t("Preset", "预设") }{" "}
                        <select onchange={link.callback(|e: Event| {
                            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                            Msg::SetPreset(Preset::parse(&s.value()).unwrap_or_default())
                        })}>
                            { for presets.iter().map(|&p| html! {
                                <option value={p.as_str()} selected={p == self.shared.preset}>{ preset_label(p) }</option>
                            }) }
                        </select>
                    </label>
                    <label>{ self.t("Kubernetes", "Kubernetes 版本") }{" "}
                        <select onchange={link.callback(|e: Event| {
                            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                            Msg::SetMinor(s.value().strip_prefix("1.").and_then(|m| m.parse().ok()))
                        })}>
                            { for minors.map(|m| html! {
                                <option value={format!("1.{m}")} selected={m == current_minor}>{ format!("1.{m}") }</option>
                            }) }
                        </select>
                    </label>
                    <label>{ self.t("Fail on", "失败阈值") }{" "}
                        <select onchange={link.callback(|e: Event| {
                            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                            Msg::SetFailOn(Severity::parse(&s.value()).unwrap_or(Severity::Error))
                        })}>
                            { for [Severity::Error, Severity::Warning, Severity::Info].iter().map(|&s| html! {
                                <option value={s.as_str()} selected={s == self.shared.fail_on}>{ severity_name(self, s) }</option>
                            }) }
                        </select>
                    </label>
                </div>
                <div class="rule-switches">{ for categories }</div>
            </details>
        }
    }

    pub fn view_playground(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        html! {
            <div class="playground">
                <div class="toolbar">
                    <button onclick={link.callback(|_| Msg::Share)} title={self.t("Copy a link that holds the YAML and settings", "复制包含 YAML 和设置的链接")}>
                        { self.t("Share link", "分享链接") }
                    </button>
                    <button onclick={link.callback(|_| Msg::Download("json"))}>{ self.t("Download JSON", "下载 JSON") }</button>
                    <button onclick={link.callback(|_| Msg::Download("sarif"))}>{ self.t("Download SARIF", "下载 SARIF") }</button>
                    <button onclick={link.callback(|_| Msg::Go(Page::Examples))}>{ self.t("Examples…", "示例……") }</button>
                </div>
                { self.view_settings(ctx) }
                <div class="split">
                    { self.view_editor(ctx) }
                    { self.view_findings(ctx) }
                </div>
            </div>
        }
    }
}

/// `3.2 ms` without float formatting, whose code (~10 KB of wasm) the
/// playground's size budget cannot afford for one number.
/// What the timing means: the lint that found what is on show, and the
/// fixes computed after it.
fn timing_title(app: &App) -> String {
    let lint = tenths_ms(app.lint_ms);
    match (app.fix_ms, app.lang) {
        (Some(fix), kubeshape_core::Lang::Zh) => {
            format!("检查结果用时 {lint}，修复另用 {}", tenths_ms(fix))
        }
        (Some(fix), _) => format!("Findings in {lint}, their fixes in {} more", tenths_ms(fix)),
        (None, kubeshape_core::Lang::Zh) => format!("检查结果用时 {lint}"),
        (None, _) => format!("Findings in {lint}"),
    }
}

fn tenths_ms(ms: f64) -> String {
    let tenths = (ms.max(0.0) * 10.0).round().min(1e12) as u64;
    format!("{}.{} ms", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::tenths_ms;

    #[test]
    fn lint_time_reads_with_one_decimal() {
        assert_eq!(tenths_ms(3.24), "3.2 ms");
        assert_eq!(tenths_ms(3.25), "3.3 ms");
        assert_eq!(tenths_ms(0.04), "0.0 ms");
        assert_eq!(tenths_ms(12.0), "12.0 ms");
        assert_eq!(tenths_ms(-1.0), "0.0 ms");
        assert_eq!(tenths_ms(f64::NAN), "0.0 ms");
    }
}
