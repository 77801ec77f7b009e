//! Runs the enabled rules over an input and applies settings, suppression
//! annotations and a stable order.

use crate::diagnostic::{Finding, ObjectFact, Report, Role};
pub use crate::model::suppression::IGNORE_ANNOTATION;
use crate::model::{self, Object};
use crate::parse::{Reading, SourceFile};
use crate::rules::{self, Context, Sink};
use crate::settings::Settings;

/// One named text to check (a file, stdin, an editor buffer).
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// How it is to be read: a manifest by default.
    pub role: Role,
}

impl<'a> Input<'a> {
    /// A text to judge as manifests, whatever it holds.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Input {
            name,
            text,
            role: Role::Manifest,
        }
    }

    /// The same text, read as `role` says.
    pub fn with_role(self, role: Role) -> Self {
        Input { role, ..self }
    }
}

/// What a lint computes besides its findings.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Each finding's fix (its edits), in builds with the `fixes` feature.
    /// The playground lints without them as the reader types (findings
    /// show sooner) and computes them right after.
    pub fixes: bool,
    /// Whether the parsed trees are freed before [`lint_with`] returns. A
    /// process that exits once it has written the report (the CLI) leaves
    /// them to the operating system rather than freeing every node of a
    /// large input one by one (about 2% of its instructions, and a last
    /// pass over all of its memory). Everything else (the browser, the
    /// Kubewarden policy, anything that lints again) frees.
    pub free: bool,
    /// Whether the input is one object sent on its own (a Kubewarden
    /// admission request), so that the rules which judge objects against
    /// the others of the input ([`rules::Scope::Objects`]) are skipped:
    /// the others are not there to see. The same as excluding them by
    /// name in the settings, without comparing every rule with each of
    /// their ids.
    pub alone: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            fixes: true,
            free: true,
            alone: false,
        }
    }
}

/// Checks one text.
pub fn lint_str(name: &str, text: &str, settings: &Settings) -> Report {
    lint(&[Input::new(name, text)], settings)
}

/// Checks several texts as one input: objects in one file may refer to
/// objects in another.
pub fn lint(inputs: &[Input<'_>], settings: &Settings) -> Report {
    lint_with(inputs, settings, Options::default())
}

/// [`lint`], computing what `options` asks for. The findings are the same
/// whatever it asks, in the same order.
pub fn lint_with(inputs: &[Input<'_>], settings: &Settings, options: Options) -> Report {
    lint_in_groups(inputs, settings, options, GROUP)
}

/// [`lint_with`], handing over the findings as their files are done
/// rather than all at the end: `each` is called with the report (its files,
/// documents and objects; no findings) and the findings of the next few
/// files, in the report's order, to keep or drop. The report returned has
/// no findings. (Builds for small inputs, the element's, hand them over in
/// one batch at the end.)
///
/// A report written as the findings come (the CLI's JSON report and SARIF
/// log) holds the findings of a few dozen objects at a time, not all of
/// them: for a large folder, megabytes less memory, and each finding is
/// written while the memory it was made in is still in the cache.
pub fn lint_each(
    inputs: &[Input<'_>],
    settings: &Settings,
    options: Options,
    each: &mut dyn FnMut(&Report, Vec<Finding>),
) -> Report {
    lint_batches(inputs, settings, options, GROUP, &mut |report, batch| {
        each(report, batch)
    })
}

/// How many objects the per-object rules see at a time: about the trees
/// of a few dozen files, which stay in a core's cache between rules.
const GROUP: usize = 64;

/// [`lint_with`], the per-object rules running on `chunk` objects at a
/// time (the findings are the same for any `chunk`: a test holds that).
fn lint_in_groups(
    inputs: &[Input<'_>],
    settings: &Settings,
    options: Options,
    chunk: usize,
) -> Report {
    // Room for more findings than real manifests give (about five per
    // object in the corpus): growing a vector of 135,000 findings by
    // doubling copies it and holds both copies for a while (45 MB of peak
    // memory at 100×). Where large blocks are mapped lazily, room never
    // written costs no memory; elsewhere inputs are small.
    let mut findings = Vec::new();
    let mut report = lint_batches(
        inputs,
        settings,
        options,
        chunk,
        &mut |report, mut batch| {
            if !crate::LARGE_INPUTS {
                // One batch.
                findings = batch;
                return;
            }
            if findings.capacity() == 0 {
                findings.reserve(report.objects.len() * 8);
            }
            findings.append(&mut batch);
        },
    );
    report.findings = findings;
    report
}

/// [`lint_each`] with groups of `chunk` objects.
fn lint_batches(
    inputs: &[Input<'_>],
    settings: &Settings,
    options: Options,
    chunk: usize,
    each: &mut impl FnMut(&Report, Vec<Finding>),
) -> Report {
    let chunk = chunk.max(1);
    let mut issues = Vec::new();
    let mut roles: Vec<Role> = inputs.iter().map(|input| input.role).collect();
    // Each text as it is to be read (look-alike characters replaced; a
    // text over the size limit, or one known to be skipped, is not read at
    // all).
    let readings: Vec<Reading> = inputs
        .iter()
        .map(|input| {
            match input.text.len() > settings.limits.max_input_bytes
                || matches!(input.role, Role::Skipped(_))
            {
                true => Reading::default(),
                false => Reading::of(input.text),
            }
        })
        .collect();
    let mut parsed: Vec<SourceFile> = inputs
        .iter()
        .zip(&readings)
        .enumerate()
        .map(|(i, (input, reading))| {
            let text = match input.role {
                Role::Skipped(_) => "",
                _ => input.text,
            };
            let (file, found) = SourceFile::read(input.name, text, reading, &settings.limits);
            issues.extend(found.into_iter().map(|issue| (i, issue)));
            file
        })
        .collect();
    // What the files found in folders are: those that are not manifests
    // are skipped, like those known to be.
    for (i, file) in parsed.iter_mut().enumerate() {
        let kind = match roles[i] {
            Role::Skipped(kind) => Some(kind),
            Role::Found if cfg!(feature = "repositories") => model::shape::classify(file),
            _ => None,
        };
        if let Some(kind) = kind {
            roles[i] = Role::Skipped(kind);
            file.documents = Vec::new();
            file.templates = &[];
            file.lookalikes = &[];
        }
    }
    if roles
        .iter()
        .any(|r| matches!(r, Role::Skipped(_) | Role::Crds | Role::Origin))
    {
        issues.retain(|(i, _)| !matches!(roles[*i], Role::Skipped(_) | Role::Crds | Role::Origin));
    }
    let parsed = parsed;
    // Without `free`, the trees, objects and index are leaked (see
    // `Options::free`); otherwise they are dropped when this returns.
    let (owned_files, owned_objects, owned_index);
    let files: &[SourceFile] = if options.free {
        owned_files = parsed;
        &owned_files
    } else {
        parsed.leak()
    };
    let objects: &[Object] = if options.free {
        owned_objects = model::objects_with(files, &roles);
        &owned_objects
    } else {
        model::objects_with(files, &roles).leak()
    };
    let index = if options.free {
        owned_index = model::index::Index::new(objects);
        &owned_index
    } else {
        Box::leak(Box::new(model::index::Index::new(objects)))
    };
    let crds = match cfg!(feature = "crds") {
        true => model::crd::Crds::new(files),
        false => model::crd::Crds::default(),
    };
    let context = Context {
        files,
        objects,
        crds: &crds,
        parse_issues: &issues,
        settings: settings.for_rules(),
        index,
        schema: std::sync::OnceLock::new(),
        fixes: options.fixes,
        #[cfg(feature = "fixes")]
        ends: Default::default(),
    };
    let enabled: Vec<&dyn rules::Rule> = rules::all()
        .iter()
        .copied()
        .filter(|r| {
            !(options.alone && r.meta().scope == rules::Scope::Objects)
                && settings.is_enabled(r.meta())
        })
        .collect();
    let report = Report {
        files: files.iter().map(|f| f.name.to_owned()).collect(),
        documents: files.iter().map(|f| f.documents.len()).sum(),
        objects: objects.iter().map(fact).collect(),
        findings: Vec::new(),
        roles: roles.clone(),
    };

    // The rules that look across objects go first. Where inputs may be
    // large, their findings (a few, in any file) wait by file for their
    // files to be done; elsewhere everything is handed over at the end.
    let mut batch = Vec::new();
    for rule in enabled.iter().filter(|r| r.meta().whole_input) {
        let mut sink = Sink::new(rule.meta(), &mut batch, context.objects, 0);
        rule.check(&context, &mut sink);
    }
    let mut waiting: Vec<Vec<Finding>> = Vec::new();
    if crate::LARGE_INPUTS {
        waiting = files.iter().map(|_| Vec::new()).collect();
        for finding in batch.drain(..) {
            // (Every finding is in one of the files.)
            if let Some(file) = waiting.get_mut(finding.file) {
                file.push(finding);
            }
        }
    }
    let mut flushed = 0;
    // Rules that judge each object on its own run on a few objects at a
    // time: every rule reads the same trees while they are in the cache.
    // (Run one rule at a time over all objects, large inputs spend a third
    // of the lint waiting for memory.) A group ends with a file's last
    // object where findings are handed over as files are done, so the
    // files before the next group's are done after it.
    let mut start = 0;
    while start < objects.len() {
        let mut end = objects.len().min(start + chunk);
        while crate::LARGE_INPUTS
            && end < objects.len()
            && objects[end].file == objects[end - 1].file
        {
            end += 1;
        }
        let group = &objects[start..end];
        let group_index = model::index::Index::new(group);
        let cx = Context {
            objects: group,
            index: &group_index,
            schema: std::sync::OnceLock::new(),
            #[cfg(feature = "fixes")]
            ends: Default::default(),
            ..context
        };
        for rule in enabled.iter().filter(|r| !r.meta().whole_input) {
            let mut sink = Sink::new(rule.meta(), &mut batch, cx.objects, start);
            rule.check(&cx, &mut sink);
        }
        if crate::LARGE_INPUTS {
            let done = objects.get(end).map_or(files.len(), |o| o.file);
            for file in &mut waiting[flushed..done] {
                batch.append(file);
            }
            flushed = done;
            // Room for about as many findings as this group had: grown
            // from nothing, each batch would be copied a few times over.
            let room = Vec::with_capacity(batch.len() * 3 / 2);
            hand_over(
                &report,
                files,
                &roles,
                std::mem::replace(&mut batch, room),
                settings,
                each,
            );
        }
        start = end;
    }
    // Files after the last object's (or all, when there is none).
    if crate::LARGE_INPUTS {
        for file in &mut waiting[flushed..] {
            batch.append(file);
        }
    }
    hand_over(&report, files, &roles, batch, settings, each);
    report
}

/// Orders the findings of a run of whole files and hands them to `each`
/// with `report` (with the severities that settings give their rules).
fn hand_over(
    report: &Report,
    files: &[SourceFile],
    roles: &[Role],
    mut findings: Vec<Finding>,
    settings: &Settings,
    each: &mut impl FnMut(&Report, Vec<Finding>),
) {
    if crate::LARGE_INPUTS && findings.is_empty() {
        return;
    }
    // A patch or a kustomization is judged by the rules that judge what
    // is written (see `judges_the_file`).
    if roles
        .iter()
        .any(|r| *r != Role::Manifest && *r != Role::Found)
    {
        findings.retain(|f| judges_the_file(roles.get(f.file).copied().unwrap_or_default(), f));
    }
    // What a template's placeholders stand for is not written yet: no
    // rule judges it (`unrendered-template` says so once).
    if files.iter().any(|f| !f.templates.is_empty()) {
        findings.retain(|f| !judges_a_template(files, f));
    }
    // (Whether an annotation silences a finding was settled as it was
    // made: see `Sink::about`.)
    for finding in &mut findings {
        if let Some(&severity) = settings.severity.get(finding.rule) {
            finding.severity = severity;
        }
    }
    sort_findings(&mut findings);
    findings.dedup_by(|a, b| {
        a.rule == b.rule && a.file == b.file && a.span == b.span && a.message == b.message
    });
    each(report, findings);
}

/// Whether `finding` is one to keep in a file of `role`: in a patch (a
/// part of an object by design) the input rules', but for the object's
/// `kind`; in a kustomization (Kustomize's file, not an object) those about
/// its text and its fields. Nothing in a file read
/// only for its CustomResourceDefinitions.
fn judges_the_file(role: Role, finding: &Finding) -> bool {
    let input = finding.category == crate::diagnostic::Category::Input;
    match role {
        Role::Manifest | Role::Found => true,
        // (The schema walk requires nothing of a strategic-merge patch; a
        // JSON patch's operations have their required fields.)
        Role::Patch => input && finding.rule != "missing-kind-or-apiversion",
        Role::Kustomization => {
            input
                && !matches!(
                    finding.rule,
                    "missing-kind-or-apiversion" | "unknown-kind" | "deprecated-api-version"
                )
        }
        Role::Crds | Role::Origin | Role::Skipped(_) => false,
    }
}

/// Whether `finding` judges what a template's placeholders stand for: any
/// finding in a document where a `{{ … }}` stands where YAML reads it (it
/// is not YAML yet), and in other templated documents the input rules'
/// findings about the document as a whole and any finding on a line with a
/// placeholder (a placeholder stands for some valid value; a misspelt field
/// elsewhere is still one).
fn judges_a_template(files: &[SourceFile], finding: &Finding) -> bool {
    if matches!(finding.rule, "unrendered-template" | "lookalike-characters") {
        return false;
    }
    let line = finding.span.start.line;
    let Some(doc) = files
        .get(finding.file)
        .and_then(|f| f.templates.iter().find(|d| d.holds(line)))
    else {
        return false;
    };
    let raw_go = doc
        .placeholders
        .iter()
        .any(|p| p.raw && p.kind == crate::text::template::Kind::Go);
    raw_go
        || doc.on_line(line)
        || matches!(
            finding.rule,
            "missing-required-field" | "missing-kind-or-apiversion" | "yaml-syntax"
        )
}

/// Orders findings by file, position and rule, keeping the order of equal
/// ones (a rule's findings at one place come in the order it made them:
/// the same whichever language their messages are in). Sorts a compact
/// key (file, line and column) and moves each finding once; the few
/// findings at one position (a container's `name:` collects several) are
/// then ordered by rule.
fn sort_findings(findings: &mut [Finding]) {
    // File, line, column and input position in one number (32 bits each):
    // distinct, so any sort of them is stable.
    let mut keys: Vec<u128> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            (f.file as u128) << 96
                | u128::from(f.span.start.line) << 64
                | u128::from(f.span.start.column) << 32
                | i as u128
        })
        .collect();
    merge_sort(&mut keys);
    let at = |k: u128| (k & u128::from(u32::MAX)) as usize;
    let mut order: Vec<usize> = keys.iter().map(|&k| at(k)).collect();
    let mut start = 0;
    while start < keys.len() {
        let end = start
            + keys[start..]
                .iter()
                .take_while(|&&k| k >> 32 == keys[start] >> 32)
                .count();
        // Insertion sort: stable, and these runs are a handful long.
        for i in start + 1..end {
            let mut j = i;
            while j > start && {
                let (a, b) = (&findings[order[j - 1]], &findings[order[j]]);
                a.rule > b.rule
            } {
                order.swap(j - 1, j);
                j -= 1;
            }
        }
        start = end;
    }
    permute(findings, &order);
}

/// Puts `items[order[k]]` at `k`, in place: one cycle of swaps at a time
/// (a second vector of findings would double the memory they take).
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Bottom-up merge sort of distinct numbers: a few dozen bytes of
/// WebAssembly, where each standard-library sort it would instantiate
/// weighs kilobytes (the `<kubeshape-lint>` build has a size budget).
fn merge_sort(items: &mut Vec<u128>) {
    let n = items.len();
    let mut from = std::mem::take(items);
    let mut to = vec![0u128; n];
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in &mut to[lo..hi] {
                if j >= hi || (i < mid && from[i] <= from[j]) {
                    *slot = from[i];
                    i += 1;
                } else {
                    *slot = from[j];
                    j += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    *items = from;
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

#[cfg(test)]
mod group_tests {
    use super::{lint_in_groups, Input, Options, GROUP};
    use crate::{Lang, Settings};

    /// The per-object rules see a few objects at a time; a rule that
    /// needs more must say `whole_input`. Every group size gives the report
    /// one group of everything gives: over the fixtures, the seeds and the
    /// corpus, as one input and twice over (the copies the benchmarks use:
    /// the same names again, in other groups).
    #[test]
    fn findings_do_not_depend_on_the_group_size() {
        let texts = crate::test_files(&[
            "tests/fixtures",
            "tests/fixes",
            "../../examples/seeds",
            "../../tests/corpus/kubernetes-examples",
        ]);
        assert!(texts.len() > 300, "{} files", texts.len());
        let settings = Settings {
            include: vec!["all".into()],
            ..Settings::default()
        };
        let once: Vec<Input<'_>> = texts
            .iter()
            .map(|(name, text)| Input::new(name, text))
            .collect();
        let twice: Vec<Input<'_>> = once.iter().chain(&once).copied().collect();
        for inputs in [&once, &twice] {
            let report = |chunk| {
                lint_in_groups(inputs, &settings, Options::default(), chunk).to_json_string(
                    Lang::En,
                    None,
                    false,
                )
            };
            let whole = report(usize::MAX);
            assert!(whole.len() > 100_000);
            for chunk in [1, 7, GROUP] {
                assert!(report(chunk) == whole, "groups of {chunk} objects");
            }
        }
    }
}

#[cfg(test)]
mod sort_tests {
    use super::{merge_sort, permute};

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        for n in 0..40usize {
            for step in [1, 3, 7, 11, 13] {
                // A permutation of 0..n when `step` is coprime with `n`;
                // otherwise skipped.
                let order: Vec<usize> = (0..n).map(|k| (k * step + 5) % n.max(1)).collect();
                let mut seen = order.clone();
                seen.sort_unstable();
                if seen != (0..n).collect::<Vec<_>>() {
                    continue;
                }
                let mut items: Vec<String> = (0..n).map(|i| format!("item {i}")).collect();
                let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
                permute(&mut items, &order);
                assert_eq!(items, expected, "{n} {step}");
            }
        }
    }

    #[test]
    fn merge_sort_sorts() {
        for n in 0..70u128 {
            // A scrambled permutation of 0..n (37 is coprime with 70).
            let mut items: Vec<u128> = (0..n)
                .map(|i| ((i * 37 + 11) % n.max(1)) << 40 | i)
                .collect();
            let mut expected = items.clone();
            expected.sort_unstable();
            merge_sort(&mut items);
            assert_eq!(items, expected, "{n}");
        }
    }
}
