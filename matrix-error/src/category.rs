//! The spec's client guidance: what a client should treat an error as ([`Error::category`]),
//! and the decisions built on it ([`Error::is_retryable`], [`Error::is_unrecognized_endpoint`]).

use crate::{Error, ErrorKind};

/// What a client should treat an error as: the answer of [`Error::category`].
///
/// The errcode is the primary signal, as the spec says; for `M_UNKNOWN` and for codes this
/// crate does not know, the HTTP status is the better one. A 401 that carries the auth state
/// of user-interactive authentication is [`InteractiveAuth`](Category::InteractiveAuth)
/// whatever its errcode.
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
    /// The credentials are missing, invalid or locked: log in (again);
    /// [`soft_logout`](Error::soft_logout) says whether the session's data may be kept.
    Unauthenticated,
    /// The requester may not do this; for some codes an action unlocks it (consent, an upgrade).
    Forbidden,
    /// The resource does not exist.
    NotFound,
    /// The resource is taken, already exists or has changed since the client looked.
    Conflict,
    /// The server does not support this endpoint, method, room version or feature.
    Unsupported,
    /// Too many requests: wait for [`retry_after`](Error::retry_after), then retry.
    RateLimited,
    /// The server, or a server or service behind it, failed: retrying later may succeed.
    ServerFailure,
    /// An unknown code with a status that is not an error status: nothing to go on.
    Other,
    /// User-interactive authentication: a 401 that carries `flows`, the first challenge (no
    /// errcode) or a failed stage (the stage's errcode, `M_FORBIDDEN` for a wrong password).
    /// Not a logout: answer the challenge, whose state [`Error::uiaa`] reads, and send the
    /// request again with it (the spec's "User-interactive authentication API").
    InteractiveAuth,
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
    /// What a client should treat this error as, following the spec's guidance: a 401 whose
    /// body carries the auth state of user-interactive authentication (a `flows` array) is
    /// [`InteractiveAuth`](Category::InteractiveAuth), first challenge or failed stage; else
    /// the errcode decides (`M_NOT_FOUND` sent with 400 is still "not found", a 502
    /// `M_TOO_LARGE` an invalid request), except for `M_UNKNOWN` and codes this crate does not
    /// know, where the HTTP status decides ([`Category::of_status`]).
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
    ///
    /// let failed_stage = br#"{"errcode":"M_FORBIDDEN","error":"Invalid password","flows":[{"stages":["m.login.password"]}],"session":"xyz"}"#;
    /// assert_eq!(Error::from_body(401, failed_stage).category(), Category::InteractiveAuth);
    /// ```
    pub fn category(&self) -> Category {
        if self.auth_state().is_some() {
            return Category::InteractiveAuth;
        }
        Category::of_kind(self.kind()).unwrap_or_else(|| Category::of_status(self.status()))
    }

    /// Whether sending the same request again later may succeed: exactly when the
    /// [`category`](Error::category) is [`RateLimited`](Category::RateLimited) or
    /// [`ServerFailure`](Category::ServerFailure), so the two never disagree. The errcode
    /// decides as it does there: a 502 `M_TOO_LARGE` (remote media too large), an
    /// `M_UNRECOGNIZED` on any status and a 429 `M_FORBIDDEN` are not retried; a proxy's 5xx
    /// page, `M_UNKNOWN` at 429 or 5xx (501 aside: not implemented) and `M_LIMIT_EXCEEDED`
    /// with any status are. Wait for [`retry_after`](Error::retry_after) when it is set, else
    /// back off on your own.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use matrix_error::Error;
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
    /// let too_large = Error::from_body(502, br#"{"errcode":"M_TOO_LARGE"}"#);
    /// assert_eq!(retry_delay(&too_large, 0), None);
    /// ```
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.category(),
            Category::RateLimited | Category::ServerFailure
        )
    }

    /// Whether the server lacks the endpoint: `M_UNRECOGNIZED` with 404 (the spec: "an
    /// unknown endpoint") or 405 (a known endpoint with the wrong method). What a client
    /// probing for a feature checks before falling back to an older endpoint; narrower than
    /// [`Category::Unsupported`], which also covers an unsupported room version or medium and
    /// `M_UNRECOGNIZED` with other statuses (a 400 for a request the server did not
    /// understand).
    ///
    /// ```
    /// use matrix_error::Error;
    ///
    /// let missing = Error::from_body(404, br#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#);
    /// assert!(missing.is_unrecognized_endpoint());
    /// let wrong_method = Error::from_body(405, br#"{"errcode":"M_UNRECOGNIZED"}"#);
    /// assert!(wrong_method.is_unrecognized_endpoint());
    /// let bad_request = Error::from_body(400, br#"{"errcode":"M_UNRECOGNIZED"}"#);
    /// assert!(!bad_request.is_unrecognized_endpoint());
    /// let no_room = Error::from_body(404, br#"{"errcode":"M_NOT_FOUND"}"#);
    /// assert!(!no_room.is_unrecognized_endpoint());
    /// ```
    pub fn is_unrecognized_endpoint(&self) -> bool {
        matches!(self.kind(), ErrorKind::Unrecognized) && matches!(self.status(), 404 | 405)
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

    /// The issue's cases and their neighbours: status, body, category, retried. The errcode
    /// decides over the status for both answers, so they never disagree.
    #[test]
    fn retried_exactly_when_rate_limited_or_failed() {
        use Category as C;
        let cases: &[(u16, &str, Category, bool)] = &[
            (
                429,
                r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":10}"#,
                C::RateLimited,
                true,
            ),
            (
                400,
                r#"{"errcode":"M_LIMIT_EXCEEDED"}"#,
                C::RateLimited,
                true,
            ),
            (429, r#"{"errcode":"M_UNKNOWN"}"#, C::RateLimited, true),
            (
                429,
                r#"{"errcode":"COM.EXAMPLE_SLOW"}"#,
                C::RateLimited,
                true,
            ),
            (429, "Too Many Requests", C::RateLimited, true),
            // Remote media too large: js-sdk never retries it.
            (
                502,
                r#"{"errcode":"M_TOO_LARGE","error":"Remote media too large"}"#,
                C::InvalidRequest,
                false,
            ),
            (
                413,
                r#"{"errcode":"M_TOO_LARGE"}"#,
                C::InvalidRequest,
                false,
            ),
            // The server lacks the endpoint, whatever the status says.
            (
                500,
                r#"{"errcode":"M_UNRECOGNIZED"}"#,
                C::Unsupported,
                false,
            ),
            (
                502,
                r#"{"errcode":"M_UNRECOGNIZED"}"#,
                C::Unsupported,
                false,
            ),
            (
                404,
                r#"{"errcode":"M_UNRECOGNIZED"}"#,
                C::Unsupported,
                false,
            ),
            (429, r#"{"errcode":"M_FORBIDDEN"}"#, C::Forbidden, false),
            (500, r#"{"errcode":"M_NOT_FOUND"}"#, C::NotFound, false),
            (500, r#"{"errcode":"M_UNKNOWN"}"#, C::ServerFailure, true),
            (
                502,
                "<html><body>Bad Gateway</body></html>",
                C::ServerFailure,
                true,
            ),
            (503, "", C::ServerFailure, true),
            (599, "", C::ServerFailure, true),
            (
                504,
                r#"{"errcode":"M_NOT_YET_UPLOADED"}"#,
                C::ServerFailure,
                true,
            ),
            (
                502,
                r#"{"errcode":"M_CONNECTION_FAILED"}"#,
                C::ServerFailure,
                true,
            ),
            (501, r#"{"errcode":"M_UNKNOWN"}"#, C::Unsupported, false),
            (501, "Not Implemented", C::Unsupported, false),
            (403, r#"{"errcode":"M_FORBIDDEN"}"#, C::Forbidden, false),
            (400, r#"{"errcode":"M_BAD_JSON"}"#, C::InvalidRequest, false),
            (
                401,
                r#"{"errcode":"M_UNKNOWN_TOKEN","soft_logout":true}"#,
                C::Unauthenticated,
                false,
            ),
            (
                401,
                r#"{"flows":[{"stages":["m.login.password"]}],"session":"s"}"#,
                C::InteractiveAuth,
                false,
            ),
            (
                401,
                r#"{"errcode":"M_FORBIDDEN","error":"Invalid password","flows":[{"stages":["m.login.password"]}]}"#,
                C::InteractiveAuth,
                false,
            ),
            (600, "", C::Other, false),
        ];
        for &(status, body, category, retried) in cases {
            let error = Error::from_body(status, body.as_bytes());
            assert_eq!(error.category(), category, "{status} {body}");
            assert_eq!(error.is_retryable(), retried, "{status} {body}");
        }
    }

    #[test]
    fn a_challenge_is_no_logout() {
        let flows = r#""flows":[{"stages":["m.login.password"]}],"params":{},"session":"xyz""#;
        let first = Error::from_body(401, format!("{{{flows}}}").as_bytes());
        let failed = Error::from_body(
            401,
            format!(r#"{{"errcode":"M_FORBIDDEN","error":"Invalid password",{flows}}}"#).as_bytes(),
        );
        let unknown = Error::from_body(
            401,
            format!(r#"{{"errcode":"M_UNKNOWN","error":"x",{flows}}}"#).as_bytes(),
        );
        let token = Error::from_body(
            401,
            format!(r#"{{"errcode":"M_UNKNOWN_TOKEN","soft_logout":true,{flows}}}"#).as_bytes(),
        );
        let locked = Error::from_body(
            401,
            format!(r#"{{"errcode":"M_USER_LOCKED",{flows}}}"#).as_bytes(),
        );
        for error in [first, failed, unknown, token, locked] {
            assert_eq!(error.category(), Category::InteractiveAuth, "{error}");
            assert_eq!(error.soft_logout(), None);
            assert!(error.uiaa().is_some());
        }
        // `flows` of another type, or another status: no challenge the client could answer.
        let bad_flows = Error::from_body(401, br#"{"errcode":"M_FORBIDDEN","flows":[1]}"#);
        assert_eq!(bad_flows.category(), Category::Forbidden);
        assert_eq!(bad_flows.uiaa(), None);
        let not_401 = Error::from_body(403, br#"{"errcode":"M_FORBIDDEN","flows":[]}"#);
        assert_eq!(not_401.category(), Category::Forbidden);
    }

    #[test]
    fn unrecognized_endpoints() {
        for (status, body, expected) in [
            (404, r#"{"errcode":"M_UNRECOGNIZED"}"#, true),
            (405, r#"{"errcode":"M_UNRECOGNIZED"}"#, true),
            (400, r#"{"errcode":"M_UNRECOGNIZED"}"#, false),
            (501, r#"{"errcode":"M_UNRECOGNIZED"}"#, false),
            (404, r#"{"errcode":"M_NOT_FOUND"}"#, false),
            (404, r#"{"errcode":"M_UNKNOWN"}"#, false),
            (404, "<html>Not Found</html>", false),
        ] {
            let error = Error::from_body(status, body.as_bytes());
            assert_eq!(
                error.is_unrecognized_endpoint(),
                expected,
                "{status} {body}"
            );
        }
    }
}
