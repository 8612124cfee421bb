//! The owned `Error`: construction, status override, Display, Clone, PartialEq, the body.

mod common;

use std::time::Duration;

use matrix_error::{Error, ErrorKind, MatrixError, RetryAfter};
use serde_json::json;

#[test]
fn new_takes_the_kinds_status() {
    assert_eq!(Error::new(ErrorKind::Forbidden, "no").status(), 403);
    assert_eq!(Error::new(ErrorKind::UserLocked, "locked").status(), 401);
    assert_eq!(
        Error::new(ErrorKind::Unknown, "?").status(),
        500,
        "M_UNKNOWN's usual status"
    );
    assert_eq!(
        Error::new(ErrorKind::BadState, "?").status(),
        403,
        "M_BAD_STATE's usual status"
    );
    let custom = ErrorKind::Custom {
        errcode: "COM.EXAMPLE_X".into(),
        extra: Default::default(),
    };
    assert_eq!(Error::new(custom, "?").status(), 500);
}

#[test]
fn with_status_overrides() {
    let error = Error::new(ErrorKind::Unrecognized, "wrong method").with_status(405);
    assert_eq!(error.status(), 405);
    assert_eq!(error.errcode(), "M_UNRECOGNIZED");
}

#[test]
fn the_body_carries_the_kinds_keys_and_the_message_as_given() {
    let error = Error::new(ErrorKind::UnknownToken { soft_logout: true }, "expired");
    assert_eq!(
        common::body(&error),
        json!({"errcode": "M_UNKNOWN_TOKEN", "error": "expired", "soft_logout": true})
    );
    assert_eq!(serde_json::to_value(&error).unwrap(), common::body(&error));
    let error = Error::new(ErrorKind::Unknown, "a 500 message given on purpose");
    assert_eq!(
        common::body(&error)["error"],
        "a 500 message given on purpose"
    );
}

#[test]
fn limit_exceeded_keeps_its_retry_after() {
    let retry = RetryAfter::Delay(Duration::from_millis(1500));
    let error = Error::new(
        ErrorKind::LimitExceeded {
            retry_after: Some(retry),
        },
        "slow",
    );
    assert_eq!(error.retry_after(), Some(retry));
    assert_eq!(common::body(&error)["retry_after_ms"], 1500);
}

#[test]
fn display_clone_and_equality() {
    let error = Error::new(ErrorKind::NotFound, "no such room");
    assert_eq!(error.to_string(), "M_NOT_FOUND (404): no such room");
    assert_eq!(
        Error::new(ErrorKind::NotFound, "").to_string(),
        "M_NOT_FOUND (404)"
    );
    let copy = error.clone();
    assert_eq!(copy, error);
    assert_ne!(copy.with_status(400), error);
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
    assert!(boxed.to_string().contains("no such room"));
}

#[test]
fn keys_beyond_the_kind_are_kept() {
    #[derive(Debug, thiserror::Error, MatrixError)]
    #[error("limit")]
    #[matrix(errcode = "M_RESOURCE_LIMIT_EXCEEDED")]
    #[matrix(status = 403)]
    struct Limit {
        #[matrix(field)]
        admin_contact: String,
        #[matrix(field)]
        limit_type: String,
    }
    let derived = Limit {
        admin_contact: "mailto:a@b".into(),
        limit_type: "monthly_active_user".into(),
    };
    let expected = common::body(&derived);
    let error = Error::from(derived);
    assert_eq!(
        error.kind(),
        &ErrorKind::ResourceLimitExceeded {
            admin_contact: Some("mailto:a@b".into())
        }
    );
    assert_eq!(error.extra()["limit_type"], "monthly_active_user");
    assert_eq!(common::body(&error), expected, "nothing is lost");
}

#[test]
fn a_known_code_with_keys_of_the_wrong_type_keeps_its_kind() {
    #[derive(Debug, thiserror::Error, MatrixError)]
    #[error("odd")]
    #[matrix(errcode = "M_INCOMPATIBLE_ROOM_VERSION")]
    struct Odd {
        #[matrix(field)]
        room_version: u32,
    }
    let expected = common::body(&Odd { room_version: 11 });
    let error = Error::from(Odd { room_version: 11 });
    assert_eq!(
        error.kind(),
        &ErrorKind::IncompatibleRoomVersion {
            room_version: "11".into()
        }
    );
    assert_eq!(error.extra()["room_version"], 11, "the key as sent");
    assert_eq!(error.status(), 400);
    assert_eq!(common::body(&error), expected);
}

#[test]
fn a_kind_alone_becomes_an_error_with_its_status_and_a_short_text() {
    let error = Error::from(ErrorKind::NotFound);
    assert_eq!((error.status(), error.message()), (404, "Not found"));
    assert_eq!(error.kind(), &ErrorKind::NotFound);
    let error = Error::from(ErrorKind::Unknown);
    assert_eq!(
        (error.status(), error.message()),
        (500, "Internal server error")
    );
    let error = Error::from(ErrorKind::ConnectionTimeout);
    assert_eq!(
        (error.status(), error.message()),
        (504, "Connection timeout")
    );
}

/// A client's rate-limit type, converted back from an `Error` with `parse`.
#[derive(Debug, PartialEq, thiserror::Error, MatrixError)]
#[matrix(parse)]
enum Limited {
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Any {
        #[matrix(retry_after)]
        retry: Option<RetryAfter>,
    },
}

/// The same with a `Duration`, which holds a delay and never a date.
#[derive(Debug, PartialEq, thiserror::Error, MatrixError)]
#[matrix(parse)]
enum Waiting {
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    For {
        #[matrix(retry_after)]
        wait: Duration,
    },
}

/// `TryFrom<&Error>` reads the error's `retry_after()`, as reading does: the header wins over
/// the body's `retry_after_ms`, and a date or a delay given only as the header survives.
#[test]
fn converting_back_reads_the_errors_retry_after() {
    use std::time::SystemTime;

    let limited = |body: &str, header: Option<&str>| {
        let error = Error::from_body(429, body.as_bytes());
        match header {
            Some(header) => error.with_retry_after(header.parse().unwrap()),
            None => error,
        }
    };
    let with_ms = r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow","retry_after_ms":2500}"#;
    let without = r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow"}"#;
    let date = "Wed, 18 May 2033 03:33:20 GMT";
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000);
    let delay = |ms| RetryAfter::Delay(Duration::from_millis(ms));
    for (body, header, retry) in [
        (with_ms, None, Some(delay(2500))),
        // The header wins, as `Error::retry_after` says.
        (with_ms, Some("3"), Some(delay(3000))),
        (with_ms, Some(date), Some(RetryAfter::DateTime(at))),
        // Given only as the header.
        (without, Some("7"), Some(delay(7000))),
        (without, Some(date), Some(RetryAfter::DateTime(at))),
        (without, None, None),
    ] {
        let error = limited(body, header);
        assert_eq!(error.retry_after(), retry, "{body} {header:?}");
        assert_eq!(Limited::try_from(&error), Ok(Limited::Any { retry }));
    }

    // A `Duration` takes a delay from the header or the body; for a date, the body's
    // `retry_after_ms` (which a response writes beside the date), else it does not fit.
    let wait = |ms| {
        Ok(Waiting::For {
            wait: Duration::from_millis(ms),
        })
    };
    assert_eq!(Waiting::try_from(&limited(with_ms, Some("3"))), wait(3000));
    assert_eq!(Waiting::try_from(&limited(without, Some("7"))), wait(7000));
    assert_eq!(Waiting::try_from(&limited(with_ms, Some(date))), wait(2500));
    let mismatch = Waiting::try_from(&limited(without, Some(date))).unwrap_err();
    assert_eq!(mismatch.errcode(), "M_LIMIT_EXCEEDED");

    // And the other way: the derived error, converted into an `Error` and back.
    let sent = Limited::Any {
        retry: Some(RetryAfter::DateTime(at)),
    };
    let owned = Error::from(Limited::Any {
        retry: Some(RetryAfter::DateTime(at)),
    });
    assert_eq!(Limited::try_from(&owned), Ok(sent));
}
