use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a workload whose `selector.matchLabels` (or `matchExpressions`,
    /// or a ReplicationController's plain `selector`) does not select its own
    /// pod template's labels.
    ///
    /// ## Why is this bad?
    /// The API server rejects it: `selector does not match template labels`.
    /// It is easy to rename `app: go-app` in one place and not the other
    /// (“Deploying Go apps to Kubernetes” chapter 1 keeps them in step).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: go-api
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: go-app
    ///     spec:
    ///       containers:
    ///       - name: go-app
    ///         image: ghcr.io/acme/go-app:v1.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   selector:
    ///     matchLabels:
    ///       app: go-app
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: go-app
    ///     spec:
    ///       containers:
    ///       - name: go-app
    ///         image: ghcr.io/acme/go-app:v1.0
    /// ```
    pub struct SelectorMismatch {
        id: "selector-mismatch",
        category: Availability,
        severity: Error,
        default: On,
        fixable: Review,
        seed: "000 ch1",
        title: ["The selector does not match the pod template", "选择器与 Pod 模板不匹配"],
        what_zh: "报告 `selector.matchLabels`（或 `matchExpressions`，或 ReplicationController 的普通 `selector`）选不中自身 Pod 模板标签的工作负载。",
        why_zh: "API Server 会拒绝它：`selector does not match template labels`。很容易只在一处改了 `app: go-app` 而忘了另一处（《Go应用Kubernetes部署》第一章让两者保持一致）。",
        fix: ["Make the selector's labels a subset of `spec.template.metadata.labels`.", "让选择器的标签成为 `spec.template.metadata.labels` 的子集。"],
    }
}

fn label<'n>(labels: Option<&'n Node<'n>>, key: &str) -> Option<&'n str> {
    labels.and_then(|l| l.get(key)).and_then(Node::as_str)
}

impl Check for SelectorMismatch {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for w in cx.workloads() {
            if w.object.kind == Some("Pod") || w.object.kind == Some("CronJob") {
                continue;
            }
            let Some(selector) = w.object.spec().and_then(|s| s.get("selector")) else {
                continue;
            };
            let labels = w.pod.labels();
            let what = w.object.describe();
            let (match_labels, base) = if w.object.kind == Some("ReplicationController") {
                (Some(selector), "spec.selector")
            } else {
                (selector.get("matchLabels"), "spec.selector.matchLabels")
            };
            for entry in match_labels.and_then(Node::as_map).unwrap_or(&[]) {
                let (Some(key), Some(want)) = (entry.key.as_str(), entry.value.as_str()) else {
                    continue;
                };
                let have = label(labels, key);
                if have == Some(want) {
                    continue;
                }
                let message = match have {
                    Some(have) => text!(
                        "{what} selects `{key}: {want}` but its pod template is labelled `{key}: {have}`",
                        "{what} 选择 `{key}: {want}`，但 Pod 模板的标签是 `{key}: {have}`"
                    ),
                    None => text!(
                        "{what} selects `{key}: {want}` but its pod template has no `{key}` label",
                        "{what} 选择 `{key}: {want}`，但 Pod 模板没有 `{key}` 标签"
                    ),
                };
                // Not safe: which side is right is the author's call (a
                // Deployment's selector cannot change after creation).
                let fix = w.pod.metadata.and_then(|metadata| {
                    fix_with(cx, w.index, false, |s| {
                        Some(vec![s.set(
                            metadata,
                            &["labels", key],
                            FixValue::inline(s.slice(&entry.value)),
                        )?])
                    })
                });
                out.report(At::object(w.index, &entry.value, w.object.join(&format!("{base}.{key}"))), message)
                    .help(help!(
                        "Label the pod template `{key}: {want}` (or change the selector before the first apply).",
                        "给 Pod 模板加上标签 `{key}: {want}`（或在首次 apply 前修改选择器）。"
                    ))
                    .fix(fix);
            }
            for (i, expr) in selector.items("matchExpressions").iter().enumerate() {
                let (Some(key), Some(op)) = (
                    expr.get("key").and_then(Node::as_str),
                    expr.get("operator").and_then(Node::as_str),
                ) else {
                    continue;
                };
                let values: Vec<&str> = expr
                    .items("values")
                    .iter()
                    .filter_map(Node::as_str)
                    .collect();
                let have = label(labels, key);
                let selected = match op {
                    "In" => have.is_some_and(|h| values.contains(&h)),
                    "NotIn" => !have.is_some_and(|h| values.contains(&h)),
                    "Exists" => have.is_some(),
                    "DoesNotExist" => have.is_none(),
                    _ => true,
                };
                if !selected {
                    out.report(
                        At::object(
                            w.index,
                            expr,
                            w.object
                                .join(&format!("spec.selector.matchExpressions[{i}]")),
                        ),
                        text!(
                            "{what}'s selector `{key} {op}` does not select its own pod template",
                            "{what} 的选择器 `{key} {op}` 选不中自身的 Pod 模板"
                        ),
                    );
                }
            }
        }
    }
}
