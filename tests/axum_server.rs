//! A real axum server on 127.0.0.1 (an ephemeral port), asked by a real HTTP client: every
//! failure is a Matrix error on the wire, with no glue in the handlers.

#[path = "common/loopback.rs"]
mod loopback;
#[path = "common/wire.rs"]
mod wire;

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Method};
use axum::routing::get;
use matrix_error::axum::{Json, Path, with_fallbacks};
use matrix_error::{Error, ErrorKind, MatrixError};
use serde_json::{Value, json};
use tower_http::cors::{Any, CorsLayer};
use wire::{ApiError, Client, handlers};

/// The API of `wire`, each handler returning its error type as it is.
fn routes() -> Router {
    Router::new()
        .route(
            "/rooms/{room}",
            get(|Path(room): Path<String>| async move { Err::<Json<Value>, _>(handlers::room(room)) }),
        )
        .route(
            "/count/{n}",
            get(|Path(n): Path<u32>| async move { Json(handlers::count(n)) }),
        )
        .route(
            "/mismatched/{one}",
            get(|Path(pair): Path<(String, String)>| async move { Json(json!(pair)) }),
        )
        .route("/quota", get(|| async { Err::<(), _>(handlers::quota()) }))
        .route("/limited", get(|| async { Err::<(), _>(handlers::limited()) }))
        .route(
            "/limited-until",
            get(|| async { Err::<(), _>(handlers::limited_until()) }),
        )
        .route("/disabled", get(|| async { Err::<(), _>(handlers::disabled()) }))
        .route("/crash", get(crash))
        .route("/standard", get(|| async { Err::<(), _>(handlers::standard()) }))
        .route(
            "/boxed",
            get(|| async {
                let error: Box<dyn MatrixError + Send> = Box::new(handlers::quota());
                Err::<(), _>(error)
            }),
        )
        .route(
            "/echo",
            axum::routing::post(
                |headers: HeaderMap, Json(message): Json<wire::Message>| async move {
                    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
                    Json(handlers::echo(message, content_type))
                },
            ),
        )
}

/// `?` converts the handler's own error type, as in any axum handler.
async fn crash() -> Result<Json<Value>, ApiError> {
    let error: Result<Value, std::io::Error> = Err(std::io::Error::other("db01.internal:5432"));
    Ok(Json(error?))
}

/// The app as the docs say: routes, fallbacks, then layers.
fn app() -> Router {
    with_fallbacks(routes()).layer(DefaultBodyLimit::max(wire::BODY_LIMIT))
}

/// The same app behind a CORS layer, which answers preflights before routing.
fn app_with_cors() -> Router {
    app().layer(
        CorsLayer::new()
            .allow_origin(Any)
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers(Any),
    )
}

/// Serves `app` on 127.0.0.1 on a port the kernel picks.
fn serve(app: Router) -> SocketAddr {
    loopback::spawn(|listener| axum::serve(listener, app))
}

fn server() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| serve(app()))
}

// The behaviours both frameworks share, each a test of its own.
wire::tests!(server());

fn cors_server() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| serve(app_with_cors()))
}

/// axum percent-decodes a parameter and refuses one that is then not UTF-8 (actix-web keeps
/// `%FF` as it is, so the handler sees the text `%FF`).
#[test]
fn a_parameter_that_is_not_utf8_is_400_invalid_param() {
    let response = Client::new(server()).get("/rooms/%FF");
    let read = wire::assert_rejection(&response, 400, "M_INVALID_PARAM");
    assert_eq!(read.message(), "Invalid URL: Invalid UTF-8 in `room`");
}

/// A route whose `Path` type does not fit its parameters is the server's bug: 500.
#[test]
fn a_path_type_that_does_not_fit_the_route_is_500() {
    let response = Client::new(server()).get("/mismatched/x");
    wire::assert_rejection(&response, 500, "M_UNKNOWN");
}

#[test]
fn a_boxed_dyn_error() {
    let response = Client::new(server()).get("/boxed");
    wire::assert_error_response(&response, handlers::quota());
}

/// With a CORS layer around the app, a browser's preflight succeeds on every path, and the
/// 404 and 405 answers carry the CORS headers, so the client can read `M_UNRECOGNIZED`.
#[test]
fn a_cors_layer_answers_preflights_and_decorates_the_fallbacks() {
    let client = Client::new(cors_server());
    let origin = ("origin", "https://app.example.org");
    for path in ["/quota", "/echo", "/no/such/endpoint"] {
        for method in ["GET", "POST", "DELETE"] {
            let response = client.request(
                "OPTIONS",
                path,
                &[
                    origin,
                    ("access-control-request-method", method),
                    (
                        "access-control-request-headers",
                        "authorization,content-type",
                    ),
                ],
                b"",
            );
            assert_eq!(response.status(), 200, "preflight {method} {path}");
            assert_eq!(response.headers()["access-control-allow-origin"], "*");
            let allowed = response.headers()["access-control-allow-methods"]
                .to_str()
                .unwrap();
            assert!(allowed.contains(method), "{allowed}");
        }
    }

    let response = client.request("GET", "/no/such/endpoint", &[origin], b"");
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(wire::error_body(&response)["errcode"], "M_UNRECOGNIZED");

    let response = client.request("DELETE", "/quota", &[origin], b"");
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(wire::error_body(&response)["errcode"], "M_UNRECOGNIZED");

    let response = client.request("GET", "/quota", &[origin], b"");
    wire::assert_error_response(&response, handlers::quota());
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
}

/// The order the docs ask for matters: a route added after `with_fallbacks` has axum's own
/// empty 405, which is why the docs say to add the fallbacks last.
#[test]
fn routes_added_after_the_fallbacks_keep_axums_405() {
    let app = with_fallbacks(Router::new().route("/early", get(|| async { "early" })))
        .route("/late", get(|| async { "late" }));
    let client = Client::new(serve(app));
    let early = client.request("DELETE", "/early", &[], b"");
    assert_eq!(early.status(), 405);
    assert_eq!(wire::error_body(&early)["errcode"], "M_UNRECOGNIZED");
    let late = client.request("DELETE", "/late", &[], b"");
    assert_eq!(late.status(), 405);
    assert!(late.body().is_empty());
}

#[test]
fn matrix_json_as_a_response_sets_the_content_type() {
    let response = Client::new(server()).post_json("/echo", br#"{"body":"x"}"#);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(
        serde_json::from_slice::<Value>(response.body()).unwrap(),
        json!({"echo": "x", "content_type": "application/json"})
    );
}

#[test]
fn a_status_that_is_no_error_status_is_answered_500() {
    let app = Router::new().route(
        "/peer",
        get(|| async {
            Err::<(), _>(Error::new(ErrorKind::Unknown, "a peer's 200").with_status(200))
        }),
    );
    let response = Client::new(serve(app)).get("/peer");
    assert_eq!(response.status(), 500);
    assert_eq!(
        wire::error_body(&response),
        json!({"errcode": "M_UNKNOWN", "error": "a peer's 200"})
    );
}
