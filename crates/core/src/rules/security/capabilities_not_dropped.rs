use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a container whose `securityContext.capabilities.drop` does not
    /// include `ALL`.
    ///
    /// ## Why is this bad?
    /// Containers start with a default set of Linux capabilities (`NET_RAW`,
    /// `CHOWN`, `SETUID`…) that a Go service almost never needs. Dropping
    /// all and adding back only what is needed is least privilege (“Go + K8s development guide”
    /// §4.1).
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
    ///     securityContext:
    ///       capabilities:
    ///         drop: [NET_RAW]
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
    ///     securityContext:
    ///       capabilities:
    ///         drop: [ALL]
    /// ```
    pub struct CapabilitiesNotDropped {
        id: "capabilities-not-dropped",
        category: Security,
        severity: Warning,
        default: On,
        fixable: Safe,
        seed: "004 §4.1",
        title: ["Capabilities are not all dropped", "没有丢弃全部能力"],
        what_zh: "报告 `securityContext.capabilities.drop` 中不包含 `ALL` 的容器。",
        why_zh: "容器启动时带有一组默认的 Linux 能力（`NET_RAW`、`CHOWN`、`SETUID` 等），Go 服务几乎从不需要它们。先全部丢弃、再只加回需要的，才是最小权限（《Go语言+K8s开发指南》§4.1）。",
        fix: ["Add `capabilities: {drop: [ALL]}` and add back only what the app needs.", "添加 `capabilities: {drop: [ALL]}`，只加回应用需要的能力。"],
    }
}

impl Check for CapabilitiesNotDropped {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let rest = Text::new(
            "does not drop ALL capabilities",
            "没有丢弃全部能力（drop: [ALL]）",
        );
        for c in cx.containers() {
            // A process that runs as a non-root user has no capabilities to
            // lose: dropping ALL then changes nothing it does. One that
            // starts as root may need some back (nginx: CHOWN, SETUID,
            // SETGID), which only its author knows.
            let user = c
                .pod
                .effective_security(&c, "runAsUser")
                .and_then(Node::as_i64);
            let non_root_flag = c
                .pod
                .effective_security(&c, "runAsNonRoot")
                .and_then(Node::as_bool);
            let safe =
                user.is_some_and(|u| u != 0) || (user.is_none() && non_root_flag == Some(true));
            let help = if safe {
                Text::default()
            } else {
                help!(
                    "Drop ALL and add back what the app needs: a process that starts as root may need some (nginx: CHOWN, SETUID, SETGID; NET_BIND_SERVICE for a port below 1024).",
                    "丢弃全部能力，再加回应用需要的：以 root 启动的进程可能需要其中一些（nginx 需要 CHOWN、SETUID、SETGID；监听 1024 以下端口需要 NET_BIND_SERVICE）。"
                )
            };
            let drop = c.node.path(&["securityContext", "capabilities", "drop"]);
            let drops_all = drop.and_then(Node::as_seq).is_some_and(|caps| {
                caps.iter()
                    .any(|c| c.as_str().is_some_and(|s| s.eq_ignore_ascii_case("ALL")))
            });
            match drop {
                _ if drops_all => {}
                Some(node) => {
                    let fix = fix_with(cx, c.index, safe, |s| {
                        Some(vec![s.append_item(node, "ALL")?])
                    });
                    out.report(
                        c.at(node, "securityContext.capabilities.drop").labelled(),
                        rest.clone(),
                    )
                    .help(help.clone())
                    .fix(fix);
                }
                None => {
                    let fix = set_fix(
                        cx,
                        c.index,
                        safe,
                        c.node,
                        &["securityContext", "capabilities", "drop"],
                        || FixValue::inline("[ALL]"),
                    );
                    out.report(c.lacking(), rest.clone())
                        .help(help.clone())
                        .fix(fix);
                }
            }
        }
    }
}
