//! The compile errors of an integration key without its feature (`#[matrix(axum)]` without
//! matrix-error's `axum` feature): each names the feature to turn on, at the key.
//!
//! These cases need the features off, so this test exists only in a build without them; CI
//! runs it as `cargo test --test ui_features_off`. Like `tests/ui.rs`, the snapshots are
//! compared only on the compiler they were written with; regenerate them with
//! `TRYBUILD=overwrite cargo test --test ui_features_off`.

#![cfg(not(any(feature = "axum", feature = "actix-web", feature = "ruma")))]

#[rustversion::attr(
    not(all(stable, since(1.95), before(1.96))),
    ignore = "the ui-tests snapshots are stable rustc 1.95's output; run `cargo +1.95 test --test ui_features_off`"
)]
#[test]
fn integration_keys_name_the_feature_they_need() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui-tests/features-off");
    let cases = std::fs::read_dir(&dir)
        .expect("ui-tests/features-off")
        .filter(|entry| {
            let path = entry.as_ref().expect("an entry").path();
            path.extension().is_some_and(|ext| ext == "rs")
        })
        .count();
    assert_eq!(cases, 3, "one case per integration key");
    trybuild::TestCases::new().compile_fail("ui-tests/features-off/*.rs");
}
