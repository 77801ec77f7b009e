//! Absence is judged the same way in every face: a referenced object that
//! is missing is reported only when the input holds an object of that kind,
//! or with `assume_complete_input`. A single object (what the Kubewarden
//! face sees) is therefore never blamed for what lives in another file.

use kubeshape_core::{lint_str, Settings};

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      imagePullSecrets: [{name: regcred}]
      containers:
        - name: app
          image: ghcr.io/acme/app:v1
          envFrom: [{configMapRef: {name: app-config}}]
";

const ABSENCE_RULES: &[&str] = &[
    "configmap-not-found",
    "secret-not-found",
    "service-selects-nothing",
    "ingress-backend-not-found",
    "hpa-target-not-found",
    "missing-network-policy",
];

fn fired(text: &str, settings: &Settings) -> Vec<&'static str> {
    lint_str("x.yaml", text, settings)
        .findings
        .iter()
        .map(|f| f.rule)
        .filter(|r| ABSENCE_RULES.contains(r))
        .collect()
}

fn all_rules() -> Settings {
    Settings {
        include: vec!["all".into()],
        ..Settings::default()
    }
}

#[test]
fn a_single_object_is_never_blamed_for_another_file() {
    assert_eq!(fired(DEPLOYMENT, &all_rules()), Vec::<&str>::new());
    let service = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: x}\n  ports: [{port: 80}]\n";
    assert_eq!(fired(service, &all_rules()), Vec::<&str>::new());
    let hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: x}\n  minReplicas: 2\n  maxReplicas: 3\n";
    assert_eq!(fired(hpa, &all_rules()), Vec::<&str>::new());
}

#[test]
fn assume_complete_input_reports_every_absence() {
    let settings = Settings {
        assume_complete_input: true,
        ..all_rules()
    };
    let mut got = fired(DEPLOYMENT, &settings);
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "configmap-not-found",
            "missing-network-policy",
            "secret-not-found"
        ]
    );
    let report = lint_str("x.yaml", DEPLOYMENT, &settings);
    let message = &report
        .findings
        .iter()
        .find(|f| f.rule == "configmap-not-found")
        .expect("configmap-not-found")
        .message;
    assert_eq!(
        message.en,
        "ConfigMap `app-config` is not found in this input"
    );
    assert!(message.zh.contains("在此输入中找不到"));
}

#[test]
fn one_object_of_the_kind_makes_absence_a_likely_typo() {
    let bundle = format!("{DEPLOYMENT}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: app-confg}}\ndata: {{a: b}}\n");
    let report = lint_str("x.yaml", &bundle, &all_rules());
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "configmap-not-found")
        .expect("configmap-not-found fires");
    assert!(
        f.message.en.contains("did you mean `app-confg`"),
        "{}",
        f.message.en
    );
    assert!(!report.findings.iter().any(|f| f.rule == "secret-not-found"));
}
