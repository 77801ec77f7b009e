//! The core's feature sets as the faces ship them, read from the faces'
//! own manifests, so that `cargo xtask test` runs the core's tests with
//! each (no face's build is then tested only in a browser).

use std::process::Command;

use crate::{cargo, root, stage};

/// (face, the core features its build enables), one row per distinct set.
pub fn face_sets() -> Result<Vec<(String, Vec<String>)>, String> {
    let read =
        |path: &str| std::fs::read_to_string(root().join(path)).map_err(|e| format!("{path}: {e}"));
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    // A face that depends on the Helm renderer (kubeshape-helm) has the
    // core's `rendered` too, which the renderer turns on.
    for (face, manifest) in [
        ("CLI", "crates/cli/Cargo.toml"),
        ("playground", "web/Cargo.toml"),
        ("Kubewarden module", "crates/kubewarden/Cargo.toml"),
    ] {
        let text = read(manifest)?;
        let mut set = core_features(&text, manifest)?;
        let helm = text.lines().find(|l| l.starts_with("kubeshape-helm"));
        if helm.is_some_and(|l| !l.contains("optional = true")) {
            set.push("rendered".to_owned());
        }
        if helm.is_some_and(|l| l.contains("optional = true")) {
            // The playground's Helm mode: the same build with the renderer.
            let mut with = set.clone();
            with.push("rendered".to_owned());
            sets.push((format!("{face} (Helm mode)"), with));
        }
        sets.push((face.to_owned(), set));
    }
    // The npm package's `web` and `bundler` builds take the wasm crate's
    // default features (each one the core's of the same name, but `helm`,
    // the renderer, which turns on the core's `rendered`); the
    // `<kubeshape-lint>` element's build takes none.
    let wasm = read("crates/wasm/Cargo.toml")?;
    let npm = list_after(&wasm, "default = ")?
        .into_iter()
        .map(|f| {
            if f == "helm" {
                "rendered".to_owned()
            } else {
                f
            }
        })
        .collect();
    sets.push(("npm package".to_owned(), npm));
    sets.push(("<kubeshape-lint> element".to_owned(), Vec::new()));
    let mut distinct: Vec<(String, Vec<String>)> = Vec::new();
    for (face, mut set) in sets {
        set.sort();
        match distinct.iter_mut().find(|(_, s)| *s == set) {
            Some((faces, _)) => {
                faces.push_str(", ");
                faces.push_str(&face);
            }
            None => distinct.push((face, set)),
        }
    }
    Ok(distinct)
}

/// The `features = [...]` of the `kubeshape-core` dependency line.
fn core_features(manifest: &str, path: &str) -> Result<Vec<String>, String> {
    let line = manifest
        .lines()
        .find(|l| l.starts_with("kubeshape-core"))
        .ok_or_else(|| format!("{path}: no kubeshape-core dependency"))?;
    match line.find("features = ") {
        Some(at) => list_after(&line[at..], "features = "),
        None => Ok(Vec::new()),
    }
}

/// The strings of the TOML array that follows `key`.
fn list_after(text: &str, key: &str) -> Result<Vec<String>, String> {
    let start = text.find(key).ok_or_else(|| format!("no `{key}`"))? + key.len();
    let rest = &text[start..];
    let end = rest
        .find(']')
        .ok_or_else(|| format!("`{key}` is not a list"))?;
    Ok(rest[..end]
        .trim_start_matches('[')
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_owned())
        .filter(|s| !s.is_empty())
        .collect())
}

/// Runs the core's tests once for each face's feature set.
pub fn test_each_face_set() -> Result<(), String> {
    for (faces, set) in face_sets()? {
        let mut cmd: Command = cargo();
        cmd.env("INSTA_UPDATE", "no").args([
            "test",
            "--package",
            "kubeshape-core",
            "--no-default-features",
            "--features",
            &set.join(","),
        ]);
        let shown = if set.is_empty() {
            "none".to_owned()
        } else {
            set.join(", ")
        };
        stage(
            &format!("core tests, features of the {faces} ({shown})"),
            cmd,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_face_has_a_set_and_the_element_has_none() {
        let sets = super::face_sets().expect("the manifests read");
        let faces: Vec<&str> = sets.iter().map(|(f, _)| f.as_str()).collect();
        for face in ["CLI", "playground", "Kubewarden", "npm", "element"] {
            assert!(faces.iter().any(|f| f.contains(face)), "{face}: {faces:?}");
        }
        assert!(sets
            .iter()
            .any(|(f, s)| f.contains("element") && s.is_empty()));
        let playground = sets
            .iter()
            .find(|(f, _)| f.contains("playground"))
            .expect("set");
        assert!(playground.1.contains(&"fixes".to_owned()), "{playground:?}");
    }
}
