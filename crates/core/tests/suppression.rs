//! `kubeshape.io/ignore` annotations: on the object, on its pod template,
//! for one container (`kubeshape.io/ignore.<container>`), by rule id, by
//! category and `all`. A silenced finding stays in the report, marked
//! `suppressed`; nothing else is silenced with it.

use kubeshape_core::{lint_str, Settings};

/// A Deployment with two containers that both use `:latest` and lack
/// probes; `annotations` go on the Deployment, `template` on its pod
/// template.
fn deployment(annotations: &str, template: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {{{annotations}}}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
      annotations: {{{template}}}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:latest
        - name: sidecar
          image: ghcr.io/acme/sidecar:latest
"
    )
}

/// `(rule, container, suppressed)` for every finding about a container
/// (found by its path), sorted.
fn container_findings(annotations: &str, template: &str) -> Vec<(String, String, bool)> {
    let text = deployment(annotations, template);
    let report = lint_str("web.yaml", &text, &Settings::default());
    let mut out: Vec<(String, String, bool)> = report
        .findings
        .iter()
        .filter_map(|f| {
            let rest = f.path.strip_prefix("spec.template.spec.containers[")?;
            let name = match rest.as_bytes().first()? {
                b'0' => "api",
                b'1' => "sidecar",
                _ => return None,
            };
            Some((f.rule.to_owned(), name.to_owned(), f.suppressed))
        })
        .collect();
    out.sort();
    out
}

fn suppressed(findings: &[(String, String, bool)]) -> Vec<(&str, &str)> {
    findings
        .iter()
        .filter(|f| f.2)
        .map(|f| (f.0.as_str(), f.1.as_str()))
        .collect()
}

#[test]
fn without_annotations_nothing_is_suppressed() {
    let findings = container_findings("", "");
    assert!(findings.len() >= 4, "{findings:?}");
    assert!(findings.iter().any(|f| f.0 == "latest-tag" && f.1 == "api"));
    assert!(suppressed(&findings).is_empty(), "{findings:?}");
}

/// An annotation naming rules silences those rules: on the object or its
/// pod template for every container, with `.<container>` for that one.
#[test]
fn rule_annotations_silence_what_they_name() {
    let both = [("latest-tag", "api"), ("latest-tag", "sidecar")];
    // Object annotations, template annotations, what they silence.
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
    let cases: [Case<'_>; 4] = [
        ("kubeshape.io/ignore: latest-tag", "", &both),
        ("", "kubeshape.io/ignore: latest-tag", &both),
        (
            "kubeshape.io/ignore.sidecar: latest-tag",
            "",
            &[("latest-tag", "sidecar")],
        ),
        (
            "",
            "kubeshape.io/ignore.api: 'latest-tag, missing-readiness-probe'",
            &[("latest-tag", "api"), ("missing-readiness-probe", "api")],
        ),
    ];
    for (annotations, template, expected) in cases {
        let findings = container_findings(annotations, template);
        assert_eq!(
            suppressed(&findings),
            expected,
            "{annotations} / {template}"
        );
    }
}

#[test]
fn a_category_or_all_silences_its_rules() {
    let findings = container_findings("kubeshape.io/ignore: probes", "");
    let silenced = suppressed(&findings);
    assert!(
        silenced.contains(&("missing-liveness-probe", "api")),
        "{findings:?}"
    );
    assert!(
        silenced.contains(&("missing-readiness-probe", "sidecar")),
        "{findings:?}"
    );
    assert!(
        silenced.iter().all(|(rule, _)| rule.contains("probe")),
        "{findings:?}"
    );
    let findings = container_findings("kubeshape.io/ignore.api: all", "");
    assert!(
        findings.iter().all(|f| f.2 == (f.1 == "api")),
        "{findings:?}"
    );
}
