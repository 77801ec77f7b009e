//! The schema rules across Kubernetes versions, and the schema table next to
//! the hand-kept deprecation table.

use kubeshape_core::schema::{self, Lookup};
use kubeshape_core::{lint_str, Settings};

mod common;

fn findings(text: &str, version: &str, rule: &str) -> Vec<(u32, u32, String)> {
    common::schema_table();
    let settings = Settings {
        kubernetes_version: Some(version.to_owned()),
        ..Settings::default()
    };
    lint_str("t.yaml", text, &settings)
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            (
                f.span.start.line,
                f.span.start.column,
                f.message.en.to_string(),
            )
        })
        .collect()
}

const SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
  trafficDistribution: PreferClose
";

#[test]
fn a_field_newer_than_the_target_version_is_unknown_there() {
    assert!(findings(SERVICE, "1.30", "unknown-field").is_empty());
    assert!(findings(SERVICE, "1.37", "unknown-field").is_empty());
    let old = findings(SERVICE, "1.29", "unknown-field");
    assert_eq!(old.len(), 1, "{old:?}");
    assert_eq!((old[0].0, old[0].1), (10, 3));
    assert!(
        old[0]
            .2
            .contains("in Kubernetes 1.29: it exists in 1.30–1.37"),
        "{}",
        old[0].2
    );
    // Older than the table: its oldest version (1.25) decides.
    assert_eq!(findings(SERVICE, "1.20", "unknown-field").len(), 1);
}

#[test]
fn the_default_version_is_the_newest_the_table_has() {
    common::schema_table();
    let s = schema::get().expect("compiled in or loaded");
    assert_eq!(
        u32::from(*s.versions.last().unwrap()),
        kubeshape_core::settings::DEFAULT_KUBERNETES_MINOR
    );
}

#[test]
fn kinds_added_to_an_old_beta_version_are_not_called_removed() {
    // networking.k8s.io/v1beta1 lost Ingress in 1.22 but gained IPAddress in 1.31.
    let ip = "apiVersion: networking.k8s.io/v1beta1\nkind: IPAddress\nmetadata:\n  name: 10.0.0.1\nspec:\n  parentRef:\n    resource: services\n    name: web\n";
    assert!(findings(ip, "1.34", "deprecated-api-version").is_empty());
    assert!(findings(ip, "1.34", "unknown-kind").is_empty());
    let ingress = "apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n";
    assert_eq!(findings(ingress, "1.34", "deprecated-api-version").len(), 1);
    // Removed, so deprecated-api-version speaks, not unknown-kind.
    assert!(findings(ingress, "1.34", "unknown-kind").is_empty());
}

#[test]
fn removals_the_table_dates_agree_with_the_schemas() {
    common::schema_table();
    let s = schema::get().expect("compiled in or loaded");
    // (apiVersion, kind, removed in) rows of deprecated-api-version that fall
    // inside the schema table's versions.
    for (version, kind, removed) in [
        ("autoscaling/v2beta2", "HorizontalPodAutoscaler", 26),
        ("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", 26),
        ("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", 29),
        ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 32),
        (
            "flowcontrol.apiserver.k8s.io/v1beta3",
            "PriorityLevelConfiguration",
            32,
        ),
    ] {
        assert_eq!(
            s.serves(version, kind, removed - 1),
            Some(true),
            "{version} {kind}"
        );
        assert_eq!(
            s.serves(version, kind, removed),
            Some(false),
            "{version} {kind}"
        );
        let doc = format!("apiVersion: {version}\nkind: {kind}\nmetadata:\n  name: x\n");
        let got = findings(&doc, &format!("1.{removed}"), "deprecated-api-version");
        assert_eq!(got.len(), 1, "{version} {kind}: {got:?}");
        assert!(
            got[0]
                .2
                .contains(&format!("removed in Kubernetes 1.{removed}")),
            "{}",
            got[0].2
        );
    }
}

#[test]
fn every_workload_kind_has_a_schema() {
    common::schema_table();
    let s = schema::get().expect("compiled in or loaded");
    for (version, kind) in [
        ("v1", "Pod"),
        ("apps/v1", "Deployment"),
        ("apps/v1", "StatefulSet"),
        ("apps/v1", "DaemonSet"),
        ("apps/v1", "ReplicaSet"),
        ("v1", "ReplicationController"),
        ("batch/v1", "Job"),
        ("batch/v1", "CronJob"),
        ("v1", "Service"),
        ("v1", "ConfigMap"),
        ("v1", "Secret"),
        ("networking.k8s.io/v1", "Ingress"),
        ("networking.k8s.io/v1", "NetworkPolicy"),
        ("autoscaling/v2", "HorizontalPodAutoscaler"),
        ("policy/v1", "PodDisruptionBudget"),
    ] {
        assert!(
            matches!(s.lookup(version, kind, 37), Lookup::Known { .. }),
            "{version} {kind}"
        );
    }
}

#[test]
fn a_clean_workload_has_no_schema_findings_in_any_version() {
    let doc = include_str!("fixtures/unknown-field.yaml");
    let clean = doc.rsplit("---\n").next().unwrap();
    for minor in 25..=37 {
        for rule in [
            "unknown-field",
            "wrong-type",
            "missing-required-field",
            "unknown-kind",
        ] {
            let got = findings(clean, &format!("1.{minor}"), rule);
            assert!(got.is_empty(), "1.{minor} {rule}: {got:?}");
        }
    }
}
