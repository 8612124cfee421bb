//! The spec's client guidance: what a client should treat an error as.

use crate::{Error, ErrorKind, MatrixError};

/// What a client should treat an error as: the answer of [`Error::category`].
///
/// The errcode is the primary signal, as the spec says; for `M_UNKNOWN` and for codes this
/// crate does not know, the HTTP status is the better one.
///
/// ```
/// use matrix_error::{Category, Error};
///
/// let error = Error::from_body(404, br#"{"errcode":"M_UNKNOWN","error":"No such room"}"#);
/// assert_eq!(error.category(), Category::NotFound);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The request is malformed or has a wrong value: fix it, do not resend it as it is.
    InvalidRequest,
    /// The credentials are missing, invalid or locked: log in (again).
    Unauthenticated,
    /// The requester may not do this; for some codes an action unlocks it (consent, an upgrade).
    Forbidden,
    /// The resource does not exist.
    NotFound,
    /// The resource is taken, already exists or has changed since the client looked.
    Conflict,
    /// The server does not support this endpoint, method, room version or feature.
    Unsupported,
    /// Too many requests: wait for [`retry_after`](MatrixError::retry_after), then retry.
    RateLimited,
    /// The server, or a server or service behind it, failed: retrying later may succeed.
    ServerFailure,
    /// An unknown code with a status that is not an error status: nothing to go on.
    Other,
}

impl Category {
    /// The category of an HTTP status alone: 401 unauthenticated, 403 forbidden, 404 not
    /// found, 405 and 501 unsupported, 409 conflict, 429 rate limited, any other 4xx an
    /// invalid request, any other 5xx a server failure.
    ///
    /// ```
    /// use matrix_error::Category;
    ///
    /// assert_eq!(Category::of_status(400), Category::InvalidRequest);
    /// assert_eq!(Category::of_status(503), Category::ServerFailure);
    /// ```
    pub fn of_status(status: u16) -> Category {
        match status {
            401 => Category::Unauthenticated,
            403 => Category::Forbidden,
            404 => Category::NotFound,
            405 | 501 => Category::Unsupported,
            409 => Category::Conflict,
            429 => Category::RateLimited,
            400..=499 => Category::InvalidRequest,
            500..=599 => Category::ServerFailure,
            _ => Category::Other,
        }
    }

    /// The category of a kind, `None` where the kind leaves it to the status (`M_UNKNOWN`
    /// and custom codes).
    fn of_kind(kind: &ErrorKind) -> Option<Category> {
        use ErrorKind as K;
        Some(match kind {
            K::Unknown | K::Custom { .. } => return None,
            K::LimitExceeded { .. } => Category::RateLimited,
            K::MissingToken | K::UnknownToken { .. } | K::UserLocked | K::Unauthorized => {
                Category::Unauthenticated
            }
            K::Forbidden
            | K::GuestAccessForbidden
            | K::UserDeactivated
            | K::UserSuspended
            | K::InviteBlocked
            | K::ConsentNotGiven { .. }
            | K::TermsNotSigned
            | K::ThreepidDenied
            | K::ThreepidAuthFailed
            | K::ServerNotTrusted
            | K::DestinationRejected
            | K::CannotLeaveServerNoticeRoom
            | K::ResourceLimitExceeded { .. }
            | K::UserLimitExceeded { .. }
            | K::UnableToAuthoriseJoin
            | K::UnableToGrantJoin
            | K::ExpiredAccount
            | K::NotJoined
            | K::InsufficientPower
            | K::UnableDueToPartialState
            | K::UserAwaitingApproval { .. } => Category::Forbidden,
            K::NotFound
            | K::ThreepidNotFound
            | K::UnknownDevice
            | K::UnknownPos
            | K::UnredactedContentDeleted { .. }
            | K::SenderIgnored { .. } => Category::NotFound,
            K::UserInUse
            | K::RoomInUse
            | K::ThreepidInUse
            | K::Exclusive
            | K::CannotOverwriteMedia
            | K::DuplicateAnnotation
            | K::WrongRoomKeysVersion { .. }
            | K::AlreadyJoined
            | K::ConflictingUnsubscription
            | K::ConcurrentWrite => Category::Conflict,
            K::Unrecognized
            | K::UnsupportedRoomVersion
            | K::IncompatibleRoomVersion { .. }
            | K::AppserviceLoginUnsupported
            | K::ThreepidMediumNotSupported
            | K::UrlNotSet => Category::Unsupported,
            K::ConnectionFailed
            | K::ConnectionTimeout
            | K::BadStatus { .. }
            | K::NotYetUploaded
            | K::EmailSendError
            | K::SendError => Category::ServerFailure,
            K::BadJson
            | K::NotJson
            | K::BadState
            | K::CaptchaInvalid
            | K::CaptchaNeeded
            | K::InvalidParam
            | K::InvalidRoomState
            | K::InvalidUsername
            | K::MissingParam
            | K::MissingParams
            | K::TooLarge
            | K::KeyTooLarge
            | K::ProfileTooLarge
            | K::BadAlias
            | K::InvalidSignature
            | K::WeakPassword
            | K::PasswordTooShort
            | K::PasswordNoDigit
            | K::PasswordNoUppercase
            | K::PasswordNoLowercase
            | K::PasswordNoSymbol
            | K::PasswordInDictionary
            | K::BadPagination
            | K::InvalidAddress
            | K::InvalidEmail
            | K::InvalidPepper
            | K::NoValidSession
            | K::SessionExpired
            | K::SessionNotValidated
            | K::TokenIncorrect
            | K::Unactionable
            | K::NotInThread => Category::InvalidRequest,
        })
    }
}

impl Error {
    /// What a client should treat this error as, following the spec's guidance: the errcode
    /// decides (`M_NOT_FOUND` sent with 400 is still "not found"), except for `M_UNKNOWN` and
    /// codes this crate does not know, where the HTTP status decides
    /// ([`Category::of_status`]).
    ///
    /// ```
    /// use matrix_error::{Category, Error};
    ///
    /// let not_found = Error::from_body(400, br#"{"errcode":"M_NOT_FOUND","error":"gone"}"#);
    /// assert_eq!(not_found.category(), Category::NotFound);
    ///
    /// let unknown = Error::from_body(401, br#"{"errcode":"M_UNKNOWN","error":"bad password"}"#);
    /// assert_eq!(unknown.category(), Category::Unauthenticated);
    ///
    /// let proxy = Error::from_body(502, b"<html>Bad Gateway</html>");
    /// assert_eq!(proxy.category(), Category::ServerFailure);
    /// ```
    pub fn category(&self) -> Category {
        Category::of_kind(self.kind()).unwrap_or_else(|| Category::of_status(self.status()))
    }

    /// Whether sending the same request again later may succeed: a 429, `M_LIMIT_EXCEEDED`
    /// with any status, or a 5xx other than 501 (Not Implemented). Wait for
    /// [`retry_after`](MatrixError::retry_after) when it is set, else back off on your own.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use matrix_error::{Error, MatrixError};
    ///
    /// /// How long to wait before attempt `attempt + 1`, or `None` to give up.
    /// fn retry_delay(error: &Error, attempt: u32) -> Option<Duration> {
    ///     if !error.is_retryable() || attempt >= 5 {
    ///         return None;
    ///     }
    ///     let backoff = Duration::from_millis(500 << attempt);
    ///     Some(error.retry_after().map_or(backoff, |at| at.delay_from(SystemTime::now())))
    /// }
    ///
    /// let limited = Error::from_body(429, br#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500}"#);
    /// assert_eq!(retry_delay(&limited, 0), Some(Duration::from_millis(1500)));
    /// let down = Error::from_body(503, b"");
    /// assert_eq!(retry_delay(&down, 2), Some(Duration::from_secs(2)));
    /// let forbidden = Error::from_body(403, br#"{"errcode":"M_FORBIDDEN"}"#);
    /// assert_eq!(retry_delay(&forbidden, 0), None);
    /// ```
    pub fn is_retryable(&self) -> bool {
        let status = self.status();
        status == 429
            || matches!(self.kind(), ErrorKind::LimitExceeded { .. })
            || ((500..=599).contains(&status) && status != 501)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_errcode_decides_over_the_status() {
        let cases = [
            (r#"{"errcode":"M_NOT_FOUND"}"#, 400, Category::NotFound),
            (r#"{"errcode":"M_FORBIDDEN"}"#, 500, Category::Forbidden),
            (
                r#"{"errcode":"M_LIMIT_EXCEEDED"}"#,
                400,
                Category::RateLimited,
            ),
            (
                r#"{"errcode":"M_UNKNOWN_TOKEN"}"#,
                403,
                Category::Unauthenticated,
            ),
            (
                r#"{"errcode":"M_USER_LOCKED"}"#,
                401,
                Category::Unauthenticated,
            ),
            (
                r#"{"errcode":"M_UNRECOGNIZED"}"#,
                404,
                Category::Unsupported,
            ),
            (r#"{"errcode":"M_USER_IN_USE"}"#, 400, Category::Conflict),
            (r#"{"errcode":"M_BAD_JSON"}"#, 500, Category::InvalidRequest),
            (
                r#"{"errcode":"M_CONNECTION_TIMEOUT"}"#,
                504,
                Category::ServerFailure,
            ),
        ];
        for (body, status, category) in cases {
            assert_eq!(
                Error::from_body(status, body.as_bytes()).category(),
                category,
                "{body}"
            );
        }
    }

    #[test]
    fn the_status_decides_for_unknown_and_custom_codes() {
        let cases = [
            (400, Category::InvalidRequest),
            (401, Category::Unauthenticated),
            (403, Category::Forbidden),
            (404, Category::NotFound),
            (405, Category::Unsupported),
            (409, Category::Conflict),
            (413, Category::InvalidRequest),
            (429, Category::RateLimited),
            (500, Category::ServerFailure),
            (501, Category::Unsupported),
            (503, Category::ServerFailure),
            (599, Category::ServerFailure),
            (200, Category::Other),
            (302, Category::Other),
            (0, Category::Other),
        ];
        for (status, category) in cases {
            let unknown = Error::from_body(status, br#"{"errcode":"M_UNKNOWN","error":"x"}"#);
            assert_eq!(unknown.category(), category, "M_UNKNOWN {status}");
            let custom = Error::from_body(status, br#"{"errcode":"COM.EXAMPLE_X"}"#);
            assert_eq!(custom.category(), category, "custom {status}");
            let html = Error::from_body(status, b"<html></html>");
            assert_eq!(html.category(), category, "not JSON {status}");
        }
    }

    #[test]
    fn retryable_errors() {
        let retryable =
            |status: u16, body: &str| Error::from_body(status, body.as_bytes()).is_retryable();
        assert!(retryable(429, r#"{"errcode":"M_UNKNOWN"}"#));
        assert!(retryable(400, r#"{"errcode":"M_LIMIT_EXCEEDED"}"#));
        assert!(retryable(500, ""));
        assert!(retryable(502, "<html>"));
        assert!(retryable(504, r#"{"errcode":"M_NOT_YET_UPLOADED"}"#));
        assert!(retryable(599, ""));
        assert!(!retryable(501, r#"{"errcode":"M_UNRECOGNIZED"}"#));
        assert!(!retryable(403, r#"{"errcode":"M_FORBIDDEN"}"#));
        assert!(!retryable(404, r#"{"errcode":"M_NOT_FOUND"}"#));
        assert!(!retryable(400, r#"{"errcode":"M_BAD_JSON"}"#));
        assert!(!retryable(600, ""));
    }
}
