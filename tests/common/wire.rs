//! What the axum and the actix-web socket tests share: the API both servers serve, a real HTTP
//! client (ureq, over a TCP socket to 127.0.0.1) and the checks each response must pass.
//!
//! Every check asserts the status, the headers and the body as they came over the wire, then
//! reads the response back with `Error::from_http_response`.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use matrix_error::{Error, ErrorKind, MatrixError, RetryAfter};
use serde_json::{Value, json};
use ureq::http::{self, Request, Response};

/// The errors of the API under test.
#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(namespace = "com.example.test")]
#[cfg_attr(feature = "axum", matrix(axum))]
#[cfg_attr(feature = "actix-web", matrix(actix_web))]
pub enum ApiError {
    #[error("you are not a member of {room}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    NotMember { room: String },

    #[error("quota of {limit} messages reached")]
    #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)]
    Quota {
        #[matrix(field)]
        limit: u32,
    },

    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    RateLimited {
        #[matrix(retry_after)]
        wait: Duration,
    },

    #[error("come back later")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    RateLimitedUntil {
        #[matrix(retry_after)]
        until: RetryAfter,
    },

    /// A 405 of the application's own: the 405 fallback must leave it as it is.
    #[error("this endpoint is disabled")]
    #[matrix(errcode = "M_UNRECOGNIZED", status = 405)]
    Disabled,

    #[error("database: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Db(#[matrix(from)] std::io::Error),
}

/// The message a handler sends to `POST /echo`.
#[derive(Debug, serde::Deserialize)]
pub struct Message {
    pub body: String,
}

/// The body limit both servers are configured with.
pub const BODY_LIMIT: usize = 1024;

/// The date of `GET /limited-until`'s `Retry-After`: 2033-05-18T03:33:20Z.
pub fn until() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000)
}

/// What each route's handler returns.
pub mod handlers {
    use super::*;

    pub fn room(room: String) -> ApiError {
        ApiError::NotMember { room }
    }
    pub fn quota() -> ApiError {
        ApiError::Quota { limit: 1000 }
    }
    pub fn limited() -> ApiError {
        ApiError::RateLimited {
            wait: Duration::from_millis(2500),
        }
    }
    pub fn limited_until() -> ApiError {
        ApiError::RateLimitedUntil {
            until: RetryAfter::DateTime(until()),
        }
    }
    pub fn disabled() -> ApiError {
        ApiError::Disabled
    }
    pub fn crash() -> ApiError {
        ApiError::from(std::io::Error::other("db01.internal:5432 refused"))
    }
    /// A handler returning the runtime crate's own `Error`.
    pub fn standard() -> Error {
        Error::new(ErrorKind::NotFound, "no such event")
    }
    /// The message, and the `Content-Type` the request came with (`null` for none), so that
    /// a test knows what the server saw.
    pub fn count(n: u32) -> Value {
        json!({ "n": n })
    }
    /// The message, and the `Content-Type` the request came with (`null` for none), so that
    /// a test knows what the server saw.
    pub fn echo(message: Message, content_type: Option<&str>) -> Value {
        json!({ "echo": message.body, "content_type": content_type })
    }
}

/// A blocking HTTP/1.1 client on one keep-alive connection to `addr`.
pub struct Client {
    agent: ureq::Agent,
    base: String,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_idle_connections_per_host(1)
            .timeout_global(Some(Duration::from_secs(30)))
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
            base: format!("http://{addr}"),
        }
    }

    /// Sends a request and reads the whole response.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Response<Vec<u8>>, ureq::Error> {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = if body.is_empty() {
            self.agent.run(request.body(()).expect("a valid request"))?
        } else {
            self.agent
                .run(request.body(body.to_vec()).expect("a valid request"))?
        };
        let (parts, mut body) = response.into_parts();
        let bytes = body.read_to_vec()?;
        Ok(Response::from_parts(parts, bytes))
    }

    /// [`send`](Client::send), which must succeed.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response<Vec<u8>> {
        self.send(method, path, headers, body)
            .unwrap_or_else(|error| panic!("{method} {path}: {error}"))
    }

    pub fn get(&self, path: &str) -> Response<Vec<u8>> {
        self.request("GET", path, &[], b"")
    }

    pub fn post_json(&self, path: &str, body: &[u8]) -> Response<Vec<u8>> {
        self.request("POST", path, &[("content-type", "application/json")], body)
    }
}

/// The response's body as JSON, after checking that it is an error response: JSON content
/// type, a JSON object with a string `errcode` and `error`.
pub fn error_body(response: &Response<Vec<u8>>) -> Value {
    assert_eq!(
        response.headers().get(http::header::CONTENT_TYPE),
        Some(&http::HeaderValue::from_static("application/json")),
        "{response:?}"
    );
    let body: Value = serde_json::from_slice(response.body()).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}",
            String::from_utf8_lossy(response.body())
        )
    });
    assert!(body["errcode"].is_string(), "{body}");
    assert!(body["error"].is_string(), "{body}");
    body
}

/// Asserts that `response` is `expected` on the wire (status, body, `Retry-After`) and that
/// reading it back gives `expected`.
///
/// For a retry date the body also holds `retry_after_ms`, the time left when the server wrote
/// it: between the time left now and a minute more.
pub fn assert_error_response<E>(response: &Response<Vec<u8>>, expected: E)
where
    E: MatrixError,
    Error: From<E>,
{
    let body = error_body(response);
    assert_eq!(response.status(), expected.status());
    let mut expected_body = expected.error_dict();
    if let Some(RetryAfter::DateTime(at)) = expected.retry_after() {
        let ms = body["retry_after_ms"]
            .as_u64()
            .unwrap_or_else(|| panic!("no retry_after_ms for a date: {body}"));
        let left_now = at.duration_since(SystemTime::now()).unwrap_or_default();
        let left_now = u64::try_from(left_now.as_millis()).unwrap();
        assert!(
            (left_now..=left_now + 60_000).contains(&ms),
            "retry_after_ms {ms}, {left_now} ms left now"
        );
        expected_body.insert("retry_after_ms".into(), ms.into());
    }
    assert_eq!(body, Value::Object(expected_body.clone()));
    let retry_after = response
        .headers()
        .get(http::header::RETRY_AFTER)
        .map(|value| value.to_str().unwrap().to_owned());
    assert_eq!(
        retry_after,
        expected.retry_after().map(|value| value.to_string())
    );
    // Read back: the body as the server sent it, with the header, which wins over the body's
    // `retry_after_ms` (whole seconds, or the date).
    let read = Error::from_http_response(response);
    let mut owned = Error::from_body(
        expected.status(),
        &serde_json::to_vec(&expected_body).unwrap(),
    );
    if let Some(header) = retry_after {
        owned = owned.with_retry_after(header.parse().unwrap());
    }
    assert_eq!(read, owned);
    assert_eq!(
        read.retry_after(),
        expected.retry_after().map(whole_seconds)
    );
    let converted = Error::from(expected);
    assert_eq!(
        (read.errcode(), read.status(), read.message()),
        (converted.errcode(), converted.status(), converted.message())
    );
}

/// What `Retry-After` keeps of a value: a delay in whole seconds, rounded up; a date as it is
/// (whole seconds already in these tests).
fn whole_seconds(retry_after: RetryAfter) -> RetryAfter {
    retry_after.to_string().parse().unwrap()
}

/// Asserts an error response by status and errcode (for messages written by serde_json).
pub fn assert_rejection(response: &Response<Vec<u8>>, status: u16, errcode: &str) -> Error {
    let body = error_body(response);
    assert_eq!(
        (response.status().as_u16(), body["errcode"].as_str()),
        (status, Some(errcode)),
        "{body}"
    );
    assert!(!body["error"].as_str().unwrap().is_empty(), "{body}");
    let read = Error::from_http_response(response);
    assert_eq!((read.status(), read.errcode()), (status, errcode));
    assert_eq!(Value::Object(read.error_dict()), body);
    read
}

// The checks, one per behaviour; each socket test runs them against its server.

pub fn derived_error(addr: SocketAddr) {
    let client = Client::new(addr);
    let response = client.get("/rooms/!secret:example.org");
    assert_error_response(&response, handlers::room("!secret:example.org".into()));
    assert_eq!(
        error_body(&response),
        json!({"errcode": "M_FORBIDDEN", "error": "you are not a member of !secret:example.org"})
    );

    let response = client.get("/quota");
    assert_error_response(&response, handlers::quota());
    assert_eq!(
        error_body(&response),
        json!({"errcode": "COM.EXAMPLE.TEST_QUOTA_EXCEEDED", "error": "quota of 1000 messages reached", "limit": 1000})
    );
}

pub fn runtime_error(addr: SocketAddr) {
    let response = Client::new(addr).get("/standard");
    assert_error_response(&response, handlers::standard());
    assert_eq!(response.status(), 404);
}

pub fn rate_limit_with_retry_after(addr: SocketAddr) {
    let client = Client::new(addr);
    let response = client.get("/limited");
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "3");
    assert_eq!(
        error_body(&response),
        json!({"errcode": "M_LIMIT_EXCEEDED", "error": "slow down", "retry_after_ms": 2500})
    );
    assert_error_response(&response, handlers::limited());
    let read = Error::from_http_response(&response);
    assert_eq!(
        read.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(3)))
    );
    assert_eq!(
        read.kind(),
        &ErrorKind::LimitExceeded {
            retry_after: Some(RetryAfter::Delay(Duration::from_millis(2500)))
        }
    );

    let before = SystemTime::now();
    let response = client.get("/limited-until");
    let after = SystemTime::now();
    assert_eq!(response.status(), 429);
    assert_eq!(
        response.headers()["retry-after"],
        "Wed, 18 May 2033 03:33:20 GMT"
    );
    // The date goes into the body too, as the time left when the response was written, so
    // that a client reading only `retry_after_ms` (matrix-nio) or unable to read the header
    // (a browser without CORS exposing it) waits as asked.
    let body = error_body(&response);
    let ms = body["retry_after_ms"].as_u64().expect("retry_after_ms");
    let left = |now: SystemTime| until().duration_since(now).unwrap().as_millis() as u64;
    assert!(
        (left(after)..=left(before) + 1).contains(&ms),
        "retry_after_ms {ms}"
    );
    assert_eq!(
        body,
        json!({"errcode": "M_LIMIT_EXCEEDED", "error": "come back later", "retry_after_ms": ms})
    );
    assert_error_response(&response, handlers::limited_until());
    // A client with the header: the date. Without it, as matrix-nio reads: the delay.
    let read = Error::from_http_response(&response);
    assert_eq!(read.retry_after(), Some(RetryAfter::DateTime(until())));
    let body_only = Error::from_body(429, response.body());
    assert_eq!(
        body_only.retry_after(),
        Some(RetryAfter::Delay(Duration::from_millis(ms)))
    );
    // Converted back into a derived type (`parse`), the date survives: the header wins.
    assert_eq!(
        RateLimit::try_from(&read),
        Ok(RateLimit::Until {
            at: RetryAfter::DateTime(until())
        })
    );
    assert_eq!(
        RateLimit::try_from(&body_only),
        Ok(RateLimit::Until {
            at: RetryAfter::Delay(Duration::from_millis(ms))
        })
    );
}

/// A client's view of the rate limits, converted back from a response with `parse`.
#[derive(Debug, PartialEq, thiserror::Error, MatrixError)]
#[matrix(parse)]
pub enum RateLimit {
    #[error("rate limited")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Until {
        #[matrix(retry_after)]
        at: RetryAfter,
    },
}

pub fn redacted_server_error(addr: SocketAddr) {
    let response = Client::new(addr).get("/crash");
    assert_eq!(response.status(), 500);
    assert_eq!(
        error_body(&response),
        json!({"errcode": "M_UNKNOWN", "error": "Internal server error"})
    );
    assert!(!String::from_utf8_lossy(response.body()).contains("db01"));
    assert_error_response(&response, handlers::crash());
}

pub fn unknown_path(addr: SocketAddr) {
    let client = Client::new(addr);
    for method in ["GET", "POST", "DELETE", "OPTIONS"] {
        let response = client.request(method, "/no/such/endpoint", &[], b"");
        assert_eq!(response.status(), 404, "{method}");
        assert_eq!(
            error_body(&response),
            json!({"errcode": "M_UNRECOGNIZED", "error": "Unrecognized request"}),
            "{method}"
        );
        let read = Error::from_http_response(&response);
        assert_eq!(
            (read.kind(), read.status()),
            (&ErrorKind::Unrecognized, 404)
        );
    }
}

pub fn wrong_method(addr: SocketAddr) {
    let client = Client::new(addr);
    for method in ["DELETE", "PUT", "POST"] {
        let response = client.request(method, "/quota", &[], b"");
        assert_eq!(response.status(), 405, "{method}");
        assert_eq!(
            error_body(&response),
            json!({"errcode": "M_UNRECOGNIZED", "error": "Method not allowed"}),
            "{method}"
        );
        assert_allow_get(&response);
        let read = Error::from_http_response(&response);
        assert_eq!(
            (read.kind(), read.status()),
            (&ErrorKind::Unrecognized, 405)
        );
    }
    // A 405 the application answers itself is left as it is.
    let response = client.get("/disabled");
    assert_error_response(&response, handlers::disabled());
    assert_eq!(error_body(&response)["error"], "this endpoint is disabled");
}

/// `OPTIONS` on a known path is no error: 204 with `Allow`, so CORS can work.
pub fn options_on_a_known_path(addr: SocketAddr) {
    let response = Client::new(addr).request("OPTIONS", "/quota", &[], b"");
    assert_eq!(response.status(), 204);
    assert!(response.body().is_empty());
    assert_allow_get(&response);
}

fn assert_allow_get(response: &Response<Vec<u8>>) {
    let allow = response
        .headers()
        .get(http::header::ALLOW)
        .expect("an Allow header")
        .to_str()
        .unwrap();
    assert!(
        allow.split(',').any(|method| method.trim() == "GET"),
        "Allow: {allow}"
    );
}

/// A path parameter that does not decode is 400 `M_INVALID_PARAM` (not axum's `text/plain`
/// 400, nor actix-web's 404): the parameter is invalid, the endpoint exists.
pub fn invalid_path_parameter(addr: SocketAddr) {
    let client = Client::new(addr);
    let response = client.get("/count/7");
    assert_eq!(response.status(), 200);
    assert_eq!(
        serde_json::from_slice::<Value>(response.body()).unwrap(),
        json!({"n": 7})
    );
    for path in [
        "/count/abc",
        "/count/-1",
        "/count/99999999999",
        "/count/%FF",
    ] {
        let response = client.get(path);
        let read = assert_rejection(&response, 400, "M_INVALID_PARAM");
        assert_eq!(read.kind(), &ErrorKind::InvalidParam, "{path}");
    }
}

pub fn json_success(addr: SocketAddr) {
    let response = Client::new(addr).post_json("/echo", br#"{"body":"hello"}"#);
    assert_eq!(response.status(), 200);
    assert_eq!(
        serde_json::from_slice::<Value>(response.body()).unwrap(),
        json!({"echo": "hello", "content_type": "application/json"})
    );
}

/// The `Content-Type`s real clients send with a JSON body: none, matrix-js-sdk's for a string
/// body, a form type, and the spec's.
pub const CONTENT_TYPES: [Option<&str>; 5] = [
    None,
    Some("text/plain"),
    Some("text/plain;charset=UTF-8"),
    Some("application/x-www-form-urlencoded"),
    Some("application/json"),
];

/// Only the body decides: a JSON body is read whatever the `Content-Type` (Synapse reads any;
/// the spec does not require `application/json`), a body that is not JSON is `M_NOT_JSON` and
/// JSON of the wrong shape `M_BAD_JSON`, with each `Content-Type` alike. The echo says which
/// `Content-Type` the server saw, so the request is known to have carried it (or none).
pub fn json_whatever_the_content_type(addr: SocketAddr) {
    let client = Client::new(addr);
    for content_type in CONTENT_TYPES {
        let headers: Vec<(&str, &str)> = content_type
            .map(|value| ("content-type", value))
            .into_iter()
            .collect();
        let response = client.request("POST", "/echo", &headers, br#"{"body":"hi"}"#);
        assert_eq!(response.status(), 200, "{content_type:?}");
        assert_eq!(
            serde_json::from_slice::<Value>(response.body()).unwrap(),
            json!({"echo": "hi", "content_type": content_type}),
        );
        for body in [&b"body=hi"[..], b"{\"body\":", b"hi"] {
            let response = client.request("POST", "/echo", &headers, body);
            let read = assert_rejection(&response, 400, "M_NOT_JSON");
            assert!(!read.message().contains("Content-Type"), "{read}");
        }
        let response = client.request("POST", "/echo", &headers, br#"{"text":"hi"}"#);
        assert_rejection(&response, 400, "M_BAD_JSON");
    }
}

pub fn malformed_json(addr: SocketAddr) {
    let client = Client::new(addr);
    for body in [
        &b"{"[..],
        b"{\"body\": }",
        b"not json",
        b"{\"body\":\"x\"} trailing",
    ] {
        let response = client.post_json("/echo", body);
        assert_rejection(&response, 400, "M_NOT_JSON");
    }
}

pub fn wrong_json_shape(addr: SocketAddr) {
    let client = Client::new(addr);
    for body in [&br#"{"text":"x"}"#[..], br#"{"body":1}"#, b"[]", b"null"] {
        let response = client.post_json("/echo", body);
        assert_rejection(&response, 400, "M_BAD_JSON");
    }
}

pub fn oversized_body(addr: SocketAddr) {
    let client = Client::new(addr);
    let text = "x".repeat(BODY_LIMIT * 2);
    let body = format!(r#"{{"body":"{text}"}}"#);
    let response = client.post_json("/echo", body.as_bytes());
    let read = assert_rejection(&response, 413, "M_TOO_LARGE");
    assert_eq!(read.kind(), &ErrorKind::TooLarge);
    // Just under the limit is fine.
    let text = "x".repeat(BODY_LIMIT - 20);
    let body = format!(r#"{{"body":"{text}"}}"#);
    assert_eq!(client.post_json("/echo", body.as_bytes()).status(), 200);
}

/// The tests every framework's server must pass, one `#[test]` each, against the server
/// `$server` (an expression giving its address). (The load test shares this file, not these.)
#[allow(unused_macros)]
macro_rules! tests {
    ($server:expr) => {
        $crate::wire::tests! {
            $server;
            a_derived_error => derived_error,
            the_runtime_error_type => runtime_error,
            a_rate_limit_with_retry_after => rate_limit_with_retry_after,
            a_redacted_500 => redacted_server_error,
            an_unknown_path_is_404_unrecognized => unknown_path,
            a_wrong_method_is_405_unrecognized => wrong_method,
            options_on_a_known_path_is_204_with_allow => options_on_a_known_path,
            an_invalid_path_parameter_is_400_invalid_param => invalid_path_parameter,
            a_json_body_is_read => json_success,
            a_json_body_is_read_whatever_the_content_type => json_whatever_the_content_type,
            a_malformed_json_body_is_400_not_json => malformed_json,
            json_of_the_wrong_shape_is_400_bad_json => wrong_json_shape,
            an_oversized_body_is_413_too_large => oversized_body,
        }
    };
    ($server:expr; $($test:ident => $check:ident,)*) => {
        $(
            #[test]
            fn $test() {
                $crate::wire::$check($server);
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use tests;
