use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container with `limits.memory` but no `GOMEMLIMIT`
    /// environment variable, and suggests about 90% of the limit. Opt-in,
    /// part of the `go` preset: it only makes sense for Go programs.
    ///
    /// ## Why is this bad?
    /// Go's garbage collector does not see the cgroup memory limit (“Go on Kubernetes in production”
    /// §2.1). By default it lets the heap grow to twice the live data before
    /// collecting, so a service can be OOM-killed while most of its memory is
    /// garbage. `GOMEMLIMIT` (Go 1.19+) makes the collector work harder as the
    /// heap approaches the limit.
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
    ///     resources:
    ///       limits:
    ///         memory: 512Mi
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
    ///     - name: GOMEMLIMIT
    ///       value: 460MiB
    ///     resources:
    ///       limits:
    ///         memory: 512Mi
    /// ```
    pub struct GoMemlimitUnset {
        id: "go-memlimit-unset",
        category: Resources,
        severity: Info,
        default: OptIn,
        seed: "003 §2.1",
        title: ["A Go container has a memory limit but no GOMEMLIMIT", "Go 容器有内存限制但没有设置 GOMEMLIMIT"],
        what_zh: "报告设置了 `limits.memory` 却没有 `GOMEMLIMIT` 环境变量的容器，并建议取限制值的约 90%。需手动启用，属于 `go` 预设：只对 Go 程序有意义。",
        why_zh: "Go 的垃圾回收器看不到 cgroup 内存限制（《Go + Kubernetes运维实践》§2.1）。默认情况下，堆增长到存活数据的两倍才回收，服务可能在大部分内存都是垃圾时被 OOMKilled。`GOMEMLIMIT`（Go 1.19+）会让回收器在堆接近限制时更积极地工作。",
        fix: ["Set `GOMEMLIMIT` to about 90% of `limits.memory`, in Go units (`MiB`, `GiB`).", "把 `GOMEMLIMIT` 设为 `limits.memory` 的约 90%，使用 Go 的单位（`MiB`、`GiB`）。"],
    }
}

/// About 90% of a limit, written the way Go's runtime reads it.
pub(crate) fn suggested_memlimit(limit: &Quantity) -> String {
    let mib = (limit.as_f64() * 0.9 / (1024.0 * 1024.0)).floor();
    format!("{}MiB", crate::text::decimal(mib))
}

impl Check for GoMemlimitUnset {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let (Some(node), Some(limit)) = (
                c.resource("limits", "memory"),
                c.quantity("limits", "memory"),
            ) else {
                continue;
            };
            if c.env_var("GOMEMLIMIT").is_some() || limit.is_zero() {
                continue;
            }
            let suggestion = suggested_memlimit(&limit);
            out.report(c.at(node, "resources.limits.memory").labelled(), text!(
                    "has a memory limit but no GOMEMLIMIT; Go's GC does not see the limit (suggest GOMEMLIMIT={suggestion})",
                    "有内存限制但没有设置 GOMEMLIMIT；Go 的 GC 看不到这个限制（建议 GOMEMLIMIT={suggestion}）"
                ));
        }
    }
}
