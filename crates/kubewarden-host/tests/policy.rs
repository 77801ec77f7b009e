//! End to end: the built, optimised, annotated Kubewarden module runs in the
//! waPC host (wapc + wasmtime, as in Kubewarden's policy-server) on the
//! AdmissionRequest fixtures of `policies/kubewarden/test_data/`.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use kubeshape_kubewarden::{package, KINDS, MAX_MESSAGE_BYTES, MAX_WARNING_BYTES};
use kubeshape_kubewarden_host::custom_section;

mod common;
use common::{cli, data_dir, fixture, loaded, policy};
use serde_json::{json, Value};

fn validate(name: &str, settings: Value) -> Value {
    policy()
        .validate(&fixture(name), &settings)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn accepted(answer: &Value) -> bool {
    answer["accepted"]
        .as_bool()
        .unwrap_or_else(|| panic!("no `accepted` in {answer}"))
}

fn message(answer: &Value) -> &str {
    answer["message"].as_str().unwrap_or_default()
}

fn warnings(answer: &Value) -> Vec<String> {
    answer["warnings"]
        .as_array()
        .map(|w| {
            w.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Rule ids the answer names: `[rule]` in the message and the warnings.
fn named_rules(answer: &Value) -> BTreeSet<String> {
    let mut texts = warnings(answer);
    texts.push(message(answer).to_owned());
    let mut rules = BTreeSet::new();
    for text in texts {
        for part in text.split('[').skip(1) {
            if let Some((id, _)) = part.split_once(']') {
                let is_rule = id.contains('-')
                    && id.starts_with(|c: char| c.is_ascii_lowercase())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if is_rule {
                    rules.insert(id.to_owned());
                }
            }
        }
    }
    rules
}

fn slug(kind: &str) -> String {
    let mut out = String::new();
    for (i, c) in kind.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

const BROKEN: &[(&str, &str)] = &[
    ("Pod", "privileged-container"),
    ("Deployment", "selector-mismatch"),
    ("StatefulSet", "request-exceeds-limit"),
    ("DaemonSet", "host-namespace"),
    ("ReplicaSet", "dangerous-capability"),
    ("ReplicationController", "probe-port-not-exposed"),
    ("Job", "invalid-quantity"),
    ("CronJob", "deprecated-api-version"),
    ("Service", "nodeport-out-of-range"),
    ("Secret", "secret-invalid-base64"),
    ("Ingress", "deprecated-api-version"),
    ("HorizontalPodAutoscaler", "hpa-min-exceeds-max"),
    ("NetworkPolicy", "deprecated-api-version"),
    ("PodDisruptionBudget", "deprecated-api-version"),
];

#[test]
fn every_supported_kind_is_accepted_when_clean() {
    for kind in KINDS {
        let name = format!("{}-clean", slug(kind.kind));
        let answer = validate(&name, Value::Null);
        assert!(accepted(&answer), "{name}: {answer}");
        assert_eq!(answer["message"], Value::Null, "{name}: {answer}");
        assert!(
            warnings(&answer).is_empty(),
            "{name} should be clean: {answer}"
        );
    }
}

#[test]
fn every_supported_kind_is_rejected_when_broken_with_rule_place_and_fix() {
    // ConfigMap has no error-level single-object rule; it is tested below
    // with `failOn: warning`.
    assert_eq!(BROKEN.len() + 1, KINDS.len());
    for (kind, rule) in BROKEN {
        let name = format!("{}-broken", slug(kind));
        let answer = validate(&name, Value::Null);
        assert!(!accepted(&answer), "{name} should be rejected: {answer}");
        let text = message(&answer);
        let request = fixture(&name);
        let who = format!(
            "kubeshape rejected {kind} {}/{}",
            request["namespace"].as_str().unwrap_or_default(),
            request["name"].as_str().unwrap_or_default()
        );
        assert!(text.starts_with(&who), "{name}: {text}");
        assert!(text.contains(&format!("[{rule}]")), "{name}: {text}");
        assert!(
            text.contains("; fix: "),
            "{name} says what to change: {text}"
        );
    }
    let answer = validate("pod-broken", Value::Null);
    assert!(
        message(&answer).contains("(at spec.containers[0]"),
        "the message says where: {answer}"
    );
}

#[test]
fn findings_below_fail_on_come_back_as_warnings() {
    let answer = validate("deployment-latest-warnings", Value::Null);
    assert!(accepted(&answer), "{answer}");
    let w = warnings(&answer);
    assert!(
        w.iter()
            .any(|x| x.starts_with("kubeshape warning[latest-tag]: image `nginx:latest`")),
        "{w:?}"
    );
    assert!(w.iter().all(|x| x.len() <= MAX_WARNING_BYTES), "{w:?}");

    let answer = validate("config-map-broken", Value::Null);
    assert!(accepted(&answer), "{answer}");
    assert!(
        named_rules(&answer).contains("secret-in-configmap"),
        "{answer}"
    );
    let strict = validate("config-map-broken", json!({"failOn": "warning"}));
    assert!(!accepted(&strict), "failOn: warning rejects it: {strict}");
    assert!(
        message(&strict).contains("[secret-in-configmap]"),
        "{strict}"
    );
}

#[test]
fn many_findings_keep_the_message_short() {
    let answer = validate("pod-many-errors", Value::Null);
    assert!(!accepted(&answer));
    let text = message(&answer);
    assert!(text.len() <= MAX_MESSAGE_BYTES, "{} bytes", text.len());
    assert!(
        text.contains("kubeshape rejected Pod shop/web: 40 findings at or above error"),
        "{text}"
    );
    assert!(text.contains("\n… and "), "{text}");
    assert_eq!(
        text.matches("; fix: ").count(),
        1,
        "the fix is said once: {text}"
    );
}

#[test]
fn delete_other_kinds_ignored_rules_and_exempt_namespaces_are_accepted() {
    for name in ["pod-delete", "virtual-service-unsupported", "pod-ignored"] {
        let answer = validate(name, Value::Null);
        assert!(accepted(&answer), "{name}: {answer}");
    }
    assert!(!accepted(&validate("pod-kube-system", Value::Null)));
    let exempt = validate(
        "pod-kube-system",
        json!({"exemptNamespaces": ["kube-system"]}),
    );
    assert!(accepted(&exempt), "{exempt}");
    let update = validate("pod-update-broken", Value::Null);
    assert!(
        !accepted(&update),
        "UPDATE is checked like CREATE: {update}"
    );
}

#[test]
fn chinese_messages_when_asked() {
    let answer = validate("pod-broken", json!({"lang": "zh"}));
    let text = message(&answer);
    assert!(text.starts_with("kubeshape 拒绝了 Pod shop/web"), "{text}");
    assert!(
        text.contains("[privileged-container]")
            && text.contains("；修复：")
            && text.contains("（位置：spec.containers[0]"),
        "{text}"
    );
    let answer = validate("deployment-latest-warnings", json!({"lang": "zh"}));
    assert!(
        warnings(&answer)
            .iter()
            .any(|w| w.starts_with("kubeshape 警告[latest-tag]")),
        "{answer}"
    );
}

/// A key with an invisible character copied into it is not the key it
/// looks like: rejected with `lookalike-characters` and where it is.
#[test]
fn lookalike_characters_are_a_rejection_with_the_position() {
    let mut request = fixture("pod-clean");
    let object = request["object"].as_object_mut().expect("an object");
    let spec = object.remove("spec").expect("spec");
    object.insert("spe\u{200b}c".to_owned(), spec);
    let answer = policy()
        .validate(&request, &Value::Null)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!accepted(&answer), "{answer}");
    let text = message(&answer);
    assert!(text.contains("[lookalike-characters]"), "{text}");
    assert!(text.contains("zero-width"), "{text}");
}

#[test]
fn malformed_requests_are_rejected_with_a_reason_never_a_trap() {
    let no_object = validate("pod-without-object", Value::Null);
    assert!(!accepted(&no_object));
    assert_eq!(no_object["code"], 400);
    assert!(
        message(&no_object).contains("has no `object`"),
        "{no_object}"
    );

    let cases: &[(&[u8], &str)] = &[
        (b"", "not a validation request"),
        (b"not json", "not a validation request"),
        (b"[1, 2]", "not a validation request"),
        (b"{}", "no `request`"),
        (b"{\"request\": null}", "no `request`"),
        (b"{\"request\": 5}", "not a validation request"),
        (b"{\"request\": {\"kind\": 7}}", "not a validation request"),
        (
            b"{\"request\": {\"kind\": {\"kind\": \"Pod\"}, \"operation\": \"CREATE\"}}",
            "has no `object`",
        ),
        (
            b"{\"request\": {}, \"settings\": {\"failOn\": \"fatal\"}}",
            "settings are invalid",
        ),
        (
            b"{\"request\": {}, \"settings\": \"strict\"}",
            "settings are invalid",
        ),
        (b"\xff\xfe{\"request\"", "not a validation request"),
    ];
    for (payload, reason) in cases {
        let answer = policy()
            .call_json("validate", payload)
            .unwrap_or_else(|e| panic!("{}: {e}", String::from_utf8_lossy(payload)));
        assert!(!accepted(&answer), "{answer}");
        assert!(
            message(&answer).starts_with("kubeshape: cannot evaluate this request: ")
                && message(&answer).contains(reason),
            "{}: {answer}",
            String::from_utf8_lossy(payload)
        );
    }
    // An object that is not a manifest is checked, not trusted.
    let mut request = fixture("pod-clean");
    request["object"] = json!("just a string");
    let answer = policy()
        .validate(&request, &Value::Null)
        .expect("an answer");
    assert!(!accepted(&answer), "{answer}");
    assert!(
        message(&answer).contains("[missing-kind-or-apiversion]"),
        "{answer}"
    );
}

#[test]
fn the_size_limit_holds_at_admission() {
    let answer = validate(
        "deployment-clean",
        json!({"limits": {"maxInputBytes": 500}}),
    );
    assert!(!accepted(&answer), "{answer}");
    assert!(message(&answer).contains("[yaml-syntax]"), "{answer}");
    assert!(message(&answer).contains("limit"), "{answer}");
}

fn settings_answer(payload: &[u8]) -> Value {
    policy()
        .call_json("validate_settings", payload)
        .unwrap_or_else(|e| panic!("{}: {e}", String::from_utf8_lossy(payload)))
}

#[test]
fn good_settings_are_valid() {
    for settings in [
        "null",
        "{}",
        r#"{"preset": "strict", "failOn": "warning", "kubernetesVersion": "1.29", "lang": "zh"}"#,
        r#"{"exclude": ["latest-tag", "security"], "include": ["missing-cpu-limit"], "exemptNamespaces": ["kube-system"]}"#,
        r#"{"severity": {"latest-tag": "error"}, "thresholds": {"memoryRequestRatio": 0.25, "livenessMinInitialDelaySeconds": 5}}"#,
        r#"{"fail_on": "info", "kubernetes_version": "1.30", "limits": {"max_input_bytes": 100000}}"#,
    ] {
        let answer = settings_answer(settings.as_bytes());
        assert_eq!(answer["valid"], true, "{settings}: {answer}");
    }
}

#[test]
fn every_bad_setting_is_refused_with_a_reason() {
    let cases = [
        (
            r#"{"include": ["latest-tags"]}"#,
            "unknown rule or category `latest-tags`",
        ),
        (
            r#"{"exclude": ["nope"]}"#,
            "unknown rule or category `nope`",
        ),
        (
            r#"{"severity": {"no-such-rule": "error"}}"#,
            "unknown rule `no-such-rule`",
        ),
        (r#"{"severity": {"latest-tag": "fatal"}}"#, "fatal"),
        (r#"{"failOn": "fatal"}"#, "fatal"),
        (r#"{"preset": "lenient"}"#, "lenient"),
        (
            r#"{"kubernetesVersion": "2.0"}"#,
            "is not a version between",
        ),
        (
            r#"{"kubernetesVersion": "1.99"}"#,
            "is not a version between",
        ),
        (
            r#"{"thresholds": {"memoryRequestRatio": 3}}"#,
            "memory_request_ratio",
        ),
        (
            r#"{"thresholds": {"livenessMinInitialDelaySeconds": -1}}"#,
            "must not be negative",
        ),
        (r#"{"thresholds": {"maxCpuCores": 0}}"#, "max_cpu_cores"),
        (r#"{"limits": {"maxDepth": 0}}"#, "limits must be above 0"),
        (r#"{"exemptNamespaces": "kube-system"}"#, "exemptNamespaces"),
        (r#"{"exemptNamespaces": [3]}"#, "exemptNamespaces"),
        (r#"{"lang": "fr"}"#, "is not a language"),
        (
            r#"{"include": ["service-selects-nothing"]}"#,
            "at admission it runs only with `contextAware: true`",
        ),
        (
            r#"{"contextAware": "yes"}"#,
            "contextAware: expected true or false",
        ),
        (r#"{"mutate": "all"}"#, "mutate: `all` is not a mode"),
        (r#"{"assumeCompleteInput": true}"#, "assumeCompleteInput"),
        (r#"{"failon": "error"}"#, "unknown field"),
        (r#"["strict"]"#, "settings must be an object"),
        ("{not json", "not valid JSON"),
    ];
    for (settings, reason) in cases {
        let answer = settings_answer(settings.as_bytes());
        assert_eq!(answer["valid"], false, "{settings}: {answer}");
        let text = answer["message"].as_str().unwrap_or_default();
        assert!(
            text.contains(reason),
            "{settings}: expected `{reason}` in `{text}`"
        );
    }
}

#[test]
fn protocol_version_is_v1() {
    let answer = policy()
        .call_json("protocol_version", b"")
        .expect("an answer");
    assert_eq!(answer, json!("v1"));
}

#[test]
fn the_module_carries_its_metadata() {
    let section = custom_section(&loaded().bytes, "io.kubewarden.metadata")
        .expect("an io.kubewarden.metadata section");
    let metadata: Value = serde_json::from_slice(section).expect("JSON metadata");
    assert_eq!(metadata, package::metadata_json());
    assert_eq!(metadata["protocolVersion"], "v1");
    assert_eq!(metadata["executionMode"], "kubewarden-wapc");
    let resources: BTreeSet<&str> = metadata["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .flat_map(|r| r["resources"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    for kind in KINDS {
        assert!(
            resources.contains(kind.resource),
            "{} not registered",
            kind.resource
        );
    }
}

#[test]
fn verdicts_match_the_cli_on_the_same_objects() {
    let cross = kubeshape_kubewarden::cross_object_rules().join(",");
    let mut compared = 0;
    let mut names: Vec<String> = std::fs::read_dir(data_dir())
        .expect("test_data")
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".json")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    for name in names {
        let request = fixture(&name);
        let supported = KINDS.iter().any(|k| request["kind"]["kind"] == k.kind);
        if !supported || request["operation"] == "DELETE" || !request["object"].is_object() {
            continue;
        }
        let answer = validate(&name, Value::Null);
        let mut child = Command::new(cli())
            .args(["check", "--format", "json", "--exclude", &cross, "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run the CLI");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin
                .write_all(request["object"].to_string().as_bytes())
                .expect("write the object");
        }
        let out = child.wait_with_output().expect("CLI output");
        let report: Value = serde_json::from_slice(&out.stdout).expect("CLI JSON");
        let cli_rules: BTreeSet<String> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["suppressed"] == false)
            .filter_map(|f| f["rule"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(named_rules(&answer), cli_rules, "{name}: {answer}");
        assert_eq!(
            accepted(&answer),
            out.status.code() == Some(0),
            "{name}: the CLI exited {:?}, the policy said {answer}",
            out.status.code()
        );
        compared += 1;
    }
    assert!(compared >= 30, "only {compared} fixtures compared");
}
