//! Where a rule's findings go: [`Sink`] collects them, each at an [`At`]
//! (a node of an object, maybe of one of its containers), and settles
//! whether an ignore annotation silences it while the object is at hand.

use super::meta::RuleMeta;
use crate::diagnostic::{Finding, Lang, Severity, Text};
use crate::model::suppression::is_suppressed;
use crate::model::{Container, Object};
use crate::parse::{Node, Span};

/// Where a finding points: a node of one object of the rule's context, and
/// the container it is about, if any (whose own
/// `kubeshape.io/ignore.<container>` annotation then applies too).
#[derive(Debug, Clone)]
pub struct At<'a> {
    object: usize,
    container: Option<&'a Container<'a>>,
    /// Whether the message is what follows the container's label
    /// ("container api " + message).
    labelled: bool,
    span: Span,
    /// Dotted path to the node inside its document.
    path: String,
}

impl<'a> At<'a> {
    /// `node` of object `index`, at `path`.
    #[inline(never)]
    pub fn object(index: usize, node: &Node, path: String) -> At<'a> {
        At {
            object: index,
            container: None,
            labelled: false,
            span: node.span,
            path,
        }
    }

    /// `node` of object `index`, about `container` (when there is one).
    #[inline(never)]
    pub fn container(
        index: usize,
        container: Option<&'a Container<'a>>,
        node: &Node,
        path: String,
    ) -> At<'a> {
        At {
            object: index,
            container,
            labelled: false,
            span: node.span,
            path,
        }
    }

    /// The same place, the message led by the container's label: it says
    /// what follows "container api " ("容器 api ").
    pub fn labelled(mut self) -> At<'a> {
        self.labelled = true;
        self
    }
}

/// Collects one rule's findings.
pub struct Sink<'r> {
    meta: &'static RuleMeta,
    findings: &'r mut Vec<Finding>,
    /// The objects of the rule's context (for their ignore annotations).
    objects: &'r [Object<'r>],
    /// Where the context's objects start among all objects (the engine
    /// gives rules a few objects at a time).
    offset: usize,
}

impl<'r> Sink<'r> {
    pub(crate) fn new(
        meta: &'static RuleMeta,
        findings: &'r mut Vec<Finding>,
        objects: &'r [Object<'r>],
        offset: usize,
    ) -> Self {
        Sink {
            meta,
            findings,
            objects,
            offset,
        }
    }

    /// Reports `message` at `at`. Whether the object's annotations silence
    /// it is settled here, while the container's name is at hand.
    pub fn report(&mut self, at: At<'_>, message: Text) -> &mut Finding {
        // (`at.object` comes from the context the rule was given.)
        let object = &self.objects[at.object];
        let name = at.container.and_then(|c| c.name);
        let suppressed = is_suppressed(self.meta.id, self.meta.category, object, name);
        let message = match at.container.filter(|_| at.labelled) {
            Some(container) => container.label_with(&message),
            None => message,
        };
        let (file, document) = (object.file, object.document);
        let finding = self.push(
            file,
            document,
            at.span,
            at.path,
            message,
            Some(at.object + self.offset),
        );
        finding.suppressed = suppressed;
        finding
    }

    /// Reports a finding that belongs to no object (a parse problem).
    pub fn in_file(
        &mut self,
        file: usize,
        document: usize,
        span: Span,
        message: Text,
    ) -> &mut Finding {
        self.push(file, document, span, String::new(), message, None)
    }

    fn push(
        &mut self,
        file: usize,
        document: usize,
        span: Span,
        path: String,
        message: Text,
        object: Option<usize>,
    ) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.meta.id,
            category: self.meta.category,
            severity: self.meta.severity,
            message,
            help: Text::new(self.meta.fix(Lang::En), self.meta.fix(Lang::Zh)),
            file,
            document,
            span,
            path,
            object,
            suppressed: false,
            fix: None,
            detail: None,
            related: Vec::new(),
            #[cfg(feature = "rendered")]
            rendered: None,
        });
        self.findings.last_mut().expect("just pushed")
    }
}

impl Finding {
    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }

    /// Replaces the rule's default help with this finding's own (an empty
    /// text, from `help!` in a build without `helps`, keeps the default).
    pub fn help(&mut self, help: Text) -> &mut Self {
        if !help.is_empty() {
            self.help = help;
        }
        self
    }

    /// Adds another place the finding is about (see
    /// [`crate::rules::Context::place`]).
    pub fn related(&mut self, (file, span): (usize, Span), message: Text) -> &mut Self {
        self.related.push(crate::diagnostic::Related {
            file,
            span,
            message,
        });
        self
    }

    /// Attaches a fix; its title is the finding's help, so say the concrete
    /// change there.
    pub fn fix(&mut self, fix: Option<crate::diagnostic::Fix>) -> &mut Self {
        if cfg!(feature = "fixes") {
            self.fix = fix.filter(|f| !f.edits.is_empty());
        }
        self
    }
}
