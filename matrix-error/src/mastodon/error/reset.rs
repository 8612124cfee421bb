//! Mastodon's `X-RateLimit-Reset`: an ISO 8601 time with microseconds
//! (`2026-12-01T12:00:00.000000Z`, Ruby's `iso8601(6)`), read into a `SystemTime` without a
//! date crate and without the clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::retry::{days_from_civil, days_in_month, digits, time_of_day};

/// Reads `YYYY-MM-DDTHH:MM:SS`, an optional fraction of any length (nanoseconds kept, the rest
/// dropped) and `Z` or an offset `±HH:MM` (`±HHMM`, `±HH`); `T` may be `t` or a space, `Z`
/// `z`. `None` for anything else, a date that does not exist, or a time `SystemTime` cannot
/// hold.
pub(super) fn parse_iso8601(text: &str) -> Option<SystemTime> {
    let bytes = text.as_bytes();
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if bytes.len() < 20
        || separators.iter().any(|&(at, byte)| bytes[at] != byte)
        || !matches!(bytes[10], b'T' | b't' | b' ')
    {
        return None;
    }
    let year = i64::from(digits(text.get(0..4)?, 4)?);
    let (month, day) = (digits(text.get(5..7)?, 2)?, digits(text.get(8..10)?, 2)?);
    let (hour, minute, second) = time_of_day(text.get(11..19)?)?;
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        // 60 for a leap second, which the epoch count folds into the next minute.
        && second <= 60;
    if !valid {
        return None;
    }
    let mut rest = text.get(19..)?;
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if length == 0 {
            return None;
        }
        for (place, byte) in fraction.bytes().take(length.min(9)).enumerate() {
            nanos += u32::from(byte - b'0') * 10u32.pow(8 - place as u32);
        }
        rest = &fraction[length..];
    }
    let offset = offset_seconds(rest)?;
    let seconds = days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second)
        - offset;
    let at = if seconds >= 0 {
        UNIX_EPOCH.checked_add(Duration::from_secs(seconds.unsigned_abs()))?
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_secs(seconds.unsigned_abs()))?
    };
    at.checked_add(Duration::from_nanos(u64::from(nanos)))
}

/// The seconds east of UTC of `Z` or `±HH:MM` (`±HHMM`, `±HH`).
fn offset_seconds(zone: &str) -> Option<i64> {
    if matches!(zone, "Z" | "z") {
        return Some(0);
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let zone = &zone[1..];
    let (hours, minutes) = match zone.len() {
        2 => (zone, "00"),
        4 => (zone.get(..2)?, zone.get(2..)?),
        5 if zone.as_bytes()[2] == b':' => (zone.get(..2)?, zone.get(3..)?),
        _ => return None,
    };
    let (hours, minutes) = (digits(hours, 2)?, digits(minutes, 2)?);
    (hours < 24 && minutes < 60).then(|| sign * (i64::from(hours) * 3600 + i64::from(minutes) * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64, nanos: u32) -> Option<SystemTime> {
        Some(UNIX_EPOCH + Duration::new(seconds, nanos))
    }

    #[test]
    fn reads_mastodons_form_and_offsets() {
        // Rack::Attack's throttled responder: `(now + period - now % period).iso8601(6)`.
        assert_eq!(
            parse_iso8601("2026-12-01T12:00:00.000000Z"),
            at(1_796_126_400, 0)
        );
        assert_eq!(
            parse_iso8601("2026-12-01T12:00:00.123456Z"),
            at(1_796_126_400, 123_456_000)
        );
        assert_eq!(parse_iso8601("2026-12-01T12:00:00Z"), at(1_796_126_400, 0));
        assert_eq!(
            parse_iso8601("2026-12-01 13:30:00+01:30"),
            at(1_796_126_400, 0)
        );
        assert_eq!(
            parse_iso8601("2026-12-01T10:00:00-0200"),
            at(1_796_126_400, 0)
        );
        assert_eq!(
            parse_iso8601("2026-12-01t12:00:00.1234567891z"),
            at(1_796_126_400, 123_456_789)
        );
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), at(0, 0));
        assert_eq!(parse_iso8601("2024-02-29T00:00:00Z"), at(1_709_164_800, 0));
        assert_eq!(
            parse_iso8601("1969-12-31T23:59:59Z"),
            UNIX_EPOCH.checked_sub(Duration::from_secs(1))
        );
    }

    #[test]
    fn refuses_what_is_no_time() {
        for text in [
            "",
            "soon",
            "2026-12-01",
            "2026-12-01T12:00:00",
            "2026-12-01T12:00:00.Z",
            "2026-13-01T12:00:00Z",
            "2025-02-29T12:00:00Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01T12:00:00+25:00",
            "+026-12-01T12:00:00Z",
            "2026-12-01T12:00:00.000000Zjunk",
            "2026-12-01T1é:00:00Z",
            "2026-12-01T12:00:0é",
            "Tue, 01 Dec 2026 12:00:00 GMT",
        ] {
            assert_eq!(parse_iso8601(text), None, "{text:?}");
        }
    }
}
