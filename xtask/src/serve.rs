//! A small static file server for the playground and the browser tests:
//! loopback only, GET and HEAD only, no paths outside the served folder.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "yaml" | "yml" | "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// A URL prefix (`/` or `/npm/`) served from a folder.
pub type Mount = (&'static str, PathBuf);

/// The file a request path names inside a mount (longest prefix first).
fn resolve(mounts: &[Mount], url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let mut sorted: Vec<&Mount> = mounts.iter().collect();
    sorted.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
    sorted.into_iter().find_map(|(prefix, root)| {
        let rest = path.strip_prefix(prefix)?;
        let relative = Path::new(rest.trim_start_matches('/'));
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let mut file = root.join(relative);
        if file.is_dir() {
            file = file.join("index.html");
        }
        file.is_file().then_some(file)
    })
}

fn respond(mut stream: TcpStream, mounts: &[Mount]) -> std::io::Result<()> {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut request_line)?;
    // The headers: only Accept-Encoding matters here.
    let mut line = String::new();
    let mut accepts = String::new();
    while reader.read_line(&mut line)? > 2 {
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                accepts = value.trim().to_ascii_lowercase();
            }
        }
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let url = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return stream.write_all(
            b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    }
    match resolve(mounts, url).and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((file, body)) => {
            // A precompressed copy beside the file (`cargo xtask dist` and
            // `run` write them), when the browser takes it.
            let (body, encoding) = match precompressed(&file, &accepts) {
                Some((bytes, encoding)) => (bytes, format!("Content-Encoding: {encoding}\r\nVary: Accept-Encoding\r\n")),
                None => (body, String::new()),
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\n{encoding}Content-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
                mime(&file),
                body.len()
            );
            stream.write_all(head.as_bytes())?;
            if method == "GET" {
                stream.write_all(&body)?;
            }
            Ok(())
        }
        None => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"),
    }
}

/// The `.br` or `.gz` beside `file`, if the client accepts that encoding.
fn precompressed(file: &Path, accepts: &str) -> Option<(Vec<u8>, &'static str)> {
    let takes = |name: &str| {
        accepts
            .split(',')
            .any(|e| e.split(';').next().is_some_and(|e| e.trim() == name))
    };
    for (encoding, extension) in [("br", "br"), ("gzip", "gz")] {
        if takes(encoding) {
            let mut name = file.as_os_str().to_owned();
            name.push(format!(".{extension}"));
            if let Ok(bytes) = std::fs::read(PathBuf::from(name)) {
                return Some((bytes, encoding));
            }
        }
    }
    None
}

/// Binds `127.0.0.1:port` (0 picks a free port) and serves in background
/// threads; returns the bound port.
pub fn start(mounts: Vec<Mount>, port: u16) -> Result<u16, String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mounts = mounts.clone();
            std::thread::spawn(move || {
                let _ = respond(stream, &mounts);
            });
        }
    });
    Ok(bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precompressed_copies_go_to_browsers_that_take_them() {
        let dir = std::env::temp_dir().join(format!("kubeshape-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("a.js");
        std::fs::write(&file, "plain").expect("write");
        std::fs::write(dir.join("a.js.gz"), "gz").expect("write");
        assert_eq!(
            precompressed(&file, "gzip, deflate, br"),
            Some((b"gz".to_vec(), "gzip"))
        );
        assert_eq!(precompressed(&file, "br"), None, "no .br beside it");
        assert_eq!(precompressed(&file, ""), None);
        std::fs::write(dir.join("a.js.br"), "br").expect("write");
        assert_eq!(
            precompressed(&file, "gzip, br;q=1.0"),
            Some((b"br".to_vec(), "br"))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn paths_cannot_leave_the_served_folder() {
        let here = crate::root().join("xtask");
        let mounts = vec![("/", here.join("src")), ("/x/", here.clone())];
        assert!(resolve(&mounts, "/main.rs").is_some());
        assert!(resolve(&mounts, "/x/Cargo.toml").is_some());
        assert!(resolve(&mounts, "/Cargo.toml").is_none());
        assert!(resolve(&mounts, "/../Cargo.toml").is_none());
        assert!(resolve(&mounts, "/x/src/../../Cargo.toml").is_none());
        assert!(resolve(&mounts, "/nope").is_none());
    }
}
