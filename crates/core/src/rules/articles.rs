//! The articles the rules come from: five Chinese articles on shipping Go
//! services to Kubernetes (the project's "seeds", numbered 000 to 004). A
//! rule's metadata names them by number and section (`000 §2.2`,
//! `002 ch5`); what a reader sees is the article's title and the
//! section's heading.

use crate::diagnostic::Lang;

/// One article: its number, its title as published (or, where it has
/// none, its first chapter's heading), and an English rendering of it.
pub struct Article {
    pub number: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

/// The five articles, by number.
pub const ARTICLES: [Article; 5] = [
    Article {
        number: "000",
        en: "Deploying Go apps to Kubernetes",
        zh: "第一章：Go应用Kubernetes部署概述",
    },
    Article {
        number: "001",
        en: "Gin on Kubernetes",
        zh: "第一章：Gin框架与Kubernetes部署概述",
    },
    Article {
        number: "002",
        en: "Go microservices on K8s",
        zh: "Go微服务部署K8s实战（从开发到上线的完整流程）",
    },
    Article {
        number: "003",
        en: "Go on Kubernetes in production",
        zh: "第一章：Go + Kubernetes运维实践概述",
    },
    Article {
        number: "004",
        en: "Go + K8s development guide",
        zh: "【Go语言+K8s开发指南】：打造高可用云原生应用的黄金组合",
    },
];

/// The headings of the sections the rules and examples cite: (article,
/// section as cited, the heading as published, an English rendering).
const SECTIONS: &[(&str, &str, &str, &str)] = &[
    (
        "000",
        "ch1",
        "第一章：Go应用Kubernetes部署概述",
        "Deploying Go apps to Kubernetes, an overview",
    ),
    (
        "000",
        "§2.1",
        "资源请求与限制设置不当：理论分析与实际案例",
        "Requests and limits set wrong: the theory and a real case",
    ),
    (
        "000",
        "§2.2",
        "镜像拉取策略配置错误：避免Pod启动失败",
        "A wrong image pull policy: pods that fail to start",
    ),
    (
        "000",
        "§2.3",
        "健康检查探针使用误区：liveness与readiness混淆",
        "Probe mistakes: liveness confused with readiness",
    ),
    (
        "000",
        "§2.4",
        "环境变量与ConfigMap依赖管理不当问题",
        "Environment variables and ConfigMaps mismanaged",
    ),
    (
        "000",
        "§2.5",
        "服务端口暴露与Service类型选择陷阱",
        "Exposing ports and choosing a Service type",
    ),
    (
        "000",
        "§3.2",
        "零停机部署：优雅关闭与信号处理实践",
        "Zero-downtime deploys: graceful shutdown and signals",
    ),
    (
        "000",
        "§4.1",
        "最小权限原则：Pod安全上下文配置指南",
        "Least privilege: the pod security context",
    ),
    (
        "000",
        "§4.2",
        "敏感信息管理：Secret使用避坑指南",
        "Sensitive data: the pitfalls of Secrets",
    ),
    (
        "000",
        "§4.4",
        "应用性能调优：CPU与内存QoS类设置",
        "Performance: CPU, memory and QoS classes",
    ),
    (
        "000",
        "ch5",
        "第五章：总结与生产环境建议",
        "Summary and advice for production",
    ),
    (
        "001",
        "§2.2",
        "编写高效Dockerfile的最佳实践",
        "Writing an efficient Dockerfile",
    ),
    (
        "001",
        "§2.5",
        "推送镜像至私有/公有仓库实战",
        "Pushing images to private and public registries",
    ),
    (
        "001",
        "§3.1",
        "Deployment资源配置详解",
        "The Deployment in detail",
    ),
    (
        "001",
        "§3.2",
        "Service与Ingress实现外部访问",
        "Service and Ingress for access from outside",
    ),
    (
        "001",
        "§3.3",
        "ConfigMap与Secret管理应用配置",
        "ConfigMaps and Secrets for the app's configuration",
    ),
    (
        "001",
        "ch4",
        "第四章：自动伸缩机制深度解析",
        "Autoscaling in depth",
    ),
    (
        "001",
        "§4.2",
        "基于CPU和内存的自动伸缩配置",
        "Autoscaling on CPU and memory",
    ),
    (
        "002",
        "§4.2",
        "Kubernetes Deployment与Service配置",
        "The Deployment and the Service",
    ),
    (
        "002",
        "§4.3",
        "使用ConfigMap与Secret管理配置",
        "ConfigMaps and Secrets for configuration",
    ),
    (
        "002",
        "ch5",
        "第五章：部署优化与线上维护策略",
        "Tuning deployments and running them",
    ),
    (
        "003",
        "§2.1",
        "资源限制与OOMKilled：理论机制与Go应用内存控制实践",
        "Resource limits and OOMKilled: a Go app's memory",
    ),
    (
        "003",
        "§2.2",
        "健康检查失败：探针配置误区与Go服务存活策略优化",
        "Failing health checks: probe mistakes in Go services",
    ),
    (
        "003",
        "§2.3",
        "初始化容器失败：依赖加载问题与Go构建镜像最佳实践",
        "Failing init containers: dependencies and Go images",
    ),
    (
        "003",
        "§2.4",
        "镜像拉取失败：私有仓库认证问题与Go镜像多阶段构建方案",
        "Failing image pulls: private registries and Go images",
    ),
    (
        "003",
        "§2.5",
        "节点资源不足：调度异常与Go微服务资源请求合理设定",
        "Nodes short of resources: scheduling and requests",
    ),
    (
        "004",
        "ch3",
        "第三章：基于Go语言的Kubernetes应用开发流程",
        "Developing Kubernetes apps in Go",
    ),
    (
        "004",
        "§4.1",
        "Go应用的健康检查与Kubernetes探针配置",
        "Health checks of Go apps and Kubernetes probes",
    ),
    (
        "004",
        "§4.2",
        "基于Kubernetes的自动扩缩容与Go程序性能调优",
        "Autoscaling on Kubernetes and tuning Go programs",
    ),
    (
        "004",
        "§4.3",
        "多副本部署与状态一致性保障实践",
        "Several replicas and consistent state",
    ),
    (
        "004",
        "§4.4",
        "Go服务在Service Mesh中的集成与治理",
        "Go services in a service mesh",
    ),
];

/// `refs` as a reader reads them, each article by its title as published
/// and each section by its heading, with English renderings in English:
/// `000 §2.2` is «第一章：Go应用Kubernetes部署概述» (Deploying Go apps to
/// Kubernetes) §2.2 “A wrong image pull policy: pods that fail to start”,
/// and 《第一章：Go应用Kubernetes部署概述》§2.2「镜像拉取策略配置错误：避免Pod启动失败」
/// in Chinese. `ch5` is a chapter. A section after a comma or a slash
/// belongs to the article before it; anything that names no article (a
/// peer tool, such as `kubeconform`) stays as it is. `every article` is a
/// rule drawn from all of them.
pub fn cite(refs: &str, lang: Lang) -> String {
    // (Written with pushes, not `format!`: the playground has a size
    // budget.)
    let mut out = String::new();
    let mut article: Option<&Article> = None;
    for part in refs
        .split([',', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            out.push_str(lang.pick("; ", "；"));
        }
        let (head, rest) = part.split_once(' ').unwrap_or((part, ""));
        let place = match ARTICLES.iter().find(|a| a.number == head) {
            Some(a) => {
                article = Some(a);
                out.push_str(lang.pick("«", "《"));
                out.push_str(a.zh);
                out.push_str(lang.pick("» (", "》"));
                if lang == Lang::En {
                    out.push_str(a.en);
                    out.push(')');
                }
                rest.trim()
            }
            None if part.starts_with('§') || part.starts_with("ch") => part,
            None if part == "every article" => {
                out.push_str(lang.pick(part, "每篇文章"));
                continue;
            }
            None => {
                out.push_str(part);
                continue;
            }
        };
        if place.is_empty() {
            continue;
        }
        // `ch. 5` and `ch5` are the same chapter.
        let key = place.replace("ch. ", "ch");
        let heading = article.and_then(|a| {
            SECTIONS
                .iter()
                .find(|(number, section, _, _)| *number == a.number && *section == key)
        });
        if lang == Lang::En {
            out.push(' ');
        }
        match key.strip_prefix("ch") {
            // (A chapter's Chinese heading names it: 第五章：….)
            Some(_) if lang == Lang::Zh && heading.is_some() => {}
            Some(n) => {
                out.push_str(lang.pick("chapter ", "第"));
                out.push_str(n);
                out.push_str(lang.pick("", "章"));
            }
            None => out.push_str(&key),
        }
        if let Some((_, _, zh, en)) = heading {
            out.push_str(lang.pick(" “", "「"));
            out.push_str(lang.pick(en, zh));
            out.push_str(lang.pick("”", "」"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{cite, ARTICLES, SECTIONS};
    use crate::diagnostic::Lang;

    #[test]
    fn references_read_as_titles_and_headings() {
        assert_eq!(
            cite("000 §2.2, 003 §2.4", Lang::En),
            "«第一章：Go应用Kubernetes部署概述» (Deploying Go apps to Kubernetes) §2.2 “A wrong image pull policy: pods that fail to start”; «第一章：Go + Kubernetes运维实践概述» (Go on Kubernetes in production) §2.4 “Failing image pulls: private registries and Go images”"
        );
        assert_eq!(
            cite("002 ch5, 004 §4.3", Lang::Zh),
            "《Go微服务部署K8s实战（从开发到上线的完整流程）》「第五章：部署优化与线上维护策略」；《【Go语言+K8s开发指南】：打造高可用云原生应用的黄金组合》§4.3「多副本部署与状态一致性保障实践」"
        );
        // A section after a comma belongs to the article before it.
        assert!(cite("004 §4.1, §4.3", Lang::En)
            .ends_with("§4.3 “Several replicas and consistent state”"));
        assert_eq!(
            cite("000 ch. 5 / 002 ch. 5", Lang::En)
                .matches("chapter 5")
                .count(),
            2
        );
        assert_eq!(cite("kubeconform", Lang::Zh), "kubeconform");
        assert_eq!(cite("every article", Lang::Zh), "每篇文章");
        assert_eq!(
            cite("004", Lang::En),
            "«【Go语言+K8s开发指南】：打造高可用云原生应用的黄金组合» (Go + K8s development guide)"
        );
    }

    /// Every section a rule cites has its heading in the table.
    #[test]
    fn every_cited_section_has_a_heading() {
        for rule in crate::rules::all() {
            let seed = rule.meta().seed;
            for part in seed.split([',', '/']).map(str::trim) {
                let Some((number, section)) = part.split_once(' ') else {
                    continue;
                };
                if ARTICLES.iter().any(|a| a.number == number) {
                    assert!(
                        SECTIONS
                            .iter()
                            .any(|(n, s, _, _)| *n == number && *s == section),
                        "{}: {part}",
                        rule.meta().id
                    );
                }
            }
        }
    }
}
