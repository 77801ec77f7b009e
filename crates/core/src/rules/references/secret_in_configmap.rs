use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a ConfigMap key whose name says it holds a secret (the same
    /// words as `secret-in-plain-env`) or whose value is a PEM private key.
    ///
    /// ## Why is this bad?
    /// ConfigMaps are not meant for secrets: they are readable by anyone who
    /// may read configuration, are printed by `kubectl describe`, and are
    /// never encrypted at rest. Secrets can be (“Deploying Go apps to Kubernetes” §2.4 separates the two).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: app-config
    /// data:
    ///   DB_PASSWORD: hunter2
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: app-secrets
    /// stringData:
    ///   DB_PASSWORD: hunter2
    /// ```
    pub struct SecretInConfigmap {
        id: "secret-in-configmap",
        category: References,
        severity: Warning,
        default: On,
        seed: "000 §2.4",
        title: ["A ConfigMap holds a secret", "ConfigMap 中存放了密钥"],
        what_zh: "报告名字表明存放密钥（与 `secret-in-plain-env` 相同的词）或值为 PEM 私钥的 ConfigMap 键。",
        why_zh: "ConfigMap 不是用来存放密钥的：任何能读取配置的人都能读它，`kubectl describe` 会把它打印出来，而且它永远不会被静态加密。Secret 则可以（《Go应用Kubernetes部署》§2.4 把两者分开）。",
        fix: ["Move the key to a Secret and reference it from there.", "把这个键移到 Secret 中，并从那里引用。"],
    }
}

impl Check for SecretInConfigmap {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (index, object) in cx.of_kind("ConfigMap") {
            let Some(data) = object.node.get("data").and_then(Node::as_map) else {
                continue;
            };
            let name = object.name.unwrap_or("(unnamed)");
            for entry in data {
                let Some(key) = entry.key.as_str() else {
                    continue;
                };
                let value = entry.value.as_str().unwrap_or("");
                let pem = value.contains("-----BEGIN") && value.contains("PRIVATE KEY-----");
                let secret_name =
                    super::secret_in_plain_env::sounds_secret(key) && !value.is_empty();
                if !pem && !secret_name {
                    continue;
                }
                let message = if pem {
                    text!(
                        "ConfigMap {name} holds a private key under `{key}`",
                        "ConfigMap {name} 的 `{key}` 中存放了私钥"
                    )
                } else {
                    text!(
                        "ConfigMap {name} key `{key}` looks like a secret",
                        "ConfigMap {name} 的键 `{key}` 看起来是密钥"
                    )
                };
                out.report(
                    At::object(index, &entry.key, object.join(&format!("data.{key}"))),
                    message,
                );
            }
        }
    }
}
