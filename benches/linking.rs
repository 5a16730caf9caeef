//! Load and link a generated 1,000-document hub: reading and parsing every file, then the
//! journey graph (stage lists, terms, `@/` links and anchors, related, backlinks), which
//! renders every body once.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use journeyhub::BuildOptions;
use std::hint::black_box;
use std::time::Duration;

fn linking(c: &mut Criterion) {
    let dir = common::corpus(1000);
    let mut options = BuildOptions::new(common::site(&dir));
    options.now = Some(common::NOW.parse().expect("a valid time"));
    let (site, _, warnings) = journeyhub::load(&options).expect("the generated hub loads");
    assert_eq!(
        warnings.errors().count(),
        0,
        "the generated hub has no errors"
    );

    let mut group = c.benchmark_group("hub_1000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("load_and_link", |b| {
        b.iter(|| black_box(journeyhub::load(black_box(&options)).is_ok()))
    });
    group.bench_function("link", |b| {
        b.iter(|| black_box(journeyhub::link::link(black_box(&site))))
    });
    group.finish();
}

criterion_group!(benches, linking);
criterion_main!(benches);
