//! The types a field with a role may have: [`RetryAfterField`] for `#[matrix(retry_after)]`,
//! [`StatusField`] for `#[matrix(status)]` (and what a `status_with` function returns),
//! [`ErrcodeField`] for `#[matrix(errcode)]`.
//!
//! Their `on_unimplemented` messages are what a user reads for a field of the wrong type, so
//! each says which types fit, and what to write instead.

use std::time::Duration;

use crate::RetryAfter;
use crate::body::key;
use crate::decode::{BodyKeys, Decoded};

/// The types a `retry_after` field may have.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `retry_after` field",
    label = "a `retry_after` field must be a `Duration` or a `RetryAfter`, or an `Option` of either"
)]
pub trait RetryAfterField {
    /// The value for the `Retry-After` header.
    fn retry_after(&self) -> Option<RetryAfter>;

    /// Decodes the body's `retry_after_ms`; `None` when it does not fit this type.
    fn from_retry_after_ms(keys: &BodyKeys) -> Option<Decoded<Self>>
    where
        Self: Sized;
}

/// `retry_after_ms` as a delay: `None` when absent, `Some(None)` when not a whole number
/// of milliseconds.
fn retry_after_ms(keys: &BodyKeys) -> Option<Option<Duration>> {
    keys.get(key::RETRY_AFTER_MS)
        .map(|value| value.as_u64().map(Duration::from_millis))
}

impl RetryAfterField for Duration {
    fn retry_after(&self) -> Option<RetryAfter> {
        Some(RetryAfter::Delay(*self))
    }
    fn from_retry_after_ms(keys: &BodyKeys) -> Option<Decoded<Self>> {
        retry_after_ms(keys).flatten().map(Decoded::FromKey)
    }
}

impl RetryAfterField for RetryAfter {
    fn retry_after(&self) -> Option<RetryAfter> {
        Some(*self)
    }
    fn from_retry_after_ms(keys: &BodyKeys) -> Option<Decoded<Self>> {
        retry_after_ms(keys)
            .flatten()
            .map(|delay| Decoded::FromKey(RetryAfter::Delay(delay)))
    }
}

impl<T: RetryAfterField> RetryAfterField for Option<T> {
    fn retry_after(&self) -> Option<RetryAfter> {
        self.as_ref().and_then(T::retry_after)
    }
    /// A value that does not fit is left in the body's other keys, and the field is `None`.
    fn from_retry_after_ms(keys: &BodyKeys) -> Option<Decoded<Self>> {
        Some(match T::from_retry_after_ms(keys) {
            Some(Decoded::FromKey(value)) => Decoded::FromKey(Some(value)),
            _ => Decoded::Absent(None),
        })
    }
}

impl<T: RetryAfterField + ?Sized> RetryAfterField for &T {
    fn retry_after(&self) -> Option<RetryAfter> {
        (**self).retry_after()
    }
    fn from_retry_after_ms(_: &BodyKeys) -> Option<Decoded<Self>> {
        None
    }
}

/// The types a `status` field may have, and a `status_with` function may return.
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
/// `Box<str>`, anything that is `AsRef<str>`).
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
