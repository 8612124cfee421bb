//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::fmt;

use matrix_error::{Body, MatrixError};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// The keys of a JSON object in the order written, duplicates kept.
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

/// The body of `error` as JSON, after checking that `Body`, `error_dict` and the body of the
/// same error behind `dyn MatrixError` all agree, that `errcode` and `error` come first (or,
/// for a body without them, such as a first challenge of user-interactive auth, are not
/// there at all) and that no key is written twice.
pub fn body<E: MatrixError>(error: &E) -> Value {
    let bytes = serde_json::to_vec(&Body(error)).expect("the body serializes");
    let keys = serde_json::from_slice::<Keys>(&bytes)
        .expect("the body is a JSON object")
        .0;
    let standard = ["errcode".to_owned(), "error".to_owned()];
    if error.sends_errcode() {
        assert_eq!(keys.get(..2), Some(&standard[..]));
    } else {
        assert!(!keys.iter().any(|key| standard.contains(key)), "{keys:?}");
    }
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "a key is written twice: {keys:?}");

    let body: Value = serde_json::from_slice(&bytes).expect("the body is JSON");
    let dict = Value::Object(error.error_dict());
    assert_eq!(body, dict, "Body and error_dict disagree");
    let dynamic: &(dyn MatrixError + '_) = error;
    assert_eq!(
        serde_json::to_value(Body(dynamic)).expect("serializes"),
        dict
    );
    if error.sends_errcode() {
        assert_eq!(body["errcode"], error.errcode());
        assert_eq!(body["error"], *error.message());
    }
    body
}

/// One edit of a body's bytes: where, which (insert, remove, replace, truncate), the byte.
pub type Edit = (proptest::sample::Index, u8, u8);

/// A few edits, for the properties that mutated bodies never make a reader panic.
pub fn edits() -> impl proptest::strategy::Strategy<Value = Vec<Edit>> {
    use proptest::prelude::*;
    prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..6)
}

/// `bytes` with `edits` applied in turn.
pub fn mutate(mut bytes: Vec<u8>, edits: Vec<Edit>) -> Vec<u8> {
    for (at, op, byte) in edits {
        let at = at.index(bytes.len() + 1);
        match op {
            0 => bytes.insert(at, byte),
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            2 if at < bytes.len() => bytes[at] = byte,
            _ => bytes.truncate(at),
        }
    }
    bytes
}
