//! The retry decisions of two real clients, replayed against this crate: matrix-rust-sdk's
//! `RetryKind` and matrix-js-sdk's `calculateRetryBackoff`. Each case records what each client
//! decides for a response, read from its source (file, line and commit below), beside the answer
//! of `Error::is_retryable` and `Error::retry_after`. Where ours differs from a client's, the
//! case says why: the spec decides.
//!
//! Sources, read at these commits:
//! - matrix-org/matrix-rust-sdk 64b12e0b808969c284c94f0ea239f37d6746d6e2,
//!   crates/matrix-sdk/src/error.rs: `HttpError::retry_kind` (l. 141-153),
//!   `RetryKind::from_api_error` (l. 195-206), `from_retry_after` (l. 213-222),
//!   `from_status_code` (l. 230-243). A body that is not the standard error format (a proxy's
//!   page) has no `error_kind()` and goes to `from_status_code`; ruma reads every 401 as
//!   `UiaaResponse::AuthResponse` when its body is an auth state (ruma-client-api,
//!   `impl EndpointError for UiaaResponse`).
//! - matrix-org/matrix-js-sdk 8fec0cb6408dbe4c2ef871be16a4309ced01579d,
//!   src/http-api/utils.ts: `calculateRetryBackoff` (l. 186-212), `parseErrorResponse`
//!   (l. 81-124: a body that is no JSON gives an `HTTPError`, whose `name` is no errcode);
//!   src/http-api/errors.ts: `MatrixError.isRateLimitError` (l. 119-124), `getRetryAfterMs`
//!   (l. 126-139: the header, else `retry_after_ms` of `M_LIMIT_EXCEEDED`, which must be an
//!   integer), `safeGetRetryAfterMs` (l. 178-187: the default backoff when there is no delay or
//!   it is invalid).
//!
//! The spec's rules cited (shared/spec/RULES.md, from the Matrix spec v1.19 "Standard error
//! response" and "Rate limiting"): "The errcode is the primary signal, not the HTTP status ...
//! The exception is `M_UNKNOWN`: then the status is the better signal"; "413 `M_TOO_LARGE` for
//! a local upload, 502 `M_TOO_LARGE` for remote media"; "404 `M_UNRECOGNIZED` for an unknown
//! endpoint, 405 ... with the wrong method"; "On reading, the header wins over the body key".

use std::time::Duration;

use matrix_error::{Category, Error, RetryAfter};

/// What a client does with a failed response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// Send again: after the server's delay, or (`None`) after a backoff of the client's own.
    Retry(Option<Duration>),
    /// Do not send again.
    GiveUp,
}

use Decision::{GiveUp, Retry};

/// One response and the decisions made from it.
struct Case {
    name: &'static str,
    status: u16,
    body: &'static str,
    /// This crate's decision, which the test computes and compares.
    ours: Decision,
    /// matrix-rust-sdk's, with the lines that make it.
    rust_sdk: (Decision, &'static str),
    /// matrix-js-sdk's, with the lines that make it (`attempts` = 1).
    js_sdk: (Decision, &'static str),
    /// Where ours differs from a client's: the rule of the spec that decides.
    spec: &'static str,
}

const SECOND: Duration = Duration::from_secs(1);

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "429 M_LIMIT_EXCEEDED with retry_after_ms",
            status: 429,
            body: r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}"#,
            ours: Retry(Some(Duration::from_millis(2000))),
            rust_sdk: (
                Retry(Some(Duration::from_millis(2000))),
                "error.rs:198-199, 213-221",
            ),
            js_sdk: (
                Retry(Some(Duration::from_millis(2000))),
                "utils.ts:211; errors.ts:121, 132-136",
            ),
            spec: "",
        },
        Case {
            name: "429 M_LIMIT_EXCEEDED without a delay",
            status: 429,
            body: r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests"}"#,
            ours: Retry(None),
            rust_sdk: (Retry(None), "error.rs:198-199, 213-221"),
            js_sdk: (Retry(None), "utils.ts:211; errors.ts:138, 183"),
            spec: "",
        },
        Case {
            name: "400 M_LIMIT_EXCEEDED with retry_after_ms",
            status: 400,
            body: r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":1000}"#,
            ours: Retry(Some(SECOND)),
            rust_sdk: (Retry(Some(SECOND)), "error.rs:198-199"),
            js_sdk: (GiveUp, "utils.ts:195-198 (any 4xx but 429)"),
            spec: "js-sdk: the errcode is the primary signal, not the HTTP status",
        },
        Case {
            name: "429 M_LIMIT_EXCEEDED with a fractional retry_after_ms",
            status: 429,
            body: r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":1500.5}"#,
            ours: Retry(Some(Duration::from_micros(1_500_500))),
            // Not read in ruma: whether it drops the key (`LimitExceeded` without a delay,
            // l. 198-199) or fails the kind (l. 202, then 429 at l. 235-239), the decision is
            // the same, a retry after rust-sdk's own backoff.
            rust_sdk: (Retry(None), "error.rs:198-199 or 202, 235-239"),
            js_sdk: (
                Retry(None),
                "errors.ts:133-135 throws, safeGetRetryAfterMs l. 184-186 backs off",
            ),
            spec: "both: the spec types retry_after_ms as an integer and says nothing of other \
                   numbers; this crate reads any non-negative number as the delay it says (DESIGN, \
                   \"What a client decides\"), which is no later than either client's backoff",
        },
        Case {
            name: "429 M_UNKNOWN",
            status: 429,
            body: r#"{"errcode":"M_UNKNOWN","error":"Too many requests"}"#,
            ours: Retry(None),
            rust_sdk: (Retry(None), "error.rs:202, 235-239"),
            js_sdk: (Retry(None), "utils.ts:211; errors.ts:122, 138"),
            spec: "",
        },
        Case {
            name: "429 M_FORBIDDEN",
            status: 429,
            body: r#"{"errcode":"M_FORBIDDEN","error":"You are not allowed"}"#,
            ours: GiveUp,
            rust_sdk: (Retry(None), "error.rs:202, 235-239 (the status decides)"),
            js_sdk: (Retry(None), "utils.ts:195 (429 passes), 211"),
            spec: "both: the errcode is the primary signal, not the HTTP status; only for \
                   M_UNKNOWN is the status the better one",
        },
        Case {
            name: "500 M_UNKNOWN",
            status: 500,
            body: r#"{"errcode":"M_UNKNOWN","error":"Internal server error"}"#,
            ours: Retry(None),
            rust_sdk: (Retry(None), "error.rs:202, 235-239"),
            js_sdk: (Retry(None), "utils.ts:211"),
            spec: "",
        },
        Case {
            name: "502 from a proxy, an HTML page",
            status: 502,
            body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            ours: Retry(None),
            rust_sdk: (Retry(None), "error.rs:202 (no error_kind), 235-239"),
            js_sdk: (Retry(None), "utils.ts:123 (HTTPError), 211"),
            spec: "",
        },
        Case {
            name: "520 from Cloudflare, an HTML page",
            status: 520,
            body: "<html><body>Web server is returning an unknown error</body></html>",
            ours: Retry(None),
            rust_sdk: (GiveUp, "error.rs:231-234 (520 only)"),
            js_sdk: (Retry(None), "utils.ts:211"),
            spec: "rust-sdk: for a body without errcode the status decides, and every 5xx but \
                   501 is a server failure (RFC 9110, 15.6); the Matrix spec knows no 520",
        },
        Case {
            name: "501 from a proxy, no body",
            status: 501,
            body: "",
            ours: GiveUp,
            rust_sdk: (Retry(None), "error.rs:235 (is_server_error)"),
            js_sdk: (Retry(None), "utils.ts:211"),
            spec: "both: 501 Not Implemented is \"the server does not support the functionality \
                   required\" (RFC 9110, 15.6.2): the same request fails again",
        },
        Case {
            name: "502 M_TOO_LARGE (remote media too large)",
            status: 502,
            body: r#"{"errcode":"M_TOO_LARGE","error":"Remote media too large"}"#,
            ours: GiveUp,
            rust_sdk: (Retry(None), "error.rs:202, 235-239 (the status decides)"),
            js_sdk: (GiveUp, "utils.ts:207-208"),
            spec: "rust-sdk: the errcode is the primary signal; 502 M_TOO_LARGE is the spec's \
                   answer for remote media too large, which no retry shrinks",
        },
        Case {
            name: "413 M_TOO_LARGE",
            status: 413,
            body: r#"{"errcode":"M_TOO_LARGE","error":"Upload too large"}"#,
            ours: GiveUp,
            rust_sdk: (GiveUp, "error.rs:202, 240-241"),
            js_sdk: (GiveUp, "utils.ts:195-198"),
            spec: "",
        },
        Case {
            name: "500 M_UNRECOGNIZED",
            status: 500,
            body: r#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#,
            ours: GiveUp,
            rust_sdk: (GiveUp, "error.rs:201"),
            // `err.name` is the errcode (errors.ts:115); only `AbortError` and `M_TOO_LARGE`
            // stop a retry (utils.ts:200-209), and a 5xx passes the 4xx test (utils.ts:195).
            js_sdk: (Retry(None), "utils.ts:195, 200-209, 211"),
            spec: "js-sdk: the errcode is the primary signal; M_UNRECOGNIZED says the server does \
                   not know the request, whatever the status",
        },
        Case {
            name: "404 M_UNRECOGNIZED (endpoint not implemented)",
            status: 404,
            body: r#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#,
            ours: GiveUp,
            rust_sdk: (GiveUp, "error.rs:201"),
            js_sdk: (GiveUp, "utils.ts:195-198"),
            spec: "",
        },
        Case {
            name: "401 first challenge of user-interactive auth",
            status: 401,
            body: r#"{"flows":[{"stages":["m.login.password"]}],"params":{},"session":"xyz"}"#,
            ours: GiveUp,
            rust_sdk: (GiveUp, "error.rs:204 (AuthResponse)"),
            js_sdk: (GiveUp, "utils.ts:195-198"),
            spec: "",
        },
        Case {
            name: "401 failed stage of user-interactive auth",
            status: 401,
            body: r#"{"errcode":"M_FORBIDDEN","error":"Invalid password","flows":[{"stages":["m.login.password"]}],"params":{},"session":"xyz"}"#,
            ours: GiveUp,
            rust_sdk: (GiveUp, "error.rs:204 (AuthResponse)"),
            js_sdk: (GiveUp, "utils.ts:195-198"),
            spec: "",
        },
    ]
}

/// This crate's decision, from the documented calls only.
fn ours(error: &Error) -> Decision {
    if !error.is_retryable() {
        return GiveUp;
    }
    Retry(error.retry_after().map(|at| match at {
        RetryAfter::Delay(delay) => delay,
        RetryAfter::DateTime(_) => unreachable!("no case sends a date"),
    }))
}

#[test]
fn each_decision_matches_the_clients_or_the_spec_decides() {
    let mut failures = Vec::new();
    for case in cases() {
        let error = Error::from_body(case.status, case.body.as_bytes());
        let decision = ours(&error);
        if decision != case.ours {
            failures.push(format!(
                "{}: ours {decision:?}, expected {:?}",
                case.name, case.ours
            ));
        }
        // A decision that differs from a client's says why; one that agrees with both has
        // nothing to explain.
        let differs = case.rust_sdk.0 != case.ours || case.js_sdk.0 != case.ours;
        if differs == case.spec.is_empty() {
            failures.push(format!(
                "{}: differs from a client: {differs}, spec note: {:?} (rust-sdk {:?} at {}, js-sdk {:?} at {})",
                case.name, case.spec, case.rust_sdk.0, case.rust_sdk.1, case.js_sdk.0, case.js_sdk.1
            ));
        }
        // The decision is the category's: no second rule.
        assert_eq!(
            error.is_retryable(),
            matches!(
                error.category(),
                Category::RateLimited | Category::ServerFailure
            ),
            "{}",
            case.name
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The cases the brief names are all there: 429, 5xx, `M_TOO_LARGE`, `M_UNRECOGNIZED`,
/// `M_LIMIT_EXCEEDED` with and without a delay, a proxy's page.
#[test]
fn the_table_covers_the_decisions_clients_make() {
    let cases = cases();
    let has = |test: &dyn Fn(&Case) -> bool| cases.iter().any(test);
    assert!(has(
        &|c| c.status == 429 && !c.body.contains("M_LIMIT_EXCEEDED")
    ));
    assert!(has(
        &|c| (500..600).contains(&c.status) && c.body.contains("M_UNKNOWN")
    ));
    assert!(has(&|c| c.body.contains("M_TOO_LARGE") && c.status == 502));
    assert!(has(
        &|c| c.body.contains("M_UNRECOGNIZED") && c.status >= 500
    ));
    assert!(has(
        &|c| c.body.contains("M_LIMIT_EXCEEDED") && c.body.contains("retry_after_ms")
    ));
    assert!(has(
        &|c| c.body.contains("M_LIMIT_EXCEEDED") && !c.body.contains("retry_after_ms")
    ));
    assert!(has(&|c| c.body.starts_with("<html>") && c.status >= 500));
    assert!(has(&|c| c.status == 401 && c.body.contains("flows")));
}
