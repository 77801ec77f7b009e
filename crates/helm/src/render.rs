//! Renders a chart as `helm template` does: dependencies enabled by their
//! conditions and tags, values coalesced, every template of every chart
//! parsed into one set (so `define`s are shared, the parent's winning),
//! then each template that is not a partial run with its chart's data.

use std::rc::Rc;

use crate::chart::{self, Chart, ChartFile};
use crate::funcs;
use crate::template::ast::Node;
use crate::template::exec::{Exec, File, Limits, Output, Set};
use crate::template::parse::parse;
use crate::value::{Map, Object, Value};
use crate::values;

/// How to render: what `helm template` takes on its command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub release_name: String,
    pub namespace: String,
    /// `-f` files, in order: (name, text).
    pub values_files: Vec<(String, String)>,
    /// `--set` arguments, in order.
    pub set: Vec<String>,
    /// `--set-string` arguments, in order.
    pub set_string: Vec<String>,
    /// `.Capabilities.KubeVersion` (`v1.35.0`).
    pub kube_version: String,
    /// `.Capabilities.APIVersions` (`apps/v1`, `apps/v1/Deployment`, …).
    pub api_versions: Vec<String>,
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            release_name: "release-name".into(),
            namespace: "default".into(),
            values_files: Vec::new(),
            set: Vec::new(),
            set_string: Vec::new(),
            kube_version: DEFAULT_KUBE_VERSION.into(),
            api_versions: DEFAULT_API_VERSIONS.iter().map(|s| s.to_string()).collect(),
            limits: Limits::default(),
        }
    }
}

/// Helm v4.2.3's default `.Capabilities.KubeVersion` for `helm template`.
pub const DEFAULT_KUBE_VERSION: &str = "v1.36.0";

/// The API versions Helm v4.2.3's default capabilities list, in its order
/// (what `.Capabilities.APIVersions` holds without a cluster).
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// One rendered template.
#[derive(Debug)]
pub struct Rendered {
    /// Its index in [`Render::set`]'s files.
    pub file: u32,
    /// Helm's name (`mychart/templates/deployment.yaml`).
    pub name: String,
    /// Its path from the root chart's folder (`templates/deployment.yaml`,
    /// `charts/redis/templates/master.yaml`).
    pub path: String,
    pub output: Output,
    /// `NOTES.txt`: rendered, never a manifest.
    pub notes: bool,
    /// Under `templates/tests/`: Helm test hooks.
    pub test: bool,
}

/// A template that failed to parse or run, or a chart file that failed to
/// load: where (path from the root chart's folder, 1-based line and
/// column) and Helm's wording.
#[derive(Debug, Clone)]
pub struct RenderError {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The limit that stopped the render, if one did.
    pub limit: Option<&'static str>,
}

/// A chart's render.
pub struct Render {
    pub chart_name: String,
    pub set: Set,
    /// Each template file's path from the root chart's folder.
    pub paths: Vec<String>,
    pub rendered: Vec<Rendered>,
    pub errors: Vec<RenderError>,
    /// The coalesced values of each chart (index as in `Seg::value`'s
    /// chart): where a printed value came from.
    pub charts: Vec<ChartValues>,
    /// The `crds/` files of the chart and its enabled subcharts, parent
    /// first: (Helm's name, `mychart/crds/a.yaml`; text).
    pub crds: Vec<(String, Rc<str>)>,
}

/// A chart of the render, for tracing values back to their files.
pub struct ChartValues {
    /// Its values path from the root's (`[]`, `["redis"]`).
    pub scope: Vec<String>,
    /// Its folder from the root chart's (`""`, `charts/redis/`).
    pub prefix: String,
}

/// Renders the chart whose files are `files` (paths relative to its
/// folder).
pub fn render(files: &[ChartFile], opts: &Options) -> Render {
    let mut root = chart::load(files, "");
    let mut errors: Vec<RenderError> = Vec::new();
    collect_problems(&root, &mut errors);
    // The user's values: -f files in order, then --set, then --set-string.
    let mut user = Map::new();
    for (name, text) in &opts.values_files {
        let mut problems = Vec::new();
        let m = chart::read_map(name, text, &mut problems);
        for (path, message) in problems {
            errors.push(RenderError {
                path,
                line: 1,
                column: 1,
                message,
                limit: None,
            });
        }
        values::merge_maps(&mut user, &m);
    }
    for (args, strings) in [(&opts.set, false), (&opts.set_string, true)] {
        for arg in args {
            if let Err(message) = values::apply_set(&mut user, arg, strings) {
                errors.push(RenderError {
                    path: "--set".into(),
                    line: 1,
                    column: 1,
                    message: format!("failed parsing --set data: {message}"),
                    limit: None,
                });
            }
        }
    }
    enable_dependencies(&mut root, &user, &mut errors);
    // A dependency missing from charts/: Helm renders nothing (`helm
    // dependency build` fetches it; kubeshape downloads nothing). Each is
    // reported at its line of Chart.yaml.
    let mut refuse = false;
    for e in errors.iter_mut() {
        if let Some(name) = e
            .message
            .strip_prefix("found in Chart.yaml, but missing in charts/ directory: ")
        {
            refuse = true;
            if let Some(f) = files.iter().find(|f| f.path == e.path) {
                let needle = format!("name: {name}");
                if let Some(line) = f
                    .text
                    .lines()
                    .position(|l| l.trim_start().trim_start_matches("- ").trim() == needle)
                {
                    e.line = line as u32 + 1;
                    e.column = f
                        .text
                        .lines()
                        .nth(line)
                        .map_or(1, |l| l.find("name:").map_or(1, |c| c as u32 + 1));
                }
            }
        }
    }
    // A library chart on its own gives nothing to render (its partials
    // are for the charts that depend on it).
    refuse |= root.is_library();
    values::import_values(&mut root, &user);
    let vals = values::coalesce(&root, user);
    // values.schema.json: values that do not fit refuse the chart, as Helm.
    if !refuse {
        let mut problems = Vec::new();
        schema_problems(&root, &vals, files, &mut problems);
        refuse |= !problems.is_empty();
        errors.extend(problems);
    }

    let top = top_level(opts, &root);
    let mut set = Set::default();
    let mut paths = Vec::new();
    let mut datas: Vec<Map> = Vec::new();
    let mut charts = Vec::new();
    let mut crds = Vec::new();
    collect_crds(&root, &root.name, &mut crds);
    let bad_type = !matches!(
        root.meta_str("type").as_str(),
        "" | "application" | "library"
    );
    if bad_type {
        errors.push(RenderError {
            path: "Chart.yaml".into(),
            line: 1,
            column: 1,
            message: "validation: chart.metadata.type must be application or library".into(),
            limit: None,
        });
    }
    collect(
        &root,
        &root.name.clone(),
        &vals,
        &top,
        &mut Vec::new(),
        &mut set,
        &mut paths,
        &mut datas,
        &mut charts,
    );

    // Parse in Helm's order: deepest paths first, then reverse by name;
    // a later `define` wins (the parent chart's over a subchart's).
    let mut order: Vec<usize> = (0..set.files.len()).collect();
    order.sort_by(|&a, &b| {
        let (na, nb) = (&set.files[a].name, &set.files[b].name);
        let (ca, cb) = (na.matches('/').count(), nb.matches('/').count());
        cb.cmp(&ca).then_with(|| nb.cmp(na))
    });
    let mut parsed: Vec<Option<Rc<Vec<Node>>>> = vec![None; set.files.len()];
    for &i in &order {
        let src = set.files[i].src.clone();
        match parse(&src, &funcs::known) {
            Ok(p) => {
                for (name, nodes) in p.defines {
                    if nodes.is_empty() && set.defines.contains_key(&name) {
                        continue;
                    }
                    set.defines.insert(name, (i as u32, Rc::new(nodes)));
                }
                parsed[i] = Some(Rc::new(p.nodes));
            }
            Err(e) => {
                let (line, column) = line_col(&src, e.pos as usize);
                errors.push(RenderError {
                    path: paths[i].clone(),
                    line,
                    column,
                    message: format!(
                        "parse error at ({}:{line}): {}",
                        set.files[i].name, e.message
                    ),
                    limit: None,
                });
            }
        }
    }
    // Templates are also callable by their file names.
    for (i, nodes) in parsed.iter().enumerate() {
        if let Some(nodes) = nodes {
            let name: Rc<str> = set.files[i].name.as_str().into();
            set.defines.entry(name).or_insert((i as u32, nodes.clone()));
        }
    }

    let mut rendered = Vec::new();
    let mut by_name: Vec<usize> = (0..set.files.len()).collect();
    if refuse || bad_type {
        by_name.clear();
    }
    by_name.sort_by(|&a, &b| set.files[a].name.cmp(&set.files[b].name));
    for i in by_name {
        let Some(nodes) = &parsed[i] else { continue };
        let name = set.files[i].name.clone();
        let base = name.rsplit('/').next().unwrap_or(&name);
        if base.starts_with('_') {
            continue;
        }
        let mut data = datas[i].clone();
        let base_path = name
            .rsplit_once("/templates/")
            .map_or(String::new(), |(c, _)| format!("{c}/templates"));
        data.insert(
            "Template".into(),
            Value::map(Map::from([
                ("Name".into(), Value::str(&name)),
                ("BasePath".into(), Value::string(base_path)),
            ])),
        );
        let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        let exec = Exec::new(&set, i as u32, opts.limits, seed);
        match exec.run(nodes, &Value::map(data)) {
            Ok(output) => rendered.push(Rendered {
                file: i as u32,
                name: name.clone(),
                path: paths[i].clone(),
                output,
                notes: name.ends_with("NOTES.txt"),
                test: paths[i].contains("templates/tests/"),
            }),
            Err(e) => {
                let file = e.file as usize;
                let (line, column) = line_col(&set.files[file].src, e.pos as usize);
                // Helm's words give Go's column (bytes from 0).
                let message = helm_message(
                    &set.files[i].name,
                    &set.files[file].name,
                    line,
                    go_column(&set.files[file].src, e.pos as usize),
                    e.at.as_deref(),
                    &e.message,
                );
                errors.push(RenderError {
                    path: paths[file].clone(),
                    line,
                    column,
                    message,
                    limit: e.limit,
                });
            }
        }
    }
    Render {
        chart_name: root.name.clone(),
        set,
        paths,
        rendered,
        errors,
        charts,
        crds,
    }
}

/// Each chart's values against its `values.schema.json`, one error per
/// problem at the values line it is about.
fn schema_problems(chart: &Chart, vals: &Map, files: &[ChartFile], out: &mut Vec<RenderError>) {
    if let Some(schema) = &chart.schema {
        let values_path = format!("{}values.yaml", chart.prefix);
        let positions = files
            .iter()
            .find(|f| f.path == values_path)
            .map(|f| crate::chart::value_positions(&f.text))
            .unwrap_or_default();
        for p in crate::schema::validate(schema, &Value::map(vals.clone())) {
            // The line of the value, or of the nearest key above it.
            let (line, column) = (0..=p.path.len())
                .rev()
                .find_map(|n| {
                    positions
                        .iter()
                        .find(|(k, _, _)| k.as_slice() == &p.path[..n])
                        .map(|(_, l, c)| (*l, *c))
                })
                .unwrap_or((1, 1));
            out.push(RenderError {
                path: values_path.clone(),
                line,
                column,
                message: format!(
                    "values don't meet the specifications of the schema(s) in the following chart(s):\n{}:\n{}",
                    chart.name,
                    crate::schema::helm_line(&p)
                ),
                limit: None,
            });
        }
    }
    for sub in &chart.subcharts {
        let scoped = match vals.get(&sub.name) {
            Some(Value::Map(m)) => m.borrow().clone(),
            _ => Map::new(),
        };
        schema_problems(sub, &scoped, files, out);
    }
}

fn collect_crds(chart: &Chart, name: &str, out: &mut Vec<(String, Rc<str>)>) {
    for f in chart.files.iter().filter(|f| f.path.starts_with("crds/")) {
        out.push((format!("{name}/{}", f.path), f.text.clone()));
    }
    for sub in &chart.subcharts {
        collect_crds(sub, &format!("{name}/charts/{}", sub.name), out);
    }
}

/// Helm v4's wording of an execution error: `required` and `fail` as
/// "execution error at (file:line:col): message", the others as
/// "file:line:col\n  executing \"name\" at <operand>:\n    message".
fn helm_message(
    executing: &str,
    at_file: &str,
    line: u32,
    column: u32,
    at: Option<&str>,
    message: &str,
) -> String {
    let go_error = message.contains("nil pointer")
        || message.starts_with("wrong")
        || message.starts_with("invalid")
        || message.starts_with("error calling")
        || message.starts_with("can't")
        || message.starts_with("range")
        || message.starts_with("template:")
        || message.starts_with("undefined")
        || message.starts_with("incompatible")
        || message.starts_with("the ")
        || message.starts_with("rendering");
    if !go_error {
        // `required` and `fail`.
        return format!("execution error at ({at_file}:{line}:{column}): {message}");
    }
    let at = at.map(|a| format!(" at <{a}>")).unwrap_or_default();
    format!("{at_file}:{line}:{column}\n  executing {executing:?}{at}:\n    {message}")
}

fn collect_problems(chart: &Chart, errors: &mut Vec<RenderError>) {
    for (path, message) in &chart.problems {
        errors.push(RenderError {
            path: path.clone(),
            line: 1,
            column: 1,
            message: message.clone(),
            limit: None,
        });
    }
    for sub in &chart.subcharts {
        collect_problems(sub, errors);
    }
}

/// Go's column of byte `pos` in `src`: bytes from the line's start.
fn go_column(src: &str, pos: usize) -> u32 {
    let pos = pos.min(src.len());
    (pos - src[..pos].rfind('\n').map_or(0, |i| i + 1)) as u32
}

/// The 1-based line and column (in characters) of byte `pos` of `src`,
/// lines broken as the YAML reader breaks them (`\n`, `\r\n`, a lone `\r`).
pub fn line_col(src: &str, pos: usize) -> (u32, u32) {
    let mut pos = pos.min(src.len());
    while !src.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &src.as_bytes()[..pos];
    let mut line = 1;
    let mut start = 0;
    for (i, &b) in before.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && src.as_bytes().get(i + 1) != Some(&b'\n')) {
            line += 1;
            start = i + 1;
        }
    }
    (line, src[start..pos].chars().count() as u32 + 1)
}

/// Renames aliased subcharts and drops those whose `condition` or `tags`
/// turn them off (Helm's `ProcessDependencies`).
fn enable_dependencies(chart: &mut Chart, user: &Map, errors: &mut Vec<RenderError>) {
    let deps = chart.dependencies();
    let cvals = values::coalesce(chart, user.clone());
    let mut keep = Vec::new();
    let subs = std::mem::take(&mut chart.subcharts);
    let mut used = vec![false; subs.len()];
    for dep in &deps {
        let name = dep.get("name").map(Value::to_go_string).unwrap_or_default();
        let Some(i) = subs
            .iter()
            .enumerate()
            .position(|(i, s)| !used[i] && s.meta_str("name") == name)
        else {
            errors.push(RenderError {
                path: format!("{}Chart.yaml", chart.prefix),
                line: 1,
                column: 1,
                message: format!("found in Chart.yaml, but missing in charts/ directory: {name}"),
                limit: None,
            });
            continue;
        };
        used[i] = true;
        let alias = dep.get("alias").and_then(Value::as_str).map(str::to_string);
        let enabled = dependency_enabled(dep, &cvals, alias.as_deref().unwrap_or(&name));
        keep.push((i, alias, enabled));
    }
    let mut subs: Vec<Option<Chart>> = subs.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for (i, alias, enabled) in keep {
        if let Some(mut sub) = subs[i].take() {
            if !enabled {
                continue;
            }
            if let Some(a) = alias {
                sub.name = a;
            }
            out.push(sub);
        }
    }
    // Subcharts in charts/ that Chart.yaml does not list are always on.
    out.extend(subs.into_iter().flatten());
    for sub in &mut out {
        let scoped = match cvals.get(&sub.name) {
            Some(Value::Map(m)) => m.borrow().clone(),
            _ => Map::new(),
        };
        enable_dependencies(sub, &scoped, errors);
    }
    chart.subcharts = out;
}

fn dependency_enabled(dep: &Map, cvals: &Map, _name: &str) -> bool {
    let lookup = |path: &str| -> Option<Value> {
        let mut cur = Value::map(cvals.clone());
        for part in path.split('.') {
            cur = cur.get(part)?;
        }
        Some(cur)
    };
    if let Some(Value::Str(cond)) = dep.get("condition") {
        for c in cond.split(',') {
            if let Some(Value::Bool(b)) = lookup(c.trim()) {
                return b;
            }
        }
    }
    if let Some(Value::List(tags)) = dep.get("tags") {
        let mut any = None;
        for t in tags.iter() {
            if let Some(Value::Bool(b)) = lookup(&format!("tags.{}", t.to_go_string())) {
                any = Some(any.unwrap_or(false) || b);
            }
        }
        if let Some(b) = any {
            return b;
        }
    }
    true
}

/// `.Release` and `.Capabilities`, the same for every chart.
fn top_level(opts: &Options, _root: &Chart) -> Map {
    let kv = opts.kube_version.trim_start_matches('v');
    let mut parts = kv.split('.');
    let major = parts.next().unwrap_or("1").to_string();
    let minor = parts.next().unwrap_or("0").to_string();
    let kube = Map::from([
        ("Version".into(), Value::string(format!("v{kv}"))),
        ("Major".into(), Value::string(major)),
        ("Minor".into(), Value::string(minor)),
        ("GitVersion".into(), Value::string(format!("v{kv}"))),
    ]);
    let helm = Map::from([
        ("Version".into(), Value::str("v4.2")),
        ("GitCommit".into(), Value::str("")),
        ("GitTreeState".into(), Value::str("")),
        ("GoVersion".into(), Value::str("")),
    ]);
    let caps = Map::from([
        ("KubeVersion".into(), Value::map(kube)),
        (
            "APIVersions".into(),
            Value::Object(Rc::new(Object::ApiVersions(opts.api_versions.clone()))),
        ),
        ("HelmVersion".into(), Value::map(helm)),
    ]);
    let release = Map::from([
        ("Name".into(), Value::str(&opts.release_name)),
        ("Namespace".into(), Value::str(&opts.namespace)),
        ("Revision".into(), Value::Int(1)),
        ("IsUpgrade".into(), Value::Bool(false)),
        ("IsInstall".into(), Value::Bool(true)),
        ("Service".into(), Value::str("Helm")),
    ]);
    Map::from([
        ("Release".into(), Value::map(release)),
        ("Capabilities".into(), Value::map(caps)),
    ])
}

/// `.Chart`: Chart.yaml's fields under the names of Helm's `Metadata`.
fn chart_meta(chart: &Chart) -> Map {
    let empty = || Value::str("");
    let mut out = Map::from([
        ("APIVersion".into(), empty()),
        ("Annotations".into(), Value::Nil),
        ("AppVersion".into(), empty()),
        ("Condition".into(), empty()),
        ("Dependencies".into(), Value::list(Vec::new())),
        ("Deprecated".into(), Value::Bool(false)),
        ("Description".into(), empty()),
        ("Home".into(), empty()),
        ("Icon".into(), empty()),
        ("Keywords".into(), Value::list(Vec::new())),
        ("KubeVersion".into(), empty()),
        ("Maintainers".into(), Value::list(Vec::new())),
        ("Sources".into(), Value::list(Vec::new())),
        ("Tags".into(), empty()),
        ("Type".into(), empty()),
        ("Version".into(), empty()),
    ]);
    for (k, v) in &chart.meta {
        let name = match k.as_str() {
            "apiVersion" => "APIVersion".to_string(),
            "kubeVersion" => "KubeVersion".to_string(),
            "appVersion" => "AppVersion".to_string(),
            other => {
                let mut c = other.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        };
        // Metadata's string fields hold `version: 1.0` as the text "1".
        let is_string_field = matches!(out.get(&name), Some(Value::Str(_)));
        let value = match v {
            Value::Float(_) | Value::Int(_) | Value::Bool(_) if is_string_field => {
                Value::string(v.to_go_string())
            }
            other => other.clone(),
        };
        out.insert(name, value);
    }
    out.insert("Name".into(), Value::str(&chart.name));
    out.insert("IsRoot".into(), Value::Bool(chart.prefix.is_empty()));
    out
}

#[allow(clippy::too_many_arguments)]
fn collect(
    chart: &Chart,
    name: &str,
    vals: &Map,
    top: &Map,
    scope: &mut Vec<String>,
    set: &mut Set,
    paths: &mut Vec<String>,
    datas: &mut Vec<Map>,
    charts: &mut Vec<ChartValues>,
) -> Value {
    let chart_index = charts.len() as u32;
    charts.push(ChartValues {
        scope: scope.clone(),
        prefix: chart.prefix.clone(),
    });
    let mut data = top.clone();
    data.insert("Values".into(), Value::map(vals.clone()));
    data.insert("Chart".into(), Value::map(chart_meta(chart)));
    let files = chart
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    data.insert("Files".into(), Value::Object(Rc::new(Object::Files(files))));
    let mut subs = Map::new();
    for sub in &chart.subcharts {
        let sub_vals = match vals.get(&sub.name) {
            Some(Value::Map(m)) => m.borrow().clone(),
            _ => Map::new(),
        };
        scope.push(sub.name.clone());
        let sub_data = collect(
            sub,
            &format!("{name}/charts/{}", sub.name),
            &sub_vals,
            top,
            scope,
            set,
            paths,
            datas,
            charts,
        );
        scope.pop();
        subs.insert(sub.name.clone(), sub_data);
    }
    data.insert("Subcharts".into(), Value::map(subs));
    for t in &chart.templates {
        // A library chart gives only its partials.
        if chart.is_library()
            && !t
                .path
                .rsplit('/')
                .next()
                .is_some_and(|b| b.starts_with('_'))
        {
            continue;
        }
        set.files.push(File {
            name: format!("{name}/{}", t.path),
            src: t.text.clone(),
            chart: chart_index,
        });
        paths.push(format!("{}{}", chart.prefix, t.path));
        datas.push(data.clone());
    }
    Value::map(data)
}
