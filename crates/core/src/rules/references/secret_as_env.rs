use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Secret consumed through environment variables
    /// (`secretKeyRef` or `envFrom.secretRef`) rather than a mounted volume.
    /// Opt-in: env vars are the common, accepted way for many apps.
    ///
    /// ## Why is this bad?
    /// Environment variables leak: crash reports and debug endpoints print
    /// them, child processes inherit them, and they never change until the
    /// pod restarts. A mounted Secret is a file with tight permissions that
    /// Kubernetes updates in place (“Go + K8s development guide” §4.2's advice).
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
    ///     - name: DB_PASSWORD
    ///       valueFrom:
    ///         secretKeyRef:
    ///           name: db
    ///           key: password
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   volumes:
    ///   - name: db
    ///     secret:
    ///       secretName: db
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    ///     volumeMounts:
    ///     - name: db
    ///       mountPath: /etc/secrets/db
    ///       readOnly: true
    /// ```
    pub struct SecretAsEnv {
        id: "secret-as-env",
        category: References,
        severity: Info,
        default: OptIn,
        seed: "004 §4.2",
        title: ["A Secret is passed as env vars", "Secret 以环境变量方式传入"],
        what_zh: "报告通过环境变量（`secretKeyRef` 或 `envFrom.secretRef`）而不是挂载卷使用的 Secret。需手动启用：对很多应用来说，环境变量是常见且可接受的方式。",
        why_zh: "环境变量容易泄露：崩溃报告和调试接口会打印它们，子进程会继承它们，而且在 Pod 重启前永远不会更新。挂载的 Secret 是权限严格的文件，Kubernetes 会原地更新它（《Go语言+K8s开发指南》§4.2 的建议）。",
        fix: ["Mount the Secret as a read-only volume and read the file.", "把 Secret 挂载为只读卷，并读取文件。"],
    }
}

impl Check for SecretAsEnv {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for w in cx.workloads() {
            for r in cx.index.references(w.index) {
                let (Some(container), "Secret", "env" | "envFrom") = (r.container, r.kind, r.via)
                else {
                    continue;
                };
                let Some(name) = r.name.as_str() else {
                    continue;
                };
                let message = text!(
                    "reads Secret {name} through environment variables",
                    "通过环境变量读取 Secret {name}"
                );
                let at = At::container(w.index, Some(container), r.name, r.path.clone());
                out.report(at.labelled(), message);
            }
        }
    }
}
