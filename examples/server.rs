//! A homeserver-style API on axum whose every failure is a Matrix error: a reference a server
//! can copy, hardened against slow clients.
//!
//! Run with `cargo run --example server --features axum`; it listens on 127.0.0.1, on the
//! port in `PORT` (default 8008, `PORT=0` for any free one), and prints its address.
//!
//! ```text
//! GET  /_matrix/client/versions                 200 {"versions":["v1.19"]}
//! POST /_matrix/client/v3/rooms/{room}/send     200 {"event_id":...} in !lobby:example.org
//!      (and the spec's PUT .../send/{eventType}/{txnId})
//!                                               403 M_FORBIDDEN in any other room
//!                                               400 M_INVALID_PARAM for a room that does not decode (%FF)
//!                                               400 M_NOT_JSON / M_BAD_JSON, 413 M_TOO_LARGE
//! GET  /_matrix/client/v3/sync                  429 M_LIMIT_EXCEEDED with Retry-After
//! GET  /_matrix/client/v3/account/whoami        500 M_UNKNOWN, the database's words redacted
//! any other path                                404 M_UNRECOGNIZED
//! a known path with another method              405 M_UNRECOGNIZED
//! OPTIONS on any path (a CORS preflight)        204, as Synapse answers
//! ```
//!
//! The same handlers also answer in Zulip's dialect under `/zulip/api/v1/` and in Mastodon's
//! under `/mastodon/api/v1/` (`zulip::Response`, `mastodon::Response`: the error enum is the
//! same, only the wire format changes):
//!
//! ```text
//! GET /zulip/api/v1/messages          429 {"result":"error",...,"code":"RATE_LIMIT_HIT","retry-after":2.5}, Retry-After
//! GET /zulip/api/v1/messages/{id}     404 {"result":"error","msg":"no message 7","code":"BAD_REQUEST"}
//! GET /zulip/api/v1/users/me          401 INVALID_API_KEY, WWW-Authenticate: Basic realm="zulip"
//! GET /zulip/api/v1/users             500 {"result":"error","msg":"Internal server error",...}
//! GET /zulip/api/v1/server_settings   200, what the official Zulip client reads as it starts
//! GET /mastodon/api/v1/timelines/home 429 {"error":"slow down"}, Retry-After, X-RateLimit-Reset
//! GET /mastodon/api/v1/statuses/{id}  404 {"error":"no message 7"}
//! GET /mastodon/api/v1/accounts/verify_credentials   401 {"error":"invalid access token"}
//! GET /mastodon/api/v1/instance       500 {"error":"Internal server error"}
//! ```
//!
//! Every response carries the CORS headers the spec recommends, and `Retry-After` is exposed
//! to browsers. A connection that does not finish its headers within
//! [`HEADER_READ_TIMEOUT`], or whose body stalls for [`BODY_READ_TIMEOUT`], is closed.
//!
//! The load test (`tests/load.rs`) runs this `main` in a child process.

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use matrix_error::axum::{Json, Path, with_fallbacks};
use matrix_error::{MatrixError, mastodon, zulip};
use serde::Deserialize;
use serde_json::{Value, json};
use tower_http::timeout::RequestBodyTimeout;

/// Every failure of the API, with its errcode and status. `axum`: a handler returns it as
/// `Result<_, ApiError>` (axum's `IntoResponse`, feature `axum` of matrix-error).
#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(axum)]
pub enum ApiError {
    /// 403, the spec's status for `M_FORBIDDEN`.
    #[error("you are not a member of {room}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    NotMember { room: String },

    /// 429 with `Retry-After` and `retry_after_ms`.
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    RateLimited {
        #[matrix(retry_after)]
        wait: Duration,
    },

    /// 401 (Zulip's `INVALID_API_KEY`).
    #[error("invalid access token")]
    #[matrix(errcode = "M_UNKNOWN_TOKEN")]
    BadToken,

    /// 404 (Zulip's `BAD_REQUEST` at 404).
    #[error("no message {id}")]
    #[matrix(errcode = "M_NOT_FOUND")]
    NoMessage { id: u64 },

    /// 500: the body says "Internal server error", never the database's words.
    #[error("database: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Db(#[matrix(from)] std::io::Error),
}

/// The body of `POST /send`.
#[derive(Deserialize)]
pub struct Message {
    pub body: String,
}

/// Requests larger than this are answered 413 `M_TOO_LARGE`.
pub const BODY_LIMIT: usize = 1024;

/// A client must send its whole request line and headers within this time, or the
/// connection is closed (hyper's `header_read_timeout`; it also bounds how long an idle
/// keep-alive connection waits for its next request). nginx's `client_header_timeout` is the
/// same rule.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A request body may pause this long between two reads, or the request is answered and its
/// connection closed (tower-http's `RequestBodyTimeout`; nginx's `client_body_timeout`). With
/// the body limit, this bounds how long a body can take.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The room a message can be sent to.
pub const LOBBY: &str = "!lobby:example.org";

async fn versions() -> Json<Value> {
    Json(json!({ "versions": ["v1.19"] }))
}

async fn send(
    Path(room): Path<String>,
    Json(message): Json<Message>,
) -> Result<Json<Value>, ApiError> {
    if room != LOBBY {
        return Err(ApiError::NotMember { room });
    }
    Ok(Json(
        json!({ "event_id": format!("$echo-{}", message.body.len()) }),
    ))
}

/// The spec's `PUT /rooms/{roomId}/send/{eventType}/{txnId}`, as clients (matrix-nio) send a
/// message: the same rule as `POST /send`.
async fn send_event(
    Path((room, _event_type, _txn_id)): Path<(String, String, String)>,
    message: Json<Message>,
) -> Result<Json<Value>, ApiError> {
    send(Path(room), message).await
}

/// Zulip's `GET /server_settings`, which the official Zulip client reads when it starts.
async fn zulip_server_settings() -> Json<Value> {
    Json(json!({
        "result": "success", "msg": "", "zulip_version": "10.0", "zulip_feature_level": 300,
        "authentication_methods": {}, "realm_uri": "http://127.0.0.1",
    }))
}

async fn sync() -> Result<Json<Value>, ApiError> {
    Err(ApiError::RateLimited {
        wait: Duration::from_millis(2500),
    })
}

async fn whoami() -> Result<Json<Value>, ApiError> {
    let user_id = lookup_user().await?; // an io::Error becomes ApiError::Db
    Ok(Json(json!({ "user_id": user_id })))
}

async fn message(Path(id): Path<u64>) -> Result<Json<Value>, ApiError> {
    Err(ApiError::NoMessage { id })
}

async fn me() -> Result<Json<Value>, ApiError> {
    Err(ApiError::BadToken)
}

/// A handler's answer in Zulip's dialect: the same error, as a `zulip::Response` (`?`).
async fn in_zulip(
    handler: impl Future<Output = Result<Json<Value>, ApiError>>,
) -> Result<Json<Value>, zulip::Response<ApiError>> {
    Ok(handler.await?)
}

/// A handler's answer in Mastodon's dialect, as a `mastodon::Response`.
async fn in_mastodon(
    handler: impl Future<Output = Result<Json<Value>, ApiError>>,
) -> Result<Json<Value>, mastodon::Response<ApiError>> {
    Ok(handler.await?)
}

/// The database, which is down.
async fn lookup_user() -> std::io::Result<String> {
    Err(std::io::Error::other(
        "connection to db01.internal:5432 refused",
    ))
}

/// The CORS headers the spec recommends on every response (client-server API, "Web Browser
/// Clients"), plus `Retry-After` exposed, so that a browser client can read it.
const CORS_HEADERS: [(HeaderName, HeaderValue); 4] = [
    (
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    ),
    (
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
    ),
    (
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("X-Requested-With, Content-Type, Authorization"),
    ),
    (
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After"),
    ),
];

/// CORS as Synapse does it: an `OPTIONS` on any path (a browser's preflight) is answered
/// `204 No Content` before routing, and every response, errors included, gets
/// [`CORS_HEADERS`].
async fn cors(request: Request, next: Next) -> Response {
    let mut response = match *request.method() {
        Method::OPTIONS => StatusCode::NO_CONTENT.into_response(),
        _ => next.run(request).await,
    };
    response.headers_mut().extend(CORS_HEADERS);
    response
}

/// The API: routes, then the Matrix fallbacks, then the layers (body limit, CORS), so the
/// fallbacks' answers get the CORS headers too.
pub fn app() -> Router {
    let routes = Router::new()
        .route("/_matrix/client/versions", get(versions))
        .route("/_matrix/client/v3/rooms/{room}/send", post(send))
        .route(
            "/_matrix/client/v3/rooms/{room}/send/{event_type}/{txn_id}",
            put(send_event),
        )
        .route("/_matrix/client/v3/sync", get(sync))
        .route("/_matrix/client/v3/account/whoami", get(whoami))
        // The same handlers in Zulip's and Mastodon's dialects.
        .route("/zulip/api/v1/messages", get(|| in_zulip(sync())))
        .route(
            "/zulip/api/v1/messages/{id}",
            get(|id| in_zulip(message(id))),
        )
        .route("/zulip/api/v1/users/me", get(|| in_zulip(me())))
        .route("/zulip/api/v1/users", get(|| in_zulip(whoami())))
        .route("/zulip/api/v1/server_settings", get(zulip_server_settings))
        .route(
            "/mastodon/api/v1/timelines/home",
            get(|| in_mastodon(sync())),
        )
        .route(
            "/mastodon/api/v1/statuses/{id}",
            get(|id| in_mastodon(message(id))),
        )
        .route(
            "/mastodon/api/v1/accounts/verify_credentials",
            get(|| in_mastodon(me())),
        )
        .route("/mastodon/api/v1/instance", get(|| in_mastodon(whoami())));
    with_fallbacks(routes)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(cors))
}

/// Serves `app` over HTTP/1.1 on `listener`, each connection with [`HEADER_READ_TIMEOUT`]
/// and each request body with [`BODY_READ_TIMEOUT`].
///
/// This is `axum::serve` with the timeouts it does not offer: it runs hyper with no timer, so
/// a client that opens a connection and never finishes its headers holds it, and its buffers,
/// for as long as it likes.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    let service = RequestBodyTimeout::new(app, BODY_READ_TIMEOUT);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was accepted: wait a
            // little, as `axum::serve` does, and go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(service.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            // A connection that fails (a timeout, a reset) is simply closed.
            let _: Result<(), hyper::Error> = connection.await;
        });
    }
}

#[tokio::main]
pub async fn main() -> std::io::Result<()> {
    let port = match std::env::var("PORT") {
        Ok(port) => port
            .parse::<u16>()
            .map_err(|_| std::io::Error::other(format!("PORT={port} is not a port number")))?,
        Err(_) => 8008,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    serve(listener, app()).await
}
