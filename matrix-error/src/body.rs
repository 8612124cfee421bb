//! Writing a body: [`Body`], which writes an error's JSON body straight to a serializer, and
//! the writers the derive's generated code calls for each part of it (the message, an extra
//! key, a `flatten` field, `retry_after_ms`).
//!
//! - [`flatten`]: the serializer that merges a `flatten` field's map or struct into the body.
//! - [`delay`]: a body with `retry_after_ms` added, which a response whose `Retry-After` is a
//!   date writes (the milliseconds left are computed by the response, from the clock).
//! - [`probe`]: small serializers that ask a value one question: is it `None`, does this map
//!   key pass a test, does this map or struct write this key.

#[cfg(any(feature = "http", feature = "actix-web"))]
mod delay;
mod flatten;
mod probe;

use std::fmt::Display;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::{MatrixError, RetryAfter};

#[cfg(any(feature = "http", feature = "actix-web"))]
pub(crate) use self::delay::WithRetryAfterMs;
pub use self::flatten::EarlierFlatten;
/// A map that leaves out the entries of some keys (see `FlattenMap`): the map the keys of a
/// `#[matrix(kind)]` field are written through after the variant's own.
pub use self::flatten::FlattenMap as SkipKeys;
use self::flatten::{FlattenInto, Skip};
pub(crate) use self::probe::{StrKeyIn, writes_key};

/// The keys of a body that every error has, and the one the body carries a delay in.
pub(crate) mod key {
    /// The errcode.
    pub const ERRCODE: &str = "errcode";
    /// The message.
    pub const ERROR: &str = "error";
    /// A delay in milliseconds, beside the `Retry-After` header.
    pub const RETRY_AFTER_MS: &str = "retry_after_ms";
    /// The message some servers send instead of `error`.
    pub const MESSAGE: &str = "message";
    /// The keys an extra key may not take: they are written by the body itself.
    pub const RESERVED: [&str; 2] = [ERRCODE, ERROR];
}

/// The text a 5xx error sends unless it says otherwise; Synapse's.
pub const REDACTED: &str = "Internal server error";

/// The JSON body of an error, as a [`Serialize`] that writes it straight to the serializer.
///
/// It writes the same object as [`MatrixError::error_dict`] without building a map.
///
/// ```
/// use matrix_error::{Body, MatrixError};
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// #[error("slow down")]
/// #[matrix(errcode = "M_LIMIT_EXCEEDED")]
/// struct Slow;
///
/// let json = serde_json::to_string(&Body(&Slow)).unwrap();
/// assert_eq!(json, r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow down"}"#);
/// ```
///
/// # A retry date
///
/// `Body` is a plain `Serialize` and never reads the clock, so the same error always writes
/// the same bytes. A [`RetryAfter::Delay`] is written as `retry_after_ms`; a
/// [`RetryAfter::DateTime`] is not written at all, since the time left depends on when the
/// body is sent. The HTTP integrations' responses ([`http::response`], axum's `IntoResponse`,
/// actix-web's `ResponseError`) do add it: for a date they write `retry_after_ms` as the time
/// left when the response is built (rounded up, 0 once the date has passed), beside the date
/// in `Retry-After`, so that a client reading only the body (matrix-nio) or unable to read the
/// header (a browser, unless CORS exposes it) still waits as asked.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use matrix_error::{Body, MatrixError, RetryAfter};
///
/// #[derive(Debug, thiserror::Error, MatrixError)]
/// #[error("come back later")]
/// #[matrix(errcode = "M_LIMIT_EXCEEDED")]
/// struct Later { #[matrix(retry_after)] at: RetryAfter }
///
/// let at = SystemTime::now() + Duration::from_secs(30);
/// let json = serde_json::to_string(&Body(&Later { at: RetryAfter::DateTime(at) })).unwrap();
/// assert_eq!(json, r#"{"errcode":"M_LIMIT_EXCEEDED","error":"come back later"}"#);
/// ```
///
/// [`http::response`]: crate::http::response
#[derive(Debug, Clone, Copy)]
pub struct Body<'a, E: ?Sized>(pub &'a E);

impl<E: MatrixError> Serialize for Body<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if self.0.sends_errcode() {
            self.0.__serialize_errcode(&mut map)?;
            self.0.__serialize_message(&mut map)?;
        }
        self.0.__serialize_extras(&mut map)?;
        map.end()
    }
}

/// A trait object has no fast path: its body is written from its `error_dict`.
macro_rules! serialize_dyn_body {
    ($(($($bound:tt)*)),*) => {$(
        impl<'e> Serialize for Body<'_, dyn MatrixError $($bound)* + 'e> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let dict = self.0.error_dict();
                let mut map = serializer.serialize_map(None)?;
                if self.0.sends_errcode() {
                    match dict.get(key::ERRCODE) {
                        Some(errcode) => map.serialize_entry(key::ERRCODE, errcode)?,
                        None => map.serialize_entry(key::ERRCODE, self.0.errcode())?,
                    }
                    match dict.get(key::ERROR) {
                        Some(message) => map.serialize_entry(key::ERROR, message)?,
                        None => map.serialize_entry(key::ERROR, &*self.0.message())?,
                    }
                }
                write_dict_extras(&dict, &mut map)?;
                map.end()
            }
        }
    )*};
}

serialize_dyn_body!((), (+ Send), (+ Send + Sync));

/// Writes every entry of `dict`, an `error_dict`, but `errcode` and `error`.
pub(crate) fn write_dict_extras<M: SerializeMap>(
    dict: &Map<String, Value>,
    map: &mut M,
) -> Result<(), M::Error> {
    dict.iter()
        .filter(|(name, _)| !key::RESERVED.contains(&name.as_str()))
        .try_for_each(|(name, value)| map.serialize_entry(name, value))
}

/// `error_dict` of a derived type: its [`Body`] as a map, so that the two always agree.
pub fn error_dict<E: MatrixError>(error: &E) -> Map<String, Value> {
    match serde_json::to_value(Body(error)) {
        Ok(Value::Object(map)) => map,
        // A field whose Serialize fails: keep the two required keys (none for a body that
        // has none).
        _ => {
            let mut map = Map::new();
            if !error.sends_errcode() {
                return map;
            }
            map.insert(
                key::ERRCODE.to_owned(),
                Value::String(error.errcode().to_owned()),
            );
            map.insert(
                key::ERROR.to_owned(),
                Value::String(error.message().into_owned()),
            );
            map
        }
    }
}

/// Writes the `error` entry from any `Display`, without building a `String`.
pub fn write_message<M: SerializeMap, T: Display + ?Sized>(
    map: &mut M,
    message: &T,
) -> Result<(), M::Error> {
    struct Text<'a, T: ?Sized>(&'a T);
    impl<T: Display + ?Sized> Serialize for Text<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self.0)
        }
    }
    map.serialize_entry(key::ERROR, &Text(message))
}

/// Writes an extra key; a value that serializes as `None` is left out.
pub fn write_field<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    name: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    if probe::is_none(value) {
        return Ok(());
    }
    map.serialize_entry(name, value)
}

/// Merges a `flatten` field's keys into the body, except `skip`, the keys it already has.
pub fn write_flatten<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    value: &T,
    skip: &[&str],
) -> Result<(), M::Error> {
    write_flatten_after(map, value, skip, &())
}

/// [`write_flatten`] for a variant's second or later `flatten` field: it also leaves out every
/// key the `earlier` ones wrote (`(&first, ())`, `(&first, (&second, ()))`), so that no key is
/// written twice and the first field to write a key wins.
pub fn write_flatten_after<M, T, E>(
    map: &mut M,
    value: &T,
    skip: &[&str],
    earlier: &E,
) -> Result<(), M::Error>
where
    M: SerializeMap,
    T: Serialize + ?Sized,
    E: EarlierFlatten,
{
    value.serialize(FlattenInto {
        map,
        skip: Skip {
            keys: skip,
            earlier,
        },
    })
}

/// Writes `retry_after_ms` for a delay. A date is not written: the time left depends on the
/// clock, which writing a body never reads; the HTTP integrations' responses add it (see
/// `serve::retry_after_ms_left`).
pub fn write_retry_after<M: SerializeMap>(
    map: &mut M,
    retry_after: Option<RetryAfter>,
) -> Result<(), M::Error> {
    match retry_after.as_ref().and_then(RetryAfter::delay_ms) {
        Some(ms) => map.serialize_entry(key::RETRY_AFTER_MS, &ms),
        None => Ok(()),
    }
}
