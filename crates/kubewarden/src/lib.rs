//! kubeshape as a Kubewarden policy.
//!
//! Kubewarden's policy-server calls three waPC functions:
//!
//! - `validate` with `{"request": <AdmissionRequest>, "settings": {…}}`: the
//!   object of the request goes through every enabled single-object rule
//!   (`Scope::Object`). Findings at or above `failOn` reject the request
//!   with a message naming each rule, where it fired and what to change;
//!   findings below come back as admission warnings, which `kubectl` prints.
//! - `validate_settings` with the settings: `{"valid": …, "message": …}`.
//! - `protocol_version`: `"v1"`.
//!
//! Everything here is plain Rust over bytes, tested natively; the waPC glue
//! at the bottom only registers the functions. No input makes these
//! functions panic or return an error instead of an answer: a panic in the
//! module is a trap, and a trap is a failed admission with no explanation.

pub mod context;
pub mod mutate;
#[cfg(not(target_arch = "wasm32"))]
pub mod package;

use std::collections::BTreeSet;

use kubeshape_core::rules::{self, Scope};
use kubeshape_core::{lint_with, Finding, Input, Lang, Options, Report, Settings};
use kubewarden_policy_sdk::response::ValidationResponse;
use kubewarden_policy_sdk::settings::SettingsValidationResponse;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use mutate::{Mutate, Mutation};

/// The kinds the policy evaluates; requests for any other kind are accepted
/// unexamined. `metadata.yml`'s rules are generated from this list.
pub const KINDS: &[Kind] = &[
    Kind::new("", "v1", "Pod", "pods"),
    Kind::new("apps", "v1", "Deployment", "deployments"),
    Kind::new("apps", "v1", "StatefulSet", "statefulsets"),
    Kind::new("apps", "v1", "DaemonSet", "daemonsets"),
    Kind::new("apps", "v1", "ReplicaSet", "replicasets"),
    Kind::new("", "v1", "ReplicationController", "replicationcontrollers"),
    Kind::new("batch", "v1", "Job", "jobs"),
    Kind::new("batch", "v1", "CronJob", "cronjobs"),
    Kind::new("", "v1", "Service", "services"),
    Kind::new("", "v1", "ConfigMap", "configmaps"),
    Kind::new("", "v1", "Secret", "secrets"),
    Kind::new("networking.k8s.io", "v1", "Ingress", "ingresses"),
    Kind::new(
        "autoscaling",
        "v2",
        "HorizontalPodAutoscaler",
        "horizontalpodautoscalers",
    ),
    Kind::new(
        "networking.k8s.io",
        "v1",
        "NetworkPolicy",
        "networkpolicies",
    ),
    Kind::new(
        "policy",
        "v1",
        "PodDisruptionBudget",
        "poddisruptionbudgets",
    ),
];

/// A kind the policy evaluates, with the resource that admission rules name.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    pub resource: &'static str,
}

impl Kind {
    const fn new(
        group: &'static str,
        version: &'static str,
        kind: &'static str,
        resource: &'static str,
    ) -> Kind {
        Kind {
            group,
            version,
            kind,
            resource,
        }
    }
}

/// Kubernetes shows a rejection's message in full; beyond this many bytes it
/// stops being readable in a terminal, so the rest is counted, not listed.
pub const MAX_MESSAGE_BYTES: usize = 2048;
/// Kubernetes truncates warnings longer than this.
pub const MAX_WARNING_BYTES: usize = 256;
/// Kubernetes drops warnings past a total budget; a handful is what a
/// `kubectl apply` user reads anyway.
pub const MAX_WARNINGS: usize = 20;

/// The settings of the policy: the core's settings, in camelCase (as
/// Kubernetes and Kubewarden policies write them; snake_case is accepted
/// too), plus the fields only this face has.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicySettings {
    pub core: Settings,
    /// Namespaces whose requests are accepted unexamined.
    pub exempt_namespaces: BTreeSet<String>,
    /// The language of rejection messages and warnings.
    pub lang: Lang,
    /// Whether the safe fixes are applied (`mutate: safe`).
    pub mutate: Mutate,
    /// Whether the cross-object rules run, with the objects the host lists
    /// (`contextAware: true`; see [`context`]).
    pub context_aware: bool,
}

/// The ids of the rules that need other objects and so never run here.
pub fn cross_object_rules() -> Vec<&'static str> {
    rules::all()
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.scope == Scope::Objects)
        .map(|m| m.id)
        .collect()
}

/// `memoryRequestRatio` → `memory_request_ratio`.
fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn snake_keys(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter().map(|(k, v)| (snake_case(&k), v)).collect()
}

impl PolicySettings {
    /// Reads and checks the settings an operator wrote in the policy's
    /// `spec.settings`. `null` and `{}` mean the defaults.
    pub fn from_json(value: &Value) -> Result<PolicySettings, String> {
        let mut fields = match value {
            Value::Null => Map::new(),
            Value::Object(map) => snake_keys(map.clone()),
            other => return Err(format!("settings must be an object, got {other}")),
        };
        let exempt_namespaces = match fields.remove("exempt_namespaces") {
            None | Some(Value::Null) => BTreeSet::new(),
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) if !s.is_empty() => Ok(s),
                    other => Err(format!(
                        "exemptNamespaces: expected namespace names, got {other}"
                    )),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(format!(
                    "exemptNamespaces: expected a list of namespace names, got {other}"
                ))
            }
        };
        let lang = match fields.remove("lang") {
            None | Some(Value::Null) => Lang::En,
            Some(Value::String(s)) => Lang::parse(&s)
                .ok_or_else(|| format!("lang: `{s}` is not a language (use \"en\" or \"zh\")"))?,
            Some(other) => return Err(format!("lang: expected \"en\" or \"zh\", got {other}")),
        };
        let mutate = match fields.remove("mutate") {
            None | Some(Value::Null) => Mutate::Off,
            Some(Value::String(s)) => Mutate::parse(&s)
                .ok_or_else(|| format!("mutate: `{s}` is not a mode (use \"off\" or \"safe\")"))?,
            Some(other) => {
                return Err(format!("mutate: expected \"off\" or \"safe\", got {other}"))
            }
        };
        let context_aware = match fields.remove("context_aware") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => b,
            Some(other) => {
                return Err(format!("contextAware: expected true or false, got {other}"))
            }
        };
        if fields.contains_key("crds") {
            return Err("crds: the policy reads no files; the API server checks custom resources against their CustomResourceDefinitions itself, so remove this setting".to_owned());
        }
        if fields.contains_key("assume_complete_input") {
            return Err("assumeCompleteInput: the policy decides it (with contextAware: true, the objects the host lists are all there are); remove this setting".to_owned());
        }
        for nested in ["thresholds", "limits"] {
            if let Some(Value::Object(map)) = fields.remove(nested) {
                fields.insert(nested.to_owned(), Value::Object(snake_keys(map)));
            }
        }
        let core = Settings::from_json(Value::Object(fields))?;
        let cross = cross_object_rules();
        let named: Vec<&str> = core
            .include
            .iter()
            .map(String::as_str)
            .chain(core.severity.keys().map(String::as_str))
            .filter(|id| cross.contains(id))
            .collect();
        if !named.is_empty() && !context_aware {
            return Err(format!(
                "{} {} other objects, so at admission {} only with `contextAware: true` (the policy then asks the cluster for them); set it, or remove {} from the settings (`kubeshape check` runs {} in CI)",
                named.join(", "),
                if named.len() == 1 { "needs" } else { "need" },
                if named.len() == 1 { "it runs" } else { "they run" },
                if named.len() == 1 { "it" } else { "them" },
                if named.len() == 1 { "it" } else { "them" }
            ));
        }
        Ok(PolicySettings {
            core,
            exempt_namespaces,
            lang,
            mutate,
            context_aware,
        })
    }
}

/// `validate_settings`: always a well-formed answer.
pub fn validate_settings(payload: &[u8]) -> Vec<u8> {
    let outcome = serde_json::from_slice::<Value>(payload)
        .map_err(|e| format!("the settings are not valid JSON: {e}"))
        .and_then(|value| PolicySettings::from_json(&value));
    let response = SettingsValidationResponse {
        valid: outcome.is_ok(),
        message: outcome.err(),
    };
    to_bytes(&response)
}

#[derive(Deserialize)]
struct Payload<'a> {
    #[serde(borrow, default)]
    request: Option<Request<'a>>,
    #[serde(default)]
    settings: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GroupVersionKind {
    kind: String,
}

#[derive(Deserialize)]
struct Request<'a> {
    #[serde(default)]
    kind: GroupVersionKind,
    #[serde(default)]
    operation: String,
    #[serde(default)]
    namespace: String,
    #[serde(default)]
    name: String,
    #[serde(borrow, default)]
    object: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "oldObject")]
    old_object: Option<&'a RawValue>,
}

fn to_bytes<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Serialising these plain structs cannot fail; should it, the answer is
    // still a valid rejection rather than a trap.
    serde_json::to_vec(value).unwrap_or_else(|_| {
        br#"{"accepted":false,"message":"kubeshape: internal error while writing the answer"}"#
            .to_vec()
    })
}

fn answer(
    accepted: bool,
    message: Option<String>,
    code: Option<u16>,
    warnings: Vec<String>,
) -> Vec<u8> {
    answer_with(accepted, message, code, warnings, None)
}

fn answer_with(
    accepted: bool,
    message: Option<String>,
    code: Option<u16>,
    warnings: Vec<String>,
    mutated_object: Option<Value>,
) -> Vec<u8> {
    to_bytes(&ValidationResponse {
        accepted,
        message,
        code,
        mutated_object,
        audit_annotations: None,
        warnings: (!warnings.is_empty()).then_some(warnings),
    })
}

fn accept() -> Vec<u8> {
    answer(true, None, None, Vec::new())
}

/// A request the policy cannot read: rejected, saying why (HTTP 400).
fn malformed(why: String) -> Vec<u8> {
    answer(
        false,
        Some(format!("kubeshape: cannot evaluate this request: {why}")),
        Some(400),
        Vec::new(),
    )
}

/// `validate` outside the waPC host: no cluster to ask (`contextAware`
/// lookups fail, and the cross-object rules are skipped with a warning).
pub fn validate(payload: &[u8]) -> Vec<u8> {
    validate_in(payload, &context::NoCluster)
}

/// `validate`, asking `cluster` for neighbours when `contextAware` is on:
/// always a well-formed answer.
pub fn validate_in(payload: &[u8], cluster: &dyn context::Cluster) -> Vec<u8> {
    let payload: Payload<'_> = match serde_json::from_slice(payload) {
        Ok(p) => p,
        Err(e) => return malformed(format!("the payload is not a validation request: {e}")),
    };
    let settings = match PolicySettings::from_json(&payload.settings) {
        Ok(s) => s,
        Err(e) => return malformed(format!("the policy settings are invalid: {e}")),
    };
    let Some(request) = payload.request else {
        return malformed("the payload has no `request`".to_owned());
    };
    if request.operation == "DELETE" {
        return accept();
    }
    if !KINDS.iter().any(|k| k.kind == request.kind.kind) {
        return accept();
    }
    if settings.exempt_namespaces.contains(&request.namespace) {
        return accept();
    }
    let Some(object) = request.object.filter(|o| o.get() != "null") else {
        return malformed(format!(
            "the {} request for {} has no `object`",
            request.operation, request.kind.kind
        ));
    };
    // The rules that need other objects run only with the objects the
    // host lists (see `context`); otherwise they are skipped.
    let mut neighbours = String::new();
    let mut trouble = Vec::new();
    let mut core = std::borrow::Cow::Borrowed(&settings.core);
    if settings.context_aware {
        let value: Value = serde_json::from_str(object.get()).unwrap_or(Value::Null);
        let namespace = match request.namespace.as_str() {
            "" => value["metadata"]["namespace"].as_str().unwrap_or("default"),
            ns => ns,
        };
        let found = context::neighbours(&request.kind.kind, &value, namespace, cluster);
        if found.problems.is_empty() {
            let texts: Vec<String> = found.objects.iter().map(Value::to_string).collect();
            neighbours = texts.join("\n---\n");
            let core = core.to_mut();
            // What the host lists is all there is of those kinds.
            core.assume_complete_input = true;
            core.exclude.push("unknown-kind".to_owned());
        } else {
            trouble = found.problems;
        }
    }
    let alone = !settings.context_aware || !trouble.is_empty();
    let options = Options {
        alone,
        ..Options::default()
    };
    let lint = |text: &str| {
        let mut inputs = vec![Input::new("request.object", text)];
        if !neighbours.is_empty() {
            inputs.push(Input::new("cluster", &neighbours));
        }
        let mut report = lint_with(&inputs, &core, options);
        report.findings.retain(|f| f.file == 0);
        report
    };
    let mut report = lint(object.get());
    let what = describe(&request);
    let mut mutation = None;
    if settings.mutate == Mutate::Safe {
        let old = match request.operation.as_str() {
            "UPDATE" => request
                .old_object
                .map(RawValue::get)
                .filter(|o| *o != "null"),
            _ => None,
        };
        if let Some(m) = mutate::mutate(object.get(), old, &settings.core, settings.lang) {
            report = lint(&m.text);
            mutation = Some(m);
        }
    }
    if !trouble.is_empty() {
        let lang = settings.lang;
        let problems = trouble.join("; ");
        let note = lang.pick(
            format!("kubeshape: the rules that compare objects were skipped: the cluster could not be asked ({problems})"),
            format!("kubeshape：跳过了比较对象的规则：无法查询集群（{problems}）"),
        );
        return verdict_noted(
            &report,
            &settings,
            &what,
            mutation,
            truncate(note, MAX_WARNING_BYTES),
        );
    }
    verdict(&report, &settings, &what, mutation)
}

/// `Deployment shop/web` for messages.
fn describe(request: &Request<'_>) -> String {
    let mut what = request.kind.kind.clone();
    match (request.namespace.is_empty(), request.name.is_empty()) {
        (_, true) => {}
        (true, false) => what = format!("{what} {}", request.name),
        (false, false) => what = format!("{what} {}/{}", request.namespace, request.name),
    }
    what
}

fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max.saturating_sub('…'.len_utf8());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

fn location(finding: &Finding, lang: Lang) -> String {
    match (finding.path.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) => format!(" (at {})", finding.path),
        (false, Lang::Zh) => format!("（位置：{}）", finding.path),
    }
}

/// The answer for a linted object: rejected when any finding reaches
/// `failOn`, with the findings below it as warnings.
fn verdict(
    report: &Report,
    settings: &PolicySettings,
    what: &str,
    mutation: Option<Mutation>,
) -> Vec<u8> {
    verdict_noted(report, settings, what, mutation, String::new())
}

/// [`verdict`] with a first warning (`note`, when not empty).
fn verdict_noted(
    report: &Report,
    settings: &PolicySettings,
    what: &str,
    mutation: Option<Mutation>,
    note: String,
) -> Vec<u8> {
    let lang = settings.lang;
    let fail_on = settings.core.fail_on;
    let (blocking, below): (Vec<&Finding>, Vec<&Finding>) =
        report.active().partition(|f| f.severity >= fail_on);
    let mut warnings: Vec<String> = (!note.is_empty()).then_some(note).into_iter().collect();
    warnings.extend(below.iter().take(MAX_WARNINGS).map(|f| {
        let severity = match lang {
            Lang::En => f.severity.as_str(),
            Lang::Zh => f.severity.zh(),
        };
        truncate(
            format!(
                "kubeshape {severity}[{}]: {}{}",
                f.rule,
                f.message.get(lang),
                location(f, lang)
            ),
            MAX_WARNING_BYTES,
        )
    }));
    if below.len() > MAX_WARNINGS {
        let more = below.len() - MAX_WARNINGS;
        warnings.push(lang.pick(
            format!("kubeshape: {more} more findings; run `kubeshape check` on the manifest to see them all"),
            format!("kubeshape：还有 {more} 条发现；对清单运行 `kubeshape check` 可查看全部"),
        ));
    }
    if blocking.is_empty() {
        // The changes first: they are what the user did not write.
        let (object, changes) = match mutation {
            Some(m) => (Some(m.object), m.changes),
            None => (None, Vec::new()),
        };
        let mut all: Vec<String> = changes
            .into_iter()
            .map(|c| truncate(c, MAX_WARNING_BYTES))
            .collect();
        all.extend(warnings);
        return answer_with(true, None, None, all, object);
    }
    let count = blocking.len();
    let mut message = lang.pick(
        format!(
            "kubeshape rejected {what}: {count} {} at or above {}",
            if count == 1 { "finding" } else { "findings" },
            fail_on.as_str()
        ),
        format!(
            "kubeshape 拒绝了 {what}：{count} 条发现达到或超过「{}」级别",
            fail_on.zh()
        ),
    );
    // The fix is said once per rule: forty privileged containers need one
    // explanation, and the room goes to the places.
    let mut explained: BTreeSet<&str> = BTreeSet::new();
    for (shown, f) in blocking.iter().enumerate() {
        let fix = if explained.insert(f.rule) {
            lang.pick(
                format!("; fix: {}", f.help.get(lang)),
                format!("；修复：{}", f.help.get(lang)),
            )
        } else {
            String::new()
        };
        let line = format!(
            "\n- [{}] {}{}{fix}",
            f.rule,
            f.message.get(lang),
            location(f, lang),
        );
        let rest = blocking.len() - shown;
        let tail = lang.pick(
            format!("\n… and {rest} more"),
            format!("\n……还有 {rest} 条"),
        );
        if message.len() + line.len() + tail.len() > MAX_MESSAGE_BYTES {
            message.push_str(&tail);
            break;
        }
        message.push_str(&line);
    }
    answer(false, Some(message), None, warnings)
}

/// The waPC entry points Kubewarden's policy-server calls.
#[cfg(target_arch = "wasm32")]
mod guest {
    use kubewarden_policy_sdk::wapc_guest::{host_call, register_function};
    use serde_json::{json, Value};

    /// The policy-server's Kubernetes capability
    /// (`kubewarden/kubernetes/list_resources_by_namespace`; a name is
    /// asked for with a field selector, so `get_resource` is not needed).
    struct HostCluster;

    impl crate::context::Cluster for HostCluster {
        fn list(
            &self,
            api_version: &str,
            kind: &str,
            namespace: &str,
            name: Option<&str>,
            masks: &[&str],
        ) -> Result<Vec<Value>, String> {
            let request = json!({
                "api_version": api_version,
                "kind": kind,
                "namespace": namespace,
                "label_selector": null,
                "field_selector": name.map(|n| format!("metadata.name={n}")),
                "field_masks": masks,
            });
            let answer = host_call(
                "kubewarden",
                "kubernetes",
                "list_resources_by_namespace",
                request.to_string().as_bytes(),
            )
            .map_err(|e| e.to_string())?;
            let list: Value = serde_json::from_slice(&answer)
                .map_err(|e| format!("the host's answer is not JSON: {e}"))?;
            match list.get("items") {
                Some(Value::Array(items)) => Ok(items.clone()),
                Some(Value::Null) | None => Ok(Vec::new()),
                Some(_) => Err("the host's answer has no list of items".to_owned()),
            }
        }
    }

    #[allow(unsafe_code)]
    #[no_mangle]
    pub extern "C" fn wapc_init() {
        register_function("validate", |payload| {
            Ok(crate::validate_in(payload, &HostCluster))
        });
        register_function("validate_settings", |payload| {
            Ok(crate::validate_settings(payload))
        });
        register_function(
            "protocol_version",
            kubewarden_policy_sdk::protocol_version_guest,
        );
    }
}
