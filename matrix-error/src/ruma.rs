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

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use ::http::StatusCode;
use ruma_common::api::error::{
    BadStatusErrorData, Error as RumaError, ErrorBody, ErrorKind as RumaKind,
    IncompatibleRoomVersionErrorData, LimitExceededErrorData, ResourceLimitExceededErrorData,
    RetryAfter as RumaRetryAfter, StandardErrorBody, UnknownTokenErrorData,
    UserLimitExceededErrorData, WrongRoomKeysVersionErrorData,
};
use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use crate::body::{self, key};
use crate::{Error, ErrorKind, MatrixError, RetryAfter};

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
/// use matrix_error::{Error, ErrorKind};
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

/// ruma's kind as [`ErrorKind`], variant by variant (no JSON in between). A kind this crate
/// maps to no variant (ruma's `_Custom`, and the kinds of ruma's `unstable-*` features) goes by
/// its errcode and keys, as [`ErrorKind::from_parts`] reads them: a code of the table gives
/// its variant, any other [`ErrorKind::Custom`] with every key.
///
/// Where ruma and the spec differ in form, the wire form is kept: ruma's
/// `can_upgrade: false` (which ruma does not send) is `None`.
///
/// ```
/// use ruma_common::api::error::{ErrorKind as RumaKind, UnknownTokenErrorData};
/// use matrix_error::ErrorKind;
///
/// let mut data = UnknownTokenErrorData::new();
/// data.soft_logout = true;
/// assert_eq!(ErrorKind::from(RumaKind::UnknownToken(data)), ErrorKind::UnknownToken { soft_logout: true });
/// assert_eq!(ErrorKind::from(RumaKind::UnableToAuthorizeJoin), ErrorKind::UnableToAuthoriseJoin);
/// ```
impl From<RumaKind> for ErrorKind {
    fn from(kind: RumaKind) -> ErrorKind {
        match kind {
            RumaKind::AppserviceLoginUnsupported => ErrorKind::AppserviceLoginUnsupported,
            RumaKind::BadAlias => ErrorKind::BadAlias,
            RumaKind::BadJson => ErrorKind::BadJson,
            RumaKind::BadState => ErrorKind::BadState,
            RumaKind::BadStatus(BadStatusErrorData { status, body, .. }) => ErrorKind::BadStatus {
                status: status.map(|status| status.as_u16()),
                body,
            },
            RumaKind::CannotLeaveServerNoticeRoom => ErrorKind::CannotLeaveServerNoticeRoom,
            RumaKind::CannotOverwriteMedia => ErrorKind::CannotOverwriteMedia,
            RumaKind::CaptchaInvalid => ErrorKind::CaptchaInvalid,
            RumaKind::CaptchaNeeded => ErrorKind::CaptchaNeeded,
            RumaKind::ConnectionFailed => ErrorKind::ConnectionFailed,
            RumaKind::ConnectionTimeout => ErrorKind::ConnectionTimeout,
            RumaKind::DuplicateAnnotation => ErrorKind::DuplicateAnnotation,
            RumaKind::Exclusive => ErrorKind::Exclusive,
            RumaKind::Forbidden => ErrorKind::Forbidden,
            RumaKind::GuestAccessForbidden => ErrorKind::GuestAccessForbidden,
            RumaKind::IncompatibleRoomVersion(IncompatibleRoomVersionErrorData {
                room_version,
                ..
            }) => ErrorKind::IncompatibleRoomVersion {
                room_version: room_version.as_str().to_owned(),
            },
            RumaKind::InvalidParam => ErrorKind::InvalidParam,
            RumaKind::InvalidRoomState => ErrorKind::InvalidRoomState,
            RumaKind::InvalidUsername => ErrorKind::InvalidUsername,
            RumaKind::InviteBlocked => ErrorKind::InviteBlocked,
            RumaKind::KeyTooLarge => ErrorKind::KeyTooLarge,
            RumaKind::LimitExceeded(LimitExceededErrorData { retry_after, .. }) => {
                ErrorKind::LimitExceeded {
                    retry_after: retry_after.map(from_ruma),
                }
            }
            RumaKind::MissingParam => ErrorKind::MissingParam,
            RumaKind::MissingToken => ErrorKind::MissingToken,
            RumaKind::NotFound => ErrorKind::NotFound,
            RumaKind::NotJson => ErrorKind::NotJson,
            RumaKind::NotYetUploaded => ErrorKind::NotYetUploaded,
            RumaKind::ProfileTooLarge => ErrorKind::ProfileTooLarge,
            RumaKind::ResourceLimitExceeded(ResourceLimitExceededErrorData {
                admin_contact,
                ..
            }) => ErrorKind::ResourceLimitExceeded {
                admin_contact: Some(admin_contact),
            },
            RumaKind::RoomInUse => ErrorKind::RoomInUse,
            RumaKind::ServerNotTrusted => ErrorKind::ServerNotTrusted,
            RumaKind::ThreepidAuthFailed => ErrorKind::ThreepidAuthFailed,
            RumaKind::ThreepidDenied => ErrorKind::ThreepidDenied,
            RumaKind::ThreepidInUse => ErrorKind::ThreepidInUse,
            RumaKind::ThreepidMediumNotSupported => ErrorKind::ThreepidMediumNotSupported,
            RumaKind::ThreepidNotFound => ErrorKind::ThreepidNotFound,
            RumaKind::TokenIncorrect => ErrorKind::TokenIncorrect,
            RumaKind::TooLarge => ErrorKind::TooLarge,
            RumaKind::UnableToAuthorizeJoin => ErrorKind::UnableToAuthoriseJoin,
            RumaKind::UnableToGrantJoin => ErrorKind::UnableToGrantJoin,
            RumaKind::Unauthorized => ErrorKind::Unauthorized,
            RumaKind::Unknown => ErrorKind::Unknown,
            RumaKind::UnknownDevice => ErrorKind::UnknownDevice,
            RumaKind::UnknownToken(UnknownTokenErrorData { soft_logout, .. }) => {
                ErrorKind::UnknownToken { soft_logout }
            }
            RumaKind::Unrecognized => ErrorKind::Unrecognized,
            RumaKind::UnsupportedRoomVersion => ErrorKind::UnsupportedRoomVersion,
            RumaKind::UrlNotSet => ErrorKind::UrlNotSet,
            RumaKind::UserDeactivated => ErrorKind::UserDeactivated,
            RumaKind::UserInUse => ErrorKind::UserInUse,
            RumaKind::UserLimitExceeded(UserLimitExceededErrorData {
                info_uri,
                can_upgrade,
                ..
            }) => ErrorKind::UserLimitExceeded {
                info_uri,
                can_upgrade: can_upgrade.then_some(true),
            },
            RumaKind::UserLocked => ErrorKind::UserLocked,
            RumaKind::UserSuspended => ErrorKind::UserSuspended,
            RumaKind::WeakPassword => ErrorKind::WeakPassword,
            RumaKind::WrongRoomKeysVersion(WrongRoomKeysVersionErrorData {
                current_version,
                ..
            }) => ErrorKind::WrongRoomKeysVersion { current_version },
            other => {
                let mut keys = other_keys(&other);
                ErrorKind::from_parts(other.errcode().as_str(), &mut keys)
            }
        }
    }
}

/// The keys of a kind that [`From<RumaKind>`](ErrorKind#impl-From<ErrorKind>-for-ErrorKind)
/// maps to no variant: `_Custom`'s data as ruma holds it, else (a kind of ruma's unstable
/// features, unknown to this crate) its keys as ruma writes them.
fn other_keys(kind: &RumaKind) -> Map<String, Value> {
    if let Some(data) = kind.custom_json_data() {
        return data.clone();
    }
    let mut keys = match serde_json::to_value(kind) {
        Ok(Value::Object(keys)) => keys,
        _ => Map::new(),
    };
    keys.remove(key::ERRCODE);
    keys
}

/// The errcode and status of every code of [`ErrorKind`]'s table, by errcode: what ruma's
/// kind answers as a [`MatrixError`] (ruma sets no status per kind).
fn table() -> &'static HashMap<&'static str, (&'static str, u16)> {
    static TABLE: OnceLock<HashMap<&'static str, (&'static str, u16)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        ErrorKind::ERRORS
            .iter()
            .filter_map(|info| Some((info.errcode?, (info.errcode?, info.status?))))
            .collect()
    })
}

/// The errcode and status of ruma's kind: its table entry; for an unstable form of a code of
/// the table (an alias, which ruma may hold as `_Custom`), the stable code's; for a code not
/// in the table, `M_UNKNOWN`'s errcode and the status of [`ErrorKind::Custom`].
fn entry(kind: &RumaKind) -> (&'static str, u16) {
    let table = table();
    let errcode = RumaKind::errcode(kind);
    let stable = || match ErrorKind::from_parts(errcode.as_str(), &mut Map::new()) {
        ErrorKind::Custom { .. } => None,
        stable => table.get(stable.errcode()).copied(),
    };
    match table.get(errcode.as_str()).copied().or_else(stable) {
        Some(entry) => entry,
        None => {
            let unknown = table
                .get(ErrorKind::Unknown.errcode())
                .map_or("", |entry| entry.0);
            let custom = ErrorKind::Custom {
                errcode: String::new(),
                extra: Map::new(),
            };
            (unknown, custom.status())
        }
    }
}

/// ruma's kind as a Matrix error, so that it can be a `#[matrix(kind)]` field (ruma's
/// `ErrorKind` as `tuwunel` holds it in `Request(ErrorKind, message, status)`).
///
/// - `errcode()` and `status()`: the code and status of [`ErrorKind`]'s table. ruma lends the
///   code of a kind it does not know (its `_Custom`, which it builds only when it reads a
///   body) only as a new value, never as a `&str`: for the unstable form of a code of the
///   table (an alias) `errcode()` and `status()` are the stable code's; for any other such
///   code, and for the codes of ruma's `unstable-*` features this crate's table lacks,
///   `errcode()` is `M_UNKNOWN` and `status()` 500. Every body, `error_dict()` and the
///   [`Error`] it converts into carry ruma's exact code.
/// - The keys: as ruma writes them (it leaves out `soft_logout: false`, `can_upgrade: false`);
///   `retry_after()`: `M_LIMIT_EXCEEDED`'s.
/// - `message()`: the description [`ErrorKind`]'s `Display` gives; a `kind` variant sends its
///   own.
///
/// ```
/// use ruma_common::api::error::ErrorKind as RumaKind;
/// use matrix_error::{Body, MatrixError};
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// enum ApiError {
///     #[error("{1}")]
///     Request(#[matrix(kind)] RumaKind, String),
/// }
///
/// let error = ApiError::Request(RumaKind::UserSuspended, "Account is suspended.".into());
/// assert_eq!((error.errcode(), error.status()), ("M_USER_SUSPENDED", 403));
/// assert_eq!(
///     serde_json::to_string(&Body(&error)).unwrap(),
///     r#"{"errcode":"M_USER_SUSPENDED","error":"Account is suspended."}"#
/// );
/// ```
impl MatrixError for RumaKind {
    fn errcode(&self) -> &str {
        entry(self).0
    }

    fn status(&self) -> u16 {
        entry(self).1
    }

    fn message(&self) -> Cow<'_, str> {
        Cow::Owned(ErrorKind::from(self.clone()).to_string())
    }

    fn retry_after(&self) -> Option<RetryAfter> {
        limit_exceeded_retry_after(self)
    }

    fn error_dict(&self) -> Map<String, Value> {
        body::error_dict(self)
    }

    fn __serialize_errcode<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
    {
        map.serialize_entry(key::ERRCODE, RumaKind::errcode(self).as_str())
    }

    fn __serialize_extras<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
    {
        body::write_flatten(map, self, &key::RESERVED)
    }
}
