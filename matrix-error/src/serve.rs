//! What every HTTP integration sends for an error: one status rule, one body, one header.
//! (The requests they refuse are in `reject.rs`.)

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
