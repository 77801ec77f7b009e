use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Service whose `selector` matches no pod template in a
    /// namespace it can see, when a pod template in the Service's own
    /// namespace carries one of the selector's label keys — the Service was
    /// meant for this input's pods — or always with `assume_complete_input:
    /// true`. The message lists the workloads and their labels, with their
    /// namespace when it differs. A Service without a
    /// selector is left alone: its endpoints are managed by hand.
    ///
    /// ## Why is this bad?
    /// The Service has no endpoints: connections are refused or time out
    /// while every pod is healthy. “Deploying Go apps to Kubernetes” §2.5 and “Gin on Kubernetes” §3.2 keep the
    /// Service selector and the pod labels in step; one renamed label breaks
    /// it silently.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web-api
    ///   ports:
    ///     - port: 80
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
    /// ```
    pub struct ServiceSelectsNothing {
        id: "service-selects-nothing",
        category: Networking,
        severity: Warning,
        default: On,
        scope: Objects,
        seed: "000 §2.5",
        title: ["A Service selects no pods", "Service 选不中任何 Pod"],
        what_zh: "当 Service 所在命名空间中有 Pod 模板带有选择器中的某个标签键（说明这个 Service 本来就是给此输入中的 Pod 用的），或设置了 `assume_complete_input: true` 时，报告 `selector` 在其可见的命名空间中匹配不到任何 Pod 模板的 Service。消息会列出工作负载及其标签，命名空间不同时也会注明。没有 selector 的 Service 不会被报告：它的 endpoints 是手动管理的。",
        why_zh: "Service 没有任何 endpoints：即使所有 Pod 都健康，连接也会被拒绝或超时。《Go应用Kubernetes部署》§2.5 和《Gin框架与Kubernetes部署》§3.2 让 Service 的选择器与 Pod 标签保持一致；改错一个标签就会悄无声息地断掉。",
        fix: ["Make the selector match the pod template's labels (`spec.template.metadata.labels`).", "让选择器与 Pod 模板的标签（`spec.template.metadata.labels`）一致。"],
    }
}

impl Check for ServiceSelectsNothing {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, service) in cx.of_kind("Service") {
            let Some(entry) = service.spec().and_then(|s| s.entry("selector")) else {
                continue;
            };
            let selector = Selector::map(Some(&entry.value));
            if selector.is_empty() || cx.selected_by_service(index).next().is_some() {
                continue;
            }
            // Judged when a pod template in the Service's own namespace uses
            // one of the selector's label keys: then the Service was meant for
            // this input's pods and a value is likely wrong. A Service for pods
            // installed elsewhere (an operator's exporter, a Helm chart's
            // DaemonSet) uses keys no pod here has.
            let keys: Vec<&str> = selector
                .requirements
                .iter()
                .filter_map(|r| match r {
                    index::Requirement::Equals(k, _) => Some(*k),
                    _ => None,
                })
                .collect();
            let related = cx.index.uses_label_keys(service.namespace, &keys);
            if !related && !cx.settings.assume_complete_input {
                continue;
            }
            // The input's first three workloads, so that a Service in the
            // wrong namespace is told where its pods are: (English, Chinese).
            let candidates: Vec<(String, String)> = cx
                .workloads()
                .take(3)
                .map(|w| {
                    let (o, labels) = (w.object, index::describe_labels(w.pod.labels()));
                    match o.namespace {
                        Some(ns) if !index::same_namespace(service.namespace, Some(ns)) => (
                            format!("{} in namespace {ns} ({labels})", o.describe()),
                            format!("{}（命名空间 {ns}）({labels})", o.describe()),
                        ),
                        _ => (
                            format!("{} ({labels})", o.describe()),
                            format!("{} ({labels})", o.describe()),
                        ),
                    }
                })
                .collect();
            let what = service.describe();
            let wanted = selector.describe();
            let message = if candidates.is_empty() {
                text!(
                    "{what} selects {wanted}, but there is no pod template in this input",
                    "{what} 选择 {wanted}，但此输入中没有任何 Pod 模板"
                )
            } else {
                let list = candidates
                    .iter()
                    .map(|c| c.0.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                let list_zh = candidates
                    .iter()
                    .map(|c| c.1.as_str())
                    .collect::<Vec<_>>()
                    .join("；");
                text!(
                    "{what} selects {wanted}, but no pod template in its namespace has those labels; the input has: {list}",
                    "{what} 选择 {wanted}，但其命名空间中没有 Pod 模板带有这些标签；输入中有：{list_zh}"
                )
            };
            out.report(
                At::object(index, &entry.key, service.join("spec.selector")),
                message,
            );
        }
    }
}
