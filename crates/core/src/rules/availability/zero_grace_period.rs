use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `terminationGracePeriodSeconds: 0`.
    ///
    /// ## Why is this bad?
    /// The kubelet kills the container at once, without SIGTERM time: no
    /// graceful shutdown, in-flight requests fail, connections are cut
    /// (“Deploying Go apps to Kubernetes” §3.2 handles SIGTERM and drains before exit).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   terminationGracePeriodSeconds: 0
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
    ///   terminationGracePeriodSeconds: 30
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    /// ```
    pub struct ZeroGracePeriod {
        id: "zero-grace-period",
        category: Availability,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "000 §3.2",
        title: ["Pods are killed without a grace period", "Pod 被无宽限期地杀掉"],
        what_zh: "报告 `terminationGracePeriodSeconds: 0`。",
        why_zh: "kubelet 会立即杀掉容器，不给 SIGTERM 处理时间：无法优雅关闭，进行中的请求失败，连接被切断（《Go应用Kubernetes部署》§3.2 在退出前处理 SIGTERM 并排空请求）。",
        fix: ["Remove it (default 30s) or set it longer than your shutdown takes.", "删除该字段（默认 30 秒），或设为比关闭过程更长的时间。"],
    }
}

impl Check for ZeroGracePeriod {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for w in cx.workloads() {
            let Some(node) = w.pod.spec.get("terminationGracePeriodSeconds") else {
                continue;
            };
            if node.as_i64() != Some(0) {
                continue;
            }
            let what = w.object.describe();
            out.report(At::object(w.index, node, w.pod.join("terminationGracePeriodSeconds")), text!(
                    "{what} has terminationGracePeriodSeconds: 0: no graceful shutdown, in-flight requests fail",
                    "{what} 的 terminationGracePeriodSeconds 为 0：无法优雅关闭，进行中的请求会失败"
                ))
            .fix(fix_with(cx, w.index, false, |s| Some(vec![s.replace(node, "30")])));
        }
    }
}
