//! The derive needs no thiserror: a hand-written Display, or no Display at all when every
//! variant's message is given or redacted.

mod common;

use std::fmt;

use matrix_error::MatrixError;
use serde_json::json;

#[derive(Debug, MatrixError)]
enum HandWritten {
    #[matrix(errcode = "M_NOT_FOUND")]
    Missing(#[matrix(field = "what")] String),
}

impl fmt::Display for HandWritten {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandWritten::Missing(what) => write!(f, "{what} is missing"),
        }
    }
}

/// No Display impl: every message is given or redacted.
#[derive(Debug, MatrixError)]
enum NoDisplay {
    #[matrix(errcode = "M_FORBIDDEN", message = "forbidden")]
    Forbidden,
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Internal(#[allow(dead_code)] std::io::Error),
}

#[test]
fn hand_written_display() {
    let error = HandWritten::Missing("room".into());
    assert_eq!(
        common::body(&error),
        json!({"errcode": "M_NOT_FOUND", "error": "room is missing", "what": "room"})
    );
}

#[test]
fn no_display_at_all() {
    assert_eq!(common::body(&NoDisplay::Forbidden)["error"], "forbidden");
    let internal = NoDisplay::Internal(std::io::Error::other("x"));
    assert_eq!(common::body(&internal)["error"], "Internal server error");
}
