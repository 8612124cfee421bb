//! What the benchmarks share: a derived error enum, the hand-written bodies it is compared
//! with, and the response bodies a client reads.
//!
//! Every arm of a comparison writes or reads the same bytes; the tests below check that.

use std::fmt::Display;
use std::hint::black_box;
use std::time::Duration;

use matrix_error::{Body, ErrorKind, MatrixError, mastodon, zulip};
use ruma_common::api::EndpointError;
use serde::{Deserialize, Serialize, Serializer};

/// A server's error enum with the shapes of variant the serializer benchmark times.
#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(namespace = "com.example.chat")]
pub enum ApiError {
    /// A unit variant with a literal message.
    #[error("you are not invited to this room")]
    #[matrix(errcode = "M_FORBIDDEN")]
    Forbidden,

    /// A field sent as an extra key and interpolated in the message.
    #[error("no room {room_id}")]
    #[matrix(errcode = "M_NOT_FOUND")]
    NoRoom {
        #[matrix(field)]
        room_id: String,
    },

    /// A code in the container's namespace, with a number field.
    #[error("quota of {limit} messages reached")]
    #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)]
    Quota {
        #[matrix(field)]
        limit: u32,
    },

    /// `Retry-After` and `retry_after_ms`.
    #[error("too many requests")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    RateLimited {
        #[matrix(retry_after)]
        wait: Duration,
    },

    /// A 5xx: the body says `Internal server error`, a fixed text.
    #[error("database: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Database(String),

    /// A server's catch-all: the errcode, keys and status of a run-time kind, a literal
    /// message.
    #[error("{1}")]
    Request(#[matrix(kind)] ErrorKind, &'static str),
}

/// One error of each shape, named as in the benchmark's group ids.
pub fn cases() -> Vec<(&'static str, ApiError)> {
    vec![
        ("unit", ApiError::Forbidden),
        (
            "field",
            ApiError::NoRoom {
                room_id: "!lobby:example.org".to_owned(),
            },
        ),
        ("namespaced", ApiError::Quota { limit: 1000 }),
        (
            "retry",
            ApiError::RateLimited {
                wait: Duration::from_millis(2500),
            },
        ),
        (
            "redacted",
            ApiError::Database("connection refused".to_owned()),
        ),
        (
            "kind",
            ApiError::Request(ErrorKind::Forbidden, "you are not invited to this room"),
        ),
    ]
}

/// The body as hand-written server code builds it: a `#[derive(Serialize)]` struct with the
/// errcode as a `&'static str` and each extra key an `Option` that is skipped when `None`.
///
/// `M` is the message: a `String` from `to_string()` ([`HandBody::to_string`], what such
/// code usually does), or written in place ([`HandBody::in_place`], the fastest a
/// hand-written body gets: a fixed text as a `&'static str`, else the error's `Display`
/// with `collect_str`).
#[derive(Serialize)]
pub struct HandBody<'a, M> {
    pub errcode: &'a str,
    pub error: M,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub room_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

/// A message written in place: a fixed text as it is, a `Display` with
/// [`Serializer::collect_str`]; no `String` in between.
pub enum InPlace<'a, T: ?Sized> {
    Text(&'static str),
    Display(&'a T),
}

impl<T: Display + ?Sized> Serialize for InPlace<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            InPlace::Text(text) => serializer.serialize_str(text),
            InPlace::Display(display) => serializer.collect_str(display),
        }
    }
}

/// What hand-written code sends for a 5xx.
const REDACTED: &str = "Internal server error";

impl<'a, M> HandBody<'a, M> {
    fn with_message(error: &'a ApiError, message: M) -> Self {
        let mut body = HandBody {
            errcode: "",
            error: message,
            room_id: None,
            limit: None,
            retry_after_ms: None,
        };
        match error {
            ApiError::Forbidden => body.errcode = "M_FORBIDDEN",
            ApiError::NoRoom { room_id } => {
                body.errcode = "M_NOT_FOUND";
                body.room_id = Some(room_id);
            }
            ApiError::Quota { limit } => {
                body.errcode = "COM.EXAMPLE.CHAT_QUOTA_EXCEEDED";
                body.limit = Some(*limit);
            }
            ApiError::RateLimited { wait } => {
                body.errcode = "M_LIMIT_EXCEEDED";
                body.retry_after_ms = Some(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
            }
            ApiError::Database(_) => body.errcode = "M_UNKNOWN",
            // What hand-written code writes for a kind: its errcode (the kinds of the cases
            // carry no keys).
            ApiError::Request(kind, _) => body.errcode = kind.errcode(),
        }
        body
    }
}

impl<'a> HandBody<'a, String> {
    /// The message from `error.to_string()`.
    #[allow(
        clippy::inherent_to_string_shadow_display,
        clippy::should_implement_trait
    )]
    pub fn to_string(error: &'a ApiError) -> Self {
        let message = match error {
            ApiError::Database(_) => REDACTED.to_string(),
            _ => error.to_string(),
        };
        Self::with_message(error, message)
    }
}

impl<'a> HandBody<'a, InPlace<'a, ApiError>> {
    /// The message written in place.
    pub fn in_place(error: &'a ApiError) -> Self {
        let message = match error {
            ApiError::Database(_) => InPlace::Text(REDACTED),
            ApiError::Request(_, message) => InPlace::Text(message),
            _ => InPlace::Display(error),
        };
        Self::with_message(error, message)
    }
}

/// Response bodies a client reads: name, HTTP status, body.
pub const BODIES: &[(&str, u16, &[u8])] = &[
    (
        "rate_limit",
        429,
        br#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}"#,
    ),
    (
        "forbidden",
        403,
        br#"{"errcode":"M_FORBIDDEN","error":"You are not invited to this room."}"#,
    ),
    (
        "not_found",
        404,
        br#"{"errcode":"M_NOT_FOUND","error":"Room not found"}"#,
    ),
    (
        "unknown_token",
        401,
        br#"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed.","soft_logout":true}"#,
    ),
    (
        "unknown_code_extras",
        403,
        br#"{"errcode":"COM.EXAMPLE.APP_QUOTA","error":"Quota reached","limit":1000,"used":1000,"reset_at":"2026-01-01T00:00:00Z"}"#,
    ),
];

/// What hand-written client code reads: the keys it knows, as `serde_json::from_slice`
/// gives them; any other key is dropped.
#[derive(Debug, Deserialize)]
pub struct HandParsed {
    pub errcode: String,
    #[serde(default)]
    pub error: String,
    pub retry_after_ms: Option<u64>,
    #[serde(default)]
    pub soft_logout: bool,
}

/// A hand-written client's error: the status beside the parsed body; a body that is not
/// one gives `None`.
pub fn hand_parse(status: u16, body: &[u8]) -> (u16, Option<HandParsed>) {
    (status, serde_json::from_slice(body).ok())
}

/// The baseline of a standard body: a `#[derive(Deserialize)]` struct of `errcode`, `error`
/// and `retry_after_ms`, every other key dropped.
#[derive(Debug, Deserialize)]
pub struct HandStandard {
    pub errcode: String,
    #[serde(default)]
    pub error: String,
    pub retry_after_ms: Option<u64>,
}

/// [`HandStandard`] beside the status.
pub fn hand_standard(status: u16, body: &[u8]) -> (u16, Option<HandStandard>) {
    (status, serde_json::from_slice(body).ok())
}

/// The baseline of an unknown code: a `#[derive(Deserialize)]` struct that keeps every key it
/// does not name, as `from_body` does (`#[serde(flatten)]` into a map).
#[derive(Debug, Deserialize)]
pub struct HandKeepingExtras {
    pub errcode: String,
    #[serde(default)]
    pub error: String,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// [`HandKeepingExtras`] beside the status.
pub fn hand_keeping_extras(status: u16, body: &[u8]) -> (u16, Option<HandKeepingExtras>) {
    (status, serde_json::from_slice(body).ok())
}

/// A serializer arm: writes the body of the error into the buffer (cleared first), or
/// into a `Vec` of its own where that is the arm's way.
pub type SerializeArm = fn(&ApiError, &mut Vec<u8>);

/// The arms of the serializer benchmark; the first is the one the others are compared with.
pub const SERIALIZE_ARMS: &[(&str, SerializeArm)] = &[
    ("body", |error, buf| {
        buf.clear();
        serde_json::to_writer(&mut *buf, &Body(error)).unwrap();
    }),
    ("hand_in_place", |error, buf| {
        buf.clear();
        serde_json::to_writer(&mut *buf, &HandBody::in_place(error)).unwrap();
    }),
    ("hand_to_string", |error, buf| {
        buf.clear();
        serde_json::to_writer(&mut *buf, &HandBody::to_string(error)).unwrap();
    }),
    ("error_dict", |error, _| {
        black_box(serde_json::to_vec(&error.error_dict()).unwrap());
    }),
];

/// The body in Zulip's dialect as hand-written server code builds it: `result`, the message
/// (written in place, as [`HandBody::in_place`]), the extra keys, the Zulip code as a
/// `&'static str` and, for a rate limit, `retry-after` in seconds.
#[derive(Serialize)]
pub struct HandZulip<'a, M> {
    pub result: &'static str,
    pub msg: M,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub room_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    pub code: &'static str,
    #[serde(rename = "retry-after", skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<f64>,
}

impl<'a> HandZulip<'a, InPlace<'a, ApiError>> {
    pub fn in_place(error: &'a ApiError) -> Self {
        let matrix = HandBody::in_place(error);
        let (code, retry_after) = match error {
            ApiError::RateLimited { wait } => ("RATE_LIMIT_HIT", Some(wait.as_secs_f64())),
            _ => ("BAD_REQUEST", None),
        };
        HandZulip {
            result: "error",
            msg: matrix.error,
            room_id: matrix.room_id,
            limit: matrix.limit,
            code,
            retry_after,
        }
    }
}

/// The body in Mastodon's dialect as hand-written server code builds it: `error` (in place)
/// and the extra keys.
#[derive(Serialize)]
pub struct HandMastodon<'a, M> {
    pub error: M,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub room_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl<'a> HandMastodon<'a, InPlace<'a, ApiError>> {
    pub fn in_place(error: &'a ApiError) -> Self {
        let matrix = HandBody::in_place(error);
        HandMastodon {
            error: matrix.error,
            room_id: matrix.room_id,
            limit: matrix.limit,
        }
    }
}

/// The arms of the dialects' serializer benchmarks, by kind (`zulip`, `mastodon`): the
/// dialect's `Body` against the hand-written body of the same bytes.
pub const DIALECT_ARMS: &[(&str, &[(&str, SerializeArm)])] = &[
    (
        "zulip",
        &[
            ("zulip_body", |error, buf| {
                buf.clear();
                serde_json::to_writer(&mut *buf, &zulip::Body(error)).unwrap();
            }),
            ("hand_zulip", |error, buf| {
                buf.clear();
                serde_json::to_writer(&mut *buf, &HandZulip::in_place(error)).unwrap();
            }),
        ],
    ),
    (
        "mastodon",
        &[
            ("mastodon_body", |error, buf| {
                buf.clear();
                serde_json::to_writer(&mut *buf, &mastodon::Body(error)).unwrap();
            }),
            ("hand_mastodon", |error, buf| {
                buf.clear();
                serde_json::to_writer(&mut *buf, &HandMastodon::in_place(error)).unwrap();
            }),
        ],
    ),
];

/// The serializer arms of a kind: `serialize` (the Matrix body) or a dialect's.
pub fn serialize_arms(kind: &str) -> Option<&'static [(&'static str, SerializeArm)]> {
    match kind {
        "serialize" => Some(SERIALIZE_ARMS),
        _ => (DIALECT_ARMS.iter())
            .find(|(name, _)| *name == kind)
            .map(|(_, arms)| *arms),
    }
}

/// A parser arm: reads a response (status and body) into the arm's error type, and drops it.
pub type ParseArm = fn(u16, &[u8]);

/// The arms of the parse benchmark; the first is the one the others are compared with:
/// `hand` reads the four keys the standard bodies have, `hand_standard` the three of the
/// target (`errcode`, `error`, `retry_after_ms`), `hand_extras` keeps every other key too.
pub const PARSE_ARMS: &[(&str, ParseArm)] = &[
    ("from_body", |status, body| {
        drop(black_box(matrix_error::Error::from_body(status, body)))
    }),
    ("hand", |status, body| {
        drop(black_box(hand_parse(status, body)))
    }),
    ("hand_standard", |status, body| {
        drop(black_box(hand_standard(status, body)))
    }),
    ("hand_extras", |status, body| {
        drop(black_box(hand_keeping_extras(status, body)))
    }),
    ("ruma", |status, body| {
        drop(black_box(ruma_parse(status, body)))
    }),
];

/// ruma's client: `ruma_common::api::error::Error` from the response.
pub fn ruma_parse(status: u16, body: &[u8]) -> ruma_common::api::error::Error {
    let mut response = http::Response::new(body);
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
    <ruma_common::api::error::Error as EndpointError>::from_http_response(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_arm_writes_the_same_bytes() {
        for (name, error) in cases() {
            let body = serde_json::to_vec(&Body(&error)).unwrap();
            let hand = serde_json::to_vec(&HandBody::to_string(&error)).unwrap();
            let in_place = serde_json::to_vec(&HandBody::in_place(&error)).unwrap();
            let dict = serde_json::to_vec(&error.error_dict()).unwrap();
            assert_eq!(body, hand, "{name}");
            assert_eq!(body, in_place, "{name}");
            // The map sorts its keys; the object is the same.
            let as_value =
                |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
            assert_eq!(as_value(&body), as_value(&dict), "{name}");
        }
    }

    #[test]
    fn every_dialect_arm_writes_the_same_bytes() {
        for (name, error) in cases() {
            for (kind, arms) in DIALECT_ARMS {
                let mut bodies = arms.iter().map(|(_, arm)| {
                    let mut buf = Vec::new();
                    arm(&error, &mut buf);
                    buf
                });
                let first = bodies.next().unwrap();
                for other in bodies {
                    assert_eq!(
                        String::from_utf8_lossy(&first),
                        String::from_utf8_lossy(&other),
                        "{kind} {name}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_body_parses_with_each_arm() {
        for (name, status, body) in BODIES {
            let (_, parsed) = hand_parse(*status, body);
            let parsed = parsed.unwrap_or_else(|| panic!("{name}"));
            let value: serde_json::Value = serde_json::from_slice(body).unwrap();
            assert_eq!(parsed.errcode, value["errcode"], "{name}");
            assert_eq!(parsed.error, value["error"], "{name}");

            let error = matrix_error::Error::from_body(*status, body);
            assert_eq!(error.status(), *status, "{name}");
            assert_eq!(error.errcode(), value["errcode"], "{name}");
            assert_eq!(*error.message(), value["error"], "{name}");
            // Nothing is lost: the body written back is the one read.
            assert_eq!(serde_json::to_value(&error).unwrap(), value, "{name}");

            let ruma = ruma_parse(*status, body);
            assert_eq!(ruma.status_code.as_u16(), *status);
            let kind = ruma
                .error_kind()
                .unwrap_or_else(|| panic!("{name}: {ruma:?}"));
            assert_eq!(kind.errcode().as_str(), value["errcode"], "{name}");
        }
    }
}
