//! Keys a pasted document put at its top level that only exist nested:
//! the mark of YAML whose indentation was stripped. `lost-indentation`
//! reports them; the schema walk leaves such a document to it.

use crate::parse::{Entry, Node};

/// Keys that never belong at the top level of these objects, and where they go.
pub fn parent_of(key: &str, kind: &str) -> Option<&'static str> {
    let workload = matches!(
        kind,
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job"
    );
    let pod_spec = if kind == "Pod" {
        "spec"
    } else if kind == "CronJob" {
        "spec.jobTemplate.spec.template.spec"
    } else if workload {
        "spec.template.spec"
    } else {
        return match key {
            "name" | "namespace" | "labels" | "annotations" => Some("metadata"),
            "selector" | "ports" | "clusterIP" | "externalTrafficPolicy" | "rules"
                if kind == "Service" =>
            {
                Some("spec")
            }
            "port" | "targetPort" | "nodePort" | "protocol" if kind == "Service" => {
                Some("spec.ports[]")
            }
            "scaleTargetRef" | "minReplicas" | "maxReplicas" | "metrics"
                if kind == "HorizontalPodAutoscaler" =>
            {
                Some("spec")
            }
            "ingressClassName" | "tls" if kind == "Ingress" => Some("spec"),
            _ => None,
        };
    };
    Some(match key {
        "name" | "namespace" | "annotations" => "metadata",
        "labels" => "metadata (and the pod template's metadata)",
        "app" => "a labels or matchLabels mapping",
        "replicas"
        | "selector"
        | "template"
        | "strategy"
        | "minReadySeconds"
        | "revisionHistoryLimit"
        | "serviceName"
        | "schedule"
        | "jobTemplate"
        | "backoffLimit"
        | "completions"
        | "parallelism"
            if kind != "Pod" =>
        {
            "spec"
        }
        "matchLabels" | "matchExpressions" => "spec.selector",
        "containers"
        | "initContainers"
        | "volumes"
        | "serviceAccountName"
        | "restartPolicy"
        | "nodeSelector"
        | "tolerations"
        | "affinity"
        | "imagePullSecrets"
        | "terminationGracePeriodSeconds"
        | "hostNetwork" => pod_spec,
        "image" | "imagePullPolicy" | "ports" | "resources" | "env" | "envFrom" | "command"
        | "args" | "livenessProbe" | "readinessProbe" | "startupProbe" | "volumeMounts"
        | "securityContext" | "workingDir" | "lifecycle" => "each container (containers[])",
        "containerPort" => "a container's ports[]",
        "requests" | "limits" => "a container's resources",
        _ => return None,
    })
}

/// Whether `node` is there but empty (null, or a mapping without entries).
pub fn is_empty(node: Option<&Node>) -> bool {
    node.is_some_and(|n| n.is_null() || n.as_map().is_some_and(<[_]>::is_empty))
}

/// Top-level entries that belong nested, with their parent; empty unless
/// `metadata` or `spec` is present but empty.
pub fn misplaced_keys<'a>(root: &'a Node<'_>) -> Vec<(&'a Entry<'a>, &'static str)> {
    let Some(kind) = root.get("kind").and_then(Node::as_str) else {
        return Vec::new();
    };
    if !is_empty(root.get("metadata")) && !is_empty(root.get("spec")) {
        return Vec::new();
    }
    root.as_map()
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| Some((e, parent_of(e.key.as_str()?, kind)?)))
        .collect()
}
