//! The shared vocabulary: what a finding is and says. Severities,
//! categories, the two languages and texts in both, findings and the fixes
//! they carry (as edits), the facts a report keeps about each object, and
//! the report itself. Every layer above speaks it; it knows nothing of
//! rules, settings or output formats.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::parse::Span;

mod input;
pub use input::{FileKind, Role};

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
    /// The rule's proposed correction, when it has one (see the `edit` module).
    pub fix: Option<Fix>,
    /// For tools: the parser's own words, where the message explains a
    /// parse error in plain ones (the JSON report's `detail`).
    pub detail: Option<Box<str>>,
    /// Other places the finding is about (the ConfigMap a key is missing
    /// from): the JSON report's `related`, SARIF's related locations, an
    /// editor's related information.
    pub related: Vec<Related>,
    /// For a finding in a rendered template (a Helm chart), moved to the
    /// template line that wrote it: where it was in the rendered text, and
    /// which `related` entries are the values that wrote what it points at
    /// (the JSON report's `rendered` and `values`). Only in builds with
    /// the Helm renderer (feature `rendered`).
    #[cfg(feature = "rendered")]
    pub rendered: Option<Box<RenderedAt>>,
}

/// Where a finding moved to a template was in the rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedAt {
    /// The rendered template's name, as Helm's `# Source:` lines give it
    /// (`myapp/templates/deployment.yaml`).
    pub name: Box<str>,
    pub line: u32,
    pub column: u32,
    /// Indexes into the finding's `related` of the values files' lines.
    pub values: Vec<usize>,
}

/// Another place a finding is about, and what is there.
#[derive(Debug, Clone)]
pub struct Related {
    pub file: usize,
    pub span: Span,
    pub message: Text,
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

/// Replace the bytes `start..end` of the file's text with `text`. The
/// same range as 1-based lines and columns (columns count characters, as
/// findings' do), for callers whose strings are not UTF-8 (JavaScript).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub from: (u32, u32),
    pub to: (u32, u32),
}

/// A rule's proposed correction of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Same meaning, no decision needed: may be applied without review.
    pub safe: bool,
    /// Non-overlapping, in text order.
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Qos {
    Guaranteed,
    Burstable,
    BestEffort,
}

impl Qos {
    /// The class as Kubernetes names it (and the JSON report writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            Qos::Guaranteed => "Guaranteed",
            Qos::Burstable => "Burstable",
            Qos::BestEffort => "BestEffort",
        }
    }
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
    /// How each file was read (by index, as `files`): a file found in a
    /// folder that is not a manifest is [`Role::Skipped`] with what it is.
    /// (Empty, or shorter than `files`, means manifests.)
    pub roles: Vec<Role>,
}

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

    /// How file `file` was read.
    /// Adds a file findings may be moved into that the lint did not read
    /// (a chart's template, once its rendered text has been checked), as
    /// [`Role::Origin`]: not judged, not counted, not skipped. Its index.
    pub fn add_origin(&mut self, name: &str) -> usize {
        self.files.push(name.to_owned());
        self.roles.push(Role::Origin);
        self.files.len() - 1
    }

    pub fn role(&self, file: usize) -> Role {
        self.roles.get(file).copied().unwrap_or_default()
    }

    /// The files not judged, and what each is, in file order.
    pub fn skipped(&self) -> impl Iterator<Item = (usize, FileKind)> + '_ {
        self.roles.iter().enumerate().filter_map(|(i, r)| match r {
            Role::Skipped(kind) => Some((i, *kind)),
            _ => None,
        })
    }

    /// How many files were checked: not skipped, and not read only for
    /// their CustomResourceDefinitions.
    pub fn checked_files(&self) -> usize {
        self.count_role(|r| !matches!(r, Role::Skipped(_) | Role::Crds | Role::Origin))
    }

    /// How many files were read as `role`.
    pub fn count_role(&self, role: impl Fn(Role) -> bool) -> usize {
        (0..self.files.len())
            .filter(|&i| role(self.role(i)))
            .count()
    }

    /// How many files of each kind were skipped, most first (then in the
    /// order of [`FileKind::ALL`]).
    pub fn skipped_by_kind(&self) -> Vec<(FileKind, usize)> {
        let mut counts: Vec<(FileKind, usize)> = FileKind::ALL
            .iter()
            .map(|&k| (k, self.skipped().filter(|s| s.1 == k).count()))
            .filter(|&(_, n)| n > 0)
            .collect();
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        counts
    }
}
