//! What the derive's generated code calls. Not a public interface: it changes with the
//! derive, which the runtime pins to its exact version.

use std::fmt::Display;
use std::time::Duration;

pub use serde::Serialize;
pub use serde::de::DeserializeOwned;
pub use serde::ser::SerializeMap;
pub use std::borrow::Cow;

pub use std::fmt::format;
pub use std::string::ToString;

use serde_json::Value;

use crate::flatten::{self, FlattenInto};
use crate::{Body, Error, ErrorKind, MatrixError, Mismatch, RetryAfter};

/// The body as a JSON map.
pub type Map = serde_json::Map<String, Value>;

/// The text a 5xx error sends unless it says otherwise; Synapse's.
pub const REDACTED: &str = "Internal server error";

/// `error_dict` of a derived type: its [`Body`] as a map, so the two always agree.
pub fn error_dict<E: MatrixError>(error: &E) -> Map {
    match serde_json::to_value(Body(error)) {
        Ok(Value::Object(map)) => map,
        // A field whose Serialize fails: keep the two required keys.
        _ => {
            let mut map = Map::new();
            map.insert(
                "errcode".to_owned(),
                Value::String(error.errcode().to_owned()),
            );
            map.insert(
                "error".to_owned(),
                Value::String(error.message().into_owned()),
            );
            map
        }
    }
}

/// Writes the `error` entry from any `Display`, without building a `String`.
pub fn serialize_message<M: SerializeMap, T: Display + ?Sized>(
    map: &mut M,
    message: &T,
) -> Result<(), M::Error> {
    struct Text<'a, T: ?Sized>(&'a T);
    impl<T: Display + ?Sized> Serialize for Text<'_, T> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self.0)
        }
    }
    map.serialize_entry("error", &Text(message))
}

/// Writes an extra key; a value that serializes as `None` is left out.
pub fn serialize_field<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    key: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    if flatten::is_none(value) {
        return Ok(());
    }
    map.serialize_entry(key, value)
}

/// Merges a `flatten` field's keys into the body, except `skip`, the keys it already has.
pub fn serialize_flatten<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    value: &T,
    skip: &[&str],
) -> Result<(), M::Error> {
    value.serialize(FlattenInto { map, skip })
}

/// Writes `retry_after_ms` for a delay; a date goes only to the header.
pub fn serialize_retry_after<M: SerializeMap>(
    map: &mut M,
    retry_after: Option<RetryAfter>,
) -> Result<(), M::Error> {
    match retry_after.as_ref().and_then(RetryAfter::delay_ms) {
        Some(ms) => map.serialize_entry("retry_after_ms", &ms),
        None => Ok(()),
    }
}

/// The types a `retry_after` field may have.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `retry_after` field",
    label = "a `retry_after` field must be a `Duration` or a `RetryAfter`, or an `Option` of either"
)]
pub trait RetryAfterField {
    /// The value for the `Retry-After` header.
    fn retry_after(&self) -> Option<RetryAfter>;

    /// Decodes the body's `retry_after_ms`; `None` when it does not fit this type.
    fn from_retry_after_ms(extra: &Fields) -> Option<Decoded<Self>>
    where
        Self: Sized;
}

/// `retry_after_ms` as a delay: `None` when absent, `Some(None)` when not a whole number
/// of milliseconds.
fn retry_after_ms(extra: &Fields) -> Option<Option<Duration>> {
    extra
        .get("retry_after_ms")
        .map(|value| value.as_u64().map(Duration::from_millis))
}

impl RetryAfterField for Duration {
    fn retry_after(&self) -> Option<RetryAfter> {
        Some(RetryAfter::Delay(*self))
    }
    fn from_retry_after_ms(extra: &Fields) -> Option<Decoded<Self>> {
        retry_after_ms(extra).flatten().map(Decoded::taken)
    }
}

impl RetryAfterField for RetryAfter {
    fn retry_after(&self) -> Option<RetryAfter> {
        Some(*self)
    }
    fn from_retry_after_ms(extra: &Fields) -> Option<Decoded<Self>> {
        retry_after_ms(extra)
            .flatten()
            .map(|delay| Decoded::taken(RetryAfter::Delay(delay)))
    }
}

impl<T: RetryAfterField> RetryAfterField for Option<T> {
    fn retry_after(&self) -> Option<RetryAfter> {
        self.as_ref().and_then(T::retry_after)
    }
    /// A value that does not fit is left in the body's other keys, and the field is `None`.
    fn from_retry_after_ms(extra: &Fields) -> Option<Decoded<Self>> {
        Some(match T::from_retry_after_ms(extra) {
            Some(decoded) => Decoded::taken(Some(decoded.value)),
            None => Decoded::left(None),
        })
    }
}

impl<T: RetryAfterField + ?Sized> RetryAfterField for &T {
    fn retry_after(&self) -> Option<RetryAfter> {
        (**self).retry_after()
    }
    fn from_retry_after_ms(_: &Fields) -> Option<Decoded<Self>> {
        None
    }
}

/// The types a `status` field may have.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `status` field",
    label = "a `status` field must be a `u16`"
)]
pub trait StatusField {
    /// The HTTP status.
    fn status_code(&self) -> u16;
}

impl StatusField for u16 {
    fn status_code(&self) -> u16 {
        *self
    }
}

/// With feature `http`, `#[matrix(status)] status: http::StatusCode` works.
#[cfg(feature = "http")]
#[diagnostic::do_not_recommend]
impl StatusField for ::http::StatusCode {
    fn status_code(&self) -> u16 {
        self.as_u16()
    }
}

impl<T: StatusField + ?Sized> StatusField for &T {
    fn status_code(&self) -> u16 {
        (**self).status_code()
    }
}

/// Rebuilds a value from an errcode and the body's other keys, taking the keys it uses out
/// of `extra`. Generated by `#[matrix(parse)]`.
pub trait FromParts: Sized {
    /// Every key a variant reads from the body.
    const KEYS: &'static [&'static str];

    /// The index of `key` in [`KEYS`](FromParts::KEYS).
    fn key_index(key: &str) -> Option<usize>;

    /// `None` when no variant takes this errcode with these keys.
    fn from_parts(errcode: &str, extra: &mut Fields) -> Option<Self>;
}

/// How many keys the standard kinds read.
const SLOTS: usize = <ErrorKind as FromParts>::KEYS.len();

/// The keys of a body but `errcode` and `error`: those a standard kind reads in slots of
/// their own, so that reading a standard body builds no map for them, the others in a map.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    slots: [Option<Value>; SLOTS],
    /// Bit `i` set: `slots[i]` holds a value.
    filled: u16,
    rest: Option<Map>,
}

const _: () = assert!(SLOTS <= 16, "`Fields::filled` has a bit per slot");

impl Fields {
    /// The slot of a key the standard kinds read.
    #[inline]
    fn slot(key: &str) -> Option<usize> {
        <ErrorKind as FromParts>::key_index(key)
    }

    pub(crate) fn from_map(map: Map) -> Fields {
        let mut fields = Fields::default();
        for (key, value) in map {
            fields.insert(Cow::Owned(key), value);
        }
        fields
    }

    /// Adds a key; a key given again replaces the value.
    #[inline]
    pub(crate) fn insert(&mut self, key: Cow<'_, str>, value: Value) {
        match Fields::slot(&key) {
            Some(slot) => {
                self.slots[slot] = Some(value);
                self.filled |= 1 << slot;
            }
            None => {
                self.rest
                    .get_or_insert_with(Map::new)
                    .insert(key.into_owned(), value);
            }
        }
    }

    /// The value of a key.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Value> {
        match Fields::slot(key) {
            Some(slot) => self.slots[slot].as_ref(),
            None => self.rest.as_ref()?.get(key),
        }
    }

    /// Takes a key out.
    #[inline]
    pub fn remove(&mut self, key: &str) {
        match Fields::slot(key) {
            Some(slot) => {
                self.slots[slot] = None;
                self.filled &= !(1 << slot);
            }
            None => {
                if let Some(rest) = &mut self.rest {
                    rest.remove(key);
                }
            }
        }
    }

    /// Takes every key out.
    pub fn clear(&mut self) {
        *self = Fields::default();
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        let known = <ErrorKind as FromParts>::KEYS.iter().zip(&self.slots);
        let rest = self.rest.iter().flatten();
        known
            .filter_map(|(key, value)| Some((*key, value.as_ref()?)))
            .chain(rest.map(|(key, value)| (key.as_str(), value)))
    }

    /// The keys left, taken out; `None` when there are none.
    #[inline]
    pub(crate) fn take_rest(&mut self) -> Option<Map> {
        let mut rest = self.rest.take();
        if self.filled != 0 {
            let map = rest.get_or_insert_with(Map::new);
            for (key, value) in <ErrorKind as FromParts>::KEYS.iter().zip(&mut self.slots) {
                if let Some(value) = value.take() {
                    map.insert((*key).to_owned(), value);
                }
            }
            self.filled = 0;
        }
        rest.filter(|rest| !rest.is_empty())
    }

    /// The keys left as a map, taken out.
    pub(crate) fn take_map(&mut self) -> Map {
        self.take_rest().unwrap_or_default()
    }
}

/// A field decoded from the body's keys, and whether its key is to be taken out of them.
pub struct Decoded<T> {
    /// The field.
    pub value: T,
    /// The value came from the key, which the variant now holds.
    pub taken: bool,
}

impl<T> Decoded<T> {
    fn taken(value: T) -> Decoded<T> {
        Decoded { value, taken: true }
    }

    fn left(value: T) -> Decoded<T> {
        Decoded {
            value,
            taken: false,
        }
    }

    /// The field, after taking its key out of `extra` if it came from there.
    pub fn take(self, extra: &mut Fields, key: &str) -> T {
        if self.taken {
            extra.remove(key);
        }
        self.value
    }
}

/// Decodes an extra key. A key that is missing, `null` or of a type the field cannot hold
/// decodes as JSON `null` (so an `Option` is `None`) and is left in `extra`, so that nothing
/// the body had is lost; a field that cannot be `null` then fails.
#[inline]
pub fn decode_field<T: DeserializeOwned>(extra: &Fields, key: &str) -> Option<Decoded<T>> {
    if let Some(value) = extra.get(key).filter(|value| !value.is_null()) {
        if let Ok(field) = T::deserialize(value) {
            return Some(Decoded::taken(field));
        }
    }
    T::deserialize(&Value::Null).ok().map(Decoded::left)
}

/// Decodes an extra key; a missing key is `T::default()`, a key of the wrong type fails
/// (the default would be written back in its place).
#[inline]
pub fn decode_field_or_default<T: DeserializeOwned + Default>(
    extra: &Fields,
    key: &str,
) -> Option<Decoded<T>> {
    match extra.get(key) {
        Some(value) => T::deserialize(value).ok().map(Decoded::taken),
        None => Some(Decoded::left(T::default())),
    }
}

/// Decodes a `flatten` field from every key not in `skip`, the keys the variant writes itself.
pub fn decode_flatten<T: DeserializeOwned>(extra: &Fields, skip: &[&str]) -> Option<Decoded<T>> {
    let rest: Map = extra
        .iter()
        .filter(|(key, _)| !skip.contains(key))
        .map(|(key, value)| (key.to_owned(), value.clone()))
        .collect();
    T::deserialize(Value::Object(rest)).ok().map(Decoded::left)
}

/// Whether a constant key of `extra(...)` is absent or has its value.
pub fn constant_matches<T: Serialize + ?Sized>(extra: &Fields, key: &str, value: &T) -> bool {
    match extra.get(key) {
        None => true,
        Some(found) => serde_json::to_value(value).is_ok_and(|value| &value == found),
    }
}

/// The body's keys other than `errcode` and `error`, the input of decoding.
fn extra_keys<E: MatrixError + ?Sized>(error: &E) -> Fields {
    let mut extra = error.error_dict();
    extra.remove("errcode");
    extra.remove("error");
    Fields::from_map(extra)
}

/// `TryFrom<&Error>` of a type derived with `parse`.
pub fn try_from_error<T: FromParts>(error: &Error) -> Result<T, Mismatch> {
    T::from_parts(error.errcode(), &mut extra_keys(error))
        .ok_or_else(|| Mismatch::new(error.errcode()))
}

/// `From<T> for Error` of every derived type.
pub fn into_error<E: MatrixError + ?Sized>(error: &E) -> Error {
    let mut extra = extra_keys(error);
    let kind = ErrorKind::from_fields(error.errcode(), &mut extra);
    Error::from_parts(
        error.status(),
        kind,
        error.message().into_owned(),
        extra.take_rest(),
        error.retry_after(),
    )
}

#[cfg(feature = "axum")]
pub use ::axum;

/// `IntoResponse` of a derived type.
#[cfg(feature = "axum")]
pub fn axum_response<E: MatrixError>(error: &E) -> ::axum::response::Response {
    crate::axum::response(error)
}

#[cfg(feature = "actix-web")]
pub use ::actix_web;

/// `ResponseError::status_code` of a derived type.
#[cfg(feature = "actix-web")]
pub fn actix_status<E: MatrixError>(error: &E) -> ::actix_web::http::StatusCode {
    crate::actix_web::status(error)
}

/// `ResponseError::error_response` of a derived type.
#[cfg(feature = "actix-web")]
pub fn actix_response<E: MatrixError>(
    error: &E,
) -> ::actix_web::HttpResponse<::actix_web::body::BoxBody> {
    crate::actix_web::response(error)
}

#[cfg(feature = "ruma")]
pub use ::ruma_common;

/// `From<T> for ruma_common::api::error::Error` of a derived type.
#[cfg(feature = "ruma")]
pub fn ruma_error<E: MatrixError>(error: &E) -> ::ruma_common::api::error::Error {
    ::ruma_common::api::error::Error::from(&into_error(error))
}
