//! The types a field with a role may have: [`RetryAfterField`] for `#[matrix(retry_after)]`,
//! [`StatusField`] for `#[matrix(status)]`.

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

    /// Decodes the field: from the converted error's `Retry-After`
    /// ([`BodyKeys::retry_after`], the header winning), else from the body's `retry_after_ms`;
    /// `None` when neither fits this type.
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
