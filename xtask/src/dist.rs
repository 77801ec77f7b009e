//! `cargo xtask dist OUT`: the playground as a static site, for any static
//! host. OUT holds the playground (`index.html`, its wasm and data), the
//! npm package under `npm/` (what the widget demo loads), the widget demo
//! under `web/`, the seed examples under `examples/`, and one page per rule
//! under `rules/<id>/` (its title, what and why, and a link into the
//! playground's page for it, so each rule has a URL a crawler reads), each
//! text and wasm file with a precompressed `.br` and `.gz` beside it.

use std::path::{Path, PathBuf};
use std::process::Command;

use kubeshape_core::{rules, Lang};

use crate::{root, stage, web};

pub fn run(args: &[String]) -> Result<(), String> {
    let out = PathBuf::from(args.first().ok_or("usage: cargo xtask dist OUT")?);
    let playground = web::playground()?;
    let package = web::npm_package()?;
    let _ = std::fs::remove_dir_all(&out);
    web::copy_tree(&playground, &out)?;
    web::copy_tree(&package, &out.join("npm"))?;
    // (The gallery's files came with the playground, in examples/.)
    std::fs::create_dir_all(out.join("web")).map_err(|e| e.to_string())?;
    std::fs::copy(
        root().join("web/embed-demo.html"),
        out.join("web/embed-demo.html"),
    )
    .map_err(|e| e.to_string())?;
    let pages = rule_pages(&out)?;
    compress(&out, true)?;
    println!(
        "static site: {} (playground, {pages} rule pages, npm/, web/embed-demo.html, examples/; .br and .gz beside each file)",
        out.display()
    );
    println!(
        "serve it with any static host, e.g. `python3 -m http.server -d {}`",
        out.display()
    );
    Ok(())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `rules/<id>/index.html` for every rule, and `rules/index.html`.
fn rule_pages(out: &Path) -> Result<usize, String> {
    let mut list = String::new();
    for rule in rules::all() {
        let meta = rule.meta();
        let dir = out.join("rules").join(meta.id);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let target = format!("../../#/rules/{}", meta.id);
        let page = format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n<title>{id}: {title} · kubeshape</title>\n<meta name=\"description\" content=\"{what}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<main>\n<h1><code>{id}</code> {title}</h1>\n<p lang=\"zh\">{title_zh}</p>\n<h2>What it finds</h2>\n<p>{what}</p>\n<h2>Why it matters</h2>\n<p>{why}</p>\n<h2>How to fix</h2>\n<p>{fix}</p>\n<p><a href=\"{target}\">Open this rule in the kubeshape playground</a></p>\n</main>\n</body>\n</html>\n",
            id = meta.id,
            title = escape(&meta.title(Lang::En)),
            title_zh = escape(&meta.title(Lang::Zh)),
            what = escape(&meta.what(Lang::En)),
            why = escape(&meta.why(Lang::En)),
            fix = escape(&meta.fix(Lang::En)),
        );
        std::fs::write(dir.join("index.html"), page).map_err(|e| e.to_string())?;
        list.push_str(&format!(
            "<li><a href=\"{id}/\"><code>{id}</code></a> {title}</li>\n",
            id = meta.id,
            title = escape(&meta.title(Lang::En))
        ));
    }
    let index = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n<title>kubeshape rules</title>\n</head>\n<body>\n<main>\n<h1>kubeshape rules</h1>\n<ul>\n{list}</ul>\n<p><a href=\"../#/rules\">The rules in the playground</a></p>\n</main>\n</body>\n</html>\n"
    );
    std::fs::write(out.join("rules/index.html"), index).map_err(|e| e.to_string())?;
    Ok(rules::all().len())
}

/// Writes `.gz` (level 9) and, with `brotli`, `.br` (quality 11) beside
/// every file worth compressing under `dir`, by Node's zlib.
pub fn compress(dir: &Path, brotli: bool) -> Result<(), String> {
    let script = r#"
const z = require("zlib"), fs = require("fs"), path = require("path");
const [dir, brotli] = [process.argv[1], process.argv[2] === "br"];
const worth = /\.(html|js|mjs|wasm|json|css|svg|bin|yaml|yml|txt|md|ts)$/;
let files = 0, raw = 0, gz = 0, br = 0;
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) { walk(p); continue; }
    if (!worth.test(e.name)) continue;
    const bytes = fs.readFileSync(p);
    const g = z.gzipSync(bytes, { level: 9 });
    fs.writeFileSync(p + ".gz", g);
    files++; raw += bytes.length; gz += g.length;
    if (brotli) {
      const b = z.brotliCompressSync(bytes, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
      fs.writeFileSync(p + ".br", b);
      br += b.length;
    }
  }
})(dir);
const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(`compressed ${files} files: ${kb(raw)} raw, ${kb(gz)} gzip` + (brotli ? `, ${kb(br)} brotli` : ""));
"#;
    let mut node = Command::new("node");
    node.arg("-e")
        .arg(script)
        .arg(dir)
        .arg(if brotli { "br" } else { "gz" });
    stage(&format!("precompress {}", dir.display()), node)
}
