//! Checks and fix builders several rules share.

use super::{At, Context, Sink};
use crate::diagnostic::Text;
use crate::model::Container;
use crate::parse::Node;

/// Checks a boolean `securityContext` field of every container: reports it
/// at its value when it is set otherwise, at the container's name when unset.
pub(crate) fn check_security_flag(
    cx: &Context<'_>,
    out: &mut Sink<'_>,
    key: &str,
    wanted: bool,
    rest: Text,
    safe: bool,
) {
    for c in cx.containers() {
        let fix = || {
            let value = || crate::edit::Value::inline(if wanted { "true" } else { "false" });
            set_fix(cx, c.index, safe, c.node, &["securityContext", key], value)
        };
        match c.security(key) {
            Some(node) if node.as_bool() == Some(wanted) => {}
            Some(node) => {
                out.report(
                    c.at(node, &format!("securityContext.{key}")).labelled(),
                    rest.clone(),
                )
                .fix(fix());
            }
            None => {
                out.report(c.lacking(), rest.clone()).fix(fix());
            }
        }
    }
}

/// Which half of a reference check a rule does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefCheck {
    /// The referenced ConfigMap/Secret is not in the input.
    Object,
    /// It is, but the referenced key is not.
    Key,
}

/// Shared by `configmap-not-found`, `configmap-key-not-found`,
/// `secret-not-found` and `secret-key-not-found`: checks every reference of
/// every pod template to an object of `kind` (skipping `optional: true`).
pub(crate) fn check_references(cx: &Context<'_>, out: &mut Sink<'_>, kind: &str, what: RefCheck) {
    for w in cx.workloads() {
        for r in cx.index.references(w.index) {
            if r.kind != kind || r.optional {
                continue;
            }
            let Some(name) = r.name.as_str() else {
                continue;
            };
            let mut related = None;
            let (node, path, message) = match (cx.find(kind, w.object, name), what) {
                (None, RefCheck::Object) if cx.judges_absence(kind, w.object) => {
                    (r.name, r.path.clone(), cx.not_found(kind, w.object, name))
                }
                (Some((at, target)), RefCheck::Key) => {
                    let Some((key_node, key_path)) = &r.key else {
                        continue;
                    };
                    let Some(key) = key_node.as_str() else {
                        continue;
                    };
                    let keys: Vec<&str> = crate::model::index::data_keys(target)
                        .into_iter()
                        .map(|(k, _)| k)
                        .collect();
                    if keys.contains(&key) {
                        continue;
                    }
                    let list = if keys.is_empty() {
                        "no keys".to_owned()
                    } else {
                        format!("keys {}", keys.join(", "))
                    };
                    let list_zh = if keys.is_empty() {
                        "没有任何键".to_owned()
                    } else {
                        format!("有键 {}", keys.join(", "))
                    };
                    let (hint, hint_zh) = match crate::text::closest(key, keys.iter().copied()) {
                        Some(c) => (
                            format!(" — did you mean `{c}`?"),
                            format!("——你是不是想写 `{c}`？"),
                        ),
                        None => (String::new(), String::new()),
                    };
                    let message = Text::new(
                        format!("{kind} {name} has {list}; no `{key}`{hint}"),
                        format!("{kind} {name} {list_zh}；没有 `{key}`{hint_zh}"),
                    );
                    // Where its keys are (or its name, when it has none).
                    let keys_at = ["data", "stringData", "binaryData"]
                        .iter()
                        .find_map(|k| target.node.entry(k))
                        .map(|e| &e.key)
                        .or_else(|| target.metadata().and_then(|m| m.get("name")))
                        .unwrap_or(target.node);
                    related = Some((
                        cx.place(at, keys_at),
                        Text::new(
                            format!("the keys of {kind} {name}"),
                            format!("{kind} {name} 的键"),
                        ),
                    ));
                    (*key_node, key_path.clone(), message)
                }
                _ => continue,
            };
            let finding = out.report(At::container(w.index, r.container, node, path), message);
            if let Some((place, text)) = related {
                finding.related(place, text);
            }
        }
    }
}

/// A fix made of edits `make` computes, when this build has fixes and
/// `make` can place them.
pub(crate) fn fix_with(
    cx: &Context<'_>,
    index: usize,
    safe: bool,
    make: impl FnOnce(&crate::edit::Source<'_>) -> Option<Vec<crate::diagnostic::Edit>>,
) -> Option<crate::diagnostic::Fix> {
    let source = cx.fixer(index)?;
    let mut edits = make(&source)?;
    crate::edit::sort_short(&mut edits, |e| (e.start, e.end));
    Some(crate::diagnostic::Fix { safe, edits })
}

/// A fix that sets `path` under `map` to `value()` (see
/// [`crate::edit::Source::set`]). The value is built only when fixes are on,
/// so builds without them carry none of that code.
pub(crate) fn set_fix(
    cx: &Context<'_>,
    index: usize,
    safe: bool,
    map: &Node,
    path: &[&str],
    value: impl FnOnce() -> crate::edit::Value,
) -> Option<crate::diagnostic::Fix> {
    fix_with(cx, index, safe, |s| {
        Some(vec![s.set(map, path, value())?])
    })
}

/// The port a probe of `container` checks: its first declared port, by
/// name where it has one; `None` when it declares none (a probe on a port
/// the author did not write would be a guess).
pub(crate) fn probe_port(container: &Container<'_>) -> Option<String> {
    let first = container.node.items("ports").first()?;
    match first.get("name").and_then(Node::as_str) {
        Some(name) => Some(name.to_owned()),
        None => Some(first.get("containerPort")?.as_i64()?.to_string()),
    }
}

/// A probe template for `container`: an HTTP check of `path` on `port`,
/// with a `# TODO` to point it at the right endpoint.
pub(crate) fn probe_template(path: &str, port: &str, extra: &[String]) -> crate::edit::Value {
    let mut lines = vec![
        "# TODO: point it at your app's endpoint, then check the timings".to_owned(),
        "httpGet:".to_owned(),
        crate::text::concat(&["  path: ", path]),
        crate::text::concat(&["  port: ", port]),
    ];
    lines.extend_from_slice(extra);
    crate::edit::Value::Block(lines)
}
