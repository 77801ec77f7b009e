//! The examples gallery and the rule catalogue, both generated from data
//! (the seed suite and the rules' own metadata).

use kubeshape_core::{rules, Lang};
use yew::prelude::*;

use crate::editor::severity_name;
use crate::gallery;
use crate::rich::rich;
use crate::{App, Msg, Page};

/// Whether a rule matches the search: its id, category and seed, and its
/// texts in both languages (title, why, how to fix, the example), so
/// "OOM", "helm" or "内存" find the rules that talk about them. ASCII case
/// is ignored (Chinese has none, and Unicode's case tables weigh
/// kilobytes of WebAssembly).
fn matches(query: &str, m: &rules::RuleMeta) -> bool {
    let q = query.trim().to_ascii_lowercase();
    if q.is_empty() {
        return true;
    }
    let found = |s: &str| s.to_ascii_lowercase().contains(&q);
    [
        m.id,
        m.category.as_str(),
        m.category.title(Lang::Zh),
        m.seed,
    ]
    .into_iter()
    .any(found)
        || [Lang::En, Lang::Zh]
            .into_iter()
            .any(|lang| found(&m.title(lang)) || found(&m.why(lang)) || found(&m.fix(lang)))
        || found(&m.use_instead())
}

impl App {
    pub fn view_examples(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let lang = self.lang;
        let cards = gallery::all().map(|e| {
            let (title, about) = self.gallery.of(e.id, lang);
            let broken = e.broken;
            let teaches = Some(e.teaches);
            html! {
                <article class="card" id={format!("example-{}", e.id)}>
                    <h3>{ if title.is_empty() { "…" } else { title } }</h3>
                    <p class="meta">{ self.t("From ", "出自") }{ rules::articles::cite(e.seed, lang) }</p>
                    <p>{ about }</p>
                    <div class="buttons">
                        <button class="broken" onclick={link.callback(move |_| Msg::Fetch(broken, teaches))}>
                            { self.t("Load the broken YAML", "载入有问题的 YAML") }
                        </button>
                        if let Some(fixed) = e.fixed {
                            <button class="fixed" onclick={link.callback(move |_| Msg::Fetch(fixed, None))}>
                                { self.t("Load the fixed YAML", "载入修正后的 YAML") }
                            </button>
                        }
                    </div>
                </article>
            }
        });
        html! {
            <section class="page">
                <h2>{ self.t("Examples from the seed articles", "来自种子文章的示例") }</h2>
                <p class="lead">{ self.t(
                    "Each pitfall the articles describe, in their own YAML: load the broken version to see it found, then the fixed one.",
                    "文章描述的每个坑，都用文章自己的 YAML 展示：先载入有问题的版本看看检查结果，再载入修正后的版本。",
                ) }</p>
                <div class="cards">{ for cards }</div>
            </section>
        }
    }

    pub fn view_rules(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let shown: Vec<_> = rules::all()
            .iter()
            .map(|r| r.meta())
            .filter(|m| matches(&self.rule_query, m))
            .collect();
        let rows = shown.iter().map(|m| {
            let id = m.id;
            html! {
                <li class={classes!("rule-row", m.severity.as_str())}>
                    <a href={format!("#/rules/{id}")} onclick={link.callback(move |e: MouseEvent| { e.prevent_default(); Msg::Go(Page::Rule(id)) })}>
                        <code>{ id }</code>
                        <span class="title">{ rich(&m.title(self.lang)) }</span>
                    </a>
                    <span class="tags">
                        <span class={classes!("sev", m.severity.as_str())}>{ severity_name(self, m.severity) }</span>
                        <span class="cat">{ m.category.title(self.lang) }</span>
                        if !m.default_on() { <span class="optin">{ self.t("opt-in", "需启用") }</span> }
                    </span>
                </li>
            }
        });
        html! {
            <section class="page">
                <h2>{ self.t("Rules", "规则") }{ format!(" ({})", rules::all().len()) }</h2>
                <input type="search" class="search" value={self.rule_query.clone()}
                    aria-label={self.t("Search rules", "搜索规则")}
                    placeholder={self.t("Search rules and their texts…", "搜索规则及其说明……")}
                    oninput={link.callback(|e: InputEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        Msg::RuleQuery(input.value())
                    })} />
                <p class="meta" aria-live="polite">{ format!("{} {}", shown.len(), self.t("shown", "条")) }</p>
                <ul class="rule-list">{ for rows }</ul>
            </section>
        }
    }

    pub fn view_rule(&self, ctx: &Context<Self>, id: &'static str) -> Html {
        let link = ctx.link();
        let Some(m) = rules::find(id).map(|r| r.meta()) else {
            return html! { <p>{ "?" }</p> };
        };
        let example = self.doc(m.example());
        let fixed = self.doc(m.use_instead());
        let try_example = example.clone();
        let try_fixed = fixed.clone();
        let default = if m.default_on() {
            self.t("on by default", "默认启用")
        } else {
            self.t("opt-in", "需手动启用")
        };
        html! {
            <article class="page rule-page">
                <p><a href="#/rules" onclick={link.callback(|e: MouseEvent| { e.prevent_default(); Msg::Go(Page::Rules) })}>
                    { self.t("← All rules", "← 全部规则") }</a></p>
                <h2><code>{ m.id }</code>{ " — " }{ rich(&m.title(self.lang)) }</h2>
                <p class="meta">
                    <span class={classes!("sev", m.severity.as_str())}>{ severity_name(self, m.severity) }</span>
                    {" · "}{ m.category.title(self.lang) }{" · "}{ default }{" · "}
                    { match m.fixable {
                        rules::Fixable::Safe => self.t("safe fix · ", "可安全修复 · "),
                        rules::Fixable::Review => self.t("fix to review · ", "修复需复核 · "),
                        rules::Fixable::No => "",
                    } }
                    { self.t("from ", "出自") }{ m.source(self.lang) }
                </p>
                <h3>{ self.t("What it does", "作用") }</h3>
                <p>{ rich(&self.doc(m.what(self.lang))) }</p>
                <h3>{ self.t("Why is this bad?", "为什么有问题？") }</h3>
                <p>{ rich(&self.doc(m.why(self.lang))) }</p>
                <h3>{ self.t("How to fix", "如何修复") }</h3>
                <p>{ rich(&m.fix(self.lang)) }</p>
                <div class="pair">
                    <div>
                        <h3>{ self.t("Example", "示例") }</h3>
                        <pre class="snippet bad"><code>{ example }</code></pre>
                        <button onclick={link.callback(move |_| Msg::Load(try_example.clone()))}>{ self.t("Try it in the editor", "在编辑器中试试") }</button>
                    </div>
                    <div>
                        <h3>{ self.t("Use instead", "应改为") }</h3>
                        <pre class="snippet good"><code>{ fixed }</code></pre>
                        <button onclick={link.callback(move |_| Msg::Load(try_fixed.clone()))}>{ self.t("Try it in the editor", "在编辑器中试试") }</button>
                    </div>
                </div>
                <p class="meta">{ self.t("Silence it for one object with the annotation ", "可用注解为单个对象关闭此规则：") }
                    <code>{ format!("kubeshape.io/ignore: \"{}\"", m.id) }</code></p>
            </article>
        }
    }
}
