use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an Ingress backend (`defaultBackend` or a rule path) whose
    /// Service is not in the input — when the input holds at least one
    /// Service, or with `assume_complete_input: true` — or whose port
    /// (`port.number` / `port.name`, or `servicePort` in the old
    /// `extensions/v1beta1` form) is not a port of that Service.
    ///
    /// ## Why is this bad?
    /// The controller answers that path with 503 (or 404 for a default
    /// backend): the Ingress looks fine, the site is down (“Deploying Go apps to Kubernetes” §2.5
    /// puts an Ingress in front of the Service).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    /// ---
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    /// spec:
    ///   rules:
    ///     - host: example.com
    ///       http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: web
    ///                 port:
    ///                   number: 8080
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    /// ---
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    /// spec:
    ///   rules:
    ///     - host: example.com
    ///       http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: web
    ///                 port:
    ///                   number: 80
    /// ```
    pub struct IngressBackendNotFound {
        id: "ingress-backend-not-found",
        category: Networking,
        severity: Warning,
        default: On,
        scope: Objects,
        seed: "000 §2.5",
        title: ["An Ingress points at a missing Service or port", "Ingress 指向不存在的 Service 或端口"],
        what_zh: "报告 Ingress 后端（`defaultBackend` 或规则路径）的 Service 不在输入中（当输入中至少有一个 Service，或设置了 `assume_complete_input: true` 时），或其端口（`port.number` / `port.name`，旧的 `extensions/v1beta1` 形式为 `servicePort`）不是该 Service 的端口。",
        why_zh: "控制器会对该路径返回 503（默认后端返回 404）：Ingress 看起来正常，网站却无法访问（《Go应用Kubernetes部署》§2.5 在 Service 前面放了一个 Ingress）。",
        fix: ["Name an existing Service and one of its `port` numbers or names.", "指定一个存在的 Service，以及它的某个 `port` 端口号或端口名。"],
    }
}

/// One backend: the service name node, the port node, and their paths.
struct Backend<'a> {
    name: &'a Node<'a>,
    name_path: String,
    port: Option<(&'a Node<'a>, String)>,
}

fn backend<'a>(node: &'a Node<'a>, path: &str) -> Option<Backend<'a>> {
    if let Some(service) = node.get("service") {
        // networking.k8s.io/v1
        let port = service.get("port").and_then(|p| {
            p.get("number")
                .map(|n| (n, format!("{path}.service.port.number")))
                .or_else(|| {
                    p.get("name")
                        .map(|n| (n, format!("{path}.service.port.name")))
                })
        });
        return Some(Backend {
            name: service.get("name")?,
            name_path: format!("{path}.service.name"),
            port,
        });
    }
    // extensions/v1beta1 and networking.k8s.io/v1beta1
    Some(Backend {
        name: node.get("serviceName")?,
        name_path: format!("{path}.serviceName"),
        port: node
            .get("servicePort")
            .map(|p| (p, format!("{path}.servicePort"))),
    })
}

impl Check for IngressBackendNotFound {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, ingress) in cx.of_kind("Ingress") {
            let Some(spec) = ingress.spec() else { continue };
            let mut backends = Vec::new();
            for field in ["defaultBackend", "backend"] {
                if let Some(b) = spec
                    .get(field)
                    .and_then(|n| backend(n, &ingress.join(&format!("spec.{field}"))))
                {
                    backends.push(b);
                }
            }
            for (i, rule) in spec.items("rules").iter().enumerate() {
                for (j, path) in rule
                    .get("http")
                    .map(|h| h.items("paths"))
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                {
                    let at = ingress.join(&format!("spec.rules[{i}].http.paths[{j}].backend"));
                    if let Some(b) = path.get("backend").and_then(|n| backend(n, &at)) {
                        backends.push(b);
                    }
                }
            }
            for b in backends {
                let Some(name) = b.name.as_str() else {
                    continue;
                };
                match cx.find("Service", ingress, name) {
                    None if cx.judges_absence("Service", ingress) => {
                        out.report(
                            At::object(index, b.name, b.name_path),
                            cx.not_found("Service", ingress, name),
                        );
                    }
                    Some((_, service)) => {
                        let Some((port, port_path)) = b.port else {
                            continue;
                        };
                        let ports = service.spec().map(|s| s.items("ports")).unwrap_or(&[]);
                        let matches = |p: &Node| match port.as_i64() {
                            Some(n) => p.get("port").and_then(Node::as_i64) == Some(n),
                            None => p.get("name").and_then(Node::as_str) == port.as_str(),
                        };
                        if ports.iter().any(matches) {
                            continue;
                        }
                        let wanted = port.as_str().unwrap_or("?");
                        let have = ports
                            .iter()
                            .map(|p| {
                                match (
                                    p.get("port").and_then(Node::as_str),
                                    p.get("name").and_then(Node::as_str),
                                ) {
                                    (Some(n), Some(name)) => format!("{n} ({name})"),
                                    (Some(n), None) => n.to_owned(),
                                    _ => "?".to_owned(),
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(", ");
                        out.report(
                            At::object(index, port, port_path),
                            text!(
                                "Service {name} has no port `{wanted}` (its ports: {have})",
                                "Service {name} 没有端口 `{wanted}`（它的端口：{have}）"
                            ),
                        );
                    }
                    None => {}
                }
            }
        }
    }
}
