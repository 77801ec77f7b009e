//! The examples gallery: each article's pitfall as the article printed it
//! ("broken") and as the article recommends it ("fixed"). The files are the
//! seed suite's own (`examples/seeds/`), whose outcomes `crates/core/tests/seeds.rs`
//! asserts.

pub struct Example {
    pub id: &'static str,
    /// The article (by number) and section (see `rules::articles::cite`).
    pub seed: &'static str,
    pub title: [&'static str; 2],
    pub about: [&'static str; 2],
    /// The broken and the fixed YAML: their paths under `examples/`.
    pub broken: &'static str,
    pub fixed: Option<&'static str>,
    /// The rule whose finding opens when the broken YAML loads (the
    /// pitfall the example is about, when it is not the first finding).
    pub focus: Option<&'static str>,
}

/// An example's file under `examples/`: fetched when it is loaded, not
/// compiled in (about 3 KB gzip of the budgeted wasm).
macro_rules! seed {
    ($file:literal) => {
        concat!("seeds/", $file)
    };
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "no-memory-limit",
        seed: "000 §2.1",
        title: ["No memory limit took a node down", "没有内存限制拖垮了整个节点"],
        about: [
            "A Go service without a memory limit grew until the node ran out of memory. The fix sets requests and limits.",
            "一个没有内存限制的 Go 服务不断增长，直到节点内存耗尽。修复方法是设置 requests 和 limits。",
        ],
        broken: seed!("000-2.1-no-memory-limit.yaml"),
        fixed: Some(seed!("000-2.1-resources.yaml")),
        focus: None,
    },
    Example {
        id: "pull-policy",
        seed: "000 §2.2",
        title: ["imagePullPolicy: Never with :latest", "imagePullPolicy: Never 搭配 :latest"],
        about: [
            "The node never pulls the image, so a new :latest never arrives. Pin a tag, or pull Always for :latest.",
            "节点从不拉取镜像，新的 :latest 永远不会生效。固定镜像标签，或对 :latest 使用 Always。",
        ],
        broken: seed!("000-2.2-pull-never.yaml"),
        fixed: Some(seed!("000-2.2-pull-recommended.yaml")),
        focus: None,
    },
    Example {
        id: "probes",
        seed: "000 §2.3",
        title: ["Probes that kill a slow start", "探针在启动完成前杀死容器"],
        about: [
            "A liveness probe that starts after 3 seconds restarts a service that needs 5 to start, for ever.",
            "存活探针 3 秒后就开始检查，而服务需要 5 秒才能启动，于是容器被无休止地重启。",
        ],
        broken: seed!("000-2.3-probe-too-early.yaml"),
        fixed: Some(seed!("000-2.3-probe-recommended.yaml")),
        focus: None,
    },
    Example {
        id: "lost-indentation",
        seed: "000 ch. 1",
        title: ["YAML copied without its indentation", "复制时丢失了缩进的 YAML"],
        about: [
            "The article's Deployment, as printed: every key at the left margin. kubectl rejects it; kubeshape says where each key belongs.",
            "文章中打印出来的 Deployment：所有键都顶格。kubectl 会拒绝它；kubeshape 会指出每个键应属于哪里。",
        ],
        broken: seed!("000-ch1-deployment-as-printed.yaml"),
        fixed: Some(seed!("000-ch1-deployment.yaml")),
        focus: None,
    },
    Example {
        id: "rolling-update",
        seed: "000 ch. 5 / 002 ch. 5",
        title: ["A rolling-update strategy at the wrong level", "滚动更新策略放错了层级"],
        about: [
            "The strategy block lost its indentation; the fixed version keeps a replica serving during updates.",
            "strategy 配置丢失了缩进；修复后的版本在更新期间始终保留可用副本。",
        ],
        broken: seed!("000-ch5-strategy-as-printed.yaml"),
        fixed: Some(seed!("002-ch5-rolling-update.yaml")),
        focus: None,
    },
    Example {
        id: "qos",
        seed: "000 ch. 1 / §4.4",
        title: ["BestEffort pods are evicted first", "BestEffort 的 Pod 最先被驱逐"],
        about: [
            "Without requests and limits the pod is BestEffort. Equal requests and limits make it Guaranteed.",
            "没有 requests 和 limits 的 Pod 属于 BestEffort。requests 等于 limits 时为 Guaranteed。",
        ],
        broken: seed!("000-ch1-deployment.yaml"),
        fixed: Some(seed!("000-4.4-guaranteed.yaml")),
        focus: None,
    },
    Example {
        id: "security-context",
        seed: "000 §4.1",
        title: ["Running as root with a writable filesystem", "以 root 运行且文件系统可写"],
        about: [
            "The nginx Deployment runs with the image's defaults. The fixed pod drops root, privilege escalation and capabilities.",
            "nginx Deployment 使用镜像的默认设置运行。修复后的 Pod 不以 root 运行，禁止提权并丢弃所有 capabilities。",
        ],
        broken: seed!("001-3.1-deployment.yaml"),
        fixed: Some(seed!("000-4.1-security-context.yaml")),
        focus: None,
    },
    Example {
        id: "helm-template",
        seed: "004 ch. 3",
        title: ["A Helm template applied without rendering", "未渲染就直接应用的 Helm 模板"],
        about: [
            "`{{ .Release.Name }}` is not YAML. Render the chart with `helm template` and check the output.",
            "`{{ .Release.Name }}` 不是 YAML。先用 `helm template` 渲染 chart，再检查输出。",
        ],
        broken: seed!("004-3-helm-template.yaml"),
        fixed: Some(seed!("004-3-deployment.yaml")),
        focus: None,
    },
    Example {
        id: "hpa-v2beta2",
        seed: "004 §4.2",
        title: ["An autoscaler on a removed API", "使用已移除 API 的自动扩缩容"],
        about: [
            "autoscaling/v2beta2 was removed in Kubernetes 1.26; the same HPA works as autoscaling/v2.",
            "autoscaling/v2beta2 已在 Kubernetes 1.26 中移除；同样的 HPA 改用 autoscaling/v2 即可。",
        ],
        broken: seed!("004-4.2-hpa.yaml"),
        fixed: Some(seed!("004-4.2-hpa-v2.yaml")),
        focus: None,
    },
    Example {
        id: "configmap-key",
        seed: "000 §2.4 / 002 §4.3",
        title: ["An env var reads a key the ConfigMap lacks", "环境变量读取了 ConfigMap 中不存在的键"],
        about: [
            "The Pod asks app-config for `log-level`; the ConfigMap has LOG_LEVEL. The container never starts.",
            "Pod 向 app-config 要 `log-level`，而 ConfigMap 里的是 LOG_LEVEL。容器永远无法启动。",
        ],
        broken: seed!("000-2.4-configmap-key.yaml"),
        fixed: Some(seed!("000-2.4-configmap-key-fixed.yaml")),
        focus: None,
    },
    Example {
        id: "hpa-without-requests",
        seed: "001 §4.2 / 002 §4.2",
        title: ["An autoscaler on a Deployment without requests", "为没有 requests 的 Deployment 配置自动扩缩容"],
        about: [
            "A 50% cpu target means 50% of the request; the Deployment has none, so the HPA never scales. It also fights the written replicas.",
            "50% 的 CPU 目标指的是 request 的 50%；Deployment 没有设置 request，HPA 永远不会扩缩容，而且还会和写死的 replicas 互相争夺。",
        ],
        broken: seed!("001-4.2-hpa-deployment.yaml"),
        fixed: None,
        focus: None,
    },
    Example {
        id: "nodeport",
        seed: "000 §2.5",
        title: ["A Service opened on every node", "在每个节点上打开端口的 Service"],
        about: [
            "The article's risky NodePort: every node listens on 30080. “Go microservices on K8s” §4.2 shows the safer pairing: a ClusterIP Service and its Deployment.",
            "文章中有风险的 NodePort：每个节点都监听 30080。《Go微服务部署K8s实战》§4.2 的 ClusterIP Service 与 Deployment 是更安全的搭配。",
        ],
        broken: seed!("000-2.5-nodeport.yaml"),
        fixed: Some(seed!("002-4.2-deployment-service.yaml")),
        focus: None,
    },
    Example {
        id: "secret-base64",
        seed: "003 §2.4 / 001 §3.3",
        title: ["A Secret whose data is not base64", "data 不是 base64 的 Secret"],
        about: [
            "The registry Secret as printed has a placeholder under `data`, which must be base64. The Secret of “Gin on Kubernetes” §3.3 encodes its values.",
            "文章中的镜像仓库 Secret 在 `data` 下放了占位符，而 `data` 必须是 base64。《Gin框架与Kubernetes部署》§3.3 的 Secret 对值做了编码。",
        ],
        broken: seed!("003-2.4-regcred.yaml"),
        fixed: Some(seed!("001-3.3-configmap-secret.yaml")),
        focus: None,
    },
    Example {
        id: "init-container",
        seed: "003 §2.3",
        title: ["An init container on a floating tag", "使用浮动标签的 init 容器"],
        about: [
            "The wait-for-db init container uses `busybox` with no tag: each node may run a different image.",
            "等待数据库的 init 容器使用不带标签的 `busybox`：每个节点运行的镜像可能不同。",
        ],
        broken: seed!("003-2.3-init-container.yaml"),
        fixed: None,
        focus: None,
    },
    Example {
        id: "custom-resource",
        seed: "004 §3.2",
        title: ["A custom resource and its CRD", "自定义资源和它的 CRD"],
        about: [
            "The CustomResourceDefinition Kubebuilder generates for the article's MyResource, pasted above a MyResource: kubeshape checks the resource against its schema, and finds the Go field's name where the JSON one goes.",
            "Kubebuilder 为文章中的 MyResource 生成的 CustomResourceDefinition，粘贴在一个 MyResource 上面：kubeshape 按它的 Schema 检查这个资源，发现写的是 Go 字段名而不是 JSON 字段名。",
        ],
        broken: seed!("004-3.2-myresource-crd.yaml"),
        fixed: Some(seed!("004-3.2-myresource-crd-fixed.yaml")),
        focus: None,
    },
];

/// Helm mode's examples (the Helm build only): charts pasted as one
/// text, `# values.yaml` and `# templates/…` sections, as articles print
/// them (`examples/helm/`).
#[cfg(feature = "helm")]
pub const HELM_EXAMPLES: &[Example] = &[
    Example {
        id: "helm-chart",
        seed: "004 ch. 3",
        title: ["The article's Helm chart: `latest`, pulled if not present", "文章中的 Helm chart：`latest` 标签，本地没有才拉取"],
        about: [
            "values.yaml and templates/deployment.yaml as the article prints them. Rendered, the image floats on `latest` but is pulled only if not present: found on the template line that writes the pull policy, with the values lines behind it.",
            "文章中打印的 values.yaml 和 templates/deployment.yaml。渲染之后，镜像用的是不固定的 `latest`，却只在本地没有时才拉取：问题标在写出拉取策略的模板行上，并指出背后的 values 行。",
        ],
        broken: "helm/seed-004-chart.yaml",
        fixed: Some("helm/seed-004-chart-fixed.yaml"),
        focus: Some("latest-without-always-pull"),
    },
    Example {
        id: "helm-create",
        seed: "004 ch. 3",
        title: ["`helm create`'s chart, as every chart starts", "`helm create` 生成的 chart：每个 chart 的起点"],
        about: [
            "The scaffold of Helm v4.2.3, rendered with its default values: no resources, the same path for both probes. Each finding is on the template or values line to change.",
            "Helm v4.2.3 生成的脚手架，用默认值渲染：没有 resources，两个探针检查同一路径。每个问题都标在要修改的模板行或 values 行上。",
        ],
        broken: "helm/helm-create.yaml",
        fixed: None,
        focus: None,
    },
];

#[cfg(not(feature = "helm"))]
pub const HELM_EXAMPLES: &[Example] = &[];

/// Every example of this build, the articles' first.
pub fn all() -> impl Iterator<Item = &'static Example> {
    EXAMPLES.iter().chain(HELM_EXAMPLES)
}

pub fn find(id: &str) -> Option<&'static Example> {
    all().find(|e| e.id == id)
}
