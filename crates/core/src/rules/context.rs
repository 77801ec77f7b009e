//! What a rule sees ([`Context`]) and how it names what it looks at: a
//! [`Workload`] (an object with a pod template) and a [`ContainerRef`] (one
//! container of one).

use serde::{Deserialize, Serialize};

use super::sink::At;
use crate::diagnostic::Text;
use crate::model::index::{same_namespace, Autoscaler, Index};
use crate::model::{Container, Object, PodTemplate};
use crate::parse::{Node, ParseIssue, SourceFile};

/// What a rule sees: the input (or the few objects of it the engine hands
/// over at a time), its index, and the settings that concern rules.
pub struct Context<'a> {
    pub files: &'a [SourceFile<'a>],
    pub objects: &'a [Object<'a>],
    /// Problems found while parsing, with their file index.
    pub parse_issues: &'a [(usize, ParseIssue)],
    /// What the settings tell the rules.
    pub settings: RuleSettings<'a>,
    pub index: &'a Index<'a>,
    /// The input's CustomResourceDefinitions (and those read for them).
    pub crds: &'a crate::model::crd::Crds<'a>,
    /// The schema problems of every object, found on first use.
    pub schema: std::sync::OnceLock<Vec<crate::schema::walk::Problem<'a>>>,
    /// Whether findings get their fixes (see [`crate::engine::Options`]).
    pub fixes: bool,
    /// Where the collections fixes insert into end (see [`crate::edit::Ends`]).
    #[cfg(feature = "fixes")]
    pub ends: crate::edit::Ends,
}

impl<'a> Context<'a> {
    /// What the Kubernetes schema says is wrong in each object (empty when
    /// this build has no schema table): walked once, shared by the schema
    /// rules.
    pub fn schema_problems(&self) -> &[crate::schema::walk::Problem<'a>] {
        self.schema.get_or_init(|| {
            crate::schema::walk::problems(
                crate::schema::get(),
                self.crds,
                self.objects,
                self.settings.kubernetes_minor,
            )
        })
    }

    /// Where `node` of object `index` is: its file and span (a finding's
    /// related place).
    pub fn place(&self, index: usize, node: &Node) -> (usize, crate::parse::Span) {
        (self.objects.get(index).map_or(0, |o| o.file), node.span)
    }

    /// Where fixes for object `index` compute their edits; `None` when the
    /// caller did not ask for fixes, and in builds without the `fixes`
    /// feature (so their code is left out).
    pub fn fixer(&self, index: usize) -> Option<crate::edit::Source<'_>> {
        self.file_fixer(self.objects.get(index)?.file)
    }

    /// Where fixes for file `file` compute their edits (see
    /// [`Context::fixer`]).
    pub fn file_fixer(&self, file: usize) -> Option<crate::edit::Source<'_>> {
        if !cfg!(feature = "fixes") || !self.fixes {
            return None;
        }
        // Cheap: it borrows the line starts the parser found.
        let source = crate::edit::Source::of(self.files.get(file)?);
        #[cfg(feature = "fixes")]
        let source = source.keeping(&self.ends);
        Some(source)
    }

    /// Every object with a pod template.
    pub fn workloads(&self) -> impl Iterator<Item = Workload<'a>> {
        self.objects
            .iter()
            .enumerate()
            .filter_map(|(index, object)| {
                let pod = object.pod.as_ref()?;
                Some(Workload { index, object, pod })
            })
    }

    /// Every container of every workload.
    pub fn containers(&self) -> impl Iterator<Item = ContainerRef<'a>> {
        self.workloads().flat_map(Workload::containers)
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
    pub fn selected_by_service(&self, service: usize) -> impl Iterator<Item = Workload<'a>> + 'a {
        let objects = self.objects;
        self.index.backends(service).filter_map(move |index| {
            let object = &objects[index];
            let pod = object.pod.as_ref()?;
            Some(Workload { index, object, pod })
        })
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

/// What the settings tell the rules: the numbers some of them compare
/// against, the Kubernetes version they judge for, and whether a missing
/// object is evidence on its own.
#[derive(Debug, Clone, Copy)]
pub struct RuleSettings<'a> {
    pub thresholds: &'a Thresholds,
    /// The target Kubernetes minor version (`37` for 1.37).
    pub kubernetes_minor: u32,
    /// Report references to objects missing from the input even when the
    /// input holds no object of that kind.
    pub assume_complete_input: bool,
}

/// Numbers some rules compare against.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// `memory-request-ratio` fires below this share of the memory limit.
    pub memory_request_ratio: f64,
    /// `liveness-initial-delay-too-short` fires below this many seconds.
    pub liveness_min_initial_delay_seconds: i64,
    /// `suspicious-quantity` fires for cpu above this many cores.
    pub max_cpu_cores: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            memory_request_ratio: 0.5,
            liveness_min_initial_delay_seconds: 10,
            max_cpu_cores: 64.0,
        }
    }
}

/// An object with a pod template, as [`Context::workloads`] yields it.
#[derive(Clone, Copy)]
pub struct Workload<'a> {
    /// The object's place in [`Context::objects`].
    pub index: usize,
    pub object: &'a Object<'a>,
    pub pod: &'a PodTemplate<'a>,
}

impl<'a> Workload<'a> {
    /// A finding's place: `node` of this object, at `path`.
    pub fn at(&self, node: &Node, path: String) -> At<'a> {
        At::object(self.index, node, path)
    }

    /// Its containers (init, regular and ephemeral).
    pub fn containers(self) -> impl Iterator<Item = ContainerRef<'a>> {
        self.pod
            .containers
            .iter()
            .map(move |container| ContainerRef {
                index: self.index,
                object: self.object,
                pod: self.pod,
                container,
            })
    }
}

/// One container of one workload, as [`Context::containers`] yields it. It
/// reads as its container (`c.image()`, `c.name`); `at`, `at_path` and
/// `lacking` make the place of a finding about it.
#[derive(Clone, Copy)]
pub struct ContainerRef<'a> {
    /// The object's place in [`Context::objects`].
    pub index: usize,
    pub object: &'a Object<'a>,
    pub pod: &'a PodTemplate<'a>,
    pub container: &'a Container<'a>,
}

impl<'a> std::ops::Deref for ContainerRef<'a> {
    type Target = Container<'a>;

    fn deref(&self) -> &Container<'a> {
        self.container
    }
}

impl<'a> ContainerRef<'a> {
    /// `node` of this container, at its path followed by `rest`
    /// (`securityContext.privileged`).
    #[inline(never)]
    pub fn at(&self, node: &Node, rest: &str) -> At<'a> {
        self.at_path(node, self.container.join(rest))
    }

    /// `node` of this container, at `path` (from the document's root).
    pub fn at_path(&self, node: &Node, path: String) -> At<'a> {
        At::container(self.index, Some(self.container), node, path)
    }

    /// Where a finding about something the container lacks points: its
    /// `name:` key (or the container itself), the message led by its
    /// label ("container api " + message).
    #[inline(never)]
    pub fn lacking(&self) -> At<'a> {
        let path = self.container.path.clone();
        self.at_path(self.container.anchor(), path).labelled()
    }
}
