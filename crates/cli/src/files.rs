//! How `kubeshape check` finds and reads manifests on disk. The parse-only
//! floor of `cargo xtask bench` (`examples/parse-floor.rs`) finds and reads
//! them with the same code, so the two read exactly the same bytes in the
//! same way.

use std::ffi::OsString;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Files under `path`, sorted so output is stable.
pub fn collect(path: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut found = Vec::new();
    let result = collect_found(path, &mut found);
    out.extend(found.into_iter().map(|(path, _)| path));
    result
}

/// Where a file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Named itself.
    Named,
    /// Found in a folder.
    Found,
    /// Found in the `templates/` folder of a Helm chart (a folder with a
    /// `Chart.yaml`).
    ChartTemplate,
}

/// Whether `path` is in the `templates/` folder of a Helm chart (a folder
/// holding a `Chart.yaml`): text to render, not YAML yet.
pub fn is_chart_template(path: &Path) -> bool {
    path.ancestors().skip(1).any(|dir| {
        dir.file_name().is_some_and(|n| n == "templates")
            && dir.parent().is_some_and(|p| p.join("Chart.yaml").is_file())
    })
}

/// [`collect`], saying where each file was found.
pub fn collect_found(path: &Path, out: &mut Vec<(PathBuf, Place)>) -> io::Result<()> {
    if path.is_dir() {
        walk(path, Place::Found, out)
    } else {
        out.push((path.to_path_buf(), Place::Named));
        Ok(())
    }
}

fn walk(path: &Path, place: Place, out: &mut Vec<(PathBuf, Place)>) -> io::Result<()> {
    // One directory's entries share their parent, so their names give
    // the order of their paths (comparing whole paths parses each
    // component, which showed up in profiles of large folders). The
    // entry's own type needs no extra `stat`, except for a symlink.
    // Each entry's name comes with it: the order, hidden folders and
    // extensions are read from the name's bytes (`Path::file_name` and
    // `extension` parse the whole path again, each time).
    let mut entries: Vec<(OsString, PathBuf, bool)> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            let dir = match e.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => path.is_dir(),
            };
            (e.file_name(), path, dir)
        })
        .collect();
    sort_by_bytes(&mut entries, |e| e.0.as_encoded_bytes());
    let chart = entries
        .iter()
        .any(|(name, _, dir)| !dir && name.as_encoded_bytes() == b"Chart.yaml");
    for (name, entry, dir) in entries {
        let name = name.as_encoded_bytes();
        if dir && !name.starts_with(b".") {
            let place = match chart && name == b"templates" {
                true => Place::ChartTemplate,
                false => place,
            };
            walk(&entry, place, out)?;
        } else if !dir
            && (name == b"Kustomization"
                || [&b".yaml"[..], b".yml", b".json"]
                    .iter()
                    .any(|ext| name.len() > ext.len() && name.ends_with(ext)))
        {
            out.push((entry, place));
        }
    }
    Ok(())
}

/// The bytes of a file, read through `buffer` (grown as needed, kept for
/// the next file) and copied out at their size: open, read to the end,
/// close — no `stat` for a size hint and no seek, which `fs::read` and
/// `File::read_to_end` both make (a fifth of the system calls of a large
/// folder).
pub fn read_file(path: &Path, buffer: &mut Vec<u8>) -> io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let mut len = 0;
    loop {
        if len == buffer.len() {
            buffer.resize(buffer.len().max(4096) * 2, 0);
        }
        match file.read(&mut buffer[len..]) {
            Ok(0) => return Ok(buffer[..len].to_vec()),
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Puts `entries` in the byte order of their `name`s (a folder's entries by
/// their file names, which are distinct): by their first eight bytes taken
/// as one number, then the few that share those by all their bytes.
/// Comparing whole names (which, in a large folder, often share a prefix)
/// made the folder walk grow faster than the folder.
fn sort_by_bytes<T>(entries: &mut Vec<T>, name: impl Fn(&T) -> &[u8]) {
    let prefix = |bytes: &[u8]| {
        let mut word = [0u8; 8];
        let n = bytes.len().min(8);
        word[..n].copy_from_slice(&bytes[..n]);
        u64::from_be_bytes(word)
    };
    let mut keys: Vec<(u64, usize)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (prefix(name(e)), i))
        .collect();
    keys.sort_unstable();
    let mut start = 0;
    while start < keys.len() {
        let end = start
            + keys[start..]
                .iter()
                .take_while(|k| k.0 == keys[start].0)
                .count();
        if end - start > 1 {
            keys[start..end].sort_unstable_by(|a, b| name(&entries[a.1]).cmp(name(&entries[b.1])));
        }
        start = end;
    }
    let mut slots: Vec<Option<T>> = entries.drain(..).map(Some).collect();
    entries.extend(keys.iter().filter_map(|&(_, i)| slots[i].take()));
}

#[cfg(test)]
mod tests {
    /// The order of plain byte comparison, for names that share none, some
    /// or all of their first eight bytes, are shorter than eight, or are
    /// prefixes of each other.
    #[test]
    fn names_sort_in_byte_order() {
        let mut names: Vec<String> = Vec::new();
        for stem in [
            "",
            "a",
            "099-_arc",
            "099-_arch",
            "099-_arc.yaml",
            "000-AI_m",
            "zz",
            "é",
        ] {
            for tail in ["", "b.yaml", "a.yaml", "-x", "\u{0}", "ä"] {
                names.push(format!("{stem}{tail}"));
            }
        }
        names.sort_unstable();
        names.dedup();
        // A scrambled copy (37 is coprime with the count checked below).
        let n = names.len();
        assert!(n % 37 != 0);
        let mut entries: Vec<(String, usize)> =
            (0..n).map(|k| (names[(k * 37) % n].clone(), k)).collect();
        super::sort_by_bytes(&mut entries, |e| e.0.as_bytes());
        let sorted: Vec<String> = entries.into_iter().map(|e| e.0).collect();
        assert_eq!(sorted, names);
    }
}
