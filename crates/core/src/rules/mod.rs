//! The rule framework and the registry.
//!
//! One rule per file under `rules/<category>/<rule_id>.rs`. The file's doc
//! comment is the rule's documentation (What it does / Why is this bad? /
//! Example / Use instead:); `declare_rule!` keeps it next to the metadata so
//! `kubeshape explain`, SARIF, the README table and the playground's rule
//! pages all read it from here. `build.rs` discovers the files, so adding a
//! rule means adding one file and its fixtures.

use crate::model::index::{same_namespace, Autoscaler, Index};
use crate::model::{Container, Object, PodTemplate, SourceFile};
use crate::parse::{Node, ParseIssue, Span};
use crate::report::{Category, Finding, Lang, Severity, Text};
use crate::settings::Settings;
use std::borrow::Cow;

/// Whether a rule runs without being asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    On,
    OptIn,
}

/// What a rule needs to see to judge an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The object alone: the rule gives the same verdict at admission time,
    /// where the Kubewarden module sees one object per request.
    Object,
    /// Other objects of the input too (a Service and the pods it selects, a
    /// reference and its target). Given one object, the rule could only
    /// guess; the Kubewarden module leaves it out.
    Objects,
}

/// Whether `kubeshape fix` (and "Apply fix") can correct a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixable {
    No,
    /// Fixes that keep the meaning and need no decision (applied by
    /// `--safe-only` and "Apply all safe fixes").
    Safe,
    /// Fixes to review: a template with `# TODO` values, or a change of
    /// behaviour the author must agree to.
    Review,
}

impl Fixable {
    pub fn as_str(self) -> Option<&'static str> {
        match self {
            Fixable::No => None,
            Fixable::Safe => Some("safe"),
            Fixable::Review => Some("review"),
        }
    }
}

/// Everything a rule says about itself.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub default: Default,
    pub scope: Scope,
    /// Whether the rule reads more than the objects it reports on: other
    /// objects (every [`Scope::Objects`] rule, including those that only
    /// use them to stay quiet, like an autoscaler sparing `single-replica`),
    /// the parser's problems, or every document of every file. The engine runs the other rules on a few
    /// objects at a time, while their trees are in the processor's cache.
    pub whole_input: bool,
    pub fixable: Fixable,
    /// The seed article section the rule comes from, e.g. `000 §2.2`.
    pub seed: &'static str,
    /// One-line title: English, Chinese.
    pub title: [&'static str; 2],
    /// "What it does" and "Why is this bad?" in Chinese (the English ones
    /// are the doc comment's sections).
    pub what_zh: &'static str,
    pub why_zh: &'static str,
    /// How to fix, in a sentence: English, Chinese.
    pub fix: [&'static str; 2],
    /// The rule's doc comment, Markdown.
    pub doc: &'static str,
}

impl RuleMeta {
    fn section(&self, start: &str, ends: &[&str]) -> String {
        let lines: Vec<&str> = self
            .doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        let Some(from) = lines.iter().position(|l| l.trim() == start) else {
            return String::new();
        };
        let rest = &lines[from + 1..];
        let to = rest
            .iter()
            .position(|l| ends.contains(&l.trim()))
            .unwrap_or(rest.len());
        rest[..to].join("\n").trim().to_owned()
    }

    pub fn what(&self, lang: Lang) -> String {
        if !cfg!(feature = "docs") {
            return docs::loaded(self.id, lang, |d| &d.what);
        }
        match lang {
            Lang::En => self.section("## What it does", &["## Why is this bad?"]),
            Lang::Zh => self.what_zh.to_owned(),
        }
    }

    pub fn why(&self, lang: Lang) -> String {
        if !cfg!(feature = "docs") {
            return docs::loaded(self.id, lang, |d| &d.why);
        }
        match lang {
            Lang::En => self.section("## Why is this bad?", &["## Example"]),
            Lang::Zh => self.why_zh.to_owned(),
        }
    }

    /// The example that triggers the rule (a fenced YAML block).
    pub fn example(&self) -> String {
        if !cfg!(feature = "docs") {
            return docs::loaded(self.id, Lang::En, |d| &d.example);
        }
        strip_fence(&self.section("## Example", &["Use instead:"]))
    }

    /// The corrected example.
    pub fn use_instead(&self) -> String {
        if !cfg!(feature = "docs") {
            return docs::loaded(self.id, Lang::En, |d| &d.use_instead);
        }
        strip_fence(&self.section("Use instead:", &["## Options", "## References"]))
    }

    /// The one-line title (from `rules.json` in builds without `titles`).
    pub fn title(&self, lang: Lang) -> Cow<'static, str> {
        if !cfg!(feature = "titles") {
            return Cow::Owned(docs::loaded(self.id, lang, |d| &d.title));
        }
        Cow::Borrowed(lang.pick(self.title[0], self.title[1]))
    }

    /// How to fix, in a sentence (from `rules.json` in builds without
    /// `titles`).
    pub fn fix(&self, lang: Lang) -> Cow<'static, str> {
        if !cfg!(feature = "titles") {
            return Cow::Owned(docs::loaded(self.id, lang, |d| &d.fix));
        }
        Cow::Borrowed(lang.pick(self.fix[0], self.fix[1]))
    }

    pub fn default_on(&self) -> bool {
        self.default == Default::On
    }
}

fn strip_fence(block: &str) -> String {
    block
        .lines()
        .filter(|l| !l.trim_start().starts_with("```"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A rule's logic.
pub trait Check {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>);
}

/// Implemented by `declare_rule!`.
pub trait Described {
    fn meta(&self) -> &'static RuleMeta;
}

/// A registered rule.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>);
}

impl<T: Described + Check + Sync> Rule for T {
    fn meta(&self) -> &'static RuleMeta {
        Described::meta(self)
    }
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        Check::check(self, cx, out);
    }
}

/// Declares a rule: its doc comment and metadata.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            category: $category:ident,
            severity: $severity:ident,
            default: $default:ident,
            $(scope: $scope:ident,)?
            $(whole_input: $whole:literal,)?
            $(fixable: $fixable:ident,)?
            seed: $seed:literal,
            title: [$title_en:literal, $title_zh:literal],
            what_zh: $what_zh:literal,
            why_zh: $why_zh:literal,
            fix: [$fix_en:literal, $fix_zh:literal] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $crate::rules::Described for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                    id: $id,
                    category: $crate::report::Category::$category,
                    severity: $crate::report::Severity::$severity,
                    default: $crate::rules::Default::$default,
                    scope: $crate::rules::declare_rule!(@scope $($scope)?),
                    whole_input: $crate::rules::declare_rule!(@whole $($scope)? ; $($whole)?),
                    fixable: $crate::rules::declare_rule!(@fixable $($fixable)?),
                    seed: $seed,
                    title: if cfg!(feature = "titles") { [$title_en, $title_zh] } else { ["", ""] },
                    what_zh: if cfg!(feature = "docs") { $what_zh } else { "" },
                    why_zh: if cfg!(feature = "docs") { $why_zh } else { "" },
                    fix: if cfg!(feature = "titles") { [$fix_en, $fix_zh] } else { ["", ""] },
                    doc: if cfg!(feature = "docs") { concat!($($doc, "\n"),*) } else { "" },
                };
                &META
            }
        }
    };
    (@scope) => { $crate::rules::Scope::Object };
    (@scope Objects) => { $crate::rules::Scope::Objects };
    (@whole Objects ; $($whole:literal)?) => { true };
    (@whole ; $whole:literal) => { $whole };
    (@whole ;) => { false };
    (@fixable) => { $crate::rules::Fixable::No };
    (@fixable $f:ident) => { $crate::rules::Fixable::$f };
}
pub(crate) use declare_rule;

/// A message in both languages, with inline format arguments; a language
/// the lint does not ask for (`Options::lang`) is left empty.
macro_rules! text {
    ($en:literal, $zh:literal, $($arg:tt)*) => {
        $crate::report::Text::new(
            if $crate::report::wants($crate::Lang::En) {
                format!($en, $($arg)*)
            } else {
                String::new()
            },
            if $crate::report::wants($crate::Lang::Zh) {
                format!($zh, $($arg)*)
            } else {
                String::new()
            },
        )
    };
    ($en:literal, $zh:literal) => {
        text!($en, $zh,)
    };
}

/// A finding's own help (what to write, with its values), in both
/// languages. Builds without the `helps` feature (the element's) leave these
/// texts out — the `if` is decided at compile time — and their findings
/// fall back to the rule's one-line fix.
macro_rules! help {
    ($($arg:tt)+) => {
        if cfg!(feature = "helps") {
            text!($($arg)+)
        } else {
            $crate::report::Text::default()
        }
    };
}

/// What a rule sees: the whole input.
pub struct Context<'a> {
    pub files: &'a [SourceFile<'a>],
    pub objects: &'a [Object<'a>],
    /// Problems found while parsing, with their file index.
    pub parse_issues: &'a [(usize, ParseIssue)],
    pub settings: &'a Settings,
    pub index: &'a Index<'a>,
    /// The schema problems of every object, found on first use.
    pub schema: std::sync::OnceLock<Vec<crate::schema::walk::Problem<'a>>>,
    /// Whether findings get their fixes (see [`crate::engine::Options`]).
    pub fixes: bool,
    /// Where the collections fixes insert into end (see [`crate::fix::Ends`]).
    #[cfg(feature = "fixes")]
    pub ends: crate::fix::Ends,
}

impl<'a> Context<'a> {
    /// What the Kubernetes schema says is wrong in each object (empty when
    /// this build has no schema table): walked once, shared by the schema
    /// rules.
    pub fn schema_problems(&self) -> &[crate::schema::walk::Problem<'a>] {
        self.schema.get_or_init(|| match crate::schema::get() {
            Some(schema) => crate::schema::walk::problems(
                schema,
                self.objects,
                self.settings.kubernetes_minor(),
            ),
            None => Vec::new(),
        })
    }

    /// Where fixes for object `index` compute their edits; `None` when the
    /// caller did not ask for fixes, and in builds without the `fixes`
    /// feature (so their code is left out).
    pub fn fixer(&self, index: usize) -> Option<crate::fix::Source<'_>> {
        if !cfg!(feature = "fixes") || !self.fixes {
            return None;
        }
        // Cheap: it borrows the line starts the parser found.
        let source = crate::fix::Source::of(self.files.get(self.objects.get(index)?.file)?);
        #[cfg(feature = "fixes")]
        let source = source.keeping(&self.ends);
        Some(source)
    }

    /// Every object with a pod template.
    pub fn workloads(&self) -> impl Iterator<Item = (usize, &'a Object<'a>, &'a PodTemplate<'a>)> {
        self.objects
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.pod.as_ref().map(|p| (i, o, p)))
    }

    /// Every container of every workload.
    pub fn containers(
        &self,
    ) -> impl Iterator<
        Item = (
            usize,
            &'a Object<'a>,
            &'a PodTemplate<'a>,
            &'a Container<'a>,
        ),
    > {
        self.workloads()
            .flat_map(|(i, o, p)| p.containers.iter().map(move |c| (i, o, p, c)))
    }

    /// Objects of one kind.
    pub fn of_kind(&self, kind: &str) -> impl Iterator<Item = (usize, &'a Object<'a>)> + 'a {
        let objects = self.objects;
        self.index
            .of_kind(kind)
            .iter()
            .map(move |&i| (i, &objects[i]))
    }

    /// Deployments and StatefulSets: the workloads whose replica count the
    /// manifest writes and an autoscaler may own.
    pub fn replicated(&self) -> impl Iterator<Item = (usize, &'a Object<'a>)> + 'a {
        self.objects.iter().enumerate().filter(|(_, o)| {
            matches!(o.kind, Some("Deployment" | "StatefulSet")) && o.pod.is_some()
        })
    }

    /// The object of `kind` named `name` that `from` can refer to.
    pub fn find(
        &self,
        kind: &str,
        from: &Object<'_>,
        name: &str,
    ) -> Option<(usize, &'a Object<'a>)> {
        let objects = self.objects;
        self.index
            .named(name)
            .iter()
            .map(|&i| (i, &objects[i]))
            .find(|(_, o)| o.kind == Some(kind) && same_namespace(from.namespace, o.namespace))
    }

    /// Whether a missing object of `kind`, referred to from `from`, is worth
    /// reporting: the input holds an object of that kind in exactly `from`'s
    /// namespace (both unspecified counts), so a missing one is likely a typo
    /// or a forgotten file — or the settings say the input is complete.
    /// Objects of other namespaces do not count: a folder of several apps
    /// must not make one app's ConfigMap evidence about another's.
    pub fn judges_absence(&self, kind: &str, from: &Object<'_>) -> bool {
        self.settings.assume_complete_input
            || self
                .of_kind(kind)
                .any(|(_, o)| o.namespace == from.namespace)
    }

    /// "`kind` `name` is not found in this input", naming what is there and
    /// the closest name.
    pub fn not_found(&self, kind: &str, from: &Object<'_>, name: &str) -> Text {
        // Each visible name once, in input order.
        let mut names = self.index.visible_names(kind, from.namespace);
        let close = crate::text::closest(name, names.iter().copied());
        // The closest name leads the list, so it is always shown.
        if let Some(c) = close {
            names.retain(|n| *n != c);
            names.insert(0, c);
        }
        let mut en = format!("{kind} `{name}` is not found in this input");
        let mut zh = format!("在此输入中找不到 {kind} `{name}`");
        if !names.is_empty() {
            let more = names.len().saturating_sub(5);
            let mut list = names.iter().take(5).copied().collect::<Vec<_>>().join(", ");
            let mut list_zh = list.clone();
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
                list_zh.push_str(&format!(" 等另外 {more} 个"));
            }
            match close {
                Some(close) => {
                    en.push_str(&format!(" ({kind}s here: {list}; did you mean `{close}`?)"));
                    zh.push_str(&format!(
                        "（这里有的 {kind}：{list_zh}；你是不是想写 `{close}`？）"
                    ));
                }
                None => {
                    en.push_str(&format!(" ({kind}s here: {list})"));
                    zh.push_str(&format!("（这里有的 {kind}：{list_zh}）"));
                }
            }
        }
        Text::new(en, zh)
    }

    /// Pod templates a Service sends traffic to: its `spec.selector` matches
    /// their labels, in a namespace it can see. A Service without a
    /// selector selects nothing (its endpoints are managed by hand).
    pub fn selected_by_service(
        &self,
        service: usize,
    ) -> impl Iterator<Item = (usize, &'a Object<'a>, &'a PodTemplate<'a>)> + 'a {
        let objects = self.objects;
        self.index
            .backends(service)
            .filter_map(move |i| objects[i].pod.as_ref().map(|p| (i, &objects[i], p)))
    }

    /// Whether some object of `kind` (NetworkPolicy `podSelector`,
    /// PodDisruptionBudget `selector`) in a namespace object `index` can see
    /// selects that object's pod template (see [`Index::covered_by`]).
    pub fn selected_by_any(&self, kind: &str, index: usize) -> bool {
        self.index
            .covered_by(kind)
            .and_then(|covered| covered.get(index).copied())
            .unwrap_or(false)
    }

    /// Autoscalers that scale `object`.
    pub fn autoscalers_of<'s>(
        &'s self,
        object: &'s Object<'_>,
    ) -> impl Iterator<Item = &'a (usize, Autoscaler<'a>)> + 's {
        self.index
            .autoscalers_named(object.name.unwrap_or_default())
            .filter(move |(_, a)| a.targets(object))
    }
}

/// Collects one rule's findings.
pub struct Sink<'r> {
    meta: &'static RuleMeta,
    pub(crate) findings: &'r mut Vec<Finding>,
    /// Where the rule's context's objects start among all objects (the
    /// engine gives rules a few objects at a time).
    offset: usize,
}

impl<'r> Sink<'r> {
    pub(crate) fn new(
        meta: &'static RuleMeta,
        findings: &'r mut Vec<Finding>,
        offset: usize,
    ) -> Self {
        Sink {
            meta,
            findings,
            offset,
        }
    }

    /// Reports `message` at `node` of object `index`.
    pub fn at(
        &mut self,
        cx: &Context<'_>,
        index: usize,
        node: &Node,
        path: String,
        message: Text,
    ) -> &mut Finding {
        self.about(cx, index, None, node, path, message)
    }

    /// A finding about object `index` (and one of its containers): whether
    /// the object's annotations silence it is settled here, while the
    /// container's name is at hand.
    fn about(
        &mut self,
        cx: &Context<'_>,
        index: usize,
        container: Option<&str>,
        node: &Node,
        path: String,
        message: Text,
    ) -> &mut Finding {
        let object = &cx.objects[index];
        let (rule, category) = (self.meta.id, self.meta.category);
        let suppressed = crate::engine::is_suppressed(rule, category, object, container);
        let finding = self.push(
            object.file,
            object.document,
            node.span,
            path,
            message,
            Some(index + self.offset),
        );
        finding.suppressed = suppressed;
        finding
    }

    /// Reports about `container` of object `index` (suppressible per container).
    pub fn at_container(
        &mut self,
        cx: &Context<'_>,
        index: usize,
        container: &Container<'_>,
        node: &Node,
        path: String,
        message: Text,
    ) -> &mut Finding {
        self.about(cx, index, container.name, node, path, message)
    }

    /// Reports about `container`, the message led by its label: `rest` is
    /// what follows "container api " / "容器 api ".
    pub fn container(
        &mut self,
        cx: &Context<'_>,
        index: usize,
        container: &Container<'_>,
        node: &Node,
        path: String,
        rest: Text,
    ) -> &mut Finding {
        let message = container.label_with(&rest);
        self.at_container(cx, index, container, node, path, message)
    }

    /// Reports something `container` lacks, pointing at its `name:`.
    pub fn container_lacks(
        &mut self,
        cx: &Context<'_>,
        index: usize,
        container: &Container<'_>,
        rest: Text,
    ) -> &mut Finding {
        self.container(
            cx,
            index,
            container,
            container.anchor(),
            container.path.clone(),
            rest,
        )
    }

    /// Reports a finding that belongs to no object (parse problems).
    pub fn raw(&mut self, file: usize, document: usize, span: Span, message: Text) -> &mut Finding {
        self.push(file, document, span, String::new(), message, None)
    }

    fn push(
        &mut self,
        file: usize,
        document: usize,
        span: Span,
        path: String,
        message: Text,
        object: Option<usize>,
    ) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.meta.id,
            category: self.meta.category,
            severity: self.meta.severity,
            message,
            help: Text::new(self.meta.fix(Lang::En), self.meta.fix(Lang::Zh)),
            file,
            document,
            span,
            path,
            object,
            suppressed: false,
            fix: None,
        });
        self.findings.last_mut().expect("just pushed")
    }
}

impl Finding {
    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }

    /// Replaces the rule's default help with this finding's own (an empty
    /// text, from `help!` in a build without `helps`, keeps the default).
    pub fn help(&mut self, help: Text) -> &mut Self {
        if !help.is_empty() {
            self.help = help;
        }
        self
    }

    /// Attaches a fix; its title is the finding's help, so say the concrete
    /// change there.
    pub fn fix(&mut self, fix: Option<crate::fix::Fix>) -> &mut Self {
        if cfg!(feature = "fixes") {
            self.fix = fix.filter(|f| !f.edits.is_empty());
        }
        self
    }
}

/// Checks a boolean `securityContext` field of every container: reports it
/// at its value when it is set otherwise, at the container's name when unset.
pub(crate) fn check_security_flag(
    cx: &Context<'_>,
    out: &mut Sink<'_>,
    key: &str,
    wanted: bool,
    rest: Text,
    safe: bool,
) {
    for (index, _, _, container) in cx.containers() {
        let fix = || {
            let value = || crate::fix::Value::inline(if wanted { "true" } else { "false" });
            set_fix(
                cx,
                index,
                safe,
                container.node,
                &["securityContext", key],
                value,
            )
        };
        match container.security(key) {
            Some(node) if node.as_bool() == Some(wanted) => {}
            Some(node) => {
                out.container(
                    cx,
                    index,
                    container,
                    node,
                    container.join(&format!("securityContext.{key}")),
                    rest.clone(),
                )
                .fix(fix());
            }
            None => {
                out.container_lacks(cx, index, container, rest.clone())
                    .fix(fix());
            }
        }
    }
}

/// Which half of a reference check a rule does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefCheck {
    /// The referenced ConfigMap/Secret is not in the input.
    Object,
    /// It is, but the referenced key is not.
    Key,
}

/// Shared by `configmap-not-found`, `configmap-key-not-found`,
/// `secret-not-found` and `secret-key-not-found`: checks every reference of
/// every pod template to an object of `kind` (skipping `optional: true`).
pub(crate) fn check_references(cx: &Context<'_>, out: &mut Sink<'_>, kind: &str, what: RefCheck) {
    for (index, object, _) in cx.workloads() {
        for r in cx.index.references(index) {
            if r.kind != kind || r.optional {
                continue;
            }
            let Some(name) = r.name.as_str() else {
                continue;
            };
            let (node, path, message) = match (cx.find(kind, object, name), what) {
                (None, RefCheck::Object) if cx.judges_absence(kind, object) => {
                    (r.name, r.path.clone(), cx.not_found(kind, object, name))
                }
                (Some((_, target)), RefCheck::Key) => {
                    let Some((key_node, key_path)) = &r.key else {
                        continue;
                    };
                    let Some(key) = key_node.as_str() else {
                        continue;
                    };
                    let keys: Vec<&str> = crate::model::index::data_keys(target)
                        .into_iter()
                        .map(|(k, _)| k)
                        .collect();
                    if keys.contains(&key) {
                        continue;
                    }
                    let list = if keys.is_empty() {
                        "no keys".to_owned()
                    } else {
                        format!("keys {}", keys.join(", "))
                    };
                    let list_zh = if keys.is_empty() {
                        "没有任何键".to_owned()
                    } else {
                        format!("有键 {}", keys.join(", "))
                    };
                    let (hint, hint_zh) = match crate::text::closest(key, keys.iter().copied()) {
                        Some(c) => (
                            format!(" — did you mean `{c}`?"),
                            format!("——你是不是想写 `{c}`？"),
                        ),
                        None => (String::new(), String::new()),
                    };
                    let message = Text::new(
                        format!("{kind} {name} has {list}; no `{key}`{hint}"),
                        format!("{kind} {name} {list_zh}；没有 `{key}`{hint_zh}"),
                    );
                    (*key_node, key_path.clone(), message)
                }
                _ => continue,
            };
            match r.container {
                Some(c) => out.at_container(cx, index, c, node, path, message),
                None => out.at(cx, index, node, path, message),
            };
        }
    }
}

/// A fix made of edits `make` computes, when this build has fixes and
/// `make` can place them.
pub(crate) fn fix_with(
    cx: &Context<'_>,
    index: usize,
    safe: bool,
    make: impl FnOnce(&crate::fix::Source<'_>) -> Option<Vec<crate::fix::Edit>>,
) -> Option<crate::fix::Fix> {
    let source = cx.fixer(index)?;
    let mut edits = make(&source)?;
    crate::fix::sort_short(&mut edits, |e| (e.start, e.end));
    Some(crate::fix::Fix { safe, edits })
}

/// A fix that sets `path` under `map` to `value()` (see
/// [`crate::fix::Source::set`]). The value is built only when fixes are on,
/// so builds without them carry none of that code.
pub(crate) fn set_fix(
    cx: &Context<'_>,
    index: usize,
    safe: bool,
    map: &Node,
    path: &[&str],
    value: impl FnOnce() -> crate::fix::Value,
) -> Option<crate::fix::Fix> {
    fix_with(cx, index, safe, |s| {
        Some(vec![s.set(map, path, value())?])
    })
}

/// A probe template for `container`: an HTTP check of `path` on its first
/// declared port (8080 when it declares none), with a `# TODO` to point it
/// at the right endpoint.
pub(crate) fn probe_template(
    container: &Container<'_>,
    path: &str,
    extra: &[String],
) -> crate::fix::Value {
    let port = container
        .node
        .items("ports")
        .first()
        .and_then(|p| p.get("containerPort"))
        .and_then(Node::as_i64)
        .unwrap_or(8080);
    let mut lines = vec![
        "# TODO: point it at your app's endpoint, then check the timings".to_owned(),
        "httpGet:".to_owned(),
        crate::text::concat(&["  path: ", path]),
        crate::text::concat(&["  port: ", &port.to_string()]),
    ];
    lines.extend_from_slice(extra);
    crate::fix::Value::Block(lines)
}

/// Shared imports for rule files.
#[allow(unused_imports)]
pub(crate) mod prelude {
    pub(crate) use super::{check_references, check_security_flag, RefCheck};
    pub(crate) use super::{fix_with, probe_template, set_fix};
    pub use super::{Check, Context, Sink};
    pub use crate::fix::Value as FixValue;
    pub use crate::model::index::{self, Selector};
    pub use crate::model::{quantity_of, Container, Object, Quantity, Role};
    pub use crate::parse::{Node, NodeValue};
    pub use crate::report::{Severity, Text};
}

mod docs;
pub use docs::load_docs;

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

/// Every rule, in catalogue order (category, then id).
pub fn all() -> &'static [&'static dyn Rule] {
    REGISTRY
}

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.meta().id == id)
}

/// The rule catalogue as a Markdown table (the README's rule table is this
/// text, checked by a test).
pub fn markdown_table() -> String {
    let mut out = String::from("| id | category | severity | default | fix | seed | what it finds |\n|---|---|---|---|---|---|---|\n");
    for rule in all() {
        let m = rule.meta();
        let default = if m.default_on() { "on" } else { "opt-in" };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            m.id,
            m.category.as_str(),
            m.severity,
            default,
            m.fixable.as_str().unwrap_or(""),
            m.seed,
            m.title(Lang::En)
        ));
    }
    out
}

/// One rule's catalogue entry as JSON: metadata and texts in `lang`.
pub fn entry_json(m: &RuleMeta, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "id": m.id, "category": m.category, "severity": m.severity,
        "default": if m.default_on() { "on" } else { "opt-in" },
        "scope": match m.scope { Scope::Object => "object", Scope::Objects => "objects" },
        "seed": m.seed, "title": m.title(lang), "what": m.what(lang), "why": m.why(lang),
        "fixable": m.fixable.as_str(),
        "fix": m.fix(lang), "example": m.example(), "use_instead": m.use_instead(),
    })
}

/// The catalogue as JSON (what `kubeshape rules --format json` prints).
pub fn catalogue_json(lang: Lang) -> serde_json::Value {
    serde_json::Value::Array(all().iter().map(|r| entry_json(r.meta(), lang)).collect())
}

/// `kubeshape explain ID`: the rule's whole documentation as text.
pub fn explain(meta: &RuleMeta, lang: Lang) -> String {
    let default = match (meta.default_on(), lang) {
        (true, Lang::En) => "on by default",
        (false, Lang::En) => "opt-in",
        (true, Lang::Zh) => "默认启用",
        (false, Lang::Zh) => "需手动启用",
    };
    let severity = match lang {
        Lang::En => meta.severity.as_str(),
        Lang::Zh => meta.severity.zh(),
    };
    let h = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    format!(
        "{id} — {title}\n{cat}: {category} · {sev}: {severity} · {default} · {seed}: {seed_ref}\n\n## {what_h}\n{what}\n\n## {why_h}\n{why}\n\n## {fix_h}\n{fix}{auto}\n\n## {ex_h}\n{example}\n\n## {use_h}\n{use_instead}\n",
        id = meta.id,
        title = meta.title(lang),
        cat = h("category", "类别"),
        category = meta.category.title(lang),
        sev = h("severity", "级别"),
        seed = h("seed", "来源"),
        seed_ref = meta.seed,
        what_h = h("What it does", "作用"),
        what = meta.what(lang),
        why_h = h("Why is this bad?", "为什么有问题？"),
        why = meta.why(lang),
        fix_h = h("How to fix", "如何修复"),
        fix = meta.fix(lang),
        auto = match meta.fixable {
            Fixable::No => "",
            Fixable::Safe => h(
                "\n`kubeshape fix` corrects it (a safe fix: `--safe-only` applies it too).",
                "\n`kubeshape fix` 可以自动修正（安全修复：`--safe-only` 也会应用）。",
            ),
            Fixable::Review => h(
                "\n`kubeshape fix` proposes a correction to review (a template or a change of behaviour).",
                "\n`kubeshape fix` 会给出需要复核的修正（模板或行为上的改变）。",
            ),
        },
        ex_h = h("Example", "示例"),
        example = meta.example(),
        use_h = h("Use instead", "应改为"),
        use_instead = meta.use_instead(),
    )
}
