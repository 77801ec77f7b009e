use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `GOMAXPROCS` environment value greater than the container's
    /// cpu limit rounded up to whole cores. Part of the `go` preset.
    ///
    /// ## Why is this bad?
    /// Go runs that many threads in parallel. With more threads than the
    /// cgroup's cpu quota allows, the kernel throttles the container at the
    /// end of every period, and tail latency jumps (“Go on Kubernetes in production” §2.1).
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
    ///     env:
    ///     - name: GOMAXPROCS
    ///       value: "8"
    ///     resources:
    ///       limits:
    ///         cpu: "2"
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
    ///     env:
    ///     - name: GOMAXPROCS
    ///       value: "2"
    ///     resources:
    ///       limits:
    ///         cpu: "2"
    /// ```
    pub struct GoMaxprocsMismatch {
        id: "go-maxprocs-mismatch",
        category: Resources,
        severity: Info,
        default: OptIn,
        seed: "003 §2.1",
        title: ["GOMAXPROCS is higher than the cpu limit", "GOMAXPROCS 高于 CPU 限制"],
        what_zh: "报告 `GOMAXPROCS` 环境变量的值大于容器 CPU 限制（向上取整到整核）。属于 `go` 预设。",
        why_zh: "Go 会并行运行这么多线程。线程数超过 cgroup 的 CPU 配额时，内核会在每个周期末尾限流该容器，尾延迟随之飙升（《Go + Kubernetes运维实践》§2.1）。",
        fix: ["Set `GOMAXPROCS` to the cpu limit rounded up, or derive it from the limit with `resourceFieldRef`.", "把 `GOMAXPROCS` 设为 CPU 限制向上取整的值，或用 `resourceFieldRef` 从限制值派生。"],
    }
}

impl Check for GoMaxprocsMismatch {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let Some(limit) = c.quantity("limits", "cpu") else {
                continue;
            };
            let Some(value) = c.env_var("GOMAXPROCS").and_then(|e| e.get("value")) else {
                continue;
            };
            let Some(procs) = value.as_str().and_then(|t| t.trim().parse::<i64>().ok()) else {
                continue;
            };
            let cores = ((limit.millis() + 999) / 1000).max(1) as i64;
            if procs <= cores {
                continue;
            }
            out.report(c.at_path(value, c.path.clone()), text!(
                    "GOMAXPROCS={procs} is more than the cpu limit allows ({cores} core(s)); the container will be throttled",
                    "GOMAXPROCS={procs} 超过了 CPU 限制允许的 {cores} 核；容器会被限流"
                ));
        }
    }
}
