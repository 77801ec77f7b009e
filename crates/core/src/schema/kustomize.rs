//! Kustomize's own fields, as Kustomize 5 reads a `kustomization.yaml`
//! (strictly: an unknown field stops the build) and a JSON patch's
//! operations, in the same [`Schema`] shape as the Kubernetes table so the
//! same walk checks them. Written out below, read into a table once.

use std::sync::OnceLock;

use super::{Def, Field, Kind, Schema, Ty};

/// The definition of a kustomization (and of a `Component`).
pub const KUSTOMIZATION: u16 = 0;
/// The definition of one JSON patch operation.
pub const JSON_PATCH: u16 = 1;
/// The type of a JSON patch file: a list of operations.
pub const JSON_PATCH_LIST: u16 = 0;

/// Each definition: its name, then its fields, `name type` (a `!` after the
/// name: required). Types: `string`, `int`, `bool`, `any`, `free` (a
/// mapping of anything), `[T]` a list, `{T}` a mapping of `T`s, or another
/// definition's name. The first two are [`KUSTOMIZATION`] and
/// [`JSON_PATCH`].
const SPEC: &str = "
Kustomization
  apiVersion string
  kind string
  metadata ObjectMeta
  openapi {string}
  namePrefix string
  nameSuffix string
  namespace string
  commonLabels {string}
  labels [Label]
  commonAnnotations {string}
  patchesStrategicMerge [string]
  patchesJson6902 [Patch]
  patches [Patch]
  images [Image]
  replacements [ReplacementField]
  replicas [Replica]
  vars [Var]
  resources [string]
  components [string]
  crds [string]
  bases [string]
  configMapGenerator [ConfigMapArgs]
  secretGenerator [SecretArgs]
  helmGlobals HelmGlobals
  helmCharts [HelmChart]
  helmChartInflationGenerator [HelmChartArgs]
  generatorOptions GeneratorOptions
  configurations [string]
  generators [string]
  transformers [string]
  validators [string]
  inventory Inventory
  buildMetadata [string]
  sortOptions SortOptions

JsonPatchOperation
  op! string
  path! string
  value any
  from string

ObjectMeta
  name string
  namespace string
  labels {string}
  annotations {string}

Label
  pairs {string}
  includeSelectors bool
  includeTemplates bool
  fields [FieldSpec]

FieldSpec
  group string
  version string
  kind string
  path string
  create bool

Patch
  path string
  patch string
  target Selector
  options {bool}

Selector
  group string
  version string
  kind string
  name string
  namespace string
  annotationSelector string
  labelSelector string

Image
  name string
  newName string
  newTag string
  digest string

ReplacementField
  path string
  source SourceSelector
  targets [TargetSelector]

SourceSelector
  group string
  version string
  kind string
  name string
  namespace string
  fieldPath string
  options FieldOptions

TargetSelector
  select Selector
  reject [Selector]
  fieldPaths [string]
  options FieldOptions

FieldOptions
  delimiter string
  index int
  encoding string
  create bool

Replica
  name string
  count int

Var
  name string
  objref Target
  fieldref FieldSelector

Target
  apiVersion string
  group string
  version string
  kind string
  name string
  namespace string

FieldSelector
  fieldPath string

ConfigMapArgs
  namespace string
  name string
  behavior string
  literals [string]
  files [string]
  envs [string]
  env string
  options GeneratorOptions

SecretArgs
  namespace string
  name string
  behavior string
  literals [string]
  files [string]
  envs [string]
  env string
  options GeneratorOptions
  type string

GeneratorOptions
  labels {string}
  annotations {string}
  disableNameSuffixHash bool
  immutable bool

HelmGlobals
  chartHome string
  configHome string

HelmChart
  name string
  version string
  repo string
  releaseName string
  namespace string
  additionalValuesFiles [string]
  valuesFile string
  valuesInline free
  valuesMerge string
  includeCRDs bool
  skipHooks bool
  apiVersions [string]
  kubeVersion string
  nameTemplate string
  skipTests bool
  debug bool
  devel bool

HelmChartArgs
  chartName string
  chartVersion string
  chartRepoUrl string
  chartHome string
  chartRepoName string
  helmBin string
  helmHome string
  values string
  valuesLocal free
  valuesMerge string
  releaseName string
  releaseNamespace string
  extraArgs [string]

Inventory
  type string
  configMap ObjectMeta

SortOptions
  order string
  legacySortOptions LegacySortOptions

LegacySortOptions
  orderFirst [string]
  orderLast [string]
";

/// The table, read from [`SPEC`] on first use.
pub fn table() -> &'static Schema {
    static TABLE: OnceLock<Schema> = OnceLock::new();
    TABLE.get_or_init(|| read(SPEC))
}

/// Reads a spec (see [`SPEC`]). Type 0 is a list of the second
/// definition (a JSON patch).
fn read(spec: &'static str) -> Schema {
    let blocks: Vec<Vec<&'static str>> = spec
        .split("\n\n")
        .map(|b| b.lines().filter(|l| !l.trim().is_empty()).collect())
        .filter(|b: &Vec<&str>| !b.is_empty())
        .collect();
    let names: Vec<&'static str> = blocks.iter().map(|b| b[0].trim()).collect();
    let mut types: Vec<Ty> = vec![Ty::Array(1), Ty::Object(1)];
    let type_of = |text: &'static str, types: &mut Vec<Ty>| -> u16 {
        let ty = parse_type(text, &names, types);
        match types.iter().position(|t| *t == ty) {
            Some(i) => i as u16,
            None => {
                types.push(ty);
                (types.len() - 1) as u16
            }
        }
    };
    let mut defs = Vec::new();
    for block in &blocks {
        let mut fields = Vec::new();
        for line in &block[1..] {
            let (name, ty) = line.trim().split_once(' ').expect("`name type`");
            let (name, required) = match name.strip_suffix('!') {
                Some(name) => (name, 1),
                None => (name, 0),
            };
            fields.push(Field {
                name,
                ty: type_of(ty, &mut types),
                versions: 1,
                required,
            });
        }
        defs.push(Def {
            name: block[0].trim(),
            fields: fields.leak(),
        });
    }
    let kinds = vec![
        Kind {
            api_version: "kustomize.config.k8s.io/v1alpha1",
            kind: "Component",
            def: KUSTOMIZATION,
            versions: 1,
        },
        Kind {
            api_version: "kustomize.config.k8s.io/v1beta1",
            kind: "Kustomization",
            def: KUSTOMIZATION,
            versions: 1,
        },
    ];
    Schema {
        versions: &[0],
        types: types.leak(),
        defs: defs.leak(),
        kinds: kinds.leak(),
    }
}

fn parse_type(text: &str, names: &[&str], types: &mut Vec<Ty>) -> Ty {
    let inner = |t: &str, types: &mut Vec<Ty>| -> u16 {
        let ty = parse_type(t, names, types);
        match types.iter().position(|x| *x == ty) {
            Some(i) => i as u16,
            None => {
                types.push(ty);
                (types.len() - 1) as u16
            }
        }
    };
    if let Some(item) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return Ty::Array(inner(item, types));
    }
    if let Some(value) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        return Ty::Map(inner(value, types));
    }
    match text {
        "string" => Ty::String,
        "int" => Ty::Int,
        "bool" => Ty::Bool,
        "any" => Ty::Any,
        "free" => Ty::FreeObject,
        name => Ty::Object(
            names
                .iter()
                .position(|n| *n == name)
                .unwrap_or_else(|| panic!("no definition `{name}`")) as u16,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads() {
        let t = table();
        assert_eq!(t.def(KUSTOMIZATION).name, "Kustomization");
        assert_eq!(t.def(JSON_PATCH).name, "JsonPatchOperation");
        assert!(matches!(t.ty(JSON_PATCH_LIST), Ty::Array(i) if t.ty(i) == Ty::Object(JSON_PATCH)));
        let patches = t
            .def(KUSTOMIZATION)
            .fields
            .iter()
            .find(|f| f.name == "patches");
        let Some(Ty::Array(item)) = patches.map(|f| t.ty(f.ty)) else {
            panic!("patches");
        };
        let Ty::Object(patch) = t.ty(item) else {
            panic!("patch")
        };
        assert_eq!(t.def(patch).name, "Patch");
        assert!(matches!(
            t.lookup("kustomize.config.k8s.io/v1beta1", "Kustomization", 37),
            super::super::Lookup::Known { .. }
        ));
    }
}
