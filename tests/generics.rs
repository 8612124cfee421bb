//! Generics, bounds, where-clauses and lifetimes are carried through the generated impls.

mod common;

use std::fmt::Display;

use matrix_error::{ErrorKind, MatrixError};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, thiserror::Error, MatrixError)]
enum Generic<T, E>
where
    T: Serialize + Display,
{
    #[error("not allowed: {detail}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    Forbidden {
        #[matrix(field)]
        detail: T,
    },
    #[error(transparent)]
    #[matrix(transparent)]
    Inner(E),
}

#[test]
fn type_parameters_with_bounds_and_where_clauses() {
    let error: Generic<u32, matrix_error::Error> = Generic::Forbidden { detail: 5 };
    assert_eq!(
        common::body(&error),
        json!({"errcode": "M_FORBIDDEN", "error": "not allowed: 5", "detail": 5})
    );
    let inner = matrix_error::Error::new(ErrorKind::NotFound, "gone");
    let error: Generic<u32, _> = Generic::Inner(inner.clone());
    assert_eq!(common::body(&error), common::body(&inner));
    let owned =
        matrix_error::Error::from(Generic::<&str, matrix_error::Error>::Forbidden { detail: "x" });
    assert_eq!(owned.kind(), &ErrorKind::Forbidden);
}

#[derive(Debug, MatrixError)]
#[matrix(errcode = "M_NOT_FOUND", message = "no room {room}")]
struct Borrowed<'a> {
    #[matrix(field)]
    room: &'a str,
}

#[test]
fn lifetimes() {
    let name = String::from("!a:b");
    let error = Borrowed { room: &name };
    assert_eq!(
        common::body(&error),
        json!({"errcode": "M_NOT_FOUND", "error": "no room !a:b", "room": "!a:b"})
    );
    let owned: matrix_error::Error = error.into();
    assert_eq!(owned.extra()["room"], "!a:b");
}

#[derive(Debug, MatrixError)]
#[matrix(errcode = "M_FORBIDDEN", message = "constant")]
struct ConstGeneric<const N: usize> {
    #[matrix(field)]
    values: Vec<u8>,
    _fixed: [u8; N],
}

#[test]
fn const_generics() {
    let error = ConstGeneric::<2> {
        values: vec![1, 2],
        _fixed: [0; 2],
    };
    assert_eq!(common::body(&error)["values"], json!([1, 2]));
}

/// A `message` placeholder naming a field of a generic type asks for the trait of its format
/// (`{0}` Display, `{0:?}` Debug, `{0:x}` LowerHex), as thiserror infers for Display: no
/// bound needs writing by hand, and a type without the trait is refused where it is used.
#[derive(Debug, MatrixError)]
enum Lookup<K, V> {
    #[matrix(errcode = "M_NOT_FOUND", message = "no key {0}")]
    Missing(K),
    #[matrix(
        errcode = "M_INVALID_PARAM",
        message = "bad value {value:?} at {at:#x}"
    )]
    Invalid { value: V, at: K },
}

#[test]
fn message_placeholders_infer_the_bounds_of_generic_fields() {
    let missing: Lookup<u32, ()> = Lookup::Missing(7);
    assert_eq!(missing.message(), "no key 7");
    assert_eq!(
        common::body(&missing),
        json!({"errcode": "M_NOT_FOUND", "error": "no key 7"})
    );
    // `V` is only Debug: `Vec<u8>` has no Display, and needs none.
    let invalid: Lookup<u32, Vec<u8>> = Lookup::Invalid {
        value: vec![1, 2],
        at: 255,
    };
    assert_eq!(invalid.message(), "bad value [1, 2] at 0xff");
    let owned = matrix_error::Error::from(invalid);
    assert_eq!(owned.message(), "bad value [1, 2] at 0xff");
}

/// The same inference with thiserror's Display template, the derive asking for `Display` of
/// the whole type.
#[derive(Debug, thiserror::Error, MatrixError)]
enum DisplayLookup<K> {
    #[error("no key {0}")]
    #[matrix(errcode = "M_NOT_FOUND")]
    Missing(K),
}

#[test]
fn display_templates_of_generic_fields() {
    let error = DisplayLookup::Missing("k");
    assert_eq!(error.message(), "no key k");
    assert_eq!(matrix_error::Error::from(error).message(), "no key k");
}
