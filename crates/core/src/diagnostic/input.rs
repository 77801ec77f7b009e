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

    /// What it is, for people: "Helm values file", "Helm values 文件".
    pub fn label(self, lang: Lang) -> &'static str {
        self.words().0.pick(lang)
    }

    /// How many of them there are, for people: "3 Helm templates",
    /// "Helm 模板 3 个".
    pub fn count(self, n: usize, lang: Lang) -> String {
        let (one, many) = self.words();
        match lang {
            Lang::En if n == 1 => format!("1 {}", one.en),
            Lang::En => format!("{n} {}", many),
            Lang::Zh => format!("{} {n} 个", one.zh),
        }
    }

    /// The English and Chinese of one, and the English of several.
    fn words(self) -> (Words, &'static str) {
        let (en, zh, many) = match self {
            FileKind::HelmTemplate => ("Helm template", "Helm 模板", "Helm templates"),
            FileKind::HelmValues => ("Helm values file", "Helm values 文件", "Helm values files"),
            FileKind::HelmChart => (
                "Helm Chart.yaml, requirements or lock file",
                "Helm 的 Chart.yaml、requirements 或 lock 文件",
                "Helm Chart.yaml, requirements or lock files",
            ),
            FileKind::HelmTest => ("Helm unit test", "Helm 单元测试", "Helm unit tests"),
            FileKind::KustomizeConfig => (
                "Kustomize input (transformer configuration, generator data)",
                "Kustomize 输入（transformer 配置、generator 数据）",
                "Kustomize inputs (transformer configurations, generator data)",
            ),
            FileKind::CloudBuild => (
                "Cloud Build config",
                "Cloud Build 配置",
                "Cloud Build configs",
            ),
            FileKind::DockerCompose => (
                "Docker Compose file",
                "Docker Compose 文件",
                "Docker Compose files",
            ),
            FileKind::GoReleaser => ("GoReleaser config", "GoReleaser 配置", "GoReleaser configs"),
            FileKind::Skaffold => ("Skaffold config", "Skaffold 配置", "Skaffold configs"),
            FileKind::OpenApi => (
                "OpenAPI or Swagger document",
                "OpenAPI 或 Swagger 文档",
                "OpenAPI or Swagger documents",
            ),
            FileKind::JsonSchema => ("JSON Schema", "JSON Schema", "JSON Schemas"),
            FileKind::Grafana => (
                "Grafana dashboard or provisioning file",
                "Grafana 仪表盘或配置文件",
                "Grafana dashboards or provisioning files",
            ),
            FileKind::OpenTelemetry => (
                "OpenTelemetry Collector config",
                "OpenTelemetry Collector 配置",
                "OpenTelemetry Collector configs",
            ),
            FileKind::Prometheus => (
                "Prometheus or Alertmanager file",
                "Prometheus 或 Alertmanager 文件",
                "Prometheus or Alertmanager files",
            ),
            FileKind::CiWorkflow => (
                "CI workflow (GitHub Actions, GitLab CI, …)",
                "CI 流水线（GitHub Actions、GitLab CI 等）",
                "CI workflows (GitHub Actions, GitLab CI, …)",
            ),
            FileKind::ToolConfig => (
                "tool config in Kubernetes style (kind, kubeadm, kubeconfig, Backstage, …)",
                "Kubernetes 风格的工具配置（kind、kubeadm、kubeconfig、Backstage 等）",
                "tool configs in Kubernetes style (kind, kubeadm, kubeconfig, Backstage, …)",
            ),
            FileKind::Empty => ("empty file", "空文件", "empty files"),
            FileKind::OtherYaml => ("other YAML file", "其他 YAML 文件", "other YAML files"),
            FileKind::OtherJson => ("other JSON file", "其他 JSON 文件", "other JSON files"),
        };
        (Words { en, zh }, many)
    }
}

/// One text in both languages, borrowed.
#[derive(Clone, Copy)]
struct Words {
    en: &'static str,
    zh: &'static str,
}

impl Words {
    fn pick(self, lang: Lang) -> &'static str {
        lang.pick(self.en, self.zh)
    }
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
