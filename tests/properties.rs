//! Property tests of `Error::from_body`: it never panics, loses no key of an error object,
//! and reads back every body it writes.
//!
//! Case counts are set per property below; `PROPTEST_CASES` overrides them all.

mod common;

use matrix_error::{Error, ErrorKind, MatrixError};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Every errcode of the code table (the one copy, read at compile time).
fn table_codes() -> Vec<&'static str> {
    include_str!("../matrix-error-derive/codes.tsv")
        .lines()
        .filter(|line| line.starts_with("M_"))
        .filter_map(|line| line.split('\t').next())
        .collect()
}

/// Keys the standard kinds read, so that generated bodies hit them with every JSON type.
const KNOWN_KEYS: &[&str] = &[
    "retry_after_ms",
    "soft_logout",
    "room_version",
    "admin_contact",
    "current_version",
    "info_uri",
    "can_upgrade",
    "status",
    "body",
    "consent_uri",
    "message",
    "error",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(KNOWN_KEYS).prop_map(str::to_owned),
        2 => "[a-z_]{1,12}",
        1 => any::<String>(),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn errcode() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(table_codes()).prop_map(str::to_owned),
        1 => "[A-Z]{2,4}(\\.[A-Z0-9]{1,6}){1,2}_[A-Z0-9_]{1,12}",
        1 => any::<String>(),
    ]
}

/// A JSON object with a string errcode and any other keys.
fn error_object() -> impl Strategy<Value = Map<String, Value>> {
    (errcode(), prop::collection::btree_map(key(), json(), 0..8)).prop_map(|(errcode, keys)| {
        let mut object: Map<String, Value> = keys.into_iter().collect();
        object.insert("errcode".to_owned(), Value::String(errcode));
        object
    })
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![4 => 400u16..600, 1 => any::<u16>()]
}

/// Checks what holds for every error `from_body` gives: its body serializes, with no key
/// twice, and `Body`, `error_dict` and the `dyn` path agree (the shared helper).
fn check_invariants(error: &Error, status: u16) {
    assert_eq!(error.status(), status);
    common::body(error);
    let _ = error.category();
    let _ = error.is_retryable();
    let _ = error.to_string();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(status in status(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let error = Error::from_body(status, &bytes);
        check_invariants(&error, status);
    }

    #[test]
    fn mutated_valid_bodies_never_panic(
        status in status(),
        object in error_object(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..6),
    ) {
        let mut bytes = serde_json::to_vec(&object).unwrap();
        for (at, op, byte) in edits {
            let at = at.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => { bytes.remove(at); }
                2 if at < bytes.len() => bytes[at] = byte,
                _ => bytes.truncate(at),
            }
        }
        let error = Error::from_body(status, &bytes);
        check_invariants(&error, status);
    }

    /// Every key of the object comes back with its value; `error` is always written (its
    /// text, or "" when it was missing), and a kind may add the keys it always writes.
    #[test]
    fn error_objects_lose_no_key(status in status(), object in error_object()) {
        let bytes = serde_json::to_vec(&object).unwrap();
        let error = Error::from_body(status, &bytes);
        check_invariants(&error, status);
        prop_assert_eq!(error.errcode(), object["errcode"].as_str().unwrap());
        let written = error.error_dict();
        for (key, value) in &object {
            if key == "error" {
                let expected = match value {
                    Value::String(text) => text.clone(),
                    Value::Null => object.get("message").and_then(Value::as_str).unwrap_or("").to_owned(),
                    other => other.to_string(),
                };
                prop_assert_eq!(&written["error"], &Value::String(expected));
            } else {
                prop_assert_eq!(written.get(key), Some(value), "key {:?}", key);
            }
        }
        for key in written.keys() {
            let added = match key.as_str() {
                "error" => true,
                "soft_logout" => matches!(error.kind(), ErrorKind::UnknownToken { .. } | ErrorKind::UserLocked),
                _ => false,
            };
            prop_assert!(object.contains_key(key) || added, "key {:?} added", key);
        }
        // The kind of a known code is typed unless a key it needs is missing or wrong.
        let deserialized: ErrorKind = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(&deserialized, error.kind());
    }

    /// Whatever `from_body` builds, its body reads back as the same `Error`.
    #[test]
    fn written_bodies_read_back_equal(status in status(), object in error_object()) {
        let error = Error::from_body(status, &serde_json::to_vec(&object).unwrap());
        let again = Error::from_body(status, &serde_json::to_vec(&error).unwrap());
        prop_assert_eq!(&again, &error);
        let deserialized: Error = serde_json::from_slice(&serde_json::to_vec(&error).unwrap()).unwrap();
        prop_assert_eq!(deserialized.with_status(status), error);
    }

    /// The same for errors built in code, and for bodies that are not error objects.
    #[test]
    fn built_errors_read_back_equal(
        status in status(),
        code in prop::sample::select(table_codes()),
        message in any::<String>(),
        json in json(),
    ) {
        let mut extra = Map::new();
        let kind = ErrorKind::from_parts(code, &mut extra);
        let built = Error::new(kind, message).with_status(status);
        let again = Error::from_body(status, &serde_json::to_vec(&built).unwrap());
        if matches!(built.kind(), ErrorKind::Custom { .. }) {
            // A code whose kind needs keys: built without them, it stays custom.
            prop_assert_eq!(again.errcode(), code);
        } else {
            prop_assert_eq!(&again, &built);
        }
        let unusable = Error::from_body(status, &serde_json::to_vec(&json).unwrap());
        let again = Error::from_body(status, &serde_json::to_vec(&unusable).unwrap());
        prop_assert_eq!(again, unusable);
    }
}
