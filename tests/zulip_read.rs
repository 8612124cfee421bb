//! `zulip::Error`: every Zulip error body read without loss and written back as it came, and
//! its Matrix meaning, on real bodies (`fixtures/zulip/bodies.json`: Zulip's API
//! documentation, zulip-flutter's, zulip-terminal's and zulip-mobile's tests, and the bodies
//! the server's own code writes, each with its source) and on generated ones (proptest).
//!
//! Case counts are set per property below; `PROPTEST_CASES` overrides them all.

mod common;

use std::fmt;
use std::time::Duration;

use matrix_error::{Category, ErrorKind, RetryAfter, zulip};
use proptest::prelude::*;
use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

#[derive(Deserialize)]
struct Fixtures {
    fixtures: Vec<Fixture>,
}

/// A response, and the Matrix meaning DIALECTS.md's table gives it (worked out by hand).
#[derive(Deserialize)]
struct Fixture {
    status: u16,
    body: String,
    matrix: String,
    message: String,
    source: String,
}

fn fixtures() -> Vec<Fixture> {
    let fixtures: Fixtures =
        serde_json::from_str(include_str!("fixtures/zulip/bodies.json")).expect("fixtures");
    fixtures.fixtures
}

fn fixture(status: u16, body: &str) -> zulip::Error {
    let found = fixtures()
        .into_iter()
        .find(|fixture| fixture.status == status && fixture.body == body)
        .expect("a fixture with this body");
    zulip::Error::from_body(found.status, found.body.as_bytes())
}

/// The keys of a JSON object in the order written; `None` for anything else.
fn keys_in_order(bytes: &[u8]) -> Option<Vec<String>> {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some((key, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                keys.push(key);
            }
            Ok(keys)
        }
    }
    serde_json::Deserializer::from_slice(bytes)
        .deserialize_map(Keys)
        .ok()
}

/// The body's keys that are not Zulip's envelope (`"result":"error"`, a string `msg`, a
/// Zulip `code`), which the Matrix meaning keeps as extra keys.
fn extra_keys(sent: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let is_code = |code: &str| {
        code.starts_with(|c: char| c.is_ascii_uppercase())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    };
    let rate_limit = sent.get("code").and_then(Value::as_str) == Some("RATE_LIMIT_HIT");
    sent.iter()
        .filter(|(key, value)| match key.as_str() {
            "result" => *value != "error",
            "msg" => !value.is_string(),
            "code" => !value.as_str().is_some_and(is_code),
            "retry-after" => !(rate_limit && (value.is_number() || value.is_null())),
            _ => true,
        })
        .collect()
}

#[test]
fn there_are_dozens_of_real_bodies_each_with_its_source() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 50, "{}", fixtures.len());
    for fixture in &fixtures {
        let (repo, rest) = fixture
            .source
            .split_once(' ')
            .expect("repo, then path@commit");
        assert_eq!(repo.matches('/').count(), 1, "{}", fixture.source);
        let commit = rest.split_once('@').expect("path@commit").1;
        assert!(commit.len() >= 40 && commit[..40].bytes().all(|b| b.is_ascii_hexdigit()));
    }
}

#[test]
fn every_fixture_is_written_back_as_it_came() {
    for fixture in fixtures() {
        let sent = fixture.body.as_bytes();
        let error = zulip::Error::from_body(fixture.status, sent);
        let source = &fixture.source;
        assert_eq!(error.status(), fixture.status, "{source}");
        let written = serde_json::to_vec(&error).unwrap();
        match serde_json::from_slice::<Value>(sent) {
            Ok(Value::Object(object)) => {
                let value: Value = serde_json::from_slice(&written).unwrap();
                assert_eq!(value, Value::Object(object.clone()), "{source}");
                assert_eq!(keys_in_order(&written), keys_in_order(sent), "{source}");
                let code = object.get("code").and_then(Value::as_str);
                assert_eq!(error.code(), code.unwrap_or("BAD_REQUEST"), "{source}");
                let msg = object.get("msg").and_then(Value::as_str);
                assert_eq!(error.msg(), msg.unwrap_or(&fixture.message), "{source}");
                // Read again, the same error.
                assert_eq!(zulip::Error::from_body(fixture.status, &written), error);
            }
            _ => {
                // No JSON: the status, and Zulip's generic error written back.
                assert_eq!(
                    (error.code(), error.msg()),
                    ("BAD_REQUEST", &*fixture.message)
                );
                let value: Value = serde_json::from_slice(&written).unwrap();
                assert_eq!(
                    value,
                    serde_json::json!({"result": "error", "msg": fixture.message, "code": "BAD_REQUEST"})
                );
            }
        }
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn every_fixture_has_its_matrix_meaning() {
    for fixture in fixtures() {
        let zulip = zulip::Error::from_body(fixture.status, fixture.body.as_bytes());
        let error = matrix_error::Error::from(zulip);
        let source = &fixture.source;
        assert_eq!(error.errcode(), fixture.matrix, "{source}");
        assert_eq!(error.status(), fixture.status, "{source}");
        assert_eq!(error.message(), fixture.message, "{source}");
        let body = common::body(&error);
        if let Ok(Value::Object(sent)) = serde_json::from_str::<Value>(&fixture.body) {
            for (key, value) in extra_keys(&sent) {
                assert_eq!(body.get(key), Some(value), "{key} of {source}");
            }
        }
        let _ = error.category();
        let server_failure = (500..=599).contains(&fixture.status) && fixture.status != 501;
        assert_eq!(
            error.is_retryable(),
            server_failure || fixture.status == 429 || fixture.matrix == "M_LIMIT_EXCEEDED",
            "{source}"
        );
    }
}

#[test]
fn rate_limit_hit_keeps_its_delay() {
    let body = r#"{"result":"error","msg":"API usage exceeded rate limit","code":"RATE_LIMIT_HIT","retry-after":28.706807374954224}"#;
    let error = fixture(429, body);
    let delay = Duration::from_secs_f64(28.706807374954224);
    assert_eq!(error.retry_after(), Some(RetryAfter::Delay(delay)));
    let error = matrix_error::Error::from(error);
    assert_eq!(
        error.kind(),
        &ErrorKind::LimitExceeded {
            retry_after: Some(RetryAfter::Delay(delay))
        }
    );
    assert_eq!(error.category(), Category::RateLimited);
    // The delay is the kind's: `retry_after_ms`, and no `retry-after` key beside it.
    let body = common::body(&error);
    assert_eq!(body["retry_after_ms"], 28706);
    assert_eq!(body.get("retry-after"), None);

    // `null`: a rate limit with no delay known; an integer.
    let body = r#"{"result":"error","msg":"API usage exceeded rate limit","code":"RATE_LIMIT_HIT","retry-after":null}"#;
    let error = matrix_error::Error::from(fixture(429, body));
    let no_delay = ErrorKind::LimitExceeded { retry_after: None };
    assert_eq!((error.kind(), error.retry_after()), (&no_delay, None));
    let body = r#"{"result":"error","msg":"API usage exceeded rate limit","code":"RATE_LIMIT_HIT","retry-after":3}"#;
    let error = matrix_error::Error::from(fixture(429, body));
    let three = RetryAfter::Delay(Duration::from_secs(3));
    assert_eq!(error.retry_after(), Some(three));

    // zulip-flutter's copy of the documentation's example, sent with 400.
    let body = r#"{"result":"error","code":"RATE_LIMIT_HIT","msg":"API usage exceeded rate limit","retry-after":28.706807374954224}"#;
    let error = matrix_error::Error::from(fixture(400, body));
    assert_eq!((error.errcode(), error.status()), ("M_LIMIT_EXCEEDED", 400));
    assert!(error.is_retryable());
}

#[test]
fn bodies_without_code_read_as_bad_request() {
    // The 500 every server sends, with a newline after the JSON.
    let error = fixture(
        500,
        "{\"result\":\"error\",\"msg\":\"Internal server error\"}\n",
    );
    assert_eq!(
        (error.code(), error.msg()),
        ("BAD_REQUEST", "Internal server error")
    );
    let error = matrix_error::Error::from(error);
    assert_eq!((error.errcode(), error.status()), ("M_UNKNOWN", 500));
    assert!(error.is_retryable());
    assert_eq!(error.category(), Category::ServerFailure);

    // The 405, whose `allowed_methods` stays.
    let body = r#"{"result":"error","msg":"Method Not Allowed","allowed_methods":["GET"]}"#;
    let error = fixture(405, body);
    assert_eq!(
        error.get("allowed_methods").unwrap(),
        &serde_json::json!(["GET"])
    );
    let error = matrix_error::Error::from(error);
    assert_eq!(error.errcode(), "M_UNRECOGNIZED");
    assert_eq!(error.extra()["allowed_methods"], serde_json::json!(["GET"]));

    // A server before 5.0: Zulip's default status, `M_UNKNOWN`.
    let error = fixture(
        400,
        "{\"result\":\"error\",\"msg\":\"Invalid stream name\"}\n",
    );
    assert_eq!(error.code(), "BAD_REQUEST");
    assert_eq!(matrix_error::Error::from(error).errcode(), "M_UNKNOWN");
}

#[test]
fn codes_without_a_matrix_meaning_keep_their_identity() {
    let body = r#"{"result":"error","msg":"Channel 'nonexistent' does not exist","stream":"nonexistent","code":"STREAM_DOES_NOT_EXIST"}"#;
    let error = matrix_error::Error::from(fixture(400, body));
    assert_eq!(error.errcode(), "COM.ZULIP_STREAM_DOES_NOT_EXIST");
    assert!(
        matches!(error.kind(), ErrorKind::Custom { extra, .. } if extra["stream"] == "nonexistent")
    );
    assert_eq!(error.category(), Category::InvalidRequest);

    let body = r#"{"result":"error","code":"EXTERNAL_SERVICE_UNAVAILABLE","msg":"Dang"}"#;
    let error = matrix_error::Error::from(fixture(503, body));
    assert_eq!(error.errcode(), "COM.ZULIP_EXTERNAL_SERVICE_UNAVAILABLE");
    assert!(error.is_retryable());
    assert_eq!(error.category(), Category::ServerFailure);

    // A `code` that is no Zulip code: `BAD_REQUEST` by status, the key kept.
    let error =
        matrix_error::Error::from(fixture(400, r#"{"result":"error","code":1,"msg":"Oops"}"#));
    assert_eq!(error.errcode(), "M_UNKNOWN");
    assert_eq!(error.extra()["code"], 1);
}

#[test]
fn status_decides_bad_request() {
    let forbidden = r#"{"result":"error","msg":"Access denied","code":"BAD_REQUEST"}"#;
    let error = matrix_error::Error::from(fixture(403, forbidden));
    assert_eq!(
        (error.errcode(), error.category()),
        ("M_FORBIDDEN", Category::Forbidden)
    );
    let limited = r#"{"result":"error","code":"BAD_REQUEST","msg":"Bad request"}"#;
    let error = matrix_error::Error::from(fixture(429, limited));
    assert_eq!(error.errcode(), "M_LIMIT_EXCEEDED");
    // A proxy's page at 429: M_UNKNOWN, still retryable.
    let error =
        matrix_error::Error::from(fixture(429, "<html><body>An error occurred.</body></html>"));
    assert_eq!(
        (error.errcode(), error.message()),
        ("M_UNKNOWN", "Too Many Requests")
    );
    assert!(error.is_retryable());
}

#[cfg(feature = "http")]
#[test]
fn the_retry_after_header_wins() {
    let body = r#"{"result":"error","msg":"API usage exceeded rate limit","code":"RATE_LIMIT_HIT","retry-after":28.706807374954224}"#;
    for (header, expected) in [
        (Some("29"), Some(RetryAfter::Delay(Duration::from_secs(29)))),
        (
            Some("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(RetryAfter::DateTime(
                std::time::UNIX_EPOCH + Duration::from_secs(1_445_412_480),
            )),
        ),
        // Zulip's header may be a float, which is no delay-seconds: the body's delay stays.
        (
            Some("28.706807374954224"),
            Some(RetryAfter::Delay(Duration::from_secs_f64(
                28.706807374954224,
            ))),
        ),
        (
            None,
            Some(RetryAfter::Delay(Duration::from_secs_f64(
                28.706807374954224,
            ))),
        ),
    ] {
        let mut response = http::Response::builder().status(429);
        if let Some(header) = header {
            response = response.header("retry-after", header);
        }
        let response = response.body(body).unwrap();
        let error = zulip::Error::from_http_response(&response);
        assert_eq!(error.retry_after(), expected, "{header:?}");
        assert_eq!(serde_json::to_string(&error).unwrap(), body);
        let error = matrix_error::Error::from(error);
        assert_eq!(error.retry_after(), expected);
    }
}

/// The keys the Matrix kind of `error` writes (`soft_logout` of `M_UNKNOWN_TOKEN`, which an
/// owned `Error` writes always), which its dialect bodies carry too, as extra keys.
fn kind_keys(error: &matrix_error::Error) -> Vec<String> {
    let bare = matrix_error::Error::new(error.kind().clone(), "");
    let Value::Object(body) = common::body(&bare) else {
        unreachable!("a body is an object")
    };
    let own = body
        .keys()
        .filter(|key| !["errcode", "error"].contains(&key.as_str()));
    own.cloned().collect()
}

/// `zulip::Error::from(matrix)`, over every fixture read into Matrix: what a Zulip server
/// sends for that Matrix error (the status, the body and the retry of the serving mapping);
/// the text and the retry stay, and a second round changes nothing; and a body as a Zulip
/// server writes it (`result`, `msg`, a `code`) whose code and status the serving mapping
/// gives back comes back as the same JSON, its keys in the Matrix error's order. Every code
/// with no Matrix meaning (`COM.ZULIP_<CODE>`) is among them.
#[test]
fn every_fixture_converted_back_is_what_a_zulip_server_sends() {
    let (mut same, mut total) = (0, 0);
    for fixture in fixtures() {
        let source = &fixture.source;
        let read = zulip::Error::from_body(fixture.status, fixture.body.as_bytes());
        let matrix = matrix_error::Error::from(read.clone());
        let back = zulip::Error::from(matrix.clone());
        // The serving answer.
        let body = serde_json::to_vec(&zulip::Body(&matrix)).unwrap();
        assert_eq!(serde_json::to_vec(&back).unwrap(), body, "{source}");
        let status = zulip::status(&matrix);
        assert_eq!(
            back.status(),
            if status >= 400 { status } else { 500 },
            "{source}"
        );
        assert_eq!(back.retry_after(), matrix.retry_after(), "{source}");
        // The text and the retry stay, and where the errcode does, converting again changes
        // nothing. (It may not: `UNAUTHORIZED_PRINCIPAL` at 400 is `M_FORBIDDEN`, served as
        // `BAD_REQUEST` at 400, which reads as `M_UNKNOWN`.)
        let again = matrix_error::Error::from(back.clone());
        assert_eq!(again.message(), matrix.message(), "{source}");
        assert_eq!(again.retry_after(), matrix.retry_after(), "{source}");
        let round =
            |error: &zulip::Error| zulip::Error::from(matrix_error::Error::from(error.clone()));
        let back2 = round(&back);
        if again.errcode() == matrix.errcode() {
            assert_eq!(back2, back, "{source}");
        }
        // (A 429 that is no JSON reads as `M_UNKNOWN`, served as `BAD_REQUEST` at 429, which
        // reads as `M_LIMIT_EXCEEDED`: one more round, and nothing changes any more.)
        assert_eq!(round(&back2), back2, "{source}");
        // The same JSON where the code and status survive.
        let sent: Value = serde_json::from_str(&fixture.body).unwrap_or(Value::Null);
        let as_zulip_writes = sent.get("result") == Some(&"error".into())
            && sent.get("msg").is_some_and(Value::is_string)
            && sent.get("code").and_then(Value::as_str) == Some(read.code());
        if matrix.errcode().starts_with("COM.ZULIP_") && fixture.status >= 400 {
            assert_eq!(
                (back.code(), back.status()),
                (read.code(), read.status()),
                "{source}"
            );
        }
        total += 1;
        if !as_zulip_writes || (back.code(), back.status()) != (read.code(), read.status()) {
            continue;
        }
        let mut written: Value = serde_json::from_slice(&body).unwrap();
        for key in kind_keys(&matrix) {
            if sent.get(&key).is_none() {
                written.as_object_mut().unwrap().remove(&key);
            }
        }
        let mut sent = sent;
        for value in [&mut written, &mut sent] {
            // Seconds as the delay holds them (nanoseconds; `3` is written `3.0`).
            value.as_object_mut().unwrap().remove("retry-after");
        }
        assert_eq!(written, sent, "{source}");
        assert_eq!(back.retry_after(), read.retry_after(), "{source}");
        same += 1;
    }
    assert!(same * 2 > total, "{same} of {total}");
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![4 => 400u16..600, 1 => any::<u16>()]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[A-Z][A-Z0-9_]{0,20}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..5)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Zulip's keys, which the reader treats apart, and any other.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec!["result", "msg", "code", "retry-after", "var_name", "errcode", "error"])
            .prop_map(str::to_owned),
        2 => "[a-z_-]{1,10}",
        1 => any::<String>(),
    ]
}

/// A JSON object with distinct keys in a random order, written compactly.
fn object() -> impl Strategy<Value = (Vec<(String, Value)>, Vec<u8>)> {
    prop::collection::vec((key(), json()), 0..8).prop_map(|entries| {
        let mut seen = std::collections::HashSet::new();
        let entries: Vec<(String, Value)> = entries
            .into_iter()
            .filter(|(key, _)| seen.insert(key.clone()))
            .collect();
        let mut bytes = b"{".to_vec();
        for (at, (key, value)) in entries.iter().enumerate() {
            if at > 0 {
                bytes.push(b',');
            }
            bytes.extend(serde_json::to_vec(key).unwrap());
            bytes.push(b':');
            bytes.extend(serde_json::to_vec(value).unwrap());
        }
        bytes.push(b'}');
        (entries, bytes)
    })
}

/// What holds for every error read: its body is JSON, it reads back the same, and its
/// Matrix meaning keeps the status and is a valid Matrix error.
fn check(error: &zulip::Error, status: u16) {
    assert_eq!(error.status(), status);
    let _ = error.to_string();
    let written = serde_json::to_vec(error).unwrap();
    assert!(keys_in_order(&written).is_some());
    let matrix = matrix_error::Error::from(error.clone());
    assert_eq!(matrix.status(), status);
    assert!(matrix.errcode().starts_with("M_") || matrix.errcode().starts_with("COM.ZULIP_"));
    common::body(&matrix);
    let _ = (matrix.category(), matrix.is_retryable());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(status in status(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let error = zulip::Error::from_body(status, &bytes);
        check(&error, status);
    }

    #[test]
    fn mutated_bodies_never_panic(
        status in status(),
        (_, bytes) in object(),
        edits in common::edits(),
    ) {
        let bytes = common::mutate(bytes, edits);
        let error = zulip::Error::from_body(status, &bytes);
        check(&error, status);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// Every key comes back with its value, in its place; the code and msg are the body's.
    #[test]
    fn objects_lose_no_key(status in status(), (entries, bytes) in object()) {
        let error = zulip::Error::from_body(status, &bytes);
        check(&error, status);
        let written = serde_json::to_vec(&error).unwrap();
        prop_assert_eq!(&written, &bytes);
        for (key, value) in &entries {
            prop_assert_eq!(error.get(key), Some(value));
        }
        let code = entries.iter().find(|(key, _)| key == "code").and_then(|(_, code)| code.as_str());
        prop_assert_eq!(error.code(), code.unwrap_or("BAD_REQUEST"));
        let matrix = matrix_error::Error::from(error.clone());
        let body = common::body(&matrix);
        let sent: serde_json::Map<String, Value> = entries.iter().cloned().collect();
        for (key, value) in extra_keys(&sent) {
            // Keys the Matrix body writes itself, or a kind holds typed, are the only ones it
            // may not show as sent.
            let matrix_own = matches!(key.as_str(), "errcode" | "error" | "retry_after_ms" | "soft_logout" | "message");
            prop_assert!(matrix_own || body.get(key) == Some(value), "{} lost", key);
        }
    }

    /// Whatever is read is written back so that it reads as the same error.
    #[test]
    fn written_bodies_read_back_equal(status in status(), (_, bytes) in object()) {
        let error = zulip::Error::from_body(status, &bytes);
        let again = zulip::Error::from_body(status, &serde_json::to_vec(&error).unwrap());
        prop_assert_eq!(again, error);
    }

    /// A code the table does not map keeps its identity under `COM.ZULIP_`.
    #[test]
    fn unmapped_codes_keep_their_identity(status in 400u16..600, code in "X[A-Z0-9_]{0,20}", msg in any::<String>()) {
        let error = zulip::Error::new(status, code.clone(), msg.clone());
        let again = zulip::Error::from_body(status, &serde_json::to_vec(&error).unwrap());
        prop_assert_eq!(&again, &error);
        let matrix = matrix_error::Error::from(again);
        prop_assert_eq!(matrix.errcode(), format!("COM.ZULIP_{code}"));
        prop_assert_eq!(matrix.message(), msg);
    }
}
