//! `#[derive(MatrixError)]` on structs: unit, named, tuple and transparent structs.

mod common;

use matrix_error::{ErrorKind, MatrixError};
use serde_json::json;

#[derive(Debug, thiserror::Error, MatrixError)]
#[error("no such room")]
#[matrix(errcode = "M_NOT_FOUND")]
struct RoomNotFound;

#[derive(Debug, thiserror::Error, MatrixError)]
#[error("room version {room_version} is not supported here")]
#[matrix(errcode = "M_INCOMPATIBLE_ROOM_VERSION")]
struct Incompatible {
    #[matrix(field)]
    room_version: String,
}

#[derive(Debug, thiserror::Error, MatrixError)]
#[error("invalid parameter")]
#[matrix(
    errcode = "COM.EXAMPLE.APP_INVALID",
    status = 422,
    message = "parameter {0} is invalid"
)]
struct Invalid(#[matrix(field = "param")] &'static str);

#[derive(Debug, thiserror::Error, MatrixError)]
#[error(transparent)]
#[matrix(transparent)]
struct Wrapper(#[matrix(from)] Incompatible);

#[test]
fn unit_struct() {
    assert_eq!(
        (RoomNotFound.errcode(), RoomNotFound.status()),
        ("M_NOT_FOUND", 404)
    );
    assert_eq!(
        common::body(&RoomNotFound),
        json!({"errcode": "M_NOT_FOUND", "error": "no such room"})
    );
}

#[test]
fn named_struct_with_a_spec_key() {
    let error = Incompatible {
        room_version: "11".into(),
    };
    assert_eq!(error.status(), 400);
    assert_eq!(
        common::body(&error),
        json!({
            "errcode": "M_INCOMPATIBLE_ROOM_VERSION",
            "error": "room version 11 is not supported here",
            "room_version": "11"
        })
    );
    let owned = matrix_error::Error::from(error);
    assert_eq!(
        owned.kind(),
        &ErrorKind::IncompatibleRoomVersion {
            room_version: "11".into()
        }
    );
    assert!(owned.extra().is_empty());
}

#[test]
fn tuple_struct_with_message_template() {
    let error = Invalid("limit");
    assert_eq!(
        (error.errcode(), error.status()),
        ("COM.EXAMPLE.APP_INVALID", 422)
    );
    assert_eq!(
        common::body(&error),
        json!({"errcode": "COM.EXAMPLE.APP_INVALID", "error": "parameter limit is invalid", "param": "limit"})
    );
}

#[test]
fn transparent_struct() {
    let error = Wrapper::from(Incompatible {
        room_version: "2".into(),
    });
    assert_eq!(error.errcode(), "M_INCOMPATIBLE_ROOM_VERSION");
    assert_eq!(common::body(&error), common::body(&error.0));
}
