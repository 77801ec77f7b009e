//! The examples gallery: each article's pitfall as the article printed it
//! ("broken") and as the article recommends it ("fixed"). The files are the
//! seed suite's own (`examples/seeds/`), whose outcomes `crates/core/tests/seeds.rs`
//! asserts.

pub struct Example {
    pub id: &'static str,
    /// The article (by number) and section (see `rules::articles::cite`).
    pub seed: &'static str,
    /// The broken and the fixed YAML: their paths under `examples/`.
    pub broken: &'static str,
    pub fixed: Option<&'static str>,
    /// The rule the example teaches: its finding is open when the broken
    /// YAML loads, the lesson first, whatever else is found around it.
    pub teaches: &'static str,
}

/// An example's file under `examples/`: fetched when it is loaded, not
/// compiled in (about 3 KB gzip of the budgeted wasm).
macro_rules! seed {
    ($file:literal) => {
        concat!("seeds/", $file)
    };
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "no-memory-limit",
        seed: "000 §2.1",
        broken: seed!("000-2.1-no-memory-limit.yaml"),
        fixed: Some(seed!("000-2.1-resources.yaml")),
        teaches: "missing-memory-limit",
    },
    Example {
        id: "pull-policy",
        seed: "000 §2.2",
        broken: seed!("000-2.2-pull-never.yaml"),
        fixed: Some(seed!("000-2.2-pull-recommended.yaml")),
        teaches: "pull-policy-never",
    },
    Example {
        id: "probes",
        seed: "000 §2.3",
        broken: seed!("000-2.3-probe-too-early.yaml"),
        fixed: Some(seed!("000-2.3-probe-recommended.yaml")),
        teaches: "liveness-initial-delay-too-short",
    },
    Example {
        id: "lost-indentation",
        seed: "000 ch. 1",
        broken: seed!("000-ch1-deployment-as-printed.yaml"),
        fixed: Some(seed!("000-ch1-deployment.yaml")),
        teaches: "lost-indentation",
    },
    Example {
        id: "rolling-update",
        seed: "000 ch. 5 / 002 ch. 5",
        broken: seed!("000-ch5-strategy-as-printed.yaml"),
        fixed: Some(seed!("002-ch5-rolling-update.yaml")),
        teaches: "lost-indentation",
    },
    Example {
        id: "qos",
        seed: "000 ch. 1 / §4.4",
        broken: seed!("000-ch1-deployment.yaml"),
        fixed: Some(seed!("000-4.4-guaranteed.yaml")),
        teaches: "besteffort-qos",
    },
    Example {
        id: "security-context",
        seed: "000 §4.1",
        broken: seed!("001-3.1-deployment.yaml"),
        fixed: Some(seed!("000-4.1-security-context.yaml")),
        teaches: "run-as-root",
    },
    Example {
        id: "helm-template",
        seed: "004 ch. 3",
        broken: seed!("004-3-helm-template.yaml"),
        fixed: Some(seed!("004-3-deployment.yaml")),
        teaches: "unrendered-template",
    },
    Example {
        id: "hpa-v2beta2",
        seed: "004 §4.2",
        broken: seed!("004-4.2-hpa.yaml"),
        fixed: Some(seed!("004-4.2-hpa-v2.yaml")),
        teaches: "deprecated-api-version",
    },
    Example {
        id: "configmap-key",
        seed: "000 §2.4 / 002 §4.3",
        broken: seed!("000-2.4-configmap-key.yaml"),
        fixed: Some(seed!("000-2.4-configmap-key-fixed.yaml")),
        teaches: "configmap-key-not-found",
    },
    Example {
        id: "hpa-without-requests",
        seed: "001 §4.2 / 002 §4.2",
        broken: seed!("001-4.2-hpa-deployment.yaml"),
        fixed: None,
        teaches: "hpa-utilization-without-request",
    },
    Example {
        id: "nodeport",
        seed: "000 §2.5",
        broken: seed!("000-2.5-nodeport.yaml"),
        fixed: Some(seed!("002-4.2-deployment-service.yaml")),
        teaches: "nodeport-service",
    },
    Example {
        id: "secret-base64",
        seed: "003 §2.4 / 001 §3.3",
        broken: seed!("003-2.4-regcred.yaml"),
        fixed: Some(seed!("001-3.3-configmap-secret.yaml")),
        teaches: "secret-invalid-base64",
    },
    Example {
        id: "init-container",
        seed: "003 §2.3",
        broken: seed!("003-2.3-init-container.yaml"),
        fixed: None,
        teaches: "latest-tag",
    },
    Example {
        id: "custom-resource",
        seed: "004 §3.2",
        broken: seed!("004-3.2-myresource-crd.yaml"),
        fixed: Some(seed!("004-3.2-myresource-crd-fixed.yaml")),
        teaches: "unknown-field",
    },
];

/// Helm mode's examples (the Helm build only): charts pasted as one
/// text, `# values.yaml` and `# templates/…` sections, as articles print
/// them (`examples/helm/`).
#[cfg(feature = "helm")]
pub const HELM_EXAMPLES: &[Example] = &[
    Example {
        id: "helm-chart",
        seed: "004 ch. 3",
        broken: "helm/seed-004-chart.yaml",
        fixed: Some("helm/seed-004-chart-fixed.yaml"),
        teaches: "latest-without-always-pull",
    },
    Example {
        id: "helm-create",
        seed: "004 ch. 3",
        broken: "helm/helm-create.yaml",
        fixed: None,
        teaches: "identical-liveness-readiness",
    },
];

#[cfg(not(feature = "helm"))]
pub const HELM_EXAMPLES: &[Example] = &[];

/// The gallery's texts (`examples/gallery.yaml`: by example id, a title
/// and what the example shows, in both languages), fetched when the
/// gallery opens.
#[derive(Debug, Default)]
pub struct Texts(Vec<(String, [String; 4])>);

impl Texts {
    /// Reads `gallery.yaml`; what it lacks reads as empty.
    pub fn parse(yaml: &str) -> Texts {
        use kubeshape_core::parse::{parse, Limits, Node};
        let parsed = parse(yaml, &Limits::default());
        let entries = parsed
            .documents
            .iter()
            .filter_map(|d| d.root.as_ref()?.as_map())
            .flatten();
        let text = |n: &Node, key: &str| n.get(key).and_then(Node::as_str).unwrap_or("").to_owned();
        Texts(
            entries
                .filter_map(|e| {
                    let v = &e.value;
                    Some((
                        e.key.as_str()?.to_owned(),
                        [
                            text(v, "title"),
                            text(v, "title_zh"),
                            text(v, "about"),
                            text(v, "about_zh"),
                        ],
                    ))
                })
                .collect(),
        )
    }

    /// Example `id`'s title and what it shows, in `lang` (empty while the
    /// texts load).
    pub fn of(&self, id: &str, lang: kubeshape_core::Lang) -> (&str, &str) {
        let Some((_, t)) = self.0.iter().find(|(k, _)| k == id) else {
            return ("", "");
        };
        match lang {
            kubeshape_core::Lang::En => (&t[0], &t[2]),
            kubeshape_core::Lang::Zh => (&t[1], &t[3]),
        }
    }
}

/// Every example of this build, the articles' first.
pub fn all() -> impl Iterator<Item = &'static Example> {
    EXAMPLES.iter().chain(HELM_EXAMPLES)
}

pub fn find(id: &str) -> Option<&'static Example> {
    all().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each example's lesson is found in its broken YAML (so it opens on
    /// load), and not in its fixed one.
    #[test]
    fn each_example_finds_the_rule_it_teaches() {
        let lint = |path: &str| {
            let file = format!("{}/../examples/{path}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&file).unwrap();
            let input = [kubeshape_core::Input::new("example.yaml", &text)];
            let report = kubeshape_core::lint(&input, &kubeshape_core::Settings::default());
            report
                .findings
                .into_iter()
                .map(|f| f.rule)
                .collect::<Vec<_>>()
        };
        for e in EXAMPLES {
            assert!(kubeshape_core::rules::find(e.teaches).is_some(), "{}", e.id);
            assert!(
                lint(e.broken).contains(&e.teaches),
                "{}: {}",
                e.id,
                e.teaches
            );
            if let Some(fixed) = e.fixed {
                assert!(!lint(fixed).contains(&e.teaches), "{} fixed", e.id);
            }
        }
        assert_eq!(EXAMPLES[0].broken, "seeds/000-2.1-no-memory-limit.yaml");
    }

    /// `gallery.yaml` has the four texts of every example, Helm mode's
    /// too, and none of an example that is not there.
    #[test]
    fn each_example_has_its_texts_in_both_languages() {
        let file = format!("{}/../examples/gallery.yaml", env!("CARGO_MANIFEST_DIR"));
        let texts = Texts::parse(&std::fs::read_to_string(file).unwrap());
        let helm = ["helm-chart", "helm-create"];
        for e in EXAMPLES.iter().map(|e| e.id).chain(helm) {
            for lang in [kubeshape_core::Lang::En, kubeshape_core::Lang::Zh] {
                let (title, about) = texts.of(e, lang);
                assert!(!title.is_empty() && !about.is_empty(), "{e} {lang:?}");
            }
        }
        assert_eq!(texts.0.len(), EXAMPLES.len() + helm.len());
        assert!(texts
            .of("no-memory-limit", kubeshape_core::Lang::Zh)
            .0
            .contains("内存"));
        assert_eq!(
            Texts::parse("[not, a, map]").of("x", kubeshape_core::Lang::En),
            ("", "")
        );
    }
}
