//! `contextAware: true`: the cross-object rules at admission. The policy
//! asks the host (Kubewarden's policy-server) for the objects of the
//! request's namespace that those rules read — only their fields, by field
//! masks — and checks the request's object together with them, as
//! `kubeshape check` checks a bundle.
//!
//! What is asked for, by the request's kind ([`lookups`]):
//!
//! - a workload: ConfigMaps and Secrets (references and keys), Services
//!   (a `preStop` hook behind a Service), HorizontalPodAutoscalers
//!   (`replicas` beside an HPA, a single replica an HPA scales),
//!   PodDisruptionBudgets and NetworkPolicies (whether any selects it);
//! - a Service: Pods and the Deployments, StatefulSets and DaemonSets whose
//!   templates make Pods (what it selects, which ports they declare);
//! - an Ingress: Services (its backends);
//! - a HorizontalPodAutoscaler: its target, by name (does it exist, do its
//!   containers request what the HPA measures).
//!
//! ConfigMaps and Secrets come back with their values (a field mask cannot
//! keep a map's keys without its values): the values are dropped as soon as
//! the answer is read, before anything else sees it, and never appear in a
//! message. A lookup that fails (RBAC, a timeout, a host without the
//! capability) leaves the cross-object rules out for that request, with a
//! warning: the host's trouble never rejects a request.

use serde_json::{json, Map, Value};

/// Where the objects come from: the host, or a stand-in in tests.
pub trait Cluster {
    /// The objects of `kind` in `namespace` (`name`: only the one with that
    /// name), pruned to `masks`.
    fn list(
        &self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: Option<&str>,
        masks: &[&str],
    ) -> Result<Vec<Value>, String>;
}

/// A cluster that answers nothing (natively, outside the waPC host).
pub struct NoCluster;

impl Cluster for NoCluster {
    fn list(
        &self,
        _: &str,
        kind: &str,
        _: &str,
        _: Option<&str>,
        _: &[&str],
    ) -> Result<Vec<Value>, String> {
        Err(format!("no host to list {kind} objects from"))
    }
}

/// One kind of object to ask for, and the fields the rules read.
#[derive(Debug, Clone, Copy)]
pub struct Lookup {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub masks: &'static [&'static str],
}

const META: [&str; 3] = ["metadata.name", "metadata.namespace", "metadata.labels"];

const CONFIG_MAP: Lookup = Lookup {
    api_version: "v1",
    kind: "ConfigMap",
    masks: &["metadata.name", "metadata.namespace", "data", "binaryData"],
};
const SECRET: Lookup = Lookup {
    api_version: "v1",
    kind: "Secret",
    masks: &[
        "metadata.name",
        "metadata.namespace",
        "type",
        "data",
        "stringData",
    ],
};
const SERVICE: Lookup = Lookup {
    api_version: "v1",
    kind: "Service",
    masks: &[
        META[0],
        META[1],
        META[2],
        "spec.selector",
        "spec.ports",
        "spec.type",
        "spec.clusterIP",
    ],
};
const HPA: Lookup = Lookup {
    api_version: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    masks: &[
        META[0],
        META[1],
        "spec.scaleTargetRef",
        "spec.minReplicas",
        "spec.maxReplicas",
        "spec.metrics",
    ],
};
const PDB: Lookup = Lookup {
    api_version: "policy/v1",
    kind: "PodDisruptionBudget",
    masks: &[META[0], META[1], "spec.selector"],
};
const NETWORK_POLICY: Lookup = Lookup {
    api_version: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    masks: &[META[0], META[1], "spec.podSelector", "spec.policyTypes"],
};
const POD: Lookup = Lookup {
    api_version: "v1",
    kind: "Pod",
    masks: &[
        META[0],
        META[1],
        META[2],
        "spec.containers.name",
        "spec.containers.ports",
    ],
};
/// The fields of a workload the rules read: what its pods look like.
const WORKLOAD_MASKS: &[&str] = &[
    META[0],
    META[1],
    META[2],
    "spec.replicas",
    "spec.selector",
    "spec.template.metadata.labels",
    "spec.template.spec.containers.name",
    "spec.template.spec.containers.ports",
    "spec.template.spec.containers.resources",
];
const fn workload(api_version: &'static str, kind: &'static str) -> Lookup {
    Lookup {
        api_version,
        kind,
        masks: WORKLOAD_MASKS,
    }
}

/// What to ask for, for a request of `kind`.
pub fn lookups(kind: &str) -> Vec<Lookup> {
    match kind {
        "Pod"
        | "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job"
        | "CronJob" => vec![CONFIG_MAP, SECRET, SERVICE, HPA, PDB, NETWORK_POLICY],
        "Service" => vec![
            POD,
            workload("apps/v1", "Deployment"),
            workload("apps/v1", "StatefulSet"),
            workload("apps/v1", "DaemonSet"),
        ],
        "Ingress" => vec![SERVICE],
        _ => Vec::new(),
    }
}

/// The objects found, and what could not be asked.
#[derive(Debug, Default)]
pub struct Neighbours {
    pub objects: Vec<Value>,
    pub problems: Vec<String>,
}

/// Asks `cluster` for the neighbours of `object` (a request of `kind` in
/// `namespace`).
pub fn neighbours(
    kind: &str,
    object: &Value,
    namespace: &str,
    cluster: &dyn Cluster,
) -> Neighbours {
    let mut out = Neighbours::default();
    let ask = |lookup: Lookup, name: Option<&str>, out: &mut Neighbours| match cluster.list(
        lookup.api_version,
        lookup.kind,
        namespace,
        name,
        lookup.masks,
    ) {
        Ok(items) => out
            .objects
            .extend(items.into_iter().map(|item| typed(item, lookup))),
        Err(e) => out
            .problems
            .push(format!("{} {}: {e}", lookup.kind, lookup.api_version)),
    };
    for lookup in lookups(kind) {
        ask(lookup, None, &mut out);
    }
    if kind == "HorizontalPodAutoscaler" {
        let target = &object["spec"]["scaleTargetRef"];
        if let (Some(api_version), Some(target_kind), Some(name)) = (
            target["apiVersion"].as_str(),
            target["kind"].as_str(),
            target["name"].as_str(),
        ) {
            if let Some(lookup) = target_lookup(api_version, target_kind) {
                ask(lookup, Some(name), &mut out);
            }
        }
    }
    out
}

/// The lookup of an autoscaler's target (a kind the policy knows).
fn target_lookup(api_version: &str, kind: &str) -> Option<Lookup> {
    let (api_version, kind): (&'static str, &'static str) = match (api_version, kind) {
        ("apps/v1", "Deployment") => ("apps/v1", "Deployment"),
        ("apps/v1", "StatefulSet") => ("apps/v1", "StatefulSet"),
        ("apps/v1", "ReplicaSet") => ("apps/v1", "ReplicaSet"),
        ("v1", "ReplicationController") => ("v1", "ReplicationController"),
        _ => return None,
    };
    Some(workload(api_version, kind))
}

/// The object as the rules read it: `apiVersion` and `kind` set (a list's
/// items may come without them), and a ConfigMap's or Secret's values
/// dropped, their keys kept.
fn typed(mut item: Value, lookup: Lookup) -> Value {
    let Some(map) = item.as_object_mut() else {
        return item;
    };
    map.insert("apiVersion".to_owned(), json!(lookup.api_version));
    map.insert("kind".to_owned(), json!(lookup.kind));
    if lookup.kind == "ConfigMap" || lookup.kind == "Secret" {
        for field in ["data", "binaryData", "stringData"] {
            if let Some(Value::Object(values)) = map.get_mut(field) {
                let keys: Map<String, Value> =
                    values.keys().map(|k| (k.clone(), json!(""))).collect();
                *values = keys;
            }
        }
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(Vec<Value>);

    impl Cluster for Fixed {
        fn list(
            &self,
            api_version: &str,
            kind: &str,
            _: &str,
            name: Option<&str>,
            _: &[&str],
        ) -> Result<Vec<Value>, String> {
            if kind == "Secret" {
                return Err("forbidden".to_owned());
            }
            Ok(self
                .0
                .iter()
                .filter(|o| o["kind"] == kind && o["apiVersion"] == api_version)
                .filter(|o| name.is_none_or(|n| o["metadata"]["name"] == n))
                .cloned()
                .collect())
        }
    }

    #[test]
    fn values_are_dropped_and_failures_said() {
        let cluster = Fixed(vec![
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"PASSWORD": "hunter2"}}),
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}),
        ]);
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}});
        let got = neighbours("Pod", &pod, "shop", &cluster);
        assert_eq!(got.objects.len(), 1);
        assert_eq!(got.objects[0]["data"], json!({"PASSWORD": ""}));
        assert!(!got.objects[0].to_string().contains("hunter2"));
        assert_eq!(got.problems.len(), 1, "{:?}", got.problems);
        assert!(got.problems[0].starts_with("Secret v1: forbidden"));
        let hpa = json!({"spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}}});
        let got = neighbours("HorizontalPodAutoscaler", &hpa, "shop", &cluster);
        assert_eq!(got.objects.len(), 1);
        assert_eq!(got.objects[0]["metadata"]["name"], "web");
        assert!(neighbours("ConfigMap", &pod, "shop", &cluster)
            .objects
            .is_empty());
    }
}
