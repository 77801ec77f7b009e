//! Chart archives (`.tgz`, as `helm package` writes them): gzip, then tar,
//! every entry under the chart's folder. Bytes in, files out; no I/O.

use crate::chart::ChartFile;

/// The largest archive unpacked (a zip bomb stops here, as an error).
const MAX_UNPACKED: usize = 64 << 20;

/// The files of a chart archive, their paths under `prefix` in place of
/// the archive's top folder (`charts/common/templates/_names.tpl`).
/// Entries that are not text are left out.
pub fn unpack(bytes: &[u8], prefix: &str) -> Result<Vec<ChartFile>, String> {
    let tar = gunzip(bytes)?;
    let mut out = Vec::new();
    let mut at = 0;
    let mut long_name: Option<String> = None;
    while at + 512 <= tar.len() {
        let header = &tar[at..at + 512];
        if header.iter().all(|&b| b == 0) {
            break;
        }
        let field = |from: usize, len: usize| {
            let raw = &header[from..from + len];
            let end = raw.iter().position(|&b| b == 0).unwrap_or(len);
            String::from_utf8_lossy(&raw[..end]).into_owned()
        };
        let size = usize::from_str_radix(field(124, 12).trim(), 8)
            .map_err(|_| "a tar header with a bad size".to_string())?;
        let kind = header[156];
        let mut name = field(0, 100);
        let prefix_field = field(345, 155);
        if !prefix_field.is_empty() && &header[257..262] == b"ustar" {
            name = format!("{prefix_field}/{name}");
        }
        let data_start = at + 512;
        let data_end = data_start
            .checked_add(size)
            .filter(|&e| e <= tar.len())
            .ok_or("a truncated tar entry")?;
        let data = &tar[data_start..data_end];
        at = data_start + size.div_ceil(512) * 512;
        match kind {
            // GNU long name: the next entry's name.
            b'L' => {
                long_name = Some(
                    String::from_utf8_lossy(data)
                        .trim_end_matches('\0')
                        .to_string(),
                );
                continue;
            }
            // pax headers: a `path=` record names the next entry.
            b'x' => {
                let text = String::from_utf8_lossy(data);
                long_name = text
                    .lines()
                    .find_map(|l| l.split_once(" path=").map(|(_, p)| p.to_string()));
                continue;
            }
            b'0' | 0 => {}
            _ => {
                long_name = None;
                continue;
            }
        }
        let name = long_name.take().unwrap_or(name);
        let Some((_, rest)) = name.split_once('/') else {
            continue;
        };
        if rest.split('/').any(|p| p == "..") {
            continue;
        }
        if let Ok(text) = std::str::from_utf8(data) {
            out.push(ChartFile {
                path: format!("{prefix}{rest}"),
                text: text.into(),
            });
        }
    }
    Ok(out)
}

/// A gzip member's contents.
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if bytes.len() < 18 || bytes[0] != 0x1f || bytes[1] != 0x8b || bytes[2] != 8 {
        return Err("not a gzip archive".into());
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & 4 != 0 {
        let len = usize::from(bytes[at]) | usize::from(bytes[at + 1]) << 8;
        at += 2 + len;
    }
    for bit in [8, 16] {
        if flags & bit != 0 {
            at += bytes
                .get(at..)
                .and_then(|r| r.iter().position(|&b| b == 0))
                .ok_or("a bad gzip header")?
                + 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    let body = bytes.get(at..).ok_or("a bad gzip header")?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(body, MAX_UNPACKED)
        .map_err(|e| format!("cannot inflate the archive: {e:?}"))
}

/// A chart's files as read from disk (path from its folder, bytes):
/// text files as they are, each `charts/*.tgz` unpacked into
/// `charts/<archive name>/`, files that are not text left out.
pub fn chart_files(raw: Vec<(String, Vec<u8>)>) -> Vec<ChartFile> {
    let mut out = Vec::new();
    for (path, bytes) in raw {
        let in_charts = path.strip_prefix("charts/").filter(|r| !r.contains('/'));
        if let Some(name) =
            in_charts.and_then(|n| n.strip_suffix(".tgz").or_else(|| n.strip_suffix(".tar.gz")))
        {
            if let Ok(files) = unpack(&bytes, &format!("charts/{name}/")) {
                out.extend(files);
            }
            continue;
        }
        if let Ok(text) = String::from_utf8(bytes) {
            out.push(ChartFile {
                path,
                text: text.into(),
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
