use crate::parse::{ScalarKind, ScalarStyle};
use crate::rules::prelude::*;
use crate::schema::walk::{Expected, Problem};

declare_rule! {
    /// ## What it does
    /// Reports a value whose type is not the one the field takes, as
    /// Kubernetes reads YAML: `replicas: "3"` (a string where an integer
    /// goes), `containerPort: "8080"`, an environment variable's
    /// `value: 8080` or a label `enabled: true` (a number or a boolean where
    /// a string goes; YAML 1.1 also reads `yes`, `no`, `on`, `off` as
    /// booleans), a mapping where a list goes (`- ` items forgotten) and the
    /// other way round. It says what was expected and how to write it.
    ///
    /// `null` is accepted everywhere (it means "not set"), `3.0` where an
    /// integer goes, numbers and strings where an int-or-string or a quantity
    /// goes.
    ///
    /// A custom resource whose CustomResourceDefinition is in the input (or
    /// named with `--crd`) is checked against its `openAPIV3Schema`: the
    /// types, `x-kubernetes-int-or-string`, the `format` of strings
    /// (`date-time`, `uuid`, `int32`, `ipv4`…), and `enum` (a value it does
    /// not list is a warning).
    ///
    /// ## Why is this bad?
    /// The API server rejects the whole object ("cannot unmarshal string into
    /// Go struct field … of type int32"), often pointing at a JSON path far
    /// from the line you wrote. Quoting is the usual culprit: YAML decides the
    /// type from how the value is written, not from what the field wants.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: "3"
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///         - name: web
    ///           image: nginx:1.27
    ///           env:
    ///             - name: PORT
    ///               value: 8080
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels:
    ///       app: web
    ///   template:
    ///     metadata:
    ///       labels:
    ///         app: web
    ///     spec:
    ///       containers:
    ///         - name: web
    ///           image: nginx:1.27
    ///           env:
    ///             - name: PORT
    ///               value: "8080"
    /// ```
    pub struct WrongType {
        id: "wrong-type",
        category: Input,
        severity: Error,
        default: On,
        fixable: Safe,
        seed: "kubeconform",
        title: ["A value of the wrong type", "值的类型不对"],
        what_zh: "按 Kubernetes 读取 YAML 的方式，报告类型与字段不符的值：`replicas: \"3\"`（需要整数却写了字符串）、`containerPort: \"8080\"`、环境变量的 `value: 8080` 或标签 `enabled: true`（需要字符串却写了数字或布尔值；YAML 1.1 还会把 `yes`、`no`、`on`、`off` 读成布尔值）、需要列表却写了映射（忘了 `- `）以及反过来的情况。会说明期望的类型和正确写法。\n\n`null` 在任何地方都可以（表示未设置）；需要整数的地方可以写 `3.0`；int-or-string 和资源数量字段既可以写数字也可以写字符串。\n\n输入中有（或用 `--crd` 指定了）CustomResourceDefinition 的自定义资源按其 `openAPIV3Schema` 检查：类型、`x-kubernetes-int-or-string`、字符串的 `format`（`date-time`、`uuid`、`int32`、`ipv4` 等）以及 `enum`（不在列表中的值报警告）。",
        why_zh: "API Server 会拒绝整个对象（\"cannot unmarshal string into Go struct field … of type int32\"），而且给出的 JSON 路径常常离你写的那一行很远。引号通常是罪魁祸首：YAML 根据值的写法决定类型，而不是根据字段需要什么。",
        fix: ["Write the value the way the field's type needs: quote strings that look like numbers or booleans, unquote numbers and booleans.", "按字段类型的要求书写：看起来像数字或布尔值的字符串加引号，数字和布尔值去掉引号。"],
    }
}

fn expected_words(e: Expected) -> (&'static str, &'static str) {
    match e {
        Expected::String => ("a string", "字符串"),
        Expected::Int => ("an integer", "整数"),
        Expected::Number => ("a number", "数字"),
        Expected::Bool => ("a boolean (true or false)", "布尔值（true 或 false）"),
        Expected::IntOrString => ("an integer or a string", "整数或字符串"),
        Expected::Quantity => (
            "a quantity such as `500m` or `256Mi`",
            "资源数量，例如 `500m` 或 `256Mi`",
        ),
        Expected::List => (
            "a list (items starting with `- `)",
            "列表（以 `- ` 开头的条目）",
        ),
        Expected::Mapping => (
            "a mapping (`key: value` lines)",
            "映射（`key: value` 形式的行）",
        ),
    }
}

/// What the value is, as Kubernetes reads it.
fn found_words(node: &Node) -> (&'static str, &'static str) {
    match node.scalar_kind() {
        None if node.as_seq().is_some() => ("a list", "列表"),
        None => ("a mapping", "映射"),
        Some(ScalarKind::Bool(_)) => ("a boolean", "布尔值"),
        Some(ScalarKind::Int(_)) => ("an integer", "整数"),
        Some(ScalarKind::Float(_)) => ("a number", "数字"),
        // Null never gets here: it fits every type.
        Some(ScalarKind::String | ScalarKind::Null) => ("a string", "字符串"),
    }
}

impl Check for WrongType {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for problem in cx.schema_problems() {
            let (object, node, path, expected) = match problem {
                Problem::WrongType {
                    object,
                    node,
                    path,
                    expected,
                } => (object, node, path, expected),
                Problem::NotAllowed {
                    object,
                    node,
                    path,
                    allowed,
                } => {
                    // (Only custom resources' schemas have these.)
                    if cfg!(feature = "crds") {
                        not_allowed(out, *object, node, path, allowed);
                    }
                    continue;
                }
                Problem::WrongFormat {
                    object,
                    node,
                    path,
                    format,
                } => {
                    if !cfg!(feature = "crds") {
                        continue;
                    }
                    let field = path.rsplit('.').next().unwrap_or(path);
                    let raw = node.as_str().unwrap_or_default();
                    out.report(
                        At::object(*object, node, path.clone()),
                        text!(
                            "`{field}` takes a `{format}` value, but `{raw}` is not one",
                            "`{field}` 需要 `{format}` 格式的值，但 `{raw}` 不是"
                        ),
                    )
                    .help(help!(
                        "Write a `{format}` value here (its CustomResourceDefinition says so).",
                        "这里应写 `{format}` 格式的值（它的 CustomResourceDefinition 这样规定）。"
                    ));
                    continue;
                }
                _ => continue,
            };
            let field = path.rsplit('.').next().unwrap_or(path);
            let (want, want_zh) = expected_words(*expected);
            let (got, got_zh) = found_words(node);
            let Some((raw, style)) = node.scalar() else {
                let help = match expected {
                    Expected::List => help!(
                        "Make it a list: start each item with `- `.",
                        "改成列表：每个条目以 `- ` 开头。"
                    ),
                    Expected::Mapping => help!(
                        "Make it a mapping of `key: value` lines (drop the `- `).",
                        "改成 `key: value` 形式的映射（去掉 `- `）。"
                    ),
                    _ => help!(
                        "Write a single value: {want}.",
                        "这里只能写一个值：{want_zh}。"
                    ),
                };
                out.report(
                    At::object(*object, node, path.clone()),
                    text!(
                        "`{field}` takes {want}, but this is {got}",
                        "`{field}` 需要{want_zh}，这里却是{got_zh}"
                    ),
                )
                .help(help);
                continue;
            };
            let quoted = style != ScalarStyle::Plain;
            // Quoting a plain value, unquoting a quoted number or boolean:
            // the same text, read as the type the field takes.
            let fix = match (expected, quoted) {
                (Expected::String, false) => fix_with(cx, *object, true, |s| {
                    let written = s.slice(node);
                    (!written.contains('\n')).then(|| {
                        vec![s.replace(
                            node,
                            format!("\"{}\"", written.replace('\\', "\\\\").replace('"', "\\\"")),
                        )]
                    })
                }),
                (Expected::Int | Expected::Number | Expected::Bool, true)
                    if fits_unquoted(raw, *expected) =>
                {
                    fix_with(cx, *object, true, |s| {
                        Some(vec![s.replace(node, raw.trim())])
                    })
                }
                _ => None,
            };
            let (message, help) = match (expected, quoted) {
                (Expected::String, false) => (
                    text!(
                        "`{field}` takes a string, but `{raw}` is read as {got}",
                        "`{field}` 需要字符串，但 `{raw}` 会被读成{got_zh}"
                    ),
                    help!("Quote it: `\"{raw}\"`.", "加上引号：`\"{raw}\"`。"),
                ),
                (Expected::Int | Expected::Number | Expected::Bool, true)
                    if fits_unquoted(raw, *expected) =>
                {
                    (
                        text!(
                            "`{field}` takes {want}, but `\"{raw}\"` is quoted, so it is a string",
                            "`{field}` 需要{want_zh}，但 `\"{raw}\"` 带引号，是字符串"
                        ),
                        help!("Remove the quotes: `{raw}`.", "去掉引号：`{raw}`。"),
                    )
                }
                (Expected::List, _) => (
                    text!(
                        "`{field}` takes {want}, but `{raw}` is a single value",
                        "`{field}` 需要{want_zh}，但 `{raw}` 只是单个值"
                    ),
                    help!("Write it as a list: `[{raw}]`.", "写成列表：`[{raw}]`。"),
                ),
                _ => (
                    text!(
                        "`{field}` takes {want}, but `{raw}` is {got}",
                        "`{field}` 需要{want_zh}，但 `{raw}` 是{got_zh}"
                    ),
                    help!("Write {want} here.", "这里应写{want_zh}。"),
                ),
            };
            out.report(At::object(*object, node, path.clone()), message)
                .help(help)
                .fix(fix);
        }
    }
}

/// A value a custom resource's `enum` does not list: a warning (the API
/// server refuses it; the list may be one version's).
fn not_allowed(out: &mut Sink<'_>, object: usize, node: &Node, path: &str, allowed: &[&str]) {
    let field = path.rsplit('.').next().unwrap_or(path);
    let raw = node.as_str().unwrap_or_default();
    let listed: Vec<String> = allowed.iter().take(8).map(|a| format!("`{a}`")).collect();
    let (en, zh) = (listed.join(", "), listed.join("、"));
    let close = crate::text::closest(raw, allowed.iter().copied());
    let finding = out
        .report(
            At::object(object, node, path.to_owned()),
            text!(
                "`{field}` is one of {en}, not `{raw}`",
                "`{field}` 只能是 {zh} 之一，不能是 `{raw}`"
            ),
        )
        .severity(Severity::Warning);
    match close {
        Some(c) => finding.help(help!("Write `{c}`.", "改为 `{c}`。")),
        None => finding.help(help!(
            "Write one of the values its CustomResourceDefinition lists: {en}.",
            "改为它的 CustomResourceDefinition 列出的值之一：{zh}。"
        )),
    };
}

/// Whether `raw`, written without quotes, would be of the expected type.
fn fits_unquoted(raw: &str, expected: Expected) -> bool {
    let kind = crate::parse::resolve_plain(raw.trim());
    match expected {
        Expected::Int => matches!(kind, ScalarKind::Int(_)),
        Expected::Number => matches!(kind, ScalarKind::Int(_) | ScalarKind::Float(_)),
        Expected::Bool => matches!(raw.trim(), "true" | "false"),
        _ => false,
    }
}
