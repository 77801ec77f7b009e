//! Criterion benches of the core's stages on the real-world corpus
//! (`tests/corpus/kubernetes-examples`, or `$KUBESHAPE_BENCH_CORPUS`)
//! and on 10× and 100× copies of it: parse, objects + index, the whole
//! lint, and the JSON report (as a string, and as the CLI streams it).
//! `cargo xtask bench` runs them;
//! `KUBESHAPE_BENCH_QUICK=1` leaves out the 100× copy.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kubeshape_core::model::{self, index::Index};
use kubeshape_core::parse::{parse, Limits, SourceFile};
use kubeshape_core::report::JsonStream;
use kubeshape_core::{lint, Input, Lang, Settings};

fn corpus() -> Vec<(String, String)> {
    let dir = std::env::var_os("KUBESHAPE_BENCH_CORPUS").map_or_else(
        || manifest_dir().join("../../tests/corpus/kubernetes-examples"),
        PathBuf::from,
    );
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    files.sort();
    files
}

fn copies(files: &[(String, String)], n: usize) -> Vec<(String, String)> {
    (0..n)
        .flat_map(|i| {
            files
                .iter()
                .map(move |(name, text)| (format!("{i}/{name}"), text.clone()))
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let base = corpus();
    let quick = std::env::var_os("KUBESHAPE_BENCH_QUICK").is_some();
    let sizes: &[usize] = if quick { &[1, 10] } else { &[1, 10, 100] };
    let settings = Settings::default();
    let limits = Limits::default();
    for &n in sizes {
        let files = copies(&base, n);
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let mut group = c.benchmark_group(format!("corpus-x{n}"));
        group
            .throughput(Throughput::Bytes(bytes as u64))
            .sample_size(if n >= 100 { 10 } else { 20 })
            .measurement_time(Duration::from_secs(if quick { 2 } else { 5 }))
            .warm_up_time(Duration::from_secs(1));
        group.bench_function(BenchmarkId::new("parse", n), |b| {
            b.iter(|| {
                for (_, text) in &files {
                    black_box(parse(text, &limits));
                }
            })
        });
        let parsed: Vec<SourceFile<'_>> = files
            .iter()
            .map(|(name, text)| SourceFile::new(name, text, parse(text, &limits)).0)
            .collect();
        group.bench_function(BenchmarkId::new("objects+index", n), |b| {
            b.iter(|| {
                let objects = model::objects(&parsed);
                let index = Index::new(&objects);
                black_box(index.of_kind("Service").len());
            })
        });
        let inputs: Vec<Input<'_>> = files
            .iter()
            .map(|(name, text)| Input::new(name, text))
            .collect();
        group.bench_function(BenchmarkId::new("lint", n), |b| {
            b.iter(|| black_box(lint(&inputs, &settings)))
        });
        let report = lint(&inputs, &settings);
        group.bench_function(BenchmarkId::new("report-json", n), |b| {
            b.iter(|| black_box(report.to_json_string(Lang::En, None, false)))
        });
        // The report as `kubeshape check --format json` writes it: pretty,
        // streamed through a 64 KB buffer (here into nothing).
        group.bench_function(BenchmarkId::new("report-stream", n), |b| {
            b.iter(|| {
                let mut sink = std::io::BufWriter::with_capacity(1 << 16, std::io::sink());
                let mut stream = JsonStream::new(&mut sink, Lang::En, true);
                stream.findings(&report, &report.findings);
                black_box(stream.finish(&report).is_ok())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);

/// The package directory: cargo's run-time value first, so a binary built
/// from another checkout that shares the target directory (CI) does not read
/// that checkout's files.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || env!("CARGO_MANIFEST_DIR").into(),
        std::path::PathBuf::from,
    )
}
