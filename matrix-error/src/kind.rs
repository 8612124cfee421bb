//! [`ErrorKind`]: every standard errcode with its extra keys, built with the derive.

use std::fmt;

use serde_json::{Map, Value};

use crate::decode::{BodyKeys, DecodeBody};
use crate::{MatrixError, RetryAfter};

/// Every errcode of the Matrix spec, plus the ones servers send beyond it, and
/// [`Custom`](ErrorKind::Custom) for any other code.
///
/// Each variant is its code in UpperCamelCase without `M_` (`M_LIMIT_EXCEEDED` is
/// [`LimitExceeded`](ErrorKind::LimitExceeded)) and carries the code's extra keys as typed
/// fields. Its [`status`](MatrixError::status) is the one the spec fixes for the code, or where
/// the spec fixes none, the one servers usually send; [`Error`](crate::Error) can override it.
///
/// The enum is built with `#[derive(MatrixError)]` and checked against the code table.
/// [`ErrorKind::ERRORS`] lists every code with its status, keys and description, the
/// reference of the standard codes (`cargo run --example codes` prints it as a table; see
/// [`listing`](crate::listing)).
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
///
/// let locked = ErrorKind::ERRORS.iter().find(|code| code.variant == "UserLocked").unwrap();
/// assert_eq!((locked.errcode, locked.status), (Some("M_USER_LOCKED"), Some(401)));
/// ```
///
/// # Beyond the spec: servers' own codes, unstable codes and their aliases
///
#[doc = include_str!("beyond_spec.md")]
///
/// ```
/// use matrix_error::{Error, ErrorKind, MatrixError};
///
/// // Synapse 1.132 to 1.148 sent this for `M_INVITE_BLOCKED`.
/// let body = br#"{"errcode":"ORG.MATRIX.MSC4155.M_INVITE_BLOCKED","error":"blocked"}"#;
/// let error = Error::from_body(403, body);
/// assert_eq!(error.kind(), &ErrorKind::InviteBlocked);
/// assert_eq!(error.errcode(), "ORG.MATRIX.MSC4155.M_INVITE_BLOCKED");
/// assert_eq!(error.kind().errcode(), "M_INVITE_BLOCKED");
/// assert_eq!(serde_json::to_vec(&error).unwrap(), body);
///
/// let body = br#"{"errcode":"ORG_MATRIX_EXPIRED_ACCOUNT","error":"User account has expired"}"#;
/// assert_eq!(Error::from_body(403, body).kind(), &ErrorKind::ExpiredAccount);
/// ```
///
/// # Statuses per endpoint
///
#[doc = include_str!("statuses.md")]
#[derive(Debug, Clone, PartialEq, Eq, MatrixError)]
#[matrix(usual_status, parse)]
#[cfg_attr(feature = "axum", matrix(axum))]
#[cfg_attr(feature = "actix-web", matrix(actix_web))]
#[cfg_attr(feature = "ruma", matrix(ruma))]
#[non_exhaustive]
pub enum ErrorKind {
    // Common error codes.
    /// The request body is JSON, but not of the shape the endpoint expects: a key is missing
    /// or has a value of the wrong type.
    #[matrix(errcode = "M_BAD_JSON")]
    BadJson,
    /// The requester is not allowed to do this, such as posting in a room they have not joined.
    #[matrix(errcode = "M_FORBIDDEN")]
    Forbidden,
    /// Too many requests: wait before trying again, as long as `Retry-After` (or
    /// `retry_after_ms`) says.
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    LimitExceeded {
        /// When to retry: the `Retry-After` header, and `retry_after_ms` for a delay (for a
        /// date, the time left, in a response).
        #[matrix(retry_after)]
        retry_after: Option<RetryAfter>,
    },
    /// The endpoint needs an access token and the request carries none.
    #[matrix(errcode = "M_MISSING_TOKEN")]
    MissingToken,
    /// The resource asked for does not exist. The code is what counts: it means "not found"
    /// whatever the status.
    #[matrix(errcode = "M_NOT_FOUND")]
    NotFound,
    /// The request body does not parse as JSON at all.
    #[matrix(errcode = "M_NOT_JSON")]
    NotJson,
    /// The server has reached a limit of its own, such as a cap on monthly active users, and
    /// refuses what would go beyond it; `admin_contact` says whom to ask. The spec fixes no status;
    /// servers usually send 403.
    #[matrix(errcode = "M_RESOURCE_LIMIT_EXCEEDED")]
    ResourceLimitExceeded {
        /// Where to reach the server's administrator. The spec requires it, but Synapse sends
        /// `null` when no contact is configured (its default), so it may be `None`.
        #[matrix(field)]
        admin_contact: Option<String>,
    },
    /// An error with no more specific code. Here the status is the better signal: 400 means an
    /// invalid request, 404 not found, 5xx a failure of the server. The spec fixes no status;
    /// servers usually send 500.
    #[matrix(errcode = "M_UNKNOWN")]
    Unknown,
    /// The request names a device that the server does not know.
    #[matrix(errcode = "M_UNKNOWN_DEVICE")]
    UnknownDevice,
    /// The access token is not valid, or no longer. With `soft_logout: true` the client may log
    /// in again and keep its local data.
    #[matrix(errcode = "M_UNKNOWN_TOKEN")]
    UnknownToken {
        /// The client may keep its data and log in again (`false` when absent).
        #[matrix(field, default)]
        soft_logout: bool,
    },
    /// The server does not know the endpoint (404), or knows it but not with this HTTP method
    /// (405).
    #[matrix(errcode = "M_UNRECOGNIZED")]
    Unrecognized,
    /// The user has reached a limit of their own account, such as storage; `info_uri` explains
    /// it and `can_upgrade` says whether upgrading the account lifts it. The spec fixes no status;
    /// servers usually send 403.
    #[matrix(errcode = "M_USER_LIMIT_EXCEEDED")]
    UserLimitExceeded {
        /// A page that explains the limit.
        #[matrix(field)]
        info_uri: String,
        /// Whether the user can upgrade to lift the limit.
        #[matrix(field)]
        can_upgrade: Option<bool>,
    },
    /// The account is locked: the user must log in again. Always sent with `soft_logout: true`.
    #[matrix(errcode = "M_USER_LOCKED", extra(soft_logout = true))]
    UserLocked,
    /// The account is suspended: it may still read, but actions such as sending messages are
    /// refused.
    #[matrix(errcode = "M_USER_SUSPENDED")]
    UserSuspended,

    // Other error codes.
    /// The request does not fit the current state, such as unbanning a user who is not banned.
    /// The spec fixes no status; servers usually send 403.
    #[matrix(errcode = "M_BAD_STATE")]
    BadState,
    /// The user tried to leave a server notice room, which cannot be left. The spec fixes no
    /// status; servers usually send 403.
    #[matrix(errcode = "M_CANNOT_LEAVE_SERVER_NOTICE_ROOM")]
    CannotLeaveServerNoticeRoom,
    /// The captcha answer given at registration is wrong. The spec fixes no status; servers
    /// usually send 400.
    #[matrix(errcode = "M_CAPTCHA_INVALID")]
    CaptchaInvalid,
    /// Registration needs a captcha solved first. The spec fixes no status; servers usually
    /// send 400.
    #[matrix(errcode = "M_CAPTCHA_NEEDED")]
    CaptchaNeeded,
    /// The user ID or room alias lies in a namespace that an application service has claimed
    /// for itself.
    #[matrix(errcode = "M_EXCLUSIVE")]
    Exclusive,
    /// Guest accounts may not do this, or the room does not let guests in. The spec fixes no
    /// status; servers usually send 403.
    #[matrix(errcode = "M_GUEST_ACCESS_FORBIDDEN")]
    GuestAccessForbidden,
    /// The server cannot join the room: it does not support the room's version, given in
    /// `room_version`.
    #[matrix(errcode = "M_INCOMPATIBLE_ROOM_VERSION")]
    IncompatibleRoomVersion {
        /// The room's version.
        #[matrix(field)]
        room_version: String,
    },
    /// A parameter has a value of the wrong kind or out of range.
    #[matrix(errcode = "M_INVALID_PARAM")]
    InvalidParam,
    /// The initial state given for a new room is not valid.
    #[matrix(errcode = "M_INVALID_ROOM_STATE")]
    InvalidRoomState,
    /// The user ID asked for is not a valid one.
    #[matrix(errcode = "M_INVALID_USERNAME")]
    InvalidUsername,
    /// The request lacks a parameter that it needs.
    #[matrix(errcode = "M_MISSING_PARAM")]
    MissingParam,
    /// The room alias asked for is taken.
    #[matrix(errcode = "M_ROOM_IN_USE")]
    RoomInUse,
    /// The request relies on a server, such as an identity server, that this server does not
    /// trust.
    #[matrix(errcode = "M_SERVER_NOT_TRUSTED")]
    ServerNotTrusted,
    /// The third-party identifier (email address, phone number) could not be confirmed as the
    /// user's. The spec gives status 403; Synapse sends 400.
    #[matrix(errcode = "M_THREEPID_AUTH_FAILED")]
    ThreepidAuthFailed,
    /// The server's policy refuses this third-party identifier, such as an email address of a
    /// domain it does not accept.
    #[matrix(errcode = "M_THREEPID_DENIED")]
    ThreepidDenied,
    /// The third-party identifier is already bound to another account.
    #[matrix(errcode = "M_THREEPID_IN_USE")]
    ThreepidInUse,
    /// The server does not handle this kind (medium) of third-party identifier.
    #[matrix(errcode = "M_THREEPID_MEDIUM_NOT_SUPPORTED")]
    ThreepidMediumNotSupported,
    /// No account is bound to this third-party identifier.
    #[matrix(errcode = "M_THREEPID_NOT_FOUND")]
    ThreepidNotFound,
    /// The request or upload is too large: 413 for an upload to this server, 502 for remote
    /// media too large to fetch.
    #[matrix(errcode = "M_TOO_LARGE")]
    TooLarge,
    /// The request is not correctly authorised, such as a federation request with a bad
    /// signature. The spec fixes no status; servers usually send 401.
    #[matrix(errcode = "M_UNAUTHORIZED")]
    Unauthorized,
    /// The server does not support the room version asked for, such as when creating a room.
    #[matrix(errcode = "M_UNSUPPORTED_ROOM_VERSION")]
    UnsupportedRoomVersion,
    /// The account has been deactivated and can no longer be used.
    #[matrix(errcode = "M_USER_DEACTIVATED")]
    UserDeactivated,
    /// The user ID asked for at registration is taken.
    #[matrix(errcode = "M_USER_IN_USE")]
    UserInUse,

    // Error codes of particular endpoints.
    /// The server does not let application services log their users in this way.
    #[matrix(errcode = "M_APPSERVICE_LOGIN_UNSUPPORTED")]
    AppserviceLoginUnsupported,
    /// An alias given for the room's canonical alias does not point to the room.
    #[matrix(errcode = "M_BAD_ALIAS")]
    BadAlias,
    /// The application service answered with an unexpected status (pinging it); `status` and
    /// `body` carry its answer when known.
    #[matrix(errcode = "M_BAD_STATUS", expose)]
    BadStatus {
        /// The status the remote server answered with.
        #[matrix(field)]
        status: Option<u16>,
        /// The body the remote server answered with.
        #[matrix(field)]
        body: Option<String>,
    },
    /// The media ID already has content, which cannot be replaced.
    #[matrix(errcode = "M_CANNOT_OVERWRITE_MEDIA")]
    CannotOverwriteMedia,
    /// The server could not connect to the application service (pinging it).
    #[matrix(errcode = "M_CONNECTION_FAILED", expose)]
    ConnectionFailed,
    /// The application service did not answer in time (pinging it).
    #[matrix(errcode = "M_CONNECTION_TIMEOUT", expose)]
    ConnectionTimeout,
    /// The user has already sent this annotation, such as the same reaction, to the event.
    #[matrix(errcode = "M_DUPLICATE_ANNOTATION")]
    DuplicateAnnotation,
    /// A signature in the request does not verify, such as on uploaded cross-signing keys.
    #[matrix(errcode = "M_INVALID_SIGNATURE")]
    InvalidSignature,
    /// The invitee does not accept invites from the inviter.
    #[matrix(errcode = "M_INVITE_BLOCKED")]
    InviteBlocked,
    /// A key in the request, such as the name of a profile field, is too long.
    #[matrix(errcode = "M_KEY_TOO_LARGE")]
    KeyTooLarge,
    /// The media ID exists but its content is not uploaded yet; try again later.
    #[matrix(errcode = "M_NOT_YET_UPLOADED", expose)]
    NotYetUploaded,
    /// The change would make the user's profile larger than the server allows.
    #[matrix(errcode = "M_PROFILE_TOO_LARGE")]
    ProfileTooLarge,
    /// The application service has no URL configured, so the server cannot reach it.
    #[matrix(errcode = "M_URL_NOT_SET")]
    UrlNotSet,
    /// The password is too weak for the server's policy. The spec fixes no status; servers
    /// usually send 400.
    #[matrix(errcode = "M_WEAK_PASSWORD")]
    WeakPassword,
    /// The room key backup version given is not the current one, which `current_version`
    /// names.
    #[matrix(errcode = "M_WRONG_ROOM_KEYS_VERSION")]
    WrongRoomKeysVersion {
        /// The current backup version.
        #[matrix(field)]
        current_version: String,
    },
    /// No user of this server can authorise a join to the restricted room.
    #[matrix(errcode = "M_UNABLE_TO_AUTHORISE_JOIN")]
    UnableToAuthoriseJoin,
    /// The resident server asked cannot grant the join to the restricted room; another one may.
    #[matrix(errcode = "M_UNABLE_TO_GRANT_JOIN")]
    UnableToGrantJoin,

    // Identity service error codes.
    /// The identity server could not send the validation email.
    #[matrix(errcode = "M_EMAIL_SEND_ERROR")]
    EmailSendError,
    /// The third-party address given is not a valid one.
    #[matrix(errcode = "M_INVALID_ADDRESS")]
    InvalidAddress,
    /// The email address given is not a valid one.
    #[matrix(errcode = "M_INVALID_EMAIL")]
    InvalidEmail,
    /// The request lacks parameters that it needs.
    #[matrix(errcode = "M_MISSING_PARAMS")]
    MissingParams,
    /// The lookup pepper given is not the identity server's current one; fetch the hash details
    /// again.
    #[matrix(errcode = "M_INVALID_PEPPER")]
    InvalidPepper,
    /// The identity server may not send to this destination, such as a phone number in a
    /// country it does not serve.
    #[matrix(errcode = "M_DESTINATION_REJECTED")]
    DestinationRejected,
    /// No validation session matches the one given.
    #[matrix(errcode = "M_NO_VALID_SESSION")]
    NoValidSession,
    /// The identity server could not send the validation message.
    #[matrix(errcode = "M_SEND_ERROR")]
    SendError,
    /// The validation session has expired; start a new one.
    #[matrix(errcode = "M_SESSION_EXPIRED")]
    SessionExpired,
    /// The validation session has not been validated yet.
    #[matrix(errcode = "M_SESSION_NOT_VALIDATED")]
    SessionNotValidated,
    /// The user has not accepted the identity server's terms of service.
    #[matrix(errcode = "M_TERMS_NOT_SIGNED")]
    TermsNotSigned,
    /// The validation token given is wrong.
    #[matrix(errcode = "M_TOKEN_INCORRECT")]
    TokenIncorrect,

    // Codes Synapse sends that the spec does not define.
    /// The user must consent to the server's privacy policy first, at `consent_uri`. Not in the
    /// spec: Synapse sends it, with status 403.
    #[matrix(errcode = "M_CONSENT_NOT_GIVEN")]
    ConsentNotGiven {
        /// Where to give consent.
        #[matrix(field)]
        consent_uri: String,
    },
    /// A pagination token is not valid. Not in the spec: Synapse sends it, with status 400.
    #[matrix(errcode = "M_BAD_PAGINATION")]
    BadPagination,
    /// The sliding sync position given is not known; sync again from the start. Not in the
    /// spec: Synapse sends it, with status 400.
    #[matrix(errcode = "M_UNKNOWN_POS")]
    UnknownPos,
    /// The password is shorter than the server's policy allows. Not in the spec: Synapse sends
    /// it, with status 400.
    #[matrix(errcode = "M_PASSWORD_TOO_SHORT")]
    PasswordTooShort,
    /// The password needs a digit. Not in the spec: Synapse sends it, with status 400.
    #[matrix(errcode = "M_PASSWORD_NO_DIGIT")]
    PasswordNoDigit,
    /// The password needs an upper-case letter. Not in the spec: Synapse sends it, with status
    /// 400.
    #[matrix(errcode = "M_PASSWORD_NO_UPPERCASE")]
    PasswordNoUppercase,
    /// The password needs a lower-case letter. Not in the spec: Synapse sends it, with status
    /// 400.
    #[matrix(errcode = "M_PASSWORD_NO_LOWERCASE")]
    PasswordNoLowercase,
    /// The password needs a symbol. Not in the spec: Synapse sends it, with status 400.
    #[matrix(errcode = "M_PASSWORD_NO_SYMBOL")]
    PasswordNoSymbol,
    /// The password is a dictionary word. Not in the spec: Synapse sends it, with status 400.
    #[matrix(errcode = "M_PASSWORD_IN_DICTIONARY")]
    PasswordInDictionary,

    // Codes servers send beyond the spec: a server's own, and the unstable codes of spec
    // proposals (each named after the code the proposal would make stable).
    /// The account has expired and must be renewed (Synapse's account validity module). Not in
    /// the spec: Synapse sends `ORG_MATRIX_EXPIRED_ACCOUNT`, with status 403.
    #[matrix(errcode = "ORG_MATRIX_EXPIRED_ACCOUNT")]
    ExpiredAccount,
    /// The reported content is nothing the server can act on (MSC3843, reporting content over
    /// federation). Not in the spec: a proposal's code, with status 400.
    #[matrix(errcode = "M_UNACTIONABLE")]
    Unactionable,
    /// The user is already in the room (MSC3848). Not in the spec: Synapse sends it, with
    /// status 403, as the value of `org.matrix.msc3848.unstable.errcode` beside `M_FORBIDDEN`,
    /// whose body reads as [`Forbidden`](ErrorKind::Forbidden) with that key kept.
    #[matrix(errcode = "ORG.MATRIX.MSC3848.ALREADY_JOINED")]
    AlreadyJoined,
    /// The user is not in the room (MSC3848). Not in the spec: status 403, sent as
    /// [`AlreadyJoined`](ErrorKind::AlreadyJoined) is.
    #[matrix(errcode = "ORG.MATRIX.MSC3848.NOT_JOINED")]
    NotJoined,
    /// The user's power level is too low for this (MSC3848). Not in the spec: status 403, sent
    /// as [`AlreadyJoined`](ErrorKind::AlreadyJoined) is.
    #[matrix(errcode = "ORG.MATRIX.MSC3848.INSUFFICIENT_POWER")]
    InsufficientPower,
    /// The unredacted content of the event asked for is erased already (MSC2815). Not in the
    /// spec: Synapse sends it with status 404, and says how long it keeps such content when
    /// configured.
    #[matrix(errcode = "FI.MAU.MSC2815_UNREDACTED_CONTENT_DELETED")]
    UnredactedContentDeleted {
        /// How long the server keeps redacted content, in milliseconds.
        #[matrix(field = "fi.mau.msc2815.content_keep_ms")]
        content_keep_ms: Option<u64>,
    },
    /// The server cannot answer this federation request yet: it has only a partial state of
    /// the room (MSC3895). Not in the spec: Synapse sends it with status 403.
    #[matrix(errcode = "ORG.MATRIX.MSC3895_UNABLE_DUE_TO_PARTIAL_STATE")]
    UnableDueToPartialState,
    /// The account awaits an administrator's approval (MSC3866); `approval_notice_medium` says
    /// how the user will be told. Not in the spec: Synapse sends it with status 403.
    #[matrix(errcode = "ORG.MATRIX.MSC3866_USER_AWAITING_APPROVAL")]
    UserAwaitingApproval {
        /// How the user will be notified of the approval, such as `org.matrix.msc3866.none`.
        #[matrix(field)]
        approval_notice_medium: String,
    },
    /// An automatic thread subscription was skipped: the user unsubscribed from the thread
    /// after the event that caused it (MSC4306, thread subscriptions). Not in the spec:
    /// Synapse sends it with status 409.
    #[matrix(errcode = "IO.ELEMENT.MSC4306.M_CONFLICTING_UNSUBSCRIPTION")]
    ConflictingUnsubscription,
    /// The event given as the cause of an automatic thread subscription is not in the thread
    /// (MSC4306). Not in the spec: Synapse sends it with status 400.
    #[matrix(errcode = "IO.ELEMENT.MSC4306.M_NOT_IN_THREAD")]
    NotInThread,
    /// The sequence token given to update a rendezvous session is not the session's current
    /// one (MSC4388): it changed since the client read it. Not in the spec: Synapse sends it
    /// with status 409.
    #[matrix(errcode = "IO_ELEMENT_MSC4388_CONCURRENT_WRITE")]
    ConcurrentWrite,
    /// The event is from a user the requester ignores (MSC4406); `sender` names them. Not in
    /// the spec: a proposal's code, with status 404.
    #[matrix(errcode = "UK.TIMEDOUT.MSC4406.SENDER_IGNORED")]
    SenderIgnored {
        /// The ignored user who sent the event.
        #[matrix(field)]
        sender: Option<String>,
    },

    /// Any code this enum does not know, with all of its extra keys: a namespaced code such as
    /// `COM.EXAMPLE.APP_QUOTA`, or an `M_` code newer than this crate.
    ///
    /// Its default status is 500; `Error::with_status` gives the real one.
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
    /// kind holds. A code this enum does not know, or a known code without a key it needs,
    /// gives [`Custom`](ErrorKind::Custom) with every key. A known code whose key has another
    /// type keeps its kind: an optional field is `None`, a text field holds the value's JSON
    /// text (`current_version: 5` gives `"5"`), a flag its default; the key is left in `extra`
    /// as sent. An unstable
    /// form of a stable code (an alias) gives the stable kind, whose
    /// [`errcode`](MatrixError::errcode) is the stable code: [`Error`](crate::Error) keeps the
    /// form sent.
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
        let mut keys = BodyKeys::from_map(std::mem::take(extra));
        let kind = ErrorKind::decode(errcode, &mut keys);
        *extra = keys.take_all().unwrap_or_default();
        kind
    }

    /// [`from_parts`](ErrorKind::from_parts) on the keys as the reader holds them.
    ///
    /// The derive's decoding (`#[matrix(parse)]` above) always finds a variant: `Custom`, with
    /// its errcode field and its flattened map, takes any code with any keys, moved. The
    /// `None` case is there only because `DecodeBody` is a trait of types that may refuse.
    #[inline]
    pub(crate) fn decode(errcode: &str, keys: &mut BodyKeys) -> ErrorKind {
        keys.leniently(|keys| <ErrorKind as DecodeBody>::decode(errcode, keys))
            .unwrap_or_else(|| ErrorKind::Custom {
                errcode: errcode.to_owned(),
                extra: keys.take_all().unwrap_or_default(),
            })
    }
}

/// A short description from the words of the code's name, past its namespace and proposal:
/// `M_LIMIT_EXCEEDED` reads `Limit exceeded`, `ORG_MATRIX_EXPIRED_ACCOUNT` `Expired account`; a
/// custom code reads as itself.
///
/// ```
/// use matrix_error::ErrorKind;
///
/// assert_eq!(ErrorKind::NotInThread.to_string(), "Not in thread");
/// ```
impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errcode = self.errcode();
        if matches!(self, ErrorKind::Custom { .. }) {
            return f.write_str(errcode);
        }
        for (index, word) in code_name(errcode).split('_').enumerate() {
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

/// The words that name a code, which its kind is named after: those after the last word `M`
/// or `MSC` and digits (`M_LIMIT_EXCEEDED`, `IO.ELEMENT.MSC4306.M_NOT_IN_THREAD`,
/// `FI.MAU.MSC2815_UNREDACTED_CONTENT_DELETED`), else those after a two-word vendor prefix
/// (`ORG_MATRIX_EXPIRED_ACCOUNT`). Words are separated by `_` and `.`.
pub(crate) fn code_name(errcode: &str) -> &str {
    let is_prefix_word = |word: &str| {
        word == "M"
            || word.strip_prefix("MSC").is_some_and(|number| {
                !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
            })
    };
    let (mut after_prefix, mut after_two_words) = (None, None);
    let (mut word_start, mut words) = (0, 0);
    for (at, byte) in errcode.bytes().enumerate() {
        if matches!(byte, b'_' | b'.') {
            if is_prefix_word(&errcode[word_start..at]) {
                after_prefix = Some(at + 1);
            }
            words += 1;
            if words == 2 {
                after_two_words = Some(at + 1);
            }
            word_start = at + 1;
        }
    }
    let start = after_prefix.or(after_two_words).unwrap_or(0);
    &errcode[start..]
}
