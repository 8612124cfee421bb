//! [`Error`]: an error a Zulip server answered, read without losing a key, written back as it
//! came, and its Matrix meaning (`From<Error> for matrix_error::Error`, by the "Reading back"
//! table of the dialects' spec, kept once below as data).

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::RetryAfter;
use crate::read::{read_object_in_order, reason_phrase};

// Zulip's generic code (what a body without `code` is read as), the code of a rate limit
// (whose `retry-after` is the delay), and the namespace a Zulip code with no Matrix meaning
// takes in Matrix (`BAD_NARROW` reads as `COM.ZULIP_BAD_NARROW`, which a Zulip body writes
// back as `BAD_NARROW`): the same constants as serving.
use super::{BAD_REQUEST, RATE_LIMIT_HIT, is_code, key};
use crate::dialect::{M_UNKNOWN, ZULIP_NAMESPACE as NAMESPACE};

/// Reading back, the Matrix errcode of each Zulip code that has one (DIALECTS.md, "Reading
/// back"); `BAD_REQUEST` goes by status ([`MATRIX_OF_BAD_REQUEST`]), any other code to
/// [`NAMESPACE`].
const MATRIX_OF_CODE: &[(&str, &str)] = &[
    ("INVALID_API_KEY", "M_UNKNOWN_TOKEN"),
    ("UNAUTHORIZED", "M_MISSING_TOKEN"),
    ("UNAUTHENTICATED_USER", "M_MISSING_TOKEN"),
    ("AUTHENTICATION_FAILED", "M_FORBIDDEN"),
    ("REALM_DEACTIVATED", "M_FORBIDDEN"),
    ("CSRF_FAILED", "M_FORBIDDEN"),
    ("UNAUTHORIZED_PRINCIPAL", "M_FORBIDDEN"),
    ("USER_DEACTIVATED", "M_USER_DEACTIVATED"),
    ("REQUEST_VARIABLE_MISSING", "M_MISSING_PARAM"),
    ("REQUEST_VARIABLE_INVALID", "M_INVALID_PARAM"),
    ("INVALID_JSON", "M_NOT_JSON"),
    (RATE_LIMIT_HIT, "M_LIMIT_EXCEEDED"),
    ("CHANNEL_ALREADY_EXISTS", "M_ROOM_IN_USE"),
    ("EXPECTATION_MISMATCH", "M_BAD_STATE"),
    ("BAD_EVENT_QUEUE_ID", "M_UNKNOWN_POS"),
    ("SERVER_NOT_READY", M_UNKNOWN),
];

/// Reading back, the Matrix errcode of `BAD_REQUEST` by status; [`M_UNKNOWN`] for any other.
const MATRIX_OF_BAD_REQUEST: &[(u16, &str)] = &[
    (403, "M_FORBIDDEN"),
    (404, "M_NOT_FOUND"),
    (405, "M_UNRECOGNIZED"),
    (429, "M_LIMIT_EXCEEDED"),
];

/// An error a Zulip server answered: its status and its body, every key kept in the order it
/// came.
///
/// A Zulip error body is `{"result":"error","msg":...,<the error's keys>,"code":...}`, with
/// `"retry-after"` after `code` on a rate limit. [`from_body`](Error::from_body) reads any
/// response, and never fails: a body without `code` (servers before Zulip 5.0, the code-less
/// 500, the 405 with `allowed_methods`) reads as `BAD_REQUEST`, as does a JSON object of
/// another shape (`{}`, a Matrix body), every key kept; a body that is no JSON object (a
/// proxy's HTML page, an empty body) keeps the status. [`Serialize`] writes the body as it
/// came (`result` included), so a bridge can pass a Zulip error on unchanged.
///
/// Its Matrix meaning is `matrix_error::Error::from(error)`: by the code (`BAD_REQUEST` by the
/// status), the status kept, `msg` as the message, every other key an extra key; a
/// `RATE_LIMIT_HIT` keeps its delay; a code with no Matrix meaning reads as
/// `COM.ZULIP_<CODE>`.
///
/// ```
/// use matrix_error::{Category, MatrixError, zulip};
///
/// let body = br#"{"result":"error","msg":"Invalid narrow operator: unknown operator","code":"BAD_NARROW"}"#;
/// let error = zulip::Error::from_body(400, body);
/// assert_eq!((error.status(), error.code()), (400, "BAD_NARROW"));
/// assert_eq!(serde_json::to_vec(&error).unwrap(), body, "written back as it came");
///
/// let matrix = matrix_error::Error::from(error);
/// assert_eq!(matrix.errcode(), "COM.ZULIP_BAD_NARROW");
/// assert_eq!(matrix.message(), "Invalid narrow operator: unknown operator");
/// assert_eq!(matrix.category(), Category::InvalidRequest);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    status: u16,
    /// The body's keys in order; `None` for a body that is no JSON object.
    body: Option<Vec<(String, Value)>>,
    /// The `Retry-After` header's value, which wins over the body's `retry-after`.
    header_retry_after: Option<RetryAfter>,
}

impl Error {
    /// Reads the error a Zulip server answered with: its HTTP status and its body.
    ///
    /// Total: it never fails and never panics, and it loses no key.
    /// - A JSON object keeps every key, in order, with its value as sent (a key given twice:
    ///   its first place, its last value); [`code`](Error::code) is its string `code`, else
    ///   `BAD_REQUEST`, and [`msg`](Error::msg) its string `msg`, else the status's reason
    ///   phrase.
    /// - Anything else (HTML, an empty body, text, JSON that is no object) keeps the status,
    ///   and reads as `BAD_REQUEST` with the reason phrase.
    /// - Invalid UTF-8 is read with U+FFFD in place of the bad bytes.
    ///
    /// ```
    /// use matrix_error::zulip;
    ///
    /// // A server before Zulip 5.0 sends no `code`.
    /// let error = zulip::Error::from_body(400, br#"{"result":"error","msg":"Invalid stream name"}"#);
    /// assert_eq!(error.code(), "BAD_REQUEST");
    /// assert_eq!(error.msg(), "Invalid stream name");
    ///
    /// // The 405, with the methods the endpoint allows.
    /// let body = br#"{"result":"error","msg":"Method Not Allowed","allowed_methods":"GET"}"#;
    /// let error = zulip::Error::from_body(405, body);
    /// assert_eq!(error.get("allowed_methods").unwrap(), "GET");
    ///
    /// // A proxy's page.
    /// let error = zulip::Error::from_body(502, b"<html>Bad Gateway</html>");
    /// assert_eq!((error.status(), error.code(), error.msg()), (502, "BAD_REQUEST", "Bad Gateway"));
    /// ```
    pub fn from_body(status: u16, body: &[u8]) -> Error {
        Error {
            status,
            body: read_object_in_order(body),
            header_retry_after: None,
        }
    }

    /// A Zulip error, `{"result":"error","msg":msg,"code":code}`, as a server would send it.
    ///
    /// ```
    /// use matrix_error::zulip;
    ///
    /// let error = zulip::Error::new(409, "CHANNEL_ALREADY_EXISTS", "Channel 'design' already exists");
    /// assert_eq!(
    ///     serde_json::to_string(&error).unwrap(),
    ///     r#"{"result":"error","msg":"Channel 'design' already exists","code":"CHANNEL_ALREADY_EXISTS"}"#
    /// );
    /// ```
    pub fn new(status: u16, code: impl Into<String>, msg: impl Into<String>) -> Error {
        Error {
            status,
            body: Some(vec![
                (key::RESULT.to_owned(), Value::from("error")),
                (key::MSG.to_owned(), Value::String(msg.into())),
                (key::CODE.to_owned(), Value::String(code.into())),
            ]),
            header_retry_after: None,
        }
    }

    /// The same error with a key of the body set: a key the body has keeps its place, a new
    /// one goes before `code` as Zulip writes an error's keys (`retry-after` after it), or
    /// last. A body that was no JSON object becomes the generic one first.
    ///
    /// ```
    /// use matrix_error::zulip;
    ///
    /// let error = zulip::Error::new(400, "REQUEST_VARIABLE_MISSING", "Missing 'to' argument")
    ///     .with_key("var_name", "to");
    /// assert_eq!(
    ///     serde_json::to_string(&error).unwrap(),
    ///     r#"{"result":"error","msg":"Missing 'to' argument","var_name":"to","code":"REQUEST_VARIABLE_MISSING"}"#
    /// );
    /// ```
    #[must_use]
    pub fn with_key(mut self, name: impl Into<String>, value: impl Into<Value>) -> Error {
        let (name, value) = (name.into(), value.into());
        let status = self.status;
        let keys = self.body.get_or_insert_with(|| generic_body(status));
        if let Some(slot) = keys.iter_mut().find(|(key, _)| *key == name) {
            slot.1 = value;
            return self;
        }
        let code_at = keys.iter().position(|(key, _)| key == key::CODE);
        match code_at {
            Some(at) if name != key::RETRY_AFTER => keys.insert(at, (name, value)),
            _ => keys.push((name, value)),
        }
        self
    }

    /// The same error with a `Retry-After` value, such as the header of the response it came
    /// from: it wins over the body's `"retry-after"` in [`retry_after`](Error::retry_after),
    /// while the body keeps what it had.
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{RetryAfter, zulip};
    ///
    /// let body = br#"{"result":"error","msg":"API usage exceeded rate limit","retry-after":2.5,"code":"RATE_LIMIT_HIT"}"#;
    /// let error = zulip::Error::from_body(429, body).with_retry_after("3".parse().unwrap());
    /// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(3))));
    /// ```
    #[must_use]
    pub fn with_retry_after(mut self, retry_after: RetryAfter) -> Error {
        self.header_retry_after = Some(retry_after);
        self
    }

    /// The HTTP status of the response.
    ///
    /// ```
    /// use matrix_error::zulip;
    ///
    /// assert_eq!(zulip::Error::from_body(401, b"").status(), 401);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The code: the body's string `code`, else `BAD_REQUEST` (Zulip's generic code, which
    /// servers before 5.0, the 500 and the 405 imply by sending none).
    ///
    /// ```
    /// use matrix_error::zulip;
    ///
    /// let body = br#"{"result":"error","msg":"Invalid API key","code":"INVALID_API_KEY"}"#;
    /// assert_eq!(zulip::Error::from_body(401, body).code(), "INVALID_API_KEY");
    /// let body = br#"{"result":"error","msg":"Internal server error"}"#;
    /// assert_eq!(zulip::Error::from_body(500, body).code(), "BAD_REQUEST");
    /// ```
    pub fn code(&self) -> &str {
        self.string(key::CODE).unwrap_or(BAD_REQUEST)
    }

    /// The text: the body's string `msg`, else the status's reason phrase (`Bad Gateway`).
    /// It is translated into the user's language: branch on [`code`](Error::code), not on it.
    ///
    /// ```
    /// use matrix_error::zulip;
    ///
    /// let body = br#"{"result":"error","msg":"Message must not be empty","code":"BAD_REQUEST"}"#;
    /// assert_eq!(zulip::Error::from_body(400, body).msg(), "Message must not be empty");
    /// assert_eq!(zulip::Error::from_body(503, b"").msg(), "Service Unavailable");
    /// ```
    pub fn msg(&self) -> &str {
        self.string(key::MSG)
            .unwrap_or_else(|| reason_phrase(self.status))
    }

    /// When to retry: the `Retry-After` header's value if the error has one
    /// ([`with_retry_after`](Error::with_retry_after), `from_http_response`), else the body's
    /// `"retry-after"` seconds (an integer or a float; `null`, a negative or a non-number gives
    /// none).
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{RetryAfter, zulip};
    ///
    /// let body = br#"{"result":"error","msg":"API usage exceeded rate limit","retry-after":0.284,"code":"RATE_LIMIT_HIT"}"#;
    /// let error = zulip::Error::from_body(429, body);
    /// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_millis(284))));
    ///
    /// let body = br#"{"result":"error","msg":"Rate limit","retry-after":null,"code":"RATE_LIMIT_HIT"}"#;
    /// assert_eq!(zulip::Error::from_body(429, body).retry_after(), None);
    /// ```
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.header_retry_after.or_else(|| {
            self.get(key::RETRY_AFTER)
                .and_then(|value| crate::retry::json_delay(value, 1))
                .map(RetryAfter::Delay)
        })
    }

    /// The value of a key of the body, any key (`result`, `msg` and `code` too).
    ///
    /// ```
    /// use matrix_error::zulip;
    ///
    /// let body = br#"{"result":"error","msg":"Missing 'content' argument","var_name":"content","code":"REQUEST_VARIABLE_MISSING"}"#;
    /// let error = zulip::Error::from_body(400, body);
    /// assert_eq!(error.get("var_name").unwrap(), "content");
    /// assert_eq!(error.get("result").unwrap(), "error");
    /// ```
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.keys()
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// Every key of the body but `"result":"error"` and the `msg` and `code` that
    /// [`msg`](Error::msg) and [`code`](Error::code) give (a `msg` or `code` that is no string
    /// is among them), in the body's order: the error's own keys, `"retry-after"` included.
    ///
    /// ```
    /// use matrix_error::zulip;
    ///
    /// let body = br#"{"result":"error","msg":"Invalid 'stream_id'","var_name":"stream_id","bad_value":"x","code":"REQUEST_VARIABLE_INVALID"}"#;
    /// let error = zulip::Error::from_body(400, body);
    /// let keys: Vec<&str> = error.extra().map(|(key, _)| key).collect();
    /// assert_eq!(keys, ["var_name", "bad_value"]);
    /// ```
    pub fn extra(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.keys()
            .iter()
            .filter(|(key, value)| !is_envelope(key, value))
            .map(|(key, value)| (key.as_str(), value))
    }

    /// The body's keys; none for a body that was no JSON object.
    fn keys(&self) -> &[(String, Value)] {
        self.body.as_deref().unwrap_or_default()
    }

    /// A key's value where it is a string.
    fn string(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// The Matrix errcode of this error, by [`MATRIX_OF_CODE`] and [`MATRIX_OF_BAD_REQUEST`];
    /// `COM.ZULIP_<CODE>` for a code with no Matrix meaning. A `code` that is no Zulip code
    /// (not `[A-Z][A-Z0-9_]*`) counts as none; a body that is no JSON object is `M_UNKNOWN`.
    fn matrix_errcode(&self) -> String {
        if self.body.is_none() {
            return M_UNKNOWN.to_owned();
        }
        let code = self
            .string(key::CODE)
            .filter(|code| is_code(code))
            .unwrap_or(BAD_REQUEST);
        if code == BAD_REQUEST {
            return MATRIX_OF_BAD_REQUEST
                .iter()
                .find(|(status, _)| *status == self.status)
                .map_or(M_UNKNOWN, |(_, errcode)| errcode)
                .to_owned();
        }
        match MATRIX_OF_CODE.iter().find(|(zulip, _)| *zulip == code) {
            Some((_, errcode)) => (*errcode).to_owned(),
            None => format!("{NAMESPACE}{code}"),
        }
    }
}

/// `"result":"error"`, or a string `msg` or `code`: the keys every Zulip error has, which
/// [`Error::extra`] and the Matrix meaning leave out.
fn is_envelope(name: &str, value: &Value) -> bool {
    match name {
        key::RESULT => value == "error",
        key::MSG | key::CODE => value.is_string(),
        _ => false,
    }
}

/// The body written for an error whose body was no JSON object: Zulip's generic error.
fn generic_body(status: u16) -> Vec<(String, Value)> {
    vec![
        (key::RESULT.to_owned(), Value::from("error")),
        (key::MSG.to_owned(), Value::from(reason_phrase(status))),
        (key::CODE.to_owned(), Value::from(BAD_REQUEST)),
    ]
}

/// The body as it came, every key in its order (the keys of an object nested in a value in
/// `serde_json::Map`'s order); for a body that was no JSON object, Zulip's
/// generic error with the status's reason phrase,
/// `{"result":"error","msg":"Bad Gateway","code":"BAD_REQUEST"}`.
///
/// ```
/// use matrix_error::zulip;
///
/// let body = br#"{"result":"error","msg":"API usage exceeded rate limit","code":"RATE_LIMIT_HIT","retry-after":28.706807374954224}"#;
/// let error = zulip::Error::from_body(429, body);
/// assert_eq!(serde_json::to_vec(&error).unwrap(), body);
///
/// let error = zulip::Error::from_body(502, b"<html>Bad Gateway</html>");
/// assert_eq!(
///     serde_json::to_string(&error).unwrap(),
///     r#"{"result":"error","msg":"Bad Gateway","code":"BAD_REQUEST"}"#
/// );
/// ```
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let generic;
        let keys = match &self.body {
            Some(keys) => keys,
            None => {
                generic = generic_body(self.status);
                &generic
            }
        };
        let mut map = serializer.serialize_map(Some(keys.len()))?;
        for (name, value) in keys {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// `RATE_LIMIT_HIT (429): API usage exceeded rate limit`.
///
/// ```
/// use matrix_error::zulip;
///
/// let body = br#"{"result":"error","msg":"Invalid API key","code":"INVALID_API_KEY"}"#;
/// let error = zulip::Error::from_body(401, body);
/// assert_eq!(error.to_string(), "INVALID_API_KEY (401): Invalid API key");
/// ```
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code(), self.status, self.msg())
    }
}

impl std::error::Error for Error {}

/// The Matrix meaning of a Zulip error (DIALECTS.md, "Reading back"): the errcode by the
/// code, and for `BAD_REQUEST` (or no code) by the status (403 `M_FORBIDDEN`, 404
/// `M_NOT_FOUND`, 405 `M_UNRECOGNIZED`, 429 `M_LIMIT_EXCEEDED`, else `M_UNKNOWN`); a code
/// with no Matrix meaning keeps its identity as `COM.ZULIP_<CODE>`. The status is always
/// kept, `msg` becomes the message, and every other key but `"result":"error"` stays as an extra key (a `code` that
/// is no Zulip code, not `[A-Z][A-Z0-9_]*`, too);
/// a `RATE_LIMIT_HIT` keeps its delay as the kind's `retry_after` (its `"retry-after"` key
/// then goes). A body that was no JSON object gives `M_UNKNOWN` with the status and its
/// reason phrase.
///
/// ```
/// use std::time::Duration;
/// use matrix_error::{Category, ErrorKind, MatrixError, RetryAfter, zulip};
///
/// let body = br#"{"result":"error","msg":"API usage exceeded rate limit","retry-after":2.5,"code":"RATE_LIMIT_HIT"}"#;
/// let error = matrix_error::Error::from(zulip::Error::from_body(429, body));
/// assert_eq!(
///     error.kind(),
///     &ErrorKind::LimitExceeded { retry_after: Some(RetryAfter::Delay(Duration::from_millis(2500))) }
/// );
/// assert!(error.is_retryable());
///
/// let body = br#"{"result":"error","msg":"Missing 'to' argument","var_name":"to","code":"REQUEST_VARIABLE_MISSING"}"#;
/// let error = matrix_error::Error::from(zulip::Error::from_body(400, body));
/// assert_eq!(
///     serde_json::to_string(&error).unwrap(),
///     r#"{"errcode":"M_MISSING_PARAM","error":"Missing 'to' argument","var_name":"to"}"#
/// );
///
/// // Access denied: BAD_REQUEST with 403.
/// let body = br#"{"result":"error","msg":"Access denied","code":"BAD_REQUEST"}"#;
/// let error = matrix_error::Error::from(zulip::Error::from_body(403, body));
/// assert_eq!((error.errcode(), error.category()), ("M_FORBIDDEN", Category::Forbidden));
/// ```
impl From<Error> for crate::Error {
    fn from(error: Error) -> crate::Error {
        let errcode = error.matrix_errcode();
        let retry_after = error.retry_after();
        let status = error.status;
        let rate_limit = error.code() == RATE_LIMIT_HIT;
        let mut message = None;
        let mut extra = Map::new();
        for (name, value) in error.body.into_iter().flatten() {
            match name.as_str() {
                _ if !is_envelope(&name, &value) => {}
                key::MSG => {
                    message = value.as_str().map(str::to_owned);
                    continue;
                }
                // A code with no place in an errcode stays a key.
                key::CODE if !value.as_str().is_some_and(is_code) => {}
                _ => continue,
            }
            // The delay, which the kind holds.
            if rate_limit && name == key::RETRY_AFTER && (value.is_number() || value.is_null()) {
                continue;
            }
            extra.insert(name, value);
        }
        let message = message.unwrap_or_else(|| reason_phrase(status).to_owned());
        crate::Error::from_dialect(status, &errcode, message, extra, retry_after)
    }
}

/// What a Zulip server sends for a Matrix error, for a bridge answering its Zulip clients: the
/// status [`zulip::status`](super::status) gives (500 for one that is no error status), the
/// body [`zulip::Body`](super::Body) writes, and the error's retry (a delay or a date) as the
/// `Retry-After` a Zulip server sends beside it. So a Zulip error read into Matrix and
/// converted back gives its code again: the codes with a Matrix meaning by the serving mapping,
/// the others through their `COM.ZULIP_<CODE>` errcode.
///
/// ```
/// use std::time::Duration;
/// use matrix_error::{Error, ErrorKind, RetryAfter, zulip};
///
/// let error = Error::new(ErrorKind::LimitExceeded { retry_after: Some(RetryAfter::Delay(Duration::from_secs(3))) }, "slow down");
/// let body = serde_json::to_string(&zulip::Body(&error)).unwrap();
/// let zulip = zulip::Error::from(error);
/// assert_eq!((zulip.status(), zulip.code()), (429, "RATE_LIMIT_HIT"));
/// assert_eq!(zulip.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(3))));
/// assert_eq!(serde_json::to_string(&zulip).unwrap(), body);
/// assert_eq!(body, r#"{"result":"error","msg":"slow down","code":"RATE_LIMIT_HIT","retry-after":3.0}"#);
///
/// // A Zulip code with no Matrix meaning comes back as it was.
/// let sent = br#"{"result":"error","msg":"Invalid narrow operator: unknown operator","code":"BAD_NARROW"}"#;
/// let matrix = Error::from(zulip::Error::from_body(400, sent));
/// assert_eq!(matrix.errcode(), "COM.ZULIP_BAD_NARROW");
/// let again = zulip::Error::from(matrix);
/// assert_eq!((again.status(), again.code()), (400, "BAD_NARROW"));
/// assert_eq!(serde_json::to_vec(&again).unwrap(), sent);
/// ```
impl From<crate::Error> for Error {
    fn from(error: crate::Error) -> Error {
        // `Body` of an owned `Error` cannot fail: its keys are JSON values already.
        let body = serde_json::to_vec(&super::Body(&error)).ok();
        Error {
            status: crate::dialect::error_status(super::status(&error)),
            body: body.as_deref().and_then(read_object_in_order),
            header_retry_after: error.retry_after(),
        }
    }
}

#[cfg(feature = "http")]
impl Error {
    /// Reads the error of a response as a client receives it: [`from_body`](Error::from_body)
    /// with the `Retry-After` header (seconds or an HTTP date; a value that is neither is
    /// ignored), which wins over the body's `"retry-after"`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{RetryAfter, zulip};
    ///
    /// let response = http::Response::builder()
    ///     .status(429)
    ///     .header("retry-after", "29")
    ///     .body(r#"{"result":"error","msg":"API usage exceeded rate limit","retry-after":28.706807374954224,"code":"RATE_LIMIT_HIT"}"#)
    ///     .unwrap();
    /// let error = zulip::Error::from_http_response(&response);
    /// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(29))));
    /// ```
    pub fn from_http_response<B: AsRef<[u8]>>(response: &::http::Response<B>) -> Error {
        let mut error = Error::from_body(response.status().as_u16(), response.body().as_ref());
        error.header_retry_after = crate::http::retry_after_header(response.headers());
        error
    }
}
