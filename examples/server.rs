//! A homeserver-style API on axum whose every failure is a Matrix error.
//!
//! Run with `cargo run --example server --features axum`; it listens on 127.0.0.1, on the
//! port in `PORT` (default 8008, `PORT=0` for any free one), and prints its address.
//!
//! ```text
//! GET  /_matrix/client/versions                 200 {"versions":["v1.19"]}
//! POST /_matrix/client/v3/rooms/{room}/send     200 {"event_id":...} in !lobby:example.org
//!                                               403 M_FORBIDDEN in any other room
//!                                               400 M_NOT_JSON / M_BAD_JSON, 413 M_TOO_LARGE
//! GET  /_matrix/client/v3/sync                  429 M_LIMIT_EXCEEDED with Retry-After
//! GET  /_matrix/client/v3/account/whoami        500 M_UNKNOWN, the database's words redacted
//! any other path                                404 M_UNRECOGNIZED
//! a known path with another method              405 M_UNRECOGNIZED (OPTIONS: 204)
//! ```
//!
//! The load test (`tests/load.rs`) runs this `main` in a child process.

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path};
use axum::http::{HeaderName, Method, header};
use axum::routing::{get, post};
use matrix_error::MatrixError;
use matrix_error::axum::{Json, with_fallbacks};
use serde::Deserialize;
use serde_json::{Value, json};
use tower_http::cors::{AllowOrigin, CorsLayer};

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

async fn sync() -> Result<Json<Value>, ApiError> {
    Err(ApiError::RateLimited {
        wait: Duration::from_millis(2500),
    })
}

async fn whoami() -> Result<Json<Value>, ApiError> {
    let user_id = lookup_user().await?; // an io::Error becomes ApiError::Db
    Ok(Json(json!({ "user_id": user_id })))
}

/// The database, which is down.
async fn lookup_user() -> std::io::Result<String> {
    Err(std::io::Error::other(
        "connection to db01.internal:5432 refused",
    ))
}

/// The API: routes, then the Matrix fallbacks, then the layers (body limit, CORS as the
/// spec asks of every endpoint), so the fallbacks' answers get CORS headers too.
pub fn app() -> Router {
    let routes = Router::new()
        .route("/_matrix/client/versions", get(versions))
        .route("/_matrix/client/v3/rooms/{room}/send", post(send))
        .route("/_matrix/client/v3/sync", get(sync))
        .route("/_matrix/client/v3/account/whoami", get(whoami));
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            HeaderName::from_static("x-requested-with"),
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
        ]);
    with_fallbacks(routes)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(cors)
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
    axum::serve(listener, app()).await
}
