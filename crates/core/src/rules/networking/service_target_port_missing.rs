use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Service port whose `targetPort` (or `port`, when
    /// `targetPort` is left out) is not a port of the pods the Service
    /// selects in the input: a port *name* that no selected container
    /// declares is an error; a *number* that no selected container declares
    /// is a warning, and only when those containers declare ports at all
    /// (declaring `containerPort` is optional for numbers).
    ///
    /// ## Why is this bad?
    /// A named `targetPort` that no container declares gives the Service no
    /// endpoints for that port; a wrong number sends traffic where nothing
    /// listens — connection refused behind a healthy-looking Service (“Gin on Kubernetes” §3.2 maps `port: 80` to the container's `8080`).
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
    ///       targetPort: http
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   labels:
    ///     app: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/acme/app:v1
    ///       ports:
    ///         - containerPort: 8080
    ///           name: web
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
    ///       targetPort: http
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   labels:
    ///     app: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/acme/app:v1
    ///       ports:
    ///         - containerPort: 8080
    ///           name: http
    /// ```
    pub struct ServiceTargetPortMissing {
        id: "service-target-port-missing",
        category: Networking,
        severity: Error,
        default: On,
        scope: Objects,
        seed: "001 §3.2",
        title: ["A Service targets a port its pods do not declare", "Service 指向 Pod 未声明的端口"],
        what_zh: "报告 Service 端口的 `targetPort`（省略 `targetPort` 时为 `port`）不是其在输入中选中的 Pod 的端口：没有任何被选中容器声明的端口*名*是错误；没有任何被选中容器声明的端口*号*是警告，且只在这些容器声明了端口时才报告（对端口号来说，声明 `containerPort` 是可选的）。",
        why_zh: "没有容器声明的命名 `targetPort` 会让 Service 在该端口上没有 endpoints；错误的端口号会把流量发到没有程序监听的地方——Service 看起来正常，连接却被拒绝（《Gin框架与Kubernetes部署》§3.2 把 `port: 80` 映射到容器的 `8080`）。",
        fix: ["Point `targetPort` at a `containerPort` (number or name) of the selected containers.", "让 `targetPort` 指向被选中容器的某个 `containerPort`（端口号或名字）。"],
    }
}

impl Check for ServiceTargetPortMissing {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, service) in cx.of_kind("Service") {
            // (Worked out once for the Services that share a selector.)
            let Some(backend) = cx.index.service_backends(index) else {
                continue;
            };
            if backend.selected.is_empty() {
                continue;
            }
            let selected = || backend.selected.iter().filter_map(|&i| cx.objects.get(i));
            let declared_ports = || backend.ports.iter().copied();
            // The texts are built only for a finding.
            let declared = || {
                let mut seen: Vec<String> = Vec::new();
                for (n, name) in declared_ports() {
                    let text = match (n, name) {
                        (Some(n), Some(name)) => format!("{n} ({name})"),
                        (Some(n), None) => n.to_string(),
                        (None, Some(name)) => name.to_string(),
                        (None, None) => "?".to_owned(),
                    };
                    if !seen.contains(&text) {
                        seen.push(text);
                    }
                }
                seen.join(", ")
            };
            let pods = || {
                let mut names: Vec<String> = selected().take(3).map(|o| o.describe()).collect();
                let count = backend.selected.len();
                if count > 3 {
                    names.push(format!("+{}", count - 3));
                }
                names.join(", ")
            };
            let what = service.describe();
            for (i, port) in service
                .spec()
                .map(|s| s.items("ports"))
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let (node, field) = match (port.get("targetPort"), port.get("port")) {
                    (Some(t), _) => (t, "targetPort"),
                    (None, Some(p)) => (p, "port"),
                    (None, None) => continue,
                };
                let path = service.join(&format!("spec.ports[{i}].{field}"));
                match (node.as_i64(), node.as_str()) {
                    (Some(number), _) => {
                        if declared_ports().next().is_none()
                            || declared_ports().any(|(n, _)| n == Some(number))
                        {
                            continue;
                        }
                        let (declared, pods) = (declared(), pods());
                        out.report(At::object(index, node, path), text!(
                                "{what} sends {field} {number} to pods that declare only {declared} ({pods})",
                                "{what} 把 {field} {number} 发往只声明了 {declared} 的 Pod（{pods}）"
                            ))
                        .severity(Severity::Warning);
                    }
                    (None, Some(name)) => {
                        if declared_ports().any(|(_, n)| n == Some(name)) {
                            continue;
                        }
                        let (declared, pods) = (declared(), pods());
                        let declared = if declared.is_empty() {
                            "no ports".to_owned()
                        } else {
                            declared
                        };
                        let declared_zh = if declared_ports().next().is_none() {
                            "没有声明端口".to_owned()
                        } else {
                            format!("声明的是 {declared}")
                        };
                        let hint =
                            crate::text::closest(name, declared_ports().filter_map(|(_, n)| n))
                                .map(|c| {
                                    (
                                        format!(" — did you mean `{c}`?"),
                                        format!("——你是不是想写 `{c}`？"),
                                    )
                                })
                                .unwrap_or_default();
                        let (hint_en, hint_zh) = hint;
                        out.report(At::object(index, node, path), text!(
                                "{what} targets port name `{name}`, but the pods it selects ({pods}) declare {declared}{hint_en}",
                                "{what} 指向端口名 `{name}`，但它选中的 Pod（{pods}）{declared_zh}{hint_zh}"
                            ));
                    }
                    _ => {}
                }
            }
        }
    }
}
