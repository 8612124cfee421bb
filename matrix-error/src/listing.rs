//! Every error a type can return, listed: for API docs, an OpenAPI generator or a docs site.
//!
//! `#[derive(MatrixError)]` gives the type an associated constant `ERRORS`, one
//! [`ErrorInfo`] per variant (one for a struct), in declaration order: the variant's name,
//! errcode, status, where the body's `error` text comes from, the extra keys of the body with
//! their Rust types, and the variant's doc comment. [`ErrorKind::ERRORS`](crate::ErrorKind::ERRORS)
//! is the reference of every standard code.
//!
//! [`markdown`] renders a listing as a table, [`json`] as a stable JSON document.
//!
//! ```
//! use matrix_error::MatrixError;
//! use matrix_error::listing::{self, MessageInfo};
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! #[matrix(namespace = "com.example.chat")]
//! pub enum ApiError {
//!     /// The user may not post in this room.
//!     #[error("you may not post in {room}")]
//!     #[matrix(errcode = "M_FORBIDDEN")]
//!     NotAllowed { room: String },
//!
//!     /// The user sent too many messages this month.
//!     #[error("quota of {limit} messages reached")]
//!     #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)]
//!     Quota { #[matrix(field)] limit: u32 },
//! }
//!
//! let quota = &ApiError::ERRORS[1];
//! assert_eq!(quota.variant, "Quota");
//! assert_eq!(quota.errcode, Some("COM.EXAMPLE.CHAT_QUOTA_EXCEEDED"));
//! assert_eq!(quota.status, Some(403));
//! assert_eq!(quota.message, MessageInfo::Display);
//! assert_eq!((quota.keys[0].name, quota.keys[0].rust_type), ("limit", "u32"));
//! assert_eq!(quota.description, "The user sent too many messages this month.");
//!
//! assert_eq!(listing::markdown(ApiError::ERRORS), "\
//! | variant | errcode | status | message | keys | description |
//! |---|---|---|---|---|---|
//! | `NotAllowed` | `M_FORBIDDEN` | 403 | Display text |  | The user may not post in this room. |
//! | `Quota` | `COM.EXAMPLE.CHAT_QUOTA_EXCEEDED` | 403 | Display text | `limit`: `u32` | The user sent too many messages this month. |
//! ");
//! let json: serde_json::Value = serde_json::from_str(&listing::json(ApiError::ERRORS)).unwrap();
//! assert_eq!(json["errors"][1]["keys"][0]["type"], "u32");
//! ```
//!
//! The constant is inherent, so it reads `ApiError::ERRORS`; on a generic type name the type
//! parameters, `Wrapper::<MyError>::ERRORS` (the listing does not depend on them). A type
//! that defines an associated item named `ERRORS` itself cannot derive `MatrixError`.

use std::fmt::Write as _;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::body::REDACTED;
use crate::dialect::Dialects;

/// One variant of a derived error type (for a struct, the struct): what a client can receive.
///
/// Read it from the `ERRORS` constant that `#[derive(MatrixError)]` generates; only the derive
/// makes one. New fields may be added, so it is `#[non_exhaustive]`.
///
/// ```
/// use matrix_error::MatrixError;
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// enum ProxyError {
///     /// The upstream server's error, passed on as it is.
///     #[error("upstream: {code}")]
///     #[matrix(status = 502, expose)]
///     Upstream { #[matrix(errcode)] code: String },
///
///     /// Any standard error.
///     #[error(transparent)]
///     #[matrix(transparent)]
///     Standard(matrix_error::Error),
/// }
///
/// let [upstream, standard] = ProxyError::ERRORS else { unreachable!() };
/// assert_eq!(upstream.errcode, None, "set at run time, by the `code` field");
/// assert_eq!(upstream.status, Some(502));
/// assert_eq!(standard.inner, Some("matrix_error::Error"));
/// assert_eq!((standard.errcode, standard.status), (None, None));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ErrorInfo {
    /// The variant's name, `NotAllowed`; for a struct, the struct's name.
    pub variant: &'static str,
    /// The errcode, namespace applied (`COM.EXAMPLE.CHAT_QUOTA_EXCEEDED`); `None` when it is
    /// set at run time: by a `#[matrix(errcode)]` field, or by the inner error of a
    /// `transparent` variant.
    pub errcode: Option<&'static str>,
    /// The HTTP status, with the spec's default for the code where none is written; `None`
    /// when it is set at run time (a `#[matrix(status)]` field, a `transparent` variant).
    ///
    /// For [`ErrorKind`](crate::ErrorKind), the status [`Error::new`](crate::Error::new)
    /// gives, which [`Error::with_status`](crate::Error::with_status) can change.
    pub status: Option<u16>,
    /// Where the body's `error` text comes from.
    pub message: MessageInfo,
    /// The body's keys beyond `errcode` and `error`, in the order they are written.
    pub keys: &'static [KeyInfo],
    /// For a `transparent` variant, the type of the inner error as written
    /// (`matrix_error::Error`), which gives the errcode, status, message and keys.
    pub inner: Option<&'static str>,
    /// The variant's doc comment (Markdown as written, lines joined with `\n`, common
    /// indentation and surrounding blank lines removed); empty without one. Doc attributes
    /// that are no string literal (`#[doc = include_str!(...)]`) are left out.
    pub description: &'static str,
    /// The variant's dialect keys (`zulip(...)`, `mastodon(...)`), read by
    /// [`zulip`](ErrorInfo::zulip) and [`mastodon_status`](ErrorInfo::mastodon_status).
    dialects: Option<&'static Dialects>,
}

impl ErrorInfo {
    /// The variant's Zulip `code` and status ([`zulip`](crate::zulip)'s rule: its keys over
    /// the code table's mapping); `None` when its errcode or status is set at run time.
    ///
    /// ```
    /// use matrix_error::MatrixError;
    ///
    /// #[derive(Debug, thiserror::Error, MatrixError)]
    /// enum ApiError {
    ///     #[error("slow down")]
    ///     #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    ///     Slow,
    ///     #[error("taken")]
    ///     #[matrix(errcode = "M_USER_IN_USE", mastodon(status = 409))]
    ///     Taken,
    /// }
    ///
    /// let [slow, taken] = ApiError::ERRORS else { unreachable!() };
    /// assert_eq!(slow.zulip(), Some(("RATE_LIMIT_HIT", 429)));
    /// assert_eq!(slow.mastodon_status(), Some(429));
    /// assert_eq!(taken.zulip(), Some(("BAD_REQUEST", 400)));
    /// assert_eq!(taken.mastodon_status(), Some(409));
    /// ```
    pub fn zulip(&self) -> Option<(&'static str, u16)> {
        Some(crate::zulip::resolve(
            self.errcode?,
            self.status?,
            self.dialects,
        ))
    }

    /// The variant's status in Mastodon's dialect ([`mastodon`](crate::mastodon)'s rule);
    /// `None` when its errcode or status is set at run time.
    pub fn mastodon_status(&self) -> Option<u16> {
        Some(crate::mastodon::resolve_status(
            self.errcode?,
            self.status?,
            self.dialects,
        ))
    }
}

/// Where the body's `error` text of a variant comes from.
///
/// ```
/// use matrix_error::MatrixError;
/// use matrix_error::listing::MessageInfo;
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// enum ApiError {
///     #[error("database: {0}")]
///     #[matrix(errcode = "M_UNKNOWN", status = 500)]
///     Db(String),
///     #[error("not here")]
///     #[matrix(errcode = "M_NOT_FOUND", message = "no room {room}")]
///     NoRoom { room: String },
/// }
///
/// assert_eq!(ApiError::ERRORS[0].message, MessageInfo::Redacted);
/// assert_eq!(ApiError::ERRORS[1].message, MessageInfo::Template("no room {room}"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageInfo {
    /// The `Display` text of the error.
    Display,
    /// Always `Internal server error`: a 5xx variant without `expose` or `message`.
    Redacted,
    /// The variant's `message = "..."` template as written; `{field}` is the field's value.
    Template(&'static str),
    /// The status is set at run time: the `Display` text below 500, else
    /// `Internal server error`. (With `expose`, the variant is [`Display`](Self::Display).)
    DisplayUnless5xx,
    /// A `transparent` variant: the inner error's message.
    Inner,
}

/// One key of the body beyond `errcode` and `error`.
///
/// ```
/// use matrix_error::MatrixError;
/// use matrix_error::listing::KeyKind;
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// #[error("slow down")]
/// #[matrix(errcode = "M_LIMIT_EXCEEDED", extra(hard = true))]
/// struct Slow {
///     #[matrix(retry_after)]
///     wait: std::time::Duration,
/// }
///
/// let keys: Vec<_> = Slow::ERRORS[0].keys.iter().map(|key| (key.name, key.rust_type, key.kind)).collect();
/// assert_eq!(keys, [
///     ("retry_after_ms", "std::time::Duration", KeyKind::RetryAfterMs),
///     ("hard", "bool", KeyKind::Constant("true")),
/// ]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct KeyInfo {
    /// The JSON key; for a flattened field, which adds keys of its own, the field's name.
    pub name: &'static str,
    /// The Rust type as written (`Option<String>`, `std::time::Duration`); for a constant,
    /// the type of its literal (`bool`, `&str`, `i32`, `f64`, or the literal's suffix).
    pub rust_type: &'static str,
    /// How the key gets its value.
    pub kind: KeyKind,
}

/// How a key of the body gets its value.
///
/// ```
/// use matrix_error::MatrixError;
/// use matrix_error::listing::KeyKind;
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// #[error("proxied")]
/// #[matrix(status = 502, expose)]
/// struct Proxied {
///     #[matrix(errcode)]
///     code: String,
///     #[matrix(field = "server")]
///     origin: Option<String>,
///     #[matrix(flatten)]
///     rest: serde_json::Map<String, serde_json::Value>,
/// }
///
/// let kinds: Vec<_> = Proxied::ERRORS[0].keys.iter().map(|key| (key.name, key.kind)).collect();
/// assert_eq!(kinds, [("server", KeyKind::Field), ("rest", KeyKind::Flatten)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// A `#[matrix(field)]`: the field's value; left out when it is `None`.
    Field,
    /// `retry_after_ms` from a `#[matrix(retry_after)]` field: the delay in milliseconds,
    /// sent when the field holds a delay (a date goes to the `Retry-After` header only).
    RetryAfterMs,
    /// An `extra(key = value)` constant, always sent; the value as JSON text (`true`,
    /// `"text"`, `3`).
    Constant(&'static str),
    /// A `#[matrix(flatten)]` field: a map or struct whose keys are merged into the body.
    Flatten,
    /// A `#[matrix(kind)]` field: a Matrix error kind (`ErrorKind`) whose keys, set at run
    /// time, follow the variant's own (a key the variant writes itself is left out).
    Kind,
}

/// What the derive's `ERRORS` constant is built with (through `__private::listing`): an
/// entry and its keys, from plain values. Not a public interface.
pub(crate) mod build {
    use super::{Dialects, ErrorInfo, KeyInfo, KeyKind, MessageInfo};

    /// An entry; `""` and `0` stand for `None`.
    #[allow(
        clippy::too_many_arguments,
        reason = "one per field, named by the derive"
    )]
    pub const fn entry(
        variant: &'static str,
        errcode: &'static str,
        status: u16,
        message: MessageInfo,
        keys: &'static [KeyInfo],
        inner: &'static str,
        description: &'static str,
    ) -> ErrorInfo {
        ErrorInfo {
            variant,
            errcode: if errcode.is_empty() {
                None
            } else {
                Some(errcode)
            },
            status: if status == 0 { None } else { Some(status) },
            message,
            keys,
            inner: if inner.is_empty() { None } else { Some(inner) },
            description,
            dialects: None,
        }
    }

    /// `entry` with the variant's dialect keys (a variant without any has none, and its
    /// entry is `entry` alone).
    pub const fn with_dialects(entry: ErrorInfo, dialects: &'static Dialects) -> ErrorInfo {
        ErrorInfo {
            dialects: Some(dialects),
            ..entry
        }
    }

    /// A key of an entry.
    pub const fn key(name: &'static str, rust_type: &'static str, kind: KeyKind) -> KeyInfo {
        KeyInfo {
            name,
            rust_type,
            kind,
        }
    }
}

/// A listing as a GitHub-flavoured Markdown table, one row per entry, each line ending in
/// `\n`.
///
/// Columns: `variant`, `errcode`, `status`, `message` (the body's `error` text), `keys` (one
/// per line, `name`: `type`) and `description`. `|` in a cell is escaped as `\|`; in the
/// description a line break becomes a space and a blank line `<br><br>`, so that every row
/// stays on one line.
///
/// ```
/// use matrix_error::{MatrixError, listing};
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// enum ApiError {
///     /// Locked | suspended.
///     ///
///     /// Log in again.
///     #[error("locked")]
///     #[matrix(errcode = "M_USER_LOCKED", extra(soft_logout = true))]
///     Locked,
///     #[error("proxied")]
///     #[matrix(status = 502, expose)]
///     Proxied { #[matrix(errcode)] code: String },
/// }
///
/// assert_eq!(listing::markdown(ApiError::ERRORS), "\
/// | variant | errcode | status | message | keys | description |
/// |---|---|---|---|---|---|
/// | `Locked` | `M_USER_LOCKED` | 401 | Display text | `soft_logout`: `bool` = `true` | Locked \\| suspended.<br><br>Log in again. |
/// | `Proxied` | set at run time | 502 | Display text |  |  |
/// ");
/// ```
pub fn markdown(errors: &[ErrorInfo]) -> String {
    let mut out = String::from(
        "| variant | errcode | status | message | keys | description |\n|---|---|---|---|---|---|\n",
    );
    for error in errors {
        let from_inner = |what: &str| match error.inner {
            Some(_) => format!("the inner error's {what}"),
            None => "set at run time".to_owned(),
        };
        let errcode = match (error.errcode, error.inner) {
            (Some(errcode), _) => code(errcode),
            (None, Some(inner)) => format!("the inner {}'s", code(inner)),
            (None, None) => "set at run time".to_owned(),
        };
        let status = match error.status {
            Some(status) => status.to_string(),
            None => from_inner("status"),
        };
        let message = match error.message {
            MessageInfo::Display => "Display text".to_owned(),
            MessageInfo::Redacted => code(REDACTED),
            MessageInfo::Template(template) => code(template),
            MessageInfo::DisplayUnless5xx => format!("Display text; {} for 5xx", code(REDACTED)),
            MessageInfo::Inner => from_inner("message"),
        };
        let keys = match error.inner {
            Some(_) => from_inner("keys"),
            None => {
                let keys: Vec<String> = error.keys.iter().map(key_cell).collect();
                keys.join("<br>")
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&code(error.variant)),
            cell(&errcode),
            cell(&status),
            cell(&message),
            cell(&keys),
            cell(&description(error.description)),
        );
    }
    out
}

/// The listing's answers in Zulip's and Mastodon's dialects, as a Markdown table: each
/// variant's errcode and status, its Zulip code and status, and its Mastodon status
/// (`cargo run --example codes -- --dialects` prints `ErrorKind`'s, the mapping table).
///
/// ```
/// use matrix_error::{ErrorKind, listing};
///
/// let table = listing::dialects_markdown(ErrorKind::ERRORS);
/// assert!(table.starts_with("| variant | errcode | status | Zulip code | Zulip status | Mastodon status |\n"));
/// assert!(table.contains("| `UnknownToken` | `M_UNKNOWN_TOKEN` | 401 | `INVALID_API_KEY` | 401 | 401 |\n"));
/// ```
pub fn dialects_markdown(errors: &[ErrorInfo]) -> String {
    let mut out = String::from(
        "| variant | errcode | status | Zulip code | Zulip status | Mastodon status |\n|---|---|---|---|---|---|\n",
    );
    let at_run_time = || "set at run time".to_owned();
    for error in errors {
        let (zulip_code, zulip_status) = match error.zulip() {
            Some((zulip_code, status)) => (code(zulip_code), status.to_string()),
            None => (at_run_time(), at_run_time()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&code(error.variant)),
            cell(&error.errcode.map_or_else(at_run_time, code)),
            cell(
                &error
                    .status
                    .map_or_else(at_run_time, |status| status.to_string())
            ),
            cell(&zulip_code),
            cell(&zulip_status),
            cell(
                &error
                    .mastodon_status()
                    .map_or_else(at_run_time, |status| status.to_string())
            ),
        );
    }
    out
}

fn key_cell(key: &KeyInfo) -> String {
    let base = format!("{}: {}", code(key.name), code(key.rust_type));
    match key.kind {
        KeyKind::Field => base,
        KeyKind::RetryAfterMs => format!("{base} (in ms)"),
        KeyKind::Constant(value) => format!("{base} = {}", code(value)),
        KeyKind::Flatten => format!("{base} (flattened)"),
        KeyKind::Kind => format!("{base} (the kind's keys)"),
    }
}

/// `text` as a Markdown code span, with a fence longer than any run of backticks inside.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A description on one line: a blank line becomes `<br><br>`, a line break a space.
fn description(text: &str) -> String {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|paragraph| {
            let lines: Vec<&str> = paragraph
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect();
            lines.join(" ")
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    paragraphs.join("<br><br>")
}

/// A table cell: `|` escaped, no line breaks left.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace("\r\n", " ")
        .replace(['\n', '\r'], " ")
}

/// A listing as a JSON document, `{"errors": [...]}` with one object per entry, in order,
/// pretty-printed with its keys in the order shown here.
///
/// The shape is stable: every key is always present, `null` where it has no value.
///
/// ```json
/// {"errors": [{
///   "variant": "RateLimited",
///   "errcode": "M_LIMIT_EXCEEDED",             // or null: set at run time
///   "status": 429,                             // or null: set at run time
///   "message": {"kind": "display", "text": null},
///   "keys": [{"name": "retry_after_ms", "type": "Duration", "kind": "retry_after_ms", "value": null}],
///   "inner": null,                             // the inner error's type, for `transparent`
///   "description": "Too many messages; wait.", // the doc comment, Markdown
///   "zulip": {"code": "RATE_LIMIT_HIT", "status": 429},  // or null: set at run time
///   "mastodon": {"status": 429}                // or null: set at run time
/// }]}
/// ```
///
/// - `message.kind` is `display` (the `Display` text), `redacted` (always `text`,
///   `Internal server error`), `template` (`text` is the `message = "..."` template, `{field}`
///   standing for the field's value), `display_unless_5xx` (the status is set at run time;
///   the `Display` text below 500, `Internal server error` from 500) or `inner` (the inner
///   error's, for `transparent`). `text` is `null` for all but `redacted` and `template`.
/// - `keys[].kind` is `field` (left out when `None`), `retry_after_ms` (milliseconds, sent for a
///   delay), `constant` (always sent; `value` is the JSON value), `flatten` (a map or struct
///   whose keys are merged into the body; `name` is the Rust field's name) or `kind` (a
///   `#[matrix(kind)]` field, whose keys, set at run time, follow the variant's own; `name` is
///   the Rust field's name). `type` is the Rust type as written. `value` is `null` for all but
///   `constant`.
///
/// - `zulip` and `mastodon`: the variant's answer in those dialects (see [`zulip`](crate::zulip)
///   and [`mastodon`](crate::mastodon)), `null` where its errcode or status is set at run time.
///
/// Later versions may add keys and kinds, never remove or rename them. [`ErrorInfo`] is
/// [`Serialize`] as the same object, to put a listing into a document of your own:
/// `serde_json::json!({"x-errors": ApiError::ERRORS})`.
///
/// ```
/// use std::time::Duration;
/// use matrix_error::{MatrixError, listing};
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// enum ApiError {
///     /// Too many messages; wait.
///     #[error("slow down")]
///     #[matrix(errcode = "M_LIMIT_EXCEEDED")]
///     RateLimited { #[matrix(retry_after)] wait: Duration },
/// }
///
/// assert_eq!(listing::json(ApiError::ERRORS), r#"{
///   "errors": [
///     {
///       "variant": "RateLimited",
///       "errcode": "M_LIMIT_EXCEEDED",
///       "status": 429,
///       "message": {
///         "kind": "display",
///         "text": null
///       },
///       "keys": [
///         {
///           "name": "retry_after_ms",
///           "type": "Duration",
///           "kind": "retry_after_ms",
///           "value": null
///         }
///       ],
///       "inner": null,
///       "description": "Too many messages; wait.",
///       "zulip": {
///         "code": "RATE_LIMIT_HIT",
///         "status": 429
///       },
///       "mastodon": {
///         "status": 429
///       }
///     }
///   ]
/// }"#);
/// ```
pub fn json(errors: &[ErrorInfo]) -> String {
    struct Document<'a>(&'a [ErrorInfo]);
    impl Serialize for Document<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("errors", self.0)?;
            map.end()
        }
    }
    // Strings, numbers and JSON values only: writing them to a `String` cannot fail.
    serde_json::to_string_pretty(&Document(errors)).unwrap_or_default()
}

/// One entry of the [`json`] document.
impl Serialize for ErrorInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(9))?;
        map.serialize_entry("variant", self.variant)?;
        map.serialize_entry("errcode", &self.errcode)?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("message", &self.message)?;
        map.serialize_entry("keys", self.keys)?;
        map.serialize_entry("inner", &self.inner)?;
        map.serialize_entry("description", self.description)?;
        let zulip = self
            .zulip()
            .map(|(code, status)| ZulipInfo { code, status });
        map.serialize_entry("zulip", &zulip)?;
        let mastodon = self.mastodon_status().map(|status| MastodonInfo { status });
        map.serialize_entry("mastodon", &mastodon)?;
        map.end()
    }
}

/// `{"code": ..., "status": ...}`, an entry's Zulip code and status in the [`json`] document.
struct ZulipInfo {
    code: &'static str,
    status: u16,
}

impl Serialize for ZulipInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("code", self.code)?;
        map.serialize_entry("status", &self.status)?;
        map.end()
    }
}

/// `{"status": ...}`, an entry's Mastodon status in the [`json`] document.
struct MastodonInfo {
    status: u16,
}

impl Serialize for MastodonInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("status", &self.status)?;
        map.end()
    }
}

/// `{"kind": ..., "text": ...}`, as in the [`json`] document.
impl Serialize for MessageInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (kind, text) = match self {
            MessageInfo::Display => ("display", None),
            MessageInfo::Redacted => ("redacted", Some(REDACTED)),
            MessageInfo::Template(template) => ("template", Some(*template)),
            MessageInfo::DisplayUnless5xx => ("display_unless_5xx", None),
            MessageInfo::Inner => ("inner", None),
        };
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("kind", kind)?;
        map.serialize_entry("text", &text)?;
        map.end()
    }
}

/// `{"name": ..., "type": ..., "kind": ..., "value": ...}`, as in the [`json`] document.
impl Serialize for KeyInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (kind, value) = match self.kind {
            KeyKind::Field => ("field", Value::Null),
            KeyKind::RetryAfterMs => ("retry_after_ms", Value::Null),
            KeyKind::Constant(json) => (
                "constant",
                // The derive writes valid JSON; anything else is kept as text.
                serde_json::from_str(json).unwrap_or_else(|_| Value::from(json)),
            ),
            KeyKind::Flatten => ("flatten", Value::Null),
            KeyKind::Kind => ("kind", Value::Null),
        };
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("name", self.name)?;
        map.serialize_entry("type", self.rust_type)?;
        map.serialize_entry("kind", kind)?;
        map.serialize_entry("value", &value)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::{cell, code, description};

    #[test]
    fn code_spans_fence_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a``"), "``` `a`` ```");
    }

    #[test]
    fn cells_stay_on_one_line() {
        assert_eq!(cell("a|b\nc\r\nd"), "a\\|b c d");
        assert_eq!(description("one\ntwo\n\n\nthree"), "one two<br><br>three");
    }
}
