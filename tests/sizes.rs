//! The sizes of the runtime crate's types, pinned: an error is moved through every `Result`
//! of a handler, so growing it is a decision, made by changing the numbers here (README,
//! "Performance", says what boxing would save; `bench/src/bin/layout.rs` measures it).
//!
//! Pinned for 64-bit Unix targets, where `SystemTime` (in `RetryAfter`) is 16 bytes.

#![cfg(all(target_pointer_width = "64", unix))]

use std::mem::size_of;

use matrix_error::{Error, ErrorKind, RetryAfter};

#[test]
fn retry_after_is_a_duration_or_a_time_and_a_tag() {
    assert_eq!(size_of::<RetryAfter>(), 24);
    assert_eq!(size_of::<Option<RetryAfter>>(), 24, "`None` takes no room");
}

/// The largest kind is `Custom { errcode: String, extra: Map }`, 48 bytes, with the tag in
/// the `String`'s spare values.
#[test]
fn error_kind_is_as_large_as_custom() {
    assert_eq!(size_of::<ErrorKind>(), 48);
    assert_eq!(size_of::<Option<ErrorKind>>(), 48);
}

/// Status, the body's form (a byte beside the status), kind, message, and one pointer for what
/// most errors lack (the keys the kind does
/// not hold, a `Retry-After` beside the kind), boxed.
#[test]
fn error_is_pinned() {
    assert_eq!(size_of::<Error>(), 88);
    assert_eq!(size_of::<Result<(), Error>>(), 88, "`Ok(())` takes no room");
}
