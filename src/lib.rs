//! The workspace's root package: it owns the integration tests under `tests/`, the trybuild
//! driver for `ui-tests/` and the examples. It is not published and has no code of its own.

// The README's Rust examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
