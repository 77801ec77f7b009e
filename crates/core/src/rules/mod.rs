//! The rule framework and the registry.
//!
//! One rule per file under `rules/<category>/<rule_id>.rs`. The file's doc
//! comment is the rule's documentation (What it does / Why is this bad? /
//! Example / Use instead:); `declare_rule!` keeps it next to the metadata so
//! `kubeshape explain`, SARIF, docs/rules.md and the playground's rule
//! pages all read it from here. `build.rs` discovers the files, so adding a
//! rule means adding one file and its fixture.
//!
//! - [`meta`]: what a rule is (metadata, traits, the macros rule files use);
//! - [`context`]: what a rule sees, and its workloads and containers;
//! - [`sink`]: where its findings go, and at which place;
//! - `shared`: checks and fix builders several rules share;
//! - [`catalogue`]: the catalogue as the faces show it;
//! - [`articles`]: the articles the rules come from, by title.

#[macro_use]
pub mod meta;
pub mod articles;
pub mod catalogue;
pub mod context;
mod docs;
mod shared;
pub mod sink;

pub use catalogue::{catalogue_json, entry_json, explain, markdown_page, markdown_table, summary};
pub use context::{ContainerRef, Context, RuleSettings, Thresholds, Workload};
pub use docs::load_docs;
pub use meta::{Check, Default, Described, Fixable, Rule, RuleMeta, Scope, RULE_PAGES};
pub use sink::{At, Sink};

/// Shared imports for rule files.
#[allow(unused_imports)]
pub(crate) mod prelude {
    pub(crate) use super::shared::{check_references, check_security_flag, RefCheck};
    pub(crate) use super::shared::{fix_with, probe_port, probe_template, set_fix};
    pub use super::{At, Check, ContainerRef, Context, Sink, Workload};
    pub use crate::diagnostic::{Severity, Text};
    pub use crate::edit::Value as FixValue;
    pub use crate::model::index::{self, Selector};
    pub use crate::model::{quantity_of, Container, Object, Quantity, Role};
    pub use crate::parse::{Node, NodeValue};
}

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

/// Every rule, in catalogue order (category, then id).
pub fn all() -> &'static [&'static dyn Rule] {
    REGISTRY
}

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.meta().id == id)
}
