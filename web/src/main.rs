//! The kubeshape playground: paste Kubernetes YAML and see, as you type,
//! what is wrong, where, why, and how to fix it — in English or Chinese.
//! Everything runs in the page; nothing is sent to any server.

mod editor;
mod findings;
mod gallery;
mod history;
mod js;
mod lines;
mod lint;
mod overlay;
mod page;
mod pages;
mod rich;
mod share;
mod state;
mod storage;

use std::collections::BTreeMap;

use gloo::timers::callback::Timeout;
use kubeshape_core::report::json_quote;
use kubeshape_core::{Lang, Preset, Report, Severity};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use crate::page::Page;
use crate::state::Shared;
use crate::storage::{browser_lang, now_ms, store, stored, tab_storage, DRAFT_KEY, LANG_KEY};

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

pub enum Msg {
    /// `rules.json` arrived (or failed): the rules' what, why and examples.
    Docs(Result<String, String>),
    /// `kubernetes.bin` arrived (or failed): the schema rules can run.
    Schema(Result<Vec<u8>, String>),
    /// The learner edited the text: the new text and the input event's type.
    Edit(String, String),
    /// Apply finding `i`'s fix.
    ApplyFix(usize),
    /// Apply every safe fix (in rounds, as `kubeshape fix` does).
    ApplySafe,
    /// One step back in the edit history, and forward again.
    Undo,
    Redo,
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
    /// `examples/gallery.yaml` arrived: the gallery's titles and texts.
    GalleryTexts(String),
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
    /// Helm mode: the chart's fixes that apply, by their findings' rule
    /// and line (see `App::find_chart_fixes`).
    #[cfg(feature = "helm")]
    pub chart_fixes: Vec<(&'static str, u32, bool)>,
    /// Indices of unsuppressed findings, in report order, by start line.
    pub by_line: BTreeMap<u32, Vec<usize>>,
    pub selected: Option<usize>,
    /// The line whose messages the tooltip shows (0: none).
    pub hover: u32,
    pub caret: (u32, u32),
    pub rule_query: String,
    pub toast: Option<String>,
    /// How long the last lint took (its findings; fixes come after).
    pub lint_ms: f64,
    /// How long computing those findings' fixes took, once done.
    pub fix_ms: Option<f64>,
    /// Whether the rule documentation has loaded (see `Msg::Docs`).
    pub docs_ready: bool,
    /// The gallery's texts, fetched when the gallery first opens.
    pub gallery: gallery::Texts,
    gallery_asked: bool,
    /// Every text the editor held, for Undo and Redo.
    pub history: history::History,
    /// The highlight layer and gutter (drawn once the editor is on the page).
    overlay: Option<overlay::Overlay>,
    /// After the next render: the element to focus if the focus was lost
    /// (an applied finding's button is gone), and where to put the caret.
    /// (`Ok`: finding `i`'s button; `Err`: an element's id.)
    refocus: Option<Result<usize, &'static str>>,
    caret_to: Option<u32>,
    pending: Option<Timeout>,
    fix_timer: Option<Timeout>,
    toast_timer: Option<Timeout>,
    link: yew::html::Scope<App>,
    pub textarea: NodeRef,
    pub highlight: NodeRef,
    pub gutter: NodeRef,
    pub status: NodeRef,
    pub tooltip: NodeRef,
    pub here: NodeRef,
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

    fn toast(&mut self, ctx: &Context<Self>, text: String) {
        self.toast = Some(text);
        let link = ctx.link().clone();
        self.toast_timer = Some(Timeout::new(4000, move || {
            link.send_message(Msg::Toast(None))
        }));
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

    /// After a fix: the focus goes to the finding now at position `at` of
    /// the list (the one after the fixed one), or to Undo when none is left.
    fn focus_finding(&mut self, at: usize) {
        let order = self.visible_order();
        self.refocus = Some(match order.get(at.min(order.len().saturating_sub(1))) {
            Some(&i) => Ok(i),
            None => Err("undo"),
        });
    }

    /// Fetches the gallery's texts the first time `page` is the gallery.
    fn fetch_gallery(&mut self, page: Page) {
        if page != Page::Examples || std::mem::replace(&mut self.gallery_asked, true) {
            return;
        }
        self.link.send_future(async {
            let text = js::fetch_text(&format!("{EXAMPLES_URL}gallery.yaml")).await;
            Msg::GalleryTexts(text.ok().and_then(|v| v.as_string()).unwrap_or_default())
        });
    }

    /// Opens the first finding of `rule` (an example's lesson).
    fn open_rule(&mut self, rule: &str) {
        self.selected = self.report.findings.iter().position(|f| f.rule == rule);
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
        let mut shared = tab_storage()
            .and_then(|s| s.get_item(DRAFT_KEY).ok().flatten())
            .or_else(|| stored(DRAFT_KEY))
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
                    .send_message(Msg::Fetch(example.broken, Some(example.teaches)));
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
            #[cfg(feature = "helm")]
            chart_fixes: Vec::new(),
            by_line: BTreeMap::new(),
            selected: None,
            hover: 0,
            caret: (1, 1),
            rule_query: String::new(),
            toast: None,
            lint_ms: 0.0,
            fix_ms: None,
            docs_ready: false,
            gallery: Default::default(),
            gallery_asked: false,
            history: Default::default(),
            overlay: None,
            refocus: None,
            caret_to: None,
            pending: None,
            fix_timer: None,
            toast_timer: None,
            link: ctx.link().clone(),
            textarea: NodeRef::default(),
            highlight: NodeRef::default(),
            gutter: NodeRef::default(),
            status: NodeRef::default(),
            tooltip: NodeRef::default(),
            here: NodeRef::default(),
        };
        app.lint_now();
        app.fetch_gallery(page);
        // The first visit: the lesson of the first example is open.
        if app.shared.yaml == lines::normalize(FIRST_EXAMPLE) {
            app.open_rule(gallery::EXAMPLES[0].teaches);
        }
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
                // Helm mode: a chart's finding is fixed in its chart (every
                // finding of its rule, as `kubeshape fix --rule` does).
                #[cfg(feature = "helm")]
                if let Some(f) = self.report.findings.get(i).filter(|f| f.fix.is_none()) {
                    let which = kubeshape_helm::fix::Which {
                        safe_only: false,
                        rules: vec![f.rule.to_owned()],
                    };
                    let at = self.visible_order().iter().position(|&x| x == i);
                    if let Some(text) = self.fixed_chart(&which) {
                        self.replace_text(text);
                        self.focus_finding(at.unwrap_or(0));
                    }
                    return true;
                }
                let Some(fix) = self.report.findings.get(i).and_then(|f| f.fix.clone()) else {
                    return false;
                };
                let at = self.visible_order().iter().position(|&x| x == i);
                let fixed = kubeshape_core::fix::apply(&self.shared.yaml, &fix.edits);
                self.replace_text(fixed);
                self.focus_finding(at.unwrap_or(0));
            }
            Msg::ApplySafe => {
                #[cfg(feature = "helm")]
                if !self.chart_fixes.is_empty() {
                    let which = kubeshape_helm::fix::Which {
                        safe_only: true,
                        rules: Vec::new(),
                    };
                    if let Some(text) = self.fixed_chart(&which) {
                        self.replace_text(text);
                        self.focus_finding(0);
                    }
                    return true;
                }
                let settings = self.shared.settings();
                let filter = kubeshape_core::fix::Filter {
                    safe_only: true,
                    ..Default::default()
                };
                let fixed =
                    kubeshape_core::fix::fix_str(INPUT_NAME, &self.shared.yaml, &settings, &filter);
                self.replace_text(fixed.text);
                self.focus_finding(0);
            }
            Msg::Undo | Msg::Redo => {
                let redo = matches!(msg, Msg::Redo);
                let text = match redo {
                    true => self.history.redo(&self.shared.yaml),
                    false => self.history.undo(&self.shared.yaml),
                };
                let Some(text) = text else {
                    return false;
                };
                self.restore(text);
                // Clicked: the button keeps the focus, or its twin takes it.
                let again = match redo {
                    true => self.history.can_redo(),
                    false => self.history.can_undo(),
                };
                self.refocus = Some(Err(if again == redo { "redo" } else { "undo" }));
            }
            Msg::Edit(text, input_type) => {
                let before = std::mem::replace(&mut self.shared.yaml, text);
                self.history.typed(before, &input_type, now_ms());
                // The fixes due are for the text before this edit: the
                // report on show must not change under the old lines.
                self.fix_timer = None;
                self.schedule_lint(ctx);
                // Only the lines the edit changed are drawn again; the rest
                // of the page waits for the lint.
                // (No scroll sync: reading the textarea's scroll position
                // would lay it out now; a scroll it makes sends its event.)
                if let Some(overlay) = &mut self.overlay {
                    overlay.edit(&self.shared.yaml);
                }
                return false;
            }
            Msg::Lint => {
                self.pending = None;
                self.lint_now();
            }
            Msg::Fixes => {
                self.fix_timer = None;
                let started = now_ms();
                // Helm mode, a chart: its fixes are computed on the chart's
                // files and put back in the paste ("Apply all safe fixes").
                #[cfg(feature = "helm")]
                if !self.rendered.borrow().is_empty() {
                    self.chart_fixes = self.find_chart_fixes();
                    self.fix_ms = Some(now_ms() - started);
                    return !self.chart_fixes.is_empty();
                }
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
            Msg::Hover(at) => {
                self.show_tooltip(at);
                return false;
            }
            Msg::Caret => {
                let Some(area) = self.textarea() else {
                    return false;
                };
                let offset = area.selection_start().ok().flatten().unwrap_or(0);
                let caret = lines::position_of_utf16(&self.shared.yaml, offset);
                if caret != self.caret {
                    self.caret = caret;
                    self.show_status();
                }
                return false;
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
                self.fetch_gallery(page);
                page::set_hash(&page.hash(), true);
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
            Msg::GalleryTexts(yaml) => self.gallery = gallery::Texts::parse(&yaml),
            Msg::Fetched(yaml, focus) => {
                <Self as Component>::update(self, ctx, Msg::Load(yaml));
                if let Some(rule) = focus {
                    self.open_rule(rule);
                    // The lesson in view, and the keyboard there (the
                    // gallery's button is gone).
                    self.refocus = self.selected.map(Ok);
                }
            }
            Msg::Load(yaml) => {
                // The learner's text stays one Undo away.
                let old = std::mem::replace(&mut self.shared.yaml, lines::normalize(&yaml));
                if old != self.shared.yaml {
                    self.history.changed(old);
                }
                self.selected = None;
                // A new text: the caret is at its start, not where it was
                // in the old one.
                self.caret = (1, 1);
                self.page = Page::Editor;
                page::set_hash("", true);
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
                    page::set_hash("", false);
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
                self.share(ctx);
                return false;
            }
            Msg::Shared(result) => self.shared_link(ctx, result),
            Msg::Download(format) => {
                self.download(format);
                return false;
            }
            Msg::Copy(text) => {
                self.copy(ctx, text);
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

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        let html = gloo::utils::document().document_element();
        if let Some(html) = html {
            let _ = html.set_attribute("lang", self.lang.pick("en", "zh-CN"));
        }
        // (The layers keep their scroll position across renders; reading
        // the textarea's would lay the whole page out now.)
        self.paint_overlay();
        if let Some(at) = self.caret_to.take() {
            if let Some(area) = self.textarea() {
                let _ = area.set_selection_range(at, at);
                self.caret = lines::position_of_utf16(&self.shared.yaml, at);
                self.show_status();
            }
        }
        // An applied finding's button, or an Undo with nothing left to undo,
        // leaves with the focus: it goes where the work continues.
        if let Some(to) = self.refocus.take() {
            let id = match to {
                Ok(i) => format!("finding-{i}"),
                Err(id) => id.to_owned(),
            };
            let document = gloo::utils::document();
            // (A button disabled under the focus keeps it, uselessly.)
            let lost = document
                .active_element()
                .is_none_or(|e| e.tag_name() == "BODY" || e.has_attribute("disabled"));
            let target = document
                .get_element_by_id(&id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let (true, Some(el)) = (lost, target) {
                let _ = el.focus();
            }
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
