//! A real axum server on 127.0.0.1 answering in Zulip's and Mastodon's dialects
//! (`zulip::Response`, `mastodon::Response`), asked by a real HTTP client: statuses, bodies
//! and headers (`Retry-After`, Zulip's `WWW-Authenticate`, Mastodon's `X-RateLimit-Reset`).
//! (actix-web's `ResponseError` for the same types: `tests/actix_server.rs`.)

#[path = "common/loopback.rs"]
mod loopback;
#[path = "common/wire.rs"]
mod wire;

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use matrix_error::axum::{Dialect, Json, with_dialect_fallbacks, with_fallbacks};
use matrix_error::{Error, MatrixError, mastodon, zulip};
use serde_json::{Value, json};
use wire::Client;

#[derive(Debug, thiserror::Error, MatrixError)]
enum ApiError {
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Slow {
        #[matrix(retry_after)]
        wait: Duration,
    },
    #[error("invalid API key")]
    #[matrix(errcode = "M_UNKNOWN_TOKEN")]
    BadKey,
    #[error("the grant expired")]
    #[matrix(errcode = "M_FORBIDDEN", mastodon(oauth = "invalid_grant"))]
    Grant,
    #[error("db01.internal:5432 is down")]
    #[matrix(errcode = "M_UNKNOWN", status = 502)]
    Upstream,
}

/// The same handlers under a Zulip-style and a Mastodon-style prefix: `?` makes the
/// dialect's `Response` from the handler's error.
fn app() -> Router {
    async fn slow() -> Result<(), ApiError> {
        Err(ApiError::Slow {
            wait: Duration::from_millis(2500),
        })
    }
    async fn bad_key() -> Result<(), ApiError> {
        Err(ApiError::BadKey)
    }
    async fn grant() -> Result<(), ApiError> {
        Err(ApiError::Grant)
    }
    async fn upstream() -> Result<(), ApiError> {
        Err(ApiError::Upstream)
    }
    macro_rules! in_dialect {
        ($dialect:ident, $handler:ident) => {
            get(|| async { Ok::<(), $dialect::Response<ApiError>>($handler().await?) })
        };
    }
    /// A JSON rejection in Zulip's dialect: the extractor's `Result`, and `?`.
    async fn send(body: Result<Json<Value>, Error>) -> Result<String, zulip::Response<Error>> {
        let Json(message) = body?;
        Ok(message.to_string())
    }
    let zulip_nested = with_dialect_fallbacks(
        Router::new().route("/api/v1/messages", post(send)),
        Dialect::Zulip,
    );
    let mastodon_nested = with_dialect_fallbacks(
        Router::new().route("/api/v1/statuses", post(|| async { "{}" })),
        Dialect::Mastodon,
    );
    let routes = Router::new()
        .nest("/nested-zulip", zulip_nested)
        .nest("/nested-mastodon", mastodon_nested);
    with_fallbacks(routes)
        .route("/api/v1/slow", in_dialect!(zulip, slow))
        .route("/api/v1/bad_key", in_dialect!(zulip, bad_key))
        .route("/api/v1/upstream", in_dialect!(zulip, upstream))
        .route("/mastodon/api/v1/slow", in_dialect!(mastodon, slow))
        .route("/mastodon/api/v1/bad_key", in_dialect!(mastodon, bad_key))
        .route("/mastodon/oauth/token", in_dialect!(mastodon, grant))
        .route("/mastodon/api/v1/upstream", in_dialect!(mastodon, upstream))
}

fn server() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| loopback::spawn(|listener| axum::serve(listener, app())))
}

fn get_json(path: &str) -> (http::Response<Vec<u8>>, Value) {
    let response = Client::new(server()).get(path);
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "{path}"
    );
    let body = serde_json::from_slice(response.body()).unwrap();
    (response, body)
}

#[test]
fn zulip_rate_limit() {
    let (response, body) = get_json("/api/v1/slow");
    assert_eq!(response.status(), 429);
    assert_eq!(
        response.headers()["retry-after"],
        "3",
        "whole seconds, rounded up"
    );
    assert_eq!(
        String::from_utf8_lossy(response.body()),
        r#"{"result":"error","msg":"slow down","code":"RATE_LIMIT_HIT","retry-after":2.5}"#
    );
    assert_eq!(body["retry-after"], 2.5);
}

#[test]
fn zulip_401_asks_for_basic_auth() {
    let (response, body) = get_json("/api/v1/bad_key");
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.headers()["www-authenticate"],
        r#"Basic realm="zulip""#
    );
    assert_eq!(
        body,
        json!({"result": "error", "msg": "invalid API key", "code": "INVALID_API_KEY"})
    );
}

#[test]
fn a_5xx_keeps_its_status_and_is_redacted_in_both_dialects() {
    let (response, body) = get_json("/api/v1/upstream");
    assert_eq!(response.status(), 502);
    assert_eq!(
        body,
        json!({"result": "error", "msg": "Internal server error", "code": "BAD_REQUEST"})
    );
    let (response, body) = get_json("/mastodon/api/v1/upstream");
    assert_eq!(response.status(), 502);
    assert_eq!(body, json!({"error": "Internal server error"}));
}

#[test]
fn mastodon_rate_limit_says_when_it_resets() {
    let (response, body) = get_json("/mastodon/api/v1/slow");
    assert_eq!(response.status(), 429);
    assert_eq!(body, json!({"error": "slow down"}));
    assert_eq!(response.headers()["retry-after"], "3");
    let reset = response.headers()["x-ratelimit-reset"].to_str().unwrap();
    // 2026-12-01T12:00:00.000000Z
    let shape: String = reset
        .chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect();
    assert_eq!(shape, "0000-00-00T00:00:00.000000Z", "{reset}");
}

#[test]
fn mastodon_oauth_and_plain_errors() {
    let (response, body) = get_json("/mastodon/oauth/token");
    assert_eq!(response.status(), 400);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "the grant expired"})
    );
    let (response, body) = get_json("/mastodon/api/v1/bad_key");
    assert_eq!(response.status(), 401);
    assert_eq!(body, json!({"error": "invalid API key"}));
    assert!(response.headers().get("www-authenticate").is_none());
    assert!(response.headers().get("x-ratelimit-reset").is_none());
}

/// Under a dialect's prefix, the 404 and 405 fallbacks and a JSON rejection answer in that
/// dialect; elsewhere the Matrix fallbacks answer.
#[test]
fn fallbacks_and_rejections_in_a_dialect() {
    let client = Client::new(server());
    let response = client.get("/nested-zulip/api/v1/nope");
    assert_eq!(response.status(), 404);
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(
        body,
        json!({"result": "error", "msg": "Unrecognized request", "code": "BAD_REQUEST"})
    );

    let response = client.request("DELETE", "/nested-zulip/api/v1/messages", &[], b"");
    assert_eq!(response.status(), 405);
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(
        body,
        json!({"result": "error", "msg": "Method not allowed", "code": "BAD_REQUEST"})
    );

    let response = client.post_json("/nested-zulip/api/v1/messages", b"{");
    assert_eq!(response.status(), 400);
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(
        (body["result"].as_str(), body["code"].as_str()),
        (Some("error"), Some("INVALID_JSON"))
    );

    let response = client.get("/nested-mastodon/api/v1/nope");
    assert_eq!(response.status(), 404);
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(body, json!({"error": "Unrecognized request"}));
    let response = client.request("GET", "/nested-mastodon/api/v1/statuses", &[], b"");
    assert_eq!(response.status(), 405);

    let response = client.get("/no/such/path");
    assert_eq!(response.status(), 404);
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(body["errcode"], "M_UNRECOGNIZED");
}
