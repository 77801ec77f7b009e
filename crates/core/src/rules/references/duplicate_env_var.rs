use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an environment variable defined twice in one container's
    /// `env`.
    ///
    /// ## Why is this bad?
    /// Kubernetes keeps the last one without a word, so the value you read
    /// first in the file is not the one the process gets — and a later merge
    /// (`kubectl apply`, Kustomize) may keep either.
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
    ///     - name: LOG_LEVEL
    ///       value: info
    ///     - name: LOG_LEVEL
    ///       value: debug
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
    ///     - name: LOG_LEVEL
    ///       value: debug
    /// ```
    pub struct DuplicateEnvVar {
        id: "duplicate-env-var",
        category: References,
        severity: Warning,
        default: On,
        seed: "000 §2.4",
        title: ["An env var is defined twice", "环境变量被重复定义"],
        what_zh: "报告在同一个容器的 `env` 中被定义了两次的环境变量。",
        why_zh: "Kubernetes 会悄悄保留最后一个，所以你在文件中先看到的值并不是进程拿到的值——而且之后的合并（`kubectl apply`、Kustomize）可能保留任意一个。",
        fix: ["Keep one definition of the variable.", "只保留这个变量的一个定义。"],
    }
}

/// Past this many variables, the first definition of each name is found
/// through a map (linear in the list) rather than by looking back over the
/// list (quadratic: 16,000 variables took a second).
const LOOK_BACK: usize = 32;

impl Check for DuplicateEnvVar {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let env = c.env();
            let room = if env.len() > LOOK_BACK { env.len() } else { 0 };
            let mut first_of: std::collections::HashMap<&str, usize, crate::text::hash::NameHash> =
                std::collections::HashMap::with_capacity_and_hasher(room, Default::default());
            for (i, var) in env.iter().enumerate() {
                let Some(name_node) = var.get("name") else {
                    continue;
                };
                let Some(name) = name_node.as_str() else {
                    continue;
                };
                let first = if env.len() <= LOOK_BACK {
                    env[..i]
                        .iter()
                        .position(|e| e.get("name").and_then(Node::as_str) == Some(name))
                } else {
                    match first_of.entry(name) {
                        std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(i);
                            None
                        }
                    }
                };
                let Some(first) = first else {
                    continue;
                };
                let line = env[first].span.start.line;
                out.report(c.at(name_node, &format!("env[{i}].name")).labelled(), text!(
                        "defines `{name}` again (first on line {line}); only the last value is used",
                        "再次定义了 `{name}`（第一次在第 {line} 行）；只有最后一个值生效"
                    ));
            }
        }
    }
}
