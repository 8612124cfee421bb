use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// When a client may retry: the two forms of HTTP's `Retry-After` header (RFC 9110, 10.2.3).
///
/// A delay also goes into the body as `retry_after_ms`. A date goes into the header, and the
/// HTTP integrations' responses add the time left until it as `retry_after_ms` (see
/// [`Body`](crate::Body#a-retry-date); `Body` alone never reads the clock).
/// [`FromStr`] reads a header value and [`Display`](fmt::Display) writes one.
///
/// ```
/// use std::time::Duration;
/// use matrix_error::RetryAfter;
///
/// let retry = RetryAfter::Delay(Duration::from_millis(2500));
/// assert_eq!(retry.delay_ms(), Some(2500));
/// assert_eq!(retry.to_string(), "3", "the header carries whole seconds, rounded up");
///
/// let date: RetryAfter = "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap();
/// assert_eq!(date.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
/// ```
///
/// # Range
///
/// An HTTP-date has a four-digit year, so the dates a header can carry are the whole seconds
/// from `Sat, 01 Jan 0000 00:00:00 GMT` to `Fri, 31 Dec 9999 23:59:59 GMT` (UTC, proleptic
/// Gregorian calendar). Both directions keep to that range, so every value that parses
/// displays as a value that parses back to it, exactly:
///
/// - Parsing refuses a date that would fall outside it: the leap second
///   `Fri, 31 Dec 9999 23:59:60 GMT` (a leap second counts as the second after it, as in Unix
///   time, which here would be in the year 10000).
/// - `Display` writes a `SystemTime` truncated to its whole second (towards the past), and one
///   outside the range as the range's nearest end: anything before year 0000 as
///   `Sat, 01 Jan 0000 00:00:00 GMT`, anything after the last second of 9999 as
///   `Fri, 31 Dec 9999 23:59:59 GMT`.
/// - A delay is written as whole seconds rounded up, saturating at `u64::MAX` seconds (as
///   parsing saturates a larger number). A delay of whole seconds parses back equal; one with a
///   fraction parses back as its rounded-up value.
///
/// So `v.to_string().parse()` succeeds for every `RetryAfter` `v`, and gives `v` back when `v`
/// was itself parsed.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use matrix_error::RetryAfter;
///
/// // A leap second rolling over past the last representable second is refused.
/// assert!("Fri, 31 Dec 9999 23:59:60 GMT".parse::<RetryAfter>().is_err());
/// let last: RetryAfter = "Fri, 31 Dec 9999 23:59:59 GMT".parse().unwrap();
/// assert_eq!(last.to_string().parse(), Ok(last));
///
/// // Times outside the range are written as its ends; fractions of a second are cut.
/// let far_future = SystemTime::UNIX_EPOCH + Duration::from_secs(400_000_000_000);
/// assert_eq!(RetryAfter::DateTime(far_future).to_string(), "Fri, 31 Dec 9999 23:59:59 GMT");
/// let far_past = SystemTime::UNIX_EPOCH - Duration::from_secs(100_000_000_000);
/// assert_eq!(RetryAfter::DateTime(far_past).to_string(), "Sat, 01 Jan 0000 00:00:00 GMT");
/// let fraction = SystemTime::UNIX_EPOCH + Duration::from_millis(1_999);
/// assert_eq!(RetryAfter::DateTime(fraction).to_string(), "Thu, 01 Jan 1970 00:00:01 GMT");
///
/// // Delays saturate at u64::MAX seconds and still parse.
/// let longest = RetryAfter::Delay(Duration::MAX);
/// assert_eq!(longest.to_string().parse(), Ok(RetryAfter::Delay(Duration::from_secs(u64::MAX))));
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

    /// How long to wait from `now`: the delay itself, or the time left until the date (zero
    /// once it has passed).
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use matrix_error::RetryAfter;
    ///
    /// let now = SystemTime::now();
    /// let at = RetryAfter::DateTime(now + Duration::from_secs(30));
    /// assert_eq!(at.delay_from(now), Duration::from_secs(30));
    /// assert_eq!(at.delay_from(now + Duration::from_secs(60)), Duration::ZERO);
    /// assert_eq!(RetryAfter::Delay(Duration::from_secs(2)).delay_from(now), Duration::from_secs(2));
    /// ```
    pub fn delay_from(&self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Delay(delay) => *delay,
            RetryAfter::DateTime(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
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

/// The header value: whole seconds for a delay (rounded up, so a client never retries early,
/// and saturating at `u64::MAX`), an IMF-fixdate for a date (`Sun, 06 Nov 1994 08:49:37 GMT`,
/// truncated to the second, and clamped to years 0000 to 9999: see
/// [the range](RetryAfter#range)). The value written always parses.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use matrix_error::RetryAfter;
///
/// assert_eq!(RetryAfter::Delay(Duration::from_millis(1)).to_string(), "1");
/// let at = SystemTime::UNIX_EPOCH + Duration::from_millis(784_111_777_900);
/// assert_eq!(RetryAfter::DateTime(at).to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
/// ```
impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryAfter::Delay(delay) => {
                let seconds = delay
                    .as_secs()
                    .saturating_add(u64::from(delay.subsec_nanos() > 0));
                write!(f, "{seconds}")
            }
            RetryAfter::DateTime(at) => write_http_date(f, *at),
        }
    }
}

/// The error of parsing a `Retry-After` value that is neither delay-seconds nor an HTTP-date.
///
/// ```
/// use matrix_error::RetryAfter;
///
/// let error = "soon".parse::<RetryAfter>().unwrap_err();
/// assert_eq!(error.to_string(), "invalid Retry-After value: expected delay-seconds or an HTTP-date");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRetryAfter(());

impl fmt::Display for InvalidRetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid Retry-After value: expected delay-seconds or an HTTP-date")
    }
}

impl std::error::Error for InvalidRetryAfter {}

/// Reads a `Retry-After` header value: delay-seconds (`120`; a number too large for `u64`
/// saturates) or an HTTP-date in any of the three forms RFC 9110 makes recipients accept:
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
/// and asctime (`Sun Nov  6 08:49:37 1994`). Surrounding whitespace is ignored.
///
/// A date is checked (its weekday too) and must lie in [the range](RetryAfter#range), years
/// 0000 to 9999; a leap second (`23:59:60`) counts as the second after it, and is refused on
/// the last day of 9999.
///
/// Parsing never reads the clock (on `wasm32-unknown-unknown` reading it panics). RFC 9110
/// reads RFC 850's two-digit year by the clock: a year more than 50 years ahead is the century
/// before. Here the weekday decides, which an RFC 850 date always names: of the years 1900 to
/// 2299 ending in the two digits, the one in which the date falls on that weekday (the four
/// centuries of the Gregorian cycle begin on four different weekdays, so at most one fits;
/// with none the value is refused). Every date that the clock rule reads under a clock between
/// 1950 and 2249 is read the same, since its year must name its weekday too; a date the clock
/// rule refuses for a wrong weekday may be read in another of the four centuries.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use matrix_error::RetryAfter;
///
/// assert_eq!("120".parse(), Ok(RetryAfter::Delay(Duration::from_secs(120))));
/// let at = SystemTime::UNIX_EPOCH + Duration::from_secs(784111777);
/// assert_eq!("Sun, 06 Nov 1994 08:49:37 GMT".parse(), Ok(RetryAfter::DateTime(at)));
/// assert_eq!("Sunday, 06-Nov-94 08:49:37 GMT".parse(), Ok(RetryAfter::DateTime(at)));
/// assert_eq!("Sun Nov  6 08:49:37 1994".parse(), Ok(RetryAfter::DateTime(at)));
/// assert!("-1".parse::<RetryAfter>().is_err());
///
/// // 6 November 2094 is a Saturday: the weekday picks the century.
/// let later: RetryAfter = "Saturday, 06-Nov-94 08:49:37 GMT".parse().unwrap();
/// assert_eq!(later.to_string(), "Sat, 06 Nov 2094 08:49:37 GMT");
/// assert!("Monday, 06-Nov-94 08:49:37 GMT".parse::<RetryAfter>().is_err());
/// ```
impl FromStr for RetryAfter {
    type Err = InvalidRetryAfter;

    fn from_str(value: &str) -> Result<RetryAfter, InvalidRetryAfter> {
        let value = value.trim_matches([' ', '\t']);
        if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
            let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
            return Ok(RetryAfter::Delay(Duration::from_secs(seconds)));
        }
        parse_http_date(value)
            .map(RetryAfter::DateTime)
            .ok_or(InvalidRetryAfter(()))
    }
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A civil date and time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DateTime {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// 0 = Monday.
    weekday: usize,
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `Sat, 01 Jan 0000 00:00:00 GMT`, the first second an HTTP-date can name, since the epoch.
const EARLIEST: i64 = -62_167_219_200;
/// `Fri, 31 Dec 9999 23:59:59 GMT`, the last one.
const LATEST: i64 = 253_402_300_799;

pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whole seconds since the epoch (rounded towards the past), negative before it; saturating.
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            let before = before.duration();
            let seconds = before.as_secs() + u64::from(before.subsec_nanos() > 0);
            i64::try_from(seconds).map_or(i64::MIN, |seconds| -seconds)
        }
    }
}

/// An IMF-fixdate, clamped to the years a four-digit year can write.
fn write_http_date(f: &mut fmt::Formatter<'_>, time: SystemTime) -> fmt::Result {
    let seconds = unix_seconds(time).clamp(EARLIEST, LATEST);
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let weekday = weekday_of(days);
    write!(
        f,
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[weekday],
        day,
        MONTHS[month as usize - 1],
        year,
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

/// An ISO 8601 time in UTC with microseconds, as Mastodon writes `X-RateLimit-Reset`
/// (`2026-12-01T12:00:00.000000Z`), clamped to the years a four-digit year can write.
#[cfg(any(feature = "http", feature = "actix-web"))]
pub(crate) fn iso8601(time: SystemTime) -> String {
    let seconds = unix_seconds(time).clamp(EARLIEST, LATEST);
    let micros = match time.duration_since(UNIX_EPOCH) {
        Ok(after) if seconds < LATEST => after.subsec_micros(),
        _ => 0,
    };
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

/// A JSON number of `1 / per_second` seconds as a delay: a whole number exactly, a fraction
/// to the nanosecond; `None` for a negative number, one too large for a `Duration`, or a value
/// of another type. Zulip's `"retry-after"` counts seconds (`per_second` 1), Matrix's
/// `retry_after_ms` milliseconds (1000).
pub(crate) fn json_delay(value: &serde_json::Value, per_second: u32) -> Option<Duration> {
    match value.as_u64() {
        Some(whole) => {
            let (seconds, rest) = (whole / u64::from(per_second), whole % u64::from(per_second));
            let nanos = rest * (1_000_000_000 / u64::from(per_second));
            Some(Duration::from_secs(seconds) + Duration::from_nanos(nanos))
        }
        None => Duration::try_from_secs_f64(value.as_f64()? / f64::from(per_second)).ok(),
    }
}

/// A fixed-width run of ASCII digits.
pub(crate) fn digits(text: &str, width: usize) -> Option<u32> {
    if text.len() != width || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn month(name: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|month| *month == name)
        .map(|index| index as u32 + 1)
}

/// `HH:MM:SS`.
pub(crate) fn time_of_day(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.split(':');
    let hour = digits(parts.next()?, 2)?;
    let minute = digits(parts.next()?, 2)?;
    let second = digits(parts.next()?, 2)?;
    parts.next().is_none().then_some((hour, minute, second))
}

/// RFC 850's two-digit year, decided without a clock: of the years 1900 to 2299 that end in
/// `two_digits`, the one in which the date falls on the weekday it names (0 = Monday). The
/// Gregorian calendar's four centuries in a 400-year cycle begin on four different weekdays,
/// so at most one year fits; `None` when none does.
fn full_year(two_digits: u32, month: u32, day: u32, weekday: usize) -> Option<i64> {
    (19..=22)
        .map(|century| century * 100 + i64::from(two_digits))
        .find(|&year| {
            (1..=days_in_month(year, month)).contains(&day)
                && weekday_of(days_from_civil(year, month, day)) == weekday
        })
}

/// The weekday of a day count since 1970-01-01 (a Thursday), 0 = Monday.
fn weekday_of(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

/// `HH:MM:SS GMT` and the end of the value.
fn time_of_day_gmt<'a>(mut parts: impl Iterator<Item = &'a str>) -> Option<(u32, u32, u32)> {
    let time = time_of_day(parts.next()?)?;
    (parts.next()? == "GMT" && parts.next().is_none()).then_some(time)
}

fn parse_http_date(text: &str) -> Option<SystemTime> {
    let (weekday, year, month, day, (hour, minute, second)) =
        if let Some((day_name, rest)) = text.split_once(", ") {
            let mut parts = rest.split(' ');
            if let Some(weekday) = DAYS.iter().position(|day| *day == day_name) {
                // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
                let day = digits(parts.next()?, 2)?;
                let month = month(parts.next()?)?;
                let year = i64::from(digits(parts.next()?, 4)?);
                (weekday, year, month, day, time_of_day_gmt(parts)?)
            } else {
                // RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`.
                let weekday = LONG_DAYS.iter().position(|day| *day == day_name)?;
                let mut date = parts.next()?.split('-');
                let day = digits(date.next()?, 2)?;
                let month = month(date.next()?)?;
                let year = full_year(digits(date.next()?, 2)?, month, day, weekday)?;
                date.next().is_none().then_some(())?;
                (weekday, year, month, day, time_of_day_gmt(parts)?)
            }
        } else {
            // asctime: `Sun Nov  6 08:49:37 1994` (the day is padded with a space).
            let weekday = DAYS.iter().position(|day| text.starts_with(day))?;
            let rest = text.get(3..)?.strip_prefix(' ')?;
            let month = month(rest.get(..3)?)?;
            let rest = rest.get(3..)?.strip_prefix(' ')?;
            let day = match rest.get(..2)? {
                padded if padded.starts_with(' ') => digits(&padded[1..], 1)?,
                two => digits(two, 2)?,
            };
            let mut parts = rest.get(2..)?.strip_prefix(' ')?.split(' ');
            let time = time_of_day(parts.next()?)?;
            let year = i64::from(digits(parts.next()?, 4)?);
            parts.next().is_none().then_some(())?;
            (weekday, year, month, day, time)
        };
    to_system_time(DateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        weekday,
    })
}

/// Checks the fields (the weekday too) and converts; `None` outside `EARLIEST..=LATEST`.
fn to_system_time(date: DateTime) -> Option<SystemTime> {
    let valid = (1..=days_in_month(date.year, date.month)).contains(&date.day)
        && date.hour < 24
        && date.minute < 60
        // 60 for a leap second, which the epoch count folds into the next minute.
        && date.second <= 60;
    let days = days_from_civil(date.year, date.month, date.day);
    if !valid || weekday_of(days) != date.weekday {
        return None;
    }
    let seconds = days * 86_400
        + i64::from(date.hour) * 3600
        + i64::from(date.minute) * 60
        + i64::from(date.second);
    // A leap second on the last day of 9999 would be written as the year 10000.
    if !(EARLIEST..=LATEST).contains(&seconds) {
        return None;
    }
    let magnitude = Duration::from_secs(seconds.unsigned_abs());
    if seconds >= 0 {
        UNIX_EPOCH.checked_add(magnitude)
    } else {
        UNIX_EPOCH.checked_sub(magnitude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn civil_dates_round_trip_over_centuries() {
        // Every day from 1600 to 2400, both directions.
        for days in days_from_civil(1600, 1, 1)..days_from_civil(2400, 1, 1) {
            let (year, month, day) = civil_from_days(days);
            assert!((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day));
            assert_eq!(
                days_from_civil(year, month, day),
                days,
                "{year}-{month}-{day}"
            );
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn formats_and_reads_back_dates() {
        for seconds in [
            0,
            784_111_777,
            951_782_400,
            1_700_000_000,
            4_102_444_799,
            253_402_300_799,
        ] {
            let retry = RetryAfter::DateTime(at(seconds));
            let text = retry.to_string();
            assert_eq!(text.parse(), Ok(retry), "{text}");
        }
        assert_eq!(
            RetryAfter::DateTime(at(951_782_400)).to_string(),
            "Tue, 29 Feb 2000 00:00:00 GMT"
        );
        assert_eq!(
            RetryAfter::DateTime(at(0)).to_string(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        // Sub-second precision is cut to the second, as the header carries it.
        let fraction = UNIX_EPOCH + Duration::from_millis(1_500);
        assert_eq!(
            RetryAfter::DateTime(fraction).to_string(),
            "Thu, 01 Jan 1970 00:00:01 GMT"
        );
        // Before the epoch.
        let before = UNIX_EPOCH - Duration::from_secs(86_400);
        assert_eq!(
            RetryAfter::DateTime(before).to_string(),
            "Wed, 31 Dec 1969 00:00:00 GMT"
        );
        assert_eq!(
            "Wed, 31 Dec 1969 00:00:00 GMT".parse(),
            Ok(RetryAfter::DateTime(before))
        );
    }

    #[test]
    fn the_range_is_the_four_digit_years() {
        assert_eq!(EARLIEST, days_from_civil(0, 1, 1) * 86_400);
        assert_eq!(LATEST, days_from_civil(10_000, 1, 1) * 86_400 - 1);
        let first = UNIX_EPOCH - Duration::from_secs(EARLIEST.unsigned_abs());
        let last = at(LATEST.unsigned_abs());
        for (time, text) in [
            (first, "Sat, 01 Jan 0000 00:00:00 GMT"),
            (last, "Fri, 31 Dec 9999 23:59:59 GMT"),
        ] {
            assert_eq!(RetryAfter::DateTime(time).to_string(), text);
            assert_eq!(text.parse(), Ok(RetryAfter::DateTime(time)));
        }
        // One second (or a nanosecond) past either end is written as that end.
        for (outside, text) in [
            (
                first - Duration::from_secs(1),
                "Sat, 01 Jan 0000 00:00:00 GMT",
            ),
            (
                first - Duration::from_nanos(1),
                "Sat, 01 Jan 0000 00:00:00 GMT",
            ),
            (
                last + Duration::from_secs(1),
                "Fri, 31 Dec 9999 23:59:59 GMT",
            ),
            (
                last + Duration::from_nanos(999_999_999),
                "Fri, 31 Dec 9999 23:59:59 GMT",
            ),
        ] {
            assert_eq!(RetryAfter::DateTime(outside).to_string(), text);
        }
        // The leap second that would roll over into the year 10000, in both forms that have a
        // four-digit year; the one before it is fine.
        for bad in ["Fri, 31 Dec 9999 23:59:60 GMT", "Fri Dec 31 23:59:60 9999"] {
            assert_eq!(
                bad.parse::<RetryAfter>(),
                Err(InvalidRetryAfter(())),
                "{bad:?}"
            );
        }
        assert_eq!(
            "Fri, 31 Dec 9999 23:59:58 GMT".parse(),
            Ok(RetryAfter::DateTime(last - Duration::from_secs(1)))
        );
        // Elsewhere a leap second is the next second, and displays as it.
        let leap: RetryAfter = "Sat, 31 Dec 2016 23:59:60 GMT".parse().unwrap();
        assert_eq!(leap.to_string(), "Sun, 01 Jan 2017 00:00:00 GMT");
        assert_eq!(leap.to_string().parse(), Ok(leap));
    }

    #[cfg(any(feature = "http", feature = "actix-web"))]
    #[test]
    fn iso8601_times_have_microseconds() {
        let time = at(1_764_590_400) + std::time::Duration::from_micros(123_456);
        assert_eq!(iso8601(time), "2025-12-01T12:00:00.123456Z");
        assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00.000000Z");
    }

    #[test]
    fn unix_seconds_saturate() {
        assert_eq!(unix_seconds(UNIX_EPOCH - Duration::from_nanos(1)), -1);
        let Some(far) = UNIX_EPOCH.checked_add(Duration::from_secs(i64::MAX.unsigned_abs())) else {
            return;
        };
        assert_eq!(unix_seconds(far), i64::MAX);
        assert_eq!(unix_seconds(far + Duration::from_nanos(1)), i64::MAX);
    }

    #[test]
    fn delays_round_up_to_whole_seconds() {
        let cases = [
            (0, "0"),
            (1, "1"),
            (999, "1"),
            (1_000, "1"),
            (1_001, "2"),
            (2_500, "3"),
        ];
        for (ms, header) in cases {
            assert_eq!(
                RetryAfter::Delay(Duration::from_millis(ms)).to_string(),
                header
            );
        }
        let nanos = RetryAfter::Delay(Duration::from_nanos(1));
        assert_eq!(nanos.to_string(), "1");
        let max = RetryAfter::Delay(Duration::MAX);
        assert_eq!(
            max.to_string(),
            u64::MAX.to_string(),
            "saturates, never overflows"
        );
    }

    #[test]
    fn reads_delay_seconds() {
        assert_eq!("0".parse(), Ok(RetryAfter::Delay(Duration::ZERO)));
        assert_eq!(
            " 7\t".parse(),
            Ok(RetryAfter::Delay(Duration::from_secs(7)))
        );
        assert_eq!("007".parse(), Ok(RetryAfter::Delay(Duration::from_secs(7))));
        let huge = "99999999999999999999999999";
        assert_eq!(
            huge.parse(),
            Ok(RetryAfter::Delay(Duration::from_secs(u64::MAX)))
        );
        for bad in ["", " ", "-1", "+1", "1.5", "1e3", "1 2", "0x10", "٣"] {
            assert_eq!(
                bad.parse::<RetryAfter>(),
                Err(InvalidRetryAfter(())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn reads_the_three_date_forms() {
        let expected = Ok(RetryAfter::DateTime(at(784_111_777)));
        assert_eq!("Sun, 06 Nov 1994 08:49:37 GMT".parse(), expected);
        assert_eq!("Sunday, 06-Nov-94 08:49:37 GMT".parse(), expected);
        assert_eq!("Sun Nov  6 08:49:37 1994".parse(), expected);
        let two_digit_day = Ok(RetryAfter::DateTime(at(785_925_000)));
        assert_eq!("Sun Nov 27 08:30:00 1994".parse(), two_digit_day);
    }

    #[test]
    fn two_digit_years_take_the_century_of_their_weekday() {
        // 6 November: a Sunday (6) in 1994, a Saturday (5) in 2094, a Thursday (3) in 2194,
        // a Tuesday (1) in 2294.
        assert_eq!(full_year(94, 11, 6, 6), Some(1994));
        assert_eq!(full_year(94, 11, 6, 5), Some(2094));
        assert_eq!(full_year(94, 11, 6, 3), Some(2194));
        assert_eq!(full_year(94, 11, 6, 1), Some(2294));
        assert_eq!(full_year(94, 11, 6, 0), None, "a Monday in none of them");
        // 29 February 00 exists only in 2000 (a Tuesday).
        assert_eq!(full_year(0, 2, 29, 1), Some(2000));
        assert_eq!(
            full_year(0, 2, 29, 3),
            None,
            "1 March 1900 is no 29 February"
        );
        let sunday = "Sunday, 06-Nov-94 08:49:37 GMT".parse();
        assert_eq!(sunday, Ok(RetryAfter::DateTime(at(784_111_777))));
        let saturday: RetryAfter = "Saturday, 06-Nov-94 08:49:37 GMT".parse().unwrap();
        assert_eq!(saturday.to_string(), "Sat, 06 Nov 2094 08:49:37 GMT");
    }

    /// The rule is sound: for every date, the years 1900..=2299 ending in its two digits in
    /// which the date exists fall on different weekdays, so a weekday names at most one.
    #[test]
    fn a_weekday_names_one_century_at_most() {
        for two_digits in 0..100 {
            for month in 1..=12 {
                for day in 1..=31 {
                    let weekdays: Vec<usize> = (19..=22)
                        .map(|century| century * 100 + i64::from(two_digits))
                        .filter(|&year| day <= days_in_month(year, month))
                        .map(|year| weekday_of(days_from_civil(year, month, day)))
                        .collect();
                    let mut distinct = weekdays.clone();
                    distinct.sort_unstable();
                    distinct.dedup();
                    assert_eq!(
                        distinct.len(),
                        weekdays.len(),
                        "{two_digits:02}-{month}-{day}"
                    );
                }
            }
        }
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "Mon, 06 Nov 1994 08:49:37 GMT", // wrong weekday
            "Sun, 31 Nov 1994 08:49:37 GMT", // no such day
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun,  06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun, 06-Nov-94 08:49:37 GMT",
            "Sun Nov 6 08:49:37 1994",
            "Sun Nov  6 08:49:37 94",
            "Sun Nov  6 08:49:37 1994 GMT",
            "Sun",
            "Sun,",
            "Sun, ",
            "Fri, 29 Feb 2019 00:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:3\u{e9} GMT",
        ] {
            assert_eq!(
                bad.parse::<RetryAfter>(),
                Err(InvalidRetryAfter(())),
                "{bad:?}"
            );
        }
        assert_eq!(
            "Tue, 29 Feb 2000 00:00:00 GMT".parse(),
            Ok(RetryAfter::DateTime(at(951_782_400)))
        );
    }
}
