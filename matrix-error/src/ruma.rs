//! Conversions with ruma's error type (feature `ruma`): `ruma_common::api::error::Error`
//! (re-exported as `ruma::api::error::Error`), the type ruma's client-server, federation and
//! appservice endpoints use for every error response, in ruma-common 0.20 (ruma 0.17).
//!
//! Both directions go through the JSON body, so each side reads it with its own rules:
//!
//! - ruma to [`Error`]: the status, the body (ruma's standard body, any other JSON, or bytes
//!   that are not JSON, as [`Error::from_body`] reads them) and ruma's `retry_after` of
//!   `M_LIMIT_EXCEEDED`, which holds the `Retry-After` header (a delay or a date).
//! - [`Error`] to ruma: ruma's `ErrorBody::Standard` (with its `ErrorKind`, custom codes
//!   included) when ruma's kind holds every key of the body; else `ErrorBody::Json` with the
//!   body as it is, so that nothing is lost on the wire. `Retry-After` goes into
//!   `M_LIMIT_EXCEEDED`'s `retry_after`.
//!
//! What ruma cannot hold, and is lost going to ruma: a status outside 100..=999 (it becomes
//! 500); `Retry-After` on any code but `M_LIMIT_EXCEEDED`; and where a response had both a
//! `Retry-After` header and another `retry_after_ms` in its body, the body's value (ruma keeps
//! one, the header's, which wins on reading). ruma writes a delay both as the header and as
//! `retry_after_ms`, so a delay that an [`Error`] had only as its header comes back in the
//! body too. Going to [`Error`], what it cannot hold: the raw
//! bytes of a body that is not JSON (it keeps the status and the reason phrase), and a body
//! without `error` gets an empty message, written back as `"error": ""`.

use ::http::StatusCode;
use ruma_common::api::error::{
    Error as RumaError, ErrorBody, ErrorKind as RumaKind, RetryAfter as RumaRetryAfter,
    StandardErrorBody,
};

use crate::{Error, MatrixError, RetryAfter};

/// What the derive's `From<T>` for ruma's error calls, through `__private`.
pub(crate) mod for_derive {
    use ruma_common::api::error::Error as RumaError;

    use crate::MatrixError;

    /// `From<T> for ruma_common::api::error::Error` of a derived type.
    pub fn ruma_error<E: MatrixError>(error: &E) -> RumaError {
        RumaError::from(&crate::decode::error_from(error))
    }
}

/// Reads ruma's error: status, body and `Retry-After`.
///
/// ```
/// use ruma_common::api::error::{Error as RumaError, ErrorBody, ErrorKind as RumaKind, StandardErrorBody};
/// use matrix_error::{Error, ErrorKind, MatrixError};
///
/// let body = StandardErrorBody::new(RumaKind::Forbidden, "no".to_owned());
/// let ruma = RumaError::new(http::StatusCode::FORBIDDEN, ErrorBody::Standard(body));
/// let error = Error::from(&ruma);
/// assert_eq!((error.kind(), error.status(), &*error.message()), (&ErrorKind::Forbidden, 403, "no"));
/// ```
impl From<&RumaError> for Error {
    fn from(error: &RumaError) -> Error {
        let status = error.status_code.as_u16();
        match &error.body {
            ErrorBody::Standard(body) => {
                let error = match serde_json::to_vec(body) {
                    Ok(bytes) => Error::from_body(status, &bytes),
                    // A delay too long for `retry_after_ms`: the header below keeps it.
                    Err(_) => Error::from_body(
                        status,
                        &serde_json::to_vec(&serde_json::json!({
                            "errcode": body.kind.errcode().to_string(),
                            "error": body.message,
                        }))
                        .unwrap_or_default(),
                    ),
                };
                match limit_exceeded_retry_after(&body.kind) {
                    Some(retry_after) => error.with_retry_after(retry_after),
                    None => error,
                }
            }
            ErrorBody::Json(json) => {
                Error::from_body(status, &serde_json::to_vec(json).unwrap_or_default())
            }
            ErrorBody::NotJson { bytes, .. } => Error::from_body(status, bytes),
            // `ErrorBody` is exhaustive today; a future form is read as an empty body.
            #[allow(unreachable_patterns)]
            _ => Error::from_body(status, b""),
        }
    }
}

/// Reads ruma's error: status, body and `Retry-After`.
///
/// ```
/// use ruma_common::api::error::{Error as RumaError, ErrorBody};
/// use matrix_error::{Error, MatrixError};
///
/// let body = serde_json::json!({"errcode": "COM.EXAMPLE_QUOTA", "error": "full", "limit": 10});
/// let ruma = RumaError::new(http::StatusCode::FORBIDDEN, ErrorBody::Json(body));
/// let error = Error::from(ruma);
/// assert_eq!(error.errcode(), "COM.EXAMPLE_QUOTA");
/// assert_eq!(error.error_dict()["limit"], 10);
/// ```
impl From<RumaError> for Error {
    fn from(error: RumaError) -> Error {
        Error::from(&error)
    }
}

/// The error as ruma's: `ErrorBody::Standard` where ruma's kind holds every key of the body,
/// else `ErrorBody::Json` with the body as it is.
///
/// ```
/// use std::time::Duration;
/// use ruma_common::api::error::{ErrorBody, ErrorKind as RumaKind, RetryAfter};
/// use matrix_error::{Error, ErrorKind};
///
/// let retry_after = Some(matrix_error::RetryAfter::Delay(Duration::from_secs(3)));
/// let error = Error::new(ErrorKind::LimitExceeded { retry_after }, "slow down");
/// let ruma = ruma_common::api::error::Error::from(&error);
/// assert_eq!(ruma.status_code, 429);
/// assert!(matches!(
///     ruma.error_kind(),
///     Some(RumaKind::LimitExceeded(data)) if data.retry_after == Some(RetryAfter::Delay(Duration::from_secs(3)))
/// ));
/// // Back again, nothing lost.
/// assert_eq!(Error::from(&ruma), error);
///
/// // A key ruma's kind does not hold: the body goes over as JSON, every key kept.
/// let error = Error::from_body(403, br#"{"errcode":"M_FORBIDDEN","error":"no","room":"!r:x"}"#);
/// let ruma = ruma_common::api::error::Error::from(&error);
/// assert!(matches!(ruma.body, ErrorBody::Json(ref json) if json["room"] == "!r:x"));
/// ```
impl From<&Error> for RumaError {
    fn from(error: &Error) -> RumaError {
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let json = serde_json::to_value(error).unwrap_or_default();
        let body = match standard_body(status, &json) {
            Some(mut body) => {
                if let RumaKind::LimitExceeded(data) = &mut body.kind {
                    data.retry_after = error.retry_after().map(to_ruma);
                }
                ErrorBody::Standard(body)
            }
            None => ErrorBody::Json(json),
        };
        RumaError::new(status, body)
    }
}

/// The error as ruma's; see `From<&Error>`.
///
/// ```
/// use matrix_error::{Error, ErrorKind};
///
/// let ruma: ruma_common::api::error::Error = Error::new(ErrorKind::NotFound, "no room").into();
/// assert_eq!(ruma.to_string(), "[404 / M_NOT_FOUND] no room");
/// ```
impl From<Error> for RumaError {
    fn from(error: Error) -> RumaError {
        RumaError::from(&error)
    }
}

/// ruma's standard body for `json`, if ruma's kind holds every key: the body ruma writes
/// back reads as the same error.
fn standard_body(status: StatusCode, json: &serde_json::Value) -> Option<StandardErrorBody> {
    let body: StandardErrorBody = serde_json::from_value(json.clone()).ok()?;
    let ours = serde_json::to_vec(json).ok()?;
    let theirs = serde_json::to_vec(&body).ok()?;
    let status = status.as_u16();
    (Error::from_body(status, &ours) == Error::from_body(status, &theirs)).then_some(body)
}

fn limit_exceeded_retry_after(kind: &RumaKind) -> Option<RetryAfter> {
    match kind {
        RumaKind::LimitExceeded(data) => data.retry_after.map(from_ruma),
        _ => None,
    }
}

fn to_ruma(retry_after: RetryAfter) -> RumaRetryAfter {
    match retry_after {
        RetryAfter::Delay(delay) => RumaRetryAfter::Delay(delay),
        RetryAfter::DateTime(at) => RumaRetryAfter::DateTime(at),
    }
}

fn from_ruma(retry_after: RumaRetryAfter) -> RetryAfter {
    match retry_after {
        RumaRetryAfter::Delay(delay) => RetryAfter::Delay(delay),
        RumaRetryAfter::DateTime(at) => RetryAfter::DateTime(at),
    }
}
