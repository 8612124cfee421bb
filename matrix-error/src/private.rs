//! The contract between the derive's generated code and this crate: everything the code that
//! `#[derive(MatrixError)]` generates may call, each item re-exported from the module that
//! holds it. It changes with the derive, which the runtime pins to its exact version; it is no
//! public interface.
//!
//! Also part of the contract: the hidden methods of [`MatrixError`](crate::MatrixError) that
//! derived types override (`__serialize_message`, `__serialize_extras`, `__as_error`), and the `__impl_*!`
//! macros of `derived_impls.rs`, which `#[macro_export]` puts at the crate root.

// Every re-export is `#[doc(hidden)]`, and each trait a compile error may name is public
// elsewhere (`matrix_error::field_types::StatusField`), so that messages name that path.

// What the generated code names of std and serde. Not serde's `Serialize`: a bound on it
// is spelled `FieldValue`, and a re-export here would be the path the compiler names it by
// (`Body<'_, T>: matrix_error::__private::Serialize`).
#[doc(hidden)]
pub use serde::de::DeserializeOwned;
#[doc(hidden)]
pub use serde::ser::SerializeMap;
#[doc(hidden)]
pub use serde_json::{Map, Value};
#[doc(hidden)]
pub use std::borrow::Cow;
#[doc(hidden)]
pub use std::fmt::format;
#[doc(hidden)]
pub use std::string::ToString;

// Writing the body (`MatrixError` and its hidden methods).
#[doc(hidden)]
pub use crate::body::{REDACTED, SkipKeys, error_dict, write_message, write_retry_after};
#[doc(hidden)]
pub use crate::dialect::Dialects;
#[doc(hidden)]
pub use crate::error_trait::{AsError, AsErrorElseNone, AsErrorIfError};
#[doc(hidden)]
pub use crate::field_types::{ErrcodeField, FieldValue, RetryAfterField, StatusField};

// Decoding a body into the type (`#[matrix(parse)]`) and converting into `Error`.
pub use crate::decode::{
    BodyKeys, DecodeBody, Decoded, Flatten, FlattenAny, FlattenMap, JsonMap, constant_matches,
    decode_field, decode_field_or_default, error_from, mark_alias, take_constant, try_from_error,
};

/// The `ERRORS` listing's entries.
pub mod listing {
    pub use crate::listing::build::{entry, key, with_dialects};
}

// The integrations' impls, through `derived_impls.rs`.
#[cfg(feature = "axum")]
pub use crate::axum::for_derive::into_response as axum_into_response;
#[cfg(feature = "axum")]
pub use ::axum;

#[cfg(feature = "actix-web")]
pub use crate::actix_web::for_derive::{
    error_response as actix_error_response, status_code as actix_status_code,
};
#[cfg(feature = "actix-web")]
pub use ::actix_web;

#[cfg(feature = "ruma")]
pub use crate::ruma::for_derive::ruma_error;
#[cfg(feature = "ruma")]
pub use ::ruma_common;
