//! `mastodon::Error`: every Mastodon error body (plain, OAuth, 422 with `details`, the nested
//! form, HTML, empty) read without loss and written back as it came, and its Matrix meaning,
//! on real bodies (`fixtures/mastodon/bodies.json`: Mastodon's documentation, responses
//! recorded from a Mastodon server by Mastodon.py's tests, Mastodon's and Doorkeeper's code
//! and specs, the proxy pages in front of it; each with its source) and on generated ones
//! (proptest).
//!
//! Case counts are set per property below; `PROPTEST_CASES` overrides them all.

mod common;

use std::collections::BTreeMap;
use std::fmt;

use matrix_error::mastodon::{self, Shape};
use matrix_error::{Category, ErrorKind};
use proptest::prelude::*;
use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Value, json};

#[derive(Deserialize)]
struct Fixtures {
    fixtures: Vec<Fixture>,
}

/// A response, and the Matrix meaning DIALECTS.md's table gives it (worked out by hand).
#[derive(Deserialize)]
struct Fixture {
    status: u16,
    body: String,
    /// The response's headers, where the source recorded them (read by the `http` test).
    #[serde(default)]
    #[cfg_attr(not(feature = "http"), allow(dead_code))]
    headers: BTreeMap<String, String>,
    matrix: String,
    message: String,
    source: String,
}

fn fixtures() -> Vec<Fixture> {
    let fixtures: Fixtures =
        serde_json::from_str(include_str!("fixtures/mastodon/bodies.json")).expect("fixtures");
    fixtures.fixtures
}

fn fixture(status: u16, body: &str) -> mastodon::Error {
    let found = fixtures()
        .into_iter()
        .find(|fixture| fixture.status == status && fixture.body == body)
        .expect("a fixture with this body");
    mastodon::Error::from_body(found.status, found.body.as_bytes())
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

#[test]
fn there_are_dozens_of_real_bodies_each_with_its_source() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 80, "{}", fixtures.len());
    for fixture in &fixtures {
        let (repo, rest) = fixture
            .source
            .split_once(' ')
            .expect("repo, then path@commit");
        assert_eq!(repo.matches('/').count(), 1, "{}", fixture.source);
        let commit = rest.split_once('@').expect("path@commit").1;
        assert!(commit.len() >= 40 && commit[..40].bytes().all(|b| b.is_ascii_hexdigit()));
    }
    // The shapes a reader must take, each seen in a real body.
    let shapes: Vec<Shape> = fixtures
        .iter()
        .map(|fixture| mastodon::Error::from_body(fixture.status, fixture.body.as_bytes()).shape())
        .collect();
    for shape in [Shape::Plain, Shape::OAuth, Shape::Nested, Shape::NotJson] {
        assert!(shapes.contains(&shape), "{shape:?}");
    }
}

#[test]
fn every_fixture_is_written_back_as_it_came() {
    for fixture in fixtures() {
        let sent = fixture.body.as_bytes();
        let error = mastodon::Error::from_body(fixture.status, sent);
        let source = &fixture.source;
        assert_eq!(error.status(), fixture.status, "{source}");
        let written = serde_json::to_vec(&error).unwrap();
        match serde_json::from_slice::<Value>(sent) {
            Ok(Value::Object(object)) => {
                let value: Value = serde_json::from_slice(&written).unwrap();
                assert_eq!(value, Value::Object(object.clone()), "{source}");
                assert_eq!(keys_in_order(&written), keys_in_order(sent), "{source}");
                match &object["error"] {
                    Value::String(text) => assert_eq!(error.error(), text),
                    nested => assert_eq!(error.error(), nested["error"].as_str().unwrap()),
                }
                let details = object
                    .get("details")
                    .or_else(|| object["error"].get("details"));
                assert_eq!(error.details(), details, "{source}");
                assert_eq!(mastodon::Error::from_body(fixture.status, &written), error);
            }
            _ => {
                assert_eq!(error.shape(), Shape::NotJson, "{source}");
                assert_eq!(error.error(), fixture.message, "{source}");
                let value: Value = serde_json::from_slice(&written).unwrap();
                assert_eq!(value, json!({ "error": fixture.message }));
            }
        }
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn every_fixture_has_its_matrix_meaning() {
    for fixture in fixtures() {
        let mastodon = mastodon::Error::from_body(fixture.status, fixture.body.as_bytes());
        let shape = mastodon.shape();
        let error = matrix_error::Error::from(mastodon);
        let source = &fixture.source;
        assert_eq!(error.errcode(), fixture.matrix, "{source}");
        assert_eq!(error.status(), fixture.status, "{source}");
        assert_eq!(error.message(), fixture.message, "{source}");
        let body = common::body(&error);
        if let Ok(Value::Object(sent)) = serde_json::from_str::<Value>(&fixture.body) {
            // Every key but the text (and an OAuth error's code and description) stays.
            for (key, value) in &sent {
                let text = key == "error"
                    || (shape == Shape::OAuth && key == "error_description" && value.is_string());
                if !text {
                    assert_eq!(body.get(key), Some(value), "{key} of {source}");
                }
            }
            if shape == Shape::Nested {
                assert_eq!(body.get("details"), sent["error"].get("details"));
            }
        }
        let _ = error.category();
        let server_failure = (500..=599).contains(&fixture.status) && fixture.status != 501;
        assert_eq!(
            error.is_retryable(),
            server_failure || fixture.status == 429,
            "{source}"
        );
    }
}

#[test]
fn validation_failures_keep_their_details() {
    let body = r#"{"error":"Validation failed: Password can't be blank, Username must contain only letters, numbers and underscores, Agreement must be accepted","details":{"password":[{"error":"ERR_BLANK","description":"can't be blank"}],"username":[{"error":"ERR_INVALID","description":"must contain only letters, numbers and underscores"}],"agreement":[{"error":"ERR_ACCEPTED","description":"must be accepted"}]}}"#;
    let error = fixture(422, body);
    assert_eq!(error.shape(), Shape::Plain);
    assert_eq!(
        error.details().unwrap()["username"][0]["error"],
        "ERR_INVALID"
    );
    assert_eq!(
        error.extra().count(),
        0,
        "details is read, not an other key"
    );
    let error = matrix_error::Error::from(error);
    assert_eq!(error.errcode(), "M_INVALID_PARAM");
    assert_eq!(error.category(), Category::InvalidRequest);
    assert_eq!(
        error.extra()["details"]["agreement"][0]["error"],
        "ERR_ACCEPTED"
    );
}

#[test]
fn the_nested_form_reads_its_inner_object() {
    let body = r#"{"error":{"error":"Validation failed: Name is too long (maximum is 40 characters)","details":{"name":[{"error":"ERR_TOO_LONG","description":"is too long (maximum is 40 characters)"}]}}}"#;
    let error = fixture(422, body);
    assert_eq!(error.shape(), Shape::Nested);
    assert_eq!(
        error.error(),
        "Validation failed: Name is too long (maximum is 40 characters)"
    );
    assert_eq!(error.details().unwrap()["name"][0]["error"], "ERR_TOO_LONG");
    let written: Value = serde_json::to_value(&error).unwrap();
    assert_eq!(written, serde_json::from_str::<Value>(body).unwrap());
    let error = matrix_error::Error::from(error);
    assert_eq!(error.errcode(), "M_INVALID_PARAM");
    assert_eq!(error.extra()["details"]["name"][0]["error"], "ERR_TOO_LONG");
}

#[test]
fn oauth_errors_keep_their_code_under_the_ietf_namespace() {
    let body = r#"{"error":"invalid_client","error_description":"Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."}"#;
    let error = fixture(401, body);
    assert_eq!(
        (error.shape(), error.error()),
        (Shape::OAuth, "invalid_client")
    );
    let error = matrix_error::Error::from(error);
    assert_eq!(
        (error.errcode(), error.status()),
        ("ORG.IETF.OAUTH_INVALID_CLIENT", 401)
    );
    assert!(error.message().starts_with("Client authentication failed"));
    assert_eq!(error.category(), Category::Unauthenticated);

    let body = r#"{"error":"invalid_request","error_description":"Missing required parameter: grant_type.","state":"af0ifjsldkj"}"#;
    let error = matrix_error::Error::from(fixture(400, body));
    assert_eq!(error.errcode(), "ORG.IETF.OAUTH_INVALID_REQUEST");
    // A code this crate does not know: the kind holds every other key.
    assert!(
        matches!(error.kind(), ErrorKind::Custom { extra, .. } if extra["state"] == "af0ifjsldkj")
    );
}

#[test]
fn the_text_refines_the_status() {
    let meaning = |status, body: &str| matrix_error::Error::from(fixture(status, body));
    let error = meaning(
        401,
        r#"{"error":"This method requires an authenticated user"}"#,
    );
    assert_eq!(error.errcode(), "M_MISSING_TOKEN");
    let error = meaning(401, r#"{"error":"The access token is invalid"}"#);
    assert!(matches!(error.kind(), ErrorKind::UnknownToken { .. }));
    let error = meaning(403, r#"{"error":"Your login is currently disabled"}"#);
    assert_eq!(error.errcode(), "M_USER_DEACTIVATED");
    let error = meaning(403, r#"{"error":"This action is not allowed"}"#);
    assert_eq!(error.errcode(), "M_FORBIDDEN");
    let error = meaning(404, r#"{"error":"Not Found"}"#);
    assert_eq!(error.errcode(), "M_UNRECOGNIZED");
    let error = meaning(404, r#"{"error":"Record not found"}"#);
    assert_eq!(
        (error.errcode(), error.category()),
        ("M_NOT_FOUND", Category::NotFound)
    );
    let error = meaning(410, r#"{"error":"Gone"}"#);
    assert_eq!(error.errcode(), "M_NOT_FOUND");
    let error = meaning(429, r#"{"error":"Too many requests"}"#);
    assert_eq!(
        (error.errcode(), error.category()),
        ("M_LIMIT_EXCEEDED", Category::RateLimited)
    );
}

#[test]
fn html_and_empty_bodies_keep_the_status() {
    let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    let error = fixture(502, page);
    assert_eq!(
        (error.shape(), error.error()),
        (Shape::NotJson, "Bad Gateway")
    );
    let error = matrix_error::Error::from(error);
    assert_eq!((error.errcode(), error.status()), ("M_UNKNOWN", 502));
    assert!(error.is_retryable());
    assert_eq!(error.category(), Category::ServerFailure);

    // An empty 404 recorded from a server (a disabled endpoint).
    let error = fixture(404, "");
    assert_eq!(
        (error.shape(), error.error()),
        (Shape::NotJson, "Not Found")
    );
    let error = matrix_error::Error::from(error);
    assert_eq!((error.errcode(), error.status()), ("M_UNKNOWN", 404));
    assert_eq!(error.category(), Category::NotFound);
}

#[test]
fn a_503_is_retryable() {
    let error = matrix_error::Error::from(fixture(
        503,
        r#"{"error":"Remote data could not be fetched"}"#,
    ));
    assert_eq!((error.errcode(), error.status()), ("M_UNKNOWN", 503));
    assert!(error.is_retryable());
    assert_eq!(error.message(), "Remote data could not be fetched");
}

#[cfg(feature = "http")]
#[test]
fn headers_give_the_time_to_retry() {
    use matrix_error::RetryAfter;
    use std::time::{Duration, UNIX_EPOCH};

    // Every recorded response: its X-RateLimit-Reset is no retry time unless it is a 429.
    for fixture in fixtures() {
        let mut response = http::Response::builder().status(fixture.status);
        for (name, value) in &fixture.headers {
            response = response.header(name, value);
        }
        let response = response.body(fixture.body.clone()).unwrap();
        let error = mastodon::Error::from_http_response(&response);
        assert_eq!(
            error,
            mastodon::Error::from_body(fixture.status, fixture.body.as_bytes())
        );
        assert_eq!(error.retry_after(), None, "{}", fixture.source);
    }

    // A 429 with Rack::Attack's headers (X-RateLimit-Reset as Mastodon.py recorded it).
    let response = http::Response::builder()
        .status(429)
        .header("x-ratelimit-limit", "300")
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", "2026-08-01T14:00:00.336319Z")
        .body(r#"{"error":"Too many requests"}"#)
        .unwrap();
    let error = mastodon::Error::from_http_response(&response);
    let at = UNIX_EPOCH + Duration::new(1_785_592_800, 336_319_000);
    assert_eq!(error.retry_after(), Some(RetryAfter::DateTime(at)));
    let error = matrix_error::Error::from(error);
    assert_eq!(
        error.kind(),
        &ErrorKind::LimitExceeded {
            retry_after: Some(RetryAfter::DateTime(at))
        }
    );

    // Retry-After, in either form, wins; a reset that is no time is ignored.
    for (retry_after, reset, expected) in [
        (
            Some("120"),
            Some("2026-08-01T14:00:00.336319Z"),
            Some(RetryAfter::Delay(Duration::from_secs(120))),
        ),
        (
            Some("Sat, 01 Aug 2026 14:00:00 GMT"),
            None,
            Some(RetryAfter::DateTime(
                UNIX_EPOCH + Duration::from_secs(1_785_592_800),
            )),
        ),
        (None, Some("soon"), None),
        (
            Some("soon"),
            Some("2026-08-01T14:00:00Z"),
            Some(RetryAfter::DateTime(
                UNIX_EPOCH + Duration::from_secs(1_785_592_800),
            )),
        ),
    ] {
        let mut response = http::Response::builder().status(429);
        if let Some(value) = retry_after {
            response = response.header("retry-after", value);
        }
        if let Some(value) = reset {
            response = response.header("x-ratelimit-reset", value);
        }
        let response = response.body(b"".to_vec()).unwrap();
        let error = mastodon::Error::from_http_response(&response);
        assert_eq!(error.retry_after(), expected, "{retry_after:?} {reset:?}");
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

/// `mastodon::Error::from(matrix)`, over every fixture read into Matrix: what a Mastodon
/// server sends for that Matrix error (the status, the body and the retry of the serving
/// mapping); the text and the retry stay, and a second round changes nothing; and a plain or
/// OAuth body whose status the serving mapping gives back comes back as the same JSON, its
/// keys in the Matrix error's order. Every OAuth error is among them.
#[test]
fn every_fixture_converted_back_is_what_a_mastodon_server_sends() {
    let (mut same, mut total) = (0, 0);
    for fixture in fixtures() {
        let source = &fixture.source;
        let read = mastodon::Error::from_body(fixture.status, fixture.body.as_bytes());
        let matrix = matrix_error::Error::from(read.clone());
        let back = mastodon::Error::from(matrix.clone());
        // The serving answer.
        let body = serde_json::to_vec(&mastodon::Body(&matrix)).unwrap();
        assert_eq!(serde_json::to_vec(&back).unwrap(), body, "{source}");
        let status = mastodon::status(&matrix);
        assert_eq!(
            back.status(),
            if status >= 400 { status } else { 500 },
            "{source}"
        );
        assert_eq!(back.retry_after(), matrix.retry_after(), "{source}");
        // The text and the retry stay, and where the errcode does, converting again changes
        // nothing. (It may not: a 404 that is no JSON reads as `M_UNKNOWN` with the reason
        // phrase, served as `{"error":"Not Found"}`, which reads as `M_UNRECOGNIZED`.)
        let again = matrix_error::Error::from(back.clone());
        assert_eq!(again.message(), matrix.message(), "{source}");
        assert_eq!(again.retry_after(), matrix.retry_after(), "{source}");
        let round = |error: &mastodon::Error| {
            mastodon::Error::from(matrix_error::Error::from(error.clone()))
        };
        let back2 = round(&back);
        if again.errcode() == matrix.errcode() {
            assert_eq!(back2, back, "{source}");
        }
        assert_eq!(round(&back2), back2, "{source}");
        if read.shape() == Shape::OAuth && fixture.status >= 400 {
            assert_eq!(
                (back.shape(), back.status()),
                (Shape::OAuth, read.status()),
                "{source}"
            );
            assert_eq!(
                (back.error(), back.error_description()),
                (read.error(), read.error_description()),
                "{source}"
            );
        }
        // The same JSON where the status survives.
        total += 1;
        if !matches!(read.shape(), Shape::Plain | Shape::OAuth) || back.status() != read.status() {
            continue;
        }
        let sent: Value = serde_json::from_str(&fixture.body).unwrap();
        let mut written: Value = serde_json::from_slice(&body).unwrap();
        for key in kind_keys(&matrix) {
            if sent.get(&key).is_none() {
                written.as_object_mut().unwrap().remove(&key);
            }
        }
        assert_eq!(written, sent, "{source}");
        same += 1;
    }
    assert!(same * 2 > total, "{same} of {total}");
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![4 => 400u16..600, 1 => any::<u16>()]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        1 => prop::sample::select(vec![
            "invalid_grant", "invalid_client", "This method requires an authenticated user",
            "Your login is currently disabled", "Not Found", "param is missing or the value is empty: status",
        ]).prop_map(str::to_owned),
        1 => "[a-z_]{1,12}",
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec!["error", "details", "description", "x"])
                    .prop_map(str::to_owned),
                inner,
                0..4,
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Mastodon's keys, which the reader treats apart, and any other.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec!["error", "error_description", "details", "state", "errcode"])
            .prop_map(str::to_owned),
        2 => "[a-z_]{1,10}",
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

/// What holds for every error read: its body is JSON, and its Matrix meaning keeps the
/// status and is a valid Matrix error.
fn check(error: &mastodon::Error, status: u16) {
    assert_eq!(error.status(), status);
    let _ = error.to_string();
    let written = serde_json::to_vec(error).unwrap();
    assert!(keys_in_order(&written).is_some());
    let matrix = matrix_error::Error::from(error.clone());
    assert_eq!(matrix.status(), status);
    assert!(matrix.errcode().starts_with("M_") || matrix.errcode().starts_with("ORG.IETF.OAUTH_"));
    if error.shape() == Shape::OAuth {
        assert_eq!(
            matrix.errcode(),
            format!("ORG.IETF.OAUTH_{}", error.error().to_ascii_uppercase())
        );
    }
    common::body(&matrix);
    let _ = (matrix.category(), matrix.is_retryable());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(status in status(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let error = mastodon::Error::from_body(status, &bytes);
        check(&error, status);
    }

    #[test]
    fn mutated_bodies_never_panic(
        status in status(),
        (_, bytes) in object(),
        edits in common::edits(),
    ) {
        let bytes = common::mutate(bytes, edits);
        let error = mastodon::Error::from_body(status, &bytes);
        check(&error, status);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// Every key comes back with its value, in its place, whatever the shape.
    #[test]
    fn objects_lose_no_key(status in status(), (entries, bytes) in object()) {
        let error = mastodon::Error::from_body(status, &bytes);
        check(&error, status);
        prop_assert_eq!(&serde_json::to_vec(&error).unwrap(), &bytes);
        for (key, value) in &entries {
            prop_assert_eq!(error.get(key), Some(value));
        }
        // The Matrix meaning keeps every key but those that became its code and message.
        let shape = error.shape();
        let matrix = matrix_error::Error::from(error);
        let body = common::body(&matrix);
        for (key, value) in &entries {
            let read = match shape {
                Shape::Plain | Shape::Nested => key == "error",
                Shape::OAuth => key == "error" || (key == "error_description" && value.is_string()),
                _ => false,
            };
            let matrix_own = matches!(key.as_str(), "errcode" | "error" | "retry_after_ms" | "soft_logout" | "message");
            prop_assert!(read || matrix_own || body.get(key) == Some(value), "{} lost", key);
        }
    }

    /// Whatever is read is written back so that it reads as the same error.
    #[test]
    fn written_bodies_read_back_equal(status in status(), (_, bytes) in object()) {
        let error = mastodon::Error::from_body(status, &bytes);
        let again = mastodon::Error::from_body(status, &serde_json::to_vec(&error).unwrap());
        prop_assert_eq!(again, error);
    }

    /// An OAuth error of any `[a-z_]+` code with a description reads as its namespaced code.
    #[test]
    fn oauth_codes_keep_their_identity(status in 400u16..600, code in "[a-z_]{1,20}", description in any::<String>()) {
        let error = mastodon::Error::oauth(status, code.clone(), description.clone());
        let again = mastodon::Error::from_body(status, &serde_json::to_vec(&error).unwrap());
        prop_assert_eq!(&again, &error);
        prop_assert_eq!(again.shape(), Shape::OAuth);
        let matrix = matrix_error::Error::from(again);
        prop_assert_eq!(matrix.errcode(), format!("ORG.IETF.OAUTH_{}", code.to_ascii_uppercase()));
        prop_assert_eq!(matrix.message(), description);
    }
}
