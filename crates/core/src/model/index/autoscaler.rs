//! HorizontalPodAutoscalers of any version, and what they scale.

use super::same_namespace;
use crate::model::Object;
use crate::parse::Node;

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
