use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `livenessProbe` whose `initialDelaySeconds` is below a
    /// threshold (setting `thresholds.liveness_min_initial_delay_seconds`,
    /// default 10; unset means 0) when the container has no `startupProbe`.
    ///
    /// ## Why is this bad?
    /// If the app needs longer to start than the delay plus
    /// `failureThreshold × periodSeconds`, the kubelet kills it before it is
    /// up, again and again: a `CrashLoopBackOff` caused by the probe itself
    /// (“Deploying Go apps to Kubernetes” §2.3: a 3-second delay for a service that needs 5).
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
    ///     livenessProbe:
    ///       httpGet: {path: /health, port: 8080}
    ///       initialDelaySeconds: 3
    ///       periodSeconds: 3
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
    ///     livenessProbe:
    ///       httpGet: {path: /live, port: 8080}
    ///       initialDelaySeconds: 10
    ///       periodSeconds: 10
    /// ```
    pub struct LivenessInitialDelayTooShort {
        id: "liveness-initial-delay-too-short",
        category: Probes,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "000 §2.3",
        title: ["The liveness probe starts too early", "存活探针开始得太早"],
        what_zh: "报告容器没有 `startupProbe` 时，`livenessProbe` 的 `initialDelaySeconds` 低于阈值（设置项 `thresholds.liveness_min_initial_delay_seconds`，默认 10；未设置即为 0）。",
        why_zh: "如果应用启动所需时间超过延迟加上 `failureThreshold × periodSeconds`，kubelet 会在它启动完成前反复杀掉它：由探针本身造成的 `CrashLoopBackOff`（《Go应用Kubernetes部署》§2.3：需要 5 秒启动的服务只设了 3 秒延迟）。",
        fix: ["Raise `initialDelaySeconds` above the startup time, or add a `startupProbe`.", "把 `initialDelaySeconds` 提高到启动时间以上，或添加 `startupProbe`。"],
    }
}

impl Check for LivenessInitialDelayTooShort {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let minimum = cx.settings.thresholds.liveness_min_initial_delay_seconds;
        for c in cx.containers() {
            if !c.role.is_long_running() || c.node.get("startupProbe").is_some() {
                continue;
            }
            let Some(probe) = c.node.entry("livenessProbe") else {
                continue;
            };
            let delay_node = probe.value.get("initialDelaySeconds");
            let delay = delay_node.and_then(Node::as_i64).unwrap_or(0);
            if delay >= minimum || delay_node.is_some_and(|n| n.as_i64().is_none()) {
                continue;
            }
            let (anchor, path) = match delay_node {
                Some(n) => (n, c.join("livenessProbe.initialDelaySeconds")),
                None => (&probe.key, c.join("livenessProbe")),
            };
            out.report(c.at_path(anchor, path), text!(
                    "liveness checks start after {delay}s (less than {minimum}s) and there is no startupProbe: a slow start becomes a restart loop",
                    "存活检查在 {delay} 秒后开始（少于 {minimum} 秒），且没有 startupProbe：启动慢就会陷入重启循环"
                ))
            .help(help!(
                "Set `initialDelaySeconds: {minimum}` (or add a startupProbe that covers the slowest start).",
                "设置 `initialDelaySeconds: {minimum}`（或添加覆盖最慢启动时间的 startupProbe）。"
            ))
            .fix(set_fix(cx, c.index, false, &probe.value, &["initialDelaySeconds"], || FixValue::inline(minimum.to_string())));
        }
    }
}
