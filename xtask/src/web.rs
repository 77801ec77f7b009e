//! Builds the browser faces: the playground (web/ + index.html) and the npm
//! package with the `<kubeshape-lint>` element (crates/wasm), and reports
//! their sizes against the budgets in DESIGN.md.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, setup, stage, target_dir};

/// Gzip budget for the playground's wasm + JS (DESIGN.md: 250 KB).
pub const PLAYGROUND_BUDGET: u64 = 250 * 1024;
/// Gzip budget for the widget's wasm + JS (DESIGN.md: 150 KB).
pub const WIDGET_BUDGET: u64 = 150 * 1024;

pub fn gzip_size(path: &Path) -> Result<u64, String> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {} -> {}: {e}", from.display(), to.display()))
}

fn wasm_opt(file: &Path) -> Result<(), String> {
    wasm_opt_at(file, "-Oz")
}

/// Optimises a module in place at `level` (`-Oz` for size, `-O3` for speed).
///
/// The optimised module is written beside `file` and replaces it only
/// once wasm-opt has succeeded; a failed run is tried once more. (binaryen's
/// npm build of wasm-opt crashed once in Node with "memory access out of
/// bounds" on the Kubewarden module, which the same command then optimised
/// three times in a row: a CI run should not fail on that.)
pub fn wasm_opt_at(file: &Path, level: &str) -> Result<(), String> {
    let out = file.with_extension("opt.wasm");
    let name = format!(
        "wasm-opt {}",
        file.file_name().unwrap_or_default().to_string_lossy()
    );
    // The same input at the same level gives the same output: a warm
    // `cargo xtask run` takes it from the cache (wasm-opt took most of its
    // 84 s when nothing had changed).
    let input = std::fs::read(file).map_err(|e| format!("{name}: {e}"))?;
    let cached = target_dir()
        .join("wasm-opt-cache")
        .join(format!("{:016x}.wasm", cache_key(&input, level)));
    if cached.exists() {
        println!("{name}: unchanged input, from the cache");
        return std::fs::copy(&cached, file)
            .map(drop)
            .map_err(|e| format!("{name}: {e}"));
    }
    let run = || {
        let mut cmd = Command::new(setup::wasm_opt());
        cmd.arg(level);
        // For size, until another pass finds nothing to shrink (about 0.6 KB
        // gzip of the element).
        if level == "-Oz" {
            cmd.arg("--converge");
        }
        cmd.args(["--enable-bulk-memory", "--enable-nontrapping-float-to-int"])
            .args([
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
            ])
            .args(["--enable-multivalue", "--strip-debug", "--strip-producers"])
            .arg(file)
            .arg("-o")
            .arg(&out);
        stage(&name, cmd)
    };
    if let Err(first) = run() {
        println!("{first}; trying once more");
        run()?;
    }
    std::fs::rename(&out, file).map_err(|e| format!("{name}: {e}"))?;
    if let Some(dir) = cached.parent() {
        let _ = std::fs::create_dir_all(dir);
        let _ = std::fs::copy(file, &cached);
    }
    Ok(())
}

/// FNV-1a over the input, the level and the pinned binaryen version.
fn cache_key(input: &[u8], level: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let package = std::fs::read_to_string(root().join("package.json")).unwrap_or_default();
    for byte in input
        .iter()
        .chain(level.as_bytes())
        .chain(package.as_bytes())
    {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Total raw bytes, total gzip bytes, and (name, raw, gzip) per file.
pub type Sizes = (u64, u64, Vec<(String, u64, u64)>);

/// Brotli size (quality 11), by Node's zlib: no other tool needed.
pub fn brotli_size(path: &Path) -> Option<u64> {
    let out = Command::new("node")
        .arg("-e")
        .arg("const z=require('zlib'),fs=require('fs');process.stdout.write(String(z.brotliCompressSync(fs.readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))")
        .arg(path)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// Raw and gzip sizes of the files in `dir` (recursively) whose names end in
/// one of `exts`.
pub fn sizes(dir: &Path, exts: &[&str]) -> Result<Sizes, String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if exts.iter().any(|x| path.to_string_lossy().ends_with(x)) {
                let raw = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
                let gz = gzip_size(&path)?;
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                files.push((name, raw, gz));
            }
        }
    }
    files.sort();
    let raw = files.iter().map(|f| f.1).sum();
    let gz = files.iter().map(|f| f.2).sum();
    Ok((raw, gz, files))
}

fn print_sizes(what: &str, budget: u64, dir: &Path, (raw, gz, files): &Sizes) {
    let brotli: u64 = files
        .iter()
        .filter_map(|(name, _, _)| brotli_size(&dir.join(name)))
        .sum();
    let verdict = if *gz <= budget { "within" } else { "OVER" };
    println!(
        "{what}: wasm + JS {:.1} KB raw (after wasm-opt -Oz), {:.1} KB gzip -9, {:.1} KB brotli; {verdict} the budget of {} KB gzip ({gz} of {budget} bytes)",
        *raw as f64 / 1024.0,
        *gz as f64 / 1024.0,
        brotli as f64 / 1024.0,
        budget / 1024
    );
    for (name, r, g) in files {
        println!(
            "  {name:<48} {:>8.1} KB {:>8.1} KB gzip",
            *r as f64 / 1024.0,
            *g as f64 / 1024.0
        );
    }
}

/// The rules' documentation in both languages, which the playground's wasm
/// (built without the core's `docs` feature) loads at start-up.
pub fn write_rule_docs(path: &Path) -> Result<(), String> {
    use kubeshape_core::{rules, Lang};
    let docs = serde_json::json!({ "en": rules::catalogue_json(Lang::En), "zh": rules::catalogue_json(Lang::Zh) });
    std::fs::write(path, docs.to_string()).map_err(|e| format!("{}: {e}", path.display()))
}

/// Rust flags for the browser builds: the source paths a panic message
/// would name are written relative to the workspace and to the crate
/// registry, not as this machine's absolute paths. The `.wasm` then does
/// not depend on where the repository or `CARGO_HOME` sit (a longer path
/// made the size-budgeted widget larger), and is a little smaller.
fn browser_rustflags(cmd: &mut Command) {
    let mut flags = vec![format!("--remap-path-prefix={}/=", root().display())];
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(home) = cargo_home {
        // One folder per registry (`index.crates.io-<hash>`).
        let src = home.join("registry/src");
        for entry in std::fs::read_dir(&src).into_iter().flatten().flatten() {
            flags.push(format!("--remap-path-prefix={}/=", entry.path().display()));
        }
    }
    // (The variable separates flags with spaces: a path with one is left
    // as it is.)
    flags.retain(|f| !f.contains(char::is_whitespace));
    cmd.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        flags.join(" "),
    );
}

/// Builds the playground app (`kubeshape-web` with `features`) into `dir`:
/// its page, `boot.js`, and `pkg/` (wasm-bindgen's output, `wasm-opt`ed).
fn build_app(features: &[&str], dir: &Path, what: &str) -> Result<(), String> {
    let mut build = cargo();
    build
        .args(["build", "--package", "kubeshape-web"])
        .args(features)
        .args([
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "release-wasm",
        ]);
    browser_rustflags(&mut build);
    stage(&format!("build {what} (wasm)"), build)?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let wasm = target_dir().join("wasm32-unknown-unknown/release-wasm/kubeshape-web.wasm");
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "kubeshape_web",
            "--out-dir",
        ])
        .arg(dir.join("pkg"))
        .arg(&wasm);
    stage(&format!("wasm-bindgen {what}"), bindgen)?;
    wasm_opt(&dir.join("pkg/kubeshape_web_bg.wasm"))?;
    // The glue as the element's: minified (41 KB of JavaScript, 7.5 KB
    // gzip, before).
    minify(&dir.join("pkg/kubeshape_web.js"))?;
    copy(&root().join("index.html"), &dir.join("index.html"))?;
    copy(&root().join("web/boot.js"), &dir.join("boot.js"))
}

/// Builds the playground into `<target>/playground` and returns that folder.
pub fn playground() -> Result<PathBuf, String> {
    setup::wasm_targets()?;
    setup::wasm_bindgen()?;
    setup::npm()?;
    let dist = target_dir().join("playground");
    let _ = std::fs::remove_dir_all(&dist);
    build_app(&[], &dist, "playground")?;
    write_rule_docs(&dist.join("rules.json"))?;
    copy(&schema_table(), &dist.join("kubernetes.bin"))?;
    // The gallery's files, fetched when loaded.
    copy_tree(&root().join("examples"), &dist.join("examples"))?;
    let measured = sizes(&dist, &[".wasm", ".js"])?;
    print_sizes("playground", PLAYGROUND_BUDGET, &dist, &measured);
    let docs = dist.join("rules.json");
    let raw = std::fs::metadata(&docs).map_err(|e| e.to_string())?.len();
    println!(
        "  {:<48} {:>8.1} KB {:>8.1} KB gzip (rule texts, fetched in parallel with the first lint; not in the budget above)",
        "rules.json",
        raw as f64 / 1024.0,
        gzip_size(&docs)? as f64 / 1024.0
    );
    print_table_size(
        &dist.join("kubernetes.bin"),
        "fetched in parallel with the first lint",
    )?;
    playground_helm(&dist)?;
    Ok(dist)
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| format!("{}: {e}", from.display()))?
        .flatten()
    {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The playground's Helm mode: the same app built with the chart renderer,
/// at `helm/` (its own page), which the main build opens when a chart is
/// pasted. Loaded only then, it is not in the first paint's budget; its
/// size is reported on its own.
fn playground_helm(dist: &Path) -> Result<(), String> {
    let helm = dist.join("helm");
    build_app(&["--features", "helm"], &helm, "playground, Helm mode")?;
    let (raw, gz, _) = sizes(&helm, &[".wasm", ".js"])?;
    println!(
        "playground, Helm mode (helm/, loaded when a chart is pasted; not in the budget above): wasm + JS {:.1} KB raw, {:.1} KB gzip -9",
        raw as f64 / 1024.0,
        gz as f64 / 1024.0
    );
    Ok(())
}

/// Minifies an ES module in place with terser (npm, pinned in package.json).
fn minify(file: &Path) -> Result<(), String> {
    let mut cmd = Command::new(root().join("node_modules/.bin/terser"));
    cmd.arg(file)
        .args([
            "--module",
            "--compress",
            "--mangle",
            "--comments",
            "false",
            "-o",
        ])
        .arg(file);
    stage(
        &format!(
            "terser {}",
            file.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
        ),
        cmd,
    )
}

/// The schema rules' field table, generated by `cargo xtask schema`.
fn schema_table() -> PathBuf {
    root().join("crates/core/src/schema/kubernetes.bin")
}

fn print_table_size(path: &Path, when: &str) -> Result<(), String> {
    let raw = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    println!(
        "  {:<48} {:>8.1} KB {:>8.1} KB gzip (Kubernetes field table, {when}; not in the budget above)",
        path.file_name().and_then(|n| n.to_str()).unwrap_or_default(),
        raw as f64 / 1024.0,
        gzip_size(path)? as f64 / 1024.0
    );
    Ok(())
}

/// Builds the npm package (wasm-pack, targets web and bundler, plus the
/// `<kubeshape-lint>` element) into `<target>/npm/kubeshape`.
pub fn npm_package() -> Result<PathBuf, String> {
    setup::wasm_targets()?;
    setup::wasm_bindgen()?;
    setup::wasm_pack()?;
    setup::npm()?;
    let crate_dir = root().join("crates/wasm");
    let pkg = target_dir().join("npm/kubeshape");
    let _ = std::fs::remove_dir_all(&pkg);
    // `web` and `bundler` carry the whole API, docs included; `element` is
    // the <kubeshape-lint> build, without the docs, which it loads from
    // rules.json (so readers download less).
    // The element is size-budgeted (opt-level z, wasm-opt -Oz); the full
    // builds are for programs that call lint() in loops, so they are built
    // for speed.
    for (dir, target, docs, profile, level) in [
        ("web", "web", true, "release-wasm-fast", "-O3"),
        ("bundler", "bundler", true, "release-wasm-fast", "-O3"),
        ("element", "web", false, "release-wasm", "-Oz"),
    ] {
        let out = pkg.join(dir);
        let mut cmd = Command::new("wasm-pack");
        cmd.current_dir(root())
            .env("CARGO_TARGET_DIR", target_dir())
            .args([
                "build",
                "--mode",
                "no-install",
                "--no-opt",
                "--no-pack",
                "--profile",
                profile,
            ])
            .args(["--target", target, "--out-name", "kubeshape", "--out-dir"])
            .arg(&out)
            .arg(&crate_dir);
        if !docs {
            cmd.args(["--", "--no-default-features"]);
        }
        browser_rustflags(&mut cmd);
        stage(&format!("wasm-pack {dir} (--target {target})"), cmd)?;
        let _ = std::fs::remove_file(out.join(".gitignore"));
        wasm_opt_at(&out.join("kubeshape_bg.wasm"), level)?;
    }
    let npm = crate_dir.join("npm");
    for file in ["kubeshape-lint.js", "kubeshape-lint.d.ts"] {
        copy(&crate_dir.join("js").join(file), &pkg.join(file))?;
    }
    // What a documentation page downloads is minified: the element and the
    // element build's glue (the readable source stays in crates/wasm/js).
    minify(&pkg.join("kubeshape-lint.js"))?;
    minify(&pkg.join("element/kubeshape.js"))?;
    copy(&crate_dir.join("README.md"), &pkg.join("README.md"))?;
    write_rule_docs(&pkg.join("rules.json"))?;
    copy(&schema_table(), &pkg.join("kubernetes.bin"))?;
    copy(&root().join("LICENSE"), &pkg.join("LICENSE"))?;
    let manifest = std::fs::read_to_string(npm.join("package.json")).map_err(|e| e.to_string())?;
    let version = setup::locked_version("kubeshape-wasm")?;
    std::fs::write(
        pkg.join("package.json"),
        manifest.replace("0.0.0-workspace", &version),
    )
    .map_err(|e| e.to_string())?;
    // What a page that uses the element downloads: the web build and the element.
    let web = sizes(&pkg.join("element"), &[".wasm", ".js"])?;
    let element = std::fs::metadata(pkg.join("kubeshape-lint.js"))
        .map_err(|e| e.to_string())?
        .len();
    let element_gz = gzip_size(&pkg.join("kubeshape-lint.js"))?;
    let mut widget = web;
    widget.0 += element;
    widget.1 += element_gz;
    widget
        .2
        .push(("../kubeshape-lint.js".into(), element, element_gz));
    print_sizes("widget", WIDGET_BUDGET, &pkg.join("element"), &widget);
    let docs = pkg.join("rules.json");
    println!(
        "  {:<48} {:>8.1} KB gzip (rule texts, fetched when the module loads; not in the budget above)",
        "../rules.json",
        gzip_size(&docs)? as f64 / 1024.0
    );
    print_table_size(&pkg.join("kubernetes.bin"), "fetched when the module loads")?;
    Ok(pkg)
}
