use crate::model::ImageRef;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an image from a registry that is not a well-known public one
    /// (Docker Hub, registry.k8s.io, quay.io, ghcr.io, gcr.io, mcr.microsoft.com,
    /// public.ecr.aws…) in a pod with no `imagePullSecrets`.
    ///
    /// ## Why is this bad?
    /// Private registries need credentials. Without a pull secret (or a
    /// service account or node that provides one) the pod sits in
    /// `ImagePullBackOff` (“Gin on Kubernetes” §2.5). Informational: node-level
    /// credentials are invisible from the manifest.
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
    ///     image: harbor.corp.internal/team/api:v1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   imagePullSecrets:
    ///   - name: harbor-pull
    ///   containers:
    ///   - name: api
    ///     image: harbor.corp.internal/team/api:v1
    /// ---
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: harbor-pull
    /// type: kubernetes.io/dockerconfigjson
    /// data:
    ///   .dockerconfigjson: e30=
    /// ```
    pub struct PrivateRegistryWithoutPullSecret {
        id: "private-registry-without-pull-secret",
        category: Images,
        severity: Info,
        default: On,
        seed: "001 §2.5",
        title: ["A private registry with no pull secret", "私有镜像仓库没有配置拉取凭证"],
        what_zh: "报告来自非知名公共仓库（Docker Hub、registry.k8s.io、quay.io、ghcr.io、gcr.io、mcr.microsoft.com、public.ecr.aws 等）的镜像，且所在 Pod 没有 `imagePullSecrets`。",
        why_zh: "私有仓库需要凭证。没有拉取凭证（或提供凭证的 ServiceAccount、节点配置）时，Pod 会一直处于 `ImagePullBackOff`（《Gin框架与Kubernetes部署》§2.5）。这是提示：节点级凭证在清单中看不到。",
        fix: ["Add `imagePullSecrets` to the pod spec (or to its service account).", "在 Pod spec（或其 ServiceAccount）中添加 `imagePullSecrets`。"],
    }
}

const PUBLIC_REGISTRIES: &[&str] = &[
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "registry.k8s.io",
    "k8s.gcr.io",
    "gcr.io",
    "quay.io",
    "ghcr.io",
    "mcr.microsoft.com",
    "public.ecr.aws",
    "docker.elastic.co",
    "nvcr.io",
    "cgr.dev",
    "registry.gitlab.com",
    "gke.gcr.io",
    "us.gcr.io",
    "eu.gcr.io",
    "asia.gcr.io",
    "us-docker.pkg.dev",
    "docker.pkg.github.com",
    "registry.access.redhat.com",
    "registry.redhat.io",
    "container-registry.oracle.com",
];

impl Check for PrivateRegistryWithoutPullSecret {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            if !c.pod.spec.items("imagePullSecrets").is_empty() {
                continue;
            }
            let Some(node) = c.image() else { continue };
            let Some(image) = node.as_str() else { continue };
            let Some(host) = ImageRef::parse(image).host else {
                continue;
            };
            let host_name = host.split(':').next().unwrap_or(host);
            if PUBLIC_REGISTRIES.contains(&host_name)
                || host_name.ends_with(".gcr.io")
                || host_name.ends_with("-docker.pkg.dev")
            {
                continue;
            }
            out.report(
                c.at(node, "image"),
                text!(
                    "image `{image}` comes from {host}, but the pod has no imagePullSecrets",
                    "镜像 `{image}` 来自 {host}，但 Pod 没有 imagePullSecrets"
                ),
            );
        }
    }
}
