use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `hostPath` volume. Mounting a container runtime socket
    /// (`docker.sock`, `containerd.sock`, `crio.sock`) is an error.
    ///
    /// ## Why is this bad?
    /// A host path ties the pod to one node's files and lets it read or
    /// change them; the runtime socket is full control of every container on
    /// the node (“Go + K8s development guide” §4.1). Use ConfigMaps, Secrets, `emptyDir` or
    /// persistent volumes instead.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   volumes:
    ///   - name: docker
    ///     hostPath:
    ///       path: /var/run/docker.sock
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    ///     volumeMounts:
    ///     - name: docker
    ///       mountPath: /var/run/docker.sock
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: api
    /// spec:
    ///   volumes:
    ///   - name: scratch
    ///     emptyDir: {}
    ///   containers:
    ///   - name: api
    ///     image: ghcr.io/acme/api:v1.4.2
    ///     volumeMounts:
    ///     - name: scratch
    ///       mountPath: /tmp
    /// ```
    pub struct HostPathVolume {
        id: "host-path-volume",
        category: Security,
        severity: Warning,
        default: On,
        seed: "004 §4.1",
        title: ["The pod mounts a path of its node", "Pod 挂载了节点上的路径"],
        what_zh: "报告 `hostPath` 卷。挂载容器运行时的套接字（`docker.sock`、`containerd.sock`、`crio.sock`）为错误。",
        why_zh: "hostPath 把 Pod 绑定到某个节点的文件上，并允许它读取或修改这些文件；运行时套接字等于完全控制节点上的所有容器（《Go语言+K8s开发指南》§4.1）。请改用 ConfigMap、Secret、`emptyDir` 或持久卷。",
        fix: ["Replace the hostPath volume with a ConfigMap, Secret, emptyDir or PersistentVolumeClaim.", "用 ConfigMap、Secret、emptyDir 或 PersistentVolumeClaim 替换 hostPath 卷。"],
    }
}

impl Check for HostPathVolume {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for w in cx.workloads() {
            for (i, volume) in w.pod.spec.items("volumes").iter().enumerate() {
                let Some(host_path) = volume.entry("hostPath") else {
                    continue;
                };
                let path = host_path
                    .value
                    .get("path")
                    .and_then(Node::as_str)
                    .unwrap_or("");
                let anchor = host_path.value.get("path").unwrap_or(&host_path.key);
                let socket = [
                    "docker.sock",
                    "containerd.sock",
                    "crio.sock",
                    "cri-dockerd.sock",
                ]
                .iter()
                .any(|s| path.ends_with(s));
                let at = w.pod.join(&format!("volumes[{i}].hostPath"));
                if socket {
                    out.report(At::object(w.index, anchor, at), text!(
                            "hostPath mounts the container runtime socket {path}: full control of the node",
                            "hostPath 挂载了容器运行时套接字 {path}：等于完全控制节点"
                        ))
                    .severity(Severity::Error);
                } else {
                    out.report(
                        At::object(w.index, anchor, at),
                        text!(
                            "hostPath volume mounts {path} from the node",
                            "hostPath 卷挂载了节点上的 {path}"
                        ),
                    );
                }
            }
        }
    }
}
