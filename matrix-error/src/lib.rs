//! Matrix API errors for Rust.
//!
//! A Matrix API answers a failure with an HTTP status and a JSON body such as
//! `{"errcode": "M_FORBIDDEN", "error": "You are not invited to this room."}`. This crate
//! gives any error type that wire form with one derive, and holds every standard code.
//!
//! - [`#[derive(MatrixError)]`](derive@MatrixError): errcode, status and body for your own
//!   error enum or struct, every mistake caught at compile time.
//! - [`MatrixError`]: the trait; [`Body`]: its body as a fast [`serde::Serialize`].
//! - [`ErrorKind`]: every code of the spec, with its extra keys; [`Error`]: any Matrix error,
//!   owned, which every derived type converts into.
//!
//! ```
//! use matrix_error::{Body, MatrixError};
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! #[matrix(namespace = "com.example.chat")]
//! pub enum ApiError {
//!     #[error("you may not post in {room}")]
//!     #[matrix(errcode = "M_FORBIDDEN")] // 403, the spec's status for the code
//!     NotAllowed { room: String },
//!
//!     #[error("slow down")]
//!     #[matrix(errcode = "M_LIMIT_EXCEEDED")] // 429
//!     RateLimited {
//!         #[matrix(retry_after)]
//!         wait: std::time::Duration,
//!     },
//!
//!     #[error("quota of {limit} messages reached")]
//!     #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)] // COM.EXAMPLE.CHAT_QUOTA_EXCEEDED
//!     Quota {
//!         #[matrix(field)]
//!         limit: u32,
//!     },
//!
//!     #[error("database: {0}")]
//!     #[matrix(errcode = "M_UNKNOWN", status = 500)] // sends "Internal server error"
//!     Db(#[matrix(from)] std::io::Error),
//! }
//!
//! let quota = ApiError::Quota { limit: 100 };
//! assert_eq!(quota.status(), 403);
//! assert_eq!(
//!     serde_json::to_string(&Body(&quota)).unwrap(),
//!     r#"{"errcode":"COM.EXAMPLE.CHAT_QUOTA_EXCEEDED","error":"quota of 100 messages reached","limit":100}"#
//! );
//!
//! let db = ApiError::from(std::io::Error::other("disk on fire"));
//! assert_eq!(db.message(), "Internal server error");
//!
//! // Any derived error becomes the owned, universal form.
//! let error = matrix_error::Error::from(ApiError::NotAllowed { room: "!r:example.org".into() });
//! assert!(matches!(error.kind(), matrix_error::ErrorKind::Forbidden));
//! ```
//!
//! # Attributes
//!
//! Keys go in `#[matrix(...)]` on the type (container), a variant, or a field.
//!
//! | where | key | meaning |
//! |---|---|---|
//! | container | `namespace = "com.example.app"` | prefix for codes without `M_` and without a dot: `X` becomes `COM.EXAMPLE.APP_X` |
//! | container | `errcode`, `status` | defaults for every variant (and the only place for a struct) |
//! | container | `crate = "path"` | path of this crate when it is re-exported |
//! | container | `parse` | also generate `TryFrom<&Error>`: an error read back converts into the type (every field must come from the body) |
//! | container, variant | `usual_status` | where the spec fixes no status for a code, take the one servers usually send |
//! | container, variant | `allow_unlisted` | accept an `M_` code that the code table does not list yet (added by a newer spec version); the status must be given |
//! | variant | `errcode = "..."` | `M_*` spec code, a namespaced short code, or a full custom code (`COM.EXAMPLE_X`) |
//! | variant | `status = 4xx/5xx` | HTTP status; optional where the spec gives the code one |
//! | variant | `message = "..."` | the wire message instead of `Display`; `{field}` / `{0}` interpolate fields |
//! | variant | `expose` | send the `Display` text even though the status is 5xx |
//! | variant | `transparent` | exactly one field, itself a `MatrixError`: delegate everything to it |
//! | variant | `extra(key = literal, ...)` | constant extra keys, such as `extra(soft_logout = true)` |
//! | field | `field` / `field = "json_key"` | sent as an extra key of the body; `None` is left out |
//! | field | `default` | with `field` and `parse`: a missing key decodes as `Default::default()` |
//! | field | `flatten` | a map or struct whose keys are merged into the body (keys the body already has are left out) |
//! | field | `retry_after` | a `Duration` or [`RetryAfter`] (or an `Option` of either): `Retry-After`, plus `retry_after_ms` in the body for a delay |
//! | field | `errcode`, `status` | the code / status is carried at run time by this field (`AsRef<str>` / `u16`) |
//! | field | `from` | generate `From<FieldType>` for the type (the variant's only field) |
//!
//! On a struct, the variant keys go on the struct itself.
//!
//! ## Where the status comes from
//!
//! The variant's `status`, else its `#[matrix(status)]` field, else the container's `status`
//! when the variant also takes the container's errcode, else the status the spec fixes for
//! the code, else the container's `status`, else (with `usual_status`) the status servers
//! usually send. A spec code with no fixed status (`M_UNKNOWN`, `M_BAD_STATE`, ...) and no
//! status given is a compile error.
//!
//! ## The message, and 5xx redaction
//!
//! The body's `error` is the variant's `message` if it has one; else, for a status of 500 or
//! more, the fixed text `Internal server error` unless the variant is marked `expose`; else
//! the `Display` text. Details of internal failures never reach a client by default.
//!
//! ## Compile-time checks
//!
//! An unknown `M_` code is an error that names the nearest known code; a custom code must be
//! an upper-case Java-package namespace, `_`, then the code (`COM.EXAMPLE.APP_QUOTA`). Unknown,
//! misplaced and duplicate keys, values of the wrong type, a status outside 400..=599, a
//! missing errcode or status, `transparent` on anything but one field, `from` beside other
//! fields or twice for one type, and extra keys that repeat or take `errcode` or `error` are
//! all errors at the offending token, every one of them reported in the same compile.
//!
//! ## Custom namespaces for library authors
//!
//! A library defines its own codes under its own namespace, and they convert into
//! [`Error`] as [`ErrorKind::Custom`] with their keys:
//!
//! ```
//! use matrix_error::{ErrorKind, MatrixError};
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! #[matrix(namespace = "com.example.bridge")]
//! pub enum BridgeError {
//!     #[error("the remote network is down")]
//!     #[matrix(errcode = "REMOTE_DOWN", status = 502, expose)]
//!     RemoteDown { #[matrix(field)] network: String },
//! }
//!
//! let error = matrix_error::Error::from(BridgeError::RemoteDown { network: "irc".into() });
//! assert_eq!(error.errcode(), "COM.EXAMPLE.BRIDGE_REMOTE_DOWN");
//! assert!(matches!(error.kind(), ErrorKind::Custom { extra, .. } if extra["network"] == "irc"));
//! ```
//!
//! # Serving and receiving over HTTP
//!
//! Each integration is behind a feature, off by default: without it, none of its crates is
//! compiled, and derived types get its impls only with it (through the derive's
//! `__impl_frameworks!`, which the runtime crate defines per feature).
//!
//! | feature | what it gives |
//! |---|---|
//! | `http` | [`http::response`]: any error (a `dyn MatrixError` too) as an `http::Response`, with `Content-Type` and `Retry-After`; [`Error::from_http_response`]; `http::StatusCode` as a `#[matrix(status)]` field |
//! | `axum` | `IntoResponse` for [`Error`] and every derived type; [`axum::with_fallbacks`] (404 and 405 `M_UNRECOGNIZED`); [`axum::Json`], whose rejections are `M_NOT_JSON`, `M_BAD_JSON` and `M_TOO_LARGE` |
//! | `actix-web` | `ResponseError` for [`Error`] and every derived type; [`actix_web::unrecognized`] and [`actix_web::method_not_allowed`] (404 and 405 `M_UNRECOGNIZED`); [`actix_web::json_config`] for `web::Json` rejections |
//! | `ruma` | `From` both ways between [`Error`] and ruma's `ruma_common::api::error::Error`, and from every derived type into it |
//!
//! An error response never has a status outside 400..=599: an [`Error`] that keeps one (a
//! peer's 200) is answered 500. `OPTIONS` on a known path is answered 204 with `Allow`, never
//! 405, so that CORS preflights work (see [`axum`](crate::axum#options-and-cors)).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

// Lets the derive's absolute `::matrix_error` paths resolve inside this crate too.
extern crate self as matrix_error;

mod category;
mod error;
mod flatten;
mod frameworks;
mod kind;
mod parse;
mod retry;
mod traits;

#[cfg(any(feature = "http", feature = "actix-web"))]
mod response;

#[cfg(feature = "http")]
pub mod http;

#[cfg(feature = "axum")]
pub mod axum;

#[cfg(feature = "actix-web")]
pub mod actix_web;

#[cfg(feature = "ruma")]
mod ruma;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use category::Category;
pub use error::{Error, Mismatch};
pub use kind::ErrorKind;
pub use retry::{InvalidRetryAfter, RetryAfter};
pub use traits::{Body, MatrixError};

/// Derives [`MatrixError`] (and `From` conversions); see the [crate docs](crate#attributes)
/// for the attributes.
pub use matrix_error_derive::MatrixError;

#[cfg(test)]
mod tests;
