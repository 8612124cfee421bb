//! Zulip's dialect: the same errors in the wire format of Zulip's REST API.
//!
//! Serving (below) and reading a Zulip server's errors ([`Error`]): every key kept, and their Matrix meaning.
//!
//! A Zulip error is `{"result":"error","msg":<text>,<extra keys>,"code":<CODE>}`: `code` is the
//! machine-readable part (`[A-Z][A-Z0-9_]*`, `BAD_REQUEST` by default), and clients branch on
//! it, never on the translated `msg`. [`Body`] writes any [`MatrixError`] so, and [`status`]
//! gives its status in Zulip's dialect; with the `http` feature, `Response` answers with the
//! headers too.
//!
//! Each error's Zulip `code` and status come from its Matrix identity by the project's mapping
//! (`M_UNKNOWN_TOKEN` is `INVALID_API_KEY` at 401, `M_LIMIT_EXCEEDED` is `RATE_LIMIT_HIT` at
//! 429, any code without a Zulip counterpart is `BAD_REQUEST` with the Matrix status), which a
//! derived type may override with `#[matrix(zulip(code = "...", status = N))]` on a variant or
//! the container:
//!
//! - `code`: `zulip(code)`; else the mapping's code for the errcode (an errcode
//!   `COM.ZULIP_<CODE>`, a Zulip code with no Matrix meaning, gives `<CODE>`); else `BAD_REQUEST`.
//! - status: `zulip(status)`; else a 5xx Matrix status; else, for `BAD_REQUEST` or a
//!   `COM.ZULIP_<CODE>` errcode, the Matrix status; else the status Zulip's table fixes for the
//!   code; else the Matrix status.
//! - `RATE_LIMIT_HIT` adds `"retry-after"` after `code`: the delay in seconds as a float, `null`
//!   when no delay is known (a retry date is `null` too: writing a body never reads the clock).
//! - The extra keys of the Matrix body follow `msg`, but `retry_after_ms` and the keys Zulip's
//!   body writes itself (`result`, `msg`, `code`, `retry-after`).
//! - A 5xx's message is redacted as in Matrix.
//!
//! ```
//! use matrix_error::{MatrixError, zulip};
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! pub enum ApiError {
//!     #[error("invalid API key")]
//!     #[matrix(errcode = "M_UNKNOWN_TOKEN")]
//!     BadKey,
//!     #[error("invalid narrow operator: {op}")]
//!     #[matrix(errcode = "M_INVALID_PARAM", zulip(code = "BAD_NARROW"))]
//!     BadNarrow { #[matrix(field)] op: String },
//! }
//!
//! let json = serde_json::to_string(&zulip::Body(&ApiError::BadKey)).unwrap();
//! assert_eq!(json, r#"{"result":"error","msg":"invalid API key","code":"INVALID_API_KEY"}"#);
//! assert_eq!(zulip::status(&ApiError::BadKey), 401);
//!
//! let narrow = ApiError::BadNarrow { op: "near".into() };
//! assert_eq!(
//!     serde_json::to_string(&zulip::Body(&narrow)).unwrap(),
//!     r#"{"result":"error","msg":"invalid narrow operator: near","op":"near","code":"BAD_NARROW"}"#
//! );
//! assert_eq!(zulip::status(&narrow), 400);
//! ```

mod error;
pub use error::Error;

use serde::ser::{SerializeMap, Serializer};

use crate::MatrixError;
use crate::dialect::{self, Parts, ZULIP_NAMESPACE, mapping};

/// Zulip's generic code, which carries any status.
pub(crate) const BAD_REQUEST: &str = "BAD_REQUEST";

/// The code of a rate limit, whose body adds `retry-after`.
pub(crate) const RATE_LIMIT_HIT: &str = "RATE_LIMIT_HIT";

/// The keys of the body: what the Matrix body's extra keys may not take.
mod key {
    /// `"error"` on every error (`"success"` otherwise).
    pub const RESULT: &str = "result";
    /// The text, translated into the user's language.
    pub const MSG: &str = "msg";
    /// The machine-readable code (since Zulip 5.0).
    pub const CODE: &str = "code";
    /// A rate limit's delay in seconds, a float (or `null`).
    pub const RETRY_AFTER: &str = "retry-after";
    /// Left out of the extra keys: Zulip's own, and the Matrix body's delay.
    pub struct Skip;

    impl crate::dialect::Reserved for Skip {
        const KEYS: &'static [&'static str] = &[
            RESULT,
            MSG,
            CODE,
            RETRY_AFTER,
            crate::body::key::RETRY_AFTER_MS,
        ];
    }
}

/// An error's JSON body in Zulip's dialect, as a [`Serialize`](serde::Serialize) that writes it straight to the
/// serializer, like [`matrix_error::Body`](crate::Body).
///
/// ```
/// use std::time::Duration;
/// use matrix_error::{MatrixError, zulip};
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// #[error("slow down")]
/// #[matrix(errcode = "M_LIMIT_EXCEEDED")]
/// struct Slow { #[matrix(retry_after)] wait: Duration }
///
/// let json = serde_json::to_string(&zulip::Body(&Slow { wait: Duration::from_secs(3) })).unwrap();
/// assert_eq!(json, r#"{"result":"error","msg":"slow down","code":"RATE_LIMIT_HIT","retry-after":3.0}"#);
///
/// // A trait object, and the owned `Error`, answer the same.
/// let error: &dyn MatrixError = &Slow { wait: Duration::from_millis(1500) };
/// assert_eq!(
///     serde_json::to_string(&zulip::Body(error)).unwrap(),
///     r#"{"result":"error","msg":"slow down","code":"RATE_LIMIT_HIT","retry-after":1.5}"#
/// );
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Body<'a, E: ?Sized>(pub &'a E);

crate::dialect::body_serialize!(write);

#[cfg(any(feature = "http", feature = "actix-web"))]
crate::dialect::response_type!(zulip, "zulip", zulip);

fn write<P: Parts, S: Serializer>(parts: &P, serializer: S) -> Result<S::Ok, S::Error> {
    let error = parts.error();
    let dialects = error.__dialects();
    // A derived variant's code is resolved by the derive: no errcode to look up.
    let code = match dialects.and_then(|keys| keys.zulip_code) {
        Some(code) => code,
        None => code_of(error.errcode(), dialects).0,
    };
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry(key::RESULT, "error")?;
    parts.write_message(&mut map, key::MSG)?;
    parts.write_extras::<_, key::Skip>(&mut map)?;
    map.serialize_entry(key::CODE, code)?;
    if code == RATE_LIMIT_HIT {
        map.serialize_entry(
            key::RETRY_AFTER,
            &dialect::delay_seconds(error.retry_after()),
        )?;
    }
    map.end()
}

/// The error's status in Zulip's dialect (see the [module docs](self) for the rule).
///
/// ```
/// use matrix_error::{Error, ErrorKind, zulip};
///
/// assert_eq!(zulip::status(&Error::new(ErrorKind::UnknownToken { soft_logout: false }, "gone")), 401);
/// assert_eq!(zulip::status(&Error::new(ErrorKind::Forbidden, "no")), 403, "BAD_REQUEST at 403");
/// assert_eq!(zulip::status(&Error::new(ErrorKind::BadState, "stale")), 400, "EXPECTATION_MISMATCH");
/// ```
pub fn status<E: MatrixError + ?Sized>(error: &E) -> u16 {
    let errcode = error.errcode();
    let status = error.status();
    resolve(errcode, status, error.__dialects()).1
}

/// DESIGN.md's precedence, on the error's Matrix identity and its dialect keys.
pub(crate) fn resolve<'e>(
    errcode: &'e str,
    status: u16,
    dialects: Option<&'static dialect::Dialects>,
) -> (&'e str, u16) {
    let (code, fixed) = code_of(errcode, dialects);
    let status = match dialects.and_then(|keys| keys.zulip_status) {
        Some(status) => status,
        None if status >= 500 || code == BAD_REQUEST => status,
        None => fixed.unwrap_or(status),
    };
    (code, status)
}

/// The Zulip `code`, with the status Zulip's table fixes for it where there is one: the
/// `code` key; else for an errcode `COM.ZULIP_<CODE>`, `<CODE>`; else the mapping's.
#[inline]
fn code_of<'e>(
    errcode: &'e str,
    dialects: Option<&'static dialect::Dialects>,
) -> (&'e str, Option<u16>) {
    if let Some(keys) = dialects {
        if let Some(code) = keys.zulip_code {
            return (code, keys.zulip_code_status);
        }
    }
    if let Some(code) = errcode.strip_prefix(ZULIP_NAMESPACE) {
        if is_code(code) {
            return (code, None);
        }
    }
    match mapping(errcode) {
        Some(mapped) => (
            mapped.zulip_code.unwrap_or(BAD_REQUEST),
            mapped.zulip_status,
        ),
        None => (BAD_REQUEST, None),
    }
}

/// A Zulip code's grammar, `[A-Z][A-Z0-9_]*`.
pub(crate) fn is_code(code: &str) -> bool {
    code.bytes()
        .next()
        .is_some_and(|first| first.is_ascii_uppercase())
        && (code.bytes()).all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}
