//! The CustomResourceDefinitions of the input (and of files read only for
//! them): which kinds each API group defines, which versions it serves, and
//! each version's `openAPIV3Schema`, for the schema rules to check custom
//! resources against. `apiextensions.k8s.io/v1` keeps a schema per version;
//! the older `v1beta1` one for all versions (`spec.validation`) or per
//! version.

use crate::parse::{Node, SourceFile};

/// One version of a custom resource.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    pub name: &'a str,
    pub served: bool,
    /// Its `openAPIV3Schema`, if it has one.
    pub schema: Option<&'a Node<'a>>,
}

/// One CustomResourceDefinition.
#[derive(Debug, Clone)]
pub struct Crd<'a> {
    /// Its `metadata.name` (`widgets.example.com`).
    pub name: &'a str,
    pub group: &'a str,
    pub kind: &'a str,
    pub versions: Vec<Version<'a>>,
    /// Whether the API server drops fields the schema does not have (it
    /// does for `apiextensions.k8s.io/v1`; for `v1beta1` only with
    /// `preserveUnknownFields: false`).
    pub prunes: bool,
}

/// What the definitions say of an `apiVersion` and `kind`.
#[derive(Debug)]
pub enum Lookup<'c, 'a> {
    /// Defined and served: check against `schema` (none: nothing to check).
    Served {
        crd: &'c Crd<'a>,
        schema: Option<&'a Node<'a>>,
    },
    /// Defined, not in this version, or not served in it: the versions
    /// served.
    NotServed {
        crd: &'c Crd<'a>,
        served: Vec<&'a str>,
    },
    /// The group is defined here, without this kind: its kinds.
    UnknownKind { kinds: Vec<&'a str> },
    /// No definition of the group here.
    Unknown,
}

/// Every CustomResourceDefinition found.
#[derive(Debug, Default)]
pub struct Crds<'a> {
    pub list: Vec<Crd<'a>>,
}

impl<'a> Crds<'a> {
    /// The definitions in the documents of `files`.
    pub fn new(files: &'a [SourceFile<'a>]) -> Self {
        let mut list = Vec::new();
        for file in files {
            for doc in &file.documents {
                let Some(root) = &doc.root else { continue };
                let items = match root.get("kind").and_then(Node::as_str) {
                    Some("CustomResourceDefinition") => std::slice::from_ref(root),
                    Some(k) if k.ends_with("List") => root.items("items"),
                    _ => continue,
                };
                for item in items {
                    if item
                        .get("kind")
                        .is_some_and(|k| k.is_str("CustomResourceDefinition"))
                    {
                        list.extend(Crd::read(item));
                    }
                }
            }
        }
        Crds { list }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// What the definitions say of `api_version`/`kind`.
    pub fn lookup(&self, api_version: &str, kind: &str) -> Lookup<'_, 'a> {
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        let mut kinds = Vec::new();
        for crd in self.list.iter().filter(|c| c.group == group) {
            if crd.kind != kind {
                kinds.push(crd.kind);
                continue;
            }
            return match crd.versions.iter().find(|v| v.name == version && v.served) {
                Some(v) => Lookup::Served {
                    crd,
                    schema: v.schema,
                },
                None => Lookup::NotServed {
                    crd,
                    served: crd
                        .versions
                        .iter()
                        .filter(|v| v.served)
                        .map(|v| v.name)
                        .collect(),
                },
            };
        }
        match kinds.is_empty() {
            true => Lookup::Unknown,
            false => Lookup::UnknownKind { kinds },
        }
    }
}

impl<'a> Crd<'a> {
    fn read(root: &'a Node<'a>) -> Option<Crd<'a>> {
        let spec = root.get("spec")?;
        let group = spec.get("group").and_then(Node::as_str)?;
        let kind = spec.path(&["names", "kind"]).and_then(Node::as_str)?;
        let name = root
            .path(&["metadata", "name"])
            .and_then(Node::as_str)
            .unwrap_or(kind);
        let schema_of = |n: &'a Node<'a>| n.path(&["openAPIV3Schema"]);
        // v1beta1: one schema for every version.
        let shared = spec.get("validation").and_then(schema_of);
        let mut versions: Vec<Version<'a>> = spec
            .items("versions")
            .iter()
            .filter_map(|v| {
                Some(Version {
                    name: v.get("name").and_then(Node::as_str)?,
                    served: v.get("served").and_then(Node::as_bool).unwrap_or(true),
                    schema: v.get("schema").and_then(schema_of).or(shared),
                })
            })
            .collect();
        if versions.is_empty() {
            // v1beta1's single `version`.
            if let Some(name) = spec.get("version").and_then(Node::as_str) {
                versions.push(Version {
                    name,
                    served: true,
                    schema: shared,
                });
            }
        }
        let beta = root
            .get("apiVersion")
            .is_some_and(|v| v.is_str("apiextensions.k8s.io/v1beta1"));
        let prunes = !beta
            || spec
                .get("preserveUnknownFields")
                .and_then(Node::as_bool)
                .is_some_and(|p| !p);
        Some(Crd {
            name,
            group,
            kind,
            versions,
            prunes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Limits};

    #[test]
    fn definitions_are_found_by_group_kind_and_version() {
        let text = "\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
  - name: v1alpha1
    served: false
    storage: false
---
apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  version: v1beta1
  names: {kind: Gadget}
  validation:
    openAPIV3Schema:
      type: object
";
        let file = SourceFile::new("crds.yaml", text, parse(text, &Limits::default())).0;
        let files = [file];
        let crds = Crds::new(&files);
        assert_eq!(crds.list.len(), 2);
        assert!(matches!(
            crds.lookup("example.com/v1", "Widget"),
            Lookup::Served {
                schema: Some(_),
                ..
            }
        ));
        match crds.lookup("example.com/v1alpha1", "Widget") {
            Lookup::NotServed { served, .. } => assert_eq!(served, ["v1"]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            crds.lookup("example.com/v1beta1", "Gadget"),
            Lookup::Served {
                schema: Some(_),
                ..
            }
        ));
        match crds.lookup("example.com/v1", "Widgte") {
            Lookup::UnknownKind { kinds } => assert_eq!(kinds, ["Widget", "Gadget"]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            crds.lookup("other.io/v1", "Widget"),
            Lookup::Unknown
        ));
    }
}
