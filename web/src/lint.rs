//! Linting the editor's text: when (after a pause in typing, or at once
//! for a change the page makes), with what settings, and what the page
//! keeps of it (the findings by line, the draft).

use gloo::timers::callback::Timeout;
use kubeshape_core::Report;
use yew::Context;

use crate::storage::{now_ms, store, tab_storage, DRAFT_KEY};
use crate::{lines, App, Msg, INPUT_NAME};

/// How long typing must pause before the input is linted again.
const LINT_DELAY_MS: u32 = 150;
/// Set once the main build has sent a pasted chart to Helm mode.
#[cfg(not(feature = "helm"))]
static LEAVING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

impl App {
    /// Puts a fixed text in the editor, keeping the old one for Undo.
    pub(crate) fn replace_text(&mut self, text: String) {
        if text == self.shared.yaml {
            return;
        }
        let old = std::mem::replace(&mut self.shared.yaml, text);
        self.history.changed(old);
        self.selected = None;
        self.lint_now();
    }

    /// Shows a text from the history, the caret where it differs from the
    /// one on show.
    pub(crate) fn restore(&mut self, text: String) {
        self.caret_to = Some(lines::first_difference(&self.shared.yaml, &text));
        self.shared.yaml = text;
        self.selected = None;
        self.lint_now();
    }

    /// Lints the editor's text and shows the findings. Their fixes (the
    /// "Apply fix" buttons) are computed right after, in a task of their
    /// own: the findings show a fifth sooner as the reader types.
    pub(crate) fn lint_now(&mut self) {
        let started = now_ms();
        // The open finding stays open if it is still there (the schema or
        // the docs arriving add findings before it).
        let open = self
            .selected
            .and_then(|i| self.report.findings.get(i))
            .map(|f| (f.rule, f.span.start));
        self.report = self.lint_text(false);
        // (The tooltip reads the new findings at the pointer's next move.)
        self.hover = 0;
        self.selected = open.and_then(|(rule, at)| {
            self.report
                .findings
                .iter()
                .position(|f| f.rule == rule && f.span.start == at)
        });
        self.lint_ms = now_ms() - started;
        self.fix_ms = None;
        // (Helm mode: the chart's fixes, found after the findings.)
        #[cfg(feature = "helm")]
        self.chart_fixes.clear();
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
        // Keep the draft: for a reload of this tab (each tab its own), and
        // for the next visit (this browser only).
        let draft = self.shared.to_json();
        if let Some(tab) = tab_storage() {
            let _ = tab.set_item(DRAFT_KEY, &draft);
        }
        store(DRAFT_KEY, &draft);
    }

    /// Helm mode: the paste with the chart's fixes that `which` names
    /// applied to its templates and values (`None`: nothing changed).
    #[cfg(feature = "helm")]
    pub(crate) fn fixed_chart(&self, which: &kubeshape_helm::fix::Which) -> Option<String> {
        let (text, _) = kubeshape_helm::paste::fix_paste(
            &self.shared.yaml,
            &kubeshape_helm::Options::default(),
            &self.shared.settings(),
            which,
        )?;
        (text != self.shared.yaml).then_some(text)
    }

    /// Helm mode: the chart's fixes that apply (every one, as "Apply fix"
    /// and "Apply all safe fixes" would), each as its finding's rule and
    /// line in the paste, and whether it is safe.
    #[cfg(feature = "helm")]
    pub(crate) fn find_chart_fixes(&self) -> Vec<(&'static str, u32, bool)> {
        let which = kubeshape_helm::fix::Which::default();
        let text = &self.shared.yaml;
        let opts = kubeshape_helm::Options::default();
        let settings = self.shared.settings();
        let Some((_, fix)) = kubeshape_helm::paste::fix_paste(text, &opts, &settings, &which)
        else {
            return Vec::new();
        };
        fix.outcomes
            .iter()
            .filter(|o| o.not_applied.is_none())
            .map(|o| (o.rule, o.line, o.safe))
            .collect()
    }

    /// The report of the editor's text with the page's settings, with or
    /// without the findings' fixes.
    pub(crate) fn lint_text(&self, fixes: bool) -> Report {
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

    pub(crate) fn schedule_lint(&mut self, ctx: &Context<Self>) {
        let link = ctx.link().clone();
        self.pending = Some(Timeout::new(LINT_DELAY_MS, move || {
            link.send_message(Msg::Lint)
        }));
    }
}
