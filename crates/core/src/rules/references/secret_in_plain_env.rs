use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an environment variable whose name says it holds a secret
    /// (`PASSWORD`, `PASSWD`, `TOKEN`, `SECRET`, `API_KEY`, `PRIVATE_KEY`,
    /// `ACCESS_KEY`, `CREDENTIAL`) and whose value is written in the
    /// manifest as a literal `value`. Names that point at a secret rather
    /// than hold one (`…_FILE`, `…_PATH`, `…_DIR`, `…_NAME`, `…_ID`,
    /// `…_URL`) and `$(VAR)` references are left alone.
    ///
    /// ## Why is this bad?
    /// The value sits in Git, in `kubectl get -o yaml`, in every audit log
    /// and in the ReplicaSet history. “Deploying Go apps to Kubernetes” §2.4 keeps credentials in a
    /// Secret and references them.
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
    ///     env:
    ///     - name: DB_PASSWORD
    ///       value: hunter2
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
    ///     env:
    ///     - name: DB_PASSWORD
    ///       valueFrom:
    ///         secretKeyRef:
    ///           name: db
    ///           key: password
    /// ```
    pub struct SecretInPlainEnv {
        id: "secret-in-plain-env",
        category: References,
        severity: Warning,
        default: On,
        seed: "000 §2.4",
        title: ["A secret is written into an env var", "密钥被直接写进了环境变量"],
        what_zh: "报告名字表明存放密钥（`PASSWORD`、`PASSWD`、`TOKEN`、`SECRET`、`API_KEY`、`PRIVATE_KEY`、`ACCESS_KEY`、`CREDENTIAL`）且在清单中以字面量 `value` 写出的环境变量。指向密钥而不是存放密钥的名字（`…_FILE`、`…_PATH`、`…_DIR`、`…_NAME`、`…_ID`、`…_URL`）以及 `$(VAR)` 引用不会被报告。",
        why_zh: "这个值会留在 Git、`kubectl get -o yaml`、每一条审计日志和 ReplicaSet 历史里。《Go应用Kubernetes部署》§2.4 把凭据放在 Secret 中再引用。",
        fix: ["Put the value in a Secret and use `valueFrom.secretKeyRef`.", "把值放进 Secret，并使用 `valueFrom.secretKeyRef` 引用。"],
    }
}

const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "TOKEN",
    "SECRET",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
];
const POINTER_SUFFIXES: &[&str] = &[
    "_FILE", "_PATH", "_DIR", "_NAME", "_ID", "_URL", "_REF", "_ENABLED",
];

/// Whether a name (env var or ConfigMap key) says it holds a secret.
/// Read in place, upper-cased and with `-` and `.` as `_` byte by byte: a
/// Deployment with thousands of variables asks this of each (an upper-cased
/// copy and a substring search per word made this rule most of the
/// policy's time on a 265 KB object).
pub(crate) fn sounds_secret(name: &str) -> bool {
    fn norm(b: u8) -> u8 {
        match b {
            b'-' | b'.' => b'_',
            b => b.to_ascii_uppercase(),
        }
    }
    let name = name.as_bytes();
    let matches = |at: &[u8], word: &str| at.iter().zip(word.bytes()).all(|(&a, b)| norm(a) == b);
    let contains = |word: &str| {
        name.len() >= word.len() && name.windows(word.len()).any(|at| matches(at, word))
    };
    let ends_with =
        |word: &str| name.len() >= word.len() && matches(&name[name.len() - word.len()..], word);
    SECRET_WORDS.iter().any(|w| contains(w)) && !POINTER_SUFFIXES.iter().any(|s| ends_with(s))
}

impl Check for SecretInPlainEnv {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            for (i, env) in c.env().iter().enumerate() {
                let Some(name) = env.get("name").and_then(Node::as_str) else {
                    continue;
                };
                let Some(value) = env.get("value") else {
                    continue;
                };
                let literal = value.as_str().unwrap_or("");
                if !sounds_secret(name) || literal.is_empty() || literal.starts_with("$(") {
                    continue;
                }
                out.report(c.at(value, &format!("env[{i}].value")).labelled(), text!(
                        "writes `{name}` as a literal value: anyone who can read the manifest can read it",
                        "把 `{name}` 写成了字面量：任何能读取清单的人都能看到它"
                    ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// The byte-wise reading says what an upper-cased copy would.
    #[test]
    fn sounds_secret_reads_names_as_upper_case_with_underscores() {
        let copy = |name: &str| {
            let upper = name.to_ascii_uppercase().replace(['-', '.'], "_");
            super::SECRET_WORDS.iter().any(|w| upper.contains(w))
                && !super::POINTER_SUFFIXES.iter().any(|s| upper.ends_with(s))
        };
        for name in [
            "DB_PASSWORD",
            "db-password",
            "api.key",
            "ApiKey",
            "PASSWORD_FILE",
            "token_url",
            "x",
            "",
            "名字_TOKEN",
            "Ä-secret",
            "github_token.enabled",
            "PRIVATE-KEY-ID",
            "passwd",
            "T",
        ] {
            assert_eq!(super::sounds_secret(name), copy(name), "{name}");
        }
    }
}
