use crate::parse::IssueKind;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a mapping that repeats a key.
    ///
    /// ## Why is this bad?
    /// Only the last value counts; the earlier one is silently thrown away.
    /// A repeated `env` or `resources` block means a setting you wrote never
    /// reaches the cluster. In a document pasted without its indentation the
    /// top-level duplicates are reported once, as `lost-indentation`.
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
    ///     image: ghcr.io/acme/api:v1.4.2
    ///     resources:
    ///       limits:
    ///         memory: 256Mi
    ///       limits:
    ///         cpu: 500m
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    ///     resources:
    ///       limits:
    ///         memory: 256Mi
    ///         cpu: 500m
    /// ```
    pub struct DuplicateKey {
        id: "duplicate-key",
        category: Input,
        severity: Error,
        default: On,
        whole_input: true,
        seed: "Monokle yaml-syntax",
        title: ["A mapping repeats a key", "映射中出现重复的键"],
        what_zh: "报告同一个映射里重复出现的键。",
        why_zh: "只有最后一个值生效，前面的值被悄悄丢弃。重复的 `env` 或 `resources` 块意味着你写的配置根本没有到达集群。对于粘贴时丢失缩进的文档，顶层的重复键只以 `lost-indentation` 报告一次。",
        fix: ["Merge the two entries into one, or remove the one you do not mean.", "把两处合并成一个，或删除不需要的那一处。"],
    }
}

impl Check for DuplicateKey {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (file, issue) in cx.parse_issues {
            let (IssueKind::DuplicateKey, Some((key, first_line))) = (issue.kind, &issue.duplicate)
            else {
                continue;
            };
            let root = cx.files[*file]
                .documents
                .iter()
                .find(|d| d.index == issue.document)
                .and_then(|d| d.root.as_ref());
            let top_level = root.is_some_and(|r| r.span.start.column == issue.span.start.column);
            if top_level
                && root.is_some_and(|r| !crate::model::misplaced::misplaced_keys(r).is_empty())
            {
                continue;
            }
            out.in_file(*file, issue.document, issue.span, text!(
                    "key `{key}` is repeated (first on line {first_line}); only this last value counts",
                    "键 `{key}` 重复出现（第一次在第 {first_line} 行）；只有这里最后一个值生效"
                ));
        }
    }
}
