use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container (init and sidecar containers included) without `resources.limits.memory`.
    ///
    /// ## Why is this bad?
    /// Without a limit a leak or a traffic spike can take all of the node's memory; the kernel then kills processes on that node, not only yours (“Deploying Go apps to Kubernetes” §2.1: a service without a memory limit brought its node down at peak traffic).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    ///     resources:
    ///       requests:
    ///         cpu: 100m
    ///         memory: 128Mi
    ///       limits:
    ///         cpu: 500m
    ///         memory: 256Mi
    /// ```
    pub struct MissingMemoryLimit {
        id: "missing-memory-limit",
        category: Resources,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "000 §2.1, 003 §2.5",
        title: ["A container has no memory limit", "容器没有设置内存限制"],
        what_zh: "报告没有设置 `resources.limits.memory` 的容器（包括初始化容器和边车容器）。",
        why_zh: "没有内存限制时，内存泄漏或流量高峰会耗尽节点内存，内核会杀掉该节点上的进程，受影响的不只是你的服务（《Go应用Kubernetes部署》§2.1：一个未设内存限制的服务在流量高峰时拖垮了节点）。",
        fix: ["Set `resources.limits.memory` a little above the observed peak (e.g. `256Mi`).", "设置 `resources.limits.memory`，略高于观测到的峰值（例如 `256Mi`）。"],
    }
}

impl Check for MissingMemoryLimit {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if c.role.has_resources() && c.resource("limits", "memory").is_none() {
                // The request, when there is one (a smaller limit is refused).
                let value = c
                    .resource("requests", "memory")
                    .and_then(Node::as_str)
                    .unwrap_or("256Mi")
                    .to_owned();
                let fix = set_fix(
                    cx,
                    c.index,
                    false,
                    c.node,
                    &["resources", "limits", "memory"],
                    || {
                        FixValue::Noted(
                            value.clone(),
                            "TODO: measure the peak; set the limit a little above it".into(),
                        )
                    },
                );
                out.report(c.lacking(), Text::new("has no `resources.limits.memory`", "没有设置 `resources.limits.memory`"))
                    .help(help!(
                        "Set `resources.limits.memory` a little above the observed peak (starting value `{value}`, then measure).",
                        "设置 `resources.limits.memory`，略高于观测到的峰值（起始值 `{value}`，再按实测调整）。"
                    ))
                    .fix(fix);
            }
        }
    }
}
