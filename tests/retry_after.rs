//! `RetryAfter` round trips: every value that parses displays as a value that parses back to
//! it exactly, `Display` writes a value that parses for every `RetryAfter`, and neither
//! direction panics. Dates are held to the years 0000 to 9999 both ways (see `RetryAfter`'s
//! docs); the parser is checked against a model of the calendar written independently here.
//!
//! Case counts are set per property below; `PROPTEST_CASES` overrides them all.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use matrix_error::RetryAfter;
use proptest::prelude::*;

/// `Sat, 01 Jan 0000 00:00:00 GMT`, in seconds since the epoch.
const EARLIEST: i64 = -62_167_219_200;
/// `Fri, 31 Dec 9999 23:59:59 GMT`.
const LATEST: i64 = 253_402_300_799;

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

// The model: the proleptic Gregorian calendar counted by years and months from 0000-01-01.

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 0000-01-01 to a date of a year from 0 on (the day may be past its month's end).
fn days_since_year_zero(year: i64, month: u32, day: u32) -> i64 {
    // Leap years in 0..year: those divisible by 4, less by 100, plus by 400 (0 is all three).
    let leap_years = (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
    let months: i64 = (1..month)
        .map(|month| i64::from(days_in_month(year, month)))
        .sum();
    365 * year + leap_years + months + i64::from(day) - 1
}

/// 0000-01-01 to 1970-01-01.
const DAYS_TO_EPOCH: i64 = 719_528;

/// 0 = Monday; 0000-01-01 was a Saturday.
fn weekday(year: i64, month: u32, day: u32) -> usize {
    ((days_since_year_zero(year, month, day) + 5) % 7) as usize
}

/// The calendar year at a time since the epoch.
fn year_at(seconds: i64) -> i64 {
    let days = seconds.div_euclid(86_400) + DAYS_TO_EPOCH;
    let mut year = days / 366;
    while days_since_year_zero(year + 1, 1, 1) <= days {
        year += 1;
    }
    year
}

fn time_at(seconds: i64) -> SystemTime {
    if seconds >= 0 {
        UNIX_EPOCH + Duration::from_secs(seconds.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_secs(seconds.unsigned_abs())
    }
}

/// Whole seconds since the epoch, towards the past, as an i128 (no saturation).
fn floor_seconds(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::from(after.as_secs()),
        Err(before) => {
            let before = before.duration();
            -i128::from(before.as_secs()) - i128::from(before.subsec_nanos() > 0)
        }
    }
}

/// What `Display` writes a time as: its whole second, clamped to the range.
fn displayed_seconds(time: SystemTime) -> i64 {
    floor_seconds(time).clamp(i128::from(EARLIEST), i128::from(LATEST)) as i64
}

/// RFC 850's two-digit year, read by the weekday (no clock): of the years 1900 to 2299 that end
/// in the fields' last two digits, the one in which the date exists and falls on `weekday`.
fn rfc850_year(fields: &Fields, weekday_index: usize) -> Option<i64> {
    (1900..=2299).find(|&year| {
        year % 100 == fields.year % 100
            && (1..=days_in_month(year, fields.month)).contains(&fields.day)
            && weekday(year, fields.month, fields.day) == weekday_index
    })
}

/// The fields of a date, each in or a little out of its range.
#[derive(Debug, Clone, Copy)]
struct Fields {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl Fields {
    /// What parsing these fields (under the weekday `weekday`) gives by the model.
    fn parse(&self, weekday_index: usize) -> Option<RetryAfter> {
        let valid = (1..=days_in_month(self.year, self.month)).contains(&self.day)
            && self.hour < 24
            && self.minute < 60
            && self.second <= 60
            && weekday_index == weekday(self.year, self.month, self.day);
        let seconds = (days_since_year_zero(self.year, self.month, self.day) - DAYS_TO_EPOCH)
            * 86_400
            + i64::from(self.hour * 3600 + self.minute * 60 + self.second);
        (valid && (EARLIEST..=LATEST).contains(&seconds))
            .then(|| RetryAfter::DateTime(time_at(seconds)))
    }
}

#[derive(Debug, Clone, Copy)]
enum Form {
    ImfFixdate,
    Rfc850,
    Asctime,
}

/// The fields written in a form (the year's last two digits in RFC 850's).
fn render(fields: &Fields, weekday: usize, form: Form) -> String {
    let Fields {
        year,
        month,
        day,
        hour,
        minute,
        second,
    } = *fields;
    let month = MONTHS[month as usize - 1];
    match form {
        Form::ImfFixdate => format!(
            "{}, {day:02} {month} {year:04} {hour:02}:{minute:02}:{second:02} GMT",
            DAYS[weekday]
        ),
        Form::Rfc850 => format!(
            "{}, {day:02}-{month}-{:02} {hour:02}:{minute:02}:{second:02} GMT",
            LONG_DAYS[weekday],
            year % 100
        ),
        Form::Asctime => format!(
            "{} {month} {day:>2} {hour:02}:{minute:02}:{second:02} {year:04}",
            DAYS[weekday]
        ),
    }
}

const BOUNDARY_YEARS: &[i64] = &[
    0, 1, 2, 3, 4, 99, 100, 400, 1600, 1899, 1900, 1968, 1969, 1970, 1971, 2000, 2037, 2038, 2039,
    2100, 9998, 9999,
];

fn year() -> impl Strategy<Value = i64> {
    prop_oneof![
        1 => Just(9999i64),
        3 => prop::sample::select(BOUNDARY_YEARS),
        3 => 0i64..=9999,
    ]
}

/// Random fields, or the edges of a year or month at a boundary year, seconds around 60.
fn fields() -> impl Strategy<Value = Fields> {
    let random = (
        year(),
        1u32..=12,
        prop_oneof![3 => 1u32..=28, 1 => 29u32..=31, 1 => 0u32..=40],
        prop_oneof![3 => 0u32..=23, 1 => 22u32..=25],
        prop_oneof![3 => 0u32..=59, 1 => 58u32..=61],
        prop_oneof![3 => 0u32..=59, 1 => 58u32..=61],
    )
        .prop_map(|(year, month, day, hour, minute, second)| Fields {
            year,
            month,
            day,
            hour,
            minute,
            second,
        });
    let edge = (
        year(),
        prop::sample::select(&[(1u32, 1u32), (12, 31), (2, 28), (2, 29), (6, 30), (12, 32)][..]),
        prop::sample::select(
            &[
                (0u32, 0u32, 0u32),
                (23, 59, 58),
                (23, 59, 59),
                (23, 59, 60),
                (23, 59, 61),
                (23, 60, 0),
                (24, 0, 0),
            ][..],
        ),
    )
        .prop_map(|(year, (month, day), (hour, minute, second))| Fields {
            year,
            month,
            day,
            hour,
            minute,
            second,
        });
    prop_oneof![random, edge]
}

/// The weekday of the date the fields give in a form. For RFC 850 that of the same date in
/// 1900..=2299, 400 years (one calendar cycle) apart from the fields' year.
fn right_weekday(fields: &Fields, form: Form) -> usize {
    let year = match form {
        Form::Rfc850 => 1900 + (fields.year - 1900).rem_euclid(400),
        _ => fields.year,
    };
    weekday(year, fields.month, fields.day)
}

/// The right weekday (`None`) or any (which may be right too).
fn weekday_choice() -> impl Strategy<Value = Option<usize>> {
    prop_oneof![3 => Just(None), 1 => (0usize..7).prop_map(Some)]
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        Just(Form::ImfFixdate),
        Just(Form::Rfc850),
        Just(Form::Asctime)
    ]
}

/// Rendered dates, then edited: characters inserted, removed or replaced by ones the forms
/// use (and a few they do not), and whitespace around.
fn noisy_date() -> impl Strategy<Value = String> {
    const NOISE: &[char] = &[
        ' ', ' ', '\t', ',', ':', '-', '0', '1', '2', '5', '6', '9', 'G', 'M', 'T', 'a', 'n', 'S',
        'u', '\u{e9}', '\u{663}', '\n', '\u{a0}',
    ];
    (
        fields(),
        weekday_choice(),
        form(),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                0u8..3,
                prop::sample::select(NOISE),
            ),
            0..4,
        ),
        "[ \t]{0,2}",
        "[ \t]{0,2}",
    )
        .prop_map(|(fields, weekday, form, edits, before, after)| {
            let weekday = weekday.unwrap_or_else(|| right_weekday(&fields, form));
            let mut chars: Vec<char> = render(&fields, weekday, form).chars().collect();
            for (at, op, noise) in edits {
                let at = at.index(chars.len() + 1);
                match op {
                    0 => chars.insert(at, noise),
                    1 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ if at < chars.len() => chars[at] = noise,
                    _ => chars.push(noise),
                }
            }
            format!("{before}{}{after}", chars.into_iter().collect::<String>())
        })
}

/// Strings near the forms and far from them, delay-seconds of any length included.
fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => noisy_date(),
        1 => "[ \t]{0,2}[0-9]{1,30}[ \t]{0,2}",
        1 => "[-+ 0-9.e]{0,12}",
        1 => any::<String>(),
    ]
}

/// Seconds since the epoch around the range's ends, the epoch, 2038 and the extremes.
fn seconds() -> impl Strategy<Value = i64> {
    const EDGES: &[i64] = &[
        EARLIEST,
        LATEST,
        0,
        i32::MAX as i64,
        i32::MIN as i64,
        i64::MAX,
        i64::MIN,
    ];
    prop_oneof![
        2 => (prop::sample::select(EDGES), -100_000i64..=100_000)
            .prop_map(|(edge, offset)| edge.saturating_add(offset)),
        1 => EARLIEST - 1_000_000_000..=LATEST + 1_000_000_000,
        1 => any::<i64>(),
    ]
}

fn nanos() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0u32), Just(999_999_999u32), 0u32..1_000_000_000]
}

/// The epoch plus or minus any duration the platform's `SystemTime` can hold.
fn system_time() -> impl Strategy<Value = SystemTime> {
    let signed = (seconds(), nanos()).prop_filter_map("beyond SystemTime", |(seconds, nanos)| {
        let whole = Duration::from_secs(seconds.unsigned_abs());
        if seconds >= 0 {
            UNIX_EPOCH.checked_add(whole + Duration::from_nanos(nanos.into()))
        } else {
            // Negative with its fraction: the fraction brings it back towards the epoch.
            UNIX_EPOCH
                .checked_sub(whole)?
                .checked_add(Duration::from_nanos(nanos.into()))
        }
    });
    let unsigned = (any::<bool>(), any::<u64>(), nanos()).prop_filter_map(
        "beyond SystemTime",
        |(after, seconds, nanos)| {
            let duration = Duration::new(seconds, nanos);
            if after {
                UNIX_EPOCH.checked_add(duration)
            } else {
                UNIX_EPOCH.checked_sub(duration)
            }
        },
    );
    prop_oneof![4 => signed, 1 => unsigned]
}

fn duration() -> impl Strategy<Value = Duration> {
    let seconds = prop_oneof![
        2 => 0u64..100_000,
        1 => prop::sample::select(&[u64::MAX, u64::MAX - 1, i64::MAX as u64][..]),
        1 => any::<u64>(),
    ];
    (seconds, nanos()).prop_map(|(seconds, nanos)| Duration::new(seconds, nanos))
}

/// When `text` parses, the value displays as text that parses back to it, exactly.
fn check_round_trip(text: &str) -> Result<(), TestCaseError> {
    if let Ok(value) = text.parse::<RetryAfter>() {
        let written = value.to_string();
        prop_assert_eq!(
            written.parse::<RetryAfter>(),
            Ok(value),
            "{:?} -> {:?}",
            text,
            written
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    /// Every date in the three forms parses as the model says (fields, weekday, range), and
    /// what parses round-trips.
    #[test]
    fn dates_parse_as_the_model_says(fields in fields(), weekday in weekday_choice(), form in form()) {
        let weekday_index = weekday.unwrap_or_else(|| right_weekday(&fields, form));
        let text = render(&fields, weekday_index, form);
        let parsed = text.parse::<RetryAfter>().ok();
        let expected = match form {
            Form::Rfc850 => rfc850_year(&fields, weekday_index)
                .and_then(|year| Fields { year, ..fields }.parse(weekday_index)),
            _ => fields.parse(weekday_index),
        };
        prop_assert_eq!(parsed, expected, "{:?}", text);
        check_round_trip(&text)?;
    }

    /// Any `SystemTime` displays as its whole second, towards the past, clamped to the range:
    /// text that parses back to that second.
    #[test]
    fn every_time_displays_as_a_date_that_parses(time in system_time()) {
        let written = RetryAfter::DateTime(time).to_string();
        prop_assert_eq!(written.len(), "Sun, 06 Nov 1994 08:49:37 GMT".len(), "{:?}", written);
        let expected = RetryAfter::DateTime(time_at(displayed_seconds(time)));
        prop_assert_eq!(written.parse::<RetryAfter>(), Ok(expected), "{:?}", written);
    }

    /// Any `Duration` displays as its whole seconds rounded up (saturating), which parse back:
    /// exactly the delay when it is whole seconds.
    #[test]
    fn every_delay_displays_as_seconds_that_parse(delay in duration()) {
        let written = RetryAfter::Delay(delay).to_string();
        let seconds = delay.as_secs().saturating_add(u64::from(delay.subsec_nanos() > 0));
        prop_assert_eq!(&written, &seconds.to_string());
        let parsed = written.parse::<RetryAfter>();
        prop_assert_eq!(&parsed, &Ok(RetryAfter::Delay(Duration::from_secs(seconds))));
        if delay.subsec_nanos() == 0 {
            prop_assert_eq!(parsed, Ok(RetryAfter::Delay(delay)));
        }
    }
}

proptest! {
    // Few edited strings still parse; more cases reach more of those that do.
    #![proptest_config(ProptestConfig { cases: 16384, ..ProptestConfig::default() })]

    /// No string makes parsing panic, and every value that parses round-trips exactly.
    #[test]
    fn parsed_values_display_as_themselves(text in header_value()) {
        check_round_trip(&text)?;
    }
}

#[test]
fn the_model_agrees_with_known_dates() {
    assert_eq!(days_since_year_zero(1970, 1, 1), DAYS_TO_EPOCH);
    let rfc_example = Fields {
        year: 1994,
        month: 11,
        day: 6,
        hour: 8,
        minute: 49,
        second: 37,
    };
    assert_eq!(weekday(1994, 11, 6), 6, "a Sunday");
    assert_eq!(
        rfc_example.parse(6),
        Some(RetryAfter::DateTime(time_at(784_111_777)))
    );
    assert_eq!(weekday(0, 1, 1), 5, "a Saturday");
    assert_eq!(weekday(9999, 12, 31), 4, "a Friday");
    assert_eq!(
        (days_since_year_zero(10_000, 1, 1) - DAYS_TO_EPOCH) * 86_400 - 1,
        LATEST
    );
    assert_eq!(-DAYS_TO_EPOCH * 86_400, EARLIEST);
    assert_eq!(year_at(EARLIEST), 0);
    assert_eq!(year_at(LATEST), 9999);
    assert_eq!(year_at(LATEST + 1), 10_000);
    assert_eq!(year_at(-1), 1969);
    assert_eq!(year_at(0), 1970);
}

#[test]
fn the_range_s_ends_round_trip() {
    for (text, seconds) in [
        ("Sat, 01 Jan 0000 00:00:00 GMT", EARLIEST),
        ("Fri, 31 Dec 9999 23:59:59 GMT", LATEST),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        ("Wed, 31 Dec 1969 23:59:59 GMT", -1),
        ("Tue, 19 Jan 2038 03:14:08 GMT", 1 << 31),
    ] {
        let value = RetryAfter::DateTime(time_at(seconds));
        assert_eq!(text.parse(), Ok(value), "{text}");
        assert_eq!(value.to_string(), text);
    }
    assert_eq!(
        "Sat Jan  1 00:00:00 0000".parse(),
        Ok(RetryAfter::DateTime(time_at(EARLIEST)))
    );
}

#[test]
fn a_leap_second_past_9999_is_refused() {
    for text in [
        "Fri, 31 Dec 9999 23:59:60 GMT",
        "Fri Dec 31 23:59:60 9999",
        " Fri, 31 Dec 9999 23:59:60 GMT\t",
    ] {
        assert!(text.parse::<RetryAfter>().is_err(), "{text:?}");
    }
    // Any other leap second is the second after it.
    let leap: RetryAfter = "Thu, 30 Jun 2016 23:59:60 GMT".parse().unwrap();
    assert_eq!(leap.to_string(), "Fri, 01 Jul 2016 00:00:00 GMT");
    let leap: RetryAfter = "Thu, 31 Dec 9998 23:59:60 GMT".parse().unwrap();
    assert_eq!(leap.to_string(), "Fri, 01 Jan 9999 00:00:00 GMT");
}

#[test]
fn times_outside_the_range_display_as_its_ends() {
    let first = "Sat, 01 Jan 0000 00:00:00 GMT";
    let last = "Fri, 31 Dec 9999 23:59:59 GMT";
    let mut cases = vec![
        (time_at(EARLIEST - 1), first),
        (time_at(EARLIEST) - Duration::from_nanos(1), first),
        (time_at(EARLIEST) + Duration::from_nanos(999_999_999), first),
        (time_at(-86_400 * 366 * 3000), first),
        (time_at(LATEST + 1), last),
        (time_at(LATEST) + Duration::from_nanos(999_999_999), last),
        (time_at(LATEST + 86_400 * 366), last),
    ];
    // The extremes a 64-bit `SystemTime` holds, where it holds them.
    let extremes = [
        UNIX_EPOCH.checked_sub(Duration::from_secs(i64::MIN.unsigned_abs())),
        UNIX_EPOCH.checked_add(Duration::new(i64::MAX.unsigned_abs(), 999_999_999)),
    ];
    cases.extend(extremes[0].map(|time| (time, first)));
    cases.extend(extremes[1].map(|time| (time, last)));
    for (time, text) in cases {
        let value = RetryAfter::DateTime(time);
        assert_eq!(value.to_string(), text, "{time:?}");
        assert!(text.parse::<RetryAfter>().is_ok());
    }
}

#[test]
fn delays_round_trip_whole_or_rounded_up() {
    let cases = [
        (Duration::ZERO, 0),
        (Duration::from_nanos(1), 1),
        (Duration::from_secs(u64::MAX - 1), u64::MAX - 1),
        (Duration::new(u64::MAX - 1, 1), u64::MAX),
        (Duration::from_secs(u64::MAX), u64::MAX),
        (Duration::MAX, u64::MAX),
    ];
    for (delay, seconds) in cases {
        let written = RetryAfter::Delay(delay).to_string();
        assert_eq!(written, seconds.to_string(), "{delay:?}");
        assert_eq!(
            written.parse(),
            Ok(RetryAfter::Delay(Duration::from_secs(seconds)))
        );
    }
    // Past u64::MAX, parsing saturates, and what it gives displays as u64::MAX.
    let huge: RetryAfter = "18446744073709551616".parse().unwrap();
    assert_eq!(huge, RetryAfter::Delay(Duration::from_secs(u64::MAX)));
    assert_eq!(huge.to_string(), u64::MAX.to_string());
}
