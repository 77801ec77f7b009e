//! The tree builder: saphyr-parser's (or the fast reader's) events to
//! spanned nodes, with duplicate keys, anchors, merge keys and the limits.

use super::*;

/// An open collection. Its items (entries) are the top of the builder's
/// `items` (`entries`) stack from `first` on: one stack for every open
/// collection, so a collection's nodes are moved once, into a slice of
/// their exact size, rather than grown in a vector of their own and shrunk.
enum Frame<'t> {
    Seq {
        first: usize,
        start: Pos,
        anchor: usize,
    },
    Map {
        first: usize,
        key: Option<Node<'t>>,
        start: Pos,
        anchor: usize,
        /// Where each key is in `entries`, built once a mapping grows past
        /// [`SCAN_KEYS`] entries (smaller ones are searched in place).
        seen: Option<HashMap<String, usize>>,
    },
}

/// Up to this many entries, a mapping's duplicate keys are found by looking
/// through its entries: cheaper than hashing every key of every mapping.
const SCAN_KEYS: usize = 24;

/// Where `key` already is among `entries`.
fn position_of(
    entries: &[Entry],
    seen: &mut Option<HashMap<String, usize>>,
    key: &str,
) -> Option<usize> {
    // (The element's build, for a page's YAML, always looks through them.)
    if crate::LARGE_INPUTS && seen.is_none() && entries.len() >= SCAN_KEYS {
        let mut index = HashMap::with_capacity(entries.len() * 2);
        for (i, e) in entries.iter().enumerate() {
            if let Some(k) = e.key.as_str().filter(|k| *k != "<<") {
                index.insert(k.to_owned(), i);
            }
        }
        *seen = Some(index);
    }
    match seen {
        Some(index) => index.get(key).copied(),
        None => entries.iter().position(|e| e.key.is_str(key)),
    }
}

/// A scalar's tag as the tree keeps it (see [`ScalarTag`]); a
/// collection's tag changes nothing Kubernetes reads and is not kept.
fn scalar_tag(tag: Option<&saphyr_parser::Tag>) -> ScalarTag {
    tag.map_or(ScalarTag::None, |t| ScalarTag::of(&t.handle, &t.suffix))
}

pub(super) struct Builder<'t> {
    limits: Limits,
    pub(super) out: Parsed<'t>,
    stack: Vec<Frame<'t>>,
    /// The items of the open sequences, innermost last.
    items: Vec<Node<'t>>,
    /// The entries of the open mappings, innermost last.
    entries: Vec<Entry<'t>>,
    /// The current document's anchored nodes, in the order of their anchor
    /// ids (saphyr-parser numbers anchors 1, 2, 3… as it meets them, and a
    /// node ends after the anchored nodes inside it; kubeshape's own reader
    /// leaves anchors to it): found by halves.
    anchors: Vec<(usize, Node<'t>)>,
    doc_index: usize,
    doc_start: Pos,
    doc_root: Option<Node<'t>>,
    /// Set when the current document hit a limit: the rest of it is skipped.
    abandoned: bool,
    nodes: usize,
}

impl<'t> Builder<'t> {
    pub(super) fn new(limits: &Limits) -> Self {
        Builder {
            limits: *limits,
            out: Parsed::default(),
            // Room for what a manifest usually holds open at once: grown
            // from nothing, these are reallocated a few times per file.
            stack: Vec::with_capacity(16),
            items: Vec::with_capacity(16),
            entries: Vec::with_capacity(32),
            anchors: Vec::new(),
            doc_index: 0,
            doc_start: Pos::default(),
            doc_root: None,
            abandoned: false,
            nodes: 0,
        }
    }

    pub(super) fn issue(&mut self, kind: IssueKind, span: Span, detail: String) {
        self.out.issues.push(ParseIssue {
            kind,
            span,
            document: self.doc_index,
            detail,
            duplicate: None,
        });
    }

    fn abandon(&mut self, span: Span, detail: String) {
        self.issue(IssueKind::Limit, span, detail);
        self.abandoned = true;
        self.stack.clear();
        self.items.clear();
        self.entries.clear();
    }

    fn count(&mut self, n: usize, span: Span) -> bool {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            self.abandon(
                span,
                format!(
                    "the input expands to more than {} YAML nodes (aliases included); the rest of this document was not checked",
                    self.limits.max_nodes
                ),
            );
            return false;
        }
        true
    }

    fn push(&mut self, frame: Frame<'t>, span: Span) {
        if self.stack.len() >= self.limits.max_depth {
            self.abandon(
                span,
                format!(
                    "this document nests deeper than {} levels; the rest of it was not checked",
                    self.limits.max_depth
                ),
            );
            return;
        }
        self.stack.push(frame);
    }

    /// Hands a finished node to its parent (or makes it the document root).
    fn emit(&mut self, node: Node<'t>, anchor: usize) {
        if anchor != 0 {
            let at = self.anchors.partition_point(|a| a.0 < anchor);
            self.anchors.insert(at, (anchor, node.clone()));
        }
        let mut duplicate = None;
        match self.stack.last_mut() {
            None => self.doc_root = Some(node),
            Some(Frame::Seq { .. }) => self.items.push(node),
            Some(Frame::Map {
                first, key, seen, ..
            }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    let first = *first;
                    if let Some(text) = k.as_str().filter(|t| *t != "<<") {
                        let entries = &self.entries[first..];
                        if let Some(at) = position_of(entries, seen, text) {
                            let earlier: &Entry = &entries[at];
                            duplicate =
                                Some((text.to_owned(), earlier.key.span.start.line, k.span));
                            // The last value wins, as it does in Kubernetes.
                            self.entries.remove(first + at);
                            if let Some(index) = seen {
                                for idx in index.values_mut() {
                                    if *idx > at {
                                        *idx -= 1;
                                    }
                                }
                            }
                        }
                        if let Some(index) = seen {
                            index.insert(text.to_owned(), self.entries.len() - first);
                        }
                    }
                    self.entries.push(Entry {
                        key: k,
                        value: node,
                    });
                }
            },
        }
        if let Some((key, first_line, span)) = duplicate {
            self.out.issues.push(ParseIssue {
                kind: IssueKind::DuplicateKey,
                span,
                document: self.doc_index,
                detail: format!("duplicate key `{key}`"),
                duplicate: Some((key, first_line)),
            });
        }
    }

    pub(super) fn end_document(&mut self) {
        let root = if self.abandoned {
            None
        } else {
            self.doc_root.take()
        };
        let root = root.filter(|r| !r.is_null());
        if crate::LARGE_INPUTS && self.out.documents.capacity() == 0 {
            // Most files hold one document: room for four (a vector's
            // first growth) was 170 bytes of every file's memory unused.
            self.out.documents.reserve_exact(1);
        }
        self.out.documents.push(Document {
            index: self.doc_index,
            root,
            start: self.doc_start,
        });
        self.doc_root = None;
        self.stack.clear();
        self.items.clear();
        self.entries.clear();
        self.abandoned = false;
        self.doc_index += 1;
    }

    /// A scalar event (the fast reader hands them here directly).
    pub(super) fn scalar(
        &mut self,
        text: std::borrow::Cow<'t, str>,
        style: SaphyrStyle,
        anchor: usize,
        tag: ScalarTag,
        span: Span,
    ) {
        if self.abandoned || !self.count(1, span) {
            return;
        }
        let style = match style {
            SaphyrStyle::Plain => ScalarStyle::Plain,
            SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            SaphyrStyle::Literal => ScalarStyle::Literal,
            SaphyrStyle::Folded => ScalarStyle::Folded,
        };
        let value = match text {
            std::borrow::Cow::Borrowed(text) => NodeValue::Scalar { text, style, tag },
            std::borrow::Cow::Owned(text) => NodeValue::Decoded {
                text: text.into_boxed_str(),
                style,
                tag,
            },
        };
        self.emit(Node { value, span }, anchor);
    }

    /// A mapping (`map`) or sequence starts.
    pub(super) fn open(&mut self, map: bool, anchor: usize, span: Span) {
        if self.abandoned || !self.count(1, span) {
            return;
        }
        let frame = if map {
            Frame::Map {
                first: self.entries.len(),
                key: None,
                start: span.start,
                anchor,
                seen: None,
            }
        } else {
            Frame::Seq {
                first: self.items.len(),
                start: span.start,
                anchor,
            }
        };
        self.push(frame, span);
    }

    /// The innermost collection, a mapping (`map`) or sequence, ends.
    pub(super) fn close(&mut self, map: bool, span: Span) {
        if self.abandoned {
            return;
        }
        let (value, start, anchor) = match (self.stack.pop(), map) {
            (
                Some(Frame::Seq {
                    first,
                    start,
                    anchor,
                }),
                false,
            ) => (
                NodeValue::Seq(self.items.split_off(first).into_boxed_slice()),
                start,
                anchor,
            ),
            (
                Some(Frame::Map {
                    first,
                    start,
                    anchor,
                    ..
                }),
                true,
            ) => {
                let entries = self.entries.split_off(first);
                (
                    NodeValue::Map(apply_merge_keys(entries).into_boxed_slice()),
                    start,
                    anchor,
                )
            }
            _ => return,
        };
        let node = Node {
            value,
            span: Span {
                start,
                end: span.end,
            },
        };
        self.emit(node, anchor);
    }

    pub(super) fn on_event(&mut self, event: Event<'t>, span: Span) {
        match event {
            Event::DocumentStart(_) => {
                self.doc_start = span.start;
                self.doc_root = None;
                self.abandoned = false;
                // Anchors belong to one document (YAML 1.2 §3.2.2.2); kubectl
                // rejects an alias to an anchor of an earlier document.
                self.anchors.clear();
            }
            Event::DocumentEnd => self.end_document(),
            _ if self.abandoned => {}
            Event::Scalar(text, style, anchor, tag) => {
                self.scalar(text, style, anchor, scalar_tag(tag.as_deref()), span);
            }
            Event::Alias(id) => match self
                .anchors
                .binary_search_by_key(&id, |a| a.0)
                .ok()
                .map(|at| &self.anchors[at].1)
            {
                Some(target) => {
                    let size = target.size();
                    let mut copy = target.clone();
                    if !self.count(size, span) {
                        return;
                    }
                    // The copy is read where the alias stands.
                    copy.span = span;
                    self.emit(copy, 0);
                }
                None => self.issue(
                    IssueKind::Syntax,
                    span,
                    "alias to an anchor that is not defined in this document (anchors do not carry across `---`)".to_owned(),
                ),
            },
            Event::SequenceStart(anchor, _) => self.open(false, anchor, span),
            Event::MappingStart(anchor, _) => self.open(true, anchor, span),
            Event::SequenceEnd => self.close(false, span),
            Event::MappingEnd => self.close(true, span),
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
}

/// Resolves YAML merge keys (`<<: *base`): merged entries never override
/// keys the mapping sets itself.
fn apply_merge_keys(entries: Vec<Entry<'_>>) -> Vec<Entry<'_>> {
    if !entries.iter().any(|e| e.key.is_str("<<")) {
        return entries;
    }
    let (merges, mut own): (Vec<Entry>, Vec<Entry>) = entries
        .into_iter()
        .partition(|e| e.key.is_str("<<") && !e.key.is_quoted());
    for merge in merges {
        let sources: Vec<&Node> = match &merge.value.value {
            NodeValue::Map(_) => vec![&merge.value],
            NodeValue::Seq(items) => items.iter().collect(),
            NodeValue::Scalar { .. } | NodeValue::Decoded { .. } => Vec::new(),
        };
        for source in sources {
            for entry in source.as_map().unwrap_or(&[]) {
                let exists = own
                    .iter()
                    .any(|e| e.key.as_str().is_some() && e.key.as_str() == entry.key.as_str());
                if !exists {
                    own.push(entry.clone());
                }
            }
        }
    }
    own
}
