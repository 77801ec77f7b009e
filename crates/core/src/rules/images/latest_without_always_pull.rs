use crate::model::ImageRef;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `latest` (or untagged) image combined with
    /// `imagePullPolicy: IfNotPresent`.
    ///
    /// ## Why is this bad?
    /// A node that already has some `latest` keeps running it: new pushes
    /// never arrive, and different nodes run different builds. “Deploying Go apps to Kubernetes”
    /// §2.2's table: with `:latest`, use `Always` (which is also what
    /// Kubernetes defaults to when the policy is left out).
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
    ///     image: nginx:latest
    ///     imagePullPolicy: IfNotPresent
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
    ///     image: nginx:latest
    ///     imagePullPolicy: Always
    /// ```
    pub struct LatestWithoutAlwaysPull {
        id: "latest-without-always-pull",
        category: Images,
        severity: Warning,
        default: On,
        fixable: Safe,
        seed: "000 §2.2",
        title: ["A latest image is not always pulled", "latest 镜像没有设置总是拉取"],
        what_zh: "报告 `latest`（或无标签）镜像与 `imagePullPolicy: IfNotPresent` 的组合。",
        why_zh: "节点上已有某个 `latest` 镜像时会一直使用它：新推送的镜像永远不会被拉取，不同节点运行不同的构建。《Go应用Kubernetes部署》§2.2 的表格：使用 `:latest` 时应设为 `Always`（省略该字段时 Kubernetes 默认也是 `Always`）。",
        fix: ["Set `imagePullPolicy: Always`, or better, pin a version tag.", "设置 `imagePullPolicy: Always`，更好的做法是固定版本标签。"],
    }
}

impl Check for LatestWithoutAlwaysPull {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let Some(image_node) = c.image() else {
                continue;
            };
            let Some(image) = image_node.as_str() else {
                continue;
            };
            let Some(policy) = c.node.get("imagePullPolicy") else {
                continue;
            };
            if policy.as_str() != Some("IfNotPresent") || !ImageRef::parse(image).is_floating() {
                continue;
            }
            out.report(c.at(policy, "imagePullPolicy"), text!(
                    "image `{image}` floats but is pulled only if not present: nodes keep stale builds",
                    "镜像 `{image}` 不固定版本，却只在本地不存在时拉取：节点会一直使用旧构建"
                ))
            .related(cx.place(c.index, image_node), text!(
                "the image `{image}`, whose tag floats",
                "镜像 `{image}`，它的标签不固定"
            ))
            .fix(fix_with(cx, c.index, true, |s| Some(vec![s.replace(policy, "Always")])));
        }
    }
}
