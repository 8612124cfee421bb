//! 5xx redaction: the Display text of a 5xx error never reaches the body unless asked for.

mod common;

use matrix_error::{Body, MatrixError};

const SECRET: &str = "postgres://admin:hunter2@db01.internal";

#[derive(Debug, thiserror::Error, MatrixError)]
enum ServerError {
    #[error("database {0} unreachable")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Database(String),

    #[error("upstream {0} timed out")]
    #[matrix(errcode = "M_CONNECTION_TIMEOUT")]
    Upstream(String),

    #[error("shown: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 503, expose)]
    Exposed(String),

    #[error("hidden {0}")]
    #[matrix(
        errcode = "M_UNKNOWN",
        status = 500,
        message = "the database is unavailable"
    )]
    WithMessage(String),

    #[error("status at run time {1}")]
    #[matrix(errcode = "M_UNKNOWN")]
    RuntimeStatus(#[matrix(status)] u16, String),
}

fn assert_redacted(error: &ServerError) {
    let body = common::body(error);
    assert_eq!(body["error"], "Internal server error");
    let wire = serde_json::to_string(&Body(error)).unwrap();
    let dict = serde_json::to_string(&error.error_dict()).unwrap();
    assert!(
        !wire.contains("hunter2") && !dict.contains("hunter2"),
        "{wire} {dict}"
    );
    assert!(
        error.to_string().contains(SECRET),
        "Display keeps the detail for logs"
    );
}

#[test]
fn five_hundreds_send_a_fixed_text() {
    assert_redacted(&ServerError::Database(SECRET.into()));
    assert_redacted(&ServerError::Upstream(SECRET.into()));
    assert_redacted(&ServerError::RuntimeStatus(502, SECRET.into()));
}

#[test]
fn redaction_survives_the_conversion_to_error() {
    let error = matrix_error::Error::from(ServerError::Database(SECRET.into()));
    assert_eq!(error.message(), "Internal server error");
    assert!(!serde_json::to_string(&error).unwrap().contains("hunter2"));
    assert!(!error.to_string().contains("hunter2"));
}

#[test]
fn expose_and_message_say_otherwise() {
    let exposed = ServerError::Exposed("maintenance".into());
    assert_eq!(common::body(&exposed)["error"], "shown: maintenance");
    let message = ServerError::WithMessage(SECRET.into());
    assert_eq!(
        common::body(&message)["error"],
        "the database is unavailable"
    );
}

#[test]
fn a_runtime_status_below_500_sends_the_display_text() {
    let error = ServerError::RuntimeStatus(409, "conflict".into());
    assert_eq!(error.status(), 409);
    assert_eq!(common::body(&error)["error"], "status at run time conflict");
}
