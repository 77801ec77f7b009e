//! `contextAware: true` end to end: the built module, in the waPC host,
//! asks the host's Kubernetes capability for the request's neighbours; the
//! host answers from fixture objects (pruned to the field masks asked, as
//! policy-server does). Each cross-object rule fires on a broken request
//! and not on the good one; a failing lookup is an acceptance with a
//! warning; and every verdict names the rules `kubeshape check` finds on
//! the same object with its neighbours as one bundle.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;

use kubeshape_kubewarden_host::Cluster;

mod common;
use common::{cli, fixture, policy};
use serde_json::{json, Value};

/// The clean Deployment of the fixtures (`shop/web`).
fn deployment() -> Value {
    fixture("deployment-clean")["object"].clone()
}

fn with(mut object: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let slot = object
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{parent}"));
    match slot {
        Value::Array(items) => items[key.parse::<usize>().expect("index")] = value,
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        _ => panic!("{parent} is not a container"),
    }
    object
}

fn without(mut object: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    if let Some(Value::Object(map)) = object.pointer_mut(parent) {
        map.remove(key);
    }
    object
}

fn config_map(name: &str, keys: &[&str]) -> Value {
    let data: serde_json::Map<String, Value> = keys
        .iter()
        .map(|k| ((*k).to_owned(), json!("some value")))
        .collect();
    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "shop"}, "data": data})
}

fn secret(name: &str, keys: &[&str]) -> Value {
    let data: serde_json::Map<String, Value> = keys
        .iter()
        .map(|k| ((*k).to_owned(), json!("aHVudGVyMg==")))
        .collect();
    json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": "shop"}, "type": "Opaque", "data": data})
}

fn service(name: &str, app: &str, target: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "shop"},
        "spec": {"selector": {"app": app}, "ports": [{"name": "http", "port": 80, "targetPort": target}]}})
}

fn hpa(target: &str, cpu: bool) -> Value {
    let metrics = match cpu {
        true => {
            json!([{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}])
        }
        false => {
            json!([{"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "200Mi"}}}])
        }
    };
    json!({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": target, "namespace": "shop"},
        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target}, "minReplicas": 2, "maxReplicas": 6, "metrics": metrics}})
}

fn network_policy(app: &str) -> Value {
    json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "allow", "namespace": "shop"},
        "spec": {"podSelector": {"matchLabels": {"app": app}}, "policyTypes": ["Ingress"]}})
}

fn pdb(app: &str) -> Value {
    json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": app}}}})
}

fn ingress(service: &str) -> Value {
    json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"rules": [{"host": "shop.example.org", "http": {"paths": [{"path": "/", "pathType": "Prefix",
            "backend": {"service": {"name": service, "port": {"number": 80}}}}]}}]}})
}

/// The neighbours every workload scenario has unless it says otherwise:
/// a NetworkPolicy and a PodDisruptionBudget for `app: web`.
fn usual() -> Vec<Value> {
    vec![network_policy("web"), pdb("web")]
}

struct Case {
    rule: &'static str,
    object: Value,
    neighbours: Vec<Value>,
    good_object: Value,
    good_neighbours: Vec<Value>,
}

fn env_ref(kind: &str, name: &str, key: &str) -> Value {
    json!([{"name": "SETTING", "valueFrom": {kind: {"name": name, "key": key}}}])
}

fn cases() -> Vec<Case> {
    let env = "/spec/template/spec/containers/0/env";
    let d = deployment();
    let plus = |extra: Vec<Value>| {
        let mut all = usual();
        all.extend(extra);
        all
    };
    vec![
        Case {
            rule: "configmap-key-not-found",
            object: with(
                d.clone(),
                env,
                env_ref("configMapKeyRef", "app-config", "LOG_LEVL"),
            ),
            neighbours: plus(vec![config_map("app-config", &["LOG_LEVEL"])]),
            good_object: with(
                d.clone(),
                env,
                env_ref("configMapKeyRef", "app-config", "LOG_LEVEL"),
            ),
            good_neighbours: plus(vec![config_map("app-config", &["LOG_LEVEL"])]),
        },
        Case {
            rule: "configmap-not-found",
            object: with(
                d.clone(),
                env,
                env_ref("configMapKeyRef", "app-confg", "LOG_LEVEL"),
            ),
            neighbours: plus(vec![config_map("app-config", &["LOG_LEVEL"])]),
            good_object: with(
                d.clone(),
                env,
                env_ref("configMapKeyRef", "app-config", "LOG_LEVEL"),
            ),
            good_neighbours: plus(vec![config_map("app-config", &["LOG_LEVEL"])]),
        },
        Case {
            rule: "secret-key-not-found",
            object: with(d.clone(), env, env_ref("secretKeyRef", "db", "pasword")),
            neighbours: plus(vec![secret("db", &["password"])]),
            good_object: with(d.clone(), env, env_ref("secretKeyRef", "db", "password")),
            good_neighbours: plus(vec![secret("db", &["password"])]),
        },
        Case {
            rule: "secret-not-found",
            object: with(
                d.clone(),
                env,
                env_ref("secretKeyRef", "database", "password"),
            ),
            neighbours: plus(vec![secret("db", &["password"])]),
            good_object: with(d.clone(), env, env_ref("secretKeyRef", "db", "password")),
            good_neighbours: plus(vec![secret("db", &["password"])]),
        },
        Case {
            rule: "missing-network-policy",
            object: d.clone(),
            neighbours: vec![pdb("web")],
            good_object: d.clone(),
            good_neighbours: usual(),
        },
        Case {
            rule: "missing-pod-disruption-budget",
            object: d.clone(),
            neighbours: vec![network_policy("web")],
            good_object: d.clone(),
            good_neighbours: usual(),
        },
        Case {
            rule: "missing-prestop-hook",
            object: d.clone(),
            neighbours: plus(vec![service("web", "web", json!("http"))]),
            good_object: with(
                d.clone(),
                "/spec/template/spec/containers/0/lifecycle",
                json!({"preStop": {"sleep": {"seconds": 5}}}),
            ),
            good_neighbours: plus(vec![service("web", "web", json!("http"))]),
        },
        Case {
            rule: "replicas-with-hpa",
            object: d.clone(),
            neighbours: plus(vec![hpa("web", true)]),
            good_object: without(d.clone(), "/spec/replicas"),
            good_neighbours: plus(vec![hpa("web", true)]),
        },
        Case {
            rule: "single-replica",
            object: without(d.clone(), "/spec/replicas"),
            neighbours: usual(),
            good_object: without(d.clone(), "/spec/replicas"),
            good_neighbours: plus(vec![hpa("web", false)]),
        },
        Case {
            rule: "service-selects-nothing",
            object: service("web", "wbe", json!("http")),
            neighbours: vec![d.clone()],
            good_object: service("web", "web", json!("http")),
            good_neighbours: vec![d.clone()],
        },
        Case {
            rule: "service-target-port-missing",
            object: service("web", "web", json!("metrics")),
            neighbours: vec![d.clone()],
            good_object: service("web", "web", json!("http")),
            good_neighbours: vec![d.clone()],
        },
        Case {
            rule: "ingress-backend-not-found",
            object: ingress("front"),
            neighbours: vec![service("web", "web", json!("http"))],
            good_object: ingress("web"),
            good_neighbours: vec![service("web", "web", json!("http"))],
        },
        Case {
            rule: "hpa-target-not-found",
            object: hpa("api", true),
            neighbours: vec![d.clone()],
            good_object: hpa("web", true),
            good_neighbours: vec![d.clone()],
        },
        Case {
            rule: "hpa-utilization-without-request",
            object: hpa("web", true),
            neighbours: vec![without(
                d.clone(),
                "/spec/template/spec/containers/0/resources/requests/cpu",
            )],
            good_object: hpa("web", true),
            good_neighbours: vec![d.clone()],
        },
    ]
}

/// The opt-in rules on, as an operator would turn them on.
fn settings() -> Value {
    json!({"contextAware": true, "include": ["missing-pod-disruption-budget", "missing-prestop-hook"]})
}

fn request(object: &Value) -> Value {
    let kind = object["kind"].as_str().expect("kind");
    json!({
        "uid": "context", "kind": {"group": "", "version": "v1", "kind": kind},
        "name": object["metadata"]["name"], "namespace": "shop", "operation": "CREATE",
        "userInfo": {"username": "alice"}, "object": object, "oldObject": null,
    })
}

fn named(answer: &Value) -> BTreeSet<String> {
    let mut texts: Vec<String> = answer["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w.as_str().map(str::to_owned))
        .collect();
    texts.push(answer["message"].as_str().unwrap_or_default().to_owned());
    texts
        .iter()
        .flat_map(|t| t.split('[').skip(1))
        .filter_map(|p| p.split_once(']').map(|(id, _)| id.to_owned()))
        .filter(|id| {
            id.contains('-')
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
        })
        .collect()
}

fn severity(rule: &str) -> &'static str {
    kubeshape_core::rules::find(rule)
        .expect("a rule")
        .meta()
        .severity
        .as_str()
}

#[test]
fn each_cross_object_rule_fires_at_admission_with_the_cluster() {
    let mut covered = BTreeSet::new();
    for case in cases() {
        let cluster = Cluster::new(case.neighbours.clone());
        let answer = policy()
            .validate_in(&request(&case.object), &settings(), &cluster)
            .expect("validate");
        assert!(
            named(&answer).contains(case.rule),
            "{}: not named in {answer}",
            case.rule
        );
        if severity(case.rule) == "error" {
            assert_eq!(
                answer["accepted"], false,
                "{}: an error rejects: {answer}",
                case.rule
            );
        }
        let good = Cluster::new(case.good_neighbours.clone());
        let answer = policy()
            .validate_in(&request(&case.good_object), &settings(), &good)
            .expect("validate");
        assert!(
            !named(&answer).contains(case.rule),
            "{}: named for the good one: {answer}",
            case.rule
        );
        assert_eq!(
            answer["accepted"], true,
            "{}: the good one is accepted: {answer}",
            case.rule
        );
        // What was asked: fields by masks, never a whole object.
        let requests = cluster.requests.lock().expect("requests");
        assert!(
            !requests.is_empty(),
            "{}: the cluster was not asked",
            case.rule
        );
        for r in requests.iter() {
            assert_eq!(r["operation"], "list_resources_by_namespace");
            assert_eq!(r["request"]["namespace"], "shop");
            assert!(
                r["request"]["field_masks"]
                    .as_array()
                    .is_some_and(|m| !m.is_empty()),
                "{r}"
            );
        }
        covered.insert(case.rule);
    }
    let mut expected: BTreeSet<&str> = kubeshape_kubewarden::cross_object_rules()
        .into_iter()
        .collect();
    expected.remove("unknown-kind");
    assert_eq!(covered, expected, "every cross-object rule has a case");
}

#[test]
fn a_failing_lookup_is_an_acceptance_with_a_warning() {
    let case = &cases()[0];
    let answer = policy()
        .validate_in(
            &request(&case.object),
            &settings(),
            &Cluster::failing("configmaps is forbidden: RBAC"),
        )
        .expect("validate");
    assert_eq!(answer["accepted"], true, "{answer}");
    let first = answer["warnings"][0].as_str().unwrap_or_default();
    assert!(
        first.contains("rules that compare objects were skipped") && first.contains("forbidden"),
        "{answer}"
    );
    assert!(!named(&answer).contains(case.rule));
    // Object-only by default: no lookup at all.
    let cluster = Cluster::new(case.neighbours.clone());
    let plain = policy()
        .validate_in(&request(&case.object), &Value::Null, &cluster)
        .expect("validate");
    assert_eq!(plain["accepted"], true);
    assert!(
        cluster.requests.lock().expect("requests").is_empty(),
        "asked without contextAware"
    );
}

#[test]
fn secret_values_never_come_back() {
    let case = cases()
        .into_iter()
        .find(|c| c.rule == "secret-key-not-found")
        .expect("case");
    let answer = policy()
        .validate_in(
            &request(&case.object),
            &settings(),
            &Cluster::new(case.neighbours.clone()),
        )
        .expect("validate");
    assert!(!answer.to_string().contains("aHVudGVyMg=="), "{answer}");
}

/// The rules `kubeshape check` finds on the bundle's first document.
fn cli_rules(object: &Value, neighbours: &[Value], config: &std::path::Path) -> BTreeSet<String> {
    let mut bundle = vec![object.to_string()];
    bundle.extend(neighbours.iter().map(Value::to_string));
    let mut child = Command::new(cli())
        .args(["check", "--format", "json", "--config"])
        .arg(config)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run the CLI");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bundle.join("\n---\n").as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("output");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["document"] == 0 && f["suppressed"] == false)
        .filter_map(|f| f["rule"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn verdicts_equal_kubeshape_check_on_the_object_and_its_neighbours() {
    let config =
        std::env::temp_dir().join(format!("kubeshape-context-{}.yaml", std::process::id()));
    std::fs::write(
        &config,
        "assume_complete_input: true\ninclude: [missing-pod-disruption-budget, missing-prestop-hook]\nexclude: [unknown-kind]\n",
    )
    .expect("config");
    let mut compared = 0;
    for case in cases() {
        for (object, neighbours) in [
            (&case.object, &case.neighbours),
            (&case.good_object, &case.good_neighbours),
        ] {
            let cluster: Arc<Cluster> = Cluster::new(neighbours.clone());
            let answer = policy()
                .validate_in(&request(object), &settings(), &cluster)
                .expect("validate");
            assert_eq!(
                named(&answer),
                cli_rules(object, neighbours, &config),
                "{}: {answer}",
                case.rule
            );
            compared += 1;
        }
    }
    let _ = std::fs::remove_file(&config);
    assert_eq!(compared, 28);
}
