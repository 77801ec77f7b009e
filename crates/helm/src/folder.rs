//! A chart folder read from disk: the one place this crate touches the
//! file system, outside the render API (which takes files, so the browser
//! faces render what was pasted). Not in the wasm builds.

use std::path::Path;

use crate::ChartFile;

/// The files of the chart at `root` (paths from it, `/`-separated), hidden
/// folders left out, `charts/*.tgz` unpacked, files that are not text
/// left out.
pub fn read(root: &Path) -> Vec<ChartFile> {
    let mut raw = Vec::new();
    walk(root, root, &mut raw);
    crate::chart_files(raw)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                walk(root, &path, out);
            }
        } else if let Ok(bytes) = std::fs::read(&path) {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, bytes));
        }
    }
}
