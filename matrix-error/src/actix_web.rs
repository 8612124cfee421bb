//! actix-web 4 integration (feature `actix-web`).
//!
//! - [`Error`] implements [`ResponseError`], and so does every derived type marked
//!   `#[matrix(actix_web)]`: a handler returns `Result<_, ApiError>` and the error goes out as
//!   a Matrix error response, with no glue. (actix-web requires `Debug` and `Display` of an
//!   error; a derived type without them gets no `ResponseError`.) A type without the key gets
//!   nothing of actix-web, so it may write its own `ResponseError`.
//! - [`unrecognized`]: the app's default service, 404 `M_UNRECOGNIZED` for an unknown path.
//! - [`method_not_allowed`]: middleware that turns actix-web's empty 405 for a known path
//!   with a method it does not serve into 405 `M_UNRECOGNIZED`, keeping its `Allow` header.
//! - [`json_config`]: `web::Json` rejections as Matrix errors: 400 `M_NOT_JSON`,
//!   400 `M_BAD_JSON`, 413 `M_TOO_LARGE`.
//! - [`path_config`]: `web::Path` rejections as Matrix errors: 400 `M_INVALID_PARAM` (actix-web
//!   answers an empty 404).
//! - [`Dialect`]: each of these answering in Zulip's or Mastodon's dialect instead
//!   (`Dialect::Zulip.json_config()`, `.unrecognized()`, `.method_not_allowed()`,
//!   `.path_config()`), for the routes of a `web::scope` under such a prefix; and
//!   [`Dialect::error_response`] for any error.
//!
//! ```
//! use actix_web::{App, web};
//! use matrix_error::MatrixError;
//!
//! #[derive(Debug, thiserror::Error, MatrixError)]
//! #[matrix(actix_web)] // ResponseError
//! enum ApiError {
//!     #[error("you may not post in {0}")]
//!     #[matrix(errcode = "M_FORBIDDEN")]
//!     NotAllowed(String),
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct Message { room: String }
//!
//! async fn send(message: web::Json<Message>) -> Result<web::Json<serde_json::Value>, ApiError> {
//!     Err(ApiError::NotAllowed(message.into_inner().room))
//! }
//!
//! let app = App::new()
//!     .wrap(matrix_error::actix_web::method_not_allowed())
//!     .app_data(matrix_error::actix_web::json_config())
//!     .default_service(web::to(matrix_error::actix_web::unrecognized))
//!     .service(web::resource("/send").route(web::post().to(send)));
//! ```
//!
//! # `OPTIONS` and CORS
//!
//! As with axum (see [`crate::axum`]): the 405 middleware answers `OPTIONS` on a known path
//! `204 No Content` with the `Allow` header, never 405 `M_UNRECOGNIZED`, so a CORS
//! preflight is not turned into an error; a CORS middleware (actix-cors) wrapping the app
//! answers preflights itself before routing. `OPTIONS` on an unknown path is a 404.

use ::actix_web::body::BoxBody;
use ::actix_web::dev::ServiceResponse;
use ::actix_web::error::{JsonPayloadError, PayloadError};
use ::actix_web::http::header::{self, HeaderValue};
use ::actix_web::http::{Method, StatusCode};
use ::actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use ::actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;

use crate::{Body, Error, ErrorKind, MatrixError};

pub use crate::dialect::Dialect;

/// What the derive's `ResponseError` for a derived type calls, through `__private`.
pub(crate) mod for_derive {
    use ::actix_web::HttpResponse;
    use ::actix_web::body::BoxBody;
    use ::actix_web::http::StatusCode;

    use crate::MatrixError;

    /// `ResponseError::status_code` of a derived type.
    pub fn status_code<E: MatrixError>(error: &E) -> StatusCode {
        super::status(error)
    }

    /// `ResponseError::error_response` of a derived type.
    pub fn error_response<E: MatrixError>(error: &E) -> HttpResponse<BoxBody> {
        super::response(error)
    }
}

/// The status of any error in actix-web's `http` 0.2 type; 500 for one that is not an error
/// status.
pub(crate) fn status<E: MatrixError + ?Sized>(error: &E) -> StatusCode {
    StatusCode::from_u16(crate::serve::status(error)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The response of any error: status, `Content-Type: application/json`, the body and
/// `Retry-After`.
pub(crate) fn response<E>(error: &E) -> HttpResponse<BoxBody>
where
    E: MatrixError + ?Sized,
    for<'a> Body<'a, E>: Serialize,
{
    let status = status(error);
    #[cfg(feature = "tracing")]
    crate::serve::trace(error, status.as_u16());
    let mut response = HttpResponse::with_body(status, crate::serve::body(error));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::serve::CONTENT_TYPE),
    );
    if let Some(value) =
        crate::serve::retry_after(error).and_then(|value| HeaderValue::try_from(value).ok())
    {
        headers.insert(header::RETRY_AFTER, value);
    }
    response.map_into_boxed_body()
}

/// The error's response: its status (500 for one that is not an error status), the JSON body
/// and `Retry-After`.
///
/// ```
/// use actix_web::ResponseError;
/// use matrix_error::{Error, ErrorKind};
///
/// let error = Error::new(ErrorKind::Forbidden, "no");
/// assert_eq!(error.status_code(), 403);
/// let response = error.error_response();
/// assert_eq!(response.headers().get("content-type").unwrap(), "application/json");
/// ```
impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        status(self)
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        response(self)
    }
}

/// The default service of an app: 404 `M_UNRECOGNIZED` for a path no resource matches, as
/// Synapse answers. Add it with `App::default_service(web::to(unrecognized))`.
///
/// actix-web also calls the default service for a known path when the method guard of every
/// route there fails, which is what `App::route(path, web::get().to(...))` sets up: such a
/// path is answered 405 `M_UNRECOGNIZED` (`OPTIONS`: 204), without an `Allow` header, since
/// the guards do not say which methods they take. Register paths with
/// `web::resource(path).route(...)` to get the `Allow` header from actix-web, through
/// [`method_not_allowed`].
///
/// ```
/// use actix_web::{App, web};
///
/// let app = App::new().default_service(web::to(matrix_error::actix_web::unrecognized));
/// ```
pub async fn unrecognized(request: HttpRequest) -> HttpResponse {
    unrecognized_in(Dialect::Matrix, &request)
}

/// [`unrecognized`]'s answer in `dialect`.
fn unrecognized_in(dialect: Dialect, request: &HttpRequest) -> HttpResponse {
    if !request.resource_map().has_resource(request.path()) {
        dialect.error_response(crate::reject::unrecognized_path())
    } else if request.method() == Method::OPTIONS {
        HttpResponse::NoContent().finish()
    } else {
        dialect.error_response(crate::reject::wrong_method())
    }
}

/// Middleware for the 405 of a known path with a method it does not serve.
///
/// actix-web answers it with an empty 405 and an `Allow` header. This turns that response
/// into 405 `M_UNRECOGNIZED`, keeping `Allow`, and an `OPTIONS` into `204 No Content` with
/// `Allow` (see [the module docs](self#options-and-cors)). A 405 that already has a body (an
/// error a handler returned) is left as it is. Add it with `App::wrap(method_not_allowed())`.
///
/// ```
/// use actix_web::{App, web};
///
/// let app = App::new()
///     .wrap(matrix_error::actix_web::method_not_allowed())
///     .route("/_matrix/client/versions", web::get().to(|| async { "{}" }));
/// ```
pub fn method_not_allowed<B: 'static>() -> ErrorHandlers<B> {
    Dialect::Matrix.method_not_allowed()
}

fn rewrite_method_not_allowed<B>(
    dialect: Dialect,
    response: ServiceResponse<B>,
) -> ::actix_web::Result<ErrorHandlerResponse<B>> {
    if response.headers().contains_key(header::CONTENT_TYPE) {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let (request, _) = response.into_parts();
    let mut answer = if request.method() == Method::OPTIONS {
        HttpResponse::NoContent().finish()
    } else {
        dialect.error_response(crate::reject::wrong_method())
    };
    if let Some(allow) = allow {
        answer.headers_mut().insert(header::ALLOW, allow);
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, answer).map_into_right_body(),
    ))
}

/// `web::Path`'s configuration with Matrix errors for its rejections: a path parameter that
/// does not deserialize (`/count/abc` for a `u32`) is 400 `M_INVALID_PARAM`, with actix-web's
/// text as the message, where actix-web answers 404 `text/plain`. `M_INVALID_PARAM` is the
/// spec's code for a parameter that was invalid, as Synapse sends it; see
/// [`axum::Path`](crate::axum::Path) for why not `M_UNRECOGNIZED`. Add it with
/// `App::app_data(path_config())`.
///
/// ```
/// use actix_web::{App, web};
///
/// let app = App::new()
///     .app_data(matrix_error::actix_web::path_config())
///     .route("/count/{n}", web::get().to(|n: web::Path<u32>| async move { n.to_string() }));
/// // GET /count/abc: 400 {"errcode":"M_INVALID_PARAM","error":"Path deserialize error: ..."}
/// ```
pub fn path_config() -> web::PathConfig {
    Dialect::Matrix.path_config()
}

/// `web::Json`'s configuration for a Matrix API: [`json_error`] as the error handler, and a
/// JSON body read whatever its `Content-Type`.
///
/// The spec asks clients to send `application/json` but does not require it; Synapse reads a
/// JSON body sent with no `Content-Type`, `text/plain` or a form type, and matrix-js-sdk sends
/// `text/plain;charset=UTF-8` for a string body. So only the body decides: a body that is not
/// JSON is 400 `M_NOT_JSON`, JSON of the wrong shape 400 `M_BAD_JSON` (actix-web's default
/// refuses any other `Content-Type` before reading the body). The limit is actix-web's default
/// (2 MiB); change it with `.limit(bytes)`. Add it with `App::app_data(json_config())`.
///
/// ```
/// use actix_web::{App, web};
///
/// let app = App::new().app_data(matrix_error::actix_web::json_config().limit(64 * 1024));
/// ```
pub fn json_config() -> web::JsonConfig {
    Dialect::Matrix.json_config()
}

/// The Matrix error for a rejection of `web::Json`:
///
/// | rejection | answer |
/// |---|---|
/// | a body that is not JSON (syntax error, truncated, trailing data, empty) | 400 `M_NOT_JSON` |
/// | `Content-Type` not JSON, where a configuration other than [`json_config`] requires it | 400 `M_NOT_JSON` |
/// | JSON of the wrong shape (missing key, wrong type) | 400 `M_BAD_JSON` |
/// | a body over the limit | 413 `M_TOO_LARGE` |
/// | a body that could not be read | 400 `M_UNKNOWN` |
///
/// ```
/// use actix_web::error::JsonPayloadError;
///
/// let request = actix_web::test::TestRequest::default().to_http_request();
/// let error = matrix_error::actix_web::json_error(JsonPayloadError::Overflow { limit: 10 }, &request);
/// assert_eq!((error.errcode(), error.status()), ("M_TOO_LARGE", 413));
/// ```
pub fn json_error(error: JsonPayloadError, _request: &HttpRequest) -> Error {
    match error {
        JsonPayloadError::OverflowKnownLength { .. }
        | JsonPayloadError::Overflow { .. }
        | JsonPayloadError::Payload(PayloadError::Overflow) => {
            Error::new(ErrorKind::TooLarge, "Request body too large")
        }
        JsonPayloadError::ContentType => {
            Error::new(ErrorKind::NotJson, "Content-Type must be application/json")
        }
        JsonPayloadError::Deserialize(error) => crate::reject::json_error(&error),
        other => Error::new(ErrorKind::Unknown, other.to_string()).with_status(400),
    }
}

/// The fallbacks and rejections in a dialect: for the routes of a Zulip- or Mastodon-style
/// API, set on their `web::scope` as [`unrecognized`], [`method_not_allowed`],
/// [`json_config`] and [`path_config`] are on the app (each of those is its
/// `Dialect::Matrix` form). The errors are the same, written in the dialect: the 404 of an
/// unknown path and the 405 of a wrong method are Zulip's `BAD_REQUEST` (at 404 and 405) and
/// Mastodon's `{"error":...}`; a body that is not JSON is Zulip's `INVALID_JSON`.
///
/// ```
/// use actix_web::{App, web};
/// use matrix_error::actix_web::{Dialect, json_config, method_not_allowed, unrecognized};
///
/// let zulip = Dialect::Zulip;
/// let app = App::new()
///     .wrap(method_not_allowed())
///     .app_data(json_config())
///     .default_service(web::to(unrecognized))
///     .service(
///         web::scope("/zulip")
///             .wrap(zulip.method_not_allowed())
///             .app_data(zulip.json_config())
///             .app_data(zulip.path_config())
///             .default_service(zulip.unrecognized())
///             .service(web::resource("/api/v1/messages").route(web::get().to(|| async { "[]" }))),
///     );
/// // GET /zulip/api/v1/nope: 404 {"result":"error","msg":"Unrecognized request","code":"BAD_REQUEST"}
/// // GET /nope:              404 {"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}
/// ```
impl Dialect {
    /// The response of `error` in this dialect: its status, body and headers, as
    /// [`zulip::Response`](crate::zulip::Response) and
    /// [`mastodon::Response`](crate::mastodon::Response) answer.
    ///
    /// ```
    /// use matrix_error::actix_web::Dialect;
    /// use matrix_error::{Error, ErrorKind};
    ///
    /// let error = Error::new(ErrorKind::UnknownToken { soft_logout: false }, "Invalid API key");
    /// let response = Dialect::Zulip.error_response(error);
    /// assert_eq!(response.status(), 401);
    /// assert_eq!(response.headers().get("www-authenticate").unwrap(), r#"Basic realm="zulip""#);
    /// ```
    pub fn error_response<E: MatrixError>(self, error: E) -> HttpResponse {
        match self {
            Dialect::Matrix => response(&error),
            Dialect::Zulip => crate::dialect::actix_response(crate::serve::zulip(&error)),
            Dialect::Mastodon => crate::dialect::actix_response(crate::serve::mastodon(&error)),
        }
    }

    /// `error` as actix-web's error, answered in this dialect.
    fn error(self, error: Error) -> ::actix_web::Error {
        match self {
            Dialect::Matrix => error.into(),
            Dialect::Zulip => crate::zulip::Response(error).into(),
            Dialect::Mastodon => crate::mastodon::Response(error).into(),
        }
    }

    /// [`unrecognized`] in this dialect, as the default service of an app or a scope
    /// (`.default_service(dialect.unrecognized())`).
    ///
    /// ```
    /// use actix_web::{App, web};
    /// use matrix_error::actix_web::Dialect;
    ///
    /// let app = App::new().service(web::scope("/mastodon").default_service(Dialect::Mastodon.unrecognized()));
    /// // GET /mastodon/nope: 404 {"error":"Unrecognized request"}
    /// ```
    pub fn unrecognized(self) -> ::actix_web::Route {
        web::to(move |request: HttpRequest| async move { unrecognized_in(self, &request) })
    }

    /// [`method_not_allowed`] in this dialect: the 405 of a known path answered in it, `Allow`
    /// kept, `OPTIONS` answered 204.
    ///
    /// ```
    /// use actix_web::{App, web};
    /// use matrix_error::actix_web::Dialect;
    ///
    /// let app = App::new().service(
    ///     web::scope("/zulip")
    ///         .wrap(Dialect::Zulip.method_not_allowed())
    ///         .service(web::resource("/api/v1/messages").route(web::get().to(|| async { "[]" }))),
    /// );
    /// // DELETE /zulip/api/v1/messages: 405 {"result":"error","msg":"Method not allowed","code":"BAD_REQUEST"}, Allow: GET
    /// ```
    pub fn method_not_allowed<B: 'static>(self) -> ErrorHandlers<B> {
        ErrorHandlers::new().handler(StatusCode::METHOD_NOT_ALLOWED, move |response| {
            rewrite_method_not_allowed(self, response)
        })
    }

    /// [`json_config`] in this dialect: the same rejections ([`json_error`]), answered in it
    /// (Zulip's `INVALID_JSON` for a body that is not JSON or of the wrong shape).
    ///
    /// ```
    /// use actix_web::{App, web};
    /// use matrix_error::actix_web::Dialect;
    ///
    /// let app = App::new().service(web::scope("/zulip").app_data(Dialect::Zulip.json_config().limit(64 * 1024)));
    /// ```
    pub fn json_config(self) -> web::JsonConfig {
        web::JsonConfig::default()
            .content_type_required(false)
            .error_handler(move |error, request| self.error(json_error(error, request)))
    }

    /// [`path_config`] in this dialect: a path parameter that does not deserialize is
    /// `M_INVALID_PARAM` answered in it (Zulip's `REQUEST_VARIABLE_INVALID`, a Mastodon 422).
    ///
    /// ```
    /// use actix_web::{App, web};
    /// use matrix_error::actix_web::Dialect;
    ///
    /// let app = App::new().service(web::scope("/mastodon").app_data(Dialect::Mastodon.path_config()));
    /// ```
    pub fn path_config(self) -> web::PathConfig {
        web::PathConfig::default().error_handler(move |error, _request| {
            self.error(crate::reject::path_error(400, error.to_string()))
        })
    }
}
