//! The kubeshape playground: paste Kubernetes YAML and see, as you type,
//! what is wrong, where, why, and how to fix it — in English or Chinese.
//! Everything runs in the page; nothing is sent to any server.

mod editor;
mod findings;
mod gallery;
mod js;
mod lines;
mod pages;
mod rich;
mod state;

use std::collections::BTreeMap;

use gloo::timers::callback::Timeout;
use kubeshape_core::report::{json_quote, sarif};
use kubeshape_core::{Lang, Preset, Report, Severity};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use crate::state::Shared;

/// How long typing must pause before the input is linted again.
const LINT_DELAY_MS: u32 = 150;
const LANG_KEY: &str = "kubeshape.lang";
const DRAFT_KEY: &str = "kubeshape.draft";
/// The rule documentation, written next to the page by `cargo xtask`
/// (the Helm build, at `helm/`, reads the main build's).
const DOCS_URL: &str = if cfg!(feature = "helm") {
    "../rules.json"
} else {
    "rules.json"
};
/// The Kubernetes field table for the schema rules, written next to the page.
const SCHEMA_URL: &str = if cfg!(feature = "helm") {
    "../kubernetes.bin"
} else {
    "kubernetes.bin"
};
/// Set once the main build has sent a pasted chart to Helm mode.
#[cfg(not(feature = "helm"))]
static LEAVING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// The gallery's files (`examples/`, copied beside the page).
const EXAMPLES_URL: &str = if cfg!(feature = "helm") {
    "../examples/"
} else {
    "examples/"
};
/// The first visit's text: the first example, compiled in.
const FIRST_EXAMPLE: &str = include_str!("../../examples/seeds/000-2.1-no-memory-limit.yaml");
/// The name the input carries in reports and downloads.
pub const INPUT_NAME: &str = "playground.yaml";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Editor,
    Examples,
    Rules,
    Rule(&'static str),
}

impl Page {
    fn hash(self) -> String {
        match self {
            Page::Editor => String::new(),
            Page::Examples => "#/examples".into(),
            Page::Rules => "#/rules".into(),
            Page::Rule(id) => format!("#/rules/{id}"),
        }
    }

    fn from_hash(hash: &str) -> Option<Page> {
        let path = hash.strip_prefix("#/")?;
        match path.split_once('/') {
            None if path == "examples" => Some(Page::Examples),
            None if path == "rules" => Some(Page::Rules),
            Some(("rules", id)) => kubeshape_core::rules::find(id).map(|r| Page::Rule(r.meta().id)),
            _ => None,
        }
    }
}

pub enum Msg {
    /// `rules.json` arrived (or failed): the rules' what, why and examples.
    Docs(Result<String, String>),
    /// `kubernetes.bin` arrived (or failed): the schema rules can run.
    Schema(Result<Vec<u8>, String>),
    Edit(String),
    /// Apply finding `i`'s fix.
    ApplyFix(usize),
    /// Apply every safe fix (in rounds, as `kubeshape fix` does).
    ApplySafe,
    /// Back to the text before the last applied fix.
    Undo,
    Lint,
    /// Compute the fixes of the findings on show (see `App::lint_now`).
    Fixes,
    Scroll,
    Select(usize),
    EditAt(usize),
    Hover(Option<(u32, i32, i32)>),
    Caret,
    SetLang(Lang),
    SetPreset(Preset),
    ToggleRule(&'static str),
    SetMinor(Option<u32>),
    SetFailOn(Severity),
    Go(Page),
    Load(String),
    /// Load a gallery file (its path under `examples/`) once fetched, and
    /// open the finding of the rule given.
    Fetch(&'static str, Option<&'static str>),
    Fetched(String, Option<&'static str>),
    Restored(Option<Shared>),
    Share,
    Shared(Result<String, String>),
    Download(&'static str),
    Copy(String),
    Toast(Option<String>),
    RuleQuery(String),
    ListKey(KeyboardEvent),
}

pub struct App {
    pub shared: Shared,
    pub lang: Lang,
    pub page: Page,
    pub report: Report,
    /// Helm mode: the last pasted chart's render, as `helm template`
    /// prints it (empty for other texts).
    #[cfg(feature = "helm")]
    pub rendered: std::cell::RefCell<String>,
    /// Indices of unsuppressed findings, in report order, by start line.
    pub by_line: BTreeMap<u32, Vec<usize>>,
    pub selected: Option<usize>,
    pub hover: Option<(u32, i32, i32)>,
    pub caret: (u32, u32),
    pub rule_query: String,
    pub toast: Option<String>,
    /// How long the last lint took (its findings; fixes come after).
    pub lint_ms: f64,
    /// How long computing those findings' fixes took, once done.
    pub fix_ms: Option<f64>,
    /// Whether the rule documentation has loaded (see `Msg::Docs`).
    pub docs_ready: bool,
    /// Texts before each applied fix, for Undo.
    pub history: Vec<String>,
    pending: Option<Timeout>,
    fix_timer: Option<Timeout>,
    toast_timer: Option<Timeout>,
    link: yew::html::Scope<App>,
    pub textarea: NodeRef,
    pub highlight: NodeRef,
    pub gutter: NodeRef,
}

fn browser_lang() -> Lang {
    let nav = gloo::utils::window().navigator();
    let langs = nav.languages();
    let first = langs
        .get(0)
        .as_string()
        .or_else(|| nav.language())
        .unwrap_or_default();
    if first.to_ascii_lowercase().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The page's local storage (none in a private window that refuses it).
fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

impl App {
    pub fn t(&self, en: &'static str, zh: &'static str) -> &'static str {
        self.lang.pick(en, zh)
    }

    /// A documentation text, or an ellipsis while `rules.json` loads.
    pub fn doc(&self, text: String) -> String {
        if text.is_empty() && !self.docs_ready {
            "…".to_owned()
        } else {
            text
        }
    }

    /// Puts a fixed text in the editor, keeping the old one for Undo.
    fn replace_text(&mut self, text: String) {
        if text == self.shared.yaml {
            return;
        }
        let old = std::mem::replace(&mut self.shared.yaml, text);
        self.history.push(old);
        self.selected = None;
        self.lint_now();
    }

    /// Lints the editor's text and shows the findings. Their fixes (the
    /// "Apply fix" buttons) are computed right after, in a task of their
    /// own: the findings show a fifth sooner as the reader types.
    fn lint_now(&mut self) {
        let started = now_ms();
        self.report = self.lint_text(false);
        self.lint_ms = now_ms() - started;
        self.fix_ms = None;
        let link = self.link.clone();
        self.fix_timer = Some(Timeout::new(0, move || link.send_message(Msg::Fixes)));
        self.by_line.clear();
        for (i, f) in self.report.findings.iter().enumerate() {
            if !f.suppressed {
                self.by_line.entry(f.span.start.line).or_default().push(i);
                // Helm mode: the values lines behind a finding are marked too.
                #[cfg(feature = "helm")]
                for r in f
                    .rendered
                    .iter()
                    .flat_map(|at| at.values.iter().filter_map(|&v| f.related.get(v)))
                {
                    let at_line = self.by_line.entry(r.span.start.line).or_default();
                    if !at_line.contains(&i) {
                        at_line.push(i);
                    }
                }
            }
        }
        if self
            .selected
            .is_some_and(|i| i >= self.report.findings.len())
        {
            self.selected = None;
        }
        // Keep the draft for the next visit (this browser only).
        store(DRAFT_KEY, &self.shared.to_json());
    }

    /// The report of the editor's text with the page's settings, with or
    /// without the findings' fixes.
    fn lint_text(&self, fixes: bool) -> Report {
        // Helm mode: a chart pasted as `# values.yaml`, `# templates/…`
        // sections is rendered, its findings on the paste's lines.
        #[cfg(feature = "helm")]
        {
            let checked = kubeshape_helm::paste::check_paste(
                INPUT_NAME,
                &self.shared.yaml,
                &kubeshape_helm::Options::default(),
                &self.shared.settings(),
            );
            *self.rendered.borrow_mut() = checked
                .as_ref()
                .map(|(c, _)| kubeshape_helm::stream::stream(&c.render, true, false))
                .unwrap_or_default();
            if let Some((checked, _)) = checked {
                return checked.report;
            }
        }
        // The main build has no renderer: a pasted chart opens the Helm
        // build, which reads the same draft.
        // (Once: a second navigation would abort the first.)
        #[cfg(not(feature = "helm"))]
        if self.shared.yaml.contains("{{")
            && self.shared.yaml.contains("# templates/")
            && !LEAVING.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            let _ = gloo::utils::window().location().assign("helm/");
        }
        let input = [kubeshape_core::Input::new(INPUT_NAME, &self.shared.yaml)];
        let options = kubeshape_core::Options {
            fixes,
            ..Default::default()
        };
        kubeshape_core::lint_with(&input, &self.shared.settings(), options)
    }

    fn schedule_lint(&mut self, ctx: &Context<Self>) {
        let link = ctx.link().clone();
        self.pending = Some(Timeout::new(LINT_DELAY_MS, move || {
            link.send_message(Msg::Lint)
        }));
    }

    fn toast(&mut self, ctx: &Context<Self>, text: String) {
        self.toast = Some(text);
        let link = ctx.link().clone();
        self.toast_timer = Some(Timeout::new(4000, move || {
            link.send_message(Msg::Toast(None))
        }));
    }

    /// Shows `hash` in the address bar: a new history entry with `push`
    /// (moving between pages, loading an example: Back returns there and
    /// stays on the site; `boot.js` re-opens the page a Back or an edited
    /// hash names), the current one replaced otherwise.
    fn set_hash(hash: &str, push: bool) {
        let window = gloo::utils::window();
        if let Ok(history) = window.history() {
            let url = if hash.is_empty() {
                window.location().pathname().unwrap_or_default()
            } else {
                hash.to_owned()
            };
            let state = &wasm_bindgen::JsValue::NULL;
            let _ = match push {
                true => history.push_state_with_url(state, "", Some(&url)),
                false => history.replace_state_with_url(state, "", Some(&url)),
            };
        }
    }

    fn textarea(&self) -> Option<web_sys::HtmlTextAreaElement> {
        self.textarea.cast::<web_sys::HtmlTextAreaElement>()
    }

    /// Copies the textarea's scroll position to the highlight and gutter layers.
    fn sync_scroll(&self) {
        let Some(area) = self.textarea() else { return };
        if let Some(h) = self.highlight.cast::<web_sys::Element>() {
            h.set_scroll_top(area.scroll_top());
            h.set_scroll_left(area.scroll_left());
        }
        if let Some(g) = self.gutter.cast::<web_sys::Element>() {
            g.set_scroll_top(area.scroll_top());
        }
    }

    /// Scrolls the editor to a finding and selects its text; `focus` also
    /// puts the caret there for typing.
    fn reveal(&mut self, index: usize, focus: bool) {
        let Some(f) = self.report.findings.get(index) else {
            return;
        };
        let Some(area) = self.textarea() else { return };
        let (start, end) = lines::utf16_range(&self.shared.yaml, f.span);
        let top = (f.span.start.line as i32 - 1) * editor::LINE_PX - area.client_height() / 3;
        if focus {
            let _ = area.focus();
        }
        let _ = area.set_selection_range(start, end);
        area.set_scroll_top(top.max(0));
        self.sync_scroll();
        self.caret = (f.span.start.line, f.span.start.column);
    }

    fn visible_order(&self) -> Vec<usize> {
        findings::groups(self)
            .into_iter()
            .flat_map(|g| g.findings)
            .collect()
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        // Stored as JSON strings (`"zh"`), as earlier versions wrote them.
        let lang = stored(LANG_KEY)
            .and_then(|s| Lang::parse(s.trim_matches('"')))
            .unwrap_or_else(browser_lang);
        let hash = gloo::utils::window().location().hash().unwrap_or_default();
        let mut shared = stored(DRAFT_KEY)
            .and_then(|s| Shared::from_json(&s))
            .unwrap_or_else(|| Shared {
                yaml: FIRST_EXAMPLE.to_owned(),
                ..Shared::default()
            });
        let mut page = Page::from_hash(&hash).unwrap_or(Page::Editor);
        if let Some(payload) = hash.strip_prefix("#s=") {
            let payload = payload.to_owned();
            ctx.link().send_future(async move {
                let state = js::unpack(&payload)
                    .await
                    .ok()
                    .and_then(|v| v.as_string())
                    .and_then(|s| Shared::from_json(&s));
                Msg::Restored(state)
            });
        } else if let Some(id) = hash.strip_prefix("#/examples/") {
            if let Some(example) = gallery::find(id) {
                ctx.link()
                    .send_message(Msg::Fetch(example.broken, example.focus));
                page = Page::Editor;
            }
        }
        shared.yaml = lines::normalize(&shared.yaml);
        // The rules' documentation ships beside the wasm, not inside it
        // (docs/sizes.md); it loads in parallel with the first lint.
        ctx.link().send_future(async {
            let text = js::fetch_text(DOCS_URL)
                .await
                .map_err(|e| format!("{e:?}"))
                .and_then(|v| v.as_string().ok_or_else(|| "not text".to_owned()));
            Msg::Docs(text)
        });
        // The schema table too: until it arrives the other rules run alone,
        // then the input is linted again.
        ctx.link().send_future(async {
            let bytes = js::fetch_bytes(SCHEMA_URL)
                .await
                .map(|v| js_sys::Uint8Array::new(&v).to_vec())
                .map_err(|e| format!("{e:?}"));
            Msg::Schema(bytes)
        });
        let mut app = App {
            shared,
            lang,
            page,
            report: Report::default(),
            #[cfg(feature = "helm")]
            rendered: Default::default(),
            by_line: BTreeMap::new(),
            selected: None,
            hover: None,
            caret: (1, 1),
            rule_query: String::new(),
            toast: None,
            lint_ms: 0.0,
            fix_ms: None,
            docs_ready: false,
            history: Vec::new(),
            pending: None,
            fix_timer: None,
            toast_timer: None,
            link: ctx.link().clone(),
            textarea: NodeRef::default(),
            highlight: NodeRef::default(),
            gutter: NodeRef::default(),
        };
        app.lint_now();
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Docs(text) => match text.and_then(|t| kubeshape_core::rules::load_docs(&t)) {
                Ok(_) => {
                    self.docs_ready = true;
                    // Findings' default help (each rule's fix) comes with the
                    // texts: lint again so it shows.
                    self.lint_now();
                }
                Err(e) => {
                    gloo::console::error!(format!("kubeshape: rule documentation not loaded: {e}"));
                    let text = self.t(
                        "The rule explanations could not be loaded; findings still work.",
                        "规则说明加载失败；检查结果不受影响。",
                    );
                    self.toast(ctx, text.into());
                }
            },
            Msg::Schema(bytes) => match bytes.and_then(kubeshape_core::schema::load_schema) {
                Ok(_) => self.lint_now(),
                Err(e) => {
                    gloo::console::error!(format!("kubeshape: schema table not loaded: {e}"));
                    let text = self.t(
                        "The Kubernetes schema could not be loaded; field and type checks are off.",
                        "Kubernetes Schema 加载失败；字段和类型检查已关闭。",
                    );
                    self.toast(ctx, text.into());
                }
            },
            Msg::ApplyFix(i) => {
                let Some(fix) = self.report.findings.get(i).and_then(|f| f.fix.clone()) else {
                    return false;
                };
                let fixed = kubeshape_core::fix::apply(&self.shared.yaml, &fix.edits);
                self.replace_text(fixed);
            }
            Msg::ApplySafe => {
                let settings = self.shared.settings();
                let filter = kubeshape_core::fix::Filter {
                    safe_only: true,
                    ..Default::default()
                };
                let fixed =
                    kubeshape_core::fix::fix_str(INPUT_NAME, &self.shared.yaml, &settings, &filter);
                self.replace_text(fixed.text);
            }
            Msg::Undo => {
                let Some(text) = self.history.pop() else {
                    return false;
                };
                self.shared.yaml = text;
                self.selected = None;
                self.lint_now();
            }
            Msg::Edit(text) => {
                self.shared.yaml = text;
                // The fixes due are for the text before this edit: the
                // report on show must not change under the old lines.
                self.fix_timer = None;
                self.schedule_lint(ctx);
            }
            Msg::Lint => {
                self.pending = None;
                self.lint_now();
            }
            Msg::Fixes => {
                self.fix_timer = None;
                let started = now_ms();
                // The same text (an edit cancels this task), so the same
                // findings in the same order (a core test holds it), now
                // with their edits: selection and lines stay valid.
                self.report = self.lint_text(true);
                self.fix_ms = Some(now_ms() - started);
            }
            Msg::Scroll => {
                self.sync_scroll();
                return false;
            }
            Msg::Select(i) => {
                self.selected = if self.selected == Some(i) {
                    None
                } else {
                    Some(i)
                };
                self.reveal(i, false);
            }
            Msg::EditAt(i) => {
                self.selected = Some(i);
                self.reveal(i, true);
            }
            Msg::Hover(h) => {
                if self.hover == h {
                    return false;
                }
                self.hover = h;
            }
            Msg::Caret => {
                let Some(area) = self.textarea() else {
                    return false;
                };
                let offset = area.selection_start().ok().flatten().unwrap_or(0);
                let caret = lines::position_of_utf16(&self.shared.yaml, offset);
                if caret == self.caret {
                    return false;
                }
                self.caret = caret;
            }
            Msg::SetLang(lang) => {
                self.lang = lang;
                store(LANG_KEY, &json_quote(lang.as_str()));
                self.shared.lang = Some(lang);
            }
            Msg::SetPreset(p) => {
                self.shared.preset = p;
                self.lint_now();
            }
            Msg::ToggleRule(id) => {
                self.shared.toggle_rule(id);
                self.lint_now();
            }
            Msg::SetMinor(m) => {
                self.shared.kubernetes_minor = m;
                self.lint_now();
            }
            Msg::SetFailOn(s) => {
                self.shared.fail_on = s;
            }
            Msg::Go(page) => {
                self.page = page;
                Self::set_hash(&page.hash(), true);
                gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
            }
            Msg::Fetch(path, focus) => {
                ctx.link().send_future(async move {
                    let text = js::fetch_text(&format!("{EXAMPLES_URL}{path}")).await;
                    match text.ok().and_then(|v| v.as_string()) {
                        Some(yaml) => Msg::Fetched(yaml, focus),
                        None => Msg::Toast(Some(format!("{path}: not loaded"))),
                    }
                });
            }
            Msg::Fetched(yaml, focus) => {
                <Self as Component>::update(self, ctx, Msg::Load(yaml));
                self.selected =
                    focus.and_then(|rule| self.report.findings.iter().position(|f| f.rule == rule));
            }
            Msg::Load(yaml) => {
                // The learner's text stays one Undo away.
                let old = std::mem::replace(&mut self.shared.yaml, lines::normalize(&yaml));
                if old != self.shared.yaml {
                    self.history.push(old);
                }
                self.selected = None;
                // A new text: the caret is at its start, not where it was
                // in the old one.
                self.caret = (1, 1);
                self.page = Page::Editor;
                Self::set_hash("", true);
                self.lint_now();
                if let Some(area) = self.textarea() {
                    area.set_scroll_top(0);
                }
            }
            Msg::Restored(state) => match state {
                Some(mut state) => {
                    // In the reader's own language; and from now on the
                    // reader's draft, which a reload keeps.
                    state.yaml = lines::normalize(&state.yaml);
                    self.shared = state;
                    self.page = Page::Editor;
                    self.lint_now();
                    Self::set_hash("", false);
                }
                None => {
                    let text = self.t(
                        "This share link is damaged; showing your last draft instead.",
                        "分享链接已损坏；显示的是你上次的草稿。",
                    );
                    self.toast(ctx, text.into());
                }
            },
            Msg::Share => {
                if self.shared.has_secret() {
                    let question = self.t(
                        "This YAML contains a Secret. A share link carries the whole text: anyone with the link can read it. Share anyway?",
                        "这段 YAML 包含 Secret。分享链接会携带全部文本：任何拿到链接的人都能读到它。仍要分享吗？",
                    );
                    if !gloo::dialogs::confirm(question) {
                        return false;
                    }
                }
                let mut state = self.shared.clone();
                state.lang = Some(self.lang);
                let json = state.to_json();
                ctx.link().send_future(async move {
                    let packed = js::pack(&json)
                        .await
                        .map_err(|e| format!("{e:?}"))
                        .and_then(|v| v.as_string().ok_or_else(|| "no text".to_owned()));
                    let Ok(payload) = packed else {
                        return Msg::Shared(Err("compression failed".into()));
                    };
                    let hash = format!("#s={payload}");
                    App::set_hash(&hash, false);
                    let url = gloo::utils::window().location().href().unwrap_or_default();
                    match js::copy_text(&url).await {
                        Ok(_) => Msg::Shared(Ok(url)),
                        Err(_) => Msg::Shared(Err(url)),
                    }
                });
                return false;
            }
            Msg::Shared(result) => {
                let text = match result {
                    Ok(_) => self.t(
                        "Link copied. It holds the YAML and settings in the part after #, which browsers never send to a server.",
                        "链接已复制。YAML 和设置保存在 # 之后的部分，浏览器不会把它发送给服务器。",
                    ).to_owned(),
                    Err(url) => format!(
                        "{} {url}",
                        self.t("Copy this link:", "请复制此链接：")
                    ),
                };
                self.toast(ctx, text);
            }
            Msg::Download(format) => {
                let (name, mime, text) = if format == "sarif" {
                    let text = sarif::to_sarif_string(&self.report, self.lang);
                    ("kubeshape.sarif", "application/sarif+json", text)
                } else {
                    (
                        "kubeshape-report.json",
                        "application/json",
                        self.report.to_json_string(self.lang, None, true),
                    )
                };
                js::download(name, mime, &text);
                return false;
            }
            Msg::Copy(text) => {
                let done = self.t("Copied.", "已复制。");
                let failed = self.t("The browser refused to copy.", "浏览器拒绝了复制。");
                ctx.link().send_future(async move {
                    let ok = js::copy_text(&text).await.is_ok();
                    Msg::Toast(Some(if ok { done } else { failed }.to_owned()))
                });
                return false;
            }
            Msg::Toast(text) => match text {
                Some(t) => self.toast(ctx, t),
                None => self.toast = None,
            },
            Msg::RuleQuery(q) => self.rule_query = q,
            Msg::ListKey(e) => {
                let order = self.visible_order();
                if order.is_empty() {
                    return false;
                }
                let here = self
                    .selected
                    .and_then(|s| order.iter().position(|&i| i == s));
                let next = match e.key().as_str() {
                    "ArrowDown" | "j" => here.map_or(0, |h| (h + 1).min(order.len() - 1)),
                    "ArrowUp" | "k" => here.map_or(0, |h| h.saturating_sub(1)),
                    "Home" => 0,
                    "End" => order.len() - 1,
                    _ => return false,
                };
                e.prevent_default();
                let index = order[next];
                self.selected = Some(index);
                self.reveal(index, false);
                let id = format!("finding-{index}");
                if let Some(el) = gloo::utils::document()
                    .get_element_by_id(&id)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
                js::scroll_into_view(&id);
            }
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first_render: bool) {
        let html = gloo::utils::document().document_element();
        if let Some(html) = html {
            let _ = html.set_attribute("lang", self.lang.pick("en", "zh-CN"));
        }
        if !first_render {
            self.sync_scroll();
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let tab = |page: Page, label: &'static str| {
            let current = match (self.page, page) {
                (Page::Rule(_), Page::Rules) => true,
                (a, b) => a == b,
            };
            html! {
                <a href={ if page.hash().is_empty() { "#".to_owned() } else { page.hash() } }
                   class={classes!("tab", current.then_some("current"))}
                   aria-current={ current.then_some("page") }
                   onclick={link.callback(move |e: MouseEvent| { e.prevent_default(); Msg::Go(page) })}>
                    { label }
                </a>
            }
        };
        let other = match self.lang {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        };
        html! {
            <>
            <header class="top">
                <h1 class="brand-h"><a class="brand" href="#" onclick={link.callback(|e: MouseEvent| { e.prevent_default(); Msg::Go(Page::Editor) })}>
                    <span class="logo" aria-hidden="true">{"⎈"}</span>{" kubeshape"}
                </a></h1>
                <span class="tagline">{ self.t("Kubernetes YAML pitfalls, found as you type", "边写边查 Kubernetes YAML 的坑") }</span>
                <nav aria-label={ self.t("Pages", "页面") }>
                    { tab(Page::Editor, self.t("Playground", "练习场")) }
                    { tab(Page::Examples, self.t("Examples", "示例")) }
                    { tab(Page::Rules, self.t("Rules", "规则")) }
                </nav>
                <button class="lang" lang={ other.pick("en", "zh-CN") } title={ self.t("Switch language", "切换语言") }
                    onclick={link.callback(move |_| Msg::SetLang(other))}>
                    { other.pick("English", "中文") }
                </button>
            </header>
            <main>
                { match self.page {
                    Page::Editor => self.view_playground(ctx),
                    Page::Examples => self.view_examples(ctx),
                    Page::Rules => self.view_rules(ctx),
                    Page::Rule(id) => self.view_rule(ctx, id),
                } }
            </main>
            <footer>
                { self.t("Runs entirely in your browser: your YAML is never sent anywhere.", "完全在浏览器中运行：你的 YAML 不会被发送到任何地方。") }
                {" · kubeshape "}{ kubeshape_core::report::TOOL_VERSION }
            </footer>
            if let Some(t) = &self.toast {
                <div class="toast" role="status">{ t }</div>
            }
            </>
        }
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
