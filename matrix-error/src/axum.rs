//! axum 0.8 integration (feature `axum`).
//!
//! - [`Error`] implements [`IntoResponse`], and so does every derived type marked
//!   `#[matrix(axum)]`: a handler returns `Result<_, ApiError>` and the error goes out as a
//!   Matrix error response (see [`http::response`](crate::http::response)), with no glue. A
//!   type without the key gets nothing of axum, so it may write its own `IntoResponse`.
//! - [`with_fallbacks`]: 404 `M_UNRECOGNIZED` for an unknown path, 405 `M_UNRECOGNIZED` for a
//!   known path with a method it does not serve; [`with_dialect_fallbacks`] answers them in
//!   Zulip's or Mastodon's dialect ([`Dialect`]), for routes under such a prefix.
//! - [`Json`]: the JSON extractor whose rejections are Matrix errors: 400 `M_NOT_JSON`,
//!   400 `M_BAD_JSON`, 413 `M_TOO_LARGE`. As a response it writes `T` as JSON.
//! - [`Path`]: axum's path extractor whose rejections are Matrix errors: 400
//!   `M_INVALID_PARAM` for a path parameter that does not decode (`/rooms/%FF/send`).
//!
//! ```
//! use axum::{Router, routing::post};
//! use matrix_error::axum::{Json, with_fallbacks};
//! use matrix_error::MatrixError;
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! #[matrix(axum)] // IntoResponse
//! enum ApiError {
//!     #[error("you may not post in {0}")]
//!     #[matrix(errcode = "M_FORBIDDEN")]
//!     NotAllowed(String),
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct Message { room: String }
//!
//! async fn send(Json(message): Json<Message>) -> Result<Json<serde_json::Value>, ApiError> {
//!     Err(ApiError::NotAllowed(message.room))
//! }
//!
//! // Routes first, then the fallbacks, then layers such as CORS.
//! let app: Router = with_fallbacks(Router::new().route("/send", post(send)));
//! ```
//!
//! # `OPTIONS` and CORS
//!
//! Browsers send a CORS preflight `OPTIONS` before most Matrix requests. A server that
//! answered it with 405 `M_UNRECOGNIZED` broke every browser client, so the 405 fallback
//! never does: `OPTIONS` on a known path is answered `204 No Content` with the `Allow` header
//! (RFC 9110's answer to "which methods are there"). An `OPTIONS` on an unknown path is a
//! 404 `M_UNRECOGNIZED` like any other method.
//!
//! The preflight itself is the job of a CORS layer around the whole router (tower-http's
//! `CorsLayer`, added with `.layer(...)` after `with_fallbacks`): it answers every preflight,
//! known path or not, before routing, and adds its headers to the 404 and 405 answers, so a
//! browser client sees `M_UNRECOGNIZED` instead of a CORS failure. The crate's tests run
//! both setups over a socket. The example server (`examples/server.rs`) does what Synapse
//! does instead: a small middleware answers every `OPTIONS` 204 and puts the spec's
//! recommended CORS headers on every response, `Access-Control-Expose-Headers: Retry-After`
//! included.

use ::axum::Router;
use ::axum::body::Bytes;
use ::axum::extract::{FromRequest, FromRequestParts, Request};
use ::axum::http::header::CONTENT_TYPE;
use ::axum::http::request::Parts;
use ::axum::http::{Method, StatusCode};
use ::axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Body, Error, ErrorKind, MatrixError};

/// The response of any error: [`http::response`](crate::http::response) with an axum body.
pub(crate) fn response<E>(error: &E) -> Response
where
    E: MatrixError + ?Sized,
    for<'a> Body<'a, E>: Serialize,
{
    crate::http::response(error).map(::axum::body::Body::from)
}

/// What the derive's `IntoResponse` for a derived type calls, through `__private`.
pub(crate) mod for_derive {
    use crate::MatrixError;

    /// `IntoResponse::into_response` of a derived type.
    pub fn into_response<E: MatrixError>(error: &E) -> ::axum::response::Response {
        super::response(error)
    }
}

/// The error's response: its status (500 for one that is not an error status), the JSON body
/// and `Retry-After`.
///
/// ```
/// use axum::response::IntoResponse;
/// use matrix_error::{Error, ErrorKind};
///
/// let response = Error::new(ErrorKind::Forbidden, "no").into_response();
/// assert_eq!(response.status(), 403);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        response(&self)
    }
}

/// A boxed error of any type.
impl IntoResponse for Box<dyn MatrixError + Send> {
    fn into_response(self) -> Response {
        response(&*self)
    }
}

/// A boxed error of any type.
impl IntoResponse for Box<dyn MatrixError + Send + Sync> {
    fn into_response(self) -> Response {
        response(&*self)
    }
}

/// Adds the Matrix fallbacks to `router`: [`not_found`] for a path no route matches and
/// [`method_not_allowed`] for a method a matched path does not serve.
///
/// Call it after the last route and before `.layer(...)`: axum gives the 405 fallback only to
/// the routes that exist at that point, and a layer added later (CORS) then wraps the
/// fallbacks too. See [the module docs](self#options-and-cors) for `OPTIONS`.
///
/// ```
/// use axum::{Router, routing::get};
///
/// let app: Router = matrix_error::axum::with_fallbacks(
///     Router::new().route("/_matrix/client/versions", get(|| async { "{}" })),
/// );
/// // GET /nope:                       404 {"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}
/// // POST /_matrix/client/versions:   405 {"errcode":"M_UNRECOGNIZED","error":"Method not allowed"}
/// // OPTIONS /_matrix/client/versions: 204, Allow: GET,HEAD
/// ```
pub fn with_fallbacks<S>(router: Router<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

pub use crate::dialect::Dialect;

/// The answer in a dialect, as an axum response.
impl Dialect {
    /// The response of `error` in this dialect.
    ///
    /// An extractor's rejection answers in any dialect this way: take `Result<Json<T>, Error>`
    /// (axum gives an extractor's rejection to a handler that asks for the `Result`) and
    /// answer its `Err` here, or with `?` into a [`zulip::Response`](crate::zulip::Response).
    ///
    /// ```
    /// use axum::response::IntoResponse;
    /// use matrix_error::axum::{Dialect, Json};
    /// use matrix_error::{Error, zulip};
    ///
    /// async fn send(body: Result<Json<serde_json::Value>, Error>) -> Result<String, zulip::Response<Error>> {
    ///     let Json(message) = body?; // M_NOT_JSON answered as Zulip's INVALID_JSON
    ///     Ok(message.to_string())
    /// }
    ///
    /// let error = Error::new(matrix_error::ErrorKind::NotJson, "expected value");
    /// let response = Dialect::Zulip.respond(error);
    /// assert_eq!(response.status(), 400);
    /// ```
    pub fn respond<E: MatrixError>(self, error: E) -> Response {
        match self {
            Dialect::Matrix => response(&error),
            Dialect::Zulip => crate::zulip::Response(error).into_response(),
            Dialect::Mastodon => crate::mastodon::Response(error).into_response(),
        }
    }
}

/// [`with_fallbacks`], answering in `dialect`: for routes nested under a Zulip- or
/// Mastodon-style prefix, the 404 of an unknown path and the 405 of a wrong method in that
/// dialect (Zulip's `BAD_REQUEST` at 404 and 405, Mastodon's `{"error":...}`).
///
/// ```
/// use axum::{Router, routing::get};
/// use matrix_error::axum::{Dialect, with_dialect_fallbacks, with_fallbacks};
///
/// let zulip = with_dialect_fallbacks(
///     Router::new().route("/api/v1/messages", get(|| async { "[]" })),
///     Dialect::Zulip,
/// );
/// let app: Router = with_fallbacks(Router::new()).nest("/zulip", zulip);
/// // GET /zulip/api/v1/nope: 404 {"result":"error","msg":"Unrecognized request","code":"BAD_REQUEST"}
/// ```
pub fn with_dialect_fallbacks<S>(router: Router<S>, dialect: Dialect) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .fallback(move || async move { dialect.respond(crate::reject::unrecognized_path()) })
        .method_not_allowed_fallback(move |method: Method| async move {
            match method {
                Method::OPTIONS => StatusCode::NO_CONTENT.into_response(),
                _ => dialect.respond(crate::reject::wrong_method()),
            }
        })
}

/// The handler for a path no route matches: 404 `M_UNRECOGNIZED`, as Synapse answers.
///
/// ```
/// let error = block_on(matrix_error::axum::not_found());
/// assert_eq!(error.to_string(), "M_UNRECOGNIZED (404): Unrecognized request");
/// # fn block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     let mut future = std::pin::pin!(future);
/// #     let waker = std::task::Waker::noop();
/// #     match future.as_mut().poll(&mut std::task::Context::from_waker(waker)) {
/// #         std::task::Poll::Ready(output) => output,
/// #         std::task::Poll::Pending => unreachable!(),
/// #     }
/// # }
/// ```
pub async fn not_found() -> Error {
    crate::reject::unrecognized_path()
}

/// The handler for a method a matched path does not serve: 405 `M_UNRECOGNIZED`, except for
/// `OPTIONS`, which is answered `204 No Content` (see
/// [the module docs](self#options-and-cors)). axum adds the `Allow` header to both.
///
/// ```
/// use axum::http::Method;
/// use axum::response::IntoResponse;
/// # fn block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     let mut future = std::pin::pin!(future);
/// #     let waker = std::task::Waker::noop();
/// #     match future.as_mut().poll(&mut std::task::Context::from_waker(waker)) {
/// #         std::task::Poll::Ready(output) => output,
/// #         std::task::Poll::Pending => unreachable!(),
/// #     }
/// # }
///
/// let response = block_on(matrix_error::axum::method_not_allowed(Method::POST));
/// assert_eq!(response.status(), 405);
/// let response = block_on(matrix_error::axum::method_not_allowed(Method::OPTIONS));
/// assert_eq!(response.status(), 204);
/// ```
pub async fn method_not_allowed(method: Method) -> Response {
    if method == Method::OPTIONS {
        StatusCode::NO_CONTENT.into_response()
    } else {
        crate::reject::wrong_method().into_response()
    }
}

/// JSON in and out, with Matrix errors for every rejection.
///
/// As an extractor it reads the request body as JSON into `T`, within axum's body limit
/// (`DefaultBodyLimit`, 2 MB unless set otherwise), whatever the request's `Content-Type`:
/// the spec asks clients to send `application/json` but does not require it, Synapse reads a
/// JSON body sent as anything (none, `text/plain`, a form type), and matrix-js-sdk sends
/// `text/plain;charset=UTF-8` for a string body. Only the body decides. Its rejection is an
/// [`Error`]:
///
/// | request | answer |
/// |---|---|
/// | a body that is not JSON (syntax error, truncated, trailing data, empty) | 400 `M_NOT_JSON` |
/// | JSON of the wrong shape (missing key, wrong type) | 400 `M_BAD_JSON` |
/// | a body over the limit | 413 `M_TOO_LARGE` |
/// | a body that could not be read | 400 `M_UNKNOWN` |
///
/// As a response it is `T` serialized with `Content-Type: application/json` (and a 500
/// `M_UNKNOWN` if `T`'s `Serialize` fails).
///
/// ```
/// use axum::body::Body;
/// use axum::extract::FromRequest;
/// use axum::http::Request;
/// use matrix_error::MatrixError;
/// use matrix_error::axum::Json;
/// # fn block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     let mut future = std::pin::pin!(future);
/// #     let waker = std::task::Waker::noop();
/// #     match future.as_mut().poll(&mut std::task::Context::from_waker(waker)) {
/// #         std::task::Poll::Ready(output) => output,
/// #         std::task::Poll::Pending => unreachable!(),
/// #     }
/// # }
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Login { user: String }
///
/// let request = |body: &'static str| {
///     Request::post("/login").header("content-type", "application/json").body(Body::from(body)).unwrap()
/// };
/// let Json(login) = block_on(Json::<Login>::from_request(request(r#"{"user":"alice"}"#), &())).unwrap();
/// assert_eq!(login.user, "alice");
///
/// // The body decides, not the Content-Type (matrix-js-sdk's for a string body here).
/// let text = Request::post("/login")
///     .header("content-type", "text/plain;charset=UTF-8")
///     .body(Body::from(r#"{"user":"bob"}"#))
///     .unwrap();
/// assert_eq!(block_on(Json::<Login>::from_request(text, &())).unwrap().0.user, "bob");
///
/// let error = block_on(Json::<Login>::from_request(request("{"), &())).unwrap_err();
/// assert_eq!((error.errcode(), error.status()), ("M_NOT_JSON", 400));
/// let error = block_on(Json::<Login>::from_request(request(r#"{"name":"alice"}"#), &())).unwrap_err();
/// assert_eq!((error.errcode(), error.status()), ("M_BAD_JSON", 400));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        // No `Content-Type` check: the spec asks clients to send `application/json` without
        // requiring it, Synapse reads any, and matrix-js-sdk sends `text/plain` for a string
        // body. The body itself says whether it is JSON.
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => {
                        Error::new(ErrorKind::TooLarge, "Request body too large")
                    }
                    status => Error::new(ErrorKind::Unknown, rejection.body_text())
                        .with_status(status.as_u16()),
                })?;
        serde_json::from_slice(&bytes)
            .map(Json)
            .map_err(|error| crate::reject::json_error(&error))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(bytes) => (
                [(
                    CONTENT_TYPE,
                    ::axum::http::HeaderValue::from_static(crate::serve::CONTENT_TYPE),
                )],
                bytes,
            )
                .into_response(),
            Err(_) => Error::new(ErrorKind::Unknown, crate::body::REDACTED)
                .with_status(500)
                .into_response(),
        }
    }
}

/// axum's [`Path`](::axum::extract::Path) extractor, with Matrix errors for its rejections.
///
/// It reads the route's parameters into `T` as axum's does (percent-decoded, then
/// deserialized). Where axum answers a parameter that does not decode with a `text/plain`
/// 400, this answers:
///
/// | request | answer |
/// |---|---|
/// | a parameter that is not UTF-8 once percent-decoded (`/rooms/%FF/send`), or does not parse as `T` (`/items/abc` for a `u32`) | 400 `M_INVALID_PARAM`, axum's text as the message |
/// | a route whose parameters do not fit `T` (the wrong number, an unsupported type): a bug of the server | 500 `M_UNKNOWN`, axum's text as the message |
///
/// Why `M_INVALID_PARAM`: the spec's code for "a parameter to the request was invalid", which
/// Synapse sends for a path or query parameter it cannot parse (`RoomID.from_string`,
/// `parse_integer`: 400 `M_INVALID_PARAM`). `M_UNRECOGNIZED` would be wrong: the endpoint
/// exists, and clients read `M_UNRECOGNIZED` with 404 or 405 as "this server lacks the
/// endpoint" ([`Error::is_unrecognized_endpoint`](crate::Error::is_unrecognized_endpoint)).
///
/// ```
/// use axum::Router;
/// use axum::routing::post;
/// use matrix_error::axum::{Path, with_fallbacks};
///
/// async fn send(Path(room): Path<String>) -> String {
///     room
/// }
///
/// let app: Router = with_fallbacks(Router::new().route("/rooms/{room}/send", post(send)));
/// // POST /rooms/%FF/send: 400 {"errcode":"M_INVALID_PARAM","error":"Invalid URL: Invalid UTF-8 in `room`"}
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        match ::axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(crate::reject::path_error(
                rejection.status().as_u16(),
                rejection.body_text(),
            )),
        }
    }
}
