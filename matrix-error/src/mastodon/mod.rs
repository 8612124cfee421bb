//! Mastodon's dialect: the same errors in the wire format of Mastodon's REST API.
//!
//! Serving (below) and reading a Mastodon server's errors ([`Error`]): every key kept, and their Matrix meaning.
//!
//! A Mastodon error is `{"error":<text>}` with its HTTP status as the main signal; an OAuth
//! error (Mastodon's OAuth endpoints, served by Doorkeeper) is `{"error":<code>,
//! "error_description":<text>}` with RFC 6749's codes. Matrix's own OAuth 2.0 API answers with
//! the same RFC 6749 bodies, so an OAuth variant serves both. [`Body`] writes any
//! [`MatrixError`] so, and [`status`] gives its status in Mastodon's dialect; with the `http`
//! feature, `Response` answers with the headers too.
//!
//! Each error's Mastodon status comes from its Matrix identity by the project's mapping
//! (`M_NOT_FOUND` 404, `M_INVALID_PARAM` 422, `M_ROOM_IN_USE` 422, any code without a Mastodon
//! counterpart the Matrix status), which a derived type may override with
//! `#[matrix(mastodon(status = N, error = "..."))]` or `#[matrix(mastodon(oauth = "..."))]` on
//! a variant or the container:
//!
//! - status: `mastodon(status)`; else a 5xx Matrix status; else for `oauth` the OAuth code's
//!   (400; `invalid_client` 401); else the mapping's; else the Matrix status.
//! - `error`: for `oauth`, or an errcode `ORG.IETF.OAUTH_<CODE>` (an OAuth error read back),
//!   the OAuth code in lower case, with `error_description` the message; else
//!   `mastodon(error)`; else the message (the Matrix body's text, 5xx redaction included).
//! - The extra keys of the Matrix body follow, but `retry_after_ms` and the keys Mastodon's
//!   body writes itself (`error`, `error_description`).
//!
//! ```
//! use matrix_error::{MatrixError, mastodon};
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! pub enum ApiError {
//!     #[error("no such status")]
//!     #[matrix(errcode = "M_NOT_FOUND")]
//!     NoStatus,
//!     #[error("that name is taken")]
//!     #[matrix(errcode = "M_USER_IN_USE", mastodon(error = "Duplicate record"))]
//!     Taken,
//!     #[error("the authorization code has expired")]
//!     #[matrix(errcode = "M_FORBIDDEN", mastodon(oauth = "invalid_grant"))]
//!     Expired,
//! }
//!
//! let json = serde_json::to_string(&mastodon::Body(&ApiError::NoStatus)).unwrap();
//! assert_eq!(json, r#"{"error":"no such status"}"#);
//! assert_eq!(mastodon::status(&ApiError::Taken), 422);
//! assert_eq!(serde_json::to_string(&mastodon::Body(&ApiError::Taken)).unwrap(), r#"{"error":"Duplicate record"}"#);
//! assert_eq!(
//!     serde_json::to_string(&mastodon::Body(&ApiError::Expired)).unwrap(),
//!     r#"{"error":"invalid_grant","error_description":"the authorization code has expired"}"#
//! );
//! assert_eq!(mastodon::status(&ApiError::Expired), 400);
//! ```

use std::fmt;

mod error;
pub use error::{Error, Shape};

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::MatrixError;
use crate::dialect::{self, OAUTH_NAMESPACE, Parts, mapping};

/// The keys of the body: what the Matrix body's extra keys may not take.
mod key {
    /// The text; an OAuth error's code; in the nested form, an object holding both.
    pub const ERROR: &str = "error";
    /// An OAuth error's text.
    pub const ERROR_DESCRIPTION: &str = "error_description";
    /// A validation failure's details, by attribute.
    pub const DETAILS: &str = "details";
    /// Left out of the extra keys: Mastodon's own, and the Matrix body's delay.
    pub struct Skip;

    impl crate::dialect::Reserved for Skip {
        const KEYS: &'static [&'static str] =
            &[ERROR, ERROR_DESCRIPTION, crate::body::key::RETRY_AFTER_MS];
    }
}

/// An error's JSON body in Mastodon's dialect, as a [`Serialize`] that writes it straight to
/// the serializer, like [`matrix_error::Body`](crate::Body).
///
/// ```
/// use matrix_error::{Error, ErrorKind, MatrixError, mastodon};
///
/// let error = Error::new(ErrorKind::Unknown, "disk on fire").with_status(503);
/// assert_eq!(serde_json::to_string(&mastodon::Body(&error)).unwrap(), r#"{"error":"disk on fire"}"#);
/// assert_eq!(mastodon::status(&error), 503);
///
/// let error: &dyn MatrixError = &error;
/// assert_eq!(serde_json::to_string(&mastodon::Body(error)).unwrap(), r#"{"error":"disk on fire"}"#);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Body<'a, E: ?Sized>(pub &'a E);

crate::dialect::body_serialize!(write);

#[cfg(any(feature = "http", feature = "actix-web"))]
crate::dialect::response_type!(mastodon, "mastodon", mastodon);

fn write<P: Parts, S: Serializer>(parts: &P, serializer: S) -> Result<S::Ok, S::Error> {
    let error = parts.error();
    let keys = error.__dialects();
    let mut map = serializer.serialize_map(None)?;
    match oauth_code(error, keys) {
        Some(code) => {
            map.serialize_entry(key::ERROR, &code)?;
            parts.write_message(&mut map, key::ERROR_DESCRIPTION)?;
        }
        None => match keys.and_then(|keys| keys.mastodon_error) {
            Some(text) => map.serialize_entry(key::ERROR, text)?,
            None => parts.write_message(&mut map, key::ERROR)?,
        },
    }
    parts.write_extras::<_, key::Skip>(&mut map)?;
    map.end()
}

/// The OAuth code of an error: its `oauth` key, else the code of an `ORG.IETF.OAUTH_<CODE>`
/// errcode (which a literal errcode, `mapped` by the derive, is not), written in lower case
/// without a copy.
#[inline]
fn oauth_code<'e, E: MatrixError + ?Sized>(
    error: &'e E,
    keys: Option<&dialect::Dialects>,
) -> Option<OAuthCode<'e>> {
    if let Some(keys) = keys {
        if let Some((code, _)) = keys.oauth {
            return Some(OAuthCode(code));
        }
        if keys.mapped {
            return None;
        }
    }
    let code = error.errcode().strip_prefix(OAUTH_NAMESPACE)?;
    let valid = !code.is_empty() && (code.bytes()).all(|b| b.is_ascii_alphanumeric() || b == b'_');
    valid.then_some(OAuthCode(code))
}

/// An OAuth code, written in lower case.
struct OAuthCode<'e>(&'e str);

impl Serialize for OAuthCode<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for OAuthCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.bytes().any(|b| b.is_ascii_uppercase()) {
            false => f.write_str(self.0),
            true => self
                .0
                .chars()
                .try_for_each(|c| fmt::Write::write_char(f, c.to_ascii_lowercase())),
        }
    }
}

/// The error's status in Mastodon's dialect (see the [module docs](self) for the rule).
///
/// ```
/// use matrix_error::{Error, ErrorKind, mastodon};
///
/// assert_eq!(mastodon::status(&Error::new(ErrorKind::InvalidParam, "bad")), 422);
/// assert_eq!(mastodon::status(&Error::new(ErrorKind::UserDeactivated, "gone")), 403);
/// assert_eq!(mastodon::status(&Error::new(ErrorKind::Forbidden, "no")), 403);
/// ```
pub fn status<E: MatrixError + ?Sized>(error: &E) -> u16 {
    resolve_status(error.errcode(), error.status(), error.__dialects())
}

/// DESIGN.md's precedence, on the error's Matrix identity and its dialect keys.
pub(crate) fn resolve_status(
    errcode: &str,
    status: u16,
    dialects: Option<&'static dialect::Dialects>,
) -> u16 {
    let keys = dialects.copied().unwrap_or_default();
    match (keys.mastodon_status, keys.oauth) {
        (Some(status), _) => status,
        (None, _) if status >= 500 => status,
        (None, Some((_, oauth))) => oauth,
        (None, None) if keys.mapped => keys.mastodon_mapped_status.unwrap_or(status),
        (None, None) => {
            (mapping(errcode).and_then(|mapped| mapped.mastodon_status)).unwrap_or(status)
        }
    }
}
