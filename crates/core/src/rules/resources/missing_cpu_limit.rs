use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container without `resources.limits.cpu`. Opt-in: many teams leave cpu unlimited on purpose.
    ///
    /// ## Why is this bad?
    /// Without a cpu limit one busy container can use every idle core of its node, and its latency depends on its neighbours. A limit makes performance predictable but can throttle bursts; that trade-off is disputed, hence opt-in. A pod without cpu limits on every container cannot be Guaranteed QoS.
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
    pub struct MissingCpuLimit {
        id: "missing-cpu-limit",
        category: Resources,
        severity: Info,
        default: OptIn,
        seed: "000 §2.1, 003 §2.5",
        title: ["A container has no cpu limit", "容器没有设置 CPU 限制"],
        what_zh: "报告没有设置 `resources.limits.cpu` 的容器。需手动启用：很多团队有意不限制 CPU。",
        why_zh: "没有 CPU 限制时，一个繁忙的容器可以用满节点的所有空闲核心，其延迟取决于邻居。设置限制能让性能可预测，但可能限制突发流量；这一取舍有争议，因此需手动启用。任何一个容器没有 CPU 限制，Pod 就不可能是 Guaranteed QoS。",
        fix: ["Set `resources.limits.cpu` a little above the observed peak (e.g. `500m`).", "设置 `resources.limits.cpu`，略高于观测到的峰值（例如 `500m`）。"],
    }
}

impl Check for MissingCpuLimit {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if c.role.has_resources() && c.resource("limits", "cpu").is_none() {
                out.report(
                    c.lacking(),
                    Text::new(
                        "has no `resources.limits.cpu`",
                        "没有设置 `resources.limits.cpu`",
                    ),
                );
            }
        }
    }
}
