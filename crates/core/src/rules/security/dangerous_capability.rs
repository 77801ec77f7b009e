use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container that adds a capability that amounts to control of
    /// the node: `ALL`, `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `SYS_MODULE`,
    /// `SYS_RAWIO`, `SYS_BOOT`, `BPF`, `DAC_READ_SEARCH`.
    ///
    /// ## Why is this bad?
    /// `SYS_ADMIN` alone allows mounting filesystems and most container
    /// escapes; `NET_ADMIN` rewrites the node's network; `SYS_PTRACE` reads
    /// other processes' memory (“Go + K8s development guide” §4.1).
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
    ///       capabilities:
    ///         add: [SYS_ADMIN]
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
    ///       capabilities:
    ///         drop: [ALL]
    ///         add: [NET_BIND_SERVICE]
    /// ```
    pub struct DangerousCapability {
        id: "dangerous-capability",
        category: Security,
        severity: Error,
        default: On,
        seed: "004 §4.1",
        title: ["A container adds a dangerous capability", "容器添加了危险的能力"],
        what_zh: "报告添加了等同于控制节点的能力的容器：`ALL`、`SYS_ADMIN`、`NET_ADMIN`、`SYS_PTRACE`、`SYS_MODULE`、`SYS_RAWIO`、`SYS_BOOT`、`BPF`、`DAC_READ_SEARCH`。",
        why_zh: "仅 `SYS_ADMIN` 就允许挂载文件系统和大多数容器逃逸；`NET_ADMIN` 可以改写节点网络；`SYS_PTRACE` 可以读取其他进程的内存（《Go语言+K8s开发指南》§4.1）。",
        fix: ["Remove the capability; if the app truly needs it, run it in a separate, isolated workload.", "去掉这项能力；如果应用确实需要，放到单独隔离的工作负载中运行。"],
    }
}

const DANGEROUS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "SYS_PTRACE",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_BOOT",
    "BPF",
    "DAC_READ_SEARCH",
];

impl Check for DangerousCapability {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let add = c
                .node
                .path(&["securityContext", "capabilities", "add"])
                .and_then(Node::as_seq)
                .unwrap_or(&[]);
            for (i, cap) in add.iter().enumerate() {
                let Some(name) = cap.as_str() else { continue };
                let upper = name.to_ascii_uppercase();
                if !DANGEROUS.contains(&upper.strip_prefix("CAP_").unwrap_or(&upper)) {
                    continue;
                }
                out.report(
                    c.at_path(
                        cap,
                        c.join(&format!("securityContext.capabilities.add[{i}]")),
                    )
                    .labelled(),
                    text!(
                        "adds capability {name}, which gives control of the node",
                        "添加了能力 {name}，它等同于控制节点"
                    ),
                );
            }
        }
    }
}
