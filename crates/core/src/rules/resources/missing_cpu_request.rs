use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container with neither `resources.requests.cpu` nor `resources.limits.cpu` (a request defaults to the limit).
    ///
    /// ## Why is this bad?
    /// The scheduler places pods by their requests. A pod that requests no cpu can land on a node that is already busy, and gets the smallest cpu share when the node is contended (“Deploying Go apps to Kubernetes” §2.1: requests too low hurt performance).
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
    pub struct MissingCpuRequest {
        id: "missing-cpu-request",
        category: Resources,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "000 §2.1, 003 §2.5",
        title: ["A container has no cpu request", "容器没有设置 CPU 请求"],
        what_zh: "报告既没有 `resources.requests.cpu` 也没有 `resources.limits.cpu` 的容器（未设置请求时默认等于限制）。",
        why_zh: "调度器按 requests 放置 Pod。没有 CPU 请求的 Pod 可能被调度到已经繁忙的节点，节点争用时它分到的 CPU 份额最小（《Go应用Kubernetes部署》§2.1：请求值过低会影响性能）。",
        fix: ["Set `resources.requests.cpu` close to the observed baseline (e.g. `100m`).", "设置 `resources.requests.cpu`，接近观测到的基线（例如 `100m`）。"],
    }
}

impl Check for MissingCpuRequest {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if c.role.has_resources()
                && !(c.resource("requests", "cpu").is_some()
                    || c.resource("limits", "cpu").is_some())
            {
                let fix = set_fix(
                    cx,
                    c.index,
                    false,
                    c.node,
                    &["resources", "requests", "cpu"],
                    || FixValue::Noted("100m".into(), "TODO: measure the baseline use".into()),
                );
                out.report(
                    c.lacking(),
                    Text::new(
                        "has no `resources.requests.cpu` (nor a cpu limit to default it from)",
                        "没有设置 `resources.requests.cpu`（也没有可作为默认值的 CPU 限制）",
                    ),
                )
                .fix(fix);
            }
        }
    }
}
