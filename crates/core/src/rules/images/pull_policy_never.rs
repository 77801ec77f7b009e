use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `imagePullPolicy: Never`.
    ///
    /// ## Why is this bad?
    /// The kubelet only uses an image already on the node. Any node without
    /// it leaves the pod in `ErrImageNeverPull` forever (“Deploying Go apps to Kubernetes” §2.2). It
    /// only makes sense on air-gapped nodes where the image is preloaded.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: nginx:1.27.2
    ///     imagePullPolicy: Never
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: nginx:1.27.2
    ///     imagePullPolicy: IfNotPresent
    /// ```
    pub struct PullPolicyNever {
        id: "pull-policy-never",
        category: Images,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "000 §2.2",
        title: ["The image is never pulled", "镜像永远不会被拉取"],
        what_zh: "报告 `imagePullPolicy: Never`。",
        why_zh: "kubelet 只会使用节点上已有的镜像。任何没有该镜像的节点都会让 Pod 永远处于 `ErrImageNeverPull` 状态（《Go应用Kubernetes部署》§2.2）。只有在镜像已预加载的离线节点上才合理。",
        fix: ["Use `IfNotPresent` for pinned tags (or `Always` for `latest`); keep `Never` only for preloaded air-gapped nodes.", "固定标签时用 `IfNotPresent`（`latest` 用 `Always`）；只有在镜像已预加载的离线节点上才保留 `Never`。"],
    }
}

impl Check for PullPolicyNever {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let Some(policy) = c.node.get("imagePullPolicy") else {
                continue;
            };
            if policy.as_str() != Some("Never") {
                continue;
            }
            let image = c.image().map(ToString::to_string).unwrap_or_default();
            // A floating tag is re-pulled on every start, a pinned one once.
            let floating = c
                .image()
                .and_then(Node::as_str)
                .is_none_or(|i| crate::model::ImageRef::parse(i).is_floating());
            let policy_text = if floating { "Always" } else { "IfNotPresent" };
            out.report(c.at(policy, "imagePullPolicy"), text!(
                    "`imagePullPolicy: Never`: any node without `{image}` preloaded fails with ErrImageNeverPull",
                    "`imagePullPolicy: Never`：任何没有预加载 `{image}` 的节点都会报 ErrImageNeverPull"
                ))
            .help(help!(
                "Use `imagePullPolicy: {policy_text}` unless every node has the image preloaded.",
                "除非每个节点都预加载了该镜像，否则请用 `imagePullPolicy: {policy_text}`。"
            ))
            // Not safe: on preloaded air-gapped nodes `Never` is deliberate.
            .fix(fix_with(cx, c.index, false, |s| Some(vec![s.replace(policy, policy_text)])));
        }
    }
}
