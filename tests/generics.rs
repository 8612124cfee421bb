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
