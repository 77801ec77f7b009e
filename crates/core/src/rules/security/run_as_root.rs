use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container that may run as root: neither it nor its pod sets
    /// `runAsNonRoot: true` or a non-zero `runAsUser` (pod-level values are
    /// inherited, container values win), or one that sets `runAsUser: 0`.
    ///
    /// ## Why is this bad?
    /// Most images default to root. Root in a container is root on the node
    /// as soon as anything else goes wrong (a writable host mount, a kernel
    /// bug). “Go + K8s development guide” §4.1 and “Gin on Kubernetes” §2.2 ("显式设置用户") say: set the user
    /// explicitly.
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
    ///     runAsUser: 1001
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    /// ```
    pub struct RunAsRoot {
        id: "run-as-root",
        category: Security,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "004 §4.1, 001 §2.2",
        title: ["A container may run as root", "容器可能以 root 运行"],
        what_zh: "报告可能以 root 运行的容器：容器和 Pod 都没有设置 `runAsNonRoot: true` 或非零的 `runAsUser`（Pod 级的值会被继承，容器级优先），或设置了 `runAsUser: 0`。",
        why_zh: "大多数镜像默认以 root 运行。一旦出现其他问题（可写的宿主机挂载、内核漏洞），容器里的 root 就是节点上的 root。《Go语言+K8s开发指南》§4.1 和《Gin框架与Kubernetes部署》§2.2（“显式设置用户”）都要求显式设置用户。",
        fix: ["Set `runAsNonRoot: true` and a non-zero `runAsUser` in the pod's or container's securityContext.", "在 Pod 或容器的 securityContext 中设置 `runAsNonRoot: true` 和非零的 `runAsUser`。"],
    }
}

impl Check for RunAsRoot {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let user = c.pod.effective_security(&c, "runAsUser");
            let non_root = c
                .pod
                .effective_security(&c, "runAsNonRoot")
                .and_then(Node::as_bool)
                == Some(true);
            match (user, user.and_then(Node::as_i64)) {
                (Some(node), Some(0)) => {
                    let rest = Text::new("runs as user 0 (root)", "以用户 0（root）运行");
                    out.report(c.at_path(node, c.path.clone()).labelled(), rest);
                }
                (_, Some(_)) => {}
                _ if non_root => {}
                _ => {
                    let rest = text!(
                        "may run as root: neither it nor the pod sets runAsNonRoot or runAsUser",
                        "可能以 root 运行：容器和 Pod 都没有设置 runAsNonRoot 或 runAsUser"
                    );
                    // Not safe: an image built to run as root then fails to
                    // start, and which user it can run as, only its author
                    // knows: the fix says so rather than invent a UID.
                    let note = "TODO: the image must run as a non-root user; if it starts as root, also set runAsUser to a UID it can run as";
                    let fix = set_fix(
                        cx,
                        c.index,
                        false,
                        c.node,
                        &["securityContext", "runAsNonRoot"],
                        || FixValue::Noted("true".into(), note.into()),
                    );
                    out.report(c.lacking(), rest)
                        .help(help!(
                            "Set `runAsNonRoot: true`. The container then starts only if its image runs as a non-root user: if it starts as root (the official nginx image does), also set `runAsUser` to a UID it can run as, or use a non-root variant of the image.",
                            "设置 `runAsNonRoot: true`。之后只有镜像以非 root 用户运行时容器才能启动：如果镜像以 root 启动（官方 nginx 镜像就是），还要把 `runAsUser` 设为镜像能够使用的 UID，或改用镜像的非 root 版本。"
                        ))
                        .fix(fix);
                }
            }
        }
    }
}
