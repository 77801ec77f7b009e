//! `kubeshape fix`: the rules' fixes applied to files, as a diff, in place,
//! or from stdin to stdout.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use kubeshape_cli::repo::{ReadOptions, Source};
use kubeshape_core::diagnostic::Role;
use kubeshape_core::fix::{fix_as, Filter, Fixed};
use kubeshape_core::{rules, Lang};

use crate::{read_crds, read_sources, settings_for, FixArgs};

/// Writes `text` to `path` without ever leaving a half-written file: a
/// temporary file beside it (same file system, same permissions), flushed to
/// disk, then renamed over the original.
fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.kubeshape-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A fixed file: written in place (`write`), or its unified diff printed.
/// False when it could not be written (the error is printed).
fn emit(stdout: &mut impl Write, name: &str, old: &str, new: &str, write: bool) -> bool {
    if write {
        if let Err(e) = write_atomically(Path::new(name), new) {
            eprintln!("error: cannot write {name}: {e}");
            return false;
        }
        return true;
    }
    let diff = similar::TextDiff::from_lines(old, new);
    let patch = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    let _ = stdout.write_all(patch.as_bytes());
    true
}

fn summary(lang: Lang, fixes: usize, files: usize, remaining: usize, wrote: bool) -> String {
    let plural =
        |n: usize, one: &str, more: &str| format!("{n} {}", if n == 1 { one } else { more });
    let (what, in_files) = (
        plural(fixes, "fix", "fixes"),
        plural(files, "file", "files"),
    );
    let (en, zh) = match (fixes, wrote) {
        (0, _) => ("nothing to fix".to_owned(), "没有可修复的问题".to_owned()),
        (n, true) => (
            format!("applied {what} in {in_files}"),
            format!("已在 {files} 个文件中应用 {n} 处修复"),
        ),
        (n, false) => (
            format!(
                "{what} in {in_files} (run with --write to apply {})",
                if n == 1 { "it" } else { "them" }
            ),
            format!("{files} 个文件中有 {n} 处修复（加上 --write 以应用）"),
        ),
    };
    let (more_en, more_zh) = if remaining > 0 {
        (
            format!(
                "; {remaining} more {} a decision (see {} with `kubeshape check`, apply {} with --review)",
                if remaining == 1 { "needs" } else { "need" },
                if remaining == 1 { "it" } else { "them" },
                if remaining == 1 { "it" } else { "them" }
            ),
            format!("；另有 {remaining} 处需要你来决定（用 `kubeshape check` 查看，加上 --review 应用）"),
        )
    } else {
        (String::new(), String::new())
    };
    lang.pick(
        format!("kubeshape fix: {en}{more_en}"),
        format!("kubeshape fix：{zh}{more_zh}"),
    )
}

fn describe(fixed: &Fixed, name: &str, lang: Lang) -> String {
    let mut out = String::new();
    for a in &fixed.applied {
        let safe = if a.safe {
            ""
        } else {
            lang.pick(" (review)", "（请复核）")
        };
        out.push_str(&format!(
            "  {name}:{}: [{}] {}{safe}\n",
            a.line,
            a.rule,
            a.title.get(lang)
        ));
    }
    out
}

/// The log line of a chart fix's outcome, at `name:` its line.
fn outcome(lang: Lang, name: &str, o: &kubeshape_helm::fix::Outcome) -> String {
    let line = o.line;
    match o.not_applied {
        // What was done, in the rule's words (as a manifest's fix is said).
        None => {
            let what = rules::find(o.rule).map(|r| r.meta().fix(lang).into_owned());
            let review = if o.safe {
                ""
            } else {
                lang.pick(" (review)", "（请复核）")
            };
            format!(
                "  {name}:{line}: [{}] {}{review}\n",
                o.rule,
                what.unwrap_or_default()
            )
        }
        Some(why) => lang.pick(
            format!("  {name}:{line}: [{}] not fixed: {why}; fix it by hand\n", o.rule),
            format!(
                "  {name}:{line}: [{}] 未修复：文本由模板动作生成，不在模板或 values 文件里；请手动修复\n",
                o.rule
            ),
        ),
    }
}

pub fn run(args: FixArgs) -> ExitCode {
    let settings = match settings_for(&args.settings, None) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for id in &args.rules {
        if rules::find(id).is_none() {
            let ids = rules::all().iter().map(|r| r.meta().id);
            let hint = kubeshape_core::text::closest(id, ids)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            eprintln!("error: --rule: no rule `{id}`{hint}");
            return ExitCode::from(2);
        }
    }
    let filter = Filter {
        safe_only: !args.review,
        rules: args.rules.clone(),
        ..Filter::default()
    };
    let read = ReadOptions {
        strict: false,
        lenient: args.skip_non_manifests,
    };
    let (sources, mut failed) = read_sources(&args.paths, read);
    let (crds, crd_failed) = read_crds(&settings);
    failed |= crd_failed;
    let others: Vec<kubeshape_core::Input<'_>> = crds
        .iter()
        .map(|s| kubeshape_core::Input::new(&s.name, &s.text).with_role(s.role))
        .collect();
    let mut stdout = io::stdout().lock();
    let mut log = String::new();
    let (mut fixes, mut files, mut remaining) = (0, 0, 0);
    let which = kubeshape_helm::fix::Which {
        safe_only: !args.review,
        rules: args.rules.clone(),
    };
    for Source { name, text, role } in &sources {
        if matches!(role, Role::Skipped(_)) {
            continue;
        }
        // A chart pasted as one text (as `check` reads it): fixed in its
        // templates and values, each under its `# path` line.
        let options = kubeshape_helm::Options::default();
        if let Some((new_text, fixed)) =
            kubeshape_helm::paste::fix_paste(text, &options, &settings, &which)
        {
            for o in &fixed.outcomes {
                let applied = o.not_applied.is_none();
                (fixes, remaining) = (fixes + applied as usize, remaining + !applied as usize);
                log.push_str(&outcome(args.lang, name, o));
            }
            if name == "-" {
                let _ = stdout.write_all(new_text.as_bytes());
            }
            if new_text != *text {
                files += 1;
                if name != "-" {
                    failed |= !emit(&mut stdout, name, text, &new_text, args.write);
                }
            }
            continue;
        }
        let fixed = fix_as(name, text, *role, &others, &settings, &filter);
        remaining += fixed.remaining;
        if name == "-" {
            // stdin: the corrected text is the output.
            let _ = stdout.write_all(fixed.text.as_bytes());
        }
        if fixed.applied.is_empty() {
            continue;
        }
        fixes += fixed.applied.len();
        files += 1;
        log.push_str(&describe(&fixed, name, args.lang));
        if name == "-" {
            continue;
        }
        failed |= !emit(&mut stdout, name, text, &fixed.text, args.write);
    }
    // Charts: their findings' fixes, where the text to change lies
    // literally in a template or a values file.
    for root in kubeshape_cli::helm::find(&args.paths) {
        let chart_files = kubeshape_cli::helm::read_chart(&root);
        let fixed = kubeshape_helm::fix::fix_chart(
            &chart_files,
            &kubeshape_helm::Options::default(),
            &settings,
            &which,
        );
        for o in &fixed.outcomes {
            let name = root.join(&o.path).display().to_string();
            let applied = o.not_applied.is_none();
            (fixes, remaining) = (fixes + applied as usize, remaining + !applied as usize);
            log.push_str(&outcome(args.lang, &name, o));
        }
        for (path, new_text) in &fixed.texts {
            let name = root.join(path).display().to_string();
            let Some(old) = chart_files.iter().find(|f| f.path == *path) else {
                continue;
            };
            files += 1;
            failed |= !emit(&mut stdout, &name, &old.text, new_text, args.write);
        }
    }
    let _ = stdout.flush();
    eprint!("{log}");
    let wrote = args.write || sources.iter().all(|s| s.name == "-");
    eprintln!(
        "{}",
        summary(args.lang, fixes, files, remaining, wrote && fixes > 0)
    );
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::summary;
    use kubeshape_core::Lang;

    #[test]
    fn the_summary_counts_in_words_that_agree() {
        // (language, fixes, files, remaining, written) and the line printed.
        let cases = [
            (
                (Lang::En, 1, 1, 0, false),
                "kubeshape fix: 1 fix in 1 file (run with --write to apply it)",
            ),
            (
                (Lang::En, 2, 3, 1, false),
                "kubeshape fix: 2 fixes in 3 files (run with --write to apply them); 1 more needs a decision (see it with `kubeshape check`, apply it with --review)",
            ),
            (
                (Lang::En, 1, 1, 4, true),
                "kubeshape fix: applied 1 fix in 1 file; 4 more need a decision (see them with `kubeshape check`, apply them with --review)",
            ),
            ((Lang::En, 0, 0, 0, false), "kubeshape fix: nothing to fix"),
            (
                (Lang::Zh, 2, 1, 0, true),
                "kubeshape fix：已在 1 个文件中应用 2 处修复",
            ),
        ];
        for ((lang, fixes, files, remaining, wrote), expected) in cases {
            assert_eq!(summary(lang, fixes, files, remaining, wrote), expected);
        }
    }
}
