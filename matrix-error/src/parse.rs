//! Reading a body a server sent: `Error::from_body` and the `Deserialize` impls.
//!
//! Two paths. The fast one reads a well-formed body straight from the bytes: `errcode` and
//! `error` as strings (borrowed where they have no escapes), the keys a standard kind reads
//! into slots of their own, any other key into a map. Anything it does not take (a
//! non-string `errcode` or `error`, invalid UTF-8, not an object) falls to the tolerant
//! path, which reads a `serde_json::Value` and keeps what it can.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::__private::Fields;
use crate::{Error, ErrorKind, MatrixError};

/// A body as read: `errcode` and `error` apart, every other key kept. Filled in place
/// (it is large: the slots of the known keys), never moved while read.
#[derive(Default)]
struct RawBody<'de> {
    errcode: Option<Slot<'de>>,
    error: Option<Slot<'de>>,
    extra: Fields,
}

/// The value of `errcode` or `error`: a string, borrowed where the input allows, or any
/// other JSON value.
enum Slot<'de> {
    Str(Cow<'de, str>),
    Other(Value),
}

impl From<Value> for Slot<'_> {
    fn from(value: Value) -> Self {
        match value {
            Value::String(text) => Slot::Str(Cow::Owned(text)),
            other => Slot::Other(other),
        }
    }
}

impl<'de> RawBody<'de> {
    /// The fast path: a JSON object with string `errcode` and `error`, and nothing after it.
    /// `false` for anything else, leaving the body partly read.
    #[inline]
    fn read(&mut self, bytes: &'de [u8]) -> bool {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        (&mut deserializer)
            .deserialize_map(BodyVisitor(self))
            .is_ok()
            && deserializer.end().is_ok()
    }

    /// The tolerant path: the keys of a JSON object, `errcode` and `error` of any type.
    fn from_map(mut map: Map<String, Value>) -> RawBody<'static> {
        RawBody {
            errcode: map.remove("errcode").map(Slot::from),
            error: map.remove("error").map(Slot::from),
            extra: Fields::from_map(map),
        }
    }

    /// The message: `error`, else the `message` some servers send instead (kept among the
    /// other keys too), else empty. A non-string `error` is kept as its JSON text.
    #[inline]
    fn message(&mut self) -> Option<String> {
        match self.error.take() {
            Some(Slot::Str(text)) => Some(text.into_owned()),
            Some(Slot::Other(Value::Null)) | None => self
                .extra
                .get("message")
                .and_then(Value::as_str)
                .map(str::to_owned),
            Some(Slot::Other(value)) => Some(value.to_string()),
        }
    }

    /// The error, when the body has a string errcode.
    #[inline]
    fn take_error(&mut self, status: Option<u16>) -> Option<Error> {
        let errcode = match self.errcode.take() {
            Some(Slot::Str(errcode)) => errcode,
            other => {
                self.errcode = other;
                return None;
            }
        };
        let message = self.message().unwrap_or_default();
        let kind = ErrorKind::from_fields(&errcode, &mut self.extra);
        let status = status.unwrap_or_else(|| kind.status());
        let extra = self.extra.take_rest();
        Some(Error::from_parts(status, kind, message, extra, None))
    }
}

/// The fast path's visitor: fills the body in place.
struct BodyVisitor<'a, 'de>(&'a mut RawBody<'de>);

impl<'de> Visitor<'de> for BodyVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Matrix error body (a JSON object)")
    }

    /// A key given twice: the last one wins, as with Python's `json` (Synapse) and
    /// JavaScript's `JSON.parse`, and as in the tolerant path.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let body = self.0;
        while let Some(Str(key)) = map.next_key()? {
            match &*key {
                "errcode" => body.errcode = Some(Slot::Str(map.next_value::<Str<'de>>()?.0)),
                "error" => body.error = Some(Slot::Str(map.next_value::<Str<'de>>()?.0)),
                _ => {
                    let value = map.next_value()?;
                    body.extra.insert(key, value);
                }
            }
        }
        Ok(())
    }
}

/// A string, borrowed from the input where it has no escapes; anything else is an error.
struct Str<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(text.to_owned())))
            }
            fn visit_string<E>(self, text: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

/// The tolerant path: the JSON object of `bytes`, read as UTF-8 (a leading byte order mark
/// skipped), else with invalid sequences replaced by U+FFFD, as a proxy's Latin-1 text
/// would need. `None` when it is not a JSON object.
fn read_object(bytes: &[u8]) -> Option<Map<String, Value>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(_) if std::str::from_utf8(bytes).is_err() => {
            serde_json::from_str(&String::from_utf8_lossy(bytes)).ok()?
        }
        Err(_) => return None,
    };
    match value {
        Value::Object(map) => Some(map),
        _ => None,
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
    /// - Invalid UTF-8 is read with U+FFFD in place of the bad bytes.
    ///
    /// The status is kept as given. `Retry-After` is not in the body: add it with
    /// [`with_retry_after`](Error::with_retry_after).
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{Error, ErrorKind, MatrixError, RetryAfter};
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
        let mut body = RawBody::default();
        if body.read(bytes) {
            if let Some(error) = body.take_error(Some(status)) {
                return error;
            }
        }
        let (message, extra) = match read_object(bytes) {
            Some(map) => {
                let mut body = RawBody::from_map(map);
                if let Some(error) = body.take_error(Some(status)) {
                    return error;
                }
                (body.message(), body.extra.take_rest())
            }
            None => (None, None),
        };
        let message = message.unwrap_or_else(|| reason_phrase(status).to_owned());
        Error::from_parts(status, ErrorKind::Unknown, message, extra, None)
    }
}

/// The body form, as [`Error::from_body`] reads it; the status is the kind's default (a
/// body does not carry one). Unlike `from_body`, which never fails, this is an error for
/// anything that is not an object with a string `errcode`.
///
/// ```
/// use matrix_error::{Error, ErrorKind, MatrixError};
///
/// let error: Error = serde_json::from_str(r#"{"errcode":"M_NOT_FOUND","error":"no room"}"#).unwrap();
/// assert_eq!((error.kind(), error.status()), (&ErrorKind::NotFound, 404));
/// assert!(serde_json::from_str::<Error>(r#"{"error":"no code"}"#).is_err());
/// ```
impl<'de> Deserialize<'de> for Error {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Value::Object(map) = Value::deserialize(deserializer)? else {
            return Err(de::Error::custom(
                "expected a Matrix error body (a JSON object)",
            ));
        };
        let mut body = RawBody::from_map(map);
        body.take_error(None).ok_or_else(|| match body.errcode {
            Some(_) => de::Error::invalid_type(
                de::Unexpected::Other("non-string errcode"),
                &"a string errcode",
            ),
            None => de::Error::missing_field("errcode"),
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
