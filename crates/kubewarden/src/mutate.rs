//! `mutate: safe`: the fixes that keep the meaning and need no decision,
//! applied at admission. The object comes back as the policy's
//! `mutated_object`, and each change as a warning `kubectl` prints.
//!
//! Only the rules that judge one object (those that run here) and whose
//! fixes are safe take part ([`mutating_rules`]; the list is in
//! `docs/kubewarden.md`, generated). On an UPDATE, what the object already
//! had before (the old object's findings, by rule and field) is left as the
//! user sent it: the policy changes only what the update brings.

use kubeshape_core::diagnostic::Role;
use kubeshape_core::fix::{fix_as, Filter};
use kubeshape_core::parse::{parse, Limits};
use kubeshape_core::rules::{self, Fixable, Scope};
use kubeshape_core::{lint_with, Input, Lang, Options, Settings};
use serde_json::Value;

/// Whether the policy mutates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mutate {
    /// Validation only (the default).
    #[default]
    Off,
    /// Apply the safe fixes of the admission rules.
    Safe,
}

impl Mutate {
    pub fn parse(text: &str) -> Option<Mutate> {
        match text {
            "off" | "" => Some(Mutate::Off),
            "safe" => Some(Mutate::Safe),
            _ => None,
        }
    }
}

/// The rules whose fixes `mutate: safe` applies: they judge one object and
/// their fixes need no decision.
pub fn mutating_rules() -> Vec<&'static str> {
    rules::all()
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.scope == Scope::Object && m.fixable == Fixable::Safe)
        .map(|m| m.id)
        .collect()
}

/// What a mutation made: the object, and one line per change.
#[derive(Debug)]
pub struct Mutation {
    pub text: String,
    pub object: Value,
    pub changes: Vec<String>,
}

/// Applies the safe fixes to `object` (the request's JSON text); `old` is
/// the object before an UPDATE. `None` when nothing is to change, or the
/// result cannot be read back as one object (then the request is judged
/// as sent).
pub fn mutate(
    object: &str,
    old: Option<&str>,
    settings: &Settings,
    lang: Lang,
) -> Option<Mutation> {
    let mut filter = Filter {
        safe_only: true,
        rules: mutating_rules().into_iter().map(str::to_owned).collect(),
        ..Filter::default()
    };
    if let Some(old) = old {
        let options = Options {
            alone: true,
            ..Options::default()
        };
        let before = lint_with(&[Input::new("request.oldObject", old)], settings, options);
        filter.except = before
            .findings
            .iter()
            .map(|f| (f.rule.to_owned(), f.path.clone()))
            .collect();
    }
    let fixed = fix_as(
        "request.object",
        object,
        Role::Manifest,
        &[],
        settings,
        &filter,
    );
    if fixed.applied.is_empty() || fixed.text == object {
        return None;
    }
    let parsed = parse(&fixed.text, &Limits::default());
    if !parsed.issues.is_empty() || parsed.documents.len() != 1 {
        return None;
    }
    let object = parsed.documents[0].root.as_ref()?.to_json();
    if !object.is_object() {
        return None;
    }
    let changes = fixed
        .applied
        .iter()
        .map(|a| {
            lang.pick(
                format!("kubeshape changed [{}]: {}", a.rule, a.title.get(lang)),
                format!("kubeshape 修改了 [{}]：{}", a.rule, a.title.get(lang)),
            )
        })
        .collect();
    Some(Mutation {
        text: fixed.text,
        object,
        changes,
    })
}
