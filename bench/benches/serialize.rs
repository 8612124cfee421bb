//! `Body(&e)` against a hand-written `#[derive(Serialize)]` body and against
//! `error_dict()`, for each shape of variant; `zulip::Body` and `mastodon::Body` against
//! hand-written bodies of the same bytes. Every arm writes the same object.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use matrix_error_bench::{DIALECT_ARMS, SERIALIZE_ARMS, cases};

fn serialize(c: &mut Criterion) {
    for (name, error) in cases() {
        let mut group = c.benchmark_group(format!("serialize_{name}"));
        let mut buf = Vec::with_capacity(256);
        for &(arm, run) in SERIALIZE_ARMS {
            group.bench_function(arm, |b| b.iter(|| run(black_box(&error), &mut buf)));
        }
        group.finish();
    }
    // The dialects' bodies, each against a hand-written body of the same bytes.
    for (kind, arms) in DIALECT_ARMS {
        for (name, error) in cases() {
            let mut group = c.benchmark_group(format!("{kind}_{name}"));
            let mut buf = Vec::with_capacity(256);
            for &(arm, run) in *arms {
                group.bench_function(arm, |b| b.iter(|| run(black_box(&error), &mut buf)));
            }
            group.finish();
        }
    }
}

criterion_group!(benches, serialize);
criterion_main!(benches);
