//! Findings, reports and their serialisations (JSON v1, SARIF 2.1.0, human).

pub mod human;
mod json;
pub use json::{quote as json_quote, JsonStream};
pub mod sarif;

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::model::Qos;
use crate::parse::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Input,
    Resources,
    Images,
    Probes,
    References,
    Networking,
    Security,
    Availability,
    Autoscaling,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Input,
        Category::Resources,
        Category::Images,
        Category::Probes,
        Category::References,
        Category::Networking,
        Category::Security,
        Category::Availability,
        Category::Autoscaling,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Input => "input",
            Category::Resources => "resources",
            Category::Images => "images",
            Category::Probes => "probes",
            Category::References => "references",
            Category::Networking => "networking",
            Category::Security => "security",
            Category::Availability => "availability",
            Category::Autoscaling => "autoscaling",
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Category::Input => ("Input and schema", "输入与结构"),
            Category::Resources => ("Resources and QoS", "资源与 QoS"),
            Category::Images => ("Images", "镜像"),
            Category::Probes => ("Probes", "健康检查探针"),
            Category::References => ("Configuration references", "配置引用"),
            Category::Networking => ("Services and networking", "服务与网络"),
            Category::Security => ("Security context", "安全上下文"),
            Category::Availability => ("Availability and rollout", "可用性与发布"),
            Category::Autoscaling => ("Autoscaling", "自动扩缩容"),
        };
        lang.pick(en, zh)
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// The languages every text exists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh", alias = "zh-CN")]
    Zh,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.to_ascii_lowercase().as_str() {
            "en" | "en-us" | "en-gb" | "english" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-hans" | "chinese" | "中文" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// `en` or `zh`, as settings and links write it.
    pub fn as_str(self) -> &'static str {
        self.pick("en", "zh")
    }

    /// The English or the Chinese of two values (texts, or owned strings).
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

thread_local! {
    /// The one language texts are made in during a lint that asks for one
    /// ([`crate::Options::lang`]); `None`: both.
    static ONLY: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Whether texts in `lang` are being made. Always, in builds without the
/// `one-language` feature, which carry no check.
pub(crate) fn wants(lang: Lang) -> bool {
    !cfg!(feature = "one-language") || ONLY.with(|only| only.get().is_none_or(|only| only == lang))
}

/// While this lives, texts are made in `lang` only (in every language
/// when `None`); it puts back what was asked before when dropped.
pub(crate) struct OnlyIn(Option<Lang>);

impl OnlyIn {
    pub(crate) fn new(lang: Option<Lang>) -> OnlyIn {
        OnlyIn(ONLY.with(|only| only.replace(lang)))
    }
}

impl Drop for OnlyIn {
    fn drop(&mut self) {
        ONLY.with(|only| only.set(self.0));
    }
}

/// A text in English and Simplified Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub en: Cow<'static, str>,
    pub zh: Cow<'static, str>,
}

impl Text {
    /// A text from owned strings or (without copying) static ones: the
    /// rules' default help is borrowed by every finding that keeps it.
    pub fn new(en: impl Into<Cow<'static, str>>, zh: impl Into<Cow<'static, str>>) -> Self {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }

    /// Empty in both languages.
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.zh.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub message: Text,
    pub help: Text,
    pub file: usize,
    pub document: usize,
    pub span: Span,
    /// Dotted path to the node inside its document.
    pub path: String,
    /// The object the finding is about: an index into [`Report::objects`]
    /// (see [`Report::object_of`]). An index, not a copy of the object's
    /// kind, name and namespace: three strings fewer for each finding.
    pub object: Option<usize>,
    pub suppressed: bool,
    /// The rule's proposed correction, when it has one (see [`crate::fix`]).
    pub fix: Option<crate::fix::Fix>,
}

/// How many findings there are of each severity (those not suppressed),
/// and how many are suppressed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub suppressed: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut counts = Counts::default();
        for f in findings {
            counts.add(f);
        }
        counts
    }

    pub fn add(&mut self, finding: &Finding) {
        let n = match (finding.suppressed, finding.severity) {
            (true, _) => &mut self.suppressed,
            (false, Severity::Error) => &mut self.error,
            (false, Severity::Warning) => &mut self.warning,
            (false, Severity::Info) => &mut self.info,
        };
        *n += 1;
    }

    /// Unsuppressed findings at or above `level`.
    pub fn at_least(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.error,
            Severity::Warning => self.error + self.warning,
            Severity::Info => self.error + self.warning + self.info,
        }
    }
}

/// A report written as [`crate::lint_each`] hands over the findings: the
/// JSON report ([`JsonStream`]) or the SARIF log ([`sarif::SarifStream`]).
pub trait ReportStream {
    /// Writes `findings`, of `report` (its files and objects).
    fn findings(&mut self, report: &Report, findings: &[Finding]);

    /// Writes the rest of the report; gives the first write error, if any.
    fn finish(self: Box<Self>, report: &Report) -> std::io::Result<()>;
}

/// A fact about one object: what it is, where it starts, its QoS class.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectFact {
    pub file: usize,
    pub document: usize,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub line: u32,
    pub qos: Option<Qos>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Input file names, indexed by `Finding::file`.
    pub files: Vec<String>,
    pub documents: usize,
    pub objects: Vec<ObjectFact>,
    pub findings: Vec<Finding>,
}

pub const TOOL_NAME: &str = "kubeshape";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

impl Report {
    /// The object `finding` is about, when it is about one.
    pub fn object_of(&self, finding: &Finding) -> Option<&ObjectFact> {
        finding.object.and_then(|i| self.objects.get(i))
    }

    /// Unsuppressed findings at or above `level`.
    pub fn count_at_least(&self, level: Severity) -> usize {
        self.active().filter(|f| f.severity >= level).count()
    }

    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.suppressed)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.active().filter(|f| f.severity == severity).count()
    }

    /// The JSON report, version 1 (see DESIGN.md).
    pub fn to_json(&self, lang: Lang) -> Value {
        let file = |i: usize| self.files.get(i).cloned().unwrap_or_default();
        let objects: Vec<Value> = self
            .objects
            .iter()
            .map(|o| {
                json!({
                    "file": file(o.file), "document": o.document, "kind": o.kind, "name": o.name,
                    "namespace": o.namespace, "line": o.line, "qos": o.qos,
                })
            })
            .collect();
        let findings: Vec<Value> = self
            .findings
            .iter()
            .map(|f| {
                json!({
                    "rule": f.rule, "category": f.category, "severity": f.severity,
                    "message": f.message.get(lang), "help": f.help.get(lang),
                    "file": file(f.file), "document": f.document,
                    "line": f.span.start.line, "column": f.span.start.column,
                    "end_line": f.span.end.line, "end_column": f.span.end.column,
                    "path": f.path, "suppressed": f.suppressed,
                    "object": self.object_of(f).map(|o| json!({
                        "kind": o.kind, "name": o.name, "namespace": o.namespace,
                    })),
                    "fix": f.fix.as_ref().map(|x| json!({
                        "safe": x.safe, "title": f.help.get(lang),
                        "edits": x.edits.iter().map(|e| json!({
                            "start": e.start, "end": e.end, "text": e.text,
                            "line": e.from.0, "column": e.from.1,
                            "end_line": e.to.0, "end_column": e.to.1,
                        })).collect::<Vec<_>>(),
                    })),
                })
            })
            .collect();
        json!({
            "version": 1,
            "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
            "summary": {
                "documents": self.documents, "objects": self.objects.len(),
                "error": self.count(Severity::Error), "warning": self.count(Severity::Warning),
                "info": self.count(Severity::Info),
                "suppressed": self.findings.iter().filter(|f| f.suppressed).count(),
            },
            "objects": objects,
            "findings": findings,
        })
    }

    /// The same report written straight to text by [`json::write`], without
    /// building a value first: several times faster for 10,000 findings, and
    /// no serde code for the browser builds to carry. Byte for byte what
    /// serde_json prints for [`Report::to_json`] (tested). `failed`, when
    /// given, is added as the top-level `failed` field.
    pub fn to_json_string(&self, lang: Lang, failed: Option<bool>, pretty: bool) -> String {
        json::write(self, lang, failed, pretty)
    }

    /// [`Report::to_json_string`] written to `out` piece by piece (the
    /// same bytes), for reports too large to build as one string first.
    pub fn write_json(
        &self,
        out: &mut dyn std::io::Write,
        lang: Lang,
        failed: Option<bool>,
        pretty: bool,
    ) -> std::io::Result<()> {
        json::stream(out, |sink| {
            json::write_with(self, lang, failed, pretty, sink, json::KEYED)
        })
    }
}
