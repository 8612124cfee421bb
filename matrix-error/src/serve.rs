//! What every HTTP integration sends for an error: one status rule, one body (with the time
//! left until a retry date, the one place the crate reads the clock), one header; and in Zulip's
//! and Mastodon's dialects, the [`Answer`] (status, body, headers: Mastodon's
//! `X-RateLimit-Reset` reads the clock here too). (The requests they refuse are in `reject.rs`.)

use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::body::WithRetryAfterMs;
use crate::dialect::error_status;
use crate::{Body, MatrixError, RetryAfter, mastodon, zulip};

/// The `Content-Type` of every error response.
pub(crate) const CONTENT_TYPE: &str = "application/json";

/// The status to send: the error's, if it is an error status (400..=599), else 500.
///
/// An [`Error`](crate::Error) keeps any status it is given, such as a peer's 200 or a 0 from a
/// test, so that what was read is never altered; such a status can never be answered as an
/// error, and a server that passes the error on has failed.
pub(crate) fn status<E: MatrixError + ?Sized>(error: &E) -> u16 {
    match error.status() {
        status @ 400..=599 => status,
        _ => 500,
    }
}

/// The JSON body: [`Body`], written straight into the buffer, with `retry_after_ms` added for
/// a retry date ([`retry_after_ms_left`]). A field whose `Serialize` fails cannot stop the
/// response: the body is then written from `error_dict`, which keeps the required keys.
pub(crate) fn body<E>(error: &E) -> Vec<u8>
where
    E: MatrixError + ?Sized,
    for<'a> Body<'a, E>: Serialize,
{
    match retry_after_ms_left(error.retry_after()) {
        None => {
            serde_json::to_vec(&Body(error)).or_else(|_| serde_json::to_vec(&error.error_dict()))
        }
        Some(ms) => serde_json::to_vec(&WithRetryAfterMs {
            body: &Body(error),
            ms,
        })
        .or_else(|_| {
            serde_json::to_vec(&WithRetryAfterMs {
                body: &error.error_dict(),
                ms,
            })
        }),
    }
    .unwrap_or_default()
}

/// A response in one of the other dialects, for any HTTP stack: its status, body and headers
/// (`Content-Type` first).
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

/// The answer in Zulip's dialect: [`zulip::Body`], `Retry-After` for a retry, and on a 401
/// `WWW-Authenticate: Basic realm="zulip"` as Zulip's `/api/` routes send.
pub(crate) fn zulip<E>(error: &E) -> Answer
where
    E: MatrixError + ?Sized,
    for<'a> zulip::Body<'a, E>: Serialize,
{
    let status = error_status(zulip::status(error));
    #[cfg(feature = "tracing")]
    trace(error, status);
    let body = serde_json::to_vec(&zulip::Body(error)).unwrap_or_else(|_| {
        serde_json::to_vec(&serde_json::json!({
            "result": "error",
            "msg": error.message(),
            "code": zulip::resolve(error.errcode(), error.status(), error.__dialects()).0,
        }))
        .unwrap_or_default()
    });
    let mut headers = vec![("content-type", CONTENT_TYPE.to_owned())];
    headers.extend(retry_after(error).map(|value| ("retry-after", value)));
    if status == 401 {
        headers.push(("www-authenticate", "Basic realm=\"zulip\"".to_owned()));
    }
    Answer {
        status,
        body,
        headers,
    }
}

/// The answer in Mastodon's dialect: [`mastodon::Body`], and on a rate limit `Retry-After` and
/// `X-RateLimit-Reset`, the time of the retry in ISO 8601 (the clock read for a delay).
pub(crate) fn mastodon<E>(error: &E) -> Answer
where
    E: MatrixError + ?Sized,
    for<'a> mastodon::Body<'a, E>: Serialize,
{
    let status = error_status(mastodon::status(error));
    #[cfg(feature = "tracing")]
    trace(error, status);
    let body = serde_json::to_vec(&mastodon::Body(error)).unwrap_or_else(|_| {
        serde_json::to_vec(&serde_json::json!({ "error": error.message() })).unwrap_or_default()
    });
    let mut headers = vec![("content-type", CONTENT_TYPE.to_owned())];
    headers.extend(retry_after(error).map(|value| ("retry-after", value)));
    if status == 429 {
        headers.extend(
            rate_limit_reset(error.retry_after()).map(|reset| ("x-ratelimit-reset", reset)),
        );
    }
    Answer {
        status,
        body,
        headers,
    }
}

/// The time a rate limit ends, in ISO 8601: a retry date as it is, a delay from now.
#[allow(
    clippy::disallowed_methods,
    reason = "the time a delay ends, as a Mastodon response is built"
)]
fn rate_limit_reset(retry_after: Option<RetryAfter>) -> Option<String> {
    let at = match retry_after? {
        RetryAfter::DateTime(at) => at,
        RetryAfter::Delay(delay) => SystemTime::now().checked_add(delay)?,
    };
    Some(crate::retry::iso8601(at))
}

/// Logs an error being answered (feature `tracing`): one event, target `matrix_error`, at
/// error level for a 5xx status and at debug level else, with the fields
///
/// - `status`: the status sent (`u16`),
/// - `errcode`: the errcode sent,
/// - `error`: the `Display` text, unredacted, of an error that is a `std::error::Error`
///   (every derived type with thiserror), else [`message`](MatrixError::message),
/// - `source`: its `source()`, as a `dyn std::error::Error` (a subscriber records the rest of
///   the chain from it; `tracing-subscriber`'s formatter prints it as `source.sources`),
///   absent when it has none.
///
/// The body a client gets is unchanged: a 5xx still says "Internal server error".
#[cfg(feature = "tracing")]
pub(crate) fn trace<E: MatrixError + ?Sized>(error: &E, status: u16) {
    macro_rules! event {
        ($level:expr) => {
            match error.__as_error() {
                Some(unredacted) => tracing::event!(
                    target: "matrix_error",
                    $level,
                    status,
                    errcode = error.errcode(),
                    error = %unredacted,
                    source = unredacted.source(),
                    "error response",
                ),
                None => tracing::event!(
                    target: "matrix_error",
                    $level,
                    status,
                    errcode = error.errcode(),
                    error = %error.message(),
                    "error response",
                ),
            }
        };
    }
    match status {
        500.. => event!(tracing::Level::ERROR),
        _ => event!(tracing::Level::DEBUG),
    }
}

/// The `Retry-After` header value: whole seconds rounded up, or an IMF-fixdate.
pub(crate) fn retry_after<E: MatrixError + ?Sized>(error: &E) -> Option<String> {
    error
        .retry_after()
        .map(|retry_after| retry_after.to_string())
}

/// For a retry date, the milliseconds left until it, rounded up (0 once it has passed): what
/// a response sends as `retry_after_ms` beside the date in `Retry-After`. `None` for a delay,
/// which [`Body`] writes itself, and for no retry at all.
///
/// This is where the runtime crate reads the clock ([`SystemTime::now`], only for a date), and
/// the only place: [`Body`], `error_dict` and every reading path are pure, so the same error
/// always writes the same bytes and reading a response never depends on when. A body holds
/// the time left only when it goes out as a response.
#[allow(
    clippy::disallowed_methods,
    reason = "the one clock read: the time left until a retry date, as a response is built"
)]
pub(crate) fn retry_after_ms_left(retry_after: Option<RetryAfter>) -> Option<u64> {
    let RetryAfter::DateTime(at) = retry_after? else {
        return None;
    };
    Some(ms_until(at, SystemTime::now()))
}

/// The whole milliseconds from `now` until `at`, rounded up, so that a client never retries
/// early; 0 once `at` has passed, `u64::MAX` at most.
fn ms_until(at: SystemTime, now: SystemTime) -> u64 {
    let left = at.duration_since(now).unwrap_or(Duration::ZERO);
    let ms = left.as_millis() + u128::from(left.subsec_nanos() % 1_000_000 != 0);
    u64::try_from(ms).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::ms_until;

    #[test]
    fn the_time_left_is_rounded_up_and_never_negative() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let after = |nanos: u64| now + Duration::from_nanos(nanos);
        assert_eq!(ms_until(after(30_000_000_000), now), 30_000);
        assert_eq!(ms_until(after(1), now), 1);
        assert_eq!(ms_until(after(1_000_001), now), 2);
        assert_eq!(ms_until(now, now), 0);
        assert_eq!(ms_until(now - Duration::from_secs(5), now), 0);
        let far = now + Duration::from_secs(u64::MAX / 1000 + 1);
        assert_eq!(ms_until(far, now), u64::MAX);
    }
}
