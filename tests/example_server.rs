//! The example server (`examples/server.rs`) as a browser client and a careless client meet
//! it, over a socket: the spec's CORS headers on every response, `OPTIONS` answered 204 on any
//! path, `Retry-After` exposed, a path parameter that does not decode answered
//! `M_INVALID_PARAM`, and a JSON body read whatever its `Content-Type`. (Its timeouts are
//! tested by `tests/load.rs`, which runs it in a process of its own.)

#[path = "../examples/server.rs"]
#[allow(dead_code)]
mod server;

#[path = "common/loopback.rs"]
mod loopback;
#[path = "common/wire.rs"]
mod wire;

use std::net::SocketAddr;
use std::sync::OnceLock;

use serde_json::{Value, json};
use ureq::http::Response;
use wire::Client;

/// The example's own `serve` and `app`, on a port the kernel picks.
fn example() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| loopback::spawn(|listener| server::serve(listener, server::app())))
}

const SEND: &str = "/_matrix/client/v3/rooms/!lobby:example.org/send";

/// The headers the spec recommends on every response, and `Retry-After` exposed.
fn assert_cors(response: &Response<Vec<u8>>, what: &str) {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(header("access-control-allow-origin"), "*", "{what}");
    assert_eq!(
        header("access-control-allow-methods"),
        "GET, POST, PUT, DELETE, OPTIONS",
        "{what}"
    );
    assert_eq!(
        header("access-control-allow-headers"),
        "X-Requested-With, Content-Type, Authorization",
        "{what}"
    );
    assert_eq!(
        header("access-control-expose-headers"),
        "Retry-After",
        "{what}"
    );
}

#[test]
fn every_response_carries_the_specs_cors_headers() {
    let client = Client::new(example());
    let origin = [("origin", "https://app.example.org")];
    let json = [("content-type", "application/json")];
    for (method, path, headers, body, status) in [
        (
            "GET",
            "/_matrix/client/versions",
            &origin[..],
            &b""[..],
            200,
        ),
        ("POST", SEND, &json[..], &br#"{"body":"hi"}"#[..], 200),
        (
            "POST",
            "/_matrix/client/v3/rooms/!a:b/send",
            &json[..],
            br#"{"body":"hi"}"#,
            403,
        ),
        ("POST", SEND, &json[..], b"{", 400),
        ("GET", "/_matrix/client/v3/sync", &origin[..], b"", 429),
        (
            "GET",
            "/_matrix/client/v3/account/whoami",
            &origin[..],
            b"",
            500,
        ),
        ("GET", "/_matrix/client/v3/nope", &origin[..], b"", 404),
        ("DELETE", "/_matrix/client/versions", &origin[..], b"", 405),
    ] {
        let response = client.request(method, path, headers, body);
        let what = format!("{method} {path}");
        assert_eq!(response.status(), status, "{what}");
        assert_cors(&response, &what);
    }
}

/// A browser's preflight, on a known path or not, is answered 204 before routing, as
/// Synapse answers it, with the CORS headers.
#[test]
fn options_is_204_on_every_path() {
    let client = Client::new(example());
    for path in [SEND, "/_matrix/client/versions", "/_matrix/client/v3/nope"] {
        let response = client.request(
            "OPTIONS",
            path,
            &[
                ("origin", "https://app.example.org"),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "authorization, content-type",
                ),
            ],
            b"",
        );
        assert_eq!(response.status(), 204, "{path}");
        assert!(response.body().is_empty());
        assert_cors(&response, path);
    }
}

/// `Retry-After` is exposed, and the delay is in the body too: a browser client reads either.
#[test]
fn a_rate_limit_is_readable_by_a_browser() {
    let response = Client::new(example()).get("/_matrix/client/v3/sync");
    assert_eq!(response.headers()["retry-after"], "3");
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    assert!(
        exposed
            .split(',')
            .any(|name| name.trim().eq_ignore_ascii_case("retry-after")),
        "{exposed}"
    );
    assert_eq!(wire::error_body(&response)["retry_after_ms"], 2500);
}

/// The issue's request: a room ID that does not decode is a Matrix error, not axum's
/// `text/plain`.
#[test]
fn a_room_that_does_not_decode_is_400_invalid_param() {
    let response =
        Client::new(example()).post_json("/_matrix/client/v3/rooms/%FF/send", br#"{"body":"hi"}"#);
    wire::assert_rejection(&response, 400, "M_INVALID_PARAM");
    assert_cors(&response, "%FF");
}

/// matrix-js-sdk's `text/plain;charset=UTF-8`, and the others, all reach the handler.
#[test]
fn a_json_body_is_read_whatever_its_content_type() {
    let client = Client::new(example());
    for content_type in wire::CONTENT_TYPES {
        let headers: Vec<(&str, &str)> = content_type
            .map(|value| ("content-type", value))
            .into_iter()
            .collect();
        let response = client.request("POST", SEND, &headers, br#"{"body":"hi"}"#);
        assert_eq!(response.status(), 200, "{content_type:?}");
        assert_eq!(
            serde_json::from_slice::<Value>(response.body()).unwrap(),
            json!({"event_id": "$echo-2"})
        );
    }
}

/// The same handlers under the Zulip-style and Mastodon-style prefixes answer in those
/// dialects: the Zulip client's `result`/`code`/`msg`, Mastodon's status and `error`.
#[test]
fn the_other_dialects_answer_under_their_prefixes() {
    let client = Client::new(example());
    let json = |response: &Response<Vec<u8>>| -> Value {
        assert_eq!(response.headers()["content-type"], "application/json");
        serde_json::from_slice(response.body()).unwrap()
    };
    let cases: [(&str, u16, Value); 8] = [
        (
            "/zulip/api/v1/messages",
            429,
            json!({"result": "error", "msg": "slow down", "code": "RATE_LIMIT_HIT", "retry-after": 2.5}),
        ),
        (
            "/zulip/api/v1/messages/7",
            404,
            json!({"result": "error", "msg": "no message 7", "code": "BAD_REQUEST"}),
        ),
        (
            "/zulip/api/v1/users/me",
            401,
            json!({"result": "error", "msg": "invalid access token", "code": "INVALID_API_KEY"}),
        ),
        (
            "/zulip/api/v1/users",
            500,
            json!({"result": "error", "msg": "Internal server error", "code": "BAD_REQUEST"}),
        ),
        (
            "/mastodon/api/v1/timelines/home",
            429,
            json!({"error": "slow down"}),
        ),
        (
            "/mastodon/api/v1/statuses/7",
            404,
            json!({"error": "no message 7"}),
        ),
        (
            "/mastodon/api/v1/accounts/verify_credentials",
            401,
            json!({"error": "invalid access token"}),
        ),
        (
            "/mastodon/api/v1/instance",
            500,
            json!({"error": "Internal server error"}),
        ),
    ];
    for (path, status, body) in cases {
        let response = client.get(path);
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(json(&response), body, "{path}");
    }
    let limited = client.get("/zulip/api/v1/messages");
    assert_eq!(limited.headers()["retry-after"], "3");
    let unauthorized = client.get("/zulip/api/v1/users/me");
    assert_eq!(
        unauthorized.headers()["www-authenticate"],
        r#"Basic realm="zulip""#
    );
    let limited = client.get("/mastodon/api/v1/timelines/home");
    assert!(limited.headers().contains_key("x-ratelimit-reset"));
}
