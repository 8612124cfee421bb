//! A homeserver's whole error type, ported onto the derive: the shape of tuwunel's.
//!
//! tuwunel 1.9.0 (matrix-construct/tuwunel, commit 5b3669144219d5d4c0774743c84191b476f1b54f)
//! keeps its errors in one enum of 66 variants, `src/core/error/mod.rs`, and decides what goes
//! on the wire by hand: `kind()`, `status_code()` and `message()` in `mod.rs`, the relay rules,
//! the status table and `IntoResponse` in `response.rs`. Here the same enum derives
//! `MatrixError`: every variant says its errcode and status in attributes, and the only code
//! left is domain logic (the federation relay rules, the statuses of I/O and HTTP client
//! errors). The tests at the end check what the port sends against what tuwunel sends, each
//! fact read from tuwunel's source with its file and line.
//!
//! The errors of crates this example does not depend on (arrayvec, clap, figment, reqwest,
//! ruma's parsers, ...) are stand-ins of the same name in `deps`; std's, serde_json's,
//! axum's, http's and tokio's are the real ones. ruma's `ErrorKind` is this crate's
//! `ErrorKind` (ruma's works as a `kind` field too, with the `ruma` feature).
//!
//! Run with `cargo run --example homeserver --features axum`: it prints what each error
//! sends; `cargo test --example homeserver --features axum` checks it.

use std::any::Any;
use std::borrow::Cow;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::StatusCode;
use matrix_error::axum::Json;
use matrix_error::uiaa::UiaaInfo;
use matrix_error::{Error as MatrixErr, ErrorKind, MatrixError};

/// Stand-ins for the errors of crates this example does not build: each has the name, the
/// `Display` shape and (where tuwunel reads one) the accessor of the original.
pub mod deps {
    macro_rules! stand_ins {
        ($($(#[$doc:meta])* $name:ident = $text:literal;)*) => {$(
            $(#[$doc])*
            #[derive(Debug, Default)]
            pub struct $name;
            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str($text)
                }
            }
            impl std::error::Error for $name {}
        )*};
    }

    stand_ins! {
        /// `arrayvec::CapacityError`.
        CapacityError = "insufficient capacity";
        /// `cargo_toml::Error`.
        CargoTomlError = "manifest has no [package]";
        /// `clap::error::Error`.
        ClapError = "unexpected argument '--colour'";
        /// `nix::errno::Errno`.
        Errno = "ENOENT: No such file or directory";
        /// `figment::error::Error`.
        FigmentError = "missing field `server_name`";
        /// `serde_html_form::de::Error`.
        HtmlFormDeError = "missing field `token`";
        /// `serde_html_form::ser::Error`.
        HtmlFormSerError = "unsupported value";
        /// `ruma::JsParseIntError` (js_int).
        JsParseIntError = "invalid digit found in string";
        /// `ruma::JsTryFromIntError` (js_int).
        JsTryFromIntError = "out of range integral type conversion attempted";
        /// `object_store::Error`.
        ObjectStoreError = "object not found";
        /// `regex::Error`.
        RegexError = "unclosed group";
        /// `toml::de::Error`.
        TomlDeError = "expected `=`";
        /// `toml::ser::Error`.
        TomlSerError = "unsupported rust type";
        /// `tracing_subscriber::filter::ParseError`.
        TracingFilterError = "invalid filter directive";
        /// `tracing_subscriber::reload::Error`.
        TracingReloadError = "subscriber no longer exists";
        /// `axum_extra::typed_header::TypedHeaderRejection`.
        TypedHeaderRejection = "Header of type `authorization` was missing";
        /// `url::ParseError`.
        UrlParseError = "relative URL without a base";
        /// `serde_yaml::Error`.
        YamlError = "did not find expected key";
        /// `ruma::CanonicalJsonError`.
        CanonicalJsonError = "value is not in canonical JSON";
        /// `ruma::http_headers::ContentDispositionParseError`.
        ContentDispositionParseError = "invalid disposition type";
        /// `ruma::api::error::IntoHttpError`.
        IntoHttpError = "failed to serialize the body";
        /// `ruma::MxcUriError`.
        MxcUriError = "MXC URI does not start with `mxc://`";
        /// `ruma::IdParseError`.
        IdParseError = "leading sigil is incorrect or missing";
        /// `ruma::events::room::power_levels::PowerLevelsError`.
        PowerLevelsError = "power level out of range";
        /// `ruma::canonical_json::CanonicalJsonFieldError`.
        CanonicalJsonFieldError = "missing field `signatures`";
        /// `ruma::signatures::VerificationError`.
        VerificationError = "signature verification failed";
        /// `ruma::signatures::JsonError`.
        SignaturesJsonError = "JSON object expected";
    }

    /// `reqwest::Error`: tuwunel reads the upstream's status from it.
    #[derive(Debug, Default)]
    pub struct ReqwestError {
        pub status: Option<u16>,
    }

    impl ReqwestError {
        /// The status of the response that failed, if there was one.
        pub fn status(&self) -> Option<axum::http::StatusCode> {
            self.status
                .and_then(|status| axum::http::StatusCode::from_u16(status).ok())
        }
    }

    impl std::fmt::Display for ReqwestError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self.status {
                Some(status) => write!(f, "HTTP status server error ({status})"),
                None => f.write_str("error sending request"),
            }
        }
    }

    impl std::error::Error for ReqwestError {}
}

/// The status of an I/O error: tuwunel's table (`response.rs`, `io_error_code`), kept as the
/// domain logic it is.
pub fn io_status(error: &std::io::Error) -> StatusCode {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::InvalidInput => StatusCode::BAD_REQUEST,
        ErrorKind::PermissionDenied => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::TimedOut => StatusCode::GATEWAY_TIMEOUT,
        ErrorKind::FileTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
        ErrorKind::Interrupted => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The status of an HTTP client error: the upstream's, else 500 (tuwunel's `status_code`).
pub fn reqwest_status(error: &deps::ReqwestError) -> StatusCode {
    error.status().unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Every error of the server. Without a key of its own a variant is `M_UNKNOWN` 500, and
/// every variant sends its `Display` text, 5xx included, as tuwunel does (`expose`).
#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(errcode = "M_UNKNOWN", status = 500, expose, axum)]
pub enum Error {
    /// An arbitrary panic payload.
    #[error("PANIC!")]
    PanicAny(Mutex<Box<dyn Any + Send>>),

    /// A panic payload and its static message.
    #[error("PANIC! {0}")]
    Panic(&'static str, Mutex<Box<dyn Any + Send + 'static>>),

    // std
    #[error(transparent)]
    Fmt(#[from] std::fmt::Error),
    #[error(transparent)]
    FromUtf8(#[from] std::string::FromUtf8Error),
    /// The status is the I/O error's: not found 404, permission denied 403, ...
    #[error("I/O error: {0}")]
    Io(
        #[from]
        #[matrix(status_with = "io_status")]
        std::io::Error,
    ),
    #[error(transparent)]
    ParseFloat(#[from] std::num::ParseFloatError),
    #[error(transparent)]
    ParseInt(#[from] std::num::ParseIntError),
    #[error(transparent)]
    Std(#[from] Box<dyn std::error::Error + Send + Sync + 'static>),
    #[error(transparent)]
    SystemTime(#[from] std::time::SystemTimeError),
    #[error(transparent)]
    ThreadAccessError(#[from] std::thread::AccessError),
    #[error(transparent)]
    TryFromInt(#[from] std::num::TryFromIntError),
    #[error(transparent)]
    TryFromSlice(#[from] std::array::TryFromSliceError),
    #[error(transparent)]
    Utf8(#[from] std::str::Utf8Error),

    // third-party
    #[error(transparent)]
    CapacityError(#[from] deps::CapacityError),
    #[error(transparent)]
    CargoToml(#[from] deps::CargoTomlError),
    #[error(transparent)]
    Clap(#[from] deps::ClapError),
    #[error(transparent)]
    Errno(#[from] deps::Errno),
    #[error(transparent)]
    Extension(#[from] axum::extract::rejection::ExtensionRejection),
    #[error(transparent)]
    Figment(#[from] Box<deps::FigmentError>),
    #[error(transparent)]
    HtmlFormDe(#[from] deps::HtmlFormDeError),
    #[error(transparent)]
    HtmlFormSer(#[from] deps::HtmlFormSerError),
    #[error(transparent)]
    Http(#[from] axum::http::Error),
    #[error(transparent)]
    HttpHeader(#[from] axum::http::header::InvalidHeaderValue),
    #[error("Join error: {0}")]
    JoinError(#[from] tokio::task::JoinError),
    /// A request body that is not JSON.
    #[error(transparent)]
    #[matrix(errcode = "M_NOT_JSON")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    #[matrix(status = 400)]
    JsParseInt(#[from] deps::JsParseIntError),
    #[error(transparent)]
    #[matrix(status = 400)]
    JsTryFromInt(#[from] deps::JsTryFromIntError),
    #[error(transparent)]
    ObjectStore(#[from] deps::ObjectStoreError),
    #[error(transparent)]
    Path(#[from] axum::extract::rejection::PathRejection),
    #[error("{0}")]
    Poison(Cow<'static, str>),
    #[error("Regex error: {0}")]
    Regex(#[from] deps::RegexError),
    /// The status is the upstream's, else 500.
    #[error("Request error: {0}")]
    Reqwest(
        #[from]
        #[matrix(status_with = "reqwest_status")]
        deps::ReqwestError,
    ),
    #[error("{0}")]
    SerdeDe(Cow<'static, str>),
    #[error("{0}")]
    SerdeSer(Cow<'static, str>),
    #[error(transparent)]
    TomlDe(#[from] deps::TomlDeError),
    #[error(transparent)]
    TomlSer(#[from] deps::TomlSerError),
    #[error("Tracing filter error: {0}")]
    TracingFilter(#[from] deps::TracingFilterError),
    #[error("Tracing reload error: {0}")]
    TracingReload(#[from] deps::TracingReloadError),
    #[error(transparent)]
    TypedHeader(#[from] deps::TypedHeaderRejection),
    #[error(transparent)]
    UrlParse(#[from] deps::UrlParseError),
    #[error(transparent)]
    Yaml(#[from] deps::YamlError),

    // ruma/tuwunel
    #[error("Arithmetic operation failed: {0}")]
    Arithmetic(Cow<'static, str>),
    /// State resolution's `auth_check` rejected the event.
    #[error("Auth check failed: {0}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    AuthCheck(Box<Self>),
    /// A kind and a static text: the kind's errcode, keys and status.
    #[error("{errcode}: {1}", errcode = .0.errcode())]
    BadRequest(#[matrix(kind)] ErrorKind, &'static str),
    #[error("{0}")]
    BadServerResponse(Cow<'static, str>),
    #[error(transparent)]
    #[matrix(errcode = "M_NOT_JSON")]
    CanonicalJson(#[from] deps::CanonicalJsonError),
    #[error("There was a problem with the '{0}' directive in your configuration: {1}")]
    Config(&'static str, Cow<'static, str>),
    /// A room alias that exists already.
    #[error("{0}")]
    #[matrix(status = 409)]
    Conflict(Cow<'static, str>),
    #[error(transparent)]
    ContentDisposition(#[from] deps::ContentDispositionParseError),
    #[error("{0}")]
    Database(Cow<'static, str>),
    /// tuwunel's own code, which the spec does not list.
    #[error("Feature '{0}' is not available on this server.")]
    #[matrix(errcode = "M_FEATURE_DISABLED", allow_unlisted, status = 404)]
    FeatureDisabled(Cow<'static, str>),
    /// A remote server's error, relayed or withheld by the relay rules (`Remote::new`).
    #[error("{0}")]
    Federation(#[matrix(kind, from)] Remote),
    /// A status and a JSON value chosen by the caller.
    #[error("{0}: {1:#?}")]
    HttpJson(#[matrix(status)] StatusCode, Json<serde_json::Value>),
    #[error("{0} in {1}")]
    InconsistentRoomState(&'static str, String),
    #[error(transparent)]
    IntoHttp(#[from] deps::IntoHttpError),
    #[error("{0}")]
    Ldap(Cow<'static, str>),
    #[error(transparent)]
    Mxc(#[from] deps::MxcUriError),
    #[error(transparent)]
    Mxid(#[from] deps::IdParseError),
    #[error(transparent)]
    PowerLevels(#[from] deps::PowerLevelsError),
    #[error("from {0}: {1}")]
    Redaction(String, deps::CanonicalJsonFieldError),
    /// The catch-all of `Err!(Request(Kind("...")))`: the kind's errcode, keys and status.
    #[error("{errcode}: {1}", errcode = .0.errcode())]
    Request(#[matrix(kind)] ErrorKind, Cow<'static, str>),
    /// ... with a status of the caller's.
    #[error("{errcode}: {1}", errcode = .0.errcode())]
    RequestStatus(
        #[matrix(kind)] ErrorKind,
        Cow<'static, str>,
        #[matrix(status)] StatusCode,
    ),
    /// Any Matrix error, as it is (ruma's error converts into it with the `ruma` feature).
    #[error(transparent)]
    #[matrix(transparent)]
    Ruma(#[from] MatrixErr),
    #[error(transparent)]
    Signatures(#[from] deps::VerificationError),
    #[error(transparent)]
    SignaturesJson(#[from] deps::SignaturesJsonError),
    /// User-interactive authentication: 401, the auth state as the body.
    #[error("uiaa")]
    #[matrix(transparent)]
    Uiaa(UiaaInfo),

    // unique / untyped
    #[error("{0}")]
    Err(Cow<'static, str>),
}

/// What a remote server answered, and what of it a local client sees: tuwunel's relay rules
/// (`response.rs`, `is_relayable` and `From<Error> for UiaaResponse`), the domain logic of the
/// port. A remote answers only for the resource it was asked about, so a kind about the
/// caller's session or this server's state is withheld; a remote's 401 is sent as 400, which a
/// client does not read as its own session failing.
#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(expose)]
pub enum Remote {
    /// Relayed: the remote's errcode and keys, its status (never 401).
    #[error("Answer from {origin}: [{} / {}] {}", remote.status(), remote.errcode(), remote.message())]
    Relayed {
        origin: String,
        #[matrix(kind)]
        remote: MatrixErr,
        #[matrix(status)]
        status: u16,
    },
    /// Withheld: the remote is named, its answer is not.
    #[error("Request to {origin} failed.")]
    #[matrix(errcode = "M_UNKNOWN", status = 502)]
    Withheld { origin: String, remote: MatrixErr },
}

impl Remote {
    /// The relay rules.
    pub fn new(origin: impl Into<String>, remote: MatrixErr) -> Remote {
        let origin = origin.into();
        let relayable = matches!(
            remote.kind(),
            ErrorKind::Forbidden
                | ErrorKind::NotFound
                | ErrorKind::UnsupportedRoomVersion
                | ErrorKind::IncompatibleRoomVersion { .. }
                | ErrorKind::InviteBlocked
                | ErrorKind::UnableToAuthoriseJoin
                | ErrorKind::UnableToGrantJoin
        );
        if !relayable {
            return Remote::Withheld { origin, remote };
        }
        let status = match remote.status() {
            401 => 400,
            status => status,
        };
        Remote::Relayed {
            origin,
            remote,
            status,
        }
    }
}

/// A few errors of each shape, with what each sends.
fn main() {
    let samples: Vec<Error> = vec![
        Error::Request(
            ErrorKind::Forbidden,
            "You are not allowed to do that.".into(),
        ),
        Error::Request(ErrorKind::UserSuspended, "Account is suspended.".into()),
        Error::Request(
            ErrorKind::LimitExceeded {
                retry_after: Some(Duration::from_secs(2).into()),
            },
            "Too many requests.".into(),
        ),
        Error::from(std::io::Error::from(std::io::ErrorKind::NotFound)),
        Error::Database("Database error occurred.".into()),
        Error::FeatureDisabled("registration".into()),
        Error::Federation(Remote::new(
            "remote.example",
            MatrixErr::new(ErrorKind::Forbidden, "not allowed"),
        )),
    ];
    for error in samples {
        let response = matrix_error::http::response(&error);
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|value| format!("  (Retry-After: {})", value.to_str().unwrap_or("?")))
            .unwrap_or_default();
        println!(
            "{} {:<20} {}{retry_after}",
            response.status().as_u16(),
            error.errcode(),
            String::from_utf8_lossy(response.body()),
        );
    }
}

#[cfg(test)]
mod tests {
    //! What tuwunel 1.9.0 sends, read from its source (matrix-construct/tuwunel at
    //! 5b3669144219d5d4c0774743c84191b476f1b54f, `src/core/error/`), against what the port
    //! sends through axum. The body's text of a kind comes from the `Display` of tuwunel's
    //! ruma fork's `ErrorKind`, its errcode (matrix-construct/ruma, branch `tuwunel-changes`
    //! at d73ecb39b62864fc58d2dea09ce9d5a8517a79de, `crates/ruma-client-api/src/error.rs:497-501`;
    //! tuwunel pins a later commit of the same fork, b2ea02a, which the snapshot lacks).
    //!
    //! Where the port sends something else, the row says what tuwunel sends and why the port
    //! differs (the spec says so).

    use axum::response::IntoResponse;
    use serde_json::{Value, json};

    use super::*;

    /// What a response carries: status, body, `Retry-After`.
    #[derive(Debug, PartialEq)]
    struct Sent {
        status: u16,
        body: Value,
        retry_after: Option<String>,
    }

    fn sent(error: Error) -> Sent {
        let response = error.into_response();
        let status = response.status().as_u16();
        let retry_after =
            (response.headers().get("retry-after")).map(|value| value.to_str().unwrap().to_owned());
        let bytes = block_on(axum::body::to_bytes(response.into_body(), usize::MAX)).unwrap();
        Sent {
            status,
            body: serde_json::from_slice(&bytes).unwrap(),
            retry_after,
        }
    }

    /// Polls a future that is ready at once (an in-memory body).
    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let waker = std::task::Waker::noop();
        match future
            .as_mut()
            .poll(&mut std::task::Context::from_waker(waker))
        {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("an in-memory body is ready at once"),
        }
    }

    fn expect(status: u16, body: Value) -> Sent {
        Sent {
            status,
            body,
            retry_after: None,
        }
    }

    /// One variant: what tuwunel sends, and where its source says so.
    struct Fact {
        variant: &'static str,
        /// `file:line` of tuwunel's `src/core/error/` (and its macros' call sites).
        source: &'static str,
        error: Error,
        tuwunel: Sent,
        /// What the port sends where the spec says otherwise, and why.
        port: Option<(Sent, &'static str)>,
    }

    fn facts() -> Vec<Fact> {
        let remote = |kind: ErrorKind, status: u16| {
            MatrixErr::new(kind, "your session was revoked").with_status(status)
        };
        vec![
            Fact {
                variant: "Io (NotFound)",
                source: "mod.rs:65 (Display), mod.rs:595 (status), response.rs:153 (NotFound 404), mod.rs:572 (kind Unknown)",
                error: Error::from(std::io::Error::from(std::io::ErrorKind::NotFound)),
                tuwunel: expect(
                    404,
                    json!({"errcode": "M_UNKNOWN", "error": "I/O error: entity not found"}),
                ),
                port: None,
            },
            Fact {
                variant: "Io (PermissionDenied)",
                source: "mod.rs:595, response.rs:152 (PermissionDenied 403)",
                error: Error::from(std::io::Error::from(std::io::ErrorKind::PermissionDenied)),
                tuwunel: expect(
                    403,
                    json!({"errcode": "M_UNKNOWN", "error": "I/O error: permission denied"}),
                ),
                port: None,
            },
            Fact {
                variant: "Io (TimedOut)",
                source: "mod.rs:595, response.rs:154 (TimedOut 504)",
                error: Error::from(std::io::Error::from(std::io::ErrorKind::TimedOut)),
                tuwunel: expect(
                    504,
                    json!({"errcode": "M_UNKNOWN", "error": "I/O error: timed out"}),
                ),
                port: None,
            },
            Fact {
                variant: "Json",
                source: "mod.rs:207 (transparent), mod.rs:567 (kind NotJson), mod.rs:589-592 and response.rs:130-131 (400)",
                error: Error::from(serde_json::from_str::<Value>("{").unwrap_err()),
                tuwunel: expect(
                    400,
                    json!({"errcode": "M_NOT_JSON", "error": "EOF while parsing an object at line 1 column 1"}),
                ),
                port: None,
            },
            Fact {
                variant: "Database",
                source: "mod.rs:385 (Display), mod.rs:572 (Unknown), mod.rs:600 (500), response.rs:51 (message(), never sanitized_message())",
                error: Error::Database("connection to db01 refused".into()),
                tuwunel: expect(
                    500,
                    json!({"errcode": "M_UNKNOWN", "error": "connection to db01 refused"}),
                ),
                port: None,
            },
            Fact {
                variant: "Config",
                source: "mod.rs:364 (Display), mod.rs:572, mod.rs:600",
                error: Error::Config("server_name", "it must be a domain".into()),
                tuwunel: expect(
                    500,
                    json!({"errcode": "M_UNKNOWN", "error": "There was a problem with the 'server_name' directive in your configuration: it must be a domain"}),
                ),
                port: None,
            },
            Fact {
                variant: "Request (Forbidden)",
                source: "err.rs:72-78 (Err!(Request(Forbidden(..))) gives the hint 400), mod.rs:463 (\"{0}: {1}\"), mod.rs:594 and response.rs:87-93 (hint 400: the table), response.rs:124 (Forbidden 403)",
                error: Error::Request(
                    ErrorKind::Forbidden,
                    "You are not allowed to do that.".into(),
                ),
                tuwunel: expect(
                    403,
                    json!({"errcode": "M_FORBIDDEN", "error": "M_FORBIDDEN: You are not allowed to do that."}),
                ),
                port: None,
            },
            Fact {
                variant: "Request (NotFound)",
                source: "err.rs:89-94, response.rs:115 (NotFound 404)",
                error: Error::Request(ErrorKind::NotFound, "Room not found.".into()),
                tuwunel: expect(
                    404,
                    json!({"errcode": "M_NOT_FOUND", "error": "M_NOT_FOUND: Room not found."}),
                ),
                port: None,
            },
            Fact {
                variant: "Request (LimitExceeded)",
                source: "response.rs:106 (429); the fork's kind_serde.rs:287-291 (retry_after_ms) and error.rs:1011-1013, 1157-1165 (Retry-After: whole seconds)",
                error: Error::Request(
                    ErrorKind::LimitExceeded {
                        retry_after: Some(Duration::from_secs(2).into()),
                    },
                    "Too many requests.".into(),
                ),
                tuwunel: Sent {
                    status: 429,
                    body: json!({"errcode": "M_LIMIT_EXCEEDED", "error": "M_LIMIT_EXCEEDED: Too many requests.", "retry_after_ms": 2000}),
                    retry_after: Some("2".to_owned()),
                },
                port: None,
            },
            Fact {
                variant: "Request (UserSuspended)",
                source: "api/client/send.rs:96 and five more sites (Err!(Request(UserSuspended(..)))), err.rs:89-94 (hint 400), response.rs:130-131 (not in the table: 400)",
                error: Error::Request(ErrorKind::UserSuspended, "Account is suspended.".into()),
                tuwunel: expect(
                    400,
                    json!({"errcode": "M_USER_SUSPENDED", "error": "M_USER_SUSPENDED: Account is suspended."}),
                ),
                port: Some((
                    expect(
                        403,
                        json!({"errcode": "M_USER_SUSPENDED", "error": "M_USER_SUSPENDED: Account is suspended."}),
                    ),
                    "the spec fixes 403 for M_USER_SUSPENDED (codes.tsv), which the kind gives",
                )),
            },
            Fact {
                variant: "RequestStatus (UnknownToken, 401)",
                source: "tests.rs:30-31 (Error::Request(unknown_token(), \"\", UNAUTHORIZED)), response.rs:87-93 (a hint other than 400 is the status); the fork's kind_serde.rs:284-286 (soft_logout only when true)",
                error: Error::RequestStatus(
                    ErrorKind::UnknownToken { soft_logout: false },
                    "".into(),
                    StatusCode::UNAUTHORIZED,
                ),
                tuwunel: expect(
                    401,
                    json!({"errcode": "M_UNKNOWN_TOKEN", "error": "M_UNKNOWN_TOKEN: "}),
                ),
                port: Some((
                    expect(
                        401,
                        json!({"errcode": "M_UNKNOWN_TOKEN", "error": "M_UNKNOWN_TOKEN: ", "soft_logout": false}),
                    ),
                    "ErrorKind always writes soft_logout; the spec's default for an absent key is false, so both mean the same",
                )),
            },
            Fact {
                variant: "BadRequest (UserLocked)",
                source: "mod.rs:343 (\"{0}: {1}\"), mod.rs:593, response.rs:127 (UserLocked 401), the fork's kind_serde.rs:284-286 (soft_logout: true)",
                error: Error::BadRequest(ErrorKind::UserLocked, "This account has been locked."),
                tuwunel: expect(
                    401,
                    json!({"errcode": "M_USER_LOCKED", "error": "M_USER_LOCKED: This account has been locked.", "soft_logout": true}),
                ),
                port: None,
            },
            Fact {
                variant: "BadRequest (InvalidParam)",
                source: "mod.rs:593, response.rs:130-131 (400)",
                error: Error::BadRequest(ErrorKind::InvalidParam, "Invalid limit."),
                tuwunel: expect(
                    400,
                    json!({"errcode": "M_INVALID_PARAM", "error": "M_INVALID_PARAM: Invalid limit."}),
                ),
                port: None,
            },
            Fact {
                variant: "Conflict",
                source: "mod.rs:371 (Display), mod.rs:586 (409), mod.rs:572 (Unknown)",
                error: Error::Conflict("Alias already exists.".into()),
                tuwunel: expect(
                    409,
                    json!({"errcode": "M_UNKNOWN", "error": "Alias already exists."}),
                ),
                port: None,
            },
            Fact {
                variant: "FeatureDisabled",
                source: "mod.rs:392 (Display), mod.rs:566 (kind FeatureDisabled: M_FEATURE_DISABLED in the fork), mod.rs:588-592 and response.rs:115 (404)",
                error: Error::FeatureDisabled("registration".into()),
                tuwunel: expect(
                    404,
                    json!({"errcode": "M_FEATURE_DISABLED", "error": "Feature 'registration' is not available on this server."}),
                ),
                port: None,
            },
            Fact {
                variant: "AuthCheck",
                source: "mod.rs:336 (Display), mod.rs:568 (forbidden), mod.rs:585 (403)",
                error: Error::AuthCheck(Box::new(Error::Err("missing power level".into()))),
                tuwunel: expect(
                    403,
                    json!({"errcode": "M_FORBIDDEN", "error": "Auth check failed: missing power level"}),
                ),
                port: None,
            },
            Fact {
                variant: "JsParseInt",
                source: "mod.rs:215 (transparent), mod.rs:572 (Unknown), mod.rs:591-592 and response.rs:130-131 (400)",
                error: Error::from(deps::JsParseIntError),
                tuwunel: expect(
                    400,
                    json!({"errcode": "M_UNKNOWN", "error": "invalid digit found in string"}),
                ),
                port: None,
            },
            Fact {
                variant: "Reqwest (upstream 502)",
                source: "mod.rs:256 (Display), mod.rs:597-599 (the upstream's status)",
                error: Error::from(deps::ReqwestError { status: Some(502) }),
                tuwunel: expect(
                    502,
                    json!({"errcode": "M_UNKNOWN", "error": "Request error: HTTP status server error (502)"}),
                ),
                port: None,
            },
            Fact {
                variant: "Reqwest (no response)",
                source: "mod.rs:597-599 (500 without a status)",
                error: Error::from(deps::ReqwestError { status: None }),
                tuwunel: expect(
                    500,
                    json!({"errcode": "M_UNKNOWN", "error": "Request error: error sending request"}),
                ),
                port: None,
            },
            Fact {
                variant: "HttpJson",
                source: "mod.rs:407 (Display \"{0}: {1:#?}\"), mod.rs:596 (its status)",
                error: Error::HttpJson(StatusCode::NOT_ACCEPTABLE, Json(json!(null))),
                tuwunel: expect(
                    406,
                    json!({"errcode": "M_UNKNOWN", "error": "406 Not Acceptable: Json(\n    Null,\n)"}),
                ),
                port: None,
            },
            Fact {
                variant: "Panic",
                source: "mod.rs:43 (Display), mod.rs:572, mod.rs:600",
                error: Error::Panic("index out of bounds", Mutex::new(Box::new(()))),
                tuwunel: expect(
                    500,
                    json!({"errcode": "M_UNKNOWN", "error": "PANIC! index out of bounds"}),
                ),
                port: None,
            },
            Fact {
                variant: "Err",
                source: "mod.rs:499 (Display), mod.rs:572, mod.rs:600",
                error: Error::Err("something went wrong".into()),
                tuwunel: expect(
                    500,
                    json!({"errcode": "M_UNKNOWN", "error": "something went wrong"}),
                ),
                port: None,
            },
            Fact {
                variant: "Federation (relayed)",
                source: "response.rs:48-51, mod.rs:548 (\"Answer from {origin}: {error}\"), the fork's error.rs:971-983 (\"[{status} / {errcode}] {message}\"), response.rs:63-72 (relayable)",
                error: Error::Federation(Remote::new(
                    "remote.example",
                    remote(ErrorKind::Forbidden, 403),
                )),
                tuwunel: expect(
                    403,
                    json!({"errcode": "M_FORBIDDEN", "error": "Answer from remote.example: [403 / M_FORBIDDEN] your session was revoked"}),
                ),
                port: None,
            },
            Fact {
                variant: "Federation (a remote's 401)",
                source: "response.rs:44-46 (a relayed 401 is sent as 400); tests.rs:101-107",
                error: Error::Federation(Remote::new(
                    "remote.example",
                    remote(ErrorKind::Forbidden, 401),
                )),
                tuwunel: expect(
                    400,
                    json!({"errcode": "M_FORBIDDEN", "error": "Answer from remote.example: [401 / M_FORBIDDEN] your session was revoked"}),
                ),
                port: None,
            },
            Fact {
                variant: "Federation (withheld)",
                source: "response.rs:41-42, 75-79 (502 M_UNKNOWN \"Request to {origin} failed.\"); tests.rs:19-25",
                error: Error::Federation(Remote::new(
                    "remote.example",
                    remote(ErrorKind::UnknownToken { soft_logout: false }, 401),
                )),
                tuwunel: expect(
                    502,
                    json!({"errcode": "M_UNKNOWN", "error": "Request to remote.example failed."}),
                ),
                port: None,
            },
            Fact {
                variant: "Uiaa",
                source: "response.rs:36-37 (UiaaResponse::AuthResponse: 401, the auth state as the body)",
                error: Error::Uiaa(UiaaInfo {
                    flows: vec![matrix_error::uiaa::AuthFlow {
                        stages: vec!["m.login.password".into()],
                    }],
                    session: Some("xyz".into()),
                    ..UiaaInfo::default()
                }),
                tuwunel: expect(
                    401,
                    json!({"flows": [{"stages": ["m.login.password"]}], "params": {}, "session": "xyz"}),
                ),
                port: None,
            },
        ]
    }

    #[test]
    fn the_port_sends_what_tuwunel_sends_or_what_the_spec_says() {
        let facts = facts();
        let mut variants: Vec<&str> = facts
            .iter()
            .map(|fact| fact.variant.split(' ').next().unwrap())
            .collect();
        variants.sort_unstable();
        variants.dedup();
        assert!(variants.len() >= 15, "{} variants checked", variants.len());
        let mut failures = Vec::new();
        for fact in facts {
            let expected = match &fact.port {
                Some((port, _why)) => port,
                None => &fact.tuwunel,
            };
            let got = sent(fact.error);
            if got != *expected {
                failures.push(format!(
                    "{} ({}):\n  expected {expected:?}\n  got      {got:?}",
                    fact.variant, fact.source
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The differences are the spec's, each a status or key of the table, never a code.
    #[test]
    fn every_difference_keeps_the_errcode() {
        for fact in facts() {
            if let Some((port, why)) = &fact.port {
                assert_eq!(
                    port.body["errcode"], fact.tuwunel.body["errcode"],
                    "{}: {why}",
                    fact.variant
                );
            }
        }
    }

    /// tuwunel's table sends 400 for every kind it does not list (`response.rs:130-131`);
    /// where the spec fixes another status, the port sends the spec's.
    #[test]
    fn the_statuses_a_hand_written_table_got_wrong() {
        let cases = [
            // tuwunel sends it (api/client/send.rs:96, redact.rs:34, state.rs:286, ...).
            (ErrorKind::UserSuspended, 403),
            // Not in tuwunel's fork's `ErrorKind`: it would send them as 400.
            (ErrorKind::TermsNotSigned, 403),
            (ErrorKind::NoValidSession, 404),
        ];
        for (kind, spec) in cases {
            let error = Error::Request(kind, "".into());
            assert_eq!(error.status(), spec, "{}", error.errcode());
        }
    }

    /// Retry-After in whole seconds: tuwunel's ruma truncates a delay (`as_secs()`, the
    /// fork's error.rs:1162); the port rounds it up, so that a client never retries early.
    #[test]
    fn a_delay_of_a_fraction_of_a_second_is_rounded_up() {
        let error = Error::Request(
            ErrorKind::LimitExceeded {
                retry_after: Some(Duration::from_millis(2500).into()),
            },
            "slow down".into(),
        );
        assert_eq!(
            sent(error).retry_after.as_deref(),
            Some("3"),
            "tuwunel sends 2"
        );
    }

    /// Every variant of the enum, as the listing has it: tuwunel's 66, with `Request` in two.
    #[test]
    fn the_port_has_every_variant() {
        assert_eq!(Error::ERRORS.len(), 67);
        let from_a_function = ["Io", "Reqwest", "Federation"];
        for info in Error::ERRORS {
            let runtime = info.status.is_none() || info.errcode.is_none();
            let expected = from_a_function.contains(&info.variant)
                || [
                    "BadRequest",
                    "Request",
                    "RequestStatus",
                    "HttpJson",
                    "Ruma",
                    "Uiaa",
                ]
                .contains(&info.variant);
            assert_eq!(runtime, expected, "{}", info.variant);
        }
    }
}
