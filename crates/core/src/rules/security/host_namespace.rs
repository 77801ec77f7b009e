use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a pod that shares a namespace with its node: `hostNetwork`,
    /// `hostPID` or `hostIPC` set to `true`.
    ///
    /// ## Why is this bad?
    /// `hostNetwork` puts the pod on the node's network (it can reach every
    /// local service and bypasses NetworkPolicies); `hostPID` lets it see and
    /// signal every process on the node; `hostIPC` shares its memory. None of
    /// this is needed by an application service (“Go + K8s development guide” §4.1, §4.3).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   hostNetwork: true
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
    /// ```
    pub struct HostNamespace {
        id: "host-namespace",
        category: Security,
        severity: Error,
        default: On,
        seed: "004 §4.1, §4.3",
        title: ["The pod shares a host namespace", "Pod 共享了宿主机命名空间"],
        what_zh: "报告与节点共享命名空间的 Pod：`hostNetwork`、`hostPID` 或 `hostIPC` 为 `true`。",
        why_zh: "`hostNetwork` 让 Pod 处于节点网络中（可访问节点上的所有本地服务，并绕过 NetworkPolicy）；`hostPID` 让它能看到并向节点上所有进程发信号；`hostIPC` 共享其内存。应用服务都不需要这些（《Go语言+K8s开发指南》§4.1、§4.3）。",
        fix: ["Remove `hostNetwork`/`hostPID`/`hostIPC`; expose ports through a Service instead.", "去掉 `hostNetwork`/`hostPID`/`hostIPC`；改用 Service 暴露端口。"],
    }
}

impl Check for HostNamespace {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for w in cx.workloads() {
            for key in ["hostNetwork", "hostPID", "hostIPC"] {
                let Some(node) = w.pod.spec.get(key) else {
                    continue;
                };
                if node.as_bool() != Some(true) {
                    continue;
                }
                let what = w.object.describe();
                out.report(
                    At::object(w.index, node, w.pod.join(key)),
                    text!("{what} sets {key}: true", "{what} 设置了 {key}: true"),
                );
            }
        }
    }
}
