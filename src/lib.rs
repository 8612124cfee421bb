//! The workspace's root package: it owns the integration tests under `tests/`, the trybuild
//! driver for `ui-tests/` and the examples. It is not published and has no code of its own.
