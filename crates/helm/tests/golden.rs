//! Helm's own golden files: `helm template` on Helm's test charts
//! (`pkg/cmd/testdata`, vendored in `tests/corpus/helm-charts/helm-testdata`),
//! with the options of Helm's `template_test.go`. Each golden output is
//! compared with kubeshape's, document for document (the same `# Source:`
//! names in the same order, the documents equal as data); how many are
//! byte-identical is printed as a separate figure.

use std::path::{Path, PathBuf};

use kubeshape_helm::stream::stream;
use kubeshape_helm::yaml::from_yaml;
use kubeshape_helm::{render, ChartFile, Options};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/helm-charts/helm-testdata")
}

fn read(dir: &Path) -> Vec<ChartFile> {
    kubeshape_helm::folder::read(dir)
}

/// (source, document) pairs of a `helm template` stream.
fn documents(text: &str) -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    for block in text.split("---\n# Source: ").skip(1) {
        let (source, body) = block.split_once('\n').unwrap_or((block, ""));
        let value = from_yaml(body)
            .map(|v| v.to_json())
            .unwrap_or(serde_json::Value::Null);
        out.push((source.to_string(), value));
    }
    out
}

struct Case {
    golden: &'static str,
    chart: &'static str,
    set: &'static [&'static str],
    values: &'static [&'static str],
    release: &'static str,
    kube: Option<&'static str>,
    apis: &'static [&'static str],
    crds: bool,
    tests: bool,
    /// `--show-only` globs, joined to the chart's name.
    only: &'static [&'static str],
}

const BASE: Case = Case {
    golden: "",
    chart: "subchart",
    set: &[],
    values: &[],
    release: "release-name",
    // Helm's command tests run with Kubernetes v1.20.0 as the cluster's
    // version (what its golden files print).
    kube: Some("v1.20.0"),
    apis: &[],
    crds: false,
    tests: true,
    only: &[],
};

const CASES: &[Case] = &[
    Case {
        golden: "template.txt",
        ..BASE
    },
    Case {
        golden: "template-set.txt",
        set: &["service.name=apache"],
        ..BASE
    },
    Case {
        golden: "template-values-files.txt",
        values: &["subchart/charts/subchartA/values.yaml"],
        ..BASE
    },
    // --name-template='foobar-{{ b64enc "abc" | lower }}-baz', rendered.
    Case {
        golden: "template-name-template.txt",
        release: "foobar-ywjj-baz",
        ..BASE
    },
    Case {
        golden: "template-with-kube-version.txt",
        kube: Some("v1.16.0"),
        ..BASE
    },
    Case {
        golden: "template-with-api-version.txt",
        apis: &["helm.k8s.io/test", "helm.k8s.io/test2"],
        ..BASE
    },
    Case {
        golden: "template-with-crds.txt",
        crds: true,
        ..BASE
    },
    Case {
        golden: "template-show-only-one.txt",
        only: &["templates/service.yaml"],
        ..BASE
    },
    Case {
        golden: "template-show-only-multiple.txt",
        only: &[
            "templates/service.yaml",
            "charts/subcharta/templates/service.yaml",
        ],
        ..BASE
    },
    Case {
        golden: "template-show-only-glob.txt",
        only: &["templates/subdir/role*"],
        ..BASE
    },
    Case {
        golden: "object-order.txt",
        chart: "object-order",
        ..BASE
    },
    Case {
        golden: "template-skip-tests.txt",
        tests: false,
        ..BASE
    },
    Case {
        golden: "issue-9027.txt",
        chart: "issue-9027",
        ..BASE
    },
    Case {
        golden: "template-subchart-cm.txt",
        set: &["configmap.enabled=true", "subchartb.enabled=true"],
        ..BASE
    },
    Case {
        golden: "template-subchart-cm-set.txt",
        set: &[
            "configmap.enabled=true",
            "subchartb.enabled=true",
            "configmap.value=baz",
        ],
        ..BASE
    },
    Case {
        golden: "template-subchart-cm-set-file.txt",
        values: &["subchart/extra_values.yaml"],
        ..BASE
    },
    Case {
        golden: "template-chart-with-template-lib-dep.txt",
        chart: "chart-with-template-lib-dep",
        ..BASE
    },
    Case {
        golden: "template-chart-with-template-lib-archive-dep.txt",
        chart: "chart-with-template-lib-archive-dep",
        ..BASE
    },
];

fn glob(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        Some((head, tail)) => {
            name.starts_with(head)
                && name.ends_with(tail)
                && !name[head.len()..name.len() - tail.len()].contains('/')
        }
        None => pattern == name,
    }
}

#[test]
fn helm_golden_files() {
    let mut failures = Vec::new();
    let mut identical = 0;
    for case in CASES {
        let dir = testdata().join("testcharts").join(case.chart);
        let mut opts = Options {
            release_name: case.release.into(),
            ..Options::default()
        };
        opts.set = case.set.iter().map(|s| s.to_string()).collect();
        for v in case.values {
            let path = testdata().join("testcharts").join(v);
            opts.values_files.push((
                v.to_string(),
                std::fs::read_to_string(path).expect("values file"),
            ));
        }
        if let Some(k) = case.kube {
            opts.kube_version = k.into();
        }
        opts.api_versions
            .extend(case.apis.iter().map(|s| s.to_string()));
        let out = render(&read(&dir), &opts);
        if !out.errors.is_empty() {
            failures.push(format!("{}: {:?}", case.golden, out.errors));
            continue;
        }
        let ours = stream(&out, case.tests, case.crds);
        let golden = std::fs::read_to_string(testdata().join("output").join(case.golden))
            .expect("golden file");
        let mut ours_docs = documents(&ours);
        if !case.only.is_empty() {
            // As `--show-only`: the documents of each pattern in turn.
            let chart = &out.chart_name;
            ours_docs = case
                .only
                .iter()
                .flat_map(|o| {
                    ours_docs
                        .iter()
                        .filter(move |(s, _)| glob(&format!("{chart}/{o}"), s))
                        .cloned()
                })
                .collect();
        }
        let theirs = documents(&golden);
        if ours_docs != theirs {
            let a: Vec<&str> = theirs.iter().map(|d| d.0.as_str()).collect();
            let b: Vec<&str> = ours_docs.iter().map(|d| d.0.as_str()).collect();
            let first = theirs.iter().zip(&ours_docs).find(|(x, y)| x != y);
            failures.push(format!(
                "{}:\n  helm: {a:?}\n  ours: {b:?}\n  first difference: {first:#?}",
                case.golden
            ));
        } else if case.only.is_empty() && ours == golden {
            identical += 1;
        } else if case.only.is_empty() && std::env::var_os("KUBESHAPE_GOLDEN_DIFF").is_some() {
            std::fs::write(std::env::temp_dir().join(case.golden), &ours).expect("written");
        }
    }
    println!(
        "Helm's golden files: {} of {} equal document for document, {identical} byte-identical",
        CASES.len() - failures.len(),
        CASES.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn helm_golden_errors() {
    for (chart, golden) in [
        ("lib-chart", "template-lib-chart.txt"),
        ("chart-bad-type", "template-chart-bad-type.txt"),
    ] {
        let out = render(
            &read(&testdata().join("testcharts").join(chart)),
            &Options::default(),
        );
        let want = std::fs::read_to_string(testdata().join("output").join(golden)).expect("golden");
        let want = want.trim().trim_start_matches("Error: ");
        assert!(
            out.errors.iter().any(|e| e.message == want),
            "{chart}: {:?} (want {want:?})",
            out.errors
        );
    }
}

/// values.schema.json: Helm's golden refusals, problem for problem, and a
/// chart whose values fit renders.
#[test]
fn helm_golden_schema_checks() {
    for (chart, golden) in [
        ("chart-with-schema-negative", "schema-negative.txt"),
        (
            "chart-with-schema-and-subchart",
            "subchart-schema-negative.txt",
        ),
    ] {
        let out = render(
            &read(&testdata().join("testcharts").join(chart)),
            &Options::default(),
        );
        let want = std::fs::read_to_string(testdata().join("output").join(golden)).expect("golden");
        let mut want: Vec<&str> = want.lines().filter(|l| l.starts_with("- at ")).collect();
        let mut got: Vec<&str> = out
            .errors
            .iter()
            .filter_map(|e| e.message.lines().last())
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{chart}");
        assert!(
            out.rendered.is_empty(),
            "{chart}: Helm renders nothing of a chart whose values do not fit"
        );
    }
    let fits = render(
        &read(&testdata().join("testcharts/chart-with-schema")),
        &Options::default(),
    );
    assert!(fits.errors.is_empty(), "{:?}", fits.errors);
}
