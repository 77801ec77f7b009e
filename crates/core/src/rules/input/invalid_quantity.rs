use std::borrow::Cow;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a resource quantity that Kubernetes cannot parse: container
    /// requests and limits, `emptyDir.sizeLimit`, PersistentVolumeClaim and
    /// `volumeClaimTemplates` storage, ResourceQuota and LimitRange values.
    ///
    /// ## Why is this bad?
    /// Quantities use Kubernetes' own units: `Ki Mi Gi Ti Pi Ei` (powers of
    /// 1024), `k M G T P E` (powers of 1000) and `m` (one thousandth). `MB`,
    /// `mi` or `1.5.0` are rejected by the API server, so the workload is
    /// never created.
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
    ///         memory: 128MB
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
    ///         memory: 128Mi
    /// ```
    pub struct InvalidQuantity {
        id: "invalid-quantity",
        category: Input,
        severity: Error,
        default: On,
        seed: "000 §2.1",
        title: ["A resource quantity Kubernetes cannot parse", "Kubernetes 无法解析的资源数量"],
        what_zh: "报告 Kubernetes 无法解析的资源数量：容器的 requests 和 limits、`emptyDir.sizeLimit`、PVC 和 `volumeClaimTemplates` 的存储大小、ResourceQuota 和 LimitRange 中的值。",
        why_zh: "资源数量使用 Kubernetes 自己的单位：`Ki Mi Gi Ti Pi Ei`（1024 的幂）、`k M G T P E`（1000 的幂）和 `m`（千分之一）。`MB`、`mi` 或 `1.5.0` 会被 API Server 拒绝，工作负载根本不会被创建。",
        fix: ["Write a number with a Kubernetes unit: `128Mi`, `1Gi`, `500m`, `2`.", "写成数字加 Kubernetes 单位：`128Mi`、`1Gi`、`500m`、`2`。"],
    }
}

/// One place where a quantity is written.
pub(crate) struct QuantitySite<'a> {
    pub index: usize,
    pub resource: &'a str,
    pub value: &'a Node<'a>,
    /// The path of the object, pod or container the quantity belongs to,
    /// and from there to its mapping (`resources` and `limits`): joined
    /// with the resource by [`QuantitySite::path`] only when a finding
    /// needs it (nearly every quantity is fine).
    base: &'a str,
    rest: Cow<'static, str>,
    bucket: &'static str,
    pub container: Option<&'a Container<'a>>,
}

impl QuantitySite<'_> {
    /// Dotted path to the quantity (`spec.template.spec.containers[0].resources.limits.memory`).
    pub fn path(&self) -> String {
        crate::model::join_path(
            self.base,
            &crate::text::concat(&[&self.rest, ".", self.bucket, ".", self.resource]),
        )
    }
}

fn map_sites<'a>(
    index: usize,
    map: Option<&'a Node<'a>>,
    (base, rest, bucket): (&'a str, Cow<'static, str>, &'static str),
    container: Option<&'a Container<'a>>,
    out: &mut Vec<QuantitySite<'a>>,
) {
    for entry in map.and_then(Node::as_map).unwrap_or(&[]) {
        if let Some(resource) = entry.key.as_str() {
            out.push(QuantitySite {
                index,
                resource,
                value: &entry.value,
                base,
                rest: rest.clone(),
                bucket,
                container,
            });
        }
    }
}

/// Every quantity in the input.
pub(crate) fn quantity_sites<'a>(cx: &Context<'a>) -> Vec<QuantitySite<'a>> {
    let mut out = Vec::new();
    for c in cx.containers() {
        for bucket in ["requests", "limits"] {
            map_sites(
                c.index,
                c.resources(bucket),
                (&c.container.path, "resources".into(), bucket),
                Some(c.container),
                &mut out,
            );
        }
    }
    for w in cx.workloads() {
        for (i, volume) in w.pod.spec.items("volumes").iter().enumerate() {
            if let Some(limit) = volume.path(&["emptyDir", "sizeLimit"]) {
                out.push(QuantitySite {
                    index: w.index,
                    resource: "sizeLimit",
                    value: limit,
                    base: &w.pod.path,
                    rest: format!("volumes[{i}]").into(),
                    bucket: "emptyDir",
                    container: None,
                });
            }
        }
        for (i, claim) in w
            .object
            .spec()
            .map_or(&[][..], |s| s.items("volumeClaimTemplates"))
            .iter()
            .enumerate()
        {
            for bucket in ["requests", "limits"] {
                let rest = format!("spec.volumeClaimTemplates[{i}].spec.resources");
                map_sites(
                    w.index,
                    claim.path(&["spec", "resources", bucket]),
                    (&w.object.path, rest.into(), bucket),
                    None,
                    &mut out,
                );
            }
        }
    }
    for (index, object) in cx.objects.iter().enumerate() {
        match object.kind {
            Some("PersistentVolumeClaim") => {
                for bucket in ["requests", "limits"] {
                    let node = object.node.path(&["spec", "resources", bucket]);
                    map_sites(
                        index,
                        node,
                        (&object.path, "spec.resources".into(), bucket),
                        None,
                        &mut out,
                    );
                }
            }
            Some("ResourceQuota") => {
                map_sites(
                    index,
                    object.node.path(&["spec", "hard"]),
                    (&object.path, "spec".into(), "hard"),
                    None,
                    &mut out,
                );
            }
            Some("LimitRange") => {
                for (i, limit) in object
                    .spec()
                    .map_or(&[][..], |s| s.items("limits"))
                    .iter()
                    .enumerate()
                {
                    for key in [
                        "max",
                        "min",
                        "default",
                        "defaultRequest",
                        "maxLimitRequestRatio",
                    ] {
                        let rest = format!("spec.limits[{i}]");
                        map_sites(
                            index,
                            limit.get(key),
                            (&object.path, rest.into(), key),
                            None,
                            &mut out,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A likely intended spelling for a unit Kubernetes rejects.
fn suggestion(number: &str, suffix: &str) -> Option<String> {
    let fixed = match suffix {
        "KB" | "kb" | "Kb" | "kB" => "k` or `Ki",
        "MB" | "mb" | "Mb" => "M` or `Mi",
        "GB" | "gb" | "Gb" => "G` or `Gi",
        "TB" | "tb" => "T` or `Ti",
        "K" => "k` or `Ki",
        "ki" | "KI" | "KiB" | "kiB" => "Ki",
        "mi" | "MI" | "MiB" => "Mi",
        "gi" | "GI" | "GiB" => "Gi",
        "ti" | "TI" | "TiB" => "Ti",
        "g" => "G` or `Gi",
        _ => return None,
    };
    Some(
        fixed
            .split("` or `")
            .map(|u| format!("`{number}{u}`"))
            .collect::<Vec<_>>()
            .join(" or "),
    )
}

impl Check for InvalidQuantity {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for site in quantity_sites(cx) {
            let value = site.value;
            if value.is_null() {
                continue;
            }
            let resource = site.resource;
            let problem = match (value.as_bool(), value.as_str()) {
                (Some(_), _) | (_, None) => {
                    let shape = value.type_name();
                    Some((
                        format!("a {shape} is not a quantity"),
                        format!("{shape} 不是资源数量"),
                        None,
                    ))
                }
                (None, Some(text)) => Quantity::parse(text).err().map(|err| {
                    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                    let suffix = &text[digits.len()..];
                    let hint = suggestion(digits, suffix);
                    let err_zh = match &err {
                        crate::model::QuantityError::BadSuffix(s) => {
                            format!("`{s}` 不是 Kubernetes 认识的单位")
                        }
                        crate::model::QuantityError::NoDigits => "缺少数字".to_owned(),
                        crate::model::QuantityError::Empty => "数量为空".to_owned(),
                    };
                    (
                        format!("`{text}` is not a valid quantity: {err}"),
                        format!("`{text}` 不是合法的资源数量：{err_zh}"),
                        hint,
                    )
                }),
            };
            let Some((en, zh, hint)) = problem else {
                continue;
            };
            let at = At::container(site.index, site.container, value, site.path());
            let finding = out.report(at, text!("{resource}: {en}", "{resource}：{zh}"));
            if let Some(hint) = hint {
                finding.help(help!(
                    "Did you mean {hint}? `Mi`/`Gi` are powers of 1024, `M`/`G` powers of 1000.",
                    "你是不是想写 {hint}？`Mi`/`Gi` 是 1024 的幂，`M`/`G` 是 1000 的幂。"
                ));
            }
        }
    }
}
