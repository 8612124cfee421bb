//! What every HTTP integration sends for an error: one status rule, one body, one header.

use serde::Serialize;

use crate::{Body, MatrixError};

/// The `Content-Type` of every error response.
pub(crate) const CONTENT_TYPE: &str = "application/json";

/// The status to send: the error's, if it is an error status (400..=599), else 500.
///
/// An [`Error`](crate::Error) keeps any status it is given, such as a peer's 200 or a 0 from a
/// test, so that what was read is never altered; such a status can never be answered as an
/// error, and a server that passes the error on has failed.
pub(crate) fn status<E: MatrixError + ?Sized>(error: &E) -> u16 {
    match error.status() {
        status @ 400..=599 => status,
        _ => 500,
    }
}

/// The JSON body: [`Body`], written straight into the buffer. A field whose `Serialize`
/// fails cannot stop the response: the body is then written from `error_dict`, which keeps
/// the required keys.
pub(crate) fn body<E>(error: &E) -> Vec<u8>
where
    E: MatrixError + ?Sized,
    for<'a> Body<'a, E>: Serialize,
{
    serde_json::to_vec(&Body(error))
        .or_else(|_| serde_json::to_vec(&error.error_dict()))
        .unwrap_or_default()
}

/// The `Retry-After` header value: whole seconds rounded up, or an IMF-fixdate.
#[cfg(any(feature = "http", feature = "actix-web"))]
pub(crate) fn retry_after<E: MatrixError + ?Sized>(error: &E) -> Option<String> {
    error
        .retry_after()
        .map(|retry_after| retry_after.to_string())
}

/// The Matrix error for a request body that did not deserialize: 400 `M_NOT_JSON` when it is
/// not JSON at all (a syntax error, the end of the input too early, data after the value),
/// 400 `M_BAD_JSON` when it is JSON of the wrong shape. The message is serde_json's.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn json_error(error: &serde_json::Error) -> crate::Error {
    use serde_json::error::Category;
    let kind = match error.classify() {
        Category::Data => crate::ErrorKind::BadJson,
        Category::Syntax | Category::Eof | Category::Io => crate::ErrorKind::NotJson,
    };
    crate::Error::new(kind, error.to_string())
}

/// Whether a `Content-Type` value is JSON: `application/json` or `application/*+json`, in any
/// case, parameters such as `charset` allowed.
#[cfg(feature = "axum")]
pub(crate) fn is_json_media_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    kind.eq_ignore_ascii_case("application")
        && (subtype.eq_ignore_ascii_case("json")
            || subtype.len() > 5
                && subtype.as_bytes()[subtype.len() - 5..].eq_ignore_ascii_case(b"+json"))
}

/// 404 `M_UNRECOGNIZED`: no endpoint has this path.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn unrecognized_path() -> crate::Error {
    crate::Error::new(crate::ErrorKind::Unrecognized, "Unrecognized request").with_status(404)
}

/// 405 `M_UNRECOGNIZED`: the endpoint exists, not with this method.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn wrong_method() -> crate::Error {
    crate::Error::new(crate::ErrorKind::Unrecognized, "Method not allowed").with_status(405)
}
