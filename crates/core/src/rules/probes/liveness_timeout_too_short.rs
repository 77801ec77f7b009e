use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `livenessProbe` whose `timeoutSeconds` is unset (it defaults
    /// to 1) or 1.
    ///
    /// ## Why is this bad?
    /// One second is short for a process that pauses for garbage collection
    /// or is briefly CPU-throttled; a few slow answers in a row restart a
    /// healthy pod. “Go on Kubernetes in production” §2.2 recommends about 5 seconds for Go services.
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
    ///       httpGet: {path: /live, port: 8080}
    ///       initialDelaySeconds: 10
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
    ///       timeoutSeconds: 5
    /// ```
    pub struct LivenessTimeoutTooShort {
        id: "liveness-timeout-too-short",
        category: Probes,
        severity: Info,
        default: On,
        seed: "003 §2.2",
        title: ["The liveness probe times out after one second", "存活探针 1 秒就超时"],
        what_zh: "报告 `livenessProbe` 的 `timeoutSeconds` 未设置（默认 1）或为 1。",
        why_zh: "对于会因垃圾回收暂停或短暂被 CPU 限流的进程来说，1 秒太短；连续几次慢响应就会让健康的 Pod 被重启。《Go + Kubernetes运维实践》§2.2 建议 Go 服务设为约 5 秒。",
        fix: ["Set `timeoutSeconds` to about 5.", "把 `timeoutSeconds` 设为 5 左右。"],
    }
}

impl Check for LivenessTimeoutTooShort {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if !c.role.is_long_running() {
                continue;
            }
            let Some(probe) = c.node.entry("livenessProbe") else {
                continue;
            };
            let node = probe.value.get("timeoutSeconds");
            let (anchor, path, message) = match node {
                Some(n) if n.as_i64().is_some_and(|t| t <= 1) => (
                    n,
                    c.join("livenessProbe.timeoutSeconds"),
                    text!("liveness timeout is 1 second: a GC pause can restart the pod", "存活探针超时仅 1 秒：一次 GC 暂停就可能让 Pod 被重启"),
                ),
                None => (
                    &probe.key,
                    c.join("livenessProbe"),
                    text!(
                        "liveness timeoutSeconds is unset (1 second): a GC pause can restart the pod",
                        "存活探针未设置 timeoutSeconds（默认 1 秒）：一次 GC 暂停就可能让 Pod 被重启"
                    ),
                ),
                Some(_) => continue,
            };
            out.report(c.at_path(anchor, path), message);
        }
    }
}
