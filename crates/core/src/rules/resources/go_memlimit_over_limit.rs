use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `GOMEMLIMIT` environment value at or above the container's
    /// `limits.memory`. Part of the `go` preset. Values taken from
    /// `resourceFieldRef` are not judged.
    ///
    /// ## Why is this bad?
    /// `GOMEMLIMIT` is a soft limit for Go's heap; other memory (goroutine
    /// stacks, cgo, the runtime itself) comes on top. Set at or above the
    /// cgroup limit, the kernel kills the process before the garbage
    /// collector ever reacts (“Go on Kubernetes in production” §2.1).
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
    ///     - name: GOMEMLIMIT
    ///       value: 512MiB
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
    pub struct GoMemlimitOverLimit {
        id: "go-memlimit-over-limit",
        category: Resources,
        severity: Warning,
        default: OptIn,
        seed: "003 §2.1",
        title: ["GOMEMLIMIT is not below the memory limit", "GOMEMLIMIT 不低于内存限制"],
        what_zh: "报告 `GOMEMLIMIT` 环境变量的值大于或等于容器的 `limits.memory`。属于 `go` 预设。来自 `resourceFieldRef` 的值不做判断。",
        why_zh: "`GOMEMLIMIT` 是 Go 堆的软限制；其他内存（goroutine 栈、cgo、运行时本身）另算。如果它不低于 cgroup 限制，垃圾回收器还没来得及反应，内核就已经杀掉了进程（《Go + Kubernetes运维实践》§2.1）。",
        fix: ["Set `GOMEMLIMIT` to about 90% of `limits.memory`.", "把 `GOMEMLIMIT` 设为 `limits.memory` 的约 90%。"],
    }
}

/// Parses Go's memory-limit syntax (`512MiB`, `1GiB`, `1000000B`, bare bytes).
pub(crate) fn parse_go_bytes(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .unwrap_or(text.len());
    let number: f64 = crate::text::parse_decimal(&text[..split].replace('_', ""))?;
    let unit = match &text[split..] {
        "" | "B" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        "TiB" => 1024.0f64.powi(4),
        _ => return None,
    };
    Some(number * unit)
}

impl Check for GoMemlimitOverLimit {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let Some(limit) = c.quantity("limits", "memory") else {
                continue;
            };
            let Some(value) = c.env_var("GOMEMLIMIT").and_then(|e| e.get("value")) else {
                continue;
            };
            let Some(bytes) = value.as_str().and_then(parse_go_bytes) else {
                continue;
            };
            if bytes < limit.as_f64() {
                continue;
            }
            let suggestion = super::go_memlimit_unset::suggested_memlimit(&limit);
            let limit_node = c
                .resource("limits", "memory")
                .map(ToString::to_string)
                .unwrap_or_default();
            out.report(c.at_path(value, c.path.clone()), text!(
                    "GOMEMLIMIT={value} is not below the memory limit {limit_node}; use about {suggestion}",
                    "GOMEMLIMIT={value} 不低于内存限制 {limit_node}；建议约 {suggestion}"
                ));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn go_units() {
        assert_eq!(
            super::parse_go_bytes("512MiB"),
            Some(512.0 * 1024.0 * 1024.0)
        );
        assert_eq!(super::parse_go_bytes("1000"), Some(1000.0));
        assert_eq!(super::parse_go_bytes("1Gi"), None);
    }
}
