//! What a rule is: its metadata (id, category, severity, default, scope,
//! fixability, texts), the traits a rule implements, and the macros rule
//! files are written with (`declare_rule!`, `text!`, `help!`).

use std::borrow::Cow;

use super::docs;
use super::{Context, Sink};
use crate::diagnostic::{Category, Lang, Severity};

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
    /// `kubeshape fix` and "Apply all safe fixes"; the others only when asked).
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

/// Where the published playground documents each rule: the page of rule
/// `id` is this followed by `id` (editors' diagnostics and SARIF rules link
/// to it).
pub const RULE_PAGES: &str = "https://kubeshape.github.io/kubeshape/#/rules/";

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
    /// The article (by number) and section the rule comes from, e.g.
    /// `000 §2.2`; [`RuleMeta::source`] is what a reader sees.
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

    /// Where the rule comes from, as a reader reads it: the articles'
    /// titles and sections (see [`super::articles::cite`]).
    pub fn source(&self, lang: Lang) -> String {
        super::articles::cite(self.seed, lang)
    }

    /// The rule's page in the published playground.
    pub fn page(&self) -> String {
        format!("{RULE_PAGES}{}", self.id)
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
                    category: $crate::diagnostic::Category::$category,
                    severity: $crate::diagnostic::Severity::$severity,
                    default: $crate::rules::Default::$default,
                    scope: $crate::rules::meta::declare_rule!(@scope $($scope)?),
                    whole_input: $crate::rules::meta::declare_rule!(@whole $($scope)? ; $($whole)?),
                    fixable: $crate::rules::meta::declare_rule!(@fixable $($fixable)?),
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

/// A message in both languages, with inline format arguments.
macro_rules! text {
    ($en:literal, $zh:literal, $($arg:tt)*) => {
        $crate::diagnostic::Text::new(format!($en, $($arg)*), format!($zh, $($arg)*))
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
            $crate::diagnostic::Text::default()
        }
    };
}
