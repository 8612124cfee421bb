//! [`Error`]: an error a Mastodon server (or its OAuth endpoints) answered, read without losing
//! a key, written back as it came, and its Matrix meaning (`From<Error> for
//! matrix_error::Error`, by the "Reading back" table of the dialects' spec, kept once below as
//! data).

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::key;
use crate::RetryAfter;
// The namespace an OAuth error takes in Matrix (`invalid_grant` reads as
// `ORG.IETF.OAUTH_INVALID_GRANT`): the same constant as serving.
use crate::dialect::{M_UNKNOWN, OAUTH_NAMESPACE};
use crate::read::{read_object_in_order, reason_phrase};

#[cfg(feature = "http")]
mod reset;

/// The OAuth error codes (RFC 6749 sections 4.1.2.1 and 5.2, RFC 6750 section 3.1, and
/// Doorkeeper's own), read from the project's one table (`oauth-codes.tsv`, which the derive
/// checks `mastodon(oauth = "...")` against) through the derive: an `error` that is one of
/// them makes an OAuth body even without `error_description`. Any other `[a-z_]+` code does
/// when `error_description` is a string.
const OAUTH_CODES: &[&str] = matrix_error_derive::__oauth_codes!();

/// How the text decides among the errcodes of one status.
#[derive(Clone, Copy)]
enum Text {
    /// Any text, or none.
    Any,
    /// Exactly this text.
    Is(&'static str),
    /// A text that starts with this.
    StartsWith(&'static str),
}

impl Text {
    fn matches(self, text: Option<&str>) -> bool {
        match self {
            Text::Any => true,
            Text::Is(expected) => text == Some(expected),
            Text::StartsWith(prefix) => text.is_some_and(|text| text.starts_with(prefix)),
        }
    }
}

/// Reading back, the Matrix errcode of a Mastodon error that is no OAuth error, by status and
/// then text (DIALECTS.md, "Reading back"; Mastodon has no codes): the first row whose status
/// range holds the status and whose text matches; [`M_UNKNOWN`] when none does.
const MATRIX_OF_STATUS: &[(u16, u16, Text, &str)] = &[
    (
        400,
        400,
        Text::StartsWith("param is missing"),
        "M_MISSING_PARAM",
    ),
    (
        400,
        400,
        Text::StartsWith("Missing required parameter"),
        "M_MISSING_PARAM",
    ),
    (400, 400, Text::Any, "M_INVALID_PARAM"),
    (
        401,
        401,
        Text::Is("This method requires an authenticated user"),
        "M_MISSING_TOKEN",
    ),
    (401, 401, Text::Any, "M_UNKNOWN_TOKEN"),
    (
        403,
        403,
        Text::Is("Your login is currently disabled"),
        "M_USER_DEACTIVATED",
    ),
    (403, 403, Text::Any, "M_FORBIDDEN"),
    (404, 404, Text::Is("Not Found"), "M_UNRECOGNIZED"),
    (404, 404, Text::Any, "M_NOT_FOUND"),
    (409, 409, Text::Any, "M_BAD_STATE"),
    (410, 410, Text::Any, "M_NOT_FOUND"),
    (422, 422, Text::Any, "M_INVALID_PARAM"),
    (429, 429, Text::Any, "M_LIMIT_EXCEEDED"),
    (500, 599, Text::Any, M_UNKNOWN),
];

/// The shape of a Mastodon error body, which [`Error`] keeps so that writing it back gives
/// the same JSON.
///
/// ```
/// use matrix_error::mastodon::{Error, Shape};
///
/// let shape = |status, body: &[u8]| Error::from_body(status, body).shape();
/// assert_eq!(shape(404, br#"{"error":"Record not found"}"#), Shape::Plain);
/// assert_eq!(shape(400, br#"{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}"#), Shape::OAuth);
/// assert_eq!(shape(422, br#"{"error":{"error":"Validation failed: Name is too long","details":{}}}"#), Shape::Nested);
/// assert_eq!(shape(400, b"{}"), Shape::Other);
/// assert_eq!(shape(502, b"<html>Bad Gateway</html>"), Shape::NotJson);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Shape {
    /// `{"error": "<text>", ...}`: most errors; a validation failure (422) adds `details`.
    Plain,
    /// An OAuth error, as Doorkeeper answers on `/oauth/*` (and as RFC 6749 fixes):
    /// `{"error": "<code>", "error_description": "<text>", ...}`, `error` one of the OAuth codes
    /// or any `[a-z_]+` beside a string `error_description`.
    OAuth,
    /// `{"error": {"error": "<text>", "details": {...}}, ...}`: the nested form one newer
    /// endpoint (collections) answers with.
    Nested,
    /// A JSON object of another shape (`{}`, no string `error`): only the status says what
    /// the error is.
    Other,
    /// No JSON object (a proxy's HTML page, an empty body, text): only the status.
    NotJson,
}

/// An error a Mastodon server answered: its status and its body, every key kept in the order
/// it came, and the body's [`Shape`].
///
/// Mastodon has no error codes: the status says what failed, and the body is
/// `{"error":"<text>"}`, plus `details` on a validation failure, an OAuth error's
/// `error_description`, or the nested form `{"error":{"error":...,"details":...}}`.
/// [`from_body`](Error::from_body) reads any response and never fails; [`Serialize`] writes
/// the body as it came, so a bridge can pass a Mastodon error on unchanged.
///
/// Its Matrix meaning is `matrix_error::Error::from(error)`: by the status, refined by the
/// text, the status kept; an OAuth error reads as `ORG.IETF.OAUTH_<CODE>`.
///
/// Matrix's own OAuth 2.0 API (the next-generation authentication of Matrix 1.15) answers
/// with the same RFC 6749 bodies as Mastodon's OAuth endpoints, so `from_body` reads those
/// too, and gives the same `ORG.IETF.OAUTH_<CODE>` meaning.
///
/// ```
/// use matrix_error::{Category, MatrixError, mastodon};
///
/// let body = br#"{"error":"invalid_grant","error_description":"The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}"#;
/// let error = mastodon::Error::from_body(400, body);
/// assert_eq!(error.shape(), mastodon::Shape::OAuth);
/// assert_eq!(error.error(), "invalid_grant");
/// assert_eq!(serde_json::to_vec(&error).unwrap(), body, "written back as it came");
///
/// let matrix = matrix_error::Error::from(error);
/// assert_eq!((matrix.errcode(), matrix.status()), ("ORG.IETF.OAUTH_INVALID_GRANT", 400));
/// assert!(matrix.message().starts_with("The provided authorization grant is invalid"));
/// assert_eq!(matrix.category(), Category::InvalidRequest);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    status: u16,
    /// The body's keys in order; `None` for a body that is no JSON object.
    body: Option<Vec<(String, Value)>>,
    /// What the body's keys make it, computed from them.
    shape: Shape,
    /// The `Retry-After` header's value, or the `X-RateLimit-Reset` time of a 429.
    header_retry_after: Option<RetryAfter>,
}

impl Error {
    /// Reads the error a Mastodon server answered with: its HTTP status and its body.
    ///
    /// Total: it never fails and never panics, and it loses no key.
    /// - A JSON object keeps every key, in order, with its value as sent (a key given twice:
    ///   its first place, its last value), and gives its [`Shape`]: plain, OAuth, nested, or
    ///   another object (`{}`), which only the status describes.
    /// - Anything else (HTML, an empty body, text, JSON that is no object) keeps the status,
    ///   with the status's reason phrase as [`error`](Error::error).
    /// - Invalid UTF-8 is read with U+FFFD in place of the bad bytes.
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let body = br#"{"error":"Validation failed: Username has already been taken","details":{"username":[{"error":"ERR_TAKEN","description":"has already been taken"}]}}"#;
    /// let error = mastodon::Error::from_body(422, body);
    /// assert_eq!(error.error(), "Validation failed: Username has already been taken");
    /// assert_eq!(error.details().unwrap()["username"][0]["error"], "ERR_TAKEN");
    ///
    /// let body = br#"{"error":{"error":"Validation failed: Name is too long (maximum is 40 characters)","details":{"name":[{"error":"ERR_TOO_LONG","description":"is too long (maximum is 40 characters)"}]}}}"#;
    /// let error = mastodon::Error::from_body(422, body);
    /// assert_eq!(error.error(), "Validation failed: Name is too long (maximum is 40 characters)");
    /// assert_eq!(error.details().unwrap()["name"][0]["error"], "ERR_TOO_LONG");
    /// // The same JSON back (inside the nested object, in `serde_json::Map`'s key order).
    /// let json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
    /// assert_eq!(json(&serde_json::to_vec(&error).unwrap()), json(body));
    ///
    /// let error = mastodon::Error::from_body(504, b"");
    /// assert_eq!((error.status(), error.error()), (504, "Gateway Timeout"));
    /// ```
    pub fn from_body(status: u16, body: &[u8]) -> Error {
        Error::of_keys(status, read_object_in_order(body))
    }

    fn of_keys(status: u16, body: Option<Vec<(String, Value)>>) -> Error {
        let shape = body.as_deref().map_or(Shape::NotJson, shape_of);
        Error {
            status,
            body,
            shape,
            header_retry_after: None,
        }
    }

    /// A Mastodon error, `{"error":error}`, as a Mastodon server would send it.
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let error = mastodon::Error::new(404, "Record not found");
    /// assert_eq!(serde_json::to_string(&error).unwrap(), r#"{"error":"Record not found"}"#);
    /// ```
    pub fn new(status: u16, error: impl Into<String>) -> Error {
        Error::of_keys(
            status,
            Some(vec![(key::ERROR.to_owned(), Value::String(error.into()))]),
        )
    }

    /// An OAuth error, `{"error":code,"error_description":description}`, as Doorkeeper sends
    /// it (with 400; `invalid_client` with 401).
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let error = mastodon::Error::oauth(400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.");
    /// assert_eq!(error.shape(), mastodon::Shape::OAuth);
    /// assert_eq!(
    ///     serde_json::to_string(&error).unwrap(),
    ///     r#"{"error":"invalid_scope","error_description":"The requested scope is invalid, unknown, or malformed."}"#
    /// );
    /// ```
    pub fn oauth(status: u16, code: impl Into<String>, description: impl Into<String>) -> Error {
        Error::of_keys(
            status,
            Some(vec![
                (key::ERROR.to_owned(), Value::String(code.into())),
                (
                    key::ERROR_DESCRIPTION.to_owned(),
                    Value::String(description.into()),
                ),
            ]),
        )
    }

    /// The same error with a key of the body set: a key the body has keeps its place, a new
    /// one goes last. A body that was no JSON object becomes `{"error":<reason phrase>}`
    /// first.
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let details = serde_json::json!({ "username": [{ "error": "ERR_TAKEN", "description": "has already been taken" }] });
    /// let error = mastodon::Error::new(422, "Validation failed: Username has already been taken")
    ///     .with_key("details", details);
    /// assert_eq!(error.details().unwrap()["username"][0]["error"], "ERR_TAKEN");
    /// ```
    #[must_use]
    pub fn with_key(self, name: impl Into<String>, value: impl Into<Value>) -> Error {
        let (name, value) = (name.into(), value.into());
        let status = self.status;
        let header_retry_after = self.header_retry_after;
        let mut keys = self
            .body
            .unwrap_or_else(|| vec![(key::ERROR.to_owned(), Value::from(reason_phrase(status)))]);
        match keys.iter_mut().find(|(key, _)| *key == name) {
            Some(slot) => slot.1 = value,
            None => keys.push((name, value)),
        }
        Error {
            header_retry_after,
            ..Error::of_keys(status, Some(keys))
        }
    }

    /// The same error with a `Retry-After` value, such as the header of the response it came
    /// from (Mastodon's bodies carry none).
    ///
    /// ```
    /// use std::time::Duration;
    /// use matrix_error::{RetryAfter, mastodon};
    ///
    /// let error = mastodon::Error::from_body(429, br#"{"error":"Too many requests"}"#)
    ///     .with_retry_after(RetryAfter::Delay(Duration::from_secs(300)));
    /// assert_eq!(error.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(300))));
    /// ```
    #[must_use]
    pub fn with_retry_after(mut self, retry_after: RetryAfter) -> Error {
        self.header_retry_after = Some(retry_after);
        self
    }

    /// The HTTP status of the response: with Mastodon, the main signal.
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// assert_eq!(mastodon::Error::from_body(410, br#"{"error":"Gone"}"#).status(), 410);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body's shape.
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let error = mastodon::Error::from_body(401, br#"{"error":"The access token is invalid"}"#);
    /// assert_eq!(error.shape(), mastodon::Shape::Plain);
    /// ```
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// The `error` text; an OAuth error's code (`invalid_grant`); in the nested form, the
    /// inner `error`; for a body of another shape or no JSON, the status's reason phrase.
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let error = mastodon::Error::from_body(403, br#"{"error":"This action is not allowed"}"#);
    /// assert_eq!(error.error(), "This action is not allowed");
    /// assert_eq!(mastodon::Error::from_body(403, b"{}").error(), "Forbidden");
    /// ```
    pub fn error(&self) -> &str {
        let text = match self.shape {
            Shape::Plain | Shape::OAuth => self.get(key::ERROR).and_then(Value::as_str),
            Shape::Nested => self
                .get(key::ERROR)
                .and_then(|inner| inner.get(key::ERROR))
                .and_then(Value::as_str),
            Shape::Other | Shape::NotJson => None,
        };
        text.unwrap_or_else(|| reason_phrase(self.status))
    }

    /// The body's string `error_description`: an OAuth error's text.
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let body = br#"{"error":"invalid_client","error_description":"Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."}"#;
    /// let error = mastodon::Error::from_body(401, body);
    /// assert!(error.error_description().unwrap().starts_with("Client authentication failed"));
    /// ```
    pub fn error_description(&self) -> Option<&str> {
        self.get(key::ERROR_DESCRIPTION).and_then(Value::as_str)
    }

    /// A validation failure's `details` (by attribute, a list of `{"error":"ERR_...",
    /// "description":...}`); in the nested form, the inner object's.
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let body = br#"{"error":"Validation failed: Password can't be blank","details":{"password":[{"error":"ERR_BLANK","description":"can't be blank"}]}}"#;
    /// let error = mastodon::Error::from_body(422, body);
    /// assert_eq!(error.details().unwrap()["password"][0]["error"], "ERR_BLANK");
    /// ```
    pub fn details(&self) -> Option<&Value> {
        match self.shape {
            Shape::Nested => self
                .get(key::ERROR)
                .and_then(|inner| inner.get(key::DETAILS)),
            _ => self.get(key::DETAILS),
        }
    }

    /// When to retry: the `Retry-After` header's value, or a 429's `X-RateLimit-Reset` time
    /// (read by `from_http_response`, or given with
    /// [`with_retry_after`](Error::with_retry_after)).
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// assert_eq!(mastodon::Error::from_body(429, br#"{"error":"Too many requests"}"#).retry_after(), None);
    /// ```
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.header_retry_after
    }

    /// The value of a key of the body, any key (`error` too).
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let body = br#"{"error":"invalid_request","error_description":"Missing required parameter: code.","state":"xyz"}"#;
    /// let error = mastodon::Error::from_body(400, body);
    /// assert_eq!(error.get("state").unwrap(), "xyz");
    /// ```
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.keys()
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// Every key of the body but those [`error`](Error::error),
    /// [`error_description`](Error::error_description) and [`details`](Error::details) give,
    /// in the body's order (an OAuth error's `state` and `iss`, any other key).
    ///
    /// ```
    /// use matrix_error::mastodon;
    ///
    /// let body = br#"{"error":"You have already imposed stricter limits on example.com.","existing_domain_block":{"id":"1","domain":"example.com"}}"#;
    /// let error = mastodon::Error::from_body(422, body);
    /// let keys: Vec<&str> = error.extra().map(|(key, _)| key).collect();
    /// assert_eq!(keys, ["existing_domain_block"]);
    /// ```
    pub fn extra(&self) -> impl Iterator<Item = (&str, &Value)> {
        let shape = self.shape;
        self.keys()
            .iter()
            .filter(move |(key, value)| !is_read(shape, key, value))
            .map(|(key, value)| (key.as_str(), value))
    }

    /// The body's keys; none for a body that was no JSON object.
    fn keys(&self) -> &[(String, Value)] {
        self.body.as_deref().unwrap_or_default()
    }

    /// The Matrix errcode of this error: `ORG.IETF.OAUTH_<CODE>` for an OAuth error, else by
    /// [`MATRIX_OF_STATUS`]; `M_UNKNOWN` for a body that is no JSON object.
    fn matrix_errcode(&self) -> String {
        let text = match self.shape {
            Shape::OAuth => {
                return format!("{OAUTH_NAMESPACE}{}", self.error().to_ascii_uppercase());
            }
            Shape::NotJson => return M_UNKNOWN.to_owned(),
            Shape::Plain | Shape::Nested => Some(self.error()),
            Shape::Other => None,
        };
        MATRIX_OF_STATUS
            .iter()
            .find(|(low, high, rule, _)| {
                (*low..=*high).contains(&self.status) && rule.matches(text)
            })
            .map_or(M_UNKNOWN, |(.., errcode)| errcode)
            .to_owned()
    }

    /// The Matrix message: the text ([`error`](Error::error)), an OAuth error's
    /// `error_description`, else the status's reason phrase.
    fn matrix_message(&self) -> String {
        match self.shape {
            Shape::OAuth => self
                .error_description()
                .unwrap_or_else(|| reason_phrase(self.status)),
            _ => self.error(),
        }
        .to_owned()
    }
}

/// What a body's keys make it.
fn shape_of(keys: &[(String, Value)]) -> Shape {
    let error = keys
        .iter()
        .find(|(key, _)| key == key::ERROR)
        .map(|(_, value)| value);
    let description = keys
        .iter()
        .find(|(key, _)| key == key::ERROR_DESCRIPTION)
        .map(|(_, value)| value);
    match error {
        Some(Value::String(code)) if is_oauth(code, description.is_some_and(Value::is_string)) => {
            Shape::OAuth
        }
        Some(Value::String(_)) => Shape::Plain,
        Some(Value::Object(inner)) if inner.get(key::ERROR).is_some_and(Value::is_string) => {
            Shape::Nested
        }
        _ => Shape::Other,
    }
}

/// An OAuth error's code: one of [`OAUTH_CODES`], or any `[a-z_]+` beside a string
/// `error_description`.
fn is_oauth(code: &str, described: bool) -> bool {
    OAUTH_CODES.contains(&code)
        || (described
            && !code.is_empty()
            && code
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte == b'_'))
}

/// Whether a key is one [`Error::error`], [`Error::error_description`] or [`Error::details`]
/// gives.
fn is_read(shape: Shape, name: &str, value: &Value) -> bool {
    match name {
        key::ERROR => matches!(shape, Shape::Plain | Shape::OAuth | Shape::Nested),
        key::ERROR_DESCRIPTION => value.is_string(),
        key::DETAILS => shape != Shape::Nested,
        _ => false,
    }
}

/// The body as it came, every key in its order (the keys of an object nested in a value, such
/// as `details`, in `serde_json::Map`'s order); for a body that was no JSON object,
/// `{"error":"<the status's reason phrase>"}`.
///
/// ```
/// use matrix_error::mastodon;
///
/// let body = br#"{"error":"invalid_request","error_description":"Missing required parameter: code.","state":"xyz"}"#;
/// let error = mastodon::Error::from_body(400, body);
/// assert_eq!(serde_json::to_vec(&error).unwrap(), body);
///
/// let error = mastodon::Error::from_body(502, b"<html>502 Bad Gateway</html>");
/// assert_eq!(serde_json::to_string(&error).unwrap(), r#"{"error":"Bad Gateway"}"#);
/// ```
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(keys) = &self.body else {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry(key::ERROR, reason_phrase(self.status))?;
            return map.end();
        };
        let mut map = serializer.serialize_map(Some(keys.len()))?;
        for (name, value) in keys {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// `404: Record not found`; an OAuth error `400 invalid_grant: <its description>`.
///
/// ```
/// use matrix_error::mastodon;
///
/// let error = mastodon::Error::from_body(404, br#"{"error":"Record not found"}"#);
/// assert_eq!(error.to_string(), "404: Record not found");
/// let error = mastodon::Error::oauth(400, "invalid_grant", "The provided authorization grant is invalid");
/// assert_eq!(error.to_string(), "400 invalid_grant: The provided authorization grant is invalid");
/// ```
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.shape, self.error_description()) {
            (Shape::OAuth, Some(description)) => {
                write!(f, "{} {}: {description}", self.status, self.error())
            }
            (Shape::OAuth, None) => write!(f, "{} {}", self.status, self.error()),
            _ => write!(f, "{}: {}", self.status, self.error()),
        }
    }
}

impl std::error::Error for Error {}

/// The Matrix meaning of a Mastodon error (DIALECTS.md, "Reading back"). Mastodon has no
/// codes: the status decides, refined by the text (400 `M_MISSING_PARAM` for a missing
/// parameter, else `M_INVALID_PARAM`; 401 `M_MISSING_TOKEN` for "This method requires an
/// authenticated user", else `M_UNKNOWN_TOKEN`; 403 `M_USER_DEACTIVATED` for "Your login is
/// currently disabled", else `M_FORBIDDEN`; 404 `M_UNRECOGNIZED` for "Not Found", else
/// `M_NOT_FOUND`; 409 `M_BAD_STATE`; 410 `M_NOT_FOUND`; 422 `M_INVALID_PARAM`; 429
/// `M_LIMIT_EXCEEDED` with the delay; any other `M_UNKNOWN`, which is retryable for a 5xx but
/// 501). An OAuth error reads as `ORG.IETF.OAUTH_<CODE>` with `error_description` as the
/// message. The status is always kept, the text becomes the message, and every other key
/// stays as an extra key (`details` included; the nested form's inner keys beside the outer
/// ones). A body that is no JSON object gives `M_UNKNOWN` with the status and its reason
/// phrase.
///
/// ```
/// use matrix_error::{Category, ErrorKind, MatrixError, mastodon};
///
/// let body = br#"{"error":"Validation failed: Username has already been taken","details":{"username":[{"error":"ERR_TAKEN","description":"has already been taken"}]}}"#;
/// let error = matrix_error::Error::from(mastodon::Error::from_body(422, body));
/// assert_eq!((error.errcode(), error.status()), ("M_INVALID_PARAM", 422));
/// assert_eq!(error.extra()["details"]["username"][0]["error"], "ERR_TAKEN");
///
/// let body = br#"{"error":"Remote data could not be fetched"}"#;
/// let error = matrix_error::Error::from(mastodon::Error::from_body(503, body));
/// assert_eq!((error.errcode(), error.status()), ("M_UNKNOWN", 503));
/// assert!(error.is_retryable());
/// assert_eq!(error.category(), Category::ServerFailure);
///
/// let error = matrix_error::Error::from(mastodon::Error::from_body(401, br#"{"error":"The access token is invalid"}"#));
/// assert!(matches!(error.kind(), ErrorKind::UnknownToken { .. }));
/// ```
impl From<Error> for crate::Error {
    fn from(error: Error) -> crate::Error {
        let errcode = error.matrix_errcode();
        let message = error.matrix_message();
        let retry_after = error.retry_after();
        let (status, shape) = (error.status, error.shape);
        let mut extra = Map::new();
        for (name, value) in error.body.into_iter().flatten() {
            let text = match shape {
                Shape::Plain | Shape::Nested => name == key::ERROR,
                Shape::OAuth => {
                    name == key::ERROR || (name == key::ERROR_DESCRIPTION && value.is_string())
                }
                Shape::Other | Shape::NotJson => false,
            };
            match value {
                // The nested form: the inner keys but the text, beside the outer ones.
                Value::Object(inner) if text && shape == Shape::Nested => {
                    for (name, value) in inner {
                        if name != key::ERROR {
                            extra.entry(name).or_insert(value);
                        }
                    }
                }
                _ if text => {}
                value => {
                    extra.insert(name, value);
                }
            }
        }
        crate::Error::from_dialect(status, &errcode, message, extra, retry_after)
    }
}

/// What a Mastodon server sends for a Matrix error, for a bridge answering its Mastodon
/// clients: the status [`mastodon::status`](super::status) gives (500 for one that is no error
/// status), the body [`mastodon::Body`](super::Body) writes, and the error's retry (a delay or
/// a date) as the `Retry-After` a Mastodon server sends beside it. An OAuth error read into
/// Matrix (`ORG.IETF.OAUTH_<CODE>`) and converted back gives its OAuth body again, the code in
/// lower case and its `error_description`.
///
/// ```
/// use matrix_error::{Error, ErrorKind, mastodon};
///
/// let error = Error::new(ErrorKind::InvalidParam, "Validation failed: Name is too long");
/// let body = serde_json::to_string(&mastodon::Body(&error)).unwrap();
/// let mastodon = mastodon::Error::from(error);
/// assert_eq!((mastodon.status(), mastodon.error()), (422, "Validation failed: Name is too long"));
/// assert_eq!(serde_json::to_string(&mastodon).unwrap(), body);
///
/// // An OAuth error comes back as it was.
/// let sent = br#"{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}"#;
/// let matrix = Error::from(mastodon::Error::from_body(400, sent));
/// assert_eq!(matrix.errcode(), "ORG.IETF.OAUTH_INVALID_GRANT");
/// let again = mastodon::Error::from(matrix);
/// assert_eq!((again.status(), again.shape()), (400, mastodon::Shape::OAuth));
/// assert_eq!(serde_json::to_vec(&again).unwrap(), sent);
/// ```
impl From<crate::Error> for Error {
    fn from(error: crate::Error) -> Error {
        // `Body` of an owned `Error` cannot fail: its keys are JSON values already.
        let body = serde_json::to_vec(&super::Body(&error)).ok();
        Error {
            header_retry_after: error.retry_after(),
            ..Error::of_keys(
                crate::dialect::error_status(super::status(&error)),
                body.as_deref().and_then(read_object_in_order),
            )
        }
    }
}

#[cfg(feature = "http")]
impl Error {
    /// Reads the error of a response as a client receives it: [`from_body`](Error::from_body)
    /// with the `Retry-After` header (seconds or an HTTP date), else, on a 429, Mastodon's
    /// `X-RateLimit-Reset` (an ISO 8601 time, `2026-12-01T12:00:00.000000Z`), as the time to
    /// retry at. A header that cannot be read is ignored; the clock is never read.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use matrix_error::{MatrixError, RetryAfter, mastodon};
    ///
    /// let response = http::Response::builder()
    ///     .status(429)
    ///     .header("x-ratelimit-limit", "300")
    ///     .header("x-ratelimit-remaining", "0")
    ///     .header("x-ratelimit-reset", "2026-12-01T12:00:00.000000Z")
    ///     .body(r#"{"error":"Too many requests"}"#)
    ///     .unwrap();
    /// let error = mastodon::Error::from_http_response(&response);
    /// let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_126_400);
    /// assert_eq!(error.retry_after(), Some(RetryAfter::DateTime(at)));
    ///
    /// // Its Matrix meaning keeps the time.
    /// let matrix = matrix_error::Error::from(error);
    /// assert_eq!(matrix.errcode(), "M_LIMIT_EXCEEDED");
    /// assert_eq!(matrix.retry_after(), Some(RetryAfter::DateTime(at)));
    /// ```
    pub fn from_http_response<B: AsRef<[u8]>>(response: &::http::Response<B>) -> Error {
        let status = response.status().as_u16();
        let mut error = Error::from_body(status, response.body().as_ref());
        let retry_after = crate::http::retry_after_header(response.headers());
        let reset = || {
            (response.headers())
                .get("x-ratelimit-reset")
                .and_then(|value| value.to_str().ok())
                .and_then(reset::parse_iso8601)
                .map(RetryAfter::DateTime)
        };
        error.header_retry_after = retry_after.or_else(|| (status == 429).then(reset).flatten());
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes come from the derive's table: RFC 6749's, RFC 6750's and Doorkeeper's, each a
    /// body of the OAuth shape even without `error_description`.
    #[test]
    fn oauth_codes_are_the_tables() {
        for code in [
            "invalid_grant",
            "invalid_client",
            "insufficient_scope",
            "invalid_redirect_uri",
        ] {
            assert!(OAUTH_CODES.contains(&code), "{code}");
        }
        assert!(OAUTH_CODES.len() >= 14);
        for code in OAUTH_CODES {
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{code}"
            );
            let body = format!(r#"{{"error":"{code}"}}"#);
            assert_eq!(
                Error::from_body(400, body.as_bytes()).shape(),
                Shape::OAuth,
                "{code}"
            );
        }
        assert_eq!(
            Error::from_body(400, br#"{"error":"not_a_code"}"#).shape(),
            Shape::Plain
        );
    }
}
