//! `kubeshape fix` on a chart: fixes land in the template or values file
//! where their text lies literally, comments kept; the others are said.

use kubeshape_core::Settings;
use kubeshape_helm::fix::{fix_chart, Which};
use kubeshape_helm::{ChartFile, Options};

fn chart(template: &str, values: &str) -> Vec<ChartFile> {
    vec![
        ChartFile {
            path: "Chart.yaml".into(),
            text: "apiVersion: v2\nname: web\nversion: 0.1.0\n".into(),
        },
        ChartFile {
            path: "values.yaml".into(),
            text: values.into(),
        },
        ChartFile {
            path: "templates/deployment.yaml".into(),
            text: template.into(),
        },
    ]
}

const TEMPLATE: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: \"nginx:{{ .Values.tag }}\"\n          imagePullPolicy: {{ .Values.pullPolicy }}\n";

#[test]
fn fixes_land_in_the_values_file_and_the_template() {
    let files = chart(
        TEMPLATE,
        "# the tag\ntag: latest\npullPolicy: IfNotPresent # keep me\n",
    );
    let which = Which {
        safe_only: true,
        rules: vec![
            "latest-without-always-pull".into(),
            "privilege-escalation".into(),
        ],
    };
    let fixed = fix_chart(&files, &Options::default(), &Settings::default(), &which);
    // The value the action printed is changed where it is written, its comment kept.
    assert_eq!(
        fixed.texts["values.yaml"],
        "# the tag\ntag: latest\npullPolicy: Always # keep me\n"
    );
    // The template gains the field, under the container the template writes.
    assert!(
        fixed.texts["templates/deployment.yaml"]
            .ends_with("          securityContext:\n            allowPrivilegeEscalation: false\n"),
        "{}",
        fixed.texts["templates/deployment.yaml"]
    );
    assert!(
        fixed.outcomes.iter().all(|o| o.not_applied.is_none()),
        "{:?}",
        fixed.outcomes
    );
    // The fixed chart renders and no longer has those findings.
    let mut again = files.clone();
    for f in &mut again {
        if let Some(t) = fixed.texts.get(&f.path) {
            f.text = t.as_str().into();
        }
    }
    let checked = kubeshape_helm::check::check_chart(
        &again,
        &Options::default(),
        &Settings::default(),
        false,
    );
    assert!(!checked
        .report
        .findings
        .iter()
        .any(|f| f.rule == "latest-without-always-pull" || f.rule == "privilege-escalation"));
}

#[test]
fn a_fix_of_text_an_action_wrote_is_said_not_applied() {
    // The container comes from values through toYaml: its pull policy is
    // inside what the action printed, not written literally anywhere.
    let template = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n{{ toYaml .Values.containers | indent 4 }}\n";
    let values =
        "containers:\n  - name: web\n    image: nginx:latest\n    imagePullPolicy: IfNotPresent\n";
    let which = Which {
        safe_only: true,
        rules: vec!["latest-without-always-pull".into()],
    };
    let fixed = fix_chart(
        &chart(template, values),
        &Options::default(),
        &Settings::default(),
        &which,
    );
    assert!(fixed.texts.is_empty(), "{:?}", fixed.texts);
    let o = fixed
        .outcomes
        .iter()
        .find(|o| o.rule == "latest-without-always-pull")
        .expect("the finding is reported");
    assert!(
        o.not_applied.is_some_and(|w| w.contains("template action")),
        "{o:?}"
    );
}
