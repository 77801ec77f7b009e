//! Typed views over the spanned tree: objects, pod templates, containers.
//!
//! Every pod-bearing kind is normalised to one [`PodTemplate`] so rules about
//! containers are written once and work for Pods, Deployments, CronJobs…

pub mod crd;
pub mod index;
pub mod kustomization;
pub mod misplaced;
pub mod quantity;
pub mod shape;
pub mod suppression;

pub use crate::diagnostic::Qos;
use crate::diagnostic::Role as InputRole;
use crate::parse::{Node, SourceFile};
pub use quantity::{Format, Quantity, QuantityError};

/// A Kubernetes object found in the input (a document, or an item of a
/// `kind: List`).
#[derive(Debug, Clone)]
pub struct Object<'a> {
    pub file: usize,
    pub document: usize,
    pub node: &'a Node<'a>,
    /// Path of this object inside its document: empty, or `items[3]`.
    pub path: String,
    pub kind: Option<&'a str>,
    pub api_version: Option<&'a str>,
    pub name: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub pod: Option<PodTemplate<'a>>,
    /// Whether a `kubeshape.io/ignore` annotation (for the whole object or
    /// for a container) is on the object or on its pod template: most
    /// objects have none, and then no finding about them needs the
    /// annotations read again (see [`suppression::is_suppressed`]).
    pub ignores: bool,
    /// A whole object, or a part of one (a Kustomize patch), or a file of
    /// Kustomize's own.
    pub form: Form,
}

/// What an object of the input is: what Kubernetes gets, or what Kustomize
/// reads to make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// An object as it is applied.
    Whole,
    /// A strategic-merge patch: the fields it changes, nothing required.
    Patch,
    /// A JSON patch (RFC 6902): a list of operations.
    JsonPatch,
    /// A `kustomization.yaml`.
    Kustomization,
}

/// Workload kinds and where their pod spec lives.
const POD_SPEC_PATHS: &[(&str, &[&str])] = &[
    ("Pod", &["spec"]),
    ("Deployment", &["spec", "template"]),
    ("StatefulSet", &["spec", "template"]),
    ("DaemonSet", &["spec", "template"]),
    ("ReplicaSet", &["spec", "template"]),
    ("ReplicationController", &["spec", "template"]),
    ("Job", &["spec", "template"]),
    ("CronJob", &["spec", "jobTemplate", "spec", "template"]),
];

impl<'a> Object<'a> {
    fn new(file: usize, document: usize, node: &'a Node<'a>, path: String) -> Self {
        let meta = node.get("metadata");
        let field =
            |n: Option<&'a Node<'a>>, key| n.and_then(|m| m.get(key)).and_then(Node::as_str);
        let mut object = Object {
            file,
            document,
            node,
            path,
            kind: node.get("kind").and_then(Node::as_str),
            api_version: node.get("apiVersion").and_then(Node::as_str),
            name: field(meta, "name"),
            namespace: field(meta, "namespace"),
            pod: None,
            ignores: false,
            form: Form::Whole,
        };
        object.pod = PodTemplate::of(&object);
        let pod_meta = object.pod.as_ref().and_then(|p| p.metadata);
        object.ignores = [meta, pod_meta].into_iter().flatten().any(|m| {
            m.get("annotations")
                .and_then(Node::as_map)
                .is_some_and(|annotations| {
                    annotations.iter().any(|e| {
                        e.key
                            .as_str()
                            .is_some_and(|k| k.starts_with(suppression::IGNORE_ANNOTATION))
                    })
                })
        });
        object
    }

    /// A dotted path inside this object's document (`items[0].spec`).
    pub fn join(&self, rest: &str) -> String {
        join_path(&self.path, rest)
    }

    pub fn metadata(&self) -> Option<&'a Node<'a>> {
        self.node.get("metadata")
    }

    pub fn spec(&self) -> Option<&'a Node<'a>> {
        self.node.get("spec")
    }

    /// The API group, `""` for the core group.
    pub fn group(&self) -> &'a str {
        match self.api_version {
            Some(v) => v.rsplit_once('/').map_or("", |(g, _)| g),
            None => "",
        }
    }

    /// `Deployment web` or `Deployment (unnamed)`.
    pub fn describe(&self) -> String {
        format!(
            "{} {}",
            self.kind.unwrap_or("object"),
            self.name.unwrap_or("(unnamed)")
        )
    }

    /// True for kinds whose pods run to completion.
    pub fn is_batch(&self) -> bool {
        matches!(self.kind, Some("Job" | "CronJob"))
            || self.pod.as_ref().is_some_and(|p| {
                self.kind == Some("Pod")
                    && matches!(
                        p.spec.get("restartPolicy").and_then(Node::as_str),
                        Some("Never" | "OnFailure")
                    )
            })
    }

    /// The replica count as written, for kinds that have one.
    pub fn replicas(&self) -> Option<&'a Node<'a>> {
        self.spec().and_then(|s| s.get("replicas"))
    }
}

pub fn join_path(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) => crate::text::concat(&[prefix, ".", rest]),
    }
}

/// Where a container sits in its pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Regular,
    Init,
    /// An init container with `restartPolicy: Always`: runs for the pod's
    /// whole life, like a regular container.
    Sidecar,
    Ephemeral,
}

impl Role {
    /// Runs alongside the app for the pod's lifetime (probes apply).
    pub fn is_long_running(self) -> bool {
        matches!(self, Role::Regular | Role::Sidecar)
    }

    /// Counts for scheduling and QoS (ephemeral containers have no resources).
    pub fn has_resources(self) -> bool {
        !matches!(self, Role::Ephemeral)
    }
}

#[derive(Debug, Clone)]
pub struct Container<'a> {
    pub node: &'a Node<'a>,
    pub role: Role,
    pub name: Option<&'a str>,
    /// Path from the document root, e.g. `spec.template.spec.containers[0]`.
    pub path: String,
}

impl<'a> Container<'a> {
    /// Where a finding about something this container lacks should point:
    /// its `name:` key, or the container itself.
    pub fn anchor(&self) -> &'a Node<'a> {
        self.node.entry("name").map_or(self.node, |e| &e.key)
    }

    pub fn join(&self, rest: &str) -> String {
        join_path(&self.path, rest)
    }

    /// `container api`, `init container migrate`… followed by `rest`
    /// (`container api has no …`), in both languages; each string is made
    /// in one piece.
    pub fn label_with(&self, rest: &crate::diagnostic::Text) -> crate::diagnostic::Text {
        let (en, zh) = match self.role {
            Role::Regular => ("container", "容器"),
            Role::Init => ("init container", "初始化容器"),
            Role::Sidecar => ("sidecar container", "边车容器"),
            Role::Ephemeral => ("ephemeral container", "临时容器"),
        };
        let join = |role: &str, unnamed: &str, rest: &str| {
            crate::text::concat(&[role, " ", self.name.unwrap_or(unnamed), " ", rest])
        };
        crate::diagnostic::Text::new(
            join(en, "(unnamed)", &rest.en),
            join(zh, "(未命名)", &rest.zh),
        )
    }

    pub fn resources(&self, bucket: &str) -> Option<&'a Node<'a>> {
        self.node.path(&["resources", bucket])
    }

    /// `resources.<bucket>.<resource>`, e.g. (`limits`, `memory`).
    pub fn resource(&self, bucket: &str, resource: &str) -> Option<&'a Node<'a>> {
        self.resources(bucket).and_then(|b| b.get(resource))
    }

    pub fn quantity(&self, bucket: &str, resource: &str) -> Option<Quantity> {
        self.resource(bucket, resource).and_then(quantity_of)
    }

    pub fn security(&self, key: &str) -> Option<&'a Node<'a>> {
        self.node.path(&["securityContext", key])
    }

    pub fn env(&self) -> &'a [Node<'a>] {
        self.node.items("env")
    }

    pub fn env_var(&self, name: &str) -> Option<&'a Node<'a>> {
        self.env()
            .iter()
            .find(|e| e.get("name").and_then(Node::as_str) == Some(name))
    }

    pub fn image(&self) -> Option<&'a Node<'a>> {
        self.node.get("image")
    }

    /// Declared `containerPort`s, with their names.
    pub fn ports(&self) -> impl Iterator<Item = (Option<i64>, Option<&'a str>)> + 'a {
        self.node.items("ports").iter().map(|p| {
            (
                p.get("containerPort").and_then(Node::as_i64),
                p.get("name").and_then(Node::as_str),
            )
        })
    }
}

/// Reads a quantity from a YAML value (`512Mi`, `"0.5"`, or a bare number).
pub fn quantity_of(node: &Node) -> Option<Quantity> {
    node.as_str().and_then(|t| Quantity::parse(t).ok())
}

/// The pod spec of a workload, normalised.
#[derive(Debug, Clone)]
pub struct PodTemplate<'a> {
    /// The pod spec mapping (`containers`, `volumes`, …).
    pub spec: &'a Node<'a>,
    /// The template's `metadata` (labels, annotations), or the Pod's own.
    pub metadata: Option<&'a Node<'a>>,
    /// Path of the pod spec from the document root.
    pub path: String,
    pub containers: Vec<Container<'a>>,
    /// The pod's QoS class, worked out once (the report's list of objects
    /// and a rule both ask for it, and each asking parses every quantity).
    qos: Qos,
}

impl<'a> PodTemplate<'a> {
    fn of(object: &Object<'a>) -> Option<Self> {
        let kind = object.kind?;
        let (_, keys) = POD_SPEC_PATHS.iter().find(|(k, _)| *k == kind)?;
        let template = object.node.path(keys)?;
        let (spec, metadata) = if kind == "Pod" {
            (template, object.metadata())
        } else {
            (template.get("spec")?, template.get("metadata"))
        };
        spec.as_map()?;
        let mut path = object.join(&keys.join("."));
        if kind != "Pod" {
            path = join_path(&path, "spec");
        }
        let lists = [
            ("initContainers", Role::Init),
            ("containers", Role::Regular),
            ("ephemeralContainers", Role::Ephemeral),
        ];
        // Room for exactly the containers there are (mostly one), where
        // inputs may be large.
        let mut containers = Vec::with_capacity(if crate::LARGE_INPUTS {
            lists.iter().map(|(key, _)| spec.items(key).len()).sum()
        } else {
            0
        });
        for (key, default_role) in lists {
            for (i, node) in spec.items(key).iter().enumerate() {
                if node.as_map().is_none() {
                    continue;
                }
                let sidecar = default_role == Role::Init
                    && node.get("restartPolicy").and_then(Node::as_str) == Some("Always");
                containers.push(Container {
                    node,
                    role: if sidecar { Role::Sidecar } else { default_role },
                    name: node.get("name").and_then(Node::as_str),
                    path: if crate::LARGE_INPUTS {
                        crate::text::indexed(&[&path, ".", key], i)
                    } else {
                        // (The element: the formatting code it has anyway.)
                        format!("{path}.{key}[{i}]")
                    },
                });
            }
        }
        let qos = qos_of(&containers);
        Some(PodTemplate {
            spec,
            metadata,
            path,
            containers,
            qos,
        })
    }

    pub fn join(&self, rest: &str) -> String {
        join_path(&self.path, rest)
    }

    /// A container setting, falling back to the pod-level `securityContext`
    /// for fields that exist at both levels (`runAsUser`, `runAsNonRoot`,
    /// `seccompProfile`…): Kubernetes applies the container's value first.
    pub fn effective_security(&self, container: &Container<'a>, key: &str) -> Option<&'a Node<'a>> {
        container
            .security(key)
            .or_else(|| self.spec.path(&["securityContext", key]))
    }

    pub fn labels(&self) -> Option<&'a Node<'a>> {
        self.metadata.and_then(|m| m.get("labels"))
    }

    /// The QoS class Kubernetes will give this pod.
    pub fn qos(&self) -> Qos {
        self.qos
    }
}

/// The QoS class Kubernetes gives a pod with these containers.
fn qos_of(containers: &[Container<'_>]) -> Qos {
    let counted: Vec<&Container> = containers
        .iter()
        .filter(|c| c.role.has_resources())
        .collect();
    let mut any = false;
    let mut guaranteed = !counted.is_empty();
    for c in &counted {
        for resource in ["cpu", "memory"] {
            let request = c.quantity("requests", resource);
            let limit = c.quantity("limits", resource);
            any |= request.as_ref().is_some_and(|q| !q.is_zero())
                || limit.as_ref().is_some_and(|q| !q.is_zero());
            match (request, limit) {
                (_, None) => guaranteed = false,
                (Some(r), Some(l)) if r != l => guaranteed = false,
                _ => {}
            }
        }
    }
    if !any {
        Qos::BestEffort
    } else if guaranteed {
        Qos::Guaranteed
    } else {
        Qos::Burstable
    }
}

/// All objects of the input, in file and document order.
pub fn objects<'a>(files: &'a [SourceFile<'_>]) -> Vec<Object<'a>> {
    objects_with(files, &[])
}

/// The objects of `files`, each file read as its role says (`roles[i]` for
/// file `i`; a manifest where there is none): patches and kustomizations
/// are objects of their [`Form`]; files read only for their
/// CustomResourceDefinitions, and skipped ones, give none.
pub fn objects_with<'a>(files: &'a [SourceFile<'_>], roles: &[InputRole]) -> Vec<Object<'a>> {
    // One object a document, but for lists: grown by doubling, a large
    // input's objects (200 bytes each) would be copied over and over.
    let mut out = Vec::with_capacity(files.iter().map(|f| f.documents.len()).sum());
    for (f, file) in files.iter().enumerate() {
        let form = match roles.get(f).copied().unwrap_or_default() {
            InputRole::Manifest | InputRole::Found => Form::Whole,
            InputRole::Patch => Form::Patch,
            InputRole::Kustomization => Form::Kustomization,
            InputRole::Crds | InputRole::Origin | InputRole::Skipped(_) => continue,
        };
        for doc in &file.documents {
            let Some(root) = &doc.root else { continue };
            if form == Form::Patch && root.as_seq().is_some() {
                let mut object = Object::new(f, doc.index, root, String::new());
                object.form = Form::JsonPatch;
                object.pod = None;
                out.push(object);
                continue;
            }
            if root.as_map().is_none() {
                continue;
            }
            if form != Form::Whole {
                let mut object = Object::new(f, doc.index, root, String::new());
                object.form = form;
                out.push(object);
                continue;
            }
            let is_list = root
                .get("kind")
                .and_then(Node::as_str)
                .is_some_and(|k| k == "List" || k.ends_with("List"))
                && root.get("items").and_then(Node::as_seq).is_some();
            if is_list {
                for (i, item) in root.items("items").iter().enumerate() {
                    if item.as_map().is_some() {
                        out.push(Object::new(f, doc.index, item, format!("items[{i}]")));
                    }
                }
            } else {
                out.push(Object::new(f, doc.index, root, String::new()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Limits};

    fn file(text: &str) -> SourceFile<'_> {
        SourceFile::new("t.yaml", text, parse(text, &Limits::default())).0
    }

    #[test]
    fn cronjob_and_list_items_become_pod_templates() {
        let f = file(
            "kind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: s, restartPolicy: Always}]\n          containers: [{name: a}]\n---\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: p}\n  spec: {containers: [{name: b}]}\n",
        );
        let files = [f];
        let objs = objects(&files);
        assert_eq!(objs.len(), 2);
        let cron = objs[0].pod.as_ref().unwrap();
        assert_eq!(cron.path, "spec.jobTemplate.spec.template.spec");
        assert_eq!(cron.containers[0].role, Role::Sidecar);
        assert_eq!(
            cron.containers[1].path,
            "spec.jobTemplate.spec.template.spec.containers[0]"
        );
        let pod = objs[1].pod.as_ref().unwrap();
        assert_eq!(objs[1].name, Some("p"));
        assert_eq!(pod.containers[0].path, "items[0].spec.containers[0]");
    }

    #[test]
    fn qos_classes() {
        let qos = |res: &str| {
            let text =
                format!("kind: Pod\nspec:\n  containers:\n  - name: a\n    resources: {res}\n");
            let files = [file(&text)];
            let objs = objects(&files);
            objs[0].pod.as_ref().unwrap().qos()
        };
        assert_eq!(qos("{}"), Qos::BestEffort);
        assert_eq!(qos("{limits: {cpu: 1, memory: 1Gi}}"), Qos::Guaranteed);
        assert_eq!(
            qos("{requests: {cpu: 1000m, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}"),
            Qos::Guaranteed
        );
        assert_eq!(
            qos("{requests: {cpu: 500m}, limits: {cpu: 1, memory: 1Gi}}"),
            Qos::Burstable
        );
        assert_eq!(qos("{requests: {memory: 1Gi}}"), Qos::Burstable);
    }

    #[test]
    fn pod_security_context_is_inherited() {
        let f = file("kind: Pod\nspec:\n  securityContext: {runAsUser: 1000}\n  containers:\n  - name: a\n  - name: b\n    securityContext: {runAsUser: 0}\n");
        let files = [f];
        let objs = objects(&files);
        let pod = objs[0].pod.as_ref().unwrap();
        let user = |i: usize| {
            pod.effective_security(&pod.containers[i], "runAsUser")
                .and_then(Node::as_i64)
        };
        assert_eq!(user(0), Some(1000));
        assert_eq!(user(1), Some(0));
    }
}

/// The parts of a container image reference (`host/repo:tag@digest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// The registry host, when the first path part names one.
    pub host: Option<&'a str>,
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    pub fn parse(image: &'a str) -> ImageRef<'a> {
        let (name, digest) = match image.split_once('@') {
            Some((n, d)) => (n, Some(d)),
            None => (image, None),
        };
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match name[last_slash..].rfind(':') {
            Some(i) => (&name[..last_slash + i], Some(&name[last_slash + i + 1..])),
            None => (name, None),
        };
        let host = repository
            .split_once('/')
            .map(|(first, _)| first)
            .filter(|first| first.contains('.') || first.contains(':') || *first == "localhost");
        ImageRef {
            host,
            repository,
            tag,
            digest,
        }
    }

    /// No tag, or `latest`, and no digest: the image can change under you.
    pub fn is_floating(&self) -> bool {
        self.digest.is_none() && matches!(self.tag, None | Some("latest"))
    }
}

#[cfg(test)]
mod image_tests {
    use super::ImageRef;

    #[test]
    fn image_references() {
        let r = ImageRef::parse("registry.example.com:5000/team/app:v1.2@sha256:abc");
        assert_eq!(r.host, Some("registry.example.com:5000"));
        assert_eq!(r.tag, Some("v1.2"));
        assert_eq!(r.digest, Some("sha256:abc"));
        let r = ImageRef::parse("localhost:5000/app");
        assert_eq!((r.host, r.tag), (Some("localhost:5000"), None));
        assert!(ImageRef::parse("nginx").is_floating());
        assert!(ImageRef::parse("library/nginx:latest").is_floating());
        assert!(!ImageRef::parse("nginx@sha256:abc").is_floating());
        assert_eq!(ImageRef::parse("nginx:1.25").host, None);
    }
}
