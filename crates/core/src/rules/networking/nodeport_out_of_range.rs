use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Service `nodePort` outside the default NodePort range,
    /// 30000–32767 (`0` means "pick one for me" and is left alone).
    ///
    /// ## Why is this bad?
    /// The API server rejects the Service (`provided port is not in the valid
    /// range`) unless the cluster was started with a wider
    /// `--service-node-port-range`. “Gin on Kubernetes” §3.2 exposes a NodePort; `80` or
    /// `8080` written as a `nodePort` is the usual slip.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   type: NodePort
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    ///       nodePort: 8080
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   type: NodePort
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    ///       nodePort: 30080
    /// ```
    pub struct NodeportOutOfRange {
        id: "nodeport-out-of-range",
        category: Networking,
        severity: Error,
        default: On,
        fixable: Review,
        seed: "001 §3.2",
        title: ["A nodePort is outside 30000–32767", "nodePort 超出 30000–32767 范围"],
        what_zh: "报告超出默认 NodePort 范围 30000–32767 的 Service `nodePort`（`0` 表示“自动分配”，不会被报告）。",
        why_zh: "API Server 会拒绝这个 Service（`provided port is not in the valid range`），除非集群启动时设置了更宽的 `--service-node-port-range`。《Gin框架与Kubernetes部署》§3.2 暴露了一个 NodePort；把 `80` 或 `8080` 写成 `nodePort` 是常见的笔误。",
        fix: ["Pick a nodePort between 30000 and 32767, or leave it out and let Kubernetes choose.", "选择 30000 到 32767 之间的 nodePort，或者不写，让 Kubernetes 自动分配。"],
    }
}

impl Check for NodeportOutOfRange {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.of_kind("Service") {
            let Some(spec) = object.spec() else { continue };
            for (i, port) in spec.items("ports").iter().enumerate() {
                let Some(node) = port.get("nodePort") else {
                    continue;
                };
                let Some(value) = node.as_i64() else { continue };
                // 0 is the unset value (`kubectl get -o yaml` of old clusters
                // prints it): Kubernetes allocates a port.
                if value == 0 || (30000..=32767).contains(&value) {
                    continue;
                }
                let what = object.describe();
                out.report(
                    At::object(
                        index,
                        node,
                        object.join(&format!("spec.ports[{i}].nodePort")),
                    ),
                    text!(
                        "{what}: nodePort {value} is outside the NodePort range 30000–32767",
                        "{what}：nodePort {value} 超出了 NodePort 范围 30000–32767"
                    ),
                )
                .fix(fix_with(cx, index, false, |s| {
                    Some(vec![s.delete_entry(port, "nodePort")?])
                }));
            }
        }
    }
}
