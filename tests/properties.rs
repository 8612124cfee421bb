//! Property tests of `Error::from_body`: it never panics, loses no key of an error object,
//! and reads back every body it writes; a known code keeps its kind whatever the type of its
//! keys; and the decisions a client makes from an error never contradict each other.
//!
//! Case counts are set per property below; `PROPTEST_CASES` overrides them all.

mod common;

use matrix_error::{BodyForm, Category, Error, ErrorKind, MatrixError, RetryAfter};
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
        edits in common::edits(),
    ) {
        let bytes = serde_json::to_vec(&object).unwrap();
        let bytes = common::mutate(bytes, edits);
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
        // A body that is no error object reads as `M_UNKNOWN`, and is written as one: read
        // back, it is the same error but for its form, which is now a Matrix error's.
        let unusable = Error::from_body(status, &serde_json::to_vec(&json).unwrap());
        let again = Error::from_body(status, &serde_json::to_vec(&unusable).unwrap());
        prop_assert_ne!(unusable.form(), BodyForm::Errcode);
        prop_assert_eq!(again.form(), BodyForm::Errcode);
        prop_assert_eq!(
            (again.status(), again.kind(), again.message(), again.extra()),
            (unusable.status(), unusable.kind(), unusable.message(), unusable.extra())
        );
        prop_assert_eq!(serde_json::to_vec(&again).unwrap(), serde_json::to_vec(&unusable).unwrap());
    }
}

/// The keys the standard kinds read (`ErrorKind`'s fields and constants).
const KIND_KEYS: &[&str] = &[
    "retry_after_ms",
    "admin_contact",
    "soft_logout",
    "info_uri",
    "can_upgrade",
    "room_version",
    "status",
    "body",
    "current_version",
    "consent_uri",
    "fi.mau.msc2815.content_keep_ms",
    "approval_notice_medium",
    "sender",
];

/// The statuses a decision may turn on: every class, the edges, and any other.
fn any_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        2 => prop::sample::select(vec![0u16, 200, 400, 401, 403, 404, 405, 409, 413, 429, 500, 501, 502, 503, 504, 520, 599, 600]),
        2 => 400u16..600,
        1 => Just(401u16),
        1 => any::<u16>(),
    ]
}

/// A body a decision may be made on: an error object of any code of the table (or a custom
/// code, or `M_UNKNOWN`), with or without the auth state of user-interactive authentication;
/// a JSON object without errcode; a proxy's page.
fn decision_body() -> impl Strategy<Value = Vec<u8>> {
    let code = prop_oneof![
        4 => prop::sample::select(table_codes()).prop_map(str::to_owned),
        1 => Just("M_UNKNOWN".to_owned()),
        1 => "[A-Z]{2,4}(\\.[A-Z0-9]{1,6}){1,2}_[A-Z0-9_]{1,12}",
    ];
    let object = (code, any::<bool>(), any::<bool>()).prop_map(|(code, flows, with_code)| {
        let mut body = serde_json::json!({"error": "x"});
        if with_code {
            body["errcode"] = Value::String(code);
        }
        if flows {
            body["flows"] = serde_json::json!([{"stages": ["m.login.password"]}]);
            body["session"] = Value::from("s");
        }
        serde_json::to_vec(&body).unwrap()
    });
    prop_oneof![
        4 => object,
        1 => Just(b"<html><body>Bad Gateway</body></html>".to_vec()),
        1 => Just(Vec::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    /// `is_retryable()` is `category()` in {RateLimited, ServerFailure}, on any status and any
    /// code of the table; a challenge of user-interactive auth is never a logout or a retry.
    #[test]
    fn retrying_never_disagrees_with_the_category(status in any_status(), body in decision_body()) {
        let error = Error::from_body(status, &body);
        let category = error.category();
        prop_assert_eq!(
            error.is_retryable(),
            matches!(category, Category::RateLimited | Category::ServerFailure),
            "{} {:?}", status, category
        );
        if category == Category::InteractiveAuth {
            prop_assert_eq!(status, 401);
            prop_assert!(error.uiaa().is_some());
            prop_assert_eq!(error.soft_logout(), None);
        }
        if error.uiaa().is_some() {
            prop_assert_eq!(category, Category::InteractiveAuth);
        }
        if error.is_unrecognized_endpoint() {
            prop_assert_eq!(category, Category::Unsupported);
        }
        if error.soft_logout().is_some() {
            prop_assert_eq!(category, Category::Unauthenticated);
        }
        // The inherent methods give the trait's answers.
        let dynamic: &dyn MatrixError = &error;
        prop_assert_eq!(dynamic.status(), error.status());
        prop_assert_eq!(dynamic.errcode(), error.errcode());
        prop_assert_eq!(&*dynamic.message(), error.message());
        prop_assert_eq!(dynamic.retry_after(), error.retry_after());
    }

    /// A known code keeps its kind whatever the JSON type of its keys, and the body is written
    /// back with every key as sent.
    #[test]
    fn known_codes_keep_their_kind_whatever_their_keys(
        status in status(),
        code in prop::sample::select(table_codes()),
        values in prop::collection::vec(json(), KIND_KEYS.len()),
    ) {
        let mut body: Map<String, Value> = KIND_KEYS
            .iter()
            .map(|key| (*key).to_owned())
            .zip(values)
            .collect();
        body.insert("errcode".to_owned(), Value::from(code));
        body.insert("error".to_owned(), Value::from("x"));
        let error = Error::from_body(status, &serde_json::to_vec(&body).unwrap());
        let custom = matches!(error.kind(), ErrorKind::Custom { .. });
        prop_assert!(!custom, "{:?}", error.kind());
        prop_assert_eq!(error.errcode(), code);
        prop_assert_eq!(common::body(&error), Value::Object(body));
    }

    /// A `retry_after_ms` that is a non-negative number, whole or not, is a delay; written
    /// back, it is the number sent.
    #[test]
    fn any_non_negative_retry_after_ms_is_a_delay(ms in 0.0f64..1e12, whole in any::<bool>()) {
        let ms = if whole { ms.floor() } else { ms };
        let body = serde_json::json!({"errcode": "M_LIMIT_EXCEEDED", "error": "x", "retry_after_ms": ms});
        let error = Error::from_body(429, &serde_json::to_vec(&body).unwrap());
        let limited = matches!(error.kind(), ErrorKind::LimitExceeded { .. });
        prop_assert!(limited, "{:?}", error.kind());
        let Some(RetryAfter::Delay(delay)) = error.retry_after() else {
            return Err(TestCaseError::fail(format!("no delay for {ms}")));
        };
        prop_assert!((delay.as_secs_f64() * 1000.0 - ms).abs() <= 1e-6 * ms.max(1.0), "{:?} for {}", delay, ms);
        prop_assert_eq!(common::body(&error), body);
    }

    /// A body that is no JSON object keeps at most 1 KiB of its text, the start of it.
    #[test]
    fn the_excerpt_is_bounded(status in status(), bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        let error = Error::from_body(status, &bytes);
        match error.form() {
            BodyForm::NotJson => {
                let excerpt = error.body_excerpt().unwrap();
                prop_assert!(excerpt.len() <= 1024);
                let lossy = String::from_utf8_lossy(&bytes);
                let common_prefix = excerpt.chars().zip(lossy.chars()).take_while(|(a, b)| a == b).count();
                // All but a sequence cut at the 1 KiB boundary is the body's text.
                prop_assert!(common_prefix + 1 >= excerpt.chars().count());
                prop_assert_eq!(error.errcode(), "M_UNKNOWN");
            }
            _ => prop_assert_eq!(error.body_excerpt(), None),
        }
    }
}
