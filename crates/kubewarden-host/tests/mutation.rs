//! `mutate: safe` end to end: the built module, in the waPC host, returns
//! the object with the safe fixes of the admission rules applied — the
//! same object the CLI's `kubeshape fix --safe-only` makes of it (compared
//! as JSON) — and says each change in a warning; validating the mutated
//! object again finds none of the fixed rules; an UPDATE changes only what
//! the update brings.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use kubeshape_core::parse::{parse, Limits};
use kubeshape_kubewarden::mutate::mutating_rules;
use kubeshape_kubewarden_host::root;

mod common;
use common::{cli, fixture, policy};
use serde_json::{json, Value};

/// `kubeshape fix --safe-only --rule <the mutating rules> -` on the object,
/// read back as JSON.
fn cli_fix(object: &Value) -> Value {
    let rules = mutating_rules().join(",");
    let mut child = Command::new(cli())
        .args(["fix", "--safe-only", "--rule", &rules, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run the CLI");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(object.to_string().as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("CLI output");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let parsed = parse(&text, &Limits::default());
    assert!(parsed.issues.is_empty(), "{text}");
    parsed.documents[0]
        .root
        .as_ref()
        .expect("a document")
        .to_json()
}

fn rules_named(answer: &Value) -> BTreeSet<String> {
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
        .collect()
}

fn safe() -> Value {
    json!({"mutate": "safe"})
}

#[test]
fn the_mutated_object_is_what_kubeshape_fix_makes_of_it() {
    let request = fixture("deployment-mutate");
    let answer = policy().validate(&request, &safe()).expect("validate");
    assert_eq!(answer["accepted"], true, "{answer}");
    let mutated = &answer["mutated_object"];
    assert!(mutated.is_object(), "no mutated_object: {answer}");
    assert_eq!(
        *mutated,
        cli_fix(&request["object"]),
        "the policy and the CLI differ"
    );
    let container = &mutated["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(container["imagePullPolicy"], "Always");
    assert_eq!(
        container["securityContext"]["allowPrivilegeEscalation"],
        false
    );
    assert_eq!(
        container["securityContext"]["capabilities"]["drop"],
        json!(["ALL"])
    );
    // What the user wrote stays.
    assert_eq!(container["securityContext"]["runAsNonRoot"], true);
    assert_eq!(container["resources"]["limits"]["memory"], "256Mi");
    // Each change is said, before the other warnings.
    let warnings: Vec<&str> = answer["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let changed: BTreeSet<&str> = warnings
        .iter()
        .take_while(|w| w.starts_with("kubeshape changed ["))
        .filter_map(|w| w.split('[').nth(1)?.split(']').next())
        .collect();
    assert_eq!(
        changed,
        BTreeSet::from([
            "capabilities-not-dropped",
            "latest-without-always-pull",
            "privilege-escalation"
        ]),
        "{warnings:?}"
    );

    // The mutated object, validated again: none of the fixed rules.
    let mut again = request.clone();
    again["object"] = mutated.clone();
    let second = policy().validate(&again, &safe()).expect("validate");
    assert_eq!(second["accepted"], true);
    assert!(
        second["mutated_object"].is_null(),
        "nothing left to change: {second}"
    );
    let named = rules_named(&second);
    for fixed in [
        "capabilities-not-dropped",
        "latest-without-always-pull",
        "privilege-escalation",
    ] {
        assert!(!named.contains(fixed), "{fixed} still fires: {second}");
    }
    // Off by default.
    let plain = policy().validate(&request, &Value::Null).expect("validate");
    assert!(plain["mutated_object"].is_null());
}

#[test]
fn every_accepted_fixture_mutates_as_the_cli_fixes() {
    let dir = root().join("policies/kubewarden/test_data");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
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
    let mut mutated = 0;
    for name in names {
        let request = fixture(&name);
        if request["operation"] != "CREATE" || !request["object"].is_object() {
            continue;
        }
        let answer = policy().validate(&request, &safe()).expect("validate");
        if answer["accepted"] != true {
            assert!(
                answer["mutated_object"].is_null(),
                "{name}: a rejection mutates nothing"
            );
            continue;
        }
        let expected = cli_fix(&request["object"]);
        match answer["mutated_object"].is_object() {
            true => {
                assert_eq!(answer["mutated_object"], expected, "{name}");
                mutated += 1;
            }
            false => assert_eq!(
                expected, request["object"],
                "{name}: the CLI changed what the policy left"
            ),
        }
    }
    assert!(mutated >= 1, "only {mutated} fixtures mutated");
}

#[test]
fn an_update_changes_only_what_it_brings() {
    let request = fixture("deployment-mutate-update");
    let answer = policy().validate(&request, &safe()).expect("validate");
    assert_eq!(answer["accepted"], true, "{answer}");
    let containers = answer["mutated_object"]["spec"]["template"]["spec"]["containers"]
        .as_array()
        .unwrap_or_else(|| panic!("no mutated object: {answer}"))
        .clone();
    // The container the old object had is as the user sent it; the one the
    // update adds gets the safe fixes.
    assert_eq!(
        containers[0],
        request["object"]["spec"]["template"]["spec"]["containers"][0]
    );
    assert_eq!(
        containers[1]["securityContext"]["allowPrivilegeEscalation"],
        false
    );
    // As a CREATE, both would change.
    let mut create = request.clone();
    create["operation"] = json!("CREATE");
    let created = policy().validate(&create, &safe()).expect("validate");
    let both = &created["mutated_object"]["spec"]["template"]["spec"]["containers"];
    assert_eq!(
        both[0]["securityContext"]["allowPrivilegeEscalation"],
        false
    );
    assert_eq!(
        both[1]["securityContext"]["allowPrivilegeEscalation"],
        false
    );
}

#[test]
fn a_bad_mutate_setting_is_refused() {
    let answer = policy()
        .call_json("validate_settings", br#"{"mutate": "everything"}"#)
        .expect("validate_settings");
    assert_eq!(answer["valid"], false);
    assert!(
        answer["message"]
            .as_str()
            .unwrap_or_default()
            .contains("mutate"),
        "{answer}"
    );
    let ok = policy()
        .call_json("validate_settings", br#"{"mutate": "safe"}"#)
        .expect("validate_settings");
    assert_eq!(ok["valid"], true, "{ok}");
}
