//! A real actix-web server on 127.0.0.1 (an ephemeral port), asked by a real HTTP client:
//! every failure is a Matrix error on the wire, with no glue in the handlers.

#[path = "common/wire.rs"]
mod wire;

use std::net::{SocketAddr, TcpListener};
use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use matrix_error::actix_web::Dialect;
use matrix_error::{Error, ErrorKind};
use serde_json::{Value, json};
use wire::{ApiError, Client, handlers};

async fn room(room: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Err(handlers::room(room.into_inner()))
}

async fn count(n: web::Path<u32>) -> web::Json<Value> {
    web::Json(handlers::count(n.into_inner()))
}

async fn quota() -> Result<HttpResponse, ApiError> {
    Err(handlers::quota())
}

async fn limited() -> Result<HttpResponse, ApiError> {
    Err(handlers::limited())
}

async fn limited_until() -> Result<HttpResponse, ApiError> {
    Err(handlers::limited_until())
}

async fn disabled() -> Result<HttpResponse, ApiError> {
    Err(handlers::disabled())
}

/// `?` converts the handler's own error type, as in any actix-web handler.
async fn crash() -> Result<web::Json<Value>, ApiError> {
    let error: Result<Value, std::io::Error> = Err(std::io::Error::other("db01.internal:5432"));
    Ok(web::Json(error?))
}

async fn standard() -> Result<HttpResponse, Error> {
    Err(handlers::standard())
}

async fn echo(request: HttpRequest, message: web::Json<wire::Message>) -> web::Json<Value> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    web::Json(handlers::echo(message.into_inner(), content_type))
}

async fn peer() -> Result<HttpResponse, Error> {
    Err(Error::new(ErrorKind::Unknown, "a peer's 200").with_status(200))
}

/// A Zulip- or Mastodon-style API under `prefix`: its fallbacks and rejections in `dialect`.
fn dialect_scope(
    prefix: &str,
    dialect: Dialect,
) -> actix_web::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    async fn send(message: web::Json<Value>) -> web::Json<Value> {
        message
    }
    async fn status(id: web::Path<u32>) -> String {
        id.to_string()
    }
    web::scope(prefix)
        .wrap(dialect.method_not_allowed())
        .app_data(dialect.json_config())
        .app_data(dialect.path_config())
        .default_service(dialect.unrecognized())
        .service(web::resource("/api/v1/messages").route(web::post().to(send)))
        .route("/api/v1/statuses/{id}", web::get().to(status))
}

/// Serves the API on 127.0.0.1 on a port the kernel picks, set up as the module docs of
/// `matrix_error::actix_web` say. The listener is bound before this returns, so a client can
/// connect at once: the kernel queues the connection until the server accepts it.
fn server() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                HttpServer::new(|| {
                    App::new()
                        .wrap(matrix_error::actix_web::method_not_allowed())
                        .app_data(matrix_error::actix_web::json_config().limit(wire::BODY_LIMIT))
                        .app_data(matrix_error::actix_web::path_config())
                        .default_service(web::to(matrix_error::actix_web::unrecognized))
                        .route("/rooms/{room}", web::get().to(room))
                        .route("/count/{n}", web::get().to(count))
                        // A resource knows its methods: its 405 has `Allow`.
                        .service(web::resource("/quota").route(web::get().to(quota)))
                        .route("/limited", web::get().to(limited))
                        .route("/limited-until", web::get().to(limited_until))
                        .service(web::resource("/disabled").route(web::get().to(disabled)))
                        .route("/crash", web::get().to(crash))
                        .route("/standard", web::get().to(standard))
                        .route("/echo", web::post().to(echo))
                        .route("/peer", web::get().to(peer))
                        .service(dialect_scope("/zulip", Dialect::Zulip))
                        .service(dialect_scope("/mastodon", Dialect::Mastodon))
                })
                .workers(1)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run()
                .await
                .unwrap();
            });
        });
        addr
    })
}

// The behaviours both frameworks share, each a test of its own.
wire::tests!(server());

#[test]
fn a_status_that_is_no_error_status_is_answered_500() {
    let response = Client::new(server()).get("/peer");
    assert_eq!(response.status(), 500);
    assert_eq!(
        wire::error_body(&response),
        json!({"errcode": "M_UNKNOWN", "error": "a peer's 200"})
    );
}

/// `App::route` puts the method guard on the resource itself: actix-web then calls the
/// default service, which still answers a known path 405 (or 204 for `OPTIONS`), though
/// without `Allow`.
#[test]
fn a_wrong_method_on_an_app_route_is_405_too() {
    let client = Client::new(server());
    for path in ["/limited", "/rooms/!a:b"] {
        let response = client.request("DELETE", path, &[], b"");
        assert_eq!(response.status(), 405, "{path}");
        assert_eq!(
            wire::error_body(&response),
            json!({"errcode": "M_UNRECOGNIZED", "error": "Method not allowed"})
        );
        let response = client.request("OPTIONS", path, &[], b"");
        assert_eq!(response.status(), 204, "{path}");
    }
}

/// The dialects' responses are actix-web errors too: status, headers and body as with axum.
#[test]
fn the_dialects_answer_through_response_error() {
    use actix_web::ResponseError;
    use actix_web::body::MessageBody;
    use matrix_error::{mastodon, zulip};

    let gone = || Error::new(ErrorKind::UnknownToken { soft_logout: false }, "gone");
    let response = zulip::Response(gone());
    assert_eq!(response.status_code(), 401);
    let answer = response.error_response();
    assert_eq!(
        answer.headers().get("www-authenticate").unwrap(),
        r#"Basic realm="zulip""#
    );
    assert_eq!(
        answer.headers().get("content-type").unwrap(),
        "application/json"
    );
    let body = answer.into_body().try_into_bytes().unwrap();
    assert_eq!(
        &body[..],
        br#"{"result":"error","msg":"gone","soft_logout":false,"code":"INVALID_API_KEY"}"#
    );

    let answer = mastodon::Response(Error::new(ErrorKind::InvalidParam, "bad")).error_response();
    assert_eq!(answer.status(), 422);
    let body = answer.into_body().try_into_bytes().unwrap();
    assert_eq!(&body[..], br#"{"error":"bad"}"#);
}

/// A JSON body of a dialect's answer.
fn json_body(response: &http::Response<Vec<u8>>) -> Value {
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "{response:?}"
    );
    serde_json::from_slice(response.body()).expect("a JSON body")
}

/// Under a dialect's scope, the 404 and 405 fallbacks and the JSON and path rejections answer
/// in that dialect, with its headers; elsewhere the Matrix ones answer.
#[test]
fn fallbacks_and_rejections_in_a_dialect() {
    let client = Client::new(server());
    let response = client.get("/zulip/api/v1/nope");
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(
        json_body(&response),
        json!({"result": "error", "msg": "Unrecognized request", "code": "BAD_REQUEST"})
    );

    let response = client.request("DELETE", "/zulip/api/v1/messages", &[], b"");
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    assert_eq!(
        json_body(&response),
        json!({"result": "error", "msg": "Method not allowed", "code": "BAD_REQUEST"})
    );
    let response = client.request("OPTIONS", "/zulip/api/v1/messages", &[], b"");
    assert_eq!(response.status(), 204);

    let response = client.post_json("/zulip/api/v1/messages", b"{");
    assert_eq!(response.status(), 400);
    let body = json_body(&response);
    assert_eq!(
        (body["result"].as_str(), body["code"].as_str()),
        (Some("error"), Some("INVALID_JSON"))
    );
    let response = client.post_json("/zulip/api/v1/messages", br#"{"content":"hi"}"#);
    assert_eq!(response.status(), 200);

    let response = client.get("/zulip/api/v1/statuses/abc");
    assert_eq!(response.status(), 400);
    assert_eq!(json_body(&response)["code"], "REQUEST_VARIABLE_INVALID");

    let response = client.get("/mastodon/api/v1/nope");
    assert_eq!(response.status(), 404);
    assert_eq!(
        json_body(&response),
        json!({"error": "Unrecognized request"})
    );
    let response = client.request("GET", "/mastodon/api/v1/messages", &[], b"");
    assert_eq!(response.status(), 405);
    assert_eq!(json_body(&response), json!({"error": "Method not allowed"}));
    let response = client.post_json("/mastodon/api/v1/messages", b"[1,");
    assert_eq!(response.status(), 400);
    let body = json_body(&response);
    assert!(
        body["error"].is_string() && body.get("errcode").is_none(),
        "{body}"
    );
    let response = client.get("/mastodon/api/v1/statuses/abc");
    assert_eq!(response.status(), 422, "M_INVALID_PARAM is a Mastodon 422");
    assert!(json_body(&response)["error"].is_string());

    // Outside the scopes, Matrix.
    let response = client.get("/no/such/path");
    assert_eq!(response.status(), 404);
    assert_eq!(wire::error_body(&response)["errcode"], "M_UNRECOGNIZED");
}
