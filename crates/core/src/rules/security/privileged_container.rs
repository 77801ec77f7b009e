use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `securityContext.privileged: true` on any container.
    ///
    /// ## Why is this bad?
    /// A privileged container has every capability and every device of the
    /// node: escaping it is trivial, so a bug in the app becomes root on the
    /// node (“Go + K8s development guide” §4.1: least privilege).
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
    ///     securityContext:
    ///       privileged: true
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
    ///     securityContext:
    ///       privileged: false
    ///       allowPrivilegeEscalation: false
    ///       capabilities:
    ///         drop: [ALL]
    /// ```
    pub struct PrivilegedContainer {
        id: "privileged-container",
        category: Security,
        severity: Error,
        default: On,
        seed: "004 §4.1",
        title: ["A container runs privileged", "容器以特权模式运行"],
        what_zh: "报告任何容器上的 `securityContext.privileged: true`。",
        why_zh: "特权容器拥有节点的全部能力和全部设备：逃逸轻而易举，应用中的一个漏洞就变成了节点上的 root（《Go语言+K8s开发指南》§4.1：最小权限）。",
        fix: ["Remove `privileged: true`; add only the specific capability the app needs.", "去掉 `privileged: true`；只添加应用确实需要的那一项能力。"],
    }
}

impl Check for PrivilegedContainer {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let Some(node) = c.security("privileged") else {
                continue;
            };
            if node.as_bool() == Some(true) {
                let rest = Text::new(
                    "runs privileged: it has full access to the node",
                    "以特权模式运行：可以完全访问节点",
                );
                out.report(c.at(node, "securityContext.privileged").labelled(), rest);
            }
        }
    }
}
