//! Times each rule alone on a folder: `rule-times DIR` (a profiling aid).
use std::time::Instant;

use kubeshape_core::rules::all;
use kubeshape_core::{lint, Input, Settings};

fn main() {
    let dir = std::env::args().nth(1).expect("DIR");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    files.sort();
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t)).collect();
    let none = Settings {
        exclude: vec!["all".into()],
        ..Settings::default()
    };
    let mut base = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        lint(&inputs, &none);
        base = base.min(t.elapsed().as_secs_f64() * 1e3);
    }
    println!("no rules (parse+model+index): {base:.1} ms");
    let mut rows = Vec::new();
    for rule in all() {
        let id = rule.meta().id;
        let s = Settings {
            include: vec![id.into()],
            exclude: all()
                .iter()
                .map(|r| r.meta().id.to_owned())
                .filter(|r| r != id)
                .collect(),
            ..Settings::default()
        };
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..3 {
            let t = Instant::now();
            n = lint(&inputs, &s).findings.len();
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
        }
        rows.push((best - base, id, n));
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, id, n) in rows.iter() {
        println!("{ms:8.2} ms  {id} ({n} findings)");
    }
}
