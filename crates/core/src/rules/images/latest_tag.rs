use crate::model::ImageRef;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container image with no tag or the `latest` tag, and no
    /// digest.
    ///
    /// ## Why is this bad?
    /// `latest` is whatever was pushed last. Two nodes can run different
    /// code under the same Deployment, a rollback goes nowhere, and you
    /// cannot tell from the manifest what is running (“Deploying Go apps to Kubernetes” §2.2, “Go on Kubernetes in production” §2.4).
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
    ///     image: nginx:latest
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
    /// ```
    pub struct LatestTag {
        id: "latest-tag",
        category: Images,
        severity: Warning,
        default: On,
        seed: "000 §2.2, 003 §2.4",
        title: ["The image has no fixed version", "镜像没有固定版本"],
        what_zh: "报告没有标签或使用 `latest` 标签、且没有摘要（digest）的容器镜像。",
        why_zh: "`latest` 指向最后一次推送的镜像。同一个 Deployment 下不同节点可能运行不同的代码，回滚无处可回，也无法从清单看出正在运行的是什么（《Go应用Kubernetes部署》§2.2、《Go + Kubernetes运维实践》§2.4）。",
        fix: ["Pin a version tag (`app:v1.2.0`) or a digest (`app@sha256:…`).", "固定版本标签（`app:v1.2.0`）或摘要（`app@sha256:…`）。"],
    }
}

impl Check for LatestTag {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let Some(node) = c.image() else { continue };
            let Some(image) = node.as_str() else { continue };
            let reference = ImageRef::parse(image);
            if !reference.is_floating() {
                continue;
            }
            let message = match reference.tag {
                Some(_) => text!(
                    "image `{image}` uses the `latest` tag",
                    "镜像 `{image}` 使用了 `latest` 标签"
                ),
                None => text!(
                    "image `{image}` has no tag, so it means `latest`",
                    "镜像 `{image}` 没有标签，相当于 `latest`"
                ),
            };
            out.report(c.at(node, "image"), message);
        }
    }
}
