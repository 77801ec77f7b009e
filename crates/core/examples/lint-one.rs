//! Lints one file N times (a profiling aid for the browser's re-lint):
//! `lint-one FILE [N]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("FILE");
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let text = std::fs::read_to_string(&path).expect("read");
    let settings = kubeshape_core::Settings::default();
    let mut findings = 0;
    for _ in 0..n {
        findings = kubeshape_core::lint_str(&path, &text, &settings)
            .findings
            .len();
    }
    println!("{findings} findings");
}
