//! Feature `http`: any error as an `http::Response`, and responses read back as errors.

use std::time::{Duration, SystemTime};

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, Response, StatusCode};
use matrix_error::{Body, Error, ErrorKind, MatrixError, RetryAfter};
use serde_json::{Value, json};

#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(namespace = "com.example.test")]
enum ApiError {
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Slow {
        #[matrix(retry_after)]
        wait: Duration,
    },
    #[error("quota of {limit} reached")]
    #[matrix(errcode = "QUOTA", status = 403)]
    Quota {
        #[matrix(field)]
        limit: u32,
    },
    /// The status a proxy was answered with, as an `http::StatusCode`.
    #[error("upstream failed")]
    #[matrix(errcode = "M_UNKNOWN", expose)]
    Upstream {
        #[matrix(status)]
        status: StatusCode,
    },
    /// A flattened field whose `Serialize` fails: it is no map.
    #[error("broken")]
    #[matrix(errcode = "COM.EXAMPLE.TEST_BROKEN", status = 400)]
    Broken {
        #[matrix(flatten)]
        number: u32,
    },
}

fn body(response: &Response<Vec<u8>>) -> Value {
    serde_json::from_slice(response.body()).expect("a JSON body")
}

#[test]
fn a_derived_error_becomes_its_response() {
    let error = ApiError::Quota { limit: 7 };
    let response = matrix_error::http::response(&error);
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    assert!(!response.headers().contains_key(RETRY_AFTER));
    assert_eq!(
        body(&response),
        json!({"errcode": "COM.EXAMPLE.TEST_QUOTA", "error": "quota of 7 reached", "limit": 7})
    );
    assert_eq!(Error::from_http_response(&response), Error::from(error));
}

#[test]
fn a_dyn_error_becomes_the_same_response() {
    let error = ApiError::Quota { limit: 7 };
    let expected = matrix_error::http::response(&error);
    for boxed in [
        Box::new(ApiError::Quota { limit: 7 }) as Box<dyn MatrixError>,
        Box::new(ApiError::Quota { limit: 7 }) as Box<dyn MatrixError + Send + Sync>,
    ] {
        let response = matrix_error::http::response(&*boxed);
        assert_eq!(response.status(), expected.status());
        assert_eq!(response.headers(), expected.headers());
        assert_eq!(body(&response), body(&expected));
    }
}

#[test]
fn retry_after_is_whole_seconds_rounded_up_or_a_date() {
    for (ms, header) in [(1, "1"), (1000, "1"), (1001, "2"), (2500, "3")] {
        let error = ApiError::Slow {
            wait: Duration::from_millis(ms),
        };
        let response = matrix_error::http::response(&error);
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()[RETRY_AFTER], header, "{ms} ms");
        assert_eq!(body(&response)["retry_after_ms"], ms);
        // Read back: the header wins over the body's milliseconds.
        let read = Error::from_http_response(&response);
        assert_eq!(read.retry_after(), Some(header.parse().unwrap()));
        assert_eq!(
            read.kind(),
            &ErrorKind::LimitExceeded {
                retry_after: Some(RetryAfter::Delay(Duration::from_millis(ms)))
            }
        );
    }

    // A date: the header, and in the body the time left when the response was built, so
    // that a client reading only the body (matrix-nio) waits as asked. `Body` alone writes no
    // `retry_after_ms` for a date: it never reads the clock.
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(4_000_000_000);
    let error = Error::new(
        ErrorKind::LimitExceeded {
            retry_after: Some(RetryAfter::DateTime(at)),
        },
        "later",
    );
    assert_eq!(
        serde_json::to_value(Body(&error)).unwrap(),
        json!({"errcode": "M_LIMIT_EXCEEDED", "error": "later"})
    );
    let before = SystemTime::now();
    let response = matrix_error::http::response(&error);
    let after = SystemTime::now();
    assert_eq!(
        response.headers()[RETRY_AFTER],
        "Tue, 02 Oct 2096 07:06:40 GMT"
    );
    let ms = body(&response)["retry_after_ms"].as_u64().unwrap();
    let left = |now: SystemTime| at.duration_since(now).unwrap().as_millis() as u64;
    assert!((left(after)..=left(before) + 1).contains(&ms), "{ms}");
    assert_eq!(
        body(&response),
        json!({"errcode": "M_LIMIT_EXCEEDED", "error": "later", "retry_after_ms": ms})
    );
    // Read back: the kind holds the delay of the body, the header's date wins.
    let read = Error::from_http_response(&response);
    assert_eq!(
        read.kind(),
        &ErrorKind::LimitExceeded {
            retry_after: Some(RetryAfter::Delay(Duration::from_millis(ms)))
        }
    );
    assert_eq!(read.retry_after(), Some(RetryAfter::DateTime(at)));

    // A date that has passed: 0, retry at once. A `dyn MatrixError` gets it too.
    let past = Error::new(ErrorKind::LimitExceeded { retry_after: None }, "now")
        .with_retry_after(RetryAfter::DateTime(SystemTime::UNIX_EPOCH));
    let boxed: Box<dyn MatrixError> = Box::new(past.clone());
    for response in [
        matrix_error::http::response(&past),
        matrix_error::http::response(&*boxed),
    ] {
        assert_eq!(
            body(&response),
            json!({"errcode": "M_LIMIT_EXCEEDED", "error": "now", "retry_after_ms": 0})
        );
        assert_eq!(
            response.headers()[RETRY_AFTER],
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }
}

/// A body that already holds `retry_after_ms` (a peer's, passed on) keeps it beside a date in
/// the header: a response never writes the key twice.
#[test]
fn a_date_beside_a_body_delay_keeps_the_body_as_it_is() {
    let body_bytes = br#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow","retry_after_ms":2000}"#;
    let at = SystemTime::now() + Duration::from_secs(60);
    let error = Error::from_body(429, body_bytes).with_retry_after(RetryAfter::DateTime(at));
    let response = matrix_error::http::response(&error);
    assert_eq!(response.body(), body_bytes);
    let custom = Error::from_body(
        429,
        br#"{"errcode":"COM.EXAMPLE_SLOW","error":"slow","retry_after_ms":"2000"}"#,
    )
    .with_retry_after(RetryAfter::DateTime(at));
    assert_eq!(
        matrix_error::http::response(&custom).body(),
        br#"{"errcode":"COM.EXAMPLE_SLOW","error":"slow","retry_after_ms":"2000"}"#
    );
}

#[test]
fn a_status_that_is_no_error_status_is_answered_500() {
    for status in [0, 100, 200, 204, 302, 399, 600, 999, 1000, u16::MAX] {
        let error = Error::new(ErrorKind::Unknown, "odd").with_status(status);
        let response = matrix_error::http::response(&error);
        assert_eq!(response.status(), 500, "{status}");
        assert_eq!(
            matrix_error::http::status_code(&error),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            body(&response),
            json!({"errcode": "M_UNKNOWN", "error": "odd"})
        );
    }
    for status in [400, 404, 418, 451, 499, 500, 503, 599] {
        let error = Error::new(ErrorKind::Unknown, "ok").with_status(status);
        assert_eq!(matrix_error::http::response(&error).status(), status);
    }
}

#[test]
fn a_status_field_may_be_an_http_status_code() {
    let error = ApiError::Upstream {
        status: StatusCode::BAD_GATEWAY,
    };
    assert_eq!(error.status(), 502);
    let response = matrix_error::http::response(&error);
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(
        body(&response),
        json!({"errcode": "M_UNKNOWN", "error": "upstream failed"})
    );
}

#[test]
fn a_body_that_fails_to_serialize_keeps_the_required_keys() {
    let response = matrix_error::http::response(&ApiError::Broken { number: 3 });
    assert_eq!(response.status(), 400);
    assert_eq!(
        body(&response),
        json!({"errcode": "COM.EXAMPLE.TEST_BROKEN", "error": "broken"})
    );
}

fn response_with(status: u16, retry_after: &[&[u8]], body: &str) -> Response<String> {
    let mut response = Response::new(body.to_owned());
    *response.status_mut() = StatusCode::from_u16(status).unwrap();
    for value in retry_after {
        response
            .headers_mut()
            .append(RETRY_AFTER, HeaderValue::from_bytes(value).unwrap());
    }
    response
}

#[test]
fn reading_a_response_takes_the_retry_after_header_over_the_body() {
    let body = r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow","retry_after_ms":2000}"#;
    let read = Error::from_http_response(&response_with(429, &[b"7"], body));
    assert_eq!(
        read.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(7)))
    );
    // Serializing again keeps the body's own value.
    assert_eq!(read.error_dict()["retry_after_ms"], 2000);

    let read = Error::from_http_response(&response_with(
        503,
        &[b"Sun, 06 Nov 1994 08:49:37 GMT"],
        r#"{"errcode":"M_UNKNOWN","error":"maintenance"}"#,
    ));
    assert_eq!(
        read.retry_after(),
        Some(RetryAfter::DateTime(
            SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
        ))
    );
    assert_eq!(read.status(), 503);

    // Several headers: the first counts.
    let read = Error::from_http_response(&response_with(429, &[b"4", b"9"], body));
    assert_eq!(
        read.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(4)))
    );
}

#[test]
fn an_invalid_or_non_utf8_retry_after_is_ignored() {
    let body = r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow","retry_after_ms":2000}"#;
    let from_body = Error::from_body(429, body.as_bytes());
    for header in [
        &b"soon"[..],
        b"-1",
        b"1.5",
        b"",
        b"\xff\xfe",
        "3\u{e9}".as_bytes(),
    ] {
        let read = Error::from_http_response(&response_with(429, &[header], body));
        assert_eq!(read, from_body, "{header:?}");
        assert_eq!(
            read.retry_after(),
            Some(RetryAfter::Delay(Duration::from_millis(2000)))
        );
    }
}

#[test]
fn reading_a_response_is_total() {
    let cases: [(u16, &[u8], &str, &str); 4] = [
        (502, b"<html>Bad Gateway</html>", "M_UNKNOWN", "Bad Gateway"),
        (404, b"", "M_UNKNOWN", "Not Found"),
        (
            200,
            br#"{"errcode":"M_FORBIDDEN","error":"no"}"#,
            "M_FORBIDDEN",
            "no",
        ),
        (418, b"\xff{", "M_UNKNOWN", "I'm a teapot"),
    ];
    for (status, body, errcode, message) in cases {
        let mut response = Response::new(body);
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        let read = Error::from_http_response(&response);
        assert_eq!(
            (read.status(), read.errcode(), read.message()),
            (status, errcode, message)
        );
    }
}
