use crate::model::misplaced::{is_empty, misplaced_keys};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Spots a document that was pasted with its indentation stripped: its
    /// `metadata` or `spec` is empty while keys that only exist nested
    /// (`name`, `replicas`, `containers`, `image`, `ports`…) sit at the top
    /// level. The help says which parent each key belongs under.
    ///
    /// ## Why is this bad?
    /// YAML structure *is* indentation. Without it every field lands at the
    /// top level: the API server rejects the object, or worse, drops the
    /// fields it does not know and creates something else than you meant.
    /// Copying from web pages and chat tools often loses leading spaces.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    /// name: go-app
    /// spec:
    /// replicas: 3
    /// selector:
    /// matchLabels:
    /// app: go-app
    /// template:
    /// metadata:
    /// labels:
    /// app: go-app
    /// spec:
    /// containers:
    /// - name: go-app
    /// image: ghcr.io/acme/go-app:v1.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: go-app
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels:
    ///       app: go-app
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: go-app
    ///     spec:
    ///       containers:
    ///       - name: go-app
    ///         image: ghcr.io/acme/go-app:v1.0
    /// ```
    pub struct LostIndentation {
        id: "lost-indentation",
        category: Input,
        severity: Error,
        default: On,
        fixable: Safe,
        seed: "000 ch1",
        title: ["The YAML lost its indentation", "YAML 丢失了缩进"],
        what_zh: "发现粘贴时缩进被去掉的文档：`metadata` 或 `spec` 为空，而只应出现在内层的键（`name`、`replicas`、`containers`、`image`、`ports` 等）却位于顶层。修复提示会说明每个键应该放在哪个父字段下。",
        why_zh: "YAML 的结构就是缩进。缩进丢失后，所有字段都落到了顶层：API Server 会拒绝该对象，更糟的是丢弃不认识的字段，创建出与预期不同的东西。从网页或聊天工具复制时常常会丢掉行首空格。",
        fix: ["Restore the indentation: put each key back under the parent the help names.", "恢复缩进：按提示把每个键放回对应的父字段下。"],
    }
}

impl Check for LostIndentation {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.objects.iter().enumerate() {
            let misplaced = misplaced_keys(object.node);
            // One stray key can be a typo; two or more is a lost structure.
            if misplaced.len() < 2 {
                continue;
            }
            let keys: Vec<&str> = misplaced
                .iter()
                .filter_map(|(e, _)| e.key.as_str())
                .collect();
            let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            let (list, list_zh) = (quoted.join(", "), quoted.join("、"));
            let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
            for (entry, parent) in &misplaced {
                let key = entry.key.as_str().unwrap_or_default();
                match groups.iter_mut().find(|(p, _)| p == parent) {
                    Some((_, ks)) if !ks.contains(&key) => ks.push(key),
                    Some(_) => {}
                    None => groups.push((parent, vec![key])),
                }
            }
            let plan_en = groups
                .iter()
                .map(|(p, ks)| format!("{} under {p}", ks.join(", ")))
                .collect::<Vec<_>>()
                .join("; ");
            let plan_zh = groups
                .iter()
                .map(|(p, ks)| crate::text::zh_join(&[&ks.join("、"), "放到", &zh_parent(p), "下"]))
                .collect::<Vec<_>>()
                .join("；");
            // The name is there, only misplaced: use it.
            let name = object
                .name
                .or_else(|| object.node.get("name").and_then(Node::as_str))
                .unwrap_or("(unnamed)");
            let what = format!("{} {name}", object.kind.unwrap_or("object"));
            let empty: Vec<&str> = ["metadata", "spec"]
                .into_iter()
                .filter(|k| is_empty(object.node.get(k)))
                .map(|k| {
                    if k == "metadata" {
                        "`metadata`"
                    } else {
                        "`spec`"
                    }
                })
                .collect();
            let (empty_en, empty_zh) = match empty.as_slice() {
                [one] => (format!("{one} is empty"), format!("{one} 为空")),
                _ => (
                    "`metadata` and `spec` are empty".to_owned(),
                    "`metadata` 和 `spec` 为空".to_owned(),
                ),
            };
            let first = &misplaced[0].0.key;
            out.report(At::object(index, first, object.join("")), text!(
                    "{what} looks pasted without its indentation: {empty_en} while {list} sit at the top level",
                    "{what} 看起来粘贴时丢失了缩进：{empty_zh}，而 {list_zh} 却位于顶层"
                ))
            .help(help!("Indent the keys back: {plan_en}.", "请恢复缩进：{plan_zh}。"))
            .fix(cx.fixer(index).and_then(|source| reindent(&source, cx, object)));
        }
    }
}

fn zh_parent(parent: &str) -> String {
    match parent {
        "metadata (and the pod template's metadata)" => {
            "metadata（以及 Pod 模板的 metadata）".to_owned()
        }
        "a labels or matchLabels mapping" => "labels 或 matchLabels 映射".to_owned(),
        "each container (containers[])" => "每个容器（containers[]）".to_owned(),
        "a container's ports[]" => "容器的 ports[]".to_owned(),
        "a container's resources" => "容器的 resources".to_owned(),
        other => other.to_owned(),
    }
}

/// Where the next lines go while re-indenting.
enum Frame {
    /// A mapping of a known type.
    Typed(&'static crate::schema::Def, usize),
    /// A mapping with free keys (labels, annotations, data).
    Free(usize),
    /// A list; its items' type.
    List(u16, usize),
}

/// Rebuilds a document whose every line starts at column 0, using the
/// Kubernetes schema to decide where each key belongs: the innermost open
/// object that has such a field, else the innermost free-key map. Gives up
/// (no fix) on a line that is indented already, a block scalar, or a key no
/// open mapping takes. Safe unless a choice was ambiguous (a `key: value`
/// that both a free-key map and an outer object could hold, a list item
/// whose first key two open lists' items have).
fn reindent(
    source: &crate::edit::Source<'_>,
    cx: &Context<'_>,
    object: &Object<'_>,
) -> Option<crate::diagnostic::Fix> {
    use crate::schema::{Lookup, Ty};
    let schema = crate::schema::get()?;
    let (Lookup::Known { def, version }, true) = (
        schema.lookup(
            object.api_version?,
            object.kind?,
            cx.settings.kubernetes_minor,
        ),
        object.path.is_empty(),
    ) else {
        return None;
    };
    let has = |d: &crate::schema::Def, key: &str| {
        d.fields
            .iter()
            .find(|f| f.name == key && f.versions & version != 0)
            .map(|f| f.ty)
    };
    let start = source.text[..source.byte(object.node.span.start)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = source.byte(object.node.span.end).min(source.text.len());
    let block = &source.text[start..end];
    let mut frames = vec![Frame::Typed(def, 0)];
    let mut out = String::with_capacity(block.len() * 2);
    let mut ambiguous = false;
    // Opens what a key with an empty value starts.
    let open = |ty: u16, indent: usize, frames: &mut Vec<Frame>| match schema.ty(ty) {
        Ty::Object(d) => frames.push(Frame::Typed(schema.def(d), indent + 2)),
        Ty::Map(_) | Ty::FreeObject | Ty::Any => frames.push(Frame::Free(indent + 2)),
        Ty::Array(item) => frames.push(Frame::List(item, indent + 2)),
        _ => {}
    };
    for line in block.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let newline = &line[body.len()..];
        if body.trim().is_empty() {
            out.push_str(line);
            continue;
        }
        if body.starts_with(' ') || body.starts_with('\t') {
            return None;
        }
        if body.starts_with('#') {
            let indent = match frames.last()? {
                Frame::Typed(_, i) | Frame::Free(i) | Frame::List(_, i) => *i,
            };
            out.push_str(&" ".repeat(indent));
            out.push_str(line);
            continue;
        }
        let (dash, rest) = match body.strip_prefix("- ") {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        if dash {
            // The list this item belongs to: the innermost open list whose
            // items can hold its first key (`- containerPort:` is a port,
            // not a container); ambiguous when several can.
            let first = rest.split_once(':').map(|(k, _)| k);
            let takes = |f: &Frame| match (f, first) {
                (Frame::List(item, _), Some(key)) => match schema.ty(*item) {
                    Ty::Object(d) => has(schema.def(d), key).is_some(),
                    _ => false,
                },
                (Frame::List(..), None) => true,
                _ => false,
            };
            ambiguous |= frames.iter().filter(|f| takes(f)).count() > 1;
            let at = frames
                .iter()
                .rposition(takes)
                .or_else(|| frames.iter().rposition(|f| matches!(f, Frame::List(..))))?;
            frames.truncate(at + 1);
            let Some(&Frame::List(item, indent)) = frames.last() else {
                return None;
            };
            out.push_str(&" ".repeat(indent));
            out.push_str("- ");
            match schema.ty(item) {
                Ty::Object(d) => frames.push(Frame::Typed(schema.def(d), indent + 2)),
                _ => {
                    out.push_str(rest);
                    out.push_str(newline);
                    continue;
                }
            }
        }
        let (key, value) = rest.split_once(':')?;
        let value = value.trim();
        if value.starts_with('|') || value.starts_with('>') || key.contains(['{', '[', '"', '\'']) {
            return None;
        }
        let (at, ty) = if dash {
            let Some(Frame::Typed(d, _)) = frames.last() else {
                return None;
            };
            (frames.len() - 1, has(d, key))
        } else {
            let typed = frames
                .iter()
                .rposition(|f| matches!(f, Frame::Typed(d, _) if has(d, key).is_some()));
            let free = frames.iter().rposition(|f| matches!(f, Frame::Free(_)));
            // A field of an open object wins over a free-key map inside it
            // (`template:` after `matchLabels:`). A key with a value there
            // could also be a label named like a field, so that choice is
            // not safe; a key that opens a block cannot be a label.
            match (typed, free) {
                (Some(t), f) => {
                    ambiguous |=
                        f.is_some_and(|f| f > t) && !(value.is_empty() || value.starts_with('#'));
                    (
                        t,
                        match &frames[t] {
                            Frame::Typed(d, _) => has(d, key),
                            _ => None,
                        },
                    )
                }
                (None, Some(f)) => (f, None),
                (None, None) => return None,
            }
        };
        frames.truncate(at + 1);
        let indent = match &frames[at] {
            Frame::Typed(_, i) | Frame::Free(i) | Frame::List(_, i) => *i,
        };
        if !dash {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(rest);
        out.push_str(newline);
        if value.is_empty() || value.starts_with('#') {
            match ty {
                Some(ty) => open(ty, indent, &mut frames),
                None => frames.push(Frame::Free(indent + 2)),
            }
        }
    }
    if out == block {
        return None;
    }
    Some(crate::diagnostic::Fix {
        safe: !ambiguous,
        edits: vec![source.edit(start, end, out)],
    })
}
