//! How objects point at each other: an index of the input by kind,
//! namespace and name; label selectors with Kubernetes' semantics; the
//! ConfigMap and Secret references of pod templates; autoscalers.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

mod autoscaler;
mod references;
mod selector;

pub use autoscaler::{Autoscaler, UtilizationMetric};
pub use references::{data_keys, references, Reference};
pub use selector::{describe_labels, Requirement, Selector};

use super::{Form, Object};
use crate::parse::Node;
use crate::text::hash::NameHash;

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
    service_backends: OnceCell<ServiceBackends<'a>>,
    /// [`Index::uses_label_keys`] already answered: namespace, keys, answer.
    label_keys_used: RefCell<Vec<KeysUsed<'a>>>,
}

/// What each Service sends traffic to, Services with the same namespace
/// and selector sharing one [`Backends`].
#[derive(Debug)]
struct ServiceBackends<'a> {
    /// For each object, the place of its Service's group in `groups`.
    group_of: Vec<usize>,
    groups: Vec<Backends<'a>>,
}

/// The pod templates a Service selects, and the ports their long-running
/// containers declare (each pair once, in input order).
#[derive(Debug, Default)]
pub struct Backends<'a> {
    pub selected: Vec<usize>,
    pub ports: Vec<(Option<i64>, Option<&'a str>)>,
}

type VisibleNames<'a> = (&'a str, Option<String>, Vec<&'a str>);
type KeysUsed<'a> = (Option<&'a str>, Vec<&'a str>, bool);

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
        // Parts of objects (Kustomize's patches) and Kustomize's own files
        // are not objects another can refer to.
        for (i, o) in objects.iter().enumerate() {
            if o.form != Form::Whole {
                continue;
            }
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
            service_backends: OnceCell::new(),
            label_keys_used: RefCell::new(Vec::new()),
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
                if o.form != Form::Whole {
                    continue;
                }
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
                .filter(|&i| objects[i].pod.is_some() && objects[i].form == Form::Whole)
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

    /// What Service `service` selects and the ports those pods declare
    /// (`None` for an object that is not a Service), worked out once for
    /// all Services: those with the same namespace and selector (a
    /// ClusterIP and a headless Service of one app, or many copies of one
    /// bundle) share the answer rather than each walking the same pods.
    /// Groups are found through their selector's first label value (a map
    /// of names, the kind the index already has: the browser build has a
    /// size budget).
    pub fn service_backends(&self, service: usize) -> Option<&Backends<'a>> {
        let all = self.service_backends.get_or_init(|| {
            let objects = self.objects;
            let mut all = ServiceBackends {
                group_of: vec![usize::MAX; objects.len()],
                groups: Vec::new(),
            };
            let mut keys: Vec<(Option<&str>, Selector<'a>)> = Vec::new();
            let mut by_value: Names<'a> = Names::default();
            for &s in self.of_kind("Service") {
                // (The size-budgeted element, for one page's YAML, gives
                // each Service its own group.)
                let found = crate::LARGE_INPUTS
                    .then(|| {
                        let (namespace, selector) =
                            (objects[s].namespace, service_selector(&objects[s]));
                        let value = selector
                            .requirements
                            .iter()
                            .find_map(|r| match r {
                                Requirement::Equals(_, v) => Some(*v),
                                _ => None,
                            })
                            .unwrap_or("");
                        let bucket = by_value.entry(value).or_default();
                        let found = bucket.iter().copied().find(|&g| {
                            keys.get(g)
                                .is_some_and(|(ns, sel)| *ns == namespace && *sel == selector)
                        });
                        if found.is_none() {
                            bucket.push(keys.len());
                            keys.push((namespace, selector));
                        }
                        found
                    })
                    .flatten();
                all.group_of[s] = found.unwrap_or_else(|| {
                    all.groups.push(self.backends_of(s));
                    all.groups.len() - 1
                });
            }
            all
        });
        all.group_of.get(service).and_then(|&g| all.groups.get(g))
    }

    fn backends_of(&self, service: usize) -> Backends<'a> {
        let objects = self.objects;
        let selected: Vec<usize> = self
            .backends(service)
            .filter(|&i| objects[i].pod.is_some())
            .collect();
        let mut ports = Vec::new();
        for &i in &selected {
            let containers = objects[i].pod.iter().flat_map(|p| &p.containers);
            for port in containers
                .filter(|c| c.role.is_long_running())
                .flat_map(|c| c.ports())
            {
                if !ports.contains(&port) {
                    ports.push(port);
                }
            }
        }
        Backends { selected, ports }
    }

    /// Whether a pod template in `namespace` carries one of the label
    /// `keys`. Remembered by namespace and keys where inputs can be large
    /// (copies of a Service ask again, and each answer looks at every
    /// workload).
    pub fn uses_label_keys(&self, namespace: Option<&'a str>, keys: &[&'a str]) -> bool {
        if crate::LARGE_INPUTS {
            let known = self.label_keys_used.borrow();
            let asked = known
                .iter()
                .find(|(ns, k, _)| *ns == namespace && k.as_slice() == keys);
            if let Some((_, _, used)) = asked {
                return *used;
            }
        }
        let used = self.objects.iter().any(|o| {
            if o.form != Form::Whole {
                return false;
            }
            let labels = o.pod.as_ref().and_then(|p| p.labels());
            o.namespace == namespace
                && labels.is_some_and(|l| keys.iter().any(|k| l.get(k).is_some()))
        });
        if crate::LARGE_INPUTS {
            let answer = (namespace, keys.to_vec(), used);
            self.label_keys_used.borrow_mut().push(answer);
        }
        used
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
pub fn service_selector<'a>(service: &Object<'a>) -> Selector<'a> {
    Selector::map(service.spec().and_then(|spec| spec.get("selector")))
}

/// Whether `service`, whose selector is `selector`, sends traffic to the
/// pods of `object`: same namespace, and the selector matches their labels.
fn sends_to(service: &Object<'_>, selector: &Selector<'_>, object: &Object<'_>) -> bool {
    same_namespace(service.namespace, object.namespace)
        && selector.matches(object.pod.as_ref().and_then(|p| p.labels()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces() {
        assert!(same_namespace(None, Some("prod")));
        assert!(same_namespace(Some("prod"), Some("prod")));
        assert!(!same_namespace(Some("prod"), Some("dev")));
    }
}
