//! A Helm chart's files in the editor: a template (or the chart's
//! `values.yaml`) is checked as `kubeshape check <chart>` checks it — the
//! chart rendered with the open buffers in place of their files, and the
//! findings shown on the template and values lines that wrote them, with
//! a template's errors where they are.

use std::path::{Path, PathBuf};

use kubeshape_core::{Finding, Settings};
use kubeshape_helm::check::check_chart;
use kubeshape_helm::{ChartFile, Options};

use super::workspace::{path_to_uri, Open};
use crate::repo::normalize;

/// The URI and text of each file a document's findings point into (the
/// document's first), by the findings' file index.
pub type Files = Vec<(String, String)>;

/// The chart a document belongs to, if it is one of its templates or its
/// `values.yaml`: the chart's folder (the nearest with a `Chart.yaml`) and
/// the document's path in it.
pub fn chart_of(path: &Path) -> Option<(PathBuf, String)> {
    let root = path
        .ancestors()
        .skip(1)
        .find(|dir| dir.join("Chart.yaml").is_file())?;
    let rel = path
        .strip_prefix(root)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    (rel.starts_with("templates/") || rel == "values.yaml").then(|| (root.to_path_buf(), rel))
}

/// The chart `path` belongs to: its folder and files, the open buffers in
/// place of what is saved (the document's even if it was never saved).
fn chart_files(
    path: &Path,
    doc: &Open<'_>,
    open: &[Open<'_>],
) -> Option<(PathBuf, Vec<ChartFile>)> {
    let (root, rel) = chart_of(path)?;
    let mut files: Vec<ChartFile> = crate::helm::read_chart(&root);
    for f in &mut files {
        let full = normalize(&root.join(&f.path));
        let buffer = open
            .iter()
            .chain([doc])
            .rev()
            .find(|o| o.path.is_some_and(|p| normalize(p) == full));
        if let Some(o) = buffer {
            f.text = o.text.into();
        }
    }
    if !files.iter().any(|f| f.path == rel) {
        files.push(ChartFile {
            path: rel,
            text: doc.text.into(),
        });
    }
    Some((root, files))
}

/// The findings on `doc` (a chart's file, see [`chart_of`]) once its chart
/// is rendered and checked, each on file 0 (the document), with the URI
/// and text of every file their related places are in (by index; the
/// document's first).
pub fn check(
    doc: &Open<'_>,
    open: &[Open<'_>],
    settings: &Settings,
) -> Option<(Vec<Finding>, Files)> {
    let path = doc.path?;
    let (_, rel) = chart_of(path)?;
    let (root, files) = chart_files(path, doc, open)?;
    let report = check_chart(&files, &Options::default(), settings, true).report;
    // Each file of the report a finding may point into: the document as
    // 0, the chart's other files after it.
    let mut table = vec![(doc.uri.to_owned(), doc.text.to_owned())];
    let index: Vec<Option<usize>> = report
        .files
        .iter()
        .map(|name| {
            if *name == rel {
                return Some(0);
            }
            let f = files.iter().find(|f| f.path == *name)?;
            table.push((path_to_uri(&root.join(name)), f.text.to_string()));
            Some(table.len() - 1)
        })
        .collect();
    let findings = report
        .findings
        .into_iter()
        .filter(|f| !f.suppressed && index.get(f.file).copied().flatten() == Some(0))
        .map(|mut f| {
            f.file = 0;
            // A related place in the rendered text has no file to show.
            f.related
                .retain_mut(|r| match index.get(r.file).copied().flatten() {
                    Some(i) => {
                        r.file = i;
                        true
                    }
                    None => false,
                });
            f
        })
        .collect();
    Some((findings, table))
}

/// The safe fixes of `doc`'s chart, applied as `kubeshape fix <chart>`
/// applies them (to its templates and values, where their text lies
/// literally): each changed file's URI, its text now and its new text.
pub fn fix_all(
    doc: &Open<'_>,
    open: &[Open<'_>],
    settings: &Settings,
) -> Vec<(String, String, String)> {
    let Some((root, files)) = doc.path.and_then(|p| chart_files(p, doc, open)) else {
        return Vec::new();
    };
    let which = kubeshape_helm::fix::Which {
        safe_only: true,
        rules: Vec::new(),
    };
    let fixed = kubeshape_helm::fix::fix_chart(&files, &Options::default(), settings, &which);
    fixed
        .texts
        .into_iter()
        .filter_map(|(path, new)| {
            let old = files.iter().find(|f| f.path == path)?;
            Some((path_to_uri(&root.join(&path)), old.text.to_string(), new))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(dir: &Path) {
        std::fs::create_dir_all(dir.join("templates")).expect("dir");
        std::fs::write(
            dir.join("Chart.yaml"),
            "apiVersion: v2\nname: web\nversion: 0.1.0\n",
        )
        .expect("write");
        std::fs::write(
            dir.join("values.yaml"),
            "tag: latest\npullPolicy: IfNotPresent\n",
        )
        .expect("write");
    }

    const TEMPLATE: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: \"nginx:{{ .Values.tag }}\"\n      imagePullPolicy: {{ .Values.pullPolicy }}\n";

    #[test]
    fn a_template_is_checked_rendered_its_findings_on_its_lines() {
        let dir = std::env::temp_dir().join(format!("kubeshape-lsp-chart-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        chart(&dir);
        let path = dir.join("templates/pod.yaml");
        // Not saved yet: the buffer is what is checked.
        let uri = path_to_uri(&path);
        let doc = Open {
            uri: &uri,
            path: Some(&path),
            text: TEMPLATE,
        };
        assert_eq!(
            chart_of(&path),
            Some((dir.clone(), "templates/pod.yaml".into()))
        );
        let (findings, table) = check(&doc, &[], &Settings::default()).expect("a chart");
        let pull = findings
            .iter()
            .find(|f| f.rule == "latest-without-always-pull")
            .expect("found in the rendered Pod");
        // On the template line that writes the pull policy, and the values
        // line behind it is a related place in values.yaml.
        assert_eq!(pull.span.start.line, 9);
        assert!(pull
            .related
            .iter()
            .any(|r| table[r.file].0.ends_with("/values.yaml") && r.span.start.line == 2));
        assert!(findings.iter().all(|f| f.file == 0));
        // A template error is a finding where it is.
        let broken = Open {
            text: "kind: Pod\nmetadata:\n  name: {{ .Values.tag \n",
            ..doc
        };
        let (findings, _) = check(&broken, &[], &Settings::default()).expect("a chart");
        let error = findings
            .iter()
            .find(|f| f.rule == "helm-template-error")
            .expect("the unclosed action");
        assert_eq!(error.span.start.line, 3);
        // "Fix all safe": the value in values.yaml, the field in the template.
        let fixed = fix_all(&doc, &[], &Settings::default());
        let values = fixed
            .iter()
            .find(|(uri, ..)| uri.ends_with("/values.yaml"))
            .expect("values.yaml fixed");
        assert_eq!(values.2, "tag: latest\npullPolicy: Always\n");
        let template = fixed
            .iter()
            .find(|(uri, ..)| *uri == doc.uri)
            .expect("the template fixed");
        assert_eq!(template.1, TEMPLATE);
        assert!(template.2.contains("allowPrivilegeEscalation: false"));
        // Other files of a chart, and files of no chart, are not charts'.
        assert_eq!(chart_of(&dir.join("Chart.yaml")), None);
        assert_eq!(chart_of(&std::env::temp_dir().join("x.yaml")), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
