//! Presets, validation, and the hand reader against serde.

use super::*;

#[test]
fn presets_load_and_differ() {
    let count = |p: Preset| {
        let s = Settings {
            preset: p,
            ..Settings::default()
        };
        rules::all()
            .iter()
            .filter(|r| s.is_enabled(r.meta()))
            .count()
    };
    assert!(count(Preset::Recommended) < count(Preset::Go));
    assert!(count(Preset::Go) < count(Preset::Strict));
    assert_eq!(count(Preset::Strict), rules::all().len());
    for p in Preset::ALL {
        for id in &p.definition().include {
            assert!(
                rules::find(id).is_some(),
                "preset {p:?} names unknown rule {id}"
            );
        }
    }
}

#[test]
fn yaml_settings_and_validation() {
    let s = Settings::from_yaml(
        "preset: strict\nexclude: [security]\nfail_on: warning\nkubernetes_version: '1.25'\n",
    )
    .unwrap();
    assert_eq!(s.preset, Preset::Strict);
    assert_eq!(s.kubernetes_minor(), 25);
    let err =
        Settings::from_yaml("include: [latest-tags]\nkubernetes_version: '2.0'\n").unwrap_err();
    assert!(err.contains("did you mean `latest-tag`"), "{err}");
    assert!(err.contains("kubernetes_version"), "{err}");
    assert!(Settings::from_yaml("presett: strict\n")
        .unwrap_err()
        .contains("unknown field"));
    assert!(Settings::from_yaml("thresholds: {memory_request_ratio: 2}\n").is_err());
    // A bad value names its field.
    let err = Settings::from_yaml("exclude: []\npreset: lax\n").unwrap_err();
    assert!(err.starts_with("preset: unknown variant `lax`"), "{err}");
    let err = Settings::from_yaml("fail_on: 3\n").unwrap_err();
    assert!(err.starts_with("fail_on: "), "{err}");
}

/// The hand reader accepts what serde's derive accepts, to the same
/// values, and refuses what it refuses.
#[test]
fn hand_reader_agrees_with_serde() {
    let good = [
        "null",
        "{}",
        r#"{"preset": "go", "include": ["all"], "exclude": ["security", "latest-tag"]}"#,
        r#"{"severity": {"latest-tag": "error", "run-as-root": "info"}, "fail_on": "warning"}"#,
        r#"{"kubernetes_version": "1.29", "assume_complete_input": true}"#,
        r#"{"kubernetes_version": null}"#,
        r#"{"thresholds": {"memory_request_ratio": 0.25, "liveness_min_initial_delay_seconds": 5, "max_cpu_cores": 8}}"#,
        r#"{"limits": {"max_input_bytes": 1000, "max_depth": 10, "max_nodes": 5000}}"#,
    ];
    for text in good {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let ours = read::settings(&value, &[]).unwrap();
        let theirs: Settings = if value.is_null() {
            Settings::default()
        } else {
            Settings::deserialize(&value).unwrap()
        };
        assert_eq!(ours, theirs, "{text}");
    }
    let bad = [
        r#"{"presett": "go"}"#,
        r#"{"preset": "lax"}"#,
        r#"{"preset": 3}"#,
        r#"{"include": "all"}"#,
        r#"{"include": [1]}"#,
        r#"{"severity": {"latest-tag": "fatal"}}"#,
        r#"{"severity": []}"#,
        r#"{"fail_on": true}"#,
        r#"{"kubernetes_version": 1.29}"#,
        r#"{"thresholds": {"memory_request_ratio": "half"}}"#,
        r#"{"thresholds": {"nope": 1}}"#,
        r#"{"limits": {"max_depth": -1}}"#,
        r#"{"limits": {"max_depth": 1.5}}"#,
        r#"{"assume_complete_input": "yes"}"#,
        r#"[1]"#,
        r#""strict""#,
    ];
    for text in bad {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert!(
            Settings::deserialize(&value).is_err(),
            "serde accepts {text}"
        );
        let err = read::settings(&value, &[]).unwrap_err();
        let first_key = value.as_object().and_then(|m| m.keys().next().cloned());
        if let Some(key) = first_key.filter(|_| !err.starts_with("unknown field")) {
            assert!(err.starts_with(&key), "{text}: {err}");
        }
    }
}
