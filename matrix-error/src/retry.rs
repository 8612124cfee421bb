use std::time::{Duration, SystemTime};

/// When a client may retry: the two forms of HTTP's `Retry-After` header (RFC 9110).
///
/// A delay also goes into the body as `retry_after_ms`; a date goes only into the header.
///
/// ```
/// use std::time::Duration;
/// use matrix_error::RetryAfter;
///
/// let retry = RetryAfter::Delay(Duration::from_millis(2500));
/// assert_eq!(retry.delay_ms(), Some(2500));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// Retry after this long.
    Delay(Duration),
    /// Retry at or after this time.
    DateTime(SystemTime),
}

impl RetryAfter {
    /// The delay in whole milliseconds, as the body's `retry_after_ms` carries it; `None` for
    /// a date. Saturates at `u64::MAX`.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use matrix_error::RetryAfter;
    ///
    /// assert_eq!(RetryAfter::Delay(Duration::from_secs(2)).delay_ms(), Some(2000));
    /// assert_eq!(RetryAfter::DateTime(SystemTime::UNIX_EPOCH).delay_ms(), None);
    /// ```
    pub fn delay_ms(&self) -> Option<u64> {
        match self {
            RetryAfter::Delay(delay) => Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX)),
            RetryAfter::DateTime(_) => None,
        }
    }
}

impl From<Duration> for RetryAfter {
    fn from(delay: Duration) -> Self {
        RetryAfter::Delay(delay)
    }
}

impl From<SystemTime> for RetryAfter {
    fn from(time: SystemTime) -> Self {
        RetryAfter::DateTime(time)
    }
}
