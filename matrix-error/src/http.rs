//! Errors as `http` 1.x responses, and responses read back as errors (feature `http`).
//!
//! [`response`] turns any [`MatrixError`], a `dyn MatrixError` included, into the response a
//! Matrix server sends; [`Error::from_http_response`] reads one as a client receives it.
//! `http` 1.x is the type crate of hyper, axum, reqwest, ureq and ruma.
//!
//! ```
//! use std::time::Duration;
//! use matrix_error::{Error, MatrixError, RetryAfter};
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! #[error("slow down")]
//! #[matrix(errcode = "M_LIMIT_EXCEEDED")]
//! struct Slow { #[matrix(retry_after)] wait: Duration }
//!
//! let response = matrix_error::http::response(&Slow { wait: Duration::from_millis(2500) });
//! assert_eq!(response.status(), 429);
//! assert_eq!(response.headers()["content-type"], "application/json");
//! assert_eq!(response.headers()["retry-after"], "3");
//! assert_eq!(
//!     response.body(),
//!     br#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":2500}"#
//! );
//!
//! // The client's side: the header wins over the body's `retry_after_ms`.
//! let error = Error::from_http_response(&response);
//! assert_eq!(error.errcode(), "M_LIMIT_EXCEEDED");
//! assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(3))));
//! ```

use ::http::header::{CONTENT_TYPE, RETRY_AFTER};
use ::http::{HeaderValue, Response, StatusCode};
use serde::Serialize;

use crate::{Body, Error, MatrixError, RetryAfter};

/// The response a server sends for `error`: its status, `Content-Type: application/json`,
/// the body of [`Body`], and `Retry-After` when [`retry_after`](MatrixError::retry_after) is
/// set (a delay in whole seconds, rounded up, or an HTTP-date).
///
/// Total: a status that is not an error status (outside 400..=599, such as a peer's 200 kept
/// in an [`Error`]) is answered as 500, and a field whose `Serialize` fails leaves the body
/// its required keys.
///
/// ```
/// use matrix_error::{Error, ErrorKind, MatrixError};
///
/// let error: Box<dyn MatrixError> = Box::new(Error::new(ErrorKind::NotFound, "no such room"));
/// let response = matrix_error::http::response(&*error);
/// assert_eq!(response.status(), 404);
/// assert_eq!(response.body(), br#"{"errcode":"M_NOT_FOUND","error":"no such room"}"#);
///
/// let odd = Error::new(ErrorKind::Unknown, "a peer's 200").with_status(200);
/// assert_eq!(matrix_error::http::response(&odd).status(), 500);
/// ```
pub fn response<E>(error: &E) -> Response<Vec<u8>>
where
    E: MatrixError + ?Sized,
    for<'a> Body<'a, E>: Serialize,
{
    let mut response = Response::new(crate::serve::body(error));
    *response.status_mut() = status_code(error);
    #[cfg(feature = "tracing")]
    crate::serve::trace(error, response.status().as_u16());
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(crate::serve::CONTENT_TYPE),
    );
    if let Some(value) =
        crate::serve::retry_after(error).and_then(|value| HeaderValue::try_from(value).ok())
    {
        headers.insert(RETRY_AFTER, value);
    }
    response
}

/// The status [`response`] sends for `error`: its own, or 500 when that is not an error
/// status (outside 400..=599).
///
/// ```
/// use matrix_error::{Error, ErrorKind};
///
/// let error = Error::new(ErrorKind::Unrecognized, "method not allowed").with_status(405);
/// assert_eq!(matrix_error::http::status_code(&error), http::StatusCode::METHOD_NOT_ALLOWED);
/// ```
pub fn status_code<E: MatrixError + ?Sized>(error: &E) -> StatusCode {
    StatusCode::from_u16(crate::serve::status(error)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

impl Error {
    /// Reads the error a server answered with: [`Error::from_body`] of the response's status
    /// and body, with its `Retry-After` header, which wins over the body's `retry_after_ms`.
    ///
    /// Total like `from_body`: a `Retry-After` that is not UTF-8 or neither delay-seconds nor an
    /// HTTP-date is ignored (the first one counts when there are several).
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{Error, ErrorKind, RetryAfter};
    ///
    /// let response = http::Response::builder()
    ///     .status(429)
    ///     .header("retry-after", "5")
    ///     .body(r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":2000}"#)
    ///     .unwrap();
    /// let error = Error::from_http_response(&response);
    /// assert_eq!((error.errcode(), error.status()), ("M_LIMIT_EXCEEDED", 429));
    /// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(5))));
    ///
    /// // A proxy's page, with a header that is no Retry-After value.
    /// let response = http::Response::builder()
    ///     .status(502)
    ///     .header("retry-after", "soon")
    ///     .body(b"<html>Bad Gateway</html>".to_vec())
    ///     .unwrap();
    /// let error = Error::from_http_response(&response);
    /// assert_eq!((error.kind(), error.status()), (&ErrorKind::Unknown, 502));
    /// assert_eq!(error.retry_after(), None);
    /// ```
    pub fn from_http_response<B: AsRef<[u8]>>(response: &Response<B>) -> Error {
        let error = Error::from_body(response.status().as_u16(), response.body().as_ref());
        match retry_after_header(response.headers()) {
            Some(retry_after) => error.with_retry_after(retry_after),
            None => error,
        }
    }
}

/// A response's `Retry-After` header, in either form; `None` when it is absent or unreadable.
/// Every reader of a response (`Error`, `zulip::Error`, `mastodon::Error`) reads it so.
pub(crate) fn retry_after_header(headers: &::http::HeaderMap) -> Option<RetryAfter> {
    headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
}
