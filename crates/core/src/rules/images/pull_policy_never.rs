use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `imagePullPolicy: Never`.
    ///
    /// ## Why is this bad?
    /// The kubelet only uses an image already on the node. Any node without
    /// it leaves the pod in `ErrImageNeverPull` forever (“Deploying Go apps
    /// to Kubernetes” §2.2). Learners write `Never` for an image they built
    /// locally: a local cluster does not see the local Docker's images until
    /// they are loaded into it (`kind load docker-image`, `minikube image
    /// load`) or pushed to a registry it can pull from, and then
    /// `IfNotPresent` uses the loaded image. `Never` only makes sense on
    /// air-gapped nodes where every image is preloaded.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: nginx:1.27.2
    ///     imagePullPolicy: Never
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///   - name: web
    ///     image: nginx:1.27.2
    ///     imagePullPolicy: IfNotPresent
    /// ```
    pub struct PullPolicyNever {
        id: "pull-policy-never",
        category: Images,
        severity: Warning,
        default: On,
        fixable: Review,
        seed: "000 §2.2",
        title: ["The image is never pulled", "镜像永远不会被拉取"],
        what_zh: "报告 `imagePullPolicy: Never`。",
        why_zh: "kubelet 只会使用节点上已有的镜像。任何没有该镜像的节点都会让 Pod 永远处于 `ErrImageNeverPull` 状态（《Go应用Kubernetes部署》§2.2）。初学者常为本地构建的镜像写 `Never`：本地集群看不到本机 Docker 里的镜像，要先加载进去（`kind load docker-image`、`minikube image load`）或推送到它能拉取的镜像仓库，之后用 `IfNotPresent` 就会使用已加载的镜像。只有在所有镜像都已预加载的离线节点上，`Never` 才合理。",
        fix: ["Load a locally built image into the cluster (`kind load docker-image`, `minikube image load`) or push it to a registry, and use `IfNotPresent`; keep `Never` only for preloaded air-gapped nodes.", "把本地构建的镜像加载进集群（`kind load docker-image`、`minikube image load`）或推送到镜像仓库，并使用 `IfNotPresent`；只有在镜像已预加载的离线节点上才保留 `Never`。"],
    }
}

impl Check for PullPolicyNever {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let Some(policy) = c.node.get("imagePullPolicy") else {
                continue;
            };
            if policy.as_str() != Some("Never") {
                continue;
            }
            let image = c.image().map(ToString::to_string).unwrap_or_default();
            out.report(c.at(policy, "imagePullPolicy"), text!(
                    "`imagePullPolicy: Never`: any node without `{image}` preloaded fails with ErrImageNeverPull",
                    "`imagePullPolicy: Never`：任何没有预加载 `{image}` 的节点都会报 ErrImageNeverPull"
                ))
            .help(help!(
                "Use `imagePullPolicy: IfNotPresent`, and get the image onto the nodes: `kind load docker-image {image}` (kind), `minikube image load {image}` (minikube), or push it to a registry the cluster pulls from.",
                "改用 `imagePullPolicy: IfNotPresent`，并把镜像放到节点上：`kind load docker-image {image}`（kind）、`minikube image load {image}`（minikube），或推送到集群能拉取的镜像仓库。"
            ))
            // Not safe: the image must reach the nodes first, and on
            // preloaded air-gapped nodes `Never` is deliberate.
            .fix(fix_with(cx, c.index, false, |s| Some(vec![s.replace(policy, "IfNotPresent")])));
        }
    }
}
