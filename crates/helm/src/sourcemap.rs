//! From a position in a rendered template back to what wrote it: the
//! template file, line and column, and the values file line of a value an
//! action printed.

use crate::render::{line_col, Render, Rendered};
use crate::template::exec::Seg;

/// Where a rendered byte came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The template's path from the root chart's folder.
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// Literal template text (the byte itself), or an action's output (the
    /// action's `{{`).
    pub literal: bool,
    /// The `.Values` path the action printed, from the root chart's values
    /// (`["image", "tag"]`, `["redis", "auth", "password"]`).
    pub value: Option<Vec<String>>,
}

/// The segment that wrote output byte `offset`.
fn segment(segs: &[Seg], offset: u32) -> Option<&Seg> {
    let i = segs.partition_point(|s| s.out <= offset);
    segs.get(i.checked_sub(1)?)
}

/// The `.Values` path (from the root chart's values) the action of `seg`
/// printed, if it printed one.
pub fn value_path(render: &Render, rendered: &Rendered, seg: &Seg) -> Option<Vec<String>> {
    let (chart, path) = rendered
        .output
        .values
        .get((seg.value as usize).checked_sub(1)?)?;
    let mut full = render
        .charts
        .get(*chart as usize)
        .map(|c| c.scope.clone())
        .unwrap_or_default();
    full.extend(path.iter().map(|p| p.to_string()));
    Some(full)
}

/// Where byte `offset` of `rendered`'s output came from.
pub fn origin(render: &Render, rendered: &Rendered, offset: usize) -> Option<Origin> {
    let seg = segment(&rendered.output.segs, offset as u32)?;
    let file = &render.set.files[seg.file as usize];
    let src_pos = if seg.literal {
        seg.src as usize + (offset - seg.out as usize)
    } else {
        seg.src as usize
    };
    let (line, column) = line_col(&file.src, src_pos);
    let value = value_path(render, rendered, seg);
    Some(Origin {
        path: render.paths[seg.file as usize].clone(),
        line,
        column,
        literal: seg.literal,
        value,
    })
}
