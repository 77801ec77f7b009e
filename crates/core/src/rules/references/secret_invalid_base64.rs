use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a value under a Secret's `data` that is not valid base64
    /// (standard alphabet, `=` padding; line breaks are allowed, as Go's
    /// decoder allows them). The message gives the value's length, never the
    /// value.
    ///
    /// ## Why is this bad?
    /// The API server rejects the Secret (`illegal base64 data at input
    /// byte …`). Plain text belongs under `stringData`, which Kubernetes
    /// encodes for you (“Go on Kubernetes in production” §2.4's registry Secret had this problem).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: db
    /// data:
    ///   password: hunter2!
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: db
    /// stringData:
    ///   password: hunter2!
    /// ```
    pub struct SecretInvalidBase64 {
        id: "secret-invalid-base64",
        category: References,
        severity: Error,
        default: On,
        fixable: Review,
        seed: "003 §2.4",
        title: ["A Secret's data is not base64", "Secret 的 data 不是 base64"],
        what_zh: "报告 Secret 的 `data` 下不是合法 base64 的值（标准字母表、`=` 填充；允许换行，与 Go 的解码器一致）。消息只给出值的长度，从不显示值本身。",
        why_zh: "API Server 会拒绝这个 Secret（`illegal base64 data at input byte …`）。明文应该放在 `stringData` 下，Kubernetes 会替你编码（《Go + Kubernetes运维实践》§2.4 的镜像仓库 Secret 就有这个问题）。",
        fix: ["Base64-encode the value (`echo -n 'value' | base64`), or move it to `stringData` as plain text.", "对值做 base64 编码（`echo -n 'value' | base64`），或者把它作为明文移到 `stringData` 下。"],
    }
}

use crate::text::base64_error;

impl Check for SecretInvalidBase64 {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.of_kind("Secret") {
            let Some(data) = object.node.get("data").and_then(Node::as_map) else {
                continue;
            };
            for entry in data {
                let (Some(key), Some(value)) = (entry.key.as_str(), entry.value.as_str()) else {
                    continue;
                };
                let Some(at) = base64_error(value) else {
                    continue;
                };
                let length = value.chars().count();
                let position = at + 1;
                out.report(At::object(index, &entry.value, object.join(&format!("data.{key}"))), text!(
                        "Secret data `{key}` is not base64 ({length} characters, invalid at character {position}); plain text belongs under `stringData`",
                        "Secret 的 data `{key}` 不是 base64（共 {length} 个字符，第 {position} 个字符无效）；明文应放在 `stringData` 下"
                    ))
                .help(help!("Move `{key}` to `stringData`, which takes plain text.", "把 `{key}` 移到接受明文的 `stringData` 下。"))
                // Not safe: a mistyped base64 value would be stored as text.
                .fix(fix_with(cx, index, false, |s| {
                    let data = object.node.get("data")?;
                    let written = s.slice(&entry.value);
                    Some(vec![
                        s.delete_entry(data, key)?,
                        s.set(object.node, &["stringData", key], FixValue::inline(written))?,
                    ])
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::base64_error;

    #[test]
    fn base64_as_go_reads_it() {
        for ok in [
            "",
            "e30=",
            "aGVsbG8=",
            "aGVsbG8gd29ybGQ=",
            "YWJj\nZGVm",
            "YQ==",
        ] {
            assert_eq!(base64_error(ok), None, "{ok}");
        }
        for bad in ["hunter2!", "abc", "a===", "aGVs bG8=", "aGVsbG8_"] {
            assert!(base64_error(bad).is_some(), "{bad}");
        }
    }
}
