use std::fmt;

use serde_json::{Map, Value};

use crate::{MatrixError, RetryAfter};

/// Every errcode of the Matrix spec, plus the ones Synapse sends beyond it, and
/// [`Custom`](ErrorKind::Custom) for any other code.
///
/// Each variant is its code in UpperCamelCase without `M_` (`M_LIMIT_EXCEEDED` is
/// [`LimitExceeded`](ErrorKind::LimitExceeded)) and carries the code's extra keys as typed
/// fields. Its [`status`](MatrixError::status) is the one the spec fixes for the code, or where
/// the spec fixes none, the one servers usually send; [`Error`](crate::Error) can override it.
///
/// The enum is built with `#[derive(MatrixError)]` and checked against the code table.
///
/// ```
/// use matrix_error::{Body, ErrorKind, MatrixError};
///
/// let kind = ErrorKind::UnknownToken { soft_logout: true };
/// assert_eq!(kind.errcode(), "M_UNKNOWN_TOKEN");
/// assert_eq!(kind.status(), 401);
/// assert_eq!(kind.error_dict()["soft_logout"], true);
///
/// let custom = ErrorKind::Custom {
///     errcode: "COM.EXAMPLE.APP_QUOTA".to_owned(),
///     extra: serde_json::json!({ "limit": 10 }).as_object().unwrap().clone(),
/// };
/// assert_eq!(custom.errcode(), "COM.EXAMPLE.APP_QUOTA");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, MatrixError)]
#[matrix(usual_status, parse)]
#[non_exhaustive]
pub enum ErrorKind {
    // Common error codes.
    /// The request body is JSON, but not of the shape the endpoint expects.
    #[matrix(errcode = "M_BAD_JSON")]
    BadJson,
    /// The requester may not do this.
    #[matrix(errcode = "M_FORBIDDEN")]
    Forbidden,
    /// Too many requests; retry later.
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    LimitExceeded {
        /// When to retry: the `Retry-After` header, and `retry_after_ms` for a delay.
        #[matrix(retry_after)]
        retry_after: Option<RetryAfter>,
    },
    /// The request needs an access token and has none.
    #[matrix(errcode = "M_MISSING_TOKEN")]
    MissingToken,
    /// No such resource.
    #[matrix(errcode = "M_NOT_FOUND")]
    NotFound,
    /// The request body is not valid JSON.
    #[matrix(errcode = "M_NOT_JSON")]
    NotJson,
    /// The server has hit a resource limit, such as its monthly active users.
    #[matrix(errcode = "M_RESOURCE_LIMIT_EXCEEDED")]
    ResourceLimitExceeded {
        /// Where to reach the server's administrator. The spec requires it, but Synapse sends
        /// `null` when no contact is configured (its default), so it may be `None`.
        #[matrix(field)]
        admin_contact: Option<String>,
    },
    /// An error with no more specific code; its status tells what kind.
    #[matrix(errcode = "M_UNKNOWN")]
    Unknown,
    /// The device ID given does not exist.
    #[matrix(errcode = "M_UNKNOWN_DEVICE")]
    UnknownDevice,
    /// The access token is not recognised.
    #[matrix(errcode = "M_UNKNOWN_TOKEN")]
    UnknownToken {
        /// The client may keep its data and log in again (`false` when absent).
        #[matrix(field, default)]
        soft_logout: bool,
    },
    /// The server does not know this endpoint (404), or not with this method (405).
    #[matrix(errcode = "M_UNRECOGNIZED")]
    Unrecognized,
    /// The user has reached a limit of their account; an upgrade may lift it.
    #[matrix(errcode = "M_USER_LIMIT_EXCEEDED")]
    UserLimitExceeded {
        /// A page that explains the limit.
        #[matrix(field)]
        info_uri: String,
        /// Whether the user can upgrade to lift the limit.
        #[matrix(field)]
        can_upgrade: Option<bool>,
    },
    /// The account is locked; always sent with `soft_logout: true`.
    #[matrix(errcode = "M_USER_LOCKED", extra(soft_logout = true))]
    UserLocked,
    /// The account is suspended: it can read but not act.
    #[matrix(errcode = "M_USER_SUSPENDED")]
    UserSuspended,

    // Other error codes.
    /// The state change asked for is not possible now.
    #[matrix(errcode = "M_BAD_STATE")]
    BadState,
    /// Server notice rooms cannot be left.
    #[matrix(errcode = "M_CANNOT_LEAVE_SERVER_NOTICE_ROOM")]
    CannotLeaveServerNoticeRoom,
    /// The captcha response was wrong.
    #[matrix(errcode = "M_CAPTCHA_INVALID")]
    CaptchaInvalid,
    /// A captcha must be solved first.
    #[matrix(errcode = "M_CAPTCHA_NEEDED")]
    CaptchaNeeded,
    /// The resource is reserved by an application service.
    #[matrix(errcode = "M_EXCLUSIVE")]
    Exclusive,
    /// Guests may not do this.
    #[matrix(errcode = "M_GUEST_ACCESS_FORBIDDEN")]
    GuestAccessForbidden,
    /// The server cannot join a room of this version.
    #[matrix(errcode = "M_INCOMPATIBLE_ROOM_VERSION")]
    IncompatibleRoomVersion {
        /// The room's version.
        #[matrix(field)]
        room_version: String,
    },
    /// A parameter has a wrong value.
    #[matrix(errcode = "M_INVALID_PARAM")]
    InvalidParam,
    /// The initial room state given is invalid.
    #[matrix(errcode = "M_INVALID_ROOM_STATE")]
    InvalidRoomState,
    /// The user name is not valid.
    #[matrix(errcode = "M_INVALID_USERNAME")]
    InvalidUsername,
    /// A required parameter is missing.
    #[matrix(errcode = "M_MISSING_PARAM")]
    MissingParam,
    /// The room alias is taken.
    #[matrix(errcode = "M_ROOM_IN_USE")]
    RoomInUse,
    /// A server named in the request is not trusted.
    #[matrix(errcode = "M_SERVER_NOT_TRUSTED")]
    ServerNotTrusted,
    /// The third-party identifier could not be verified.
    #[matrix(errcode = "M_THREEPID_AUTH_FAILED")]
    ThreepidAuthFailed,
    /// The server does not allow this third-party identifier.
    #[matrix(errcode = "M_THREEPID_DENIED")]
    ThreepidDenied,
    /// The third-party identifier is already in use.
    #[matrix(errcode = "M_THREEPID_IN_USE")]
    ThreepidInUse,
    /// The kind of third-party identifier is not supported.
    #[matrix(errcode = "M_THREEPID_MEDIUM_NOT_SUPPORTED")]
    ThreepidMediumNotSupported,
    /// No account has this third-party identifier.
    #[matrix(errcode = "M_THREEPID_NOT_FOUND")]
    ThreepidNotFound,
    /// The request or upload is too large.
    #[matrix(errcode = "M_TOO_LARGE")]
    TooLarge,
    /// The request was not correctly authorised.
    #[matrix(errcode = "M_UNAUTHORIZED")]
    Unauthorized,
    /// The server does not support this room version.
    #[matrix(errcode = "M_UNSUPPORTED_ROOM_VERSION")]
    UnsupportedRoomVersion,
    /// The account has been deactivated.
    #[matrix(errcode = "M_USER_DEACTIVATED")]
    UserDeactivated,
    /// The user ID is taken.
    #[matrix(errcode = "M_USER_IN_USE")]
    UserInUse,

    // Error codes of particular endpoints.
    /// Application services may not log in this way.
    #[matrix(errcode = "M_APPSERVICE_LOGIN_UNSUPPORTED")]
    AppserviceLoginUnsupported,
    /// The room alias does not point where its state says.
    #[matrix(errcode = "M_BAD_ALIAS")]
    BadAlias,
    /// A remote server answered with an unexpected status.
    #[matrix(errcode = "M_BAD_STATUS", expose)]
    BadStatus {
        /// The status the remote server answered with.
        #[matrix(field)]
        status: Option<u16>,
        /// The body the remote server answered with.
        #[matrix(field)]
        body: Option<String>,
    },
    /// The media already has content and cannot be overwritten.
    #[matrix(errcode = "M_CANNOT_OVERWRITE_MEDIA")]
    CannotOverwriteMedia,
    /// A remote server could not be reached.
    #[matrix(errcode = "M_CONNECTION_FAILED", expose)]
    ConnectionFailed,
    /// A remote server did not answer in time.
    #[matrix(errcode = "M_CONNECTION_TIMEOUT", expose)]
    ConnectionTimeout,
    /// The user already sent this annotation (reaction).
    #[matrix(errcode = "M_DUPLICATE_ANNOTATION")]
    DuplicateAnnotation,
    /// A signature did not verify.
    #[matrix(errcode = "M_INVALID_SIGNATURE")]
    InvalidSignature,
    /// The invitee does not accept invites from the inviter.
    #[matrix(errcode = "M_INVITE_BLOCKED")]
    InviteBlocked,
    /// A key in the request is too large.
    #[matrix(errcode = "M_KEY_TOO_LARGE")]
    KeyTooLarge,
    /// The media has not been uploaded yet.
    #[matrix(errcode = "M_NOT_YET_UPLOADED", expose)]
    NotYetUploaded,
    /// The profile would be too large.
    #[matrix(errcode = "M_PROFILE_TOO_LARGE")]
    ProfileTooLarge,
    /// The URL preview or push gateway URL is not set.
    #[matrix(errcode = "M_URL_NOT_SET")]
    UrlNotSet,
    /// The password is too weak.
    #[matrix(errcode = "M_WEAK_PASSWORD")]
    WeakPassword,
    /// The room key backup version is not the current one.
    #[matrix(errcode = "M_WRONG_ROOM_KEYS_VERSION")]
    WrongRoomKeysVersion {
        /// The current backup version.
        #[matrix(field)]
        current_version: String,
    },
    /// No user of this server can authorise the join of a restricted room.
    #[matrix(errcode = "M_UNABLE_TO_AUTHORISE_JOIN")]
    UnableToAuthoriseJoin,
    /// The resident server cannot grant the join of a restricted room.
    #[matrix(errcode = "M_UNABLE_TO_GRANT_JOIN")]
    UnableToGrantJoin,

    // Identity service error codes.
    /// The validation email could not be sent.
    #[matrix(errcode = "M_EMAIL_SEND_ERROR")]
    EmailSendError,
    /// The third-party address is not valid.
    #[matrix(errcode = "M_INVALID_ADDRESS")]
    InvalidAddress,
    /// The email address is not valid.
    #[matrix(errcode = "M_INVALID_EMAIL")]
    InvalidEmail,
    /// Required parameters are missing.
    #[matrix(errcode = "M_MISSING_PARAMS")]
    MissingParams,
    /// The lookup pepper is out of date.
    #[matrix(errcode = "M_INVALID_PEPPER")]
    InvalidPepper,
    /// The identity server may not send to this destination.
    #[matrix(errcode = "M_DESTINATION_REJECTED")]
    DestinationRejected,
    /// No validation session matches.
    #[matrix(errcode = "M_NO_VALID_SESSION")]
    NoValidSession,
    /// The validation message could not be sent.
    #[matrix(errcode = "M_SEND_ERROR")]
    SendError,
    /// The validation session has expired.
    #[matrix(errcode = "M_SESSION_EXPIRED")]
    SessionExpired,
    /// The validation session is not validated yet.
    #[matrix(errcode = "M_SESSION_NOT_VALIDATED")]
    SessionNotValidated,
    /// The user has not accepted the identity server's terms.
    #[matrix(errcode = "M_TERMS_NOT_SIGNED")]
    TermsNotSigned,
    /// The validation token is wrong.
    #[matrix(errcode = "M_TOKEN_INCORRECT")]
    TokenIncorrect,

    // Codes Synapse sends that the spec does not define.
    /// The user must consent to the server's policy first.
    #[matrix(errcode = "M_CONSENT_NOT_GIVEN")]
    ConsentNotGiven {
        /// Where to give consent.
        #[matrix(field)]
        consent_uri: String,
    },
    /// A pagination token is not valid.
    #[matrix(errcode = "M_BAD_PAGINATION")]
    BadPagination,
    /// The sliding sync position is not known.
    #[matrix(errcode = "M_UNKNOWN_POS")]
    UnknownPos,
    /// The password is too short.
    #[matrix(errcode = "M_PASSWORD_TOO_SHORT")]
    PasswordTooShort,
    /// The password needs a digit.
    #[matrix(errcode = "M_PASSWORD_NO_DIGIT")]
    PasswordNoDigit,
    /// The password needs an upper-case letter.
    #[matrix(errcode = "M_PASSWORD_NO_UPPERCASE")]
    PasswordNoUppercase,
    /// The password needs a lower-case letter.
    #[matrix(errcode = "M_PASSWORD_NO_LOWERCASE")]
    PasswordNoLowercase,
    /// The password needs a symbol.
    #[matrix(errcode = "M_PASSWORD_NO_SYMBOL")]
    PasswordNoSymbol,
    /// The password is a dictionary word.
    #[matrix(errcode = "M_PASSWORD_IN_DICTIONARY")]
    PasswordInDictionary,

    /// Any code this enum does not know, with all of its extra keys.
    ///
    /// Its default status is 500; give the real one with [`Error::with_status`](crate::Error::with_status).
    #[matrix(status = 500, expose)]
    Custom {
        /// The errcode, such as `COM.EXAMPLE.APP_QUOTA`.
        #[matrix(errcode)]
        errcode: String,
        /// Every key of the body but `errcode` and `error`.
        #[matrix(flatten)]
        extra: Map<String, Value>,
    },
}

impl ErrorKind {
    /// The kind for `errcode` with the body's other keys, taking out of `extra` the keys the
    /// kind holds. A code this enum does not know, or a known code whose keys do not have
    /// the types it needs, gives [`Custom`](ErrorKind::Custom) with every key.
    ///
    /// ```
    /// use matrix_error::ErrorKind;
    ///
    /// let mut extra = serde_json::json!({ "room_version": "11", "hint": 1 });
    /// let extra = extra.as_object_mut().unwrap();
    /// let kind = ErrorKind::from_parts("M_INCOMPATIBLE_ROOM_VERSION", extra);
    /// assert_eq!(kind, ErrorKind::IncompatibleRoomVersion { room_version: "11".into() });
    /// assert_eq!(extra.len(), 1, "the key the kind does not hold is left");
    /// ```
    pub fn from_parts(errcode: &str, extra: &mut Map<String, Value>) -> ErrorKind {
        <ErrorKind as crate::__private::FromParts>::from_parts(errcode, extra).unwrap_or_else(
            || ErrorKind::Custom {
                errcode: errcode.to_owned(),
                extra: std::mem::take(extra),
            },
        )
    }
}

/// A short description derived from the errcode: `M_LIMIT_EXCEEDED` reads
/// `Limit exceeded`; a custom code reads as itself.
impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errcode = self.errcode();
        let Some(words) = errcode
            .strip_prefix("M_")
            .filter(|_| !matches!(self, ErrorKind::Custom { .. }))
        else {
            return f.write_str(errcode);
        };
        for (index, word) in words.split('_').enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            let lower = word.to_ascii_lowercase();
            if index == 0 {
                let mut chars = lower.chars();
                if let Some(first) = chars.next() {
                    write!(f, "{}{}", first.to_ascii_uppercase(), chars.as_str())?;
                }
            } else {
                f.write_str(&lower)?;
            }
        }
        Ok(())
    }
}
