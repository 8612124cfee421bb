//! [`Error`], any Matrix error owned, and [`Mismatch`], the error of converting one back into a
//! derived type.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::body::{self, key};
use crate::{Body, ErrorKind, MatrixError, RetryAfter};

/// Any Matrix error, owned: a status, an [`ErrorKind`], a message, and every extra key of the
/// body that the kind does not hold (and, read with an unstable form of a stable code, that
/// form: [`ErrorKind`]'s aliases).
///
/// Every derived error converts into it with `From`, so a handler can hold errors of many
/// types as one. It serializes as the JSON body.
///
/// ```
/// use matrix_error::{Error, ErrorKind, MatrixError};
///
/// let error = Error::new(ErrorKind::NotFound, "no such room");
/// assert_eq!(error.status(), 404);
/// assert_eq!(
///     serde_json::to_string(&error).unwrap(),
///     r#"{"errcode":"M_NOT_FOUND","error":"no such room"}"#
/// );
///
/// // The same code with another status, as some endpoints answer.
/// let error = Error::new(ErrorKind::Unrecognized, "method not allowed").with_status(405);
/// assert_eq!(error.status(), 405);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    status: u16,
    kind: ErrorKind,
    message: String,
    /// What most errors do not have, boxed to keep `Error` small and cheap to drop; `None`
    /// rather than empty, so that equal errors compare equal.
    beyond_kind: Option<Box<BeyondKind>>,
}

/// What an [`Error`] holds beyond its kind, which most errors do not have.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BeyondKind {
    /// Keys of the body the kind does not hold.
    extra: Map<String, Value>,
    /// `Retry-After` beside the body: the header's value, or a value the kind cannot hold.
    /// `None` where it would repeat the kind's.
    retry_after: Option<RetryAfter>,
    /// The errcode the body had where it is not the kind's: an unstable form of a stable code
    /// (`ORG.MATRIX.MSC4155.INVITE_BLOCKED` for [`InviteBlocked`](ErrorKind::InviteBlocked)),
    /// which `errcode()` and the body written keep. One of the code table's, so `'static`.
    errcode: Option<&'static str>,
    /// What the body looked like beyond its keys, where it is not the standard form.
    form: Form,
}

/// The form of a body beyond its keys. Only a form other than [`Standard`](Form::Standard)
/// needs a `BeyondKind`.
///
/// One place for every "the body was not a standard error object": a form the wire knows is
/// added here (and read through [`Error::sends_errcode`](MatrixError::sends_errcode) or a
/// method of its own), never as a field of `Error` beside it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Form {
    /// `errcode` and `error`, as every error object has.
    #[default]
    Standard,
    /// Neither `errcode` nor `error`: the first challenge of user-interactive
    /// authentication, a 401 whose body is the auth state. Written back the same way.
    NoErrcode,
}

/// The map of [`Error::extra`] when there is none.
fn empty_map() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

impl Error {
    /// An error of `kind` with the kind's default status.
    ///
    /// ```
    /// use matrix_error::{Error, ErrorKind, MatrixError};
    ///
    /// let error = Error::new(ErrorKind::UserLocked, "account locked");
    /// assert_eq!(error.status(), 401);
    /// assert_eq!(error.error_dict()["soft_logout"], true);
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            status: kind.status(),
            kind,
            message: message.into(),
            beyond_kind: None,
        }
    }

    /// The same error with another HTTP status.
    ///
    /// Any status is kept as given, so that a response a peer sent is never altered; the
    /// HTTP integrations answer 500 for a status that is not an error status.
    ///
    /// ```
    /// use matrix_error::{Error, ErrorKind, MatrixError};
    ///
    /// let error = Error::new(ErrorKind::TooLarge, "remote media too large").with_status(502);
    /// assert_eq!(error.status(), 502);
    /// ```
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Error {
        self.status = status;
        self
    }

    /// The kind: the errcode and the extra keys it defines.
    ///
    /// An error read with an unstable form of a stable code (an alias, see [`ErrorKind`]) has
    /// the stable kind; its [`errcode`](MatrixError::errcode) is the form it was read with.
    ///
    /// ```
    /// use matrix_error::{Error, ErrorKind, MatrixError};
    ///
    /// let error = Error::new(ErrorKind::Forbidden, "no");
    /// assert!(matches!(error.kind(), ErrorKind::Forbidden));
    ///
    /// let body = br#"{"errcode":"ORG.MATRIX.MSC4326.M_UNKNOWN_DEVICE","error":"no such device"}"#;
    /// let error = Error::from_body(400, body);
    /// assert_eq!(error.kind(), &ErrorKind::UnknownDevice);
    /// assert_eq!(error.errcode(), "ORG.MATRIX.MSC4326.M_UNKNOWN_DEVICE");
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The keys of the body that the kind does not define, kept so that nothing is lost.
    ///
    /// ```
    /// use matrix_error::{Error, MatrixError};
    ///
    /// #[derive(Debug, thiserror::Error, MatrixError)]
    /// #[error("you may not post in {room}")]
    /// #[matrix(errcode = "M_FORBIDDEN")]
    /// struct NotAllowed { #[matrix(field)] room: String }
    ///
    /// let error = Error::from(NotAllowed { room: "!r:example.org".into() });
    /// assert_eq!(error.extra()["room"], "!r:example.org");
    /// ```
    pub fn extra(&self) -> &Map<String, Value> {
        match &self.beyond_kind {
            Some(beyond) => &beyond.extra,
            None => empty_map(),
        }
    }

    fn header_retry_after(&self) -> Option<RetryAfter> {
        self.beyond_kind
            .as_ref()
            .and_then(|beyond| beyond.retry_after)
    }

    /// The same error with a `Retry-After` value, such as the header of the response it came
    /// from. It wins over the body's `retry_after_ms` in [`retry_after`](MatrixError::retry_after),
    /// while the body keeps the value it had.
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{Error, MatrixError, RetryAfter};
    ///
    /// let body = br#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":2000}"#;
    /// let header = "5"; // the response's Retry-After
    /// let error = Error::from_body(429, body).with_retry_after(header.parse().unwrap());
    /// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(5))));
    /// assert_eq!(error.error_dict()["retry_after_ms"], 2000);
    /// ```
    #[must_use]
    pub fn with_retry_after(mut self, retry_after: RetryAfter) -> Error {
        let beside =
            Some(retry_after).filter(|retry_after| Some(*retry_after) != self.kind.retry_after());
        match (&mut self.beyond_kind, beside) {
            (Some(beyond), _) => beyond.retry_after = beside,
            (None, None) => {}
            (beyond @ None, Some(_)) => {
                *beyond = Some(Box::new(BeyondKind {
                    extra: Map::new(),
                    retry_after: beside,
                    errcode: None,
                    form: Form::Standard,
                }));
            }
        }
        self.normalize();
        self
    }

    /// The same error as a body without `errcode` and `error` (a first challenge of
    /// user-interactive authentication).
    pub(crate) fn without_errcode(mut self) -> Error {
        self.beyond_kind
            .get_or_insert_with(|| {
                Box::new(BeyondKind {
                    extra: Map::new(),
                    retry_after: None,
                    errcode: None,
                    form: Form::Standard,
                })
            })
            .form = Form::NoErrcode;
        self
    }

    fn form(&self) -> Form {
        self.beyond_kind
            .as_ref()
            .map_or(Form::Standard, |beyond| beyond.form)
    }

    /// [`with_retry_after`](Error::with_retry_after) when there is one.
    #[inline]
    pub(crate) fn with_retry_after_of(self, retry_after: Option<RetryAfter>) -> Error {
        match retry_after {
            Some(retry_after) => self.with_retry_after(retry_after),
            None => self,
        }
    }

    /// No box for nothing, so that equal errors compare equal.
    fn normalize(&mut self) {
        if self.beyond_kind.as_ref().is_some_and(|beyond| {
            beyond.extra.is_empty()
                && beyond.retry_after.is_none()
                && beyond.errcode.is_none()
                && beyond.form == Form::Standard
        }) {
            self.beyond_kind = None;
        }
    }

    /// A key of the body that is not `errcode` or `error`, wherever the error keeps it: among
    /// the keys the kind does not hold, or in [`ErrorKind::Custom`]'s.
    pub(crate) fn body_key(&self, name: &str) -> Option<&Value> {
        match &self.kind {
            ErrorKind::Custom { extra, .. } => extra.get(name),
            _ => None,
        }
        .or_else(|| self.extra().get(name))
    }

    /// Takes the keys out of the body, wherever the error keeps them.
    pub(crate) fn remove_keys(&mut self, names: &[&str]) {
        if let ErrorKind::Custom { extra, .. } = &mut self.kind {
            extra.retain(|name, _| !names.contains(&name.as_str()));
        }
        if let Some(beyond) = &mut self.beyond_kind {
            beyond
                .extra
                .retain(|name, _| !names.contains(&name.as_str()));
        }
        self.normalize();
    }

    /// `retry_after_ms` of the body as a delay, on any code.
    fn body_retry_after_ms(&self) -> Option<RetryAfter> {
        self.body_key(key::RETRY_AFTER_MS)
            .and_then(Value::as_u64)
            .map(|ms| RetryAfter::Delay(std::time::Duration::from_millis(ms)))
    }

    /// The kind, giving up the message, the other keys and an alias's errcode.
    ///
    /// ```
    /// use matrix_error::{Error, ErrorKind};
    ///
    /// let error = Error::new(ErrorKind::Forbidden, "no");
    /// assert_eq!(error.into_kind(), ErrorKind::Forbidden);
    /// ```
    pub fn into_kind(self) -> ErrorKind {
        self.kind
    }

    /// An error of a decoded body: `extra` holds the keys the kind does not, and `alias` the
    /// errcode the body had where the kind was read from an alias of its code, which
    /// `errcode()` and the body written then keep.
    #[inline]
    pub(crate) fn from_decoded(
        status: u16,
        kind: ErrorKind,
        message: String,
        extra: Option<Map<String, Value>>,
        alias: Option<&'static str>,
    ) -> Error {
        let extra = extra.filter(|extra| !extra.is_empty());
        let beyond_kind = match (extra, alias) {
            (None, None) => None,
            (extra, alias) => Some(Box::new(BeyondKind {
                extra: extra.unwrap_or_default(),
                retry_after: None,
                errcode: alias,
                form: Form::Standard,
            })),
        };
        Error {
            status,
            kind,
            message,
            beyond_kind,
        }
    }
}

impl Error {
    /// The Matrix meaning of another dialect's error (`zulip::Error`, `mastodon::Error`): the
    /// kind of `errcode` with the keys it holds taken out of `extra`, the status kept, and the
    /// delay given to a rate limit's kind (so that the body carries `retry_after_ms`), else
    /// kept beside the kind as a `Retry-After`.
    pub(crate) fn from_dialect(
        status: u16,
        errcode: &str,
        message: String,
        mut extra: Map<String, Value>,
        mut retry_after: Option<RetryAfter>,
    ) -> Error {
        let mut kind = ErrorKind::from_parts(errcode, &mut extra);
        if let ErrorKind::LimitExceeded { retry_after: slot } = &mut kind {
            if slot.is_none() {
                *slot = retry_after.take();
            }
        }
        Error::from_decoded(status, kind, message, Some(extra), None)
            .with_retry_after_of(retry_after)
    }
}

impl MatrixError for Error {
    /// The errcode the error was read with: the kind's, or where the body had an unstable form
    /// of the kind's code (an alias), that form.
    fn errcode(&self) -> &str {
        match self
            .beyond_kind
            .as_deref()
            .and_then(|beyond| beyond.errcode)
        {
            Some(sent) => sent,
            None => self.kind.errcode(),
        }
    }

    fn status(&self) -> u16 {
        self.status
    }

    fn message(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.message)
    }

    /// The `Retry-After` header's value if the error has one, else the kind's delay, else a
    /// `retry_after_ms` the body carries whatever its code (a bridge's own
    /// `M_AS_LIMIT_EXCEEDED` at 429 sends one).
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{Error, MatrixError, RetryAfter};
    ///
    /// let body = br#"{"errcode":"M_AS_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":1500}"#;
    /// let error = Error::from_body(429, body);
    /// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_millis(1500))));
    /// ```
    fn retry_after(&self) -> Option<RetryAfter> {
        self.header_retry_after()
            .or_else(|| self.kind.retry_after())
            .or_else(|| self.body_retry_after_ms())
    }

    fn error_dict(&self) -> Map<String, Value> {
        body::error_dict(self)
    }

    fn sends_errcode(&self) -> bool {
        self.form() == Form::Standard
    }

    fn __as_error(&self) -> Option<&(dyn std::error::Error + '_)> {
        Some(self)
    }

    fn __serialize_message<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
    {
        map.serialize_entry(key::ERROR, &self.message)
    }

    fn __serialize_errcode<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
    {
        // An alias's code, as the body had it; else the kind's, which may be one it cannot lend.
        match self
            .beyond_kind
            .as_deref()
            .and_then(|beyond| beyond.errcode)
        {
            Some(alias) => map.serialize_entry(key::ERRCODE, alias),
            None => self.kind.__serialize_errcode(map),
        }
    }

    fn __serialize_extras<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
    {
        self.kind.__serialize_extras(map)?;
        // `extra` never holds a key of the kind: decoding takes those out.
        match &self.beyond_kind {
            Some(beyond) => body::write_flatten(map, &beyond.extra, &key::RESERVED),
            None => Ok(()),
        }
    }
}

/// `M_FORBIDDEN (403): You are not invited to this room.`
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.errcode(), self.status)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The JSON body.
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Body(self).serialize(serializer)
    }
}

/// The error of `TryFrom<&Error>` for a type derived with `#[matrix(parse)]`: the error is
/// none of the type's variants (another errcode, or keys missing or of the wrong type).
///
/// ```
/// use matrix_error::{Error, ErrorKind, MatrixError};
///
/// #[derive(Debug, PartialEq, thiserror::Error, MatrixError)]
/// #[matrix(namespace = "com.example.bridge", parse)]
/// enum BridgeError {
///     #[error("the remote network is down")]
///     #[matrix(errcode = "REMOTE_DOWN", status = 502, expose)]
///     RemoteDown { #[matrix(field)] network: String },
/// }
///
/// // A body read back from the wire converts into the library's own type...
/// let error = Error::from(BridgeError::RemoteDown { network: "irc".into() });
/// assert_eq!(BridgeError::try_from(&error), Ok(BridgeError::RemoteDown { network: "irc".into() }));
///
/// // ...and any other error does not.
/// let other = Error::new(ErrorKind::Forbidden, "no");
/// let mismatch = BridgeError::try_from(&other).unwrap_err();
/// assert_eq!(mismatch.errcode(), "M_FORBIDDEN");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    errcode: String,
}

impl Mismatch {
    pub(crate) fn new(errcode: &str) -> Mismatch {
        Mismatch {
            errcode: errcode.to_owned(),
        }
    }

    /// The errcode of the error that did not convert.
    ///
    /// ```
    /// # use matrix_error::{Error, ErrorKind};
    /// # #[derive(Debug, thiserror::Error, matrix_error::MatrixError)]
    /// # #[matrix(parse)]
    /// # enum Only { #[error("x")] #[matrix(errcode = "M_NOT_FOUND")] NotFound }
    /// let error = Error::new(ErrorKind::TooLarge, "too large");
    /// assert_eq!(Only::try_from(&error).unwrap_err().errcode(), "M_TOO_LARGE");
    /// ```
    pub fn errcode(&self) -> &str {
        &self.errcode
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no variant takes errcode `{}` with these keys",
            self.errcode
        )
    }
}

impl std::error::Error for Mismatch {}
