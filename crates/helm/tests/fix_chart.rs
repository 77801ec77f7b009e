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

/// A chart pasted as one text (the playground's Helm mode): the fixes land
/// in the sections they belong to, under their `# path` lines, and every
/// other line of the paste stays as it was.
#[test]
fn a_pasted_chart_is_fixed_in_place() {
    use kubeshape_helm::paste::{check_paste, fix_paste};
    let paste = format!(
        "\n# values.yaml\n# the tag\ntag: latest\npullPolicy: IfNotPresent # keep me\n# templates/deployment.yaml\n{TEMPLATE}"
    );
    let which = Which {
        safe_only: true,
        rules: Vec::new(),
    };
    let settings = Settings::default();
    let (fixed, outcome) =
        fix_paste(&paste, &Options::default(), &settings, &which).expect("a paste");
    assert!(
        outcome.outcomes.iter().any(|o| o.not_applied.is_none()),
        "{:?}",
        outcome.outcomes
    );
    assert!(
        fixed.starts_with("\n# values.yaml\n# the tag\ntag: latest\npullPolicy: Always # keep me\n# templates/deployment.yaml\napiVersion: apps/v1\n"),
        "{fixed}"
    );
    assert!(fixed.contains("allowPrivilegeEscalation: false"), "{fixed}");
    // Checked again: the safe fixes' findings are gone, nothing new is wrong.
    let rules = |text: &str| -> Vec<&'static str> {
        let (checked, _) = check_paste("p.yaml", text, &Options::default(), &settings).unwrap();
        checked.report.findings.iter().map(|f| f.rule).collect()
    };
    let before = rules(&paste);
    let after = rules(&fixed);
    assert!(before.contains(&"latest-without-always-pull"), "{before:?}");
    assert!(!after.contains(&"latest-without-always-pull"), "{after:?}");
    assert!(!after.contains(&"privilege-escalation"), "{after:?}");
    assert!(!after.contains(&"helm-template-error"), "{after:?}");
    // Not a chart: nothing to fix here.
    assert!(fix_paste("kind: Pod\n", &Options::default(), &settings, &which).is_none());
}
