use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an image that still holds a template placeholder:
    /// `your-registry/…`, `registry.example.com`, `<…>`, `TODO`, `${…}`,
    /// `CHANGEME` (in a document that is a template, `unrendered-template`
    /// says so instead).
    ///
    /// ## Why is this bad?
    /// Articles use placeholders such as `your-registry/go-app:v1.0` (“Deploying Go apps to Kubernetes” chapter 1). Applied as they are, the pods sit in `ImagePullBackOff`
    /// because no such registry exists.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   containers:
    ///   - name: go-app
    ///     image: your-registry/go-app:v1.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   containers:
    ///   - name: go-app
    ///     image: ghcr.io/acme/go-app:v1.0
    /// ```
    pub struct PlaceholderImage {
        id: "placeholder-image",
        category: Images,
        severity: Error,
        default: On,
        seed: "000 ch1",
        title: ["The image is still a placeholder", "镜像仍是占位符"],
        what_zh: "报告仍含模板占位符的镜像：`your-registry/…`、`registry.example.com`、`<…>`、`TODO`、`${…}`、`CHANGEME`（如果文档是模板，则由 `unrendered-template` 报告）。",
        why_zh: "文章常用 `your-registry/go-app:v1.0` 之类的占位符（《Go应用Kubernetes部署》第一章）。原样 apply 后，由于不存在这样的镜像仓库，Pod 会一直处于 `ImagePullBackOff`。",
        fix: ["Replace the placeholder with the registry and image you actually pushed.", "把占位符替换成你实际推送的镜像仓库和镜像。"],
    }
}

/// What marks an image as a placeholder, and how to name it.
fn placeholder(image: &str) -> Option<&'static str> {
    let lower = image.to_ascii_lowercase();
    let first = lower.split('/').next().unwrap_or("");
    if first.starts_with("your-")
        || first.starts_with("your_")
        || first.starts_with("my-registry")
        || first == "<registry>"
    {
        Some("your-…")
    } else if first.ends_with("example.com")
        || first.ends_with("example.org")
        || first.contains(".example.")
    {
        Some("example.com")
    } else if image.contains('<') && image.contains('>') {
        Some("<…>")
    } else if image.contains("${") || image.contains("$(") {
        // (Where the document is a template, `unrendered-template` says so
        // instead.)
        Some("${…}")
    } else if image.contains("TODO")
        || lower.contains("changeme")
        || lower.contains("replace_me")
        || lower.contains("replace-me")
    {
        Some("TODO")
    } else {
        None
    }
}

impl Check for PlaceholderImage {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let Some(node) = c.image() else { continue };
            let Some(image) = node.as_str() else { continue };
            let Some(marker) = placeholder(image) else {
                continue;
            };
            out.report(c.at(node, "image"), text!(
                    "image `{image}` is a placeholder ({marker}); the pod will fail with ImagePullBackOff",
                    "镜像 `{image}` 是占位符（{marker}）；Pod 会因 ImagePullBackOff 失败"
                ));
        }
    }
}
