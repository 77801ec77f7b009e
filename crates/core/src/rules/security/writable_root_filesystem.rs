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
        let rest = Text::new("has a writable root filesystem", "的根文件系统可写");
        for c in cx.containers() {
            let node = c.security("readOnlyRootFilesystem");
            if node.and_then(Node::as_bool) == Some(true) {
                continue;
            }
            let paths = writable_paths(c.image().and_then(Node::as_str).unwrap_or(""));
            // Not safe: an app that writes outside its volumes stops
            // working; the note says where it usually writes.
            let fix = set_fix(
                cx,
                c.index,
                false,
                c.node,
                &["securityContext", "readOnlyRootFilesystem"],
                || FixValue::Noted("true".into(), format!("TODO: mount an emptyDir at {paths}")),
            );
            let help = help!(
                "Set `readOnlyRootFilesystem: true` and mount an `emptyDir` volume at every path the app writes to: {paths}.",
                "设置 `readOnlyRootFilesystem: true`，并在应用写入的每个路径挂载 `emptyDir` 卷：{paths}。"
            );
            let at = match node {
                Some(node) => c
                    .at(node, "securityContext.readOnlyRootFilesystem")
                    .labelled(),
                None => c.lacking(),
            };
            out.report(at, rest.clone()).help(help).fix(fix);
        }
    }
}

/// Where an image usually writes, for the images whose writes are known
/// (a read-only root filesystem stops them elsewhere); `/tmp` and the
/// app's own paths for any other.
fn writable_paths(image: &str) -> &'static str {
    let name = crate::model::ImageRef::parse(image).repository;
    let last = name.rsplit('/').next().unwrap_or(name);
    match last {
        "nginx" => "/var/cache/nginx, /var/run and /tmp (nginx)",
        "nginx-unprivileged" => "/tmp (nginx-unprivileged)",
        "redis" => "/data (redis)",
        "postgres" => "/var/lib/postgresql/data, /var/run/postgresql and /tmp (postgres)",
        "mysql" | "mariadb" => "/var/lib/mysql, /var/run/mysqld and /tmp (MySQL)",
        "httpd" => "/usr/local/apache2/logs (httpd)",
        _ => "/tmp, and any other path the app writes to",
    }
}
