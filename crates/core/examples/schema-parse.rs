//! Times reading the schema table (what each fresh Kubewarden instance pays
//! on its first call): `schema-parse`.
use std::time::Instant;

fn main() {
    let bytes: &'static [u8] = include_bytes!("../src/schema/kubernetes.bin");
    let mut best = f64::MAX;
    for _ in 0..200 {
        let t = Instant::now();
        let s = kubeshape_core::schema::Schema::parse(bytes).expect("table");
        std::hint::black_box(&s);
        best = best.min(t.elapsed().as_secs_f64() * 1e6);
    }
    println!("Schema::parse: {best:.0} µs (best of 200)");
}
