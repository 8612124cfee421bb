//! Reading a response body on the client, each arm on the same bodies:
//! `matrix_error::Error::from_body`, a hand-written `serde_json::from_slice` and ruma's
//! `Error::from_http_response`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use matrix_error_bench::{BODIES, PARSE_ARMS};

fn parse(c: &mut Criterion) {
    for &(name, status, body) in BODIES {
        // On the heap, as in `report run`: the same alignment in every build.
        let body = body.to_vec();
        let body = body.as_slice();
        let mut group = c.benchmark_group(format!("parse_{name}"));
        for &(arm, run) in PARSE_ARMS {
            group.bench_function(arm, |b| b.iter(|| run(black_box(status), black_box(body))));
        }
        group.finish();
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);
