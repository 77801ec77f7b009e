use super::classify;
use crate::diagnostic::FileKind;
use crate::parse::{parse, Limits, SourceFile};

fn kind(name: &str, text: &str) -> Option<FileKind> {
    let file = SourceFile::new(name, text, parse(text, &Limits::default())).0;
    classify(&file)
}

#[test]
fn manifests_are_manifests() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
    assert_eq!(kind("deploy/web.yaml", deployment), None);
    // Whatever the name says.
    assert_eq!(kind("values.yaml", deployment), None);
    // A custom resource is a manifest.
    assert_eq!(
        kind(
            "vs.yaml",
            "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
        ),
        None
    );
    // One manifest among other documents.
    assert_eq!(
        kind("a.yaml", "foo: 1\n---\n{}\n---\n".to_owned().as_str()),
        Some(FileKind::OtherYaml)
    );
    assert_eq!(kind("a.yaml", &format!("foo: 1\n---\n{deployment}")), None);
    // Looks like a manifest that lost its kind: still judged (an error).
    assert_eq!(
        kind("a.yaml", "metadata:\n  name: web\nspec:\n  replicas: 2\n"),
        None
    );
    assert_eq!(kind("a.yaml", "spec:\n  containers: []\n"), None);
    // A JSON manifest.
    assert_eq!(
        kind("a.json", r#"{"apiVersion": "v1", "kind": "Service"}"#),
        None
    );
    // Not read (a template that is not YAML yet) but says what it is.
    assert_eq!(
        kind(
            "t.yaml",
            "kind: Deployment\nspec:\n  {{- if .x }}\n  a: [\n"
        ),
        None
    );
}

#[test]
fn files_known_by_name() {
    let cases = [
        (
            "chart/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            FileKind::HelmChart,
        ),
        // Broken, and still known by its name.
        (
            "bad/Chart.yaml",
            "apiVersion: v2\nname: x\n  version: [\n",
            FileKind::HelmChart,
        ),
        (
            "chart/requirements.yaml",
            "dependencies: []\n",
            FileKind::HelmChart,
        ),
        (
            "chart/Chart.lock",
            "dependencies: []\n",
            FileKind::HelmChart,
        ),
        (
            "chart/values.yaml",
            "replicaCount: 1\nimage:\n  tag: v1\n",
            FileKind::HelmValues,
        ),
        (
            "chart/ci/prod-values.yaml",
            "replicaCount: 2\n",
            FileKind::HelmValues,
        ),
        ("values-prod.yml", "a: 1\n", FileKind::HelmValues),
        (
            "values.schema.json",
            r#"{"properties": {}}"#,
            FileKind::JsonSchema,
        ),
        (
            "cloudbuild.yaml",
            "steps:\n- name: gcr.io/cloud-builders/docker\n",
            FileKind::CloudBuild,
        ),
        (
            "cloudbuild-e2e.yaml",
            "timeout: 600s\n",
            FileKind::CloudBuild,
        ),
        (
            "docker-compose.yml",
            "version: '3'\n",
            FileKind::DockerCompose,
        ),
        ("compose.yaml", "services: {}\n", FileKind::DockerCompose),
        (".goreleaser.yml", "project_name: x\n", FileKind::GoReleaser),
        (
            ".gitlab-ci.yml",
            "test:\n  script: [make]\n",
            FileKind::CiWorkflow,
        ),
        (
            ".github/workflows/ci.yaml",
            "name: ci\n",
            FileKind::CiWorkflow,
        ),
        (
            "kustomizeconfig.yaml",
            "nameReference: []\n",
            FileKind::KustomizeConfig,
        ),
    ];
    for (name, text, expected) in cases {
        assert_eq!(kind(name, text), Some(expected), "{name}");
    }
}

#[test]
fn files_known_by_shape() {
    let cases = [
        (
            "api.yaml",
            "openapi: 3.0.0\ninfo: {title: x}\npaths: {}\n",
            FileKind::OpenApi,
        ),
        (
            "api.json",
            r#"{"swagger": "2.0", "paths": {}}"#,
            FileKind::OpenApi,
        ),
        (
            "s.json",
            r#"{"$schema": "http://json-schema.org/draft-07/schema#"}"#,
            FileKind::JsonSchema,
        ),
        (
            "tests/deployment_test.yaml",
            "suite: test deployment\ntemplates: [deployment.yaml]\ntests: []\n",
            FileKind::HelmTest,
        ),
        (
            "otel.yaml",
            "receivers:\n  otlp: {}\nexporters:\n  debug: {}\nservice: {}\n",
            FileKind::OpenTelemetry,
        ),
        (
            "prometheus.yml",
            "global: {}\nscrape_configs: []\n",
            FileKind::Prometheus,
        ),
        (
            "alerts.yaml",
            "groups:\n- name: a\n  rules: []\n",
            FileKind::Prometheus,
        ),
        (
            "dash.json",
            r#"{"title": "x", "panels": []}"#,
            FileKind::Grafana,
        ),
        (
            "datasources.yaml",
            "apiVersion: 1\ndatasources:\n- name: prom\n",
            FileKind::Grafana,
        ),
        (
            "ci.yml",
            "on: [push]\njobs:\n  build: {}\n",
            FileKind::CiWorkflow,
        ),
        (
            "build.yaml",
            "steps:\n- name: gcr.io/cloud-builders/go\n  args: [build]\n",
            FileKind::CloudBuild,
        ),
        (
            "stack.yml",
            "services:\n  web:\n    image: nginx\n",
            FileKind::DockerCompose,
        ),
        (
            "release.yml",
            "builds:\n- main: .\narchives: []\n",
            FileKind::GoReleaser,
        ),
        (
            "skaffold-dev.yaml",
            "apiVersion: skaffold/v4beta6\nkind: Config\nmetadata:\n  name: app\n",
            FileKind::Skaffold,
        ),
        (
            "label.yaml",
            "apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\n",
            FileKind::KustomizeConfig,
        ),
        (
            "cluster.yaml",
            "apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: []\n",
            FileKind::ToolConfig,
        ),
        (
            "kubeconfig",
            "apiVersion: v1\nkind: Config\nclusters: []\n",
            FileKind::ToolConfig,
        ),
        (
            "catalog-info.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n",
            FileKind::ToolConfig,
        ),
        (
            "settings.yaml",
            "log_level: debug\nport: 8080\n",
            FileKind::OtherYaml,
        ),
        (
            "package.json",
            r#"{"name": "x", "version": "1.0.0"}"#,
            FileKind::OtherJson,
        ),
        ("empty.yaml", "", FileKind::Empty),
        ("comments.yaml", "# nothing yet\n---\n", FileKind::Empty),
        // Not read (no YAML), and nothing says it is a manifest.
        ("broken.yaml", "a: [\nb: }\n", FileKind::OtherYaml),
    ];
    for (name, text, expected) in cases {
        assert_eq!(kind(name, text), Some(expected), "{name}");
    }
}
