use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container with no `RuntimeDefault` or `Localhost` seccomp
    /// profile, at container or pod level. Opt-in.
    ///
    /// ## Why is this bad?
    /// Without a profile the container may call every system call the kernel
    /// offers, including the rarely used ones most kernel exploits need. The
    /// runtime's default profile blocks those and costs nothing for a Go
    /// service (“Go + K8s development guide” §4.1). The `restricted` Pod Security Standard
    /// requires it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
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
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     seccompProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    /// ```
    pub struct MissingSeccompProfile {
        id: "missing-seccomp-profile",
        category: Security,
        severity: Info,
        default: OptIn,
        seed: "004 §4.1",
        title: ["No seccomp profile", "没有 seccomp 配置"],
        what_zh: "报告在容器级和 Pod 级都没有 `RuntimeDefault` 或 `Localhost` seccomp 配置的容器。需手动启用。",
        why_zh: "没有 seccomp 配置时，容器可以调用内核提供的所有系统调用，包括大多数内核漏洞利用所需的冷门调用。运行时的默认配置会拦截它们，对 Go 服务没有任何代价（《Go语言+K8s开发指南》§4.1）。`restricted` Pod 安全标准要求设置它。",
        fix: ["Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.", "在 Pod 上设置 `securityContext.seccompProfile.type: RuntimeDefault`。"],
    }
}

impl Check for MissingSeccompProfile {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let profile = c
                .pod
                .effective_security(&c, "seccompProfile")
                .and_then(|p| p.get("type"))
                .and_then(Node::as_str);
            if !matches!(profile, Some("RuntimeDefault" | "Localhost")) {
                out.report(
                    c.lacking(),
                    Text::new("runs without a seccomp profile", "没有 seccomp 配置"),
                );
            }
        }
    }
}
