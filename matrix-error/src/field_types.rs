//! The types a field with a role may have: [`RetryAfterField`] for `#[matrix(retry_after)]`,
//! [`StatusField`] for `#[matrix(status)]` (and what a `status_with` function returns),
//! [`ErrcodeField`] for `#[matrix(errcode)]`, [`FieldValue`] for `#[matrix(field)]` and
//! `#[matrix(flatten)]`.
//!
//! The derive's generated code calls them; a compile error for a field of a type that does
//! not fit names them, and says which types fit and what to write instead. `StatusField` and
//! `ErrcodeField` may be implemented for a type of your own.
//!
//! ```
//! use matrix_error::MatrixError;
//! use matrix_error::field_types::StatusField;
//!
//! /// A status type of a framework the crate does not know.
//! #[derive(Debug, Clone, Copy)]
//! struct Status(u16);
//!
//! impl StatusField for Status {
//!     fn status_code(&self) -> u16 {
//!         self.0
//!     }
//! }
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! #[error("upstream failed")]
//! #[matrix(errcode = "M_UNKNOWN")]
//! struct Upstream {
//!     #[matrix(status)]
//!     status: Status,
//! }
//!
//! assert_eq!(Upstream { status: Status(502) }.status(), 502);
//! ```

use std::time::Duration;

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::RetryAfter;
use crate::body::{self, EarlierFlatten, key};
use crate::decode::{BodyKeys, Decoded};

/// The types a `retry_after` field may have: [`Duration`], [`RetryAfter`], an `Option` of
/// either, or a reference to one. Implemented for those only: the derive also reads the
/// body's `retry_after_ms` back into it.
///
/// ```
/// use matrix_error::field_types::RetryAfterField;
/// use matrix_error::RetryAfter;
/// use std::time::Duration;
///
/// let wait = Some(Duration::from_secs(3));
/// assert_eq!(wait.retry_after(), Some(RetryAfter::Delay(Duration::from_secs(3))));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `retry_after` field",
    label = "a `retry_after` field must be a `Duration` or a `RetryAfter`, or an `Option` of either"
)]
pub trait RetryAfterField {
    /// The value for the `Retry-After` header.
    fn retry_after(&self) -> Option<RetryAfter>;

    /// Decodes the field: from the converted error's `Retry-After` (`BodyKeys::retry_after`,
    /// the header winning), else from the body's `retry_after_ms`; `None` when neither fits
    /// this type.
    #[doc(hidden)]
    fn decode_retry_after(keys: &BodyKeys) -> Option<Decoded<Self>>
    where
        Self: Sized;
}

/// `retry_after_ms` as a delay: `None` when absent, `Some(None)` when not a whole number
/// of milliseconds.
fn retry_after_ms(keys: &BodyKeys) -> Option<Option<Duration>> {
    keys.get(key::RETRY_AFTER_MS)
        .map(|value| value.as_u64().map(Duration::from_millis))
}

/// A `Duration` holds a delay, never a date (the time left would need the clock, which no
/// reading path reads): for a date, the body's `retry_after_ms`, which a response writes
/// beside the date as the time left when it was sent.
impl RetryAfterField for Duration {
    fn retry_after(&self) -> Option<RetryAfter> {
        Some(RetryAfter::Delay(*self))
    }
    fn decode_retry_after(keys: &BodyKeys) -> Option<Decoded<Self>> {
        match keys.retry_after() {
            Some(RetryAfter::Delay(delay)) => Some(Decoded::FromKey(delay)),
            _ => retry_after_ms(keys).flatten().map(Decoded::FromKey),
        }
    }
}

impl RetryAfterField for RetryAfter {
    fn retry_after(&self) -> Option<RetryAfter> {
        Some(*self)
    }
    fn decode_retry_after(keys: &BodyKeys) -> Option<Decoded<Self>> {
        match keys.retry_after() {
            Some(retry_after) => Some(Decoded::FromKey(retry_after)),
            None => retry_after_ms(keys)
                .flatten()
                .map(|delay| Decoded::FromKey(RetryAfter::Delay(delay))),
        }
    }
}

impl<T: RetryAfterField> RetryAfterField for Option<T> {
    fn retry_after(&self) -> Option<RetryAfter> {
        self.as_ref().and_then(T::retry_after)
    }
    /// A value that does not fit is left in the body's other keys, and the field is `None`.
    fn decode_retry_after(keys: &BodyKeys) -> Option<Decoded<Self>> {
        Some(match T::decode_retry_after(keys) {
            Some(Decoded::FromKey(value)) => Decoded::FromKey(Some(value)),
            _ => Decoded::Absent(None),
        })
    }
}

impl<T: RetryAfterField + ?Sized> RetryAfterField for &T {
    fn retry_after(&self) -> Option<RetryAfter> {
        (**self).retry_after()
    }
    fn decode_retry_after(_: &BodyKeys) -> Option<Decoded<Self>> {
        None
    }
}

/// The types a `status` field may have, and a `status_with` function may return: `u16`,
/// `http::StatusCode` (feature `http`), a reference to one, or a type of your own that
/// implements it (see the [module docs](self)).
///
/// ```
/// use matrix_error::field_types::StatusField;
///
/// assert_eq!(404u16.status_code(), 404);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a status",
    label = "a `#[matrix(status)]` field, or what a `status_with` function returns, must be a `u16` or an `http::StatusCode` (feature `http`), or a reference to one",
    note = "to compute the status from a field of another type, write `#[matrix(status_with = \"path::to::function\")]` on it, with `fn(&FieldType) -> u16`"
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

/// The types an `errcode` field may have: any string (`String`, `&str`, `Cow<str>`,
/// `Box<str>`, anything that is `AsRef<str>`). A Matrix error kind is no string: a field
/// that holds one is a `#[matrix(kind)]` field.
///
/// ```
/// use matrix_error::field_types::ErrcodeField;
///
/// assert_eq!(String::from("COM.EXAMPLE_X").errcode(), "COM.EXAMPLE_X");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an `errcode` field",
    label = "an `errcode` field must be a string (`String`, `&str`, `Cow<str>`: any `AsRef<str>`)",
    note = "for a Matrix error kind (`matrix_error::ErrorKind`, ruma's `ErrorKind`, a derived enum), mark the field `#[matrix(kind)]` instead: its errcode, keys and status then come from it"
)]
pub trait ErrcodeField {
    /// The errcode.
    fn errcode(&self) -> &str;
}

// `do_not_recommend`: for a type that is no string, the error names `ErrcodeField` (and its
// advice), not the `AsRef<str>` this impl asks for.
#[diagnostic::do_not_recommend]
impl<T: AsRef<str> + ?Sized> ErrcodeField for T {
    fn errcode(&self) -> &str {
        self.as_ref()
    }
}

/// The types a `field` or `flatten` field may have: anything `serde::Serialize` (for
/// `flatten`, a map or a struct).
///
/// ```
/// #[derive(Debug, serde::Serialize)]
/// struct Quota { used: u32, limit: u32 }
///
/// #[derive(Debug, thiserror::Error, matrix_error::MatrixError)]
/// #[error("quota reached")]
/// #[matrix(errcode = "COM.EXAMPLE_QUOTA", status = 403)]
/// struct QuotaReached {
///     #[matrix(flatten)]
///     quota: Quota,
/// }
///
/// let body = serde_json::to_string(&matrix_error::Body(&QuotaReached { quota: Quota { used: 3, limit: 3 } })).unwrap();
/// assert_eq!(body, r#"{"errcode":"COM.EXAMPLE_QUOTA","error":"quota reached","used":3,"limit":3}"#);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent in the body: it is not `serde::Serialize`",
    label = "a `field` or `flatten` field is written with serde",
    note = "derive it (`#[derive(serde::Serialize)]`), send a `String` of it instead, or leave the field out of the body (no `field` key: it can still be in the message)"
)]
pub trait FieldValue {
    /// Writes the value as the extra key `name`; `None` is left out.
    #[doc(hidden)]
    fn __write_field<M: SerializeMap>(
        &self,
        map: &mut M,
        name: &'static str,
    ) -> Result<(), M::Error>;

    /// Merges the value's keys into the body, but `skip`.
    #[doc(hidden)]
    fn __write_flatten<M: SerializeMap>(&self, map: &mut M, skip: &[&str]) -> Result<(), M::Error>;

    /// `__write_flatten` for a variant's second or later `flatten` field: it also leaves out
    /// every key the `earlier` ones wrote (`(&first, ())`, `(&first, (&second, ()))`), so
    /// that no key is written twice and the first field to write a key wins.
    #[doc(hidden)]
    fn __write_flatten_after<M: SerializeMap, E: EarlierFlatten>(
        &self,
        map: &mut M,
        skip: &[&str],
        earlier: &E,
    ) -> Result<(), M::Error>;

    /// Whether the value, flattened, writes `key`.
    #[doc(hidden)]
    fn __writes_key(&self, key: &str) -> bool;
}

// `do_not_recommend`: for a type that is not `Serialize`, the error names `FieldValue` (and
// its advice).
#[diagnostic::do_not_recommend]
impl<T: Serialize + ?Sized> FieldValue for T {
    fn __write_field<M: SerializeMap>(
        &self,
        map: &mut M,
        name: &'static str,
    ) -> Result<(), M::Error> {
        body::write_field(map, name, self)
    }

    fn __write_flatten<M: SerializeMap>(&self, map: &mut M, skip: &[&str]) -> Result<(), M::Error> {
        body::write_flatten(map, self, skip)
    }

    fn __write_flatten_after<M: SerializeMap, E: EarlierFlatten>(
        &self,
        map: &mut M,
        skip: &[&str],
        earlier: &E,
    ) -> Result<(), M::Error> {
        body::write_flatten_after(map, self, skip, earlier)
    }

    fn __writes_key(&self, key: &str) -> bool {
        body::writes_key(self, key)
    }
}
