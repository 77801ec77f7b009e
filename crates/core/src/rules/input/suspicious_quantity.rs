use crate::model::Format;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports quantities that parse but are almost surely a unit slip:
    /// memory below 1Mi (`memory: 256` is 256 *bytes*, `256m` is a quarter
    /// of a byte), a decimal `1G` next to binary `Mi`/`Gi` values in the same
    /// container, and cpu above a threshold (default 64 cores, e.g. `cpu: 200`
    /// where `200m` was meant).
    ///
    /// ## Why is this bad?
    /// The API server accepts these values, so the mistake shows up only at
    /// run time: a container that is OOM-killed at start, a pod that no node
    /// can schedule, or limits a few percent off what you planned.
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
    ///       requests:
    ///         memory: 256
    ///         cpu: 200
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
    ///         memory: 256Mi
    ///         cpu: 200m
    /// ```
    pub struct SuspiciousQuantity {
        id: "suspicious-quantity",
        category: Input,
        severity: Warning,
        default: On,
        seed: "000 §2.1",
        title: ["A quantity that is probably a unit slip", "资源数量的单位很可能写错了"],
        what_zh: "报告能解析但几乎肯定是单位写错的数量：内存小于 1Mi（`memory: 256` 是 256 *字节*，`256m` 是四分之一字节）、同一容器里十进制的 `1G` 与二进制的 `Mi`/`Gi` 混用、CPU 超过阈值（默认 64 核，例如本想写 `200m` 却写成 `cpu: 200`）。",
        why_zh: "API Server 会接受这些值，错误只会在运行时暴露：容器一启动就被 OOMKilled、Pod 无法调度到任何节点，或者限制值与计划相差几个百分点。",
        fix: ["Add the unit you meant: `Mi`/`Gi` for memory, `m` for thousandths of a cpu.", "补上你想要的单位：内存用 `Mi`/`Gi`，CPU 的千分之一用 `m`。"],
    }
}

const MEBIBYTE: f64 = 1024.0 * 1024.0;

impl Check for SuspiciousQuantity {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let max_cpu = cx.settings.thresholds.max_cpu_cores;
        for site in &super::invalid_quantity::quantity_sites(cx) {
            let (Some(text), Some(q)) = (site.value.as_str(), quantity_of(site.value)) else {
                continue;
            };
            let message = match site.resource {
                "memory" | "requests.memory" | "limits.memory"
                    if !q.is_zero() && q.as_f64() < MEBIBYTE =>
                {
                    let number = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                    if q.suffix == "m" {
                        Some(text!(
                            "memory `{text}` is {number} thousandths of a byte: `m` means milli, not mega",
                            "内存 `{text}` 是 {number} 个千分之一字节：`m` 表示毫（千分之一），不是兆"
                        ))
                    } else {
                        let bytes = crate::text::decimal(q.as_f64());
                        Some(text!(
                            "memory `{text}` is only {bytes} bytes; did you mean `{number}Mi`?",
                            "内存 `{text}` 只有 {bytes} 字节；你是不是想写 `{number}Mi`？"
                        ))
                    }
                }
                "memory" if q.format == Format::DecimalSi && !q.suffix.is_empty() => {
                    // Only the same container's memory values count as "next to" this one.
                    let binary = site
                        .container
                        .iter()
                        .flat_map(|c| {
                            [
                                c.quantity("requests", "memory"),
                                c.quantity("limits", "memory"),
                            ]
                        })
                        .flatten()
                        .find(|o| o.format == Format::BinarySi)
                        .map(|o| o.suffix);
                    binary.map(|binary| {
                        let suffix = &q.suffix;
                        let meant = format!("{}i", suffix.to_ascii_uppercase());
                        text!(
                            "memory `{text}` uses a decimal unit next to binary `{binary}` values: 1{suffix} is about 7% less than 1{meant}",
                            "内存 `{text}` 使用十进制单位，而旁边的值使用二进制单位 `{binary}`：1{suffix} 比 1{meant} 少约 7%"
                        )
                    })
                }
                "cpu" if q.as_f64() > max_cpu => {
                    let cores = crate::text::decimal(q.as_f64());
                    let max_cpu = crate::text::decimal(max_cpu);
                    Some(text!(
                        "cpu `{text}` is {cores} cores, more than {max_cpu}; did you mean `{text}m`?",
                        "CPU `{text}` 是 {cores} 核，超过了 {max_cpu} 核；你是不是想写 `{text}m`？"
                    ))
                }
                _ => None,
            };
            let Some(message) = message else { continue };
            let at = At::container(site.index, site.container, site.value, site.path());
            out.report(at, message);
        }
    }
}
