use crate::model::Qos;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a pod template whose QoS class is BestEffort: no container
    /// requests or limits any cpu or memory.
    ///
    /// ## Why is this bad?
    /// BestEffort pods are the first to be evicted when a node runs short of
    /// memory, and the scheduler places them without reserving anything
    /// (“Go + K8s development guide” §4.4). A production service should be Burstable at least,
    /// Guaranteed (requests equal to limits) when it matters most.
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
    ///       requests: {cpu: 100m, memory: 128Mi}
    ///       limits: {memory: 256Mi}
    /// ```
    pub struct BesteffortQos {
        id: "besteffort-qos",
        category: Resources,
        severity: Warning,
        default: On,
        seed: "004 §4.4",
        title: ["The pod's QoS class is BestEffort", "Pod 的 QoS 等级为 BestEffort"],
        what_zh: "报告 QoS 等级为 BestEffort 的 Pod 模板：没有任何容器设置 CPU 或内存的请求或限制。",
        why_zh: "节点内存不足时，BestEffort 的 Pod 最先被驱逐；调度器放置它们时也不预留任何资源（《Go语言+K8s开发指南》§4.4）。生产服务至少应为 Burstable，最重要的服务应为 Guaranteed（请求值等于限制值）。",
        fix: ["Give every container cpu and memory requests (and a memory limit).", "为每个容器设置 CPU 和内存请求（以及内存限制）。"],
    }
}

impl Check for BesteffortQos {
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for w in cx.workloads() {
            if w.pod.containers.is_empty() || w.pod.qos() != Qos::BestEffort {
                continue;
            }
            let anchor = w
                .pod
                .spec
                .entry("containers")
                .map_or(w.pod.spec, |e| &e.key);
            let what = w.object.describe();
            out.report(At::object(w.index, anchor, w.pod.join("containers")), text!(
                    "{what} runs as BestEffort QoS: no container requests cpu or memory, so its pods are evicted first",
                    "{what} 的 QoS 等级为 BestEffort：没有容器请求 CPU 或内存，其 Pod 会最先被驱逐"
                ));
        }
    }
}
