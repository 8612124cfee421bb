//! [`Error`], any Matrix error owned, and [`Mismatch`], the error of converting one back into a
//! derived type.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::body::{self, key};
use crate::dialect::Dialects;
use crate::{Body, ErrorKind, MatrixError, RetryAfter};

/// Any Matrix error, owned: a status, an [`ErrorKind`], a message, and every extra key of the
/// body that the kind does not hold (and, read with an unstable form of a stable code, that
/// form: [`ErrorKind`]'s aliases).
///
/// Every derived error converts into it with `From`, so a handler can hold errors of many
/// types as one. It serializes as the JSON body.
///
/// ```
/// use matrix_error::{Error, ErrorKind};
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
    /// What the body looked like beyond its keys. One byte, in the room the status leaves.
    form: Form,
    kind: ErrorKind,
    /// The message; for a body that was no JSON object ([`Form::NotJson`]), the bounded copy
    /// of that body instead, the message then being the status's reason phrase.
    text: String,
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
    /// The dialect keys (`#[matrix(zulip(...), mastodon(...))]`) of the derived type the
    /// error was converted from, so that it answers in Zulip's and Mastodon's dialects as
    /// that type would. Static, as the derive writes them.
    dialects: Option<&'static Dialects>,
}

/// The form of a body beyond its keys, as [`Error`] keeps it (what [`Error::form`] answers,
/// and how the body is written back).
///
/// One place for every "the body was not a standard error object": a form the wire knows is
/// added here (and read through [`Error::form`], [`Error::sends_errcode`](MatrixError::sends_errcode)
/// or a method of its own), never as a field of `Error` beside it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Form {
    /// `errcode` and `error`, as every error object has; also every error built in code.
    #[default]
    Standard,
    /// Neither `errcode` nor `error`: the first challenge of user-interactive
    /// authentication, a 401 whose body is the auth state. Written back the same way.
    NoErrcode,
    /// A JSON object without a string `errcode` that is no first challenge (`{"error":
    /// "Forbidden"}` from a proxy or a non-Matrix service): read as `M_UNKNOWN`, written back
    /// with it.
    JsonWithoutErrcode,
    /// No JSON object at all (HTML, text, an empty body, a JSON array, broken JSON): read as
    /// `M_UNKNOWN` with the status's reason phrase as the message; `Error::text` holds the
    /// first bytes of the body ([`EXCERPT_MAX`] at most).
    NotJson,
}

/// The most bytes of a body that was no JSON object [`Error::body_excerpt`] keeps.
pub(crate) const EXCERPT_MAX: usize = 1024;

/// What the body of a response looked like: an error object with an `errcode`, some other
/// JSON object, or no JSON object at all. The answer of [`Error::form`], for a bridge or an
/// FFI layer that must tell a Matrix error from a proxy's page; all three read as an
/// [`Error`] (the last two as `M_UNKNOWN`, the status deciding its [`category`](Error::category)).
///
/// ```
/// use matrix_error::{BodyForm, Error};
///
/// let matrix = Error::from_body(403, br#"{"errcode":"M_UNKNOWN","error":"Forbidden"}"#);
/// let json = Error::from_body(403, br#"{"error":"Forbidden"}"#);
/// let text = Error::from_body(403, b"Forbidden");
/// assert_eq!(matrix.form(), BodyForm::Errcode);
/// assert_eq!(json.form(), BodyForm::NoErrcode);
/// assert_eq!(text.form(), BodyForm::NotJson);
/// // The same errcode, status and message: only the form tells them apart.
/// assert_eq!((matrix.errcode(), matrix.message()), (json.errcode(), json.message()));
/// assert_eq!(text.body_excerpt(), Some("Forbidden"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyForm {
    /// A JSON object with a string `errcode`: a Matrix error. Every error built in code
    /// (`Error::new`, a derived error converted) has this form too, except a first challenge
    /// of user-interactive authentication.
    Errcode,
    /// A JSON object without a string `errcode`: the first challenge of user-interactive
    /// authentication (see [`Error::uiaa`]), or a JSON error of something that is no Matrix
    /// server (`{"error":"Forbidden"}`). Its keys are kept, as for any object.
    NoErrcode,
    /// No JSON object: HTML or text from a proxy, an empty body, a JSON array or string,
    /// broken JSON. [`Error::body_excerpt`] keeps its first bytes for logs.
    NotJson,
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
            form: Form::Standard,
            kind,
            text: message.into(),
            beyond_kind: None,
        }
    }

    /// The same error with another HTTP status.
    ///
    /// Any status is kept as given, so that a response a peer sent is never altered; the
    /// HTTP integrations answer 500 for a status that is not an error status.
    ///
    /// ```
    /// use matrix_error::{Error, ErrorKind};
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
    /// use matrix_error::{Error, ErrorKind};
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
                    dialects: None,
                }));
            }
        }
        self.normalize();
        self
    }

    /// The same error as a body without `errcode` and `error` (a first challenge of
    /// user-interactive authentication).
    pub(crate) fn without_errcode(self) -> Error {
        self.with_form(Form::NoErrcode)
    }

    /// The same error, read from a body of this form.
    pub(crate) fn with_form(mut self, form: Form) -> Error {
        self.form = form;
        self
    }

    /// An error of a body that is no JSON object: `M_UNKNOWN` with `status`, its reason phrase
    /// as the message, and the first bytes of the body (at most [`EXCERPT_MAX`], invalid
    /// UTF-8 replaced with U+FFFD) for [`body_excerpt`](Error::body_excerpt).
    pub(crate) fn not_json(status: u16, bytes: &[u8]) -> Error {
        Error {
            status,
            form: Form::NotJson,
            kind: ErrorKind::Unknown,
            text: excerpt(bytes),
            beyond_kind: None,
        }
    }

    /// What the body looked like: see [`BodyForm`].
    ///
    /// ```
    /// use matrix_error::{BodyForm, Error, ErrorKind};
    ///
    /// assert_eq!(Error::from_body(502, b"<html>Bad Gateway</html>").form(), BodyForm::NotJson);
    /// assert_eq!(Error::new(ErrorKind::Forbidden, "no").form(), BodyForm::Errcode);
    /// ```
    pub fn form(&self) -> BodyForm {
        match self.form {
            Form::Standard => BodyForm::Errcode,
            Form::NoErrcode | Form::JsonWithoutErrcode => BodyForm::NoErrcode,
            Form::NotJson => BodyForm::NotJson,
        }
    }

    /// The first bytes of a body that was no JSON object ([`BodyForm::NotJson`]), for logs:
    /// at most 1 KiB, cut at a character boundary, invalid UTF-8 replaced with U+FFFD.
    /// `None` for any other form (a JSON body is in the error whole: its keys and message).
    /// Never written back: the body written is the `M_UNKNOWN` error object.
    ///
    /// ```
    /// use matrix_error::Error;
    ///
    /// let page = format!("<html>{}</html>", "<p>Bad Gateway</p>".repeat(1000));
    /// let error = Error::from_body(502, page.as_bytes());
    /// let excerpt = error.body_excerpt().unwrap();
    /// assert!(excerpt.starts_with("<html><p>Bad Gateway</p>") && excerpt.len() <= 1024);
    /// assert_eq!(error.message(), "Bad Gateway");
    /// assert_eq!(Error::from_body(403, br#"{"errcode":"M_FORBIDDEN"}"#).body_excerpt(), None);
    /// ```
    pub fn body_excerpt(&self) -> Option<&str> {
        (self.form == Form::NotJson).then_some(self.text.as_str())
    }

    /// [`with_retry_after`](Error::with_retry_after) when there is one.
    #[inline]
    pub(crate) fn with_retry_after_of(self, retry_after: Option<RetryAfter>) -> Error {
        match retry_after {
            Some(retry_after) => self.with_retry_after(retry_after),
            None => self,
        }
    }

    /// The same error with the dialect keys of the type it was converted from.
    /// Only keys are kept: the mapping of an errcode alone (`keyed: false`) is found again from
    /// the errcode, with no box.
    pub(crate) fn with_dialects(mut self, dialects: Option<&'static Dialects>) -> Error {
        let Some(dialects) = dialects.filter(|dialects| dialects.keyed) else {
            return self;
        };
        self.beyond_kind
            .get_or_insert_with(|| {
                Box::new(BeyondKind {
                    extra: Map::new(),
                    retry_after: None,
                    errcode: None,
                    dialects: None,
                })
            })
            .dialects = Some(dialects);
        self
    }

    /// No box for nothing, so that equal errors compare equal.
    fn normalize(&mut self) {
        if self.beyond_kind.as_ref().is_some_and(|beyond| {
            beyond.extra.is_empty()
                && beyond.retry_after.is_none()
                && beyond.errcode.is_none()
                && beyond.dialects.is_none()
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

    /// `retry_after_ms` of the body as a delay, on any code: a whole number of milliseconds,
    /// or a fractional one (`1500.5`, which the kind's field does not take and the body keeps
    /// as sent); `None` for a negative one or one of another type.
    fn body_retry_after_ms(&self) -> Option<RetryAfter> {
        let value = self.body_key(key::RETRY_AFTER_MS)?;
        crate::retry::json_delay(value, 1000).map(RetryAfter::Delay)
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
    /// `errcode()` and the body written then keep. Always inlined: with the other dialects'
    /// readers calling it too it would be out of line in `from_body`, a call per body.
    #[inline(always)]
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
                dialects: None,
            })),
        };
        Error {
            status,
            form: Form::Standard,
            kind,
            text: message,
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

/// Reading an error: each answer is one call, with no trait to import (the [`MatrixError`]
/// methods of the same names give the same answers). The decisions built on them are in
/// `category.rs` ([`Error::category`], [`Error::is_retryable`],
/// [`Error::is_unrecognized_endpoint`]).
impl Error {
    /// The HTTP status, as the response had it (or the kind's default for an error built with
    /// [`Error::new`]). The spec ("Standard error response") pairs each code with a status,
    /// but the same code comes with several statuses (`M_TOO_LARGE`: 413 for an upload, 502
    /// for remote media), so the status is kept as given, never normalized.
    ///
    /// ```
    /// use matrix_error::Error;
    ///
    /// let error = Error::from_body(502, br#"{"errcode":"M_TOO_LARGE","error":"Remote media too large"}"#);
    /// assert_eq!(error.status(), 502);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The errcode, the spec's primary signal ("the errcode is the primary signal, not the HTTP
    /// status"): the kind's code, or where the body had an unstable form of it (an alias, see
    /// [`ErrorKind`]), that form. A body without a string `errcode` reads as `M_UNKNOWN`
    /// ([`form`](Error::form) says so).
    ///
    /// ```
    /// use matrix_error::Error;
    ///
    /// let error = Error::from_body(403, br#"{"errcode":"M_FORBIDDEN","error":"no"}"#);
    /// assert_eq!(error.errcode(), "M_FORBIDDEN");
    /// assert_eq!(Error::from_body(502, b"<html></html>").errcode(), "M_UNKNOWN");
    /// ```
    pub fn errcode(&self) -> &str {
        match self
            .beyond_kind
            .as_deref()
            .and_then(|beyond| beyond.errcode)
        {
            Some(sent) => sent,
            None => self.kind.errcode(),
        }
    }

    /// The human-readable message (the body's `error`, the spec's "error message"): for people
    /// and logs, never for decisions. `""` for a body without one; for a body that was no JSON
    /// object, the reason phrase of its [`status`](Error::status), as Synapse gives for a
    /// failed request it proxies (the body itself is in [`body_excerpt`](Error::body_excerpt)).
    ///
    /// ```
    /// use matrix_error::Error;
    ///
    /// let error = Error::from_body(403, br#"{"errcode":"M_FORBIDDEN","error":"You are not invited"}"#);
    /// assert_eq!(error.message(), "You are not invited");
    /// assert_eq!(Error::from_body(503, b"").message(), "Service Unavailable");
    /// ```
    pub fn message(&self) -> &str {
        match self.form {
            Form::NotJson => crate::read::reason_phrase(self.status),
            _ => &self.text,
        }
    }

    /// When to retry, following the spec's rate-limiting rules: the `Retry-After` header
    /// (added with [`with_retry_after`](Error::with_retry_after)) wins over the body's
    /// `retry_after_ms` ("on reading, the header wins"); then the kind's delay; then a
    /// `retry_after_ms` the body carries whatever its code (a bridge's own
    /// `M_AS_LIMIT_EXCEEDED` at 429 sends one), fractional ones included. `None`: back off on
    /// your own. Whether to retry at all is [`is_retryable`](Error::is_retryable).
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{Error, RetryAfter};
    ///
    /// let body = br#"{"errcode":"M_AS_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":1500}"#;
    /// let error = Error::from_body(429, body);
    /// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_millis(1500))));
    ///
    /// let body = br#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500.5}"#;
    /// let error = Error::from_body(429, body);
    /// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_micros(1_500_500))));
    /// ```
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.header_retry_after()
            .or_else(|| self.kind.retry_after())
            .or_else(|| self.body_retry_after_ms())
    }

    /// Whether the access token is gone and how: `Some(true)` for a soft logout (log in again,
    /// keeping the session's data), `Some(false)` for a hard one (discard it), `None` when
    /// the error is not about the token at all. The spec's rules: `M_UNKNOWN_TOKEN` carries
    /// `soft_logout` (absent means `false`); `M_USER_LOCKED` is "always with `soft_logout:
    /// true`", whatever the body says. A challenge of user-interactive authentication (a 401
    /// carrying `flows`, whatever its errcode) is no logout: `None` (see
    /// [`Category::InteractiveAuth`](crate::Category::InteractiveAuth)).
    ///
    /// ```
    /// use matrix_error::Error;
    ///
    /// let soft = Error::from_body(401, br#"{"errcode":"M_UNKNOWN_TOKEN","soft_logout":true}"#);
    /// let hard = Error::from_body(401, br#"{"errcode":"M_UNKNOWN_TOKEN"}"#);
    /// let locked = Error::from_body(401, br#"{"errcode":"M_USER_LOCKED"}"#);
    /// let challenge = Error::from_body(401, br#"{"flows":[{"stages":["m.login.password"]}]}"#);
    /// assert_eq!(soft.soft_logout(), Some(true));
    /// assert_eq!(hard.soft_logout(), Some(false));
    /// assert_eq!(locked.soft_logout(), Some(true));
    /// assert_eq!(challenge.soft_logout(), None);
    /// ```
    pub fn soft_logout(&self) -> Option<bool> {
        let logout = match self.kind {
            ErrorKind::UnknownToken { soft_logout } => soft_logout,
            ErrorKind::UserLocked => true,
            _ => return None,
        };
        // A failed stage of user-interactive auth with one of these codes is still a challenge.
        self.auth_state().is_none().then_some(logout)
    }
}

impl MatrixError for Error {
    /// [`Error::errcode`].
    fn errcode(&self) -> &str {
        Error::errcode(self)
    }

    /// [`Error::status`].
    fn status(&self) -> u16 {
        Error::status(self)
    }

    /// [`Error::message`].
    fn message(&self) -> Cow<'_, str> {
        Cow::Borrowed(Error::message(self))
    }

    /// [`Error::retry_after`].
    fn retry_after(&self) -> Option<RetryAfter> {
        Error::retry_after(self)
    }

    fn error_dict(&self) -> Map<String, Value> {
        body::error_dict(self)
    }

    /// `false` for a first challenge of user-interactive authentication, read or converted.
    fn sends_errcode(&self) -> bool {
        self.form != Form::NoErrcode
    }

    fn __as_error(&self) -> Option<&(dyn std::error::Error + '_)> {
        Some(self)
    }

    fn __dialects(&self) -> Option<&'static Dialects> {
        self.beyond_kind.as_ref().and_then(|beyond| beyond.dialects)
    }

    fn __serialize_message<M>(&self, map: &mut M) -> Result<(), M::Error>
    where
        M: SerializeMap,
    {
        map.serialize_entry(key::ERROR, Error::message(self))
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
        let Some(beyond) = &self.beyond_kind else {
            return self.kind.__serialize_extras(map);
        };
        // A key of the kind that `extra` holds too is one the kind could not take as sent (a
        // numeric `current_version`, a fractional `retry_after_ms`): the kind holds a value
        // read leniently, and the body is written with the key as sent.
        let (shadowed, count) = crate::decode::kind_keys_in(&beyond.extra);
        match count {
            0 => self.kind.__serialize_extras(map)?,
            _ => {
                (self.kind).__serialize_extras(&mut body::SkipKeys::new(map, &shadowed[..count]))?
            }
        }
        body::write_flatten(map, &beyond.extra, &key::RESERVED)
    }
}

/// `M_FORBIDDEN (403): You are not invited to this room.`
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.errcode(), self.status)?;
        let message = self.message();
        if !message.is_empty() {
            write!(f, ": {message}")?;
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

/// The first bytes of `bytes`, at most [`EXCERPT_MAX`] of text, invalid UTF-8 replaced with
/// U+FFFD and cut at a character boundary; one allocation, of at most that size.
fn excerpt(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().min(EXCERPT_MAX));
    'chunks: for chunk in bytes[..bytes.len().min(EXCERPT_MAX)].utf8_chunks() {
        let replacement = if chunk.invalid().is_empty() {
            ""
        } else {
            "\u{FFFD}"
        };
        for piece in [chunk.valid(), replacement] {
            let room = EXCERPT_MAX - text.len();
            if piece.len() > room {
                let mut cut = room;
                while !piece.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.push_str(&piece[..cut]);
                break 'chunks;
            }
            text.push_str(piece);
        }
    }
    text
}
