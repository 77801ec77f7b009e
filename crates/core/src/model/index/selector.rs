//! Label selectors with Kubernetes' semantics.

use crate::parse::Node;

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
}
