//! One walk of each object against its kind's definition, shared by the
//! three schema rules (`unknown-field`, `wrong-type`,
//! `missing-required-field`): each takes the problems of its sort.
//!
//! Kubernetes' own reading decides what is wrong: YAML 1.1 scalars
//! (`yes` is a boolean), `null` meaning "not set" for every field, whole
//! floats (`3.0`) accepted where an integer is expected, free keys in maps
//! (labels, annotations, `data`), int-or-string and quantities taking both.

use std::borrow::Cow;

use super::{Def, Lookup, Schema, Ty};
#[cfg(feature = "crds")]
use crate::model::crd;
use crate::model::crd::Crds;
use crate::model::{Form, Object};
use crate::parse::{Node, NodeValue, ScalarKind};

/// How a misspelt or misplaced field could be meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint<'a> {
    /// A field of the same object, differently spelt (case or a typo).
    Rename(&'a str),
    /// The field belongs to a child: `containers[]`, `resources`…
    Under(Vec<String>),
    /// The field belongs to the enclosing object (named by its type).
    Up(&'a str),
    /// The field exists in other Kubernetes versions of this object.
    OtherVersions {
        from: u8,
        to: u8,
    },
    None,
}

/// What a value should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    String,
    Int,
    Number,
    Bool,
    IntOrString,
    Quantity,
    List,
    Mapping,
}

#[derive(Debug)]
pub enum Problem<'a> {
    Unknown {
        object: usize,
        key: &'a Node<'a>,
        name: &'a str,
        path: String,
        /// The type that has no such field (`Container`, `Widget spec`).
        owner: Cow<'a, str>,
        hint: Hint<'a>,
        /// The mapping already has the field a rename would give.
        clash: bool,
    },
    WrongType {
        object: usize,
        node: &'a Node<'a>,
        path: String,
        expected: Expected,
    },
    /// A value the field's `enum` does not list (a custom resource's).
    NotAllowed {
        object: usize,
        node: &'a Node<'a>,
        path: String,
        allowed: Vec<&'a str>,
    },
    /// A string not of the field's `format` (a custom resource's:
    /// `date-time`, `uuid`, `int32`…).
    WrongFormat {
        object: usize,
        node: &'a Node<'a>,
        path: String,
        format: &'a str,
    },
    Missing {
        object: usize,
        anchor: &'a Node<'a>,
        path: String,
        field: &'a str,
        owner: Cow<'a, str>,
    },
}

pub(super) enum Seg<'a> {
    Key(&'a str),
    Item(usize),
}

/// A dotted path: `prefix`, then `segs`.
pub(super) fn path_of(prefix: &str, segs: &[Seg<'_>]) -> String {
    let mut p = prefix.to_owned();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !p.is_empty() {
                    p.push('.');
                }
                p.push_str(k);
            }
            Seg::Item(i) => {
                p.push('[');
                p.push_str(&i.to_string());
                p.push(']');
            }
        }
    }
    p
}

/// Whether `key` is a strategic-merge patch's directive (`$patch:
/// delete`, `$retainKeys`, `$setElementOrder/containers`…), which a patch
/// may hold where the object has fields.
pub(super) fn is_directive(key: &str) -> bool {
    key == "$patch"
        || key == "$retainKeys"
        || key.starts_with("$setElementOrder/")
        || key.starts_with("$deleteFromPrimitiveList/")
}

struct Walker<'s, 'a> {
    schema: &'s Schema,
    bit: u16,
    object: usize,
    prefix: &'a str,
    segs: Vec<Seg<'a>>,
    out: Vec<Problem<'a>>,
    /// A patch: nothing is required, directives are welcome.
    partial: bool,
}

/// Every schema problem of every object there is a definition for: in the
/// Kubernetes table (`schema`, when the build has it), in the input's
/// CustomResourceDefinitions (`crds`), in Kustomize's own fields (a
/// kustomization, a JSON patch's operations).
#[cfg_attr(not(feature = "crds"), allow(unused_variables))]
pub fn problems<'a>(
    schema: Option<&Schema>,
    crds: &Crds<'a>,
    objects: &'a [Object<'a>],
    minor: u32,
) -> Vec<Problem<'a>> {
    let mut out = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        // A document that lost its indentation is `lost-indentation`'s:
        // every misplaced key would otherwise be an unknown field too.
        if crate::model::misplaced::misplaced_keys(object.node).len() >= 2 {
            continue;
        }
        let anchor = object.node.entry("kind").map_or(object.node, |e| &e.key);
        if matches!(object.form, Form::Kustomization | Form::JsonPatch) {
            #[cfg(feature = "repositories")]
            {
                let table = super::kustomize::table();
                let mut walker = Walker {
                    schema: table,
                    bit: 1,
                    object: index,
                    prefix: &object.path,
                    segs: Vec::new(),
                    out: Vec::new(),
                    partial: false,
                };
                match object.form {
                    Form::Kustomization => {
                        let def = table.def(super::kustomize::KUSTOMIZATION);
                        walker.object(object.node, def, None, anchor);
                    }
                    _ => {
                        let def = table.def(super::kustomize::JSON_PATCH);
                        walker.value(object.node, super::kustomize::JSON_PATCH_LIST, def, anchor);
                    }
                }
                out.append(&mut walker.out);
            }
            continue;
        }
        let (Some(api_version), Some(kind)) = (object.api_version, object.kind) else {
            continue;
        };
        let partial = object.form == Form::Patch;
        match schema.map(|s| (s, s.lookup(api_version, kind, minor))) {
            Some((schema, Lookup::Known { def, version })) => {
                let mut walker = Walker {
                    schema,
                    bit: version,
                    object: index,
                    prefix: &object.path,
                    segs: Vec::new(),
                    out: Vec::new(),
                    partial,
                };
                walker.object(object.node, def, None, anchor);
                out.append(&mut walker.out);
            }
            #[cfg(feature = "crds")]
            Some((_, Lookup::Custom)) | None => {
                if let crd::Lookup::Served {
                    crd,
                    schema: Some(root),
                } = crds.lookup(api_version, kind)
                {
                    super::openapi::walk(crd, root, index, object, partial, &mut out);
                }
            }
            _ => {}
        }
    }
    out
}

impl<'a> Walker<'_, 'a> {
    fn path(&self) -> String {
        path_of(self.prefix, &self.segs)
    }

    fn wrong(&mut self, node: &'a Node<'a>, expected: Expected) {
        let path = self.path();
        self.out.push(Problem::WrongType {
            object: self.object,
            node,
            path,
            expected,
        });
    }

    fn value(&mut self, node: &'a Node<'a>, ty: u16, owner: &Def, anchor: &'a Node<'a>) {
        if node.is_null() {
            return;
        }
        let expect_scalar = |e| Some(e);
        let scalar = match self.schema.ty(ty) {
            Ty::Any => None,
            Ty::String => expect_scalar(Expected::String),
            Ty::Int => expect_scalar(Expected::Int),
            Ty::Number => expect_scalar(Expected::Number),
            Ty::Bool => expect_scalar(Expected::Bool),
            Ty::IntOrString => expect_scalar(Expected::IntOrString),
            Ty::Quantity => expect_scalar(Expected::Quantity),
            Ty::Array(item) => {
                let Some(items) = node.as_seq() else {
                    return self.wrong(node, Expected::List);
                };
                for (i, n) in items.iter().enumerate() {
                    // A finding about what an item lacks points at its
                    // first key (`- name: web`), not the whole block.
                    let first = n.as_map().and_then(|m| m.first()).map_or(n, |e| &e.key);
                    self.segs.push(Seg::Item(i));
                    self.value(n, item, owner, first);
                    self.segs.pop();
                }
                None
            }
            Ty::Map(value) => {
                let Some(entries) = node.as_map() else {
                    return self.wrong(node, Expected::Mapping);
                };
                for e in entries {
                    self.segs.push(Seg::Key(e.key.as_str().unwrap_or("?")));
                    self.value(&e.value, value, owner, &e.key);
                    self.segs.pop();
                }
                None
            }
            Ty::Object(def) => {
                if node.as_map().is_none() {
                    return self.wrong(node, Expected::Mapping);
                }
                let def = self.schema.def(def);
                self.object(node, def, Some(owner), anchor);
                None
            }
            Ty::FreeObject => {
                if node.as_map().is_none() {
                    self.wrong(node, Expected::Mapping);
                }
                None
            }
        };
        if let Some(expected) = scalar {
            if !fits(node, expected) {
                self.wrong(node, expected);
            }
        }
    }

    fn object(&mut self, node: &'a Node<'a>, def: &Def, outer: Option<&Def>, anchor: &'a Node<'a>) {
        let Some(entries) = node.as_map() else {
            return;
        };
        let bit = self.bit;
        let mut merged = false;
        let mut renamed: Vec<&'static str> = Vec::new();
        for e in entries {
            let Some(key) = e.key.as_str() else {
                continue;
            };
            if key == "<<" {
                merged = true;
                continue;
            }
            if self.partial && is_directive(key) {
                continue;
            }
            match def
                .fields
                .iter()
                .find(|f| f.name == key && f.versions & bit != 0)
            {
                Some(field) => {
                    self.segs.push(Seg::Key(key));
                    self.value(&e.value, field.ty, def, &e.key);
                    self.segs.pop();
                }
                None => {
                    let hint = self.hint(key, def, outer);
                    if let Hint::Rename(to) = hint {
                        renamed.push(to);
                    }
                    self.segs.push(Seg::Key(key));
                    let path = self.path();
                    self.segs.pop();
                    let clash = matches!(hint, Hint::Rename(to) if entries.iter().any(|e| e.key.is_str(to)));
                    self.out.push(Problem::Unknown {
                        object: self.object,
                        key: &e.key,
                        name: key,
                        path,
                        owner: Cow::Borrowed(def.name),
                        hint,
                        clash,
                    });
                }
            }
        }
        if merged || self.partial {
            return;
        }
        for field in def.fields.iter().filter(|f| f.required & bit != 0) {
            if renamed.contains(&field.name) || entries.iter().any(|e| e.key.is_str(field.name)) {
                continue;
            }
            let path = self.path();
            self.out.push(Problem::Missing {
                object: self.object,
                anchor,
                path,
                field: field.name,
                owner: Cow::Borrowed(def.name),
            });
        }
    }

    fn hint(&self, key: &str, def: &Def, outer: Option<&Def>) -> Hint<'static> {
        let bit = self.bit;
        let here = || def.fields.iter().filter(|f| f.versions & bit != 0);
        if let Some(f) = here().find(|f| f.name.eq_ignore_ascii_case(key)) {
            return Hint::Rename(f.name);
        }
        if let Some(f) = def.fields.iter().find(|f| f.name == key) {
            let minor = |b: u16| {
                let bits = (0..16).filter(|i| b & (1 << i) != 0);
                let v: Vec<u8> = bits.map(|i| self.schema.versions[i]).collect();
                (
                    v.first().copied().unwrap_or(0),
                    v.last().copied().unwrap_or(0),
                )
            };
            let (from, to) = minor(f.versions);
            return Hint::OtherVersions { from, to };
        }
        let mut under = Vec::new();
        for f in here() {
            let (def_id, list) = match self.schema.ty(f.ty) {
                Ty::Object(d) => (d, false),
                Ty::Array(t) => match self.schema.ty(t) {
                    Ty::Object(d) => (d, true),
                    _ => continue,
                },
                _ => continue,
            };
            let child = self.schema.def(def_id);
            if child
                .fields
                .iter()
                .any(|c| c.name == key && c.versions & bit != 0)
            {
                under.push(if list {
                    format!("{}[]", f.name)
                } else {
                    f.name.to_owned()
                });
            }
        }
        if !under.is_empty() {
            under.truncate(3);
            return Hint::Under(under);
        }
        if let Some(outer) = outer {
            if outer
                .fields
                .iter()
                .any(|f| f.name == key && f.versions & bit != 0)
            {
                return Hint::Up(outer.name);
            }
        }
        // `initialDelay` for `initialDelaySeconds`: a shortened name.
        let lower = key.to_ascii_lowercase();
        let mut longer =
            here().filter(|f| key.len() >= 4 && f.name.to_ascii_lowercase().starts_with(&lower));
        if let (Some(f), None) = (longer.next(), longer.next()) {
            return Hint::Rename(f.name);
        }
        match crate::text::closest(key, here().map(|f| f.name)) {
            Some(name) => Hint::Rename(name),
            None => Hint::None,
        }
    }
}

/// Whether a non-null `node` is a value of the expected scalar type.
pub fn fits(node: &Node, expected: Expected) -> bool {
    let Some(kind) = node.scalar_kind() else {
        return matches!(
            (&node.value, expected),
            (NodeValue::Seq(_), Expected::List) | (NodeValue::Map(_), Expected::Mapping)
        );
    };
    let whole = |f: f64| f.is_finite() && f.fract() == 0.0;
    match expected {
        Expected::String => matches!(kind, ScalarKind::String | ScalarKind::Null),
        Expected::Int => match kind {
            ScalarKind::Int(_) | ScalarKind::Null => true,
            ScalarKind::Float(f) => whole(f),
            _ => false,
        },
        Expected::Number => matches!(
            kind,
            ScalarKind::Int(_) | ScalarKind::Float(_) | ScalarKind::Null
        ),
        Expected::Bool => matches!(kind, ScalarKind::Bool(_) | ScalarKind::Null),
        Expected::IntOrString => match kind {
            ScalarKind::Int(_) | ScalarKind::String | ScalarKind::Null => true,
            ScalarKind::Float(f) => whole(f),
            ScalarKind::Bool(_) => false,
        },
        Expected::Quantity => !matches!(kind, ScalarKind::Bool(_)),
        Expected::List | Expected::Mapping => false,
    }
}
