//! What an input is to the check: a manifest someone named, a file found in
//! a folder (which may turn out not to be a manifest at all), a Kustomize
//! patch or kustomization, a file read only for the CustomResourceDefinitions
//! it holds. And what a file that is not a manifest is, said in a report's
//! summary ("skipped 12 files that are not Kubernetes manifests: 5 Helm
//! values, …").

use super::Lang;

/// How an input is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Named by the user (a file, stdin, an editor buffer, the playground):
    /// every document is judged as a Kubernetes object.
    #[default]
    Manifest,
    /// Found walking a folder: judged when it is a manifest; when none of
    /// its documents is (a Helm `values.yaml`, a `docker-compose.yaml`), it
    /// is skipped and counted by what it is.
    Found,
    /// A Kustomize patch (named under `patches`, `patchesStrategicMerge` or
    /// `patchesJson6902`): a part of an object by design. The input rules
    /// judge the fields written (`$patch` directives understood); nothing
    /// is required and nothing is missing.
    Patch,
    /// A `kustomization.yaml`: checked against Kustomize's own fields.
    Kustomization,
    /// Read only for the CustomResourceDefinitions it holds (`--crd`): they
    /// check custom resources; the file itself is not judged.
    Crds,
    /// A file a built input was made from (a Kustomize overlay's base)
    /// that is not in the input itself: read so that the build's findings
    /// can be shown where they were written; not judged itself.
    Origin,
    /// Known not to be checked as it is, without reading it (a chart's
    /// `templates/`, before they are rendered).
    Skipped(FileKind),
}

/// What a file that is not a Kubernetes manifest is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    HelmTemplate,
    HelmValues,
    HelmChart,
    HelmTest,
    KustomizeConfig,
    CloudBuild,
    DockerCompose,
    GoReleaser,
    Skaffold,
    OpenApi,
    JsonSchema,
    Grafana,
    OpenTelemetry,
    Prometheus,
    CiWorkflow,
    ToolConfig,
    Empty,
    OtherYaml,
    OtherJson,
}

impl FileKind {
    pub const ALL: [FileKind; 19] = [
        FileKind::HelmTemplate,
        FileKind::HelmValues,
        FileKind::HelmChart,
        FileKind::HelmTest,
        FileKind::KustomizeConfig,
        FileKind::CloudBuild,
        FileKind::DockerCompose,
        FileKind::GoReleaser,
        FileKind::Skaffold,
        FileKind::OpenApi,
        FileKind::JsonSchema,
        FileKind::Grafana,
        FileKind::OpenTelemetry,
        FileKind::Prometheus,
        FileKind::CiWorkflow,
        FileKind::ToolConfig,
        FileKind::Empty,
        FileKind::OtherYaml,
        FileKind::OtherJson,
    ];

    /// The name tools read (the JSON report's `kind` of a skipped file).
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::HelmTemplate => "helm-template",
            FileKind::HelmValues => "helm-values",
            FileKind::HelmChart => "helm-chart",
            FileKind::HelmTest => "helm-test",
            FileKind::KustomizeConfig => "kustomize-config",
            FileKind::CloudBuild => "cloud-build",
            FileKind::DockerCompose => "docker-compose",
            FileKind::GoReleaser => "goreleaser",
            FileKind::Skaffold => "skaffold",
            FileKind::OpenApi => "openapi",
            FileKind::JsonSchema => "json-schema",
            FileKind::Grafana => "grafana",
            FileKind::OpenTelemetry => "opentelemetry",
            FileKind::Prometheus => "prometheus",
            FileKind::CiWorkflow => "ci-workflow",
            FileKind::ToolConfig => "tool-config",
            FileKind::Empty => "empty",
            FileKind::OtherYaml => "other-yaml",
            FileKind::OtherJson => "other-json",
        }
    }

    /// What it is, for people: "Helm values file", "Helm chart file
    /// (Chart.yaml, requirements, lock)".
    pub fn label(self, lang: Lang) -> String {
        let w = self.words();
        match (lang, w.detail) {
            (Lang::En, Some((en, _))) => format!("{} ({en})", w.one),
            (Lang::Zh, Some((_, zh))) => format!("{}（{zh}）", w.zh),
            (Lang::En, None) => w.one.to_owned(),
            (Lang::Zh, None) => w.zh.to_owned(),
        }
    }

    /// How many of them there are, for people: "3 Helm templates",
    /// "Helm 模板 3 个".
    pub fn count(self, n: usize, lang: Lang) -> String {
        let w = self.words();
        match lang {
            Lang::En if n == 1 => format!("1 {}", w.one),
            Lang::En => format!("{n} {}", w.many),
            Lang::Zh => format!("{} {n} 个", w.zh),
        }
    }

    fn words(self) -> Words {
        let w = |one, many, zh| Words {
            one,
            many,
            zh,
            detail: None,
        };
        let detailed = |one, many, zh, en_detail, zh_detail| Words {
            one,
            many,
            zh,
            detail: Some((en_detail, zh_detail)),
        };
        match self {
            FileKind::HelmTemplate => w("Helm template", "Helm templates", "Helm 模板"),
            FileKind::HelmValues => w("Helm values file", "Helm values files", "Helm values 文件"),
            FileKind::HelmChart => detailed(
                "Helm chart file",
                "Helm chart files",
                "Helm chart 文件",
                "Chart.yaml, requirements, lock",
                "Chart.yaml、requirements、lock",
            ),
            FileKind::HelmTest => w("Helm unit test", "Helm unit tests", "Helm 单元测试"),
            FileKind::KustomizeConfig => detailed(
                "Kustomize input",
                "Kustomize inputs",
                "Kustomize 输入",
                "a transformer's configuration, a generator's data",
                "transformer 配置、generator 数据",
            ),
            FileKind::CloudBuild => w(
                "Cloud Build config",
                "Cloud Build configs",
                "Cloud Build 配置",
            ),
            FileKind::DockerCompose => w(
                "Docker Compose file",
                "Docker Compose files",
                "Docker Compose 文件",
            ),
            FileKind::GoReleaser => w("GoReleaser config", "GoReleaser configs", "GoReleaser 配置"),
            FileKind::Skaffold => w("Skaffold config", "Skaffold configs", "Skaffold 配置"),
            FileKind::OpenApi => w("OpenAPI document", "OpenAPI documents", "OpenAPI 文档"),
            FileKind::JsonSchema => w("JSON Schema", "JSON Schemas", "JSON Schema"),
            FileKind::Grafana => detailed(
                "Grafana file",
                "Grafana files",
                "Grafana 文件",
                "a dashboard, provisioning",
                "仪表盘、配置",
            ),
            FileKind::OpenTelemetry => w(
                "OpenTelemetry Collector config",
                "OpenTelemetry Collector configs",
                "OpenTelemetry Collector 配置",
            ),
            FileKind::Prometheus => detailed(
                "Prometheus file",
                "Prometheus files",
                "Prometheus 文件",
                "configuration, rules, Alertmanager",
                "配置、规则、Alertmanager",
            ),
            FileKind::CiWorkflow => detailed(
                "CI workflow",
                "CI workflows",
                "CI 流水线",
                "GitHub Actions, GitLab CI, …",
                "GitHub Actions、GitLab CI 等",
            ),
            FileKind::ToolConfig => detailed(
                "tool config",
                "tool configs",
                "工具配置",
                "Kubernetes-style: kind, kubeadm, kubeconfig, Backstage, …",
                "Kubernetes 风格：kind、kubeadm、kubeconfig、Backstage 等",
            ),
            FileKind::Empty => w("empty file", "empty files", "空文件"),
            FileKind::OtherYaml => w("other YAML file", "other YAML files", "其他 YAML 文件"),
            FileKind::OtherJson => w("other JSON file", "other JSON files", "其他 JSON 文件"),
        }
    }
}

/// How a kind of file is said: one, several, in Chinese, and what it
/// covers (in both languages) where the name alone does not say.
struct Words {
    one: &'static str,
    many: &'static str,
    zh: &'static str,
    detail: Option<(&'static str, &'static str)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_name_and_words() {
        let mut names: Vec<&str> = FileKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FileKind::ALL.len());
        for kind in FileKind::ALL {
            for lang in [Lang::En, Lang::Zh] {
                assert!(!kind.label(lang).is_empty());
            }
            assert_ne!(
                kind.count(1, Lang::En),
                kind.count(2, Lang::En).replace('2', "1")
            );
        }
        assert_eq!(
            FileKind::HelmTemplate.count(3, Lang::En),
            "3 Helm templates"
        );
        assert_eq!(FileKind::HelmTemplate.count(1, Lang::En), "1 Helm template");
        assert_eq!(
            FileKind::HelmValues.count(2, Lang::Zh),
            "Helm values 文件 2 个"
        );
    }
}
