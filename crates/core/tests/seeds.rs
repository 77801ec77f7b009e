//! The seed articles' own YAML (`examples/seeds/`): each pitfall the text
//! describes is found, and each configuration it recommends is clean of the
//! rule about that pitfall. Files named `as-printed` keep the article's lost
//! indentation; the others have it restored.

use kubeshape_core::model::Qos;
use kubeshape_core::{lint_str, Preset, Report, Settings};

struct Case {
    file: &'static str,
    fires: &'static [&'static str],
    silent: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        file: "000-ch1-deployment.yaml",
        fires: &[
            "placeholder-image",
            "missing-memory-limit",
            "missing-readiness-probe",
            "besteffort-qos",
        ],
        silent: &[
            "selector-mismatch",
            "latest-tag",
            "lost-indentation",
            "yaml-syntax",
        ],
    },
    Case {
        file: "000-ch1-deployment-as-printed.yaml",
        fires: &["lost-indentation"],
        // The repeated top-level keys are one lost-indentation finding, not a cascade.
        silent: &["duplicate-key", "yaml-syntax", "placeholder-image"],
    },
    Case {
        file: "000-2.1-resources.yaml",
        fires: &[],
        silent: &[
            "missing-memory-limit",
            "missing-cpu-request",
            "missing-memory-request",
            "request-exceeds-limit",
            "invalid-quantity",
            "suspicious-quantity",
            "memory-request-ratio",
            "besteffort-qos",
        ],
    },
    Case {
        file: "000-2.1-no-memory-limit.yaml",
        fires: &["missing-memory-limit"],
        silent: &[
            "missing-cpu-request",
            "missing-memory-request",
            "besteffort-qos",
        ],
    },
    Case {
        file: "000-2.2-pull-never.yaml",
        fires: &["pull-policy-never", "latest-tag"],
        silent: &["latest-without-always-pull"],
    },
    Case {
        file: "000-2.2-pull-recommended.yaml",
        fires: &[],
        silent: &["pull-policy-never", "latest-without-always-pull"],
    },
    Case {
        file: "000-2.3-probe-too-early.yaml",
        fires: &[
            "liveness-initial-delay-too-short",
            "identical-liveness-readiness",
            "liveness-timeout-too-short",
        ],
        silent: &["probe-port-not-exposed", "missing-readiness-probe"],
    },
    Case {
        file: "000-2.3-probe-recommended.yaml",
        fires: &[],
        silent: &[
            "liveness-initial-delay-too-short",
            "identical-liveness-readiness",
            "liveness-timeout-too-short",
            "probe-port-not-exposed",
            "missing-readiness-probe",
            "missing-liveness-probe",
        ],
    },
    Case {
        file: "000-4.1-security-context.yaml",
        fires: &[],
        silent: &[
            "run-as-root",
            "privilege-escalation",
            "capabilities-not-dropped",
            "writable-root-filesystem",
            "privileged-container",
            "dangerous-capability",
        ],
    },
    Case {
        file: "000-4.4-guaranteed.yaml",
        fires: &[],
        silent: &[
            "besteffort-qos",
            "memory-request-ratio",
            "request-exceeds-limit",
            "missing-cpu-limit",
        ],
    },
    Case {
        file: "000-ch5-strategy-as-printed.yaml",
        fires: &["lost-indentation"],
        silent: &["yaml-syntax"],
    },
    Case {
        file: "001-3.1-deployment.yaml",
        fires: &["missing-memory-limit", "missing-readiness-probe"],
        silent: &["latest-tag", "selector-mismatch", "placeholder-image"],
    },
    Case {
        file: "002-ch5-rolling-update.yaml",
        fires: &[],
        silent: &["rolling-update-blocked", "rolling-update-full-outage"],
    },
    Case {
        file: "003-2.3-init-container.yaml",
        // `busybox` has no tag: the init container floats too.
        fires: &["latest-tag", "missing-readiness-probe"],
        silent: &[],
    },
    Case {
        file: "004-3-deployment.yaml",
        fires: &["placeholder-image", "latest-tag"],
        // Requests default to the limits: the pod is Guaranteed, not unscheduled.
        silent: &[
            "missing-cpu-request",
            "missing-memory-request",
            "missing-memory-limit",
            "besteffort-qos",
        ],
    },
    Case {
        file: "004-3-helm-template.yaml",
        fires: if cfg!(feature = "learning") {
            &["unrendered-template"]
        } else {
            &["yaml-syntax"]
        },
        silent: if cfg!(feature = "learning") {
            &["yaml-syntax"]
        } else {
            &[]
        },
    },
    // The custom resource is checked against the CRD above it (in builds
    // that check custom resources; elsewhere it gets `unknown-kind`'s note).
    Case {
        file: "004-3.2-myresource-crd.yaml",
        fires: if cfg!(feature = "crds") {
            &["unknown-field"]
        } else {
            &[]
        },
        silent: &["missing-required-field", "wrong-type", "yaml-syntax"],
    },
    Case {
        file: "004-3.2-myresource-crd-fixed.yaml",
        fires: &[],
        silent: if cfg!(feature = "crds") {
            &[
                "unknown-field",
                "missing-required-field",
                "wrong-type",
                "unknown-kind",
            ]
        } else {
            &["unknown-field", "missing-required-field", "wrong-type"]
        },
    },
    Case {
        file: "004-4.2-hpa.yaml",
        fires: &["deprecated-api-version"],
        silent: &[],
    },
    Case {
        file: "004-4.2-hpa-v2.yaml",
        fires: &[],
        silent: &["deprecated-api-version", "yaml-syntax"],
    },
    Case {
        file: "000-2.4-configmap-key.yaml",
        // "若app-config不存在或缺失log-level键,环境变量将为空": the key is missing.
        fires: &["configmap-key-not-found"],
        silent: &["configmap-not-found", "secret-in-configmap"],
    },
    Case {
        file: "000-2.4-configmap-key-fixed.yaml",
        fires: &[],
        silent: &["configmap-key-not-found", "configmap-not-found"],
    },
    Case {
        file: "000-2.5-nodeport.yaml",
        // Exposed on every node; 30080 is inside the range; no selector, so
        // its endpoints are managed by hand.
        fires: &["nodeport-service"],
        silent: &[
            "nodeport-out-of-range",
            "service-selects-nothing",
            "service-target-port-missing",
        ],
    },
    Case {
        file: "002-4.2-deployment-service.yaml",
        fires: &[],
        silent: &[
            "service-selects-nothing",
            "service-target-port-missing",
            "single-replica",
            "nodeport-service",
        ],
    },
    Case {
        file: "003-2.4-regcred.yaml",
        fires: &["secret-invalid-base64"],
        silent: &[],
    },
    Case {
        file: "001-3.3-configmap-secret.yaml",
        // "所有字段必须Base64编码": the printed values are.
        fires: &[],
        silent: &["secret-invalid-base64", "secret-in-configmap"],
    },
    Case {
        file: "001-4.2-hpa-deployment.yaml",
        fires: &["hpa-utilization-without-request", "replicas-with-hpa"],
        silent: &[
            "hpa-target-not-found",
            "hpa-single-min-replica",
            "hpa-cannot-scale",
            "hpa-min-exceeds-max",
            "single-replica",
        ],
    },
    Case {
        file: "004-4.4-istio-virtualservice.yaml",
        fires: &[],
        silent: &[
            "missing-kind-or-apiversion",
            "yaml-syntax",
            "lost-indentation",
        ],
    },
];

fn check(file: &str) -> (String, Report) {
    let path = manifest_dir().join("../../examples/seeds").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let settings = Settings {
        preset: Preset::Strict,
        ..Settings::default()
    };
    let report = lint_str(file, &text, &settings);
    (text, report)
}

#[test]
fn seed_examples_have_the_outcomes_their_text_describes() {
    let mut problems = Vec::new();
    for case in CASES {
        let (_, report) = check(case.file);
        let found: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        for rule in case.fires.iter().filter(|r| !found.contains(r)) {
            problems.push(format!("{}: expected {rule}, found {found:?}", case.file));
        }
        for rule in case.silent.iter().filter(|r| found.contains(r)) {
            problems.push(format!("{}: {rule} should stay silent", case.file));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_seed_file_is_in_the_table() {
    let dir = manifest_dir().join("../../examples/seeds");
    for entry in std::fs::read_dir(dir).expect("seeds dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            CASES.iter().any(|c| c.file == name),
            "{name} has no expected outcome"
        );
    }
}

#[test]
fn qos_classes_match_seed_000_section_4_4() {
    let qos = |file| check(file).1.objects[0].qos;
    assert_eq!(qos("000-4.4-guaranteed.yaml"), Some(Qos::Guaranteed));
    assert_eq!(qos("000-2.1-resources.yaml"), Some(Qos::Burstable));
    assert_eq!(qos("000-ch1-deployment.yaml"), Some(Qos::BestEffort));
    assert_eq!(qos("004-3-deployment.yaml"), Some(Qos::Guaranteed));
}

#[test]
fn lost_indentation_hint_names_the_parents() {
    let (_, report) = check("000-ch1-deployment-as-printed.yaml");
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == "lost-indentation")
        .expect("finding");
    assert_eq!((finding.span.start.line, finding.span.start.column), (4, 1));
    // (Builds without `helps` give the rule's one-line fix instead.)
    let parts: &[&str] = if cfg!(feature = "helps") {
        &[
            "name under metadata",
            "replicas, selector, template under spec",
            "containers under spec.template.spec",
            "image, ports under each container",
        ]
    } else {
        &[]
    };
    for part in parts {
        assert!(
            finding.help.en.contains(part),
            "help lacks `{part}`: {}",
            finding.help.en
        );
    }
    assert!(
        !cfg!(feature = "helps")
            || finding
                .help
                .zh
                .contains("containers 放到 spec.template.spec 下"),
        "{}",
        finding.help.zh
    );
}

#[cfg(feature = "learning")]
#[test]
fn helm_templates_are_said_to_be_templates_once() {
    let (_, report) = check("004-3-helm-template.yaml");
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        ["unrendered-template"],
        "the template is said once, nothing else judged"
    );
    let finding = &report.findings[0];
    assert!(
        (!cfg!(feature = "helps") || finding.help.en.contains("kubeshape check <chart folder>"))
            && finding.message.en.contains("{{ .Release.Name }}"),
        "{} / {}",
        finding.message.en,
        finding.help.en
    );
}

#[test]
fn init_containers_are_not_asked_for_probes() {
    let (_, report) = check("003-2.3-init-container.yaml");
    let probe_findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.category == kubeshape_core::Category::Probes)
        .collect();
    assert!(!probe_findings.is_empty());
    assert!(
        probe_findings
            .iter()
            .all(|f| f.message.en.starts_with("container go-app ")),
        "{probe_findings:?}"
    );
    let latest = report
        .findings
        .iter()
        .find(|f| f.rule == "latest-tag")
        .expect("latest-tag");
    assert!(
        latest.path.starts_with("spec.initContainers[0]."),
        "{latest:?}"
    );
}

/// The package directory: cargo's run-time value first, so a binary built
/// from another checkout that shares the target directory (CI) does not read
/// that checkout's files.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || env!("CARGO_MANIFEST_DIR").into(),
        std::path::PathBuf::from,
    )
}
