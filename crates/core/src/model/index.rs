//! How objects point at each other: an index of the input by kind,
//! namespace and name; label selectors with Kubernetes' semantics; the
//! ConfigMap and Secret references of pod templates; autoscalers.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use crate::parse::Node;
use crate::text::hash::NameHash;

use super::{Container, Object, PodTemplate};

/// What the index keeps by name: kinds, object names, label values and
/// autoscaler targets, each to the indices of what carries it. One map type
/// for all of them (the browser build has a size budget).
pub type Names<'a> = HashMap<&'a str, Vec<usize>, NameHash>;

/// Whether two objects can see each other. An object without a namespace
/// is applied into whatever namespace `kubectl -n` names, so it matches any
/// namespace; two different explicit namespaces never match.
pub fn same_namespace(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Objects by kind, in input order, and what rules ask of them again and
/// again (references, autoscalers), computed once per lint.
#[derive(Debug)]
pub struct Index<'a> {
    objects: &'a [Object<'a>],
    by_kind: Names<'a>,
    references: OnceCell<Vec<Vec<Reference<'a>>>>,
    autoscalers: OnceCell<Vec<(usize, Autoscaler<'a>)>>,
    fronted_by: OnceCell<Vec<Option<usize>>>,
    autoscaled: OnceCell<Names<'a>>,
    labelled: OnceCell<Labelled<'a>>,
    named: OnceCell<Names<'a>>,
    by_pdb: OnceCell<Vec<bool>>,
    by_network_policy: OnceCell<Vec<bool>>,
    /// [`Index::visible_names`] already listed: kind, namespace, names.
    visible_names: RefCell<Vec<VisibleNames<'a>>>,
}

type VisibleNames<'a> = (&'a str, Option<String>, Vec<&'a str>);

/// Pod templates by the values of their labels: a selector's candidates
/// are the templates carrying the rarest of its `key: value` pairs.
#[derive(Debug)]
struct Labelled<'a> {
    workloads: Vec<usize>,
    carrying: Names<'a>,
}

impl Labelled<'_> {
    /// The templates that may match `selector` (all of them when it has no
    /// `key: value` requirement); callers still check with `matches`.
    fn candidates(&self, selector: &Selector<'_>) -> &[usize] {
        selector
            .requirements
            .iter()
            .filter_map(|r| match r {
                Requirement::Equals(_, v) => {
                    Some(self.carrying.get(*v).map_or(&[][..], Vec::as_slice))
                }
                _ => None,
            })
            .min_by_key(|list| list.len())
            .unwrap_or(&self.workloads)
    }
}

impl<'a> Index<'a> {
    pub fn new(objects: &'a [Object<'a>]) -> Self {
        let mut by_kind: Names<'a> = Names::default();
        for (i, o) in objects.iter().enumerate() {
            if let Some(kind) = o.kind {
                by_kind.entry(kind).or_default().push(i);
            }
        }
        Index {
            objects,
            by_kind,
            references: OnceCell::new(),
            autoscalers: OnceCell::new(),
            fronted_by: OnceCell::new(),
            autoscaled: OnceCell::new(),
            labelled: OnceCell::new(),
            named: OnceCell::new(),
            by_pdb: OnceCell::new(),
            by_network_policy: OnceCell::new(),
            visible_names: RefCell::new(Vec::new()),
        }
    }

    /// The names of the objects of `kind` an object in `namespace` can see
    /// (see [`same_namespace`]), each once, in input order. Listed once per
    /// kind and namespace: every reference to a missing object names them,
    /// and a large input may hold thousands of both.
    pub fn visible_names(&self, kind: &str, namespace: Option<&str>) -> Vec<&'a str> {
        let Some((&kind, indices)) = self.by_kind.get_key_value(kind) else {
            return Vec::new();
        };
        let mut lists = self.visible_names.borrow_mut();
        if let Some((_, _, names)) = lists
            .iter()
            .find(|(k, ns, _)| *k == kind && ns.as_deref() == namespace)
        {
            return names.clone();
        }
        // Names already listed, as the index's other maps hold names (one
        // kind of map fewer in the size-budgeted browser build).
        let mut seen: Names<'a> = Names::default();
        let mut names: Vec<&'a str> = Vec::new();
        for &i in indices {
            let o = &self.objects[i];
            let Some(name) = o.name.filter(|_| same_namespace(namespace, o.namespace)) else {
                continue;
            };
            let first = seen.entry(name).or_default();
            if first.is_empty() {
                first.push(i);
                names.push(name);
            }
        }
        lists.push((kind, namespace.map(str::to_owned), names.clone()));
        names
    }

    /// Indices of the objects named `name`, of any kind.
    pub fn named(&self, name: &str) -> &[usize] {
        let all = self.named.get_or_init(|| {
            let mut named: Names<'a> = Names::default();
            for (i, o) in self.objects.iter().enumerate() {
                if let Some(n) = o.name {
                    named.entry(n).or_default().push(i);
                }
            }
            named
        });
        all.get(name).map_or(&[], Vec::as_slice)
    }

    /// For PodDisruptionBudgets (`spec.selector`) and NetworkPolicies
    /// (`spec.podSelector`): whether each object's pod template is selected
    /// by at least one of them in its namespace, computed once through the
    /// label index. `None` for other kinds.
    pub fn covered_by(&self, kind: &str) -> Option<&[bool]> {
        let (cell, field) = match kind {
            "PodDisruptionBudget" => (&self.by_pdb, "selector"),
            "NetworkPolicy" => (&self.by_network_policy, "podSelector"),
            _ => return None,
        };
        Some(cell.get_or_init(|| self.cover(kind, field)))
    }

    fn cover(&self, kind: &str, field: &str) -> Vec<bool> {
        let objects = self.objects;
        let labelled = self.labelled();
        let mut covered = vec![false; objects.len()];
        for &s in self.of_kind(kind) {
            let policy = &objects[s];
            let Some(node) = policy.spec().and_then(|spec| spec.get(field)) else {
                continue;
            };
            let selector = Selector::label_selector(node);
            for &i in labelled.candidates(&selector) {
                let o = &objects[i];
                if !covered[i]
                    && same_namespace(policy.namespace, o.namespace)
                    && selector.matches(o.pod.as_ref().and_then(|p| p.labels()))
                {
                    covered[i] = true;
                }
            }
        }
        covered
    }

    /// The pod templates of the input by label value, built once.
    fn labelled(&self) -> &Labelled<'a> {
        self.labelled.get_or_init(|| {
            let objects = self.objects;
            let workloads: Vec<usize> = (0..objects.len())
                .filter(|&i| objects[i].pod.is_some())
                .collect();
            // Keyed by the label's value alone (the same map type as
            // `by_kind`, which keeps the browser builds small); callers
            // check the key with `Selector::matches`.
            let mut carrying: Names<'a> = Names::default();
            for &i in &workloads {
                let labels = objects[i].pod.as_ref().and_then(|p| p.labels());
                for entry in labels.and_then(Node::as_map).unwrap_or_default() {
                    if let Some(v) = entry.value.as_str() {
                        let list = carrying.entry(v).or_default();
                        // Two labels with the same value: listed once.
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
            }
            Labelled {
                workloads,
                carrying,
            }
        })
    }

    /// The workloads (objects with a pod template) Service `service`
    /// selects, in input order; none for a Service without a selector and
    /// for anything that is not a Service. Found through an index from each
    /// label value to the pod templates carrying it, and lazily: a rule that
    /// only asks whether a Service selects anything stops at the first.
    /// (Listing every match for every Service costs Services × matches,
    /// which grows with the square of a bundle where many Services select
    /// the same labels.)
    pub fn backends(&self, service: usize) -> impl Iterator<Item = usize> + use<'_, 'a> {
        let objects = self.objects;
        let service = objects.get(service).filter(|o| o.kind == Some("Service"));
        let selector = service.map(service_selector).unwrap_or_default();
        let candidates: &[usize] = match service {
            Some(_) if !selector.is_empty() => self.labelled().candidates(&selector),
            _ => &[],
        };
        candidates
            .iter()
            .copied()
            .filter(move |&i| service.is_some_and(|s| sends_to(s, &selector, &objects[i])))
    }

    /// The first Service (in input order) that selects each object's pod
    /// template, computed once: one pass over the Services, and a workload
    /// already claimed is not matched again.
    pub fn fronted_by(&self, index: usize) -> Option<usize> {
        let all = self.fronted_by.get_or_init(|| {
            let objects = self.objects;
            let mut first = vec![None; objects.len()];
            for &s in self.of_kind("Service") {
                let service = &objects[s];
                let selector = service_selector(service);
                if selector.is_empty() {
                    continue;
                }
                for &i in self.labelled().candidates(&selector) {
                    if first[i].is_none() && sends_to(service, &selector, &objects[i]) {
                        first[i] = Some(s);
                    }
                }
            }
            first
        });
        all.get(index).copied().flatten()
    }

    /// Indices of the objects of `kind`.
    pub fn of_kind(&self, kind: &str) -> &[usize] {
        self.by_kind.get(kind).map_or(&[], Vec::as_slice)
    }

    /// The ConfigMap and Secret references of object `index`'s pod template.
    pub fn references(&self, index: usize) -> &[Reference<'a>] {
        let all = self.references.get_or_init(|| {
            self.objects
                .iter()
                .map(|o| o.pod.as_ref().map(references).unwrap_or_default())
                .collect()
        });
        all.get(index).map_or(&[], Vec::as_slice)
    }

    /// Every HorizontalPodAutoscaler of the input, with its object index.
    pub fn autoscalers(&self) -> &[(usize, Autoscaler<'a>)] {
        self.autoscalers.get_or_init(|| {
            self.of_kind("HorizontalPodAutoscaler")
                .iter()
                .filter_map(|&i| Autoscaler::of(&self.objects[i]).map(|a| (i, a)))
                .collect()
        })
    }

    /// The autoscalers whose target is named `name` (positions in
    /// [`Index::autoscalers`]); callers still check the kind and namespace
    /// with [`Autoscaler::targets`].
    pub fn autoscalers_named(&self, name: &str) -> impl Iterator<Item = &(usize, Autoscaler<'a>)> {
        let all = self.autoscalers();
        let by_name = self.autoscaled.get_or_init(|| {
            let mut by_name: Names<'a> = Names::default();
            for (at, (_, a)) in all.iter().enumerate() {
                if let Some(target) = a.target_name.and_then(Node::as_str) {
                    by_name.entry(target).or_default().push(at);
                }
            }
            by_name
        });
        by_name
            .get(name)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(move |&at| &all[at])
    }
}

/// A Service's `spec.selector` (empty when it has none).
/// A Service's `spec.selector`.
pub fn service_selector<'a>(service: &Object<'a>) -> Selector<'a> {
    Selector::map(service.spec().and_then(|spec| spec.get("selector")))
}

/// Whether `service`, whose selector is `selector`, sends traffic to the
/// pods of `object`: same namespace, and the selector matches their labels.
fn sends_to(service: &Object<'_>, selector: &Selector<'_>, object: &Object<'_>) -> bool {
    same_namespace(service.namespace, object.namespace)
        && selector.matches(object.pod.as_ref().and_then(|p| p.labels()))
}

/// One requirement of a label selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement<'a> {
    Equals(&'a str, &'a str),
    In(&'a str, Vec<&'a str>),
    NotIn(&'a str, Vec<&'a str>),
    Exists(&'a str),
    DoesNotExist(&'a str),
    /// An operator Kubernetes does not know: selects nothing (the API
    /// server rejects the object anyway).
    Invalid,
}

/// A label selector: all requirements must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector<'a> {
    pub requirements: Vec<Requirement<'a>>,
}

impl<'a> Selector<'a> {
    /// A `LabelSelector` (`matchLabels` and `matchExpressions`).
    pub fn label_selector(node: &'a Node<'a>) -> Self {
        let mut s = Selector::map(node.get("matchLabels"));
        for expr in node.items("matchExpressions") {
            let key = expr.get("key").and_then(Node::as_str).unwrap_or("");
            let values = || {
                expr.items("values")
                    .iter()
                    .filter_map(Node::as_str)
                    .collect()
            };
            s.requirements
                .push(match expr.get("operator").and_then(Node::as_str) {
                    Some("In") => Requirement::In(key, values()),
                    Some("NotIn") => Requirement::NotIn(key, values()),
                    Some("Exists") => Requirement::Exists(key),
                    Some("DoesNotExist") => Requirement::DoesNotExist(key),
                    _ => Requirement::Invalid,
                });
        }
        s
    }

    /// A plain `key: value` selector (Services, ReplicationControllers).
    pub fn map(node: Option<&'a Node<'a>>) -> Self {
        let requirements = node
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| Some(Requirement::Equals(e.key.as_str()?, e.value.as_str()?)))
            .collect();
        Selector { requirements }
    }

    /// An empty selector: everything for a LabelSelector (NetworkPolicy
    /// `podSelector: {}`, PodDisruptionBudget); for a Service, no selection
    /// at all (its endpoints are managed by hand).
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    pub fn matches(&self, labels: Option<&Node>) -> bool {
        let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Node::as_str);
        self.requirements.iter().all(|r| match r {
            Requirement::Equals(k, v) => label(k) == Some(v),
            Requirement::In(k, vs) => label(k).is_some_and(|l| vs.contains(&l)),
            Requirement::NotIn(k, vs) => !label(k).is_some_and(|l| vs.contains(&l)),
            Requirement::Exists(k) => label(k).is_some(),
            Requirement::DoesNotExist(k) => label(k).is_none(),
            Requirement::Invalid => false,
        })
    }

    /// `app=web, tier in (a, b)` — for messages.
    pub fn describe(&self) -> String {
        self.requirements
            .iter()
            .map(|r| match r {
                Requirement::Equals(k, v) => format!("{k}={v}"),
                Requirement::In(k, vs) => format!("{k} in ({})", vs.join(", ")),
                Requirement::NotIn(k, vs) => format!("{k} notin ({})", vs.join(", ")),
                Requirement::Exists(k) => (*k).to_owned(),
                Requirement::DoesNotExist(k) => format!("!{k}"),
                Requirement::Invalid => "(invalid)".to_owned(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `app=web, tier=api` for a labels map.
pub fn describe_labels(labels: Option<&Node>) -> String {
    let pairs: Vec<String> = labels
        .and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| {
            Some(format!(
                "{}={}",
                e.key.as_str()?,
                e.value.as_str().unwrap_or("")
            ))
        })
        .collect();
    if pairs.is_empty() {
        "no labels".to_owned()
    } else {
        pairs.join(", ")
    }
}

/// The keys of a ConfigMap or Secret (`data`, `stringData`, `binaryData`),
/// with their key nodes.
pub fn data_keys<'a>(object: &Object<'a>) -> Vec<(&'a str, &'a Node<'a>)> {
    ["data", "stringData", "binaryData"]
        .iter()
        .filter_map(|f| object.node.get(f).and_then(Node::as_map))
        .flatten()
        .filter_map(|e| Some((e.key.as_str()?, &e.key)))
        .collect()
}

/// A reference from a pod template to a ConfigMap or Secret.
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    /// `ConfigMap` or `Secret`.
    pub kind: &'static str,
    /// The node holding the referenced object's name.
    pub name: &'a Node<'a>,
    /// The node holding a key inside it, for key references, and its path.
    pub key: Option<(&'a Node<'a>, String)>,
    pub optional: bool,
    /// Dotted path of the name node.
    pub path: String,
    /// The container that uses it (none for volumes and imagePullSecrets).
    pub container: Option<&'a Container<'a>>,
    /// How it is used, for messages: `env`, `envFrom`, `volume`, `imagePullSecrets`.
    pub via: &'static str,
}

fn optional(node: &Node) -> bool {
    node.get("optional").and_then(Node::as_bool) == Some(true)
}

/// Every ConfigMap and Secret reference of a pod template, in input order.
pub fn references<'a>(pod: &'a PodTemplate<'a>) -> Vec<Reference<'a>> {
    let mut out = Vec::new();
    for c in &pod.containers {
        for (i, env) in c.env().iter().enumerate() {
            for (field, kind) in [("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")] {
                let Some(r) = env.path(&["valueFrom", field]) else {
                    continue;
                };
                let Some(name) = r.get("name") else { continue };
                out.push(Reference {
                    kind,
                    name,
                    key: r
                        .get("key")
                        .map(|k| (k, c.join(&format!("env[{i}].valueFrom.{field}.key")))),
                    optional: optional(r),
                    path: c.join(&format!("env[{i}].valueFrom.{field}.name")),
                    container: Some(c),
                    via: "env",
                });
            }
        }
        for (i, from) in c.node.items("envFrom").iter().enumerate() {
            for (field, kind) in [("configMapRef", "ConfigMap"), ("secretRef", "Secret")] {
                let Some(r) = from.get(field) else { continue };
                let Some(name) = r.get("name") else { continue };
                out.push(Reference {
                    kind,
                    name,
                    key: None,
                    optional: optional(r),
                    path: c.join(&format!("envFrom[{i}].{field}.name")),
                    container: Some(c),
                    via: "envFrom",
                });
            }
        }
    }
    let mut volume = |source: &'a Node<'a>, kind: &'static str, name_field: &str, path: String| {
        let Some(name) = source.get(name_field) else {
            return;
        };
        let is_optional = optional(source);
        let items = source.items("items");
        if items.is_empty() {
            out.push(Reference {
                kind,
                name,
                key: None,
                optional: is_optional,
                path: format!("{path}.{name_field}"),
                container: None,
                via: "volume",
            });
        }
        for (j, item) in items.iter().enumerate() {
            let key = item
                .get("key")
                .map(|k| (k, format!("{path}.items[{j}].key")));
            out.push(Reference {
                kind,
                name,
                key,
                optional: is_optional,
                path: format!("{path}.{name_field}"),
                container: None,
                via: "volume",
            });
        }
    };
    for (i, v) in pod.spec.items("volumes").iter().enumerate() {
        let base = pod.join(&format!("volumes[{i}]"));
        if let Some(s) = v.get("configMap") {
            volume(s, "ConfigMap", "name", format!("{base}.configMap"));
        }
        if let Some(s) = v.get("secret") {
            volume(s, "Secret", "secretName", format!("{base}.secret"));
        }
        for (j, source) in v
            .path(&["projected", "sources"])
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let at = format!("{base}.projected.sources[{j}]");
            if let Some(s) = source.get("configMap") {
                volume(s, "ConfigMap", "name", format!("{at}.configMap"));
            }
            if let Some(s) = source.get("secret") {
                volume(s, "Secret", "name", format!("{at}.secret"));
            }
        }
    }
    for (i, s) in pod.spec.items("imagePullSecrets").iter().enumerate() {
        if let Some(name) = s.get("name") {
            out.push(Reference {
                kind: "Secret",
                name,
                key: None,
                optional: false,
                path: pod.join(&format!("imagePullSecrets[{i}].name")),
                container: None,
                via: "imagePullSecrets",
            });
        }
    }
    out
}

/// A resource metric of an autoscaler that is a utilization percentage.
#[derive(Debug, Clone)]
pub struct UtilizationMetric<'a> {
    /// `cpu` or `memory`.
    pub resource: &'a str,
    /// Where it is written (the metric, or `targetCPUUtilizationPercentage`).
    pub node: &'a Node<'a>,
    pub path: String,
}

/// A HorizontalPodAutoscaler of any version.
#[derive(Debug, Clone)]
pub struct Autoscaler<'a> {
    /// The autoscaler's own namespace.
    pub namespace: Option<&'a str>,
    pub target_kind: Option<&'a str>,
    pub target_name: Option<&'a Node<'a>>,
    pub min: Option<&'a Node<'a>>,
    pub max: Option<&'a Node<'a>>,
    pub utilization: Vec<UtilizationMetric<'a>>,
}

impl<'a> Autoscaler<'a> {
    pub fn of(object: &Object<'a>) -> Option<Self> {
        if object.kind != Some("HorizontalPodAutoscaler") {
            return None;
        }
        let spec = object.spec()?;
        let target = spec.get("scaleTargetRef");
        let mut utilization = Vec::new();
        // autoscaling/v1
        if let Some(node) = spec.get("targetCPUUtilizationPercentage") {
            utilization.push(UtilizationMetric {
                resource: "cpu",
                node,
                path: object.join("spec.targetCPUUtilizationPercentage"),
            });
        }
        // autoscaling/v2 (target.type: Utilization) and v2beta1 (targetAverageUtilization)
        for (i, m) in spec.items("metrics").iter().enumerate() {
            if m.get("type").and_then(Node::as_str) != Some("Resource") {
                continue;
            }
            let Some(resource) = m.get("resource") else {
                continue;
            };
            let Some(name) = resource.get("name").and_then(Node::as_str) else {
                continue;
            };
            let v2 =
                resource.path(&["target", "type"]).and_then(Node::as_str) == Some("Utilization");
            let v2beta1 = resource.get("targetAverageUtilization").is_some();
            if (v2 || v2beta1) && matches!(name, "cpu" | "memory") {
                utilization.push(UtilizationMetric {
                    resource: name,
                    node: resource.get("name").unwrap_or(m),
                    path: object.join(&format!("spec.metrics[{i}].resource.name")),
                });
            }
        }
        Some(Autoscaler {
            namespace: object.namespace,
            target_kind: target.and_then(|t| t.get("kind")).and_then(Node::as_str),
            target_name: target.and_then(|t| t.get("name")),
            min: spec.get("minReplicas"),
            max: spec.get("maxReplicas"),
            utilization,
        })
    }

    /// Whether this autoscaler scales `object` (same kind, name, namespace).
    pub fn targets(&self, object: &Object<'_>) -> bool {
        self.target_kind.is_some()
            && self.target_kind == object.kind
            && self.target_name.and_then(Node::as_str).is_some()
            && self.target_name.and_then(Node::as_str) == object.name
            && same_namespace(self.namespace, object.namespace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Limits};

    fn node(text: &str) -> Node<'_> {
        parse(text, &Limits::default())
            .documents
            .remove(0)
            .root
            .unwrap()
    }

    #[test]
    fn selectors_follow_kubernetes() {
        let labels = node("app: web\ntier: api\n");
        let sel = node("matchLabels: {app: web}\nmatchExpressions:\n- {key: tier, operator: In, values: [api, web]}\n- {key: canary, operator: DoesNotExist}\n");
        assert!(Selector::label_selector(&sel).matches(Some(&labels)));
        let not_in = node("matchExpressions: [{key: tier, operator: NotIn, values: [api]}]");
        assert!(!Selector::label_selector(&not_in).matches(Some(&labels)));
        let exists = node("matchExpressions: [{key: app, operator: Exists}]");
        assert!(Selector::label_selector(&exists).matches(Some(&labels)));
        let bogus = node("matchExpressions: [{key: app, operator: Equals, values: [web]}]");
        assert!(!Selector::label_selector(&bogus).matches(Some(&labels)));
        // An empty LabelSelector selects everything, even a pod without labels.
        let empty = node("{}");
        assert!(Selector::label_selector(&empty).is_empty());
        assert!(Selector::label_selector(&empty).matches(None));
        assert_eq!(
            Selector::label_selector(&sel).describe(),
            "app=web, tier in (api, web), !canary"
        );
    }

    #[test]
    fn namespaces() {
        assert!(same_namespace(None, Some("prod")));
        assert!(same_namespace(Some("prod"), Some("prod")));
        assert!(!same_namespace(Some("prod"), Some("dev")));
    }
}
