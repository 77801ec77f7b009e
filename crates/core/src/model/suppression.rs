//! The `kubeshape.io/ignore` annotations: which rules an object, its pod
//! template or one of its containers silences.

use super::Object;
use crate::diagnostic::Category;
use crate::parse::Node;

/// The annotation that silences rules for an object or its pod template:
/// `kubeshape.io/ignore: "latest-tag,run-as-root"` (or `all`, or a
/// category). `kubeshape.io/ignore.<container>` limits it to one container.
pub const IGNORE_ANNOTATION: &str = "kubeshape.io/ignore";

fn annotation_lists<'a>(metadata: Option<&'a Node<'a>>, container: Option<&str>) -> Vec<&'a str> {
    let Some(annotations) = metadata.and_then(|m| m.get("annotations")) else {
        return Vec::new();
    };
    let mut lists = Vec::new();
    if let Some(v) = annotations.get(IGNORE_ANNOTATION).and_then(Node::as_str) {
        lists.push(v);
    }
    if let Some(name) = container {
        let key = format!("{IGNORE_ANNOTATION}.{name}");
        if let Some(v) = annotations.get(&key).and_then(Node::as_str) {
            lists.push(v);
        }
    }
    lists
}

/// Whether the `kubeshape.io/ignore` annotations of `object` (or of its pod
/// template, and those for `container`) silence `rule`.
pub(crate) fn is_suppressed(
    rule: &str,
    category: Category,
    object: &Object<'_>,
    container: Option<&str>,
) -> bool {
    if !object.ignores {
        return false;
    }
    let mut lists = annotation_lists(object.metadata(), container);
    if let Some(pod) = &object.pod {
        if object.kind != Some("Pod") {
            lists.extend(annotation_lists(pod.metadata, container));
        }
    }
    lists
        .iter()
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .any(|s| s == "all" || s == rule || s == category.as_str())
}
