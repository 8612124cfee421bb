//! The compile-fail suite: every compile-time check of `#[derive(MatrixError)]` has a case
//! `ui-tests/NAME.rs` and the compiler output a user sees for it, `ui-tests/NAME.stderr`.
//!
//! rustc's diagnostics change between versions, so the snapshots are compared only on the
//! compiler they were written with; on any other, `ui` is reported as ignored. Regenerate
//! them with `TRYBUILD=overwrite cargo test --all-features --test ui` and read every changed
//! `.stderr`. The cases of `ui-tests/ruma/` need the `ruma` feature; those of
//! `ui-tests/features-off/` need the features off, and run in `tests/ui_features_off.rs`.

use std::path::Path;

/// Fewer cases than this means the directory or the glob is broken, not that the suite passed.
const MIN_CASES: usize = 25;

/// Counts `ui-tests/*.rs` without trybuild, which would pass on a glob that matches nothing.
fn count_cases() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui-tests");
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
    let cases = entries
        .map(|entry| entry.expect("ui-tests entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .count();
    assert!(
        cases >= MIN_CASES,
        "found {cases} ui-tests/*.rs cases, expected at least {MIN_CASES}"
    );
    cases
}

/// The directory holds the cases, on any compiler.
#[test]
fn ui_cases_exist() {
    count_cases();
}

/// On a compiler other than the one the snapshots were written with, the test is reported as
/// ignored (with the reason), never as passed.
#[rustversion::attr(
    not(all(stable, since(1.95), before(1.96))),
    ignore = "the ui-tests snapshots are stable rustc 1.95's output; run `cargo +1.95 test --test ui`"
)]
#[test]
fn ui() {
    count_cases();
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui-tests/*.rs");
    // Cases about ruma's types, which need the feature to name them.
    if cfg!(feature = "ruma") {
        cases.compile_fail("ui-tests/ruma/*.rs");
    }
}
