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

/// Where `name` (of `env[i]`) was first defined, if before `i`; records
/// it otherwise. Linear over the list: an open-addressing table of
/// positions by a hash of the name, `slots` as long as a power of two at
/// least twice the list (16,000 variables, looked back over one by one,
/// took a second; a standard map adds its code to every browser build).
fn first_definition(env: &[Node<'_>], slots: &mut [usize], i: usize, name: &str) -> Option<usize> {
    let mask = slots.len() - 1;
    let mut at = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }) as usize
        & mask;
    loop {
        match slots[at] {
            usize::MAX => {
                slots[at] = i;
                return None;
            }
            j if env[j].get("name").and_then(Node::as_str) == Some(name) => return Some(j),
            _ => at = (at + 1) & mask,
        }
    }
}

impl Check for DuplicateEnvVar {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in cx.containers() {
            let env = c.env();
            let mut slots = vec![usize::MAX; (env.len() * 2).next_power_of_two()];
            for (i, var) in env.iter().enumerate() {
                let Some(name_node) = var.get("name") else {
                    continue;
                };
                let Some(name) = name_node.as_str() else {
                    continue;
                };
                let Some(first) = first_definition(env, &mut slots, i, name) else {
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

#[cfg(test)]
mod tests {
    use crate::parse::{parse, Limits};

    #[test]
    fn first_definitions_point_back_to_the_first_of_each_name() {
        let mut text = String::from("[");
        for i in 0..5000 {
            text.push_str(&format!("{{name: V{}}}, ", i % 2500));
        }
        text.push_str("{value: x}]");
        let parsed = parse(&text, &Limits::default());
        let root = parsed.documents[0].root.as_ref().expect("a list");
        let env = root.as_seq().expect("a list");
        let mut slots = vec![usize::MAX; (env.len() * 2).next_power_of_two()];
        for (i, var) in env.iter().enumerate().take(5000) {
            let name = var
                .get("name")
                .and_then(crate::parse::Node::as_str)
                .expect("a name");
            let first = super::first_definition(env, &mut slots, i, name);
            assert_eq!(first, (i >= 2500).then(|| i - 2500), "{i}");
        }
    }
}
