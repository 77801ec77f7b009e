use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Service of `type: NodePort`.
    ///
    /// ## Why is this bad?
    /// Every node of the cluster opens the port, on every interface, for
    /// every client that can reach a node; ports are picked from a small
    /// shared range and clients must know node addresses. “Gin on Kubernetes” §3.2 uses
    /// one for a quick test; for real traffic an Ingress (or a LoadBalancer)
    /// in front of a ClusterIP Service is the usual choice (“Deploying Go apps to Kubernetes” §2.5).
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
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   type: ClusterIP
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    /// ```
    pub struct NodeportService {
        id: "nodeport-service",
        category: Networking,
        severity: Info,
        default: On,
        seed: "000 §2.5",
        title: ["A Service is exposed on every node", "Service 在每个节点上暴露端口"],
        what_zh: "报告 `type: NodePort` 的 Service。",
        why_zh: "集群中的每个节点都会在所有网卡上为所有能访问节点的客户端打开这个端口；端口来自一个很小的共享范围，客户端还必须知道节点地址。《Gin框架与Kubernetes部署》§3.2 用它做快速测试；真实流量通常在 ClusterIP Service 前面放一个 Ingress（或 LoadBalancer）（《Go应用Kubernetes部署》§2.5）。",
        fix: ["Use a ClusterIP Service behind an Ingress or a LoadBalancer.", "使用 ClusterIP Service，并在前面放 Ingress 或 LoadBalancer。"],
    }
}

impl Check for NodeportService {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.of_kind("Service") {
            let Some(node) = object.spec().and_then(|s| s.get("type")) else {
                continue;
            };
            if node.as_str() != Some("NodePort") {
                continue;
            }
            let what = object.describe();
            out.report(At::object(index, node, object.join("spec.type")), text!(
                    "{what} is a NodePort: every node opens its port to anyone who can reach a node",
                    "{what} 是 NodePort：每个节点都会向所有能访问节点的客户端打开端口"
                ));
        }
    }
}
