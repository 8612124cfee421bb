//! Peak heap and time of `Error::from_body` against `serde_json::from_slice::<Value>` on the
//! same bytes, for every shape of body: standard and unknown codes, a 10 MB array, many keys,
//! a long string, deep nesting, a non-string errcode after a large key, invalid UTF-8 (whole
//! and inside an object), a large HTML page.
//!
//! Heap is counted by a global allocator that keeps the bytes in use and their high-water
//! mark; each arm runs once, on its own, with the mark reset before it. Time is the fastest of
//! a few runs. `memory` prints one line per body: bytes, then per arm peak heap and time, then
//! the ratios `from_body / Value`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// counters are plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System::alloc`'s.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grow(layout.size());
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // Both blocks may be live during the copy: count the new one first.
            grow(new_size);
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}

fn grow(size: usize) {
    let now = IN_USE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak heap `run` adds above what was in use before it, and its fastest time.
fn measure(run: &dyn Fn()) -> (usize, Duration) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    run();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let mut fastest = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        run();
        fastest = fastest.min(start.elapsed());
    }
    (peak, fastest)
}

/// A JSON array of `n` small integers.
fn array(n: usize) -> String {
    let mut out = String::with_capacity(n * 7);
    out.push('[');
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&(i % 100_000).to_string());
    }
    out.push(']');
    out
}

fn bodies() -> Vec<(&'static str, u16, Vec<u8>)> {
    const TEN_MB: usize = 10 << 20;
    let big_array = array(TEN_MB / 6);
    let many_keys: String = (0..200_000).map(|i| format!(",\"key{i}\":{i}")).collect();
    let long_string = "x".repeat(TEN_MB);
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let mut invalid_inside = br#"{"errcode":"M_FORBIDDEN","error":""#.to_vec();
    invalid_inside.extend(std::iter::repeat_n(b'a', TEN_MB));
    invalid_inside.extend_from_slice(b"\xFF\xFE\"}");
    vec![
        (
            "standard",
            429,
            br#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}"#
                .to_vec(),
        ),
        (
            "unknown code, 3 keys",
            403,
            br#"{"errcode":"COM.EXAMPLE.APP_QUOTA","error":"Quota reached","limit":1000,"used":1000,"reset_at":"2026-01-01T00:00:00Z"}"#
                .to_vec(),
        ),
        (
            "unknown code, 10 MB array",
            400,
            format!(r#"{{"errcode":"COM.EXAMPLE_BIG","error":"big","items":{big_array}}}"#).into(),
        ),
        (
            "known code, 10 MB array",
            403,
            format!(r#"{{"errcode":"M_FORBIDDEN","error":"big","items":{big_array}}}"#).into(),
        ),
        (
            "unknown code, 200k keys",
            400,
            format!(r#"{{"errcode":"COM.EXAMPLE_MANY","error":"many"{many_keys}}}"#).into(),
        ),
        (
            "10 MB message",
            400,
            format!(r#"{{"errcode":"M_FORBIDDEN","error":"{long_string}"}}"#).into(),
        ),
        (
            "nested 100 deep",
            400,
            format!(r#"{{"errcode":"COM.EXAMPLE_DEEP","error":"deep","deep":{deep}}}"#).into(),
        ),
        (
            "10 MB array, then errcode 5",
            400,
            format!(r#"{{"items":{big_array},"errcode":5}}"#).into(),
        ),
        ("100 MB of 0xFF", 502, vec![0xFF; 100 << 20]),
        ("10 MB object, invalid UTF-8", 403, invalid_inside),
        (
            "10 MB HTML",
            502,
            format!("<html>{}</html>", "<p>Bad Gateway</p>".repeat(TEN_MB / 18)).into(),
        ),
    ]
}

fn main() {
    println!(
        "{:<30} {:>10} | {:>12} {:>10} | {:>12} {:>10} | {:>9} {:>9}",
        "body", "bytes", "from_body", "time", "Value", "time", "heap", "time"
    );
    for (name, status, bytes) in bodies() {
        let (ours, our_time) = measure(&|| {
            black_box(matrix_error::Error::from_body(status, black_box(&bytes)));
        });
        let (value, value_time) = measure(&|| {
            let _ = black_box(serde_json::from_slice::<serde_json::Value>(black_box(
                &bytes,
            )));
        });
        let ratio = |a: f64, b: f64| {
            if b > 0.0 {
                format!("{:.2}x", a / b)
            } else {
                "-".to_owned()
            }
        };
        println!(
            "{name:<30} {:>10} | {:>12} {:>10.2?} | {:>12} {:>10.2?} | {:>9} {:>9}",
            bytes.len(),
            ours,
            our_time,
            value,
            value_time,
            ratio(ours as f64, value as f64),
            ratio(our_time.as_secs_f64(), value_time.as_secs_f64()),
        );
    }
}
