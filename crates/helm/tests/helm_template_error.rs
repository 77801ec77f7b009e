//! `helm-template-error`: a template that cannot be rendered is one finding
//! at the template line and column where Helm stops, with Helm's words in
//! `detail`, and never a panic. Its fixtures are charts, not YAML files.

use kubeshape_core::{rules, Settings};
use kubeshape_helm::check::check_chart;
use kubeshape_helm::{ChartFile, Options};

fn chart(files: &[(&str, &str)]) -> Vec<ChartFile> {
    let mut out = vec![ChartFile {
        path: "Chart.yaml".into(),
        text: "apiVersion: v2\nname: demo\nversion: 0.1.0\n".into(),
    }];
    out.extend(files.iter().map(|(p, t)| ChartFile {
        path: (*p).into(),
        text: (*t).into(),
    }));
    out
}

/// The `helm-template-error` findings: (file, line, column, message, detail).
fn errors(files: &[(&str, &str)]) -> Vec<(String, u32, u32, String, String)> {
    let checked = check_chart(
        &chart(files),
        &Options::default(),
        &Settings::default(),
        false,
    );
    checked
        .report
        .findings
        .iter()
        .filter(|f| f.rule == "helm-template-error")
        .map(|f| {
            (
                checked.report.files[f.file].clone(),
                f.span.start.line,
                f.span.start.column,
                f.message.get(kubeshape_core::Lang::En).to_string(),
                f.detail.as_deref().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn one(files: &[(&str, &str)]) -> (String, u32, u32, String, String) {
    let mut all = errors(files);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

#[test]
fn helm_template_error() {
    // Parse error: an action never closed.
    let (file, line, col, msg, detail) = one(&[(
        "templates/cm.yaml",
        "kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name\n",
    )]);
    assert_eq!((file.as_str(), line), ("templates/cm.yaml", 3), "{msg}");
    assert_eq!(col, 9);
    assert!(msg.starts_with("the template does not parse"), "{msg}");
    assert!(
        detail.starts_with("parse error at (demo/templates/cm.yaml:3)"),
        "{detail}"
    );

    // Unknown function, at the function's name.
    let (file, line, col, msg, _) =
        one(&[("templates/cm.yaml", "a: 1\nb: {{ .Values.x | toYml }}\n")]);
    assert_eq!((file.as_str(), line, col), ("templates/cm.yaml", 2, 19));
    assert!(
        msg.contains("`toYml` is not a function Helm knows"),
        "{msg}"
    );

    // Nil pointer: a key under a value that is not set.
    let (file, line, col, msg, detail) =
        one(&[("templates/cm.yaml", "a: 1\nb: {{ .Values.image.tag }}\n")]);
    assert_eq!((file.as_str(), line, col), ("templates/cm.yaml", 2, 7));
    assert!(msg.contains("`.tag` of it cannot be read"), "{msg}");
    assert!(
        detail.contains("nil pointer evaluating interface {}.tag"),
        "{detail}"
    );

    // `required`, with the chart's own words.
    let (_, line, col, msg, detail) = one(&[(
        "templates/cm.yaml",
        "a: {{ required \"set a.b\" .Values.b }}\n",
    )]);
    assert_eq!((line, col), (1, 7));
    assert_eq!(msg, "the chart stops the render: set a.b");
    assert_eq!(
        detail,
        "execution error at (demo/templates/cm.yaml:1:6): set a.b"
    );

    // `fail`, inside a helper: the helper's line.
    let (file, line, col, msg, _) = one(&[
        (
            "templates/_helpers.tpl",
            "{{- define \"x\" -}}\n{{ fail \"not supported\" }}\n{{- end }}\n",
        ),
        ("templates/cm.yaml", "a: {{ include \"x\" . }}\n"),
    ]);
    assert_eq!((file.as_str(), line, col), ("templates/_helpers.tpl", 2, 4));
    assert!(msg.contains("not supported"), "{msg}");

    // Runaway recursion stops at the depth limit, no stack overflow.
    let (file, line, _, msg, _) = one(&[
        (
            "templates/_helpers.tpl",
            "{{- define \"loop\" -}}\n{{ include \"loop\" . }}\n{{- end }}\n",
        ),
        ("templates/cm.yaml", "a: {{ include \"loop\" . }}\n"),
    ]);
    assert_eq!((file.as_str(), line), ("templates/_helpers.tpl", 2));
    assert!(
        msg.starts_with("rendering stopped at a limit (depth)"),
        "{msg}"
    );

    // A template that renders is no finding.
    assert!(errors(&[("templates/cm.yaml", "a: {{ .Values.a | default 1 }}\n")]).is_empty());
}

#[test]
fn helm_template_error_documented_example_fires() {
    let meta = rules::find("helm-template-error")
        .expect("the rule exists")
        .meta();
    let example = meta.example();
    let found = errors(&[("templates/deployment.yaml", &example)]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].1, 11, "at the image line: {found:#?}");
    assert!(errors(&[("templates/deployment.yaml", &meta.use_instead())]).is_empty());
    assert!(!meta.title(kubeshape_core::Lang::Zh).is_empty());
}
