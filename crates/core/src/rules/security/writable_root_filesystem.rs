use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container whose `securityContext.readOnlyRootFilesystem` is not `true`.
    ///
    /// ## Why is this bad?
    /// An attacker who gets code execution can drop tools and change binaries in a writable filesystem; a Go binary rarely needs to write anywhere but a mounted `emptyDir` (“Go + K8s development guide” §4.1).
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
    ///       readOnlyRootFilesystem: false
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
    ///       readOnlyRootFilesystem: true
    /// ```
    pub struct WritableRootFilesystem {
        id: "writable-root-filesystem",
        category: Security,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "004 §4.1",
        title: ["The root filesystem is writable", "根文件系统可写"],
        what_zh: "报告 `securityContext.readOnlyRootFilesystem` 不为 `true` 的容器。",
        why_zh: "获得代码执行权限的攻击者可以在可写文件系统中放置工具、篡改程序；Go 程序除了挂载的 `emptyDir` 之外很少需要写入（《Go语言+K8s开发指南》§4.1）。",
        fix: ["Set `readOnlyRootFilesystem: true` and mount an `emptyDir` where the app must write (e.g. /tmp).", "设置 `readOnlyRootFilesystem: true`，在应用必须写入的地方（如 /tmp）挂载 `emptyDir`。"],
    }
}

impl Check for WritableRootFilesystem {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        // Not safe: an app that writes outside its volumes stops working.
        check_security_flag(
            cx,
            out,
            "readOnlyRootFilesystem",
            true,
            Text::new("has a writable root filesystem", "的根文件系统可写"),
            false,
        );
    }
}
