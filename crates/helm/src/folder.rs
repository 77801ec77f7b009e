//! A chart folder read from disk: the one place this crate touches the
//! file system, outside the render API (which takes files, so the browser
//! faces render what was pasted). Not in the wasm builds.

use std::path::Path;

use crate::ChartFile;

/// The files of the chart at `root` (paths from it, `/`-separated), hidden
/// folders and what its `.helmignore` names left out, `charts/*.tgz`
/// unpacked, files that are not text left out.
pub fn read(root: &Path) -> Vec<ChartFile> {
    let ignore = std::fs::read_to_string(root.join(".helmignore")).unwrap_or_default();
    let rules = Rules::parse(&ignore);
    let mut raw = Vec::new();
    walk(root, root, &rules, &mut raw);
    crate::chart_files(raw)
}

fn walk(root: &Path, dir: &Path, rules: &Rules, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') && !rules.ignore(&rel, true) {
                walk(root, &path, rules, out);
            }
        } else if rules.ignore(&rel, false) {
            continue;
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((rel, bytes));
        }
    }
}

/// One line of a `.helmignore`.
struct Rule {
    pattern: String,
    negate: bool,
    /// A trailing `/`: folders only.
    dir_only: bool,
    /// No `/` in it: matched against the file's name alone.
    base: bool,
}

/// A `.helmignore`, read as Helm reads it (`pkg/ignore`): one shell glob
/// per line, `#` comments; `!` negates, a trailing `/` matches folders
/// only, a leading `/` anchors at the chart's folder; a pattern without
/// `/` is matched against the name alone, one with `/` against the path.
/// Helm's default, `templates/.?*`, comes last. (`**` is not supported:
/// Helm refuses the file; here the line is left out.)
pub struct Rules(Vec<Rule>);

impl Rules {
    pub fn parse(text: &str) -> Rules {
        let rules = text
            .lines()
            .chain(["templates/.?*"])
            .filter_map(|line| {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') || line.contains("**") {
                    return None;
                }
                let (negate, rest) = match line.strip_prefix('!') {
                    Some(r) => (true, r),
                    None => (false, line),
                };
                let (dir_only, rest) = match rest.strip_suffix('/') {
                    Some(r) => (true, r),
                    None => (false, rest),
                };
                let base = !rest.contains('/');
                Some(Rule {
                    pattern: rest.trim_start_matches('/').to_owned(),
                    negate,
                    dir_only,
                    base,
                })
            })
            .collect();
        Rules(rules)
    }

    /// Whether the file or folder at `path` (from the chart's folder) is
    /// left out. As Helm's `Ignore`: the first rule that decides does; a
    /// negated rule decides "left out" for what it does not match.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        for r in &self.0 {
            let name = match r.base {
                true => path.rsplit('/').next().unwrap_or(path),
                false => path,
            };
            let hit = crate::glob::matches(&r.pattern, name);
            if r.negate {
                if (r.dir_only && !is_dir) || !hit {
                    return true;
                }
                continue;
            }
            if r.dir_only && !is_dir {
                continue;
            }
            if hit {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helmignore_rules_match_as_helm_reads_them() {
        let rules =
            Rules::parse("# backups\n*.bak\nci/\n/README.md\ntemplates/secret.yaml\n**/x\n");
        assert!(rules.ignore("values.yaml.bak", false));
        assert!(
            rules.ignore("templates/deployment.yaml.bak", false),
            "a name pattern matches at any depth"
        );
        assert!(rules.ignore("ci", true));
        assert!(
            !rules.ignore("ci", false),
            "a folder pattern leaves a file of that name"
        );
        assert!(rules.ignore("README.md", false));
        assert!(rules.ignore("templates/secret.yaml", false));
        assert!(!rules.ignore("templates/deployment.yaml", false));
        assert!(!rules.ignore("x", false), "`**` lines are left out");
        // Helm's default: dotfiles in templates/.
        assert!(rules.ignore("templates/.hidden.yaml", false));
        assert!(!Rules::parse("").ignore("templates/a.yaml", false));
    }

    #[test]
    fn a_chart_folder_leaves_out_what_its_helmignore_names() {
        let dir = std::env::temp_dir().join(format!("kubeshape-helmignore-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::create_dir_all(dir.join("ci")).unwrap();
        std::fs::write(
            dir.join("Chart.yaml"),
            "apiVersion: v2\nname: a\nversion: 1.0.0\n",
        )
        .unwrap();
        std::fs::write(dir.join(".helmignore"), "*.bak\nci/\n").unwrap();
        std::fs::write(dir.join("templates/cm.yaml"), "kind: ConfigMap\n").unwrap();
        std::fs::write(dir.join("templates/cm.yaml.bak"), "{{ broken\n").unwrap();
        std::fs::write(dir.join("ci/values.yaml"), "a: 1\n").unwrap();
        let paths: Vec<String> = read(&dir).into_iter().map(|f| f.path).collect();
        // (Helm keeps the .helmignore itself among the chart's files.)
        assert_eq!(paths, [".helmignore", "Chart.yaml", "templates/cm.yaml"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
