//! Seed 004 §3's chart: `tag: latest` with `pullPolicy: IfNotPresent` in
//! values.yaml, a pitfall that exists only once the chart is rendered. It
//! is found on the template line that wrote the pull policy, with notes
//! naming the values lines behind it.

use std::path::Path;

use kubeshape_core::{Lang, Settings};
use kubeshape_helm::check::check_chart;
use kubeshape_helm::{ChartFile, Options};

fn read_chart(dir: &Path) -> Vec<ChartFile> {
    kubeshape_helm::folder::read(dir)
}

#[test]
fn seed_004_chart_finds_the_floating_image_on_its_template_line() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/helm-charts/seed-004-myapp");
    let checked = check_chart(
        &read_chart(&dir),
        &Options::default(),
        &Settings::default(),
        false,
    );
    let report = &checked.report;
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "latest-without-always-pull")
        .expect("latest-without-always-pull fires");
    assert_eq!(report.files[f.file], "templates/deployment.yaml");
    assert_eq!(
        (f.span.start.line, f.span.start.column),
        (18, 28),
        "the `{{{{ .Values.image.pullPolicy }}}}` action"
    );
    let at = f.rendered.as_ref().expect("moved from the rendered text");
    assert_eq!(&*at.name, "myapp/templates/deployment.yaml");
    let notes: Vec<(String, u32, String)> = at
        .values
        .iter()
        .map(|&i| &f.related[i])
        .map(|r| {
            (
                report.files[r.file].clone(),
                r.span.start.line,
                r.message.get(Lang::En).to_string(),
            )
        })
        .collect();
    assert!(
        notes.contains(&(
            "values.yaml".into(),
            4,
            "rendered from values.yaml:4 (`pullPolicy: IfNotPresent`)".into()
        )),
        "{notes:#?}"
    );
    assert!(
        notes.contains(&(
            "values.yaml".into(),
            3,
            "rendered from values.yaml:3 (`tag: latest`)".into()
        )),
        "{notes:#?}"
    );
    assert!(f
        .related
        .iter()
        .any(|r| r.message.get(Lang::Zh).contains("渲染自 values.yaml:4")));
    // The tag itself: on the image line, with the tag's value behind it.
    let tag = report
        .findings
        .iter()
        .find(|f| f.rule == "latest-tag")
        .expect("latest-tag fires");
    assert_eq!(
        (report.files[tag.file].as_str(), tag.span.start.line),
        ("templates/deployment.yaml", 17)
    );
    // Nothing is left on the rendered text, and nothing fails to render.
    assert!(report
        .findings
        .iter()
        .all(|f| !report.files[f.file].starts_with("myapp/")));
    assert!(checked.render.errors.is_empty());
}

/// The chart as the article prints it, pasted whole: the same finding, on
/// the lines of the paste.
#[test]
fn seed_004_pasted_as_the_article_prints_it() {
    let paste = "# values.yaml\nimage:\n  repository: myrepo/myapp\n  tag: latest\n  pullPolicy: IfNotPresent\n# templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-deployment\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      containers:\n        - name: {{ .Chart.Name }}\n          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n          imagePullPolicy: {{ .Values.image.pullPolicy }}\n          ports:\n            - containerPort: 8080\n";
    let (checked, sections) = kubeshape_helm::paste::check_paste(
        "input.yaml",
        paste,
        &Options::default(),
        &Settings::default(),
    )
    .expect("a chart");
    assert_eq!(sections.len(), 2);
    let report = &checked.report;
    assert_eq!(report.files, ["input.yaml"]);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "latest-without-always-pull")
        .expect("fires");
    // Paste line 24 is the template's line 18.
    assert_eq!((f.span.start.line, f.span.start.column), (24, 28));
    let lines: Vec<u32> = f
        .rendered
        .as_ref()
        .expect("rendered")
        .values
        .iter()
        .map(|&i| f.related[i].span.start.line)
        .collect();
    assert!(
        lines.contains(&4) && lines.contains(&5),
        "tag: latest on line 4, pullPolicy on 5: {lines:?}"
    );
    // Plain YAML with a comment is not a chart.
    assert!(kubeshape_helm::paste::sections("# values.yaml\na: 1\n").is_none());
}

/// A template with lone carriage returns (line breaks to the YAML reader):
/// its findings still move to their template lines (found by fuzzing).
#[test]
fn lone_carriage_returns_break_lines_as_the_yaml_reader_does() {
    let files = vec![
        ChartFile {
            path: "Chart.yaml".into(),
            text: "apiVersion: v2\nname: cr\nversion: 0.1.0\n".into(),
        },
        ChartFile {
            path: "templates/cm.yaml".into(),
            text: "apiVersion: v1\rkind: ConfigMap\rmetadata:\r  name: a\rdata:\r  k: 1\r  k: 2\r"
                .into(),
        },
    ];
    let checked = check_chart(&files, &Options::default(), &Settings::default(), false);
    let dup = checked
        .report
        .findings
        .iter()
        .find(|f| f.rule == "duplicate-key")
        .expect("duplicate-key fires");
    assert_eq!(checked.report.files[dup.file], "templates/cm.yaml");
    assert_eq!(dup.span.start.line, 7);
}

/// A finding on text an `include` wrote: the note names the template that
/// wrote it and where it is defined.
#[test]
fn a_finding_in_an_included_template_names_its_definition() {
    let files = vec![
        ChartFile { path: "Chart.yaml".into(), text: "apiVersion: v2\nname: inc\nversion: 0.1.0\n".into() },
        ChartFile { path: "templates/_helpers.tpl".into(), text: "{{/* the image */}}\n{{- define \"inc.image\" -}}\nnginx:latest\n{{- end }}\n".into() },
        ChartFile {
            path: "templates/pod.yaml".into(),
            text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: {{ include \"inc.image\" . }}\n".into(),
        },
    ];
    let checked = check_chart(&files, &Options::default(), &Settings::default(), false);
    let f = checked
        .report
        .findings
        .iter()
        .find(|f| f.rule == "latest-tag")
        .expect("latest-tag fires");
    assert_eq!(
        (
            checked.report.files[f.file].as_str(),
            f.span.start.line,
            f.span.start.column
        ),
        ("templates/pod.yaml", 8, 14)
    );
    let note = f
        .related
        .iter()
        .find(|r| r.message.get(Lang::En).starts_with("written by"))
        .expect("a note on the definition");
    assert_eq!(
        note.message.get(Lang::En),
        "written by the template `inc.image`, defined at templates/_helpers.tpl:2"
    );
    assert_eq!(
        (
            checked.report.files[note.file].as_str(),
            note.span.start.line
        ),
        ("templates/_helpers.tpl", 2)
    );
}
