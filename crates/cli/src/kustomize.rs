//! `kubeshape check --kustomize`: each Kustomize overlay built with the
//! Kustomize that `kubectl` bundles (or a `kustomize` on PATH), the objects
//! it gives checked, and every finding shown where it was written — in the
//! base file, the patch or the kustomization the object came from, which
//! Kustomize names in each object's `config.kubernetes.io/origin`
//! annotation when asked to (`buildMetadata: [originAnnotations]`, set on
//! a scratch kustomization that builds the overlay, never on the user's).
//!
//! The rules about what is written (syntax, fields, types, quantities)
//! judge the files themselves; the rules about what runs judge the built
//! objects. A build that fails is said once, and its files are checked
//! unit-wise as without `--kustomize`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kubeshape_core::diagnostic::{Category, Finding, Report, Role};
use kubeshape_core::model::kustomization::{is_kustomization, references};
use kubeshape_core::parse::{parse, Limits, Node, Span};

use crate::repo::{normalize, Source};

/// The program that builds overlays.
#[derive(Debug, Clone)]
pub struct Builder {
    program: PathBuf,
    /// `kustomize` for `kubectl kustomize DIR`, `build` for
    /// `kustomize build DIR`.
    verb: &'static str,
}

impl Builder {
    /// `kubectl` (which bundles Kustomize) or `kustomize`, if either is on
    /// PATH.
    pub fn find() -> Option<Builder> {
        let path = std::env::var_os("PATH")?;
        for (name, verb) in [("kubectl", "kustomize"), ("kustomize", "build")] {
            for dir in std::env::split_paths(&path) {
                let program = dir.join(name);
                if program.is_file() {
                    return Some(Builder { program, verb });
                }
            }
        }
        None
    }

    /// How it is run, for messages: `kubectl kustomize`.
    pub fn describe(&self) -> String {
        let name = self
            .program
            .file_name()
            .map_or_else(|| "kubectl".into(), |n| n.to_string_lossy());
        format!("{name} {}", self.verb)
    }

    /// The objects the overlay in `dir` builds to, each with its origin
    /// annotation; or Kustomize's error.
    pub fn build(&self, dir: &Path, scratch: &Path) -> Result<String, String> {
        let root = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::create_dir_all(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
        let scratch = std::fs::canonicalize(scratch).map_err(|e| e.to_string())?;
        let relative = relative_path(&scratch, &root);
        let kustomization = format!(
            "resources:\n- {}\nbuildMetadata: [originAnnotations]\n",
            quote(&relative.to_string_lossy())
        );
        std::fs::write(scratch.join("kustomization.yaml"), kustomization)
            .map_err(|e| e.to_string())?;
        let output = Command::new(&self.program)
            .arg(self.verb)
            .arg(&scratch)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.describe()))?;
        if !output.status.success() {
            let err = String::from_utf8_lossy(&output.stderr);
            // kubectl's log prefix (`E1207 04:07:30.629990 11699 run.go:72]`).
            let err = err.rsplit("] ").next().unwrap_or(&err).trim();
            return Err(err.to_owned());
        }
        String::from_utf8(output.stdout).map_err(|_| "its output is not UTF-8".to_owned())
    }
}

/// `"a b"` for a path with spaces; paths are YAML plain scalars otherwise.
fn quote(path: &str) -> String {
    format!("\"{}\"", path.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The path from folder `from` to `to` (both absolute), with `..`.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to[common..] {
        out.push(part);
    }
    out
}

/// The folders of the kustomizations among `sources` that no other one
/// builds on: the overlays to build. (A `Component` is only ever a part.)
pub fn overlays(sources: &[Source]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut used: Vec<PathBuf> = Vec::new();
    for source in sources.iter().filter(|s| s.role == Role::Kustomization) {
        let path = Path::new(&source.name);
        let dir = normalize(path.parent().unwrap_or(Path::new("")));
        let parsed = parse(&source.text, &Limits::default());
        let mut component = false;
        for doc in &parsed.documents {
            let Some(root) = &doc.root else { continue };
            component |= root.get("kind").is_some_and(|k| k.is_str("Component"));
            let refs = references(root);
            for rel in refs.resources.iter().chain(&refs.components) {
                used.push(normalize(&dir.join(rel)));
            }
        }
        if !component {
            dirs.push(dir);
        }
    }
    dirs.retain(|d| !used.contains(d));
    dirs.sort();
    dirs.dedup();
    dirs
}

/// One built overlay: its folder and the objects Kustomize gave.
#[derive(Debug)]
pub struct Built {
    pub dir: PathBuf,
    pub text: String,
}

impl Built {
    /// The name the report gives the built objects where a finding cannot
    /// be shown in a file.
    pub fn name(&self, builder: &Builder) -> String {
        format!("{} ({})", self.dir.display(), builder.describe())
    }
}

/// Where each built object came from: for each document of `built`, the
/// file (normalized, as `sources` name them) its origin annotation names,
/// relative to `scratch`'s folder.
fn origins(built: &str, scratch: &Path) -> Vec<Option<PathBuf>> {
    let parsed = parse(built, &Limits::default());
    let cwd = std::env::current_dir().unwrap_or_default();
    parsed
        .documents
        .iter()
        .map(|doc| {
            let note = doc
                .root
                .as_ref()?
                .path(&["metadata", "annotations", "config.kubernetes.io/origin"])?
                .as_str()?
                .to_owned();
            let line = note.lines().find_map(|l| {
                l.strip_prefix("path: ")
                    .or_else(|| l.strip_prefix("configuredIn: "))
            })?;
            let absolute = normalize(&scratch.join(line.trim()));
            Some(normalize(&relative_path(&cwd, &absolute)))
        })
        .collect()
}

/// The files the built overlays came from that are not among `sources`,
/// to add to them (read for the findings to be shown in them).
pub fn missing_origins(built: &[(Built, PathBuf)], sources: &[Source]) -> Vec<PathBuf> {
    let known: Vec<PathBuf> = sources
        .iter()
        .map(|s| normalize(Path::new(&s.name)))
        .collect();
    let mut out: Vec<PathBuf> = Vec::new();
    for (b, scratch) in built {
        for origin in origins(&b.text, scratch).into_iter().flatten() {
            if !known.contains(&origin) && !out.contains(&origin) {
                out.push(origin);
            }
        }
    }
    out
}

/// Moves the findings about built objects (in the report's files named by
/// `built_files`, each with its scratch folder) to where what they judge
/// was written, and drops what the two checks say twice: the rules about
/// what is written judge the files, the others the built objects.
pub fn relocate(report: &mut Report, texts: &[&str], built_files: &[(usize, PathBuf)]) {
    let index: HashMap<PathBuf, usize> = report
        .files
        .iter()
        .enumerate()
        .map(|(i, name)| (normalize(Path::new(name)), i))
        .collect();
    // The files each build came from, and the documents of each.
    let mut covered = vec![false; report.files.len()];
    let mut origin_of: HashMap<usize, Vec<Option<usize>>> = HashMap::new();
    for (file, scratch) in built_files {
        let list: Vec<Option<usize>> = origins(texts[*file], scratch)
            .into_iter()
            .map(|o| o.and_then(|p| index.get(&p).copied()))
            .collect();
        for i in list.iter().flatten() {
            covered[*i] = true;
        }
        origin_of.insert(*file, list);
    }
    for (i, role) in report.roles.iter().enumerate() {
        if matches!(role, Role::Patch | Role::Kustomization) {
            covered[i] = true;
        }
    }
    let patches: Vec<usize> = (0..report.files.len())
        .filter(|&i| report.role(i) == Role::Patch)
        .collect();
    let trees: HashMap<usize, kubeshape_core::parse::Parsed<'_>> = (0..report.files.len())
        .filter(|&i| covered[i] || origin_of.contains_key(&i))
        .map(|i| (i, parse(texts[i], &Limits::default())))
        .collect();
    let findings = std::mem::take(&mut report.findings);
    for mut finding in findings {
        let input = finding.category == Category::Input;
        match origin_of.get(&finding.file) {
            // About a built object: the rules about what is written have
            // judged the files themselves.
            Some(origins) => {
                if input {
                    continue;
                }
                let to = origins.get(finding.document).copied().flatten();
                if let Some(to) = to {
                    let candidates: Vec<usize> =
                        std::iter::once(to).chain(patches.iter().copied()).collect();
                    if let Some((file, document, span)) = place(&finding, &trees, &candidates) {
                        finding.file = file;
                        finding.document = document;
                        finding.span = span;
                        finding.fix = None;
                    }
                }
                report.findings.push(finding);
            }
            // About a file a build came from: its objects are judged as
            // built.
            None if covered.get(finding.file) == Some(&true) && !input => {}
            None => report.findings.push(finding),
        }
    }
    report.findings.sort_by(|a, b| {
        (a.file, a.span.start.line, a.span.start.column, a.rule).cmp(&(
            b.file,
            b.span.start.line,
            b.span.start.column,
            b.rule,
        ))
    });
    report.findings.dedup_by(|a, b| {
        a.rule == b.rule && a.file == b.file && a.span == b.span && a.message == b.message
    });
}

/// Where `finding` (about a built object) points in the files it may have
/// come from (`candidates`: its origin first, then the patches): the same
/// object (by kind and name, the name maybe given a prefix or a suffix)
/// and the same field, or the nearest field above it that is written.
fn place(
    finding: &Finding,
    trees: &HashMap<usize, kubeshape_core::parse::Parsed<'_>>,
    candidates: &[usize],
) -> Option<(usize, usize, Span)> {
    let built = trees.get(&finding.file)?;
    let built_root = built.documents.get(finding.document)?.root.as_ref()?;
    let kind = built_root.get("kind").and_then(Node::as_str);
    let name = built_root
        .path(&["metadata", "name"])
        .and_then(Node::as_str);
    let mut best: Option<(usize, usize, Span, usize)> = None;
    for (rank, &file) in candidates.iter().enumerate() {
        let Some(tree) = trees.get(&file) else {
            continue;
        };
        for (d, doc) in tree.documents.iter().enumerate() {
            let Some(root) = &doc.root else { continue };
            if root.get("kind").and_then(Node::as_str) != kind {
                continue;
            }
            let source_name = root.path(&["metadata", "name"]).and_then(Node::as_str);
            if !names_match(source_name, name) {
                continue;
            }
            let (span, depth, full) = follow(built_root, root, &finding.path, finding.span);
            // The origin wins unless only a patch writes the whole path.
            let score = depth * 2 + usize::from(full) * 1000 + usize::from(rank == 0);
            if best.as_ref().is_none_or(|b| score > b.3) {
                best = Some((file, d, span, score));
            }
        }
    }
    best.map(|(file, d, span, _)| (file, d, span))
}

/// Whether a source object's name is the built one's, maybe with a prefix
/// or a suffix (or a generator's hash) added.
fn names_match(source: Option<&str>, built: Option<&str>) -> bool {
    match (source, built) {
        (Some(s), Some(b)) => b == s || b.contains(s),
        (None, None) => true,
        _ => false,
    }
}

/// Follows `path` (`spec.template.spec.containers[0].image`) through the
/// built object and the source one together (list items matched by their
/// `name` where they have one: a patch may have removed some), and gives
/// the span in the source of what `span` is in the built one: the node,
/// or its key; how many steps the source has; whether it has them all.
fn follow(built: &Node, source: &Node, path: &str, span: Span) -> (Span, usize, bool) {
    let mut b = built;
    let mut s = source;
    let mut s_key: Option<Span> = None;
    let mut b_key: Option<Span> = None;
    let mut depth = 0;
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let Some((n, tail)) = after.split_once(']') else {
                break;
            };
            let Ok(i) = n.parse::<usize>() else { break };
            let Some(item) = b.as_seq().and_then(|items| items.get(i)) else {
                break;
            };
            let wanted = item.get("name").and_then(Node::as_str);
            let found = s.as_seq().and_then(|items| match wanted {
                Some(w) => items
                    .iter()
                    .find(|x| x.get("name").is_some_and(|v| v.is_str(w))),
                None => items.get(i),
            });
            let Some(found) = found else { break };
            b = item;
            s = found;
            b_key = None;
            s_key = None;
            rest = tail.strip_prefix('.').unwrap_or(tail);
        } else {
            // The longest key of the built mapping that starts the rest (a
            // key may hold dots: `app.kubernetes.io/name`).
            let Some(entry) = b.as_map().and_then(|entries| {
                entries
                    .iter()
                    .filter(|e| {
                        e.key.as_str().is_some_and(|k| {
                            rest == k
                                || rest
                                    .strip_prefix(k)
                                    .is_some_and(|t| t.starts_with(['.', '[']))
                        })
                    })
                    .max_by_key(|e| e.key.as_str().map_or(0, str::len))
            }) else {
                break;
            };
            let key = entry.key.as_str().unwrap_or_default();
            let Some(found) = s
                .as_map()
                .and_then(|m| m.iter().find(|e| e.key.is_str(key)))
            else {
                break;
            };
            b_key = Some(entry.key.span);
            s_key = Some(found.key.span);
            b = &entry.value;
            s = &found.value;
            rest = &rest[key.len()..];
            rest = rest.strip_prefix('.').unwrap_or(rest);
        }
        depth += 1;
    }
    let full = rest.is_empty();
    if full && b_key == Some(span) {
        if let Some(k) = s_key {
            return (k, depth, full);
        }
    }
    if full && b.span != span {
        // A key of this mapping (an item's first key, where findings about
        // a container point): the same key in the source, or its first.
        if let (Some(bm), Some(sm)) = (b.as_map(), s.as_map()) {
            if let Some(e) = bm.iter().find(|e| e.key.span == span) {
                let same = e
                    .key
                    .as_str()
                    .and_then(|k| sm.iter().find(|x| x.key.is_str(k)));
                if let Some(x) = same.or_else(|| sm.first()) {
                    return (x.key.span, depth, full);
                }
            }
        }
    }
    // The node itself, or (not all of the path written) the key of the
    // nearest field above that is.
    match (full, s_key) {
        (false, Some(k)) => (k, depth, full),
        _ => (s.span, depth, full),
    }
}

/// Whether a file name is a kustomization's.
pub fn is_kustomization_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_kustomization)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_then_descend() {
        assert_eq!(
            relative_path(Path::new("/tmp/ks/1"), Path::new("/work/repo/app")),
            PathBuf::from("../../../work/repo/app")
        );
        assert_eq!(
            relative_path(Path::new("/a/b"), Path::new("/a/b/c")),
            PathBuf::from("c")
        );
    }

    #[test]
    fn names_with_a_prefix_or_a_suffix_match() {
        assert!(names_match(Some("web"), Some("prod-web")));
        assert!(names_match(Some("web"), Some("web-v2")));
        assert!(!names_match(Some("api"), Some("prod-web")));
    }

    #[test]
    fn a_path_is_followed_into_the_source() {
        let built = "spec:\n  template:\n    spec:\n      containers:\n      - image: a:1\n        name: web\n        resources:\n          limits:\n            memory: 64M\n";
        let source = "spec:\n  template:\n    spec:\n      containers:\n      - name: sidecar\n        image: b\n      - name: web\n        image: a:1\n";
        let b = parse(built, &Limits::default());
        let s = parse(source, &Limits::default());
        let (broot, sroot) = (
            b.documents[0].root.as_ref().unwrap(),
            s.documents[0].root.as_ref().unwrap(),
        );
        // The container web: the second in the source.
        let item = &broot
            .path(&["spec", "template", "spec", "containers"])
            .unwrap()
            .as_seq()
            .unwrap()[0];
        // (Findings about a container point at its `name`.)
        let name_key = item.as_map().unwrap()[1].key.span;
        let (span, _, full) = follow(broot, sroot, "spec.template.spec.containers[0]", name_key);
        assert!(full);
        assert_eq!((span.start.line, span.start.column), (7, 9));
        // A field the source does not write: the nearest above it.
        let memory = item.path(&["resources", "limits", "memory"]).unwrap().span;
        let (span, _, full) = follow(
            broot,
            sroot,
            "spec.template.spec.containers[0].resources.limits.memory",
            memory,
        );
        assert!(!full);
        assert_eq!((span.start.line, span.start.column), (7, 9));
    }
}

/// What `--kustomize` did: the inputs that are built overlays (with their
/// scratch folders), and what to tell the reader.
#[derive(Debug, Default)]
pub struct Builds {
    /// Index of each built overlay among the sources, and its scratch
    /// folder (its origin annotations are relative to it).
    pub files: Vec<(usize, PathBuf)>,
    /// How they were built (`kubectl kustomize`), when a builder was found.
    pub builder: Option<String>,
    /// What went wrong, a line each (for stderr).
    pub problems: Vec<String>,
}

/// Builds every overlay among `sources` and adds what each gives to them
/// (and the files they came from that are not among them, to show
/// findings in).
pub fn build_all(sources: &mut Vec<Source>) -> Builds {
    let mut builds = Builds::default();
    let dirs = overlays(sources);
    if dirs.is_empty() {
        return builds;
    }
    let Some(builder) = Builder::find() else {
        builds.problems.push(
            "--kustomize needs `kubectl` (which bundles Kustomize) or `kustomize` on PATH; the overlays are checked file by file".to_owned(),
        );
        return builds;
    };
    builds.builder = Some(builder.describe());
    let mut built = Vec::new();
    for (n, dir) in dirs.iter().enumerate() {
        let scratch =
            std::env::temp_dir().join(format!("kubeshape-kustomize-{}-{n}", std::process::id()));
        let result = builder.build(dir, &scratch);
        let scratch_abs = std::fs::canonicalize(&scratch).unwrap_or(scratch.clone());
        let _ = std::fs::remove_dir_all(&scratch);
        match result {
            Ok(text) => built.push((
                Built {
                    dir: dir.clone(),
                    text,
                },
                scratch_abs,
            )),
            Err(e) => builds.problems.push(format!(
                "{} {} failed, so its files are checked file by file: {e}",
                builder.describe(),
                dir.display()
            )),
        }
    }
    for path in missing_origins(&built, sources) {
        if let Ok(text) = std::fs::read_to_string(&path) {
            sources.push(Source {
                name: path.to_string_lossy().into_owned(),
                text,
                role: Role::Origin,
            });
        }
    }
    for (b, scratch) in built {
        builds.files.push((sources.len(), scratch));
        sources.push(Source {
            name: b.name(&builder),
            text: b.text,
            role: Role::Manifest,
        });
    }
    builds
}

/// The line the human report ends with about the overlays: how many were
/// built, or how to build them.
pub fn summary(
    report: &Report,
    builds: &Builds,
    asked: bool,
    lang: kubeshape_core::Lang,
) -> String {
    let kustomizations = report.count_role(|r| r == Role::Kustomization);
    if kustomizations == 0 {
        return String::new();
    }
    let n = builds.files.len();
    match (&builds.builder, asked) {
        (Some(builder), _) => lang.pick(
            format!(
                "built {n} overlay{} with `{builder}`: findings about the objects they give are shown where each field is written\n",
                if n == 1 { "" } else { "s" }
            ),
            format!("用 `{builder}` 构建了 {n} 个 overlay：构建出的对象的问题显示在各字段写下的位置\n"),
        ),
        (None, false) => lang.pick(
            "`--kustomize` builds the overlays with `kubectl kustomize` and checks the objects they give\n".to_owned(),
            "`--kustomize` 会用 `kubectl kustomize` 构建 overlay，并检查构建出的对象\n".to_owned(),
        ),
        (None, true) => String::new(),
    }
}
