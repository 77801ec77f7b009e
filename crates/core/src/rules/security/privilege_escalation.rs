use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container whose `securityContext.allowPrivilegeEscalation` is not `false` (it defaults to true).
    ///
    /// ## Why is this bad?
    /// With escalation allowed, a setuid binary or file capability in the image lets a process gain more privileges than it started with (“Go + K8s development guide” §4.1 sets it to false).
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
    ///       allowPrivilegeEscalation: true
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
    ///       allowPrivilegeEscalation: false
    /// ```
    pub struct PrivilegeEscalation {
        id: "privilege-escalation",
        category: Security,
        severity: Warning,
        default: On,
        fixable: Safe,
        seed: "004 §4.1",
        title: ["Privilege escalation is not disabled", "没有禁止权限提升"],
        what_zh: "报告 `securityContext.allowPrivilegeEscalation` 不为 `false` 的容器（默认为 true）。",
        why_zh: "允许权限提升时，镜像中的 setuid 程序或文件能力可以让进程获得比启动时更多的权限（《Go语言+K8s开发指南》§4.1 将其设为 false）。",
        fix: ["Set `securityContext.allowPrivilegeEscalation: false`.", "设置 `securityContext.allowPrivilegeEscalation: false`。"],
    }
}

impl Check for PrivilegeEscalation {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let rest = Text::new(
            "does not set allowPrivilegeEscalation: false",
            "没有设置 allowPrivilegeEscalation: false",
        );
        check_security_flag(cx, out, "allowPrivilegeEscalation", false, rest, true);
    }
}
