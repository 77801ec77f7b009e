//! Runs the enabled rules over an input and applies settings, suppression
//! annotations and a stable order.

use crate::model::{self, Object, SourceFile};
use crate::parse::{parse, Node};
use crate::report::{Finding, ObjectFact, Report};
use crate::rules::{self, Context, Sink};
use crate::settings::Settings;

/// The annotation that silences rules for an object or its pod template:
/// `kubeshape.io/ignore: "latest-tag,run-as-root"` (or `all`, or a
/// category). `kubeshape.io/ignore.<container>` limits it to one container.
pub const IGNORE_ANNOTATION: &str = "kubeshape.io/ignore";

/// One named text to check (a file, stdin, an editor buffer).
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Checks one text.
pub fn lint_str(name: &str, text: &str, settings: &Settings) -> Report {
    lint(&[Input { name, text }], settings)
}

/// Checks several texts as one input: objects in one file may refer to
/// objects in another.
pub fn lint(inputs: &[Input<'_>], settings: &Settings) -> Report {
    let mut issues = Vec::new();
    let files: Vec<SourceFile> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let parsed = parse(input.text, &settings.limits);
            issues.extend(parsed.issues.into_iter().map(|issue| (i, issue)));
            SourceFile {
                name: input.name.to_owned(),
                text: input.text,
                documents: parsed.documents,
            }
        })
        .collect();
    let objects = model::objects(&files);
    let index = model::index::Index::new(&objects);
    let cx = Context {
        files: &files,
        objects: &objects,
        parse_issues: &issues,
        settings,
        index: &index,
        schema: std::sync::OnceLock::new(),
        sources: std::sync::OnceLock::new(),
    };

    let mut findings = Vec::new();
    let mut object_of = Vec::new();
    for rule in rules::all()
        .iter()
        .filter(|r| settings.is_enabled(r.meta()))
    {
        let mut sink = Sink::new(rule.meta(), &mut findings, &mut object_of);
        rule.check(&cx, &mut sink);
    }
    for (finding, object) in findings.iter_mut().zip(&object_of) {
        if let Some(&severity) = settings.severity.get(finding.rule) {
            finding.severity = severity;
        }
        if let Some(object) = object.map(|i| &objects[i]) {
            finding.suppressed = is_suppressed(finding, object);
        }
    }
    sort_findings(&mut findings);
    findings.dedup_by(|a, b| {
        a.rule == b.rule && a.file == b.file && a.span == b.span && a.message == b.message
    });

    Report {
        files: files.iter().map(|f| f.name.clone()).collect(),
        documents: files.iter().map(|f| f.documents.len()).sum(),
        objects: objects.iter().map(fact).collect(),
        findings,
    }
}

/// Orders findings by file, position, rule and message (stable). Sorts
/// indices and moves each finding once: a `Finding` is a few hundred bytes,
/// and moving them through a merge sort cost more than comparing them.
fn sort_findings(findings: &mut Vec<Finding>) {
    let key = |f: &Finding| (f.file, f.span.start, f.rule);
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&findings[a], &findings[b]);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.message.en.cmp(&b.message.en))
    });
    let mut slots: Vec<Option<Finding>> = findings.drain(..).map(Some).collect();
    findings.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

fn fact(object: &Object<'_>) -> ObjectFact {
    ObjectFact {
        file: object.file,
        document: object.document,
        kind: object.kind.map(str::to_owned),
        name: object.name.map(str::to_owned),
        namespace: object.namespace.map(str::to_owned),
        line: object.node.span.start.line,
        qos: object.pod.as_ref().map(|p| p.qos()),
    }
}

fn annotation_lists<'a>(metadata: Option<&'a Node>, container: Option<&str>) -> Vec<&'a str> {
    let Some(annotations) = metadata.and_then(|m| m.get("annotations")) else {
        return Vec::new();
    };
    let mut lists = Vec::new();
    if let Some(v) = annotations.get(IGNORE_ANNOTATION).and_then(Node::as_str) {
        lists.push(v);
    }
    if let Some(name) = container {
        let key = format!("{IGNORE_ANNOTATION}.{name}");
        if let Some(v) = annotations.get(&key).and_then(Node::as_str) {
            lists.push(v);
        }
    }
    lists
}

fn is_suppressed(finding: &Finding, object: &Object<'_>) -> bool {
    let container = finding.container.as_deref();
    let mut lists = annotation_lists(object.metadata(), container);
    if let Some(pod) = &object.pod {
        if object.kind != Some("Pod") {
            lists.extend(annotation_lists(pod.metadata, container));
        }
    }
    lists
        .iter()
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .any(|s| s == "all" || s == finding.rule || s == finding.category.as_str())
}
