//! Reading a body a server sent: [`Error::from_body`], and `Deserialize` for [`Error`] and
//! [`ErrorKind`].
//!
//! One pass over the bytes (`BodyVisitor`) reads a JSON object into its `errcode`, its `error`
//! (strings borrowed from the input where they have no escapes) and the other keys, as
//! [`BodyKeys`]; [`ErrorKind::decode`](crate::decode) then turns the errcode and the keys into
//! the kind. Bytes that cannot be a JSON object are refused before anything is parsed; an object
//! with invalid UTF-8 is read once more through a reader that repairs the bytes as it goes.

use std::borrow::Cow;
use std::fmt;
use std::io;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use crate::body::key;
use crate::decode::BodyKeys;
use crate::error::Form;
use crate::{Error, ErrorKind, MatrixError, uiaa};

/// A body as read: `errcode` and `error` apart, every other key kept. Filled in place (it is
/// large: the slots of the known keys), never moved while read.
#[derive(Default)]
struct RawBody<'de> {
    errcode: Option<StrOrValue<'de>>,
    error: Option<StrOrValue<'de>>,
    keys: BodyKeys,
}

/// The value of `errcode` or `error`: a string, borrowed where the input allows, or any other
/// JSON value.
enum StrOrValue<'de> {
    Str(Cow<'de, str>),
    Other(Value),
}

impl<'de> RawBody<'de> {
    /// Reads a JSON object; an error for anything else.
    #[inline]
    fn read_from<D: Deserializer<'de>>(&mut self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(BodyVisitor(self))
    }

    /// The message: `error`, else the `message` some servers send instead (kept among the
    /// other keys too), else none. A non-string `error` is kept as its JSON text.
    #[inline(always)]
    fn message(&mut self) -> Option<String> {
        match self.error.take() {
            Some(StrOrValue::Str(text)) => Some(text.into_owned()),
            Some(StrOrValue::Other(Value::Null)) | None => self
                .keys
                .get(key::MESSAGE)
                .and_then(Value::as_str)
                .map(str::to_owned),
            Some(StrOrValue::Other(value)) => Some(value.to_string()),
        }
    }

    /// The error of a body with a string errcode; `None` for any other body, which is then
    /// left as it was.
    #[inline]
    fn take_error(&mut self, status: Option<u16>) -> Option<Error> {
        if !matches!(self.errcode, Some(StrOrValue::Str(_))) {
            return None;
        }
        // The message first: it may be the `message` key, which the kind may take.
        let message = self.message().unwrap_or_default();
        let Some(StrOrValue::Str(errcode)) = &self.errcode else {
            return None;
        };
        let kind = ErrorKind::decode(errcode, &mut self.keys);
        let status = status.unwrap_or_else(|| kind.status());
        Some(Error::from_decoded(
            status,
            kind,
            message,
            self.keys.take_all(),
            self.keys.take_alias(),
        ))
    }

    /// The error of the body: [`take_error`](RawBody::take_error), or for a JSON object that
    /// is no Matrix error `M_UNKNOWN` with the status, the object's `error` (or the status's
    /// reason phrase) as the message, and its keys but `errcode`.
    #[inline]
    fn error(&mut self, status: u16) -> Error {
        if let Some(error) = self.take_error(Some(status)) {
            return error;
        }
        if let Some(error) = self.take_first_challenge(status) {
            return error;
        }
        let message = self.message();
        unknown(status, message, self.keys.take_all()).with_form(Form::JsonWithoutErrcode)
    }

    /// The first challenge of user-interactive authentication: a 401 object with a `flows`
    /// array and neither `errcode` nor `error`. `M_UNKNOWN` with an empty message and every
    /// key, written back as it came, without `errcode` and `error`.
    #[cold]
    fn take_first_challenge(&mut self, status: u16) -> Option<Error> {
        let is_challenge = status == 401
            && self.errcode.is_none()
            && self.error.is_none()
            && self.keys.get(uiaa::key::FLOWS).is_some_and(Value::is_array);
        is_challenge.then(|| {
            Error::from_decoded(
                status,
                ErrorKind::Unknown,
                String::new(),
                self.keys.take_all(),
                None,
            )
            .without_errcode()
        })
    }
}

/// `M_UNKNOWN` with the status kept: for a JSON object that is no Matrix error, with the
/// status's reason phrase as the message where the object has none, as Synapse does.
fn unknown(
    status: u16,
    message: Option<String>,
    extra: Option<serde_json::Map<String, Value>>,
) -> Error {
    let message = message.unwrap_or_else(|| reason_phrase(status).to_owned());
    Error::from_decoded(status, ErrorKind::Unknown, message, extra, None)
}

/// Reads the body's object in place.
struct BodyVisitor<'a, 'de>(&'a mut RawBody<'de>);

impl<'de> Visitor<'de> for BodyVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Matrix error body (a JSON object)")
    }

    /// A key given twice: the last one wins, as with Python's `json` (Synapse) and
    /// JavaScript's `JSON.parse`.
    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let body = self.0;
        while let Some(KeyStr(name)) = map.next_key()? {
            match &*name {
                key::ERRCODE => body.errcode = Some(map.next_value()?),
                key::ERROR => body.error = Some(map.next_value()?),
                _ => {
                    let value = map.next_value()?;
                    body.keys.insert(name, value);
                }
            }
        }
        Ok(())
    }
}

/// A key, borrowed from the input where it has no escapes.
struct KeyStr<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for KeyStr<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_str(StrOrValueVisitor)? {
            StrOrValue::Str(key) => Ok(KeyStr(key)),
            StrOrValue::Other(_) => Err(de::Error::custom("a key that is no string")),
        }
    }
}

impl<'de> Deserialize<'de> for StrOrValue<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrOrValueVisitor)
    }
}

/// A string as it is, anything else as a [`Value`].
struct StrOrValueVisitor;

impl<'de> Visitor<'de> for StrOrValueVisitor {
    type Value = StrOrValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    #[inline]
    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(StrOrValue::Str(Cow::Borrowed(text)))
    }
    #[inline]
    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(StrOrValue::Str(Cow::Owned(text.to_owned())))
    }
    fn visit_string<E>(self, text: String) -> Result<Self::Value, E> {
        Ok(StrOrValue::Str(Cow::Owned(text)))
    }
    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(StrOrValue::Other(Value::Bool(value)))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(StrOrValue::Other(Value::Number(value.into())))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(StrOrValue::Other(Value::Number(value.into())))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(StrOrValue::Other(
            Number::from_f64(value).map_or(Value::Null, Value::Number),
        ))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(StrOrValue::Other(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(StrOrValue::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(StrOrValue::Other)
    }
}

/// The keys of a JSON object in the order the body has them, for the other dialects' readers
/// (`zulip::Error`, `mastodon::Error`), which write a body back as it came. `None` for bytes
/// that are not one JSON object (as [`Error::from_body`] refuses them: HTML, empty, text,
/// nesting 128 levels deep or more); a BOM is skipped and invalid UTF-8 repaired with U+FFFD.
/// A key given twice keeps its first place and its last value. Nested objects keep
/// `serde_json::Map`'s order. Linear in the input but for the sort that finds repeated keys.
pub(crate) fn read_object_in_order(bytes: &[u8]) -> Option<Vec<(String, Value)>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !may_be_object(bytes) {
        return None;
    }
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let read = json.deserialize_map(InOrderVisitor).and_then(|keys| {
        json.end()?;
        Ok(keys)
    });
    let mut keys = match read {
        Ok(keys) => keys,
        Err(_) if std::str::from_utf8(bytes).is_err() => {
            let reader = io::BufReader::new(Utf8Lossy::new(bytes));
            let mut json = serde_json::Deserializer::from_reader(reader);
            let keys = json.deserialize_map(InOrderVisitor).ok()?;
            json.end().ok()?;
            keys
        }
        Err(_) => return None,
    };
    keep_last_of_repeated_keys(&mut keys);
    Some(keys)
}

/// A key given twice: its first place, its last value (as JavaScript's `JSON.parse` and
/// Python's `json` keep the value).
fn keep_last_of_repeated_keys(keys: &mut Vec<(String, Value)>) {
    if keys.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    // Stable: the places of one key stay in the body's order.
    order.sort_by(|&a, &b| keys[a].0.cmp(&keys[b].0));
    let mut dropped = vec![false; keys.len()];
    let mut moves = Vec::new();
    for run in order.chunk_by(|&a, &b| keys[a].0 == keys[b].0) {
        if let [first, .., last] = *run {
            moves.push((first, last));
            for &later in &run[1..] {
                dropped[later] = true;
            }
        }
    }
    for (first, last) in moves {
        keys[first].1 = std::mem::take(&mut keys[last].1);
    }
    let mut index = 0;
    keys.retain(|_| {
        index += 1;
        !dropped[index - 1]
    });
}

/// Reads a JSON object's entries into a list, in order.
struct InOrderVisitor;

impl<'de> Visitor<'de> for InOrderVisitor {
    type Value = Vec<(String, Value)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        // Keys as `String`, not `KeyStr`: a key seed of its own, so that `from_body`'s
        // `next_key` stays the only one of its type and is inlined there.
        while let Some(name) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            keys.push((name, value));
        }
        Ok(keys)
    }
}

/// Whether `bytes` may be a JSON object: after JSON's whitespace, a `{`. Anything else is
/// refused at once, whatever its length.
fn may_be_object(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
        .is_some_and(|&byte| byte == b'{')
}

/// The bytes, with U+FFFD in place of each invalid UTF-8 sequence, as a reader: the repaired
/// text is never held whole.
struct Utf8Lossy<'a> {
    /// The bytes not yet read.
    rest: &'a [u8],
    /// How many bytes at the start of `rest` are known to be valid UTF-8.
    valid: usize,
    /// Repaired bytes not yet read: a replacement character, or part of one.
    pending: &'static [u8],
}

impl<'a> Utf8Lossy<'a> {
    fn new(bytes: &'a [u8]) -> Utf8Lossy<'a> {
        Utf8Lossy {
            rest: bytes,
            valid: 0,
            pending: &[],
        }
    }
}

impl io::Read for Utf8Lossy<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pending.is_empty() && self.valid == 0 {
            // The next run of valid bytes, or else an invalid sequence to replace.
            let Some(chunk) = self.rest.utf8_chunks().next() else {
                return Ok(0);
            };
            self.valid = chunk.valid().len();
            if self.valid == 0 {
                self.rest = &self.rest[chunk.invalid().len()..];
                self.pending = "\u{FFFD}".as_bytes();
            }
        }
        let n;
        if self.pending.is_empty() {
            n = self.valid.min(out.len());
            out[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            self.valid -= n;
        } else {
            n = self.pending.len().min(out.len());
            out[..n].copy_from_slice(&self.pending[..n]);
            self.pending = &self.pending[n..];
        }
        Ok(n)
    }
}

impl Error {
    /// Reads the error a server answered with: its HTTP status and its body.
    ///
    /// Total: it never fails and never panics, and its work is linear in the input.
    /// - A body with a string `errcode` gives its [`ErrorKind`], with the kind's keys parsed
    ///   into its fields; every key the kind does not hold is kept in [`extra`](Error::extra),
    ///   so that serializing the error gives the same object back. An unknown code gives
    ///   [`ErrorKind::Custom`] with every key.
    /// - No `error`: the kind is kept and the message is empty, or the `message` some
    ///   servers send instead (which is also kept as a key). A key given twice: the last wins.
    /// - A key of the kind with a JSON type it cannot hold: an optional field stays `None`
    ///   and the key is kept as it was; a required one gives [`ErrorKind::Custom`] with
    ///   every key. Either way nothing is lost.
    /// - Anything that is not an error object (HTML from a proxy, an empty body, JSON that
    ///   is not an object or has no string `errcode`, nesting 128 levels deep or more) gives
    ///   [`ErrorKind::Unknown`] with the status kept and the status's reason phrase as the
    ///   message, as Synapse does for a failed request it proxies. An object's other keys
    ///   are kept, and a string `error` in it is kept as the message.
    /// - A 401 object with a `flows` array and neither `errcode` nor `error` is the first
    ///   challenge of user-interactive authentication: `M_UNKNOWN` with an empty message and
    ///   every key, written back without `errcode` and `error`; [`Error::uiaa`] reads the
    ///   auth state (of a failed stage too, a 401 with `flows` and an errcode).
    /// - Invalid UTF-8 is read with U+FFFD in place of the bad bytes.
    /// - [`form`](Error::form) tells these apart: a string `errcode`, a JSON object without
    ///   one, or no JSON object (whose first bytes [`body_excerpt`](Error::body_excerpt) keeps).
    ///
    /// The status is kept as given. `Retry-After` is not in the body: add it with
    /// [`with_retry_after`](Error::with_retry_after).
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{Error, ErrorKind, RetryAfter};
    ///
    /// let body = br#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}"#;
    /// let error = Error::from_body(429, body);
    /// assert_eq!(
    ///     error.kind(),
    ///     &ErrorKind::LimitExceeded { retry_after: Some(RetryAfter::Delay(Duration::from_secs(2))) }
    /// );
    /// assert_eq!(error.message(), "Too many requests");
    ///
    /// // Synapse adds `limit_type`, which the spec does not define: it is kept.
    /// let body = br#"{"errcode":"M_RESOURCE_LIMIT_EXCEEDED","error":"MAU limit","admin_contact":"mailto:a@example.org","limit_type":"monthly_active_user"}"#;
    /// let error = Error::from_body(403, body);
    /// assert!(matches!(error.kind(), ErrorKind::ResourceLimitExceeded { .. }));
    /// assert_eq!(error.extra()["limit_type"], "monthly_active_user");
    /// assert_eq!(serde_json::to_vec(&error).unwrap(), body);
    ///
    /// // A proxy's HTML page.
    /// let error = Error::from_body(502, b"<html><body>Bad Gateway</body></html>");
    /// assert_eq!((error.errcode(), error.status()), ("M_UNKNOWN", 502));
    /// assert_eq!(error.message(), "Bad Gateway");
    /// ```
    pub fn from_body(status: u16, bytes: &[u8]) -> Error {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if !may_be_object(bytes) {
            return Error::not_json(status, bytes);
        }
        let mut body = RawBody::default();
        let mut json = serde_json::Deserializer::from_slice(bytes);
        if body.read_from(&mut json).is_err() || json.end().is_err() {
            // What was read is dropped before anything else is.
            drop(body);
            return match std::str::from_utf8(bytes) {
                Ok(_) => Error::not_json(status, bytes),
                Err(_) => Error::from_repaired_body(status, bytes),
            };
        }
        body.error(status)
    }

    /// [`from_body`](Error::from_body) of an object with invalid UTF-8: read through
    /// [`Utf8Lossy`], as a proxy's Latin-1 text would need.
    #[cold]
    fn from_repaired_body(status: u16, bytes: &[u8]) -> Error {
        let mut body = RawBody::default();
        let mut json =
            serde_json::Deserializer::from_reader(io::BufReader::new(Utf8Lossy::new(bytes)));
        if body.read_from(&mut json).is_err() || json.end().is_err() {
            drop(body);
            return Error::not_json(status, bytes);
        }
        body.error(status)
    }
}

/// The body form, as [`Error::from_body`] reads it; the status is the kind's default (a
/// body does not carry one). Unlike `from_body`, which never fails, this is an error for
/// anything that is not an object with a string `errcode`, or the first challenge of
/// user-interactive authentication (an object with a `flows` array and neither `errcode`
/// nor `error`, which reads with status 401, as [`Error`]'s `Serialize` writes it).
///
/// ```
/// use matrix_error::{Error, ErrorKind};
///
/// let error: Error = serde_json::from_str(r#"{"errcode":"M_NOT_FOUND","error":"no room"}"#).unwrap();
/// assert_eq!((error.kind(), error.status()), (&ErrorKind::NotFound, 404));
/// assert!(serde_json::from_str::<Error>(r#"{"error":"no code"}"#).is_err());
/// ```
impl<'de> Deserialize<'de> for Error {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut body = RawBody::default();
        body.read_from(deserializer)?;
        let error = body.take_error(None);
        let error = error.or_else(|| body.take_first_challenge(401));
        error.ok_or_else(|| match body.errcode {
            Some(_) => de::Error::invalid_type(
                de::Unexpected::Other("non-string errcode"),
                &"a string errcode",
            ),
            None => de::Error::missing_field(key::ERRCODE),
        })
    }
}

/// The kind of a body, as [`Error::from_body`] reads it; the message and the keys the kind
/// does not hold are dropped.
///
/// ```
/// use matrix_error::ErrorKind;
///
/// let kind: ErrorKind = serde_json::from_str(r#"{"errcode":"M_UNKNOWN_TOKEN","soft_logout":true}"#).unwrap();
/// assert_eq!(kind, ErrorKind::UnknownToken { soft_logout: true });
/// ```
impl<'de> Deserialize<'de> for ErrorKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Error::deserialize(deserializer).map(Error::into_kind)
    }
}

/// The reason phrase of an HTTP status (RFC 9110's, and the common ones beyond it); for a
/// status without one, the phrase of its class.
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    let phrase = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    };
    match status {
        _ if !phrase.is_empty() => phrase,
        400..=499 => "Client Error",
        500..=599 => "Server Error",
        _ => "Unknown Error",
    }
}
