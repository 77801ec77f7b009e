//! `kubeshape fix`: apply the rules' fixes, lint again, repeat.
//!
//! The edits themselves are made by the rules through [`crate::edit`];
//! this is the loop that applies them: every fix a [`Filter`] accepts,
//! clashing ones left for the next round, until nothing is left to apply.

pub use crate::diagnostic::{Edit, Fix};
use crate::edit::sort_short;
pub use crate::edit::{apply, Source, Value};

/// Which fixes to apply.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only fixes that need no decision.
    pub safe_only: bool,
    /// Only these rules (all when empty).
    pub rules: Vec<String>,
    /// Not the findings of these rules at these paths (rule id, the
    /// finding's `path`): what was already there before an update, which
    /// the Kubewarden policy leaves as the user sent it.
    pub except: Vec<(String, String)>,
}

impl Filter {
    fn accepts(&self, finding: &crate::Finding, fix: &Fix) -> bool {
        let rule = finding.rule;
        (fix.safe || !self.safe_only)
            && (self.rules.is_empty() || self.rules.iter().any(|r| r == rule))
            && !self
                .except
                .iter()
                .any(|(r, path)| r == rule && *path == finding.path)
    }
}

/// One applied fix.
#[derive(Debug, Clone)]
pub struct Applied {
    pub rule: &'static str,
    pub title: crate::diagnostic::Text,
    pub safe: bool,
    pub line: u32,
}

/// The result of [`fix_str`].
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    pub applied: Vec<Applied>,
    /// Findings with a fix the filter left out, after the last round.
    pub remaining: usize,
}

/// The edit that silences `finding`'s rule for its object in `text`:
/// the rule's id added to the object's `kubeshape.io/ignore` annotation
/// (created when missing). `None` for a finding about no object, or an
/// object whose `metadata` or annotations are not mappings.
pub fn ignore_fix(text: &str, finding: &crate::Finding) -> Option<Fix> {
    finding.object?;
    let parsed = crate::parse::parse(text, &crate::parse::Limits::default());
    let root = parsed.documents.get(finding.document)?.root.as_ref()?;
    // An item of a `List`: the finding's path starts with it.
    let object = match finding.path.strip_prefix("items[") {
        Some(rest) => {
            let i: usize = rest.split(']').next()?.parse().ok()?;
            root.items("items").get(i)?
        }
        None => root,
    };
    let source = crate::edit::Source::new(text);
    let key = crate::IGNORE_ANNOTATION;
    let current = object
        .path(&["metadata", "annotations", key])
        .and_then(crate::parse::Node::as_str);
    let rules = match current {
        Some(list) if list.split(',').any(|r| r.trim() == finding.rule) => return None,
        Some(list) if !list.trim().is_empty() => format!("{},{}", list.trim(), finding.rule),
        _ => finding.rule.to_owned(),
    };
    let edit = source.set(
        object,
        &["metadata", "annotations", key],
        crate::edit::Value::inline(format!("\"{rules}\"")),
    )?;
    Some(Fix {
        safe: false,
        edits: vec![edit],
    })
}

/// Applies every fix the filter accepts, then lints again and repeats (at
/// most ten rounds): two fixes that touch the same place (both adding a
/// `securityContext`) cannot be applied together, and the second one's
/// edits are only right once the first has landed. Stops when a round has
/// nothing to apply; applying the result again changes nothing.
pub fn fix_str(name: &str, text: &str, settings: &crate::Settings, filter: &Filter) -> Fixed {
    let role = crate::diagnostic::Role::Manifest;
    fix_as(name, text, role, &[], settings, filter)
}

/// [`fix_str`] for a text read as `role` says (a file found in a folder
/// that is not a manifest has nothing to fix), linted with `others` (the
/// files of CustomResourceDefinitions it is checked against; their own
/// findings are not fixed).
pub fn fix_as(
    name: &str,
    text: &str,
    role: crate::diagnostic::Role,
    others: &[crate::Input<'_>],
    settings: &crate::Settings,
    filter: &Filter,
) -> Fixed {
    let mut current = text.to_owned();
    let mut applied = Vec::new();
    let mut remaining = 0;
    for _ in 0..10 {
        let mut inputs = vec![crate::Input::new(name, &current).with_role(role)];
        inputs.extend_from_slice(others);
        let mut report = crate::lint(&inputs, settings);
        report.findings.retain(|f| f.file == 0);
        let mut candidates: Vec<(&crate::Finding, &Fix)> = report
            .findings
            .iter()
            .filter(|f| !f.suppressed)
            .filter_map(|f| f.fix.as_ref().map(|x| (f, x)))
            .collect();
        remaining = candidates
            .iter()
            .filter(|(f, x)| !filter.accepts(f, x))
            .count();
        candidates.retain(|(f, x)| filter.accepts(f, x));
        sort_short(&mut candidates, |(_, x)| {
            (x.edits.first().map_or(0, |e| e.start), 0)
        });
        let mut taken: Vec<&Edit> = Vec::new();
        for (finding, fix) in candidates {
            // Overlapping ranges, or two edits at one place (whose order
            // would be a guess), wait for the next round; an insertion where
            // a replacement ends is fine.
            let clashes = fix.edits.iter().any(|e| {
                taken
                    .iter()
                    .any(|t| e.start == t.start || (e.start < t.end && t.start < e.end))
            });
            if clashes {
                continue;
            }
            taken.extend(fix.edits.iter());
            applied.push(Applied {
                rule: finding.rule,
                title: finding.help.clone(),
                safe: fix.safe,
                line: finding.span.start.line,
            });
        }
        if taken.is_empty() {
            break;
        }
        sort_short(&mut taken, |e| (e.start, e.end));
        let edits: Vec<Edit> = taken.into_iter().cloned().collect();
        current = apply(&current, &edits);
    }
    Fixed {
        text: current,
        applied,
        remaining,
    }
}
