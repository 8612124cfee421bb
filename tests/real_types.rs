//! What a real server's error type needs beyond fixed codes (issue 15): a `kind` field that
//! gives the errcode at run time, a status computed from a field, `expose` for the whole
//! type, codes as deployed (`verbatim`), dotted constant keys, and `retry_after_ms` read on
//! any code.

use std::borrow::Cow;
use std::time::Duration;

use matrix_error::listing::{KeyKind, MessageInfo};
use matrix_error::{Body, Error, ErrorKind, MatrixError, RetryAfter};
use serde_json::{Value, json};

fn body<E: MatrixError>(error: &E) -> Value {
    serde_json::to_value(Body(error)).expect("the body serializes")
}

/// The status of an I/O error, as a server maps it.
fn io_status(error: &std::io::Error) -> u16 {
    match error.kind() {
        std::io::ErrorKind::NotFound => 404,
        std::io::ErrorKind::PermissionDenied => 403,
        _ => 500,
    }
}

/// A status as `http` has it.
fn upstream_status(error: &Upstream) -> http::StatusCode {
    http::StatusCode::from_u16(error.0).unwrap_or(http::StatusCode::BAD_GATEWAY)
}

/// A library's error whose status is its own.
#[derive(Debug, thiserror::Error)]
#[error("upstream answered {0}")]
struct Upstream(u16);

/// A derived kind of a library: a `MatrixError` that is no `ErrorKind`.
#[derive(Debug, Clone, thiserror::Error, matrix_error::MatrixError)]
#[matrix(namespace = "com.example.bridge")]
enum BridgeKind {
    #[error("remote down")]
    #[matrix(errcode = "REMOTE_DOWN", status = 502)]
    RemoteDown {
        #[matrix(field)]
        network: String,
    },
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Slow {
        #[matrix(retry_after)]
        wait: Duration,
    },
}

#[derive(Debug, thiserror::Error, matrix_error::MatrixError)]
#[matrix(errcode = "M_UNKNOWN", status = 500)] // never applies to a `kind` variant
enum ServerError {
    /// The catch-all: the kind's errcode, keys and status.
    #[error("{1}")]
    Request(#[matrix(kind)] ErrorKind, Cow<'static, str>),

    /// The kind with a status of the variant's own.
    #[error("{1}")]
    RequestWithStatus(
        #[matrix(kind)] ErrorKind,
        Cow<'static, str>,
        #[matrix(status)] http::StatusCode,
    ),

    /// A status fixed on the variant beats the kind's.
    #[error("teapot {0}")]
    #[matrix(status = 418)]
    Teapot(#[matrix(kind)] ErrorKind),

    /// The variant's own keys win over the kind's of the same name.
    #[error("limited")]
    #[matrix(extra(retry_after_ms = 1))]
    Limited {
        #[matrix(kind)]
        kind: ErrorKind,
        #[matrix(field)]
        soft_logout: Option<bool>,
    },

    /// A derived kind of another crate.
    #[error("bridge: {0}")]
    Bridge(#[matrix(kind, from)] BridgeKind),

    /// The status computed from the field, beside thiserror's `#[from]`.
    #[error("I/O error: {0}")]
    Io(
        #[from]
        #[matrix(status_with = "io_status")]
        std::io::Error,
    ),

    /// ... and beside the derive's `from`, with a function that returns `http::StatusCode`.
    #[error("upstream: {0}")]
    #[matrix(errcode = "M_UNKNOWN", expose)]
    Upstream(#[matrix(from, status_with = "upstream_status")] Upstream),
}

#[test]
fn a_kind_gives_the_errcode_the_keys_and_the_status() {
    let error = ServerError::Request(ErrorKind::Forbidden, "no entry".into());
    assert_eq!(
        (error.errcode(), error.status(), &*error.message()),
        ("M_FORBIDDEN", 403, "no entry")
    );
    assert_eq!(
        body(&error),
        json!({"errcode": "M_FORBIDDEN", "error": "no entry"})
    );

    let token = ServerError::Request(ErrorKind::UnknownToken { soft_logout: true }, "".into());
    assert_eq!((token.errcode(), token.status()), ("M_UNKNOWN_TOKEN", 401));
    assert_eq!(
        body(&token),
        json!({"errcode": "M_UNKNOWN_TOKEN", "error": "", "soft_logout": true})
    );

    let wait = Some(RetryAfter::Delay(Duration::from_millis(2500)));
    let limited = ServerError::Request(
        ErrorKind::LimitExceeded { retry_after: wait },
        "slow down".into(),
    );
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.retry_after(), wait);
    assert_eq!(
        body(&limited),
        json!({"errcode": "M_LIMIT_EXCEEDED", "error": "slow down", "retry_after_ms": 2500})
    );

    // An unknown code in a `Custom` kind: its keys come along.
    let custom = ErrorKind::Custom {
        errcode: "COM.EXAMPLE_QUOTA".to_owned(),
        extra: json!({"limit": 3}).as_object().unwrap().clone(),
    };
    let error = ServerError::Request(custom, "quota".into());
    assert_eq!(
        (error.errcode(), error.status()),
        ("COM.EXAMPLE_QUOTA", 500)
    );
    assert_eq!(
        body(&error),
        json!({"errcode": "COM.EXAMPLE_QUOTA", "error": "Internal server error", "limit": 3})
    );
}

#[test]
fn the_status_of_a_kind_variant_comes_from_the_variant_then_a_field_then_the_kind() {
    let own = ServerError::Teapot(ErrorKind::Forbidden);
    assert_eq!((own.errcode(), own.status()), ("M_FORBIDDEN", 418));

    let field =
        ServerError::RequestWithStatus(ErrorKind::NotFound, "gone".into(), http::StatusCode::GONE);
    assert_eq!((field.errcode(), field.status()), ("M_NOT_FOUND", 410));

    // The kind's own: `M_USER_SUSPENDED` is 403 in the spec (the container's 500 and its
    // `M_UNKNOWN` never apply).
    let kind = ServerError::Request(ErrorKind::UserSuspended, "suspended".into());
    assert_eq!((kind.errcode(), kind.status()), ("M_USER_SUSPENDED", 403));
}

#[test]
fn a_5xx_known_only_at_run_time_is_redacted() {
    let error = ServerError::Request(ErrorKind::Unknown, "db01 is down".into());
    assert_eq!(error.status(), 500);
    assert_eq!(error.message(), "Internal server error");
    assert_eq!(
        body(&error),
        json!({"errcode": "M_UNKNOWN", "error": "Internal server error"})
    );
    let error = ServerError::RequestWithStatus(
        ErrorKind::Unknown,
        "bad param".into(),
        http::StatusCode::BAD_REQUEST,
    );
    assert_eq!(error.message(), "bad param");
}

#[test]
fn the_variants_keys_win_over_the_kinds_and_no_key_is_sent_twice() {
    let error = ServerError::Limited {
        kind: ErrorKind::LimitExceeded {
            retry_after: Some(RetryAfter::Delay(Duration::from_secs(9))),
        },
        soft_logout: None,
    };
    let bytes = serde_json::to_string(&Body(&error)).unwrap();
    assert_eq!(
        bytes, r#"{"errcode":"M_LIMIT_EXCEEDED","error":"limited","retry_after_ms":1}"#,
        "the variant's constant wins, the kind's `retry_after_ms` is left out"
    );
    let error = ServerError::Limited {
        kind: ErrorKind::UnknownToken { soft_logout: true },
        soft_logout: Some(false),
    };
    assert_eq!(
        serde_json::to_string(&Body(&error)).unwrap(),
        r#"{"errcode":"M_UNKNOWN_TOKEN","error":"limited","soft_logout":false,"retry_after_ms":1}"#
    );
    // The variant's field is `None`: it is left out, and the kind's key is not written either
    // (the key is the variant's).
    let error = ServerError::Limited {
        kind: ErrorKind::UnknownToken { soft_logout: true },
        soft_logout: None,
    };
    assert_eq!(
        body(&error),
        json!({"errcode": "M_UNKNOWN_TOKEN", "error": "limited", "retry_after_ms": 1})
    );
    assert_eq!(
        error.error_dict(),
        body(&error).as_object().unwrap().clone()
    );
}

#[test]
fn a_derived_enum_is_a_kind_too() {
    let error = ServerError::from(BridgeKind::RemoteDown {
        network: "irc".into(),
    });
    assert_eq!(
        (error.errcode(), error.status()),
        ("COM.EXAMPLE.BRIDGE_REMOTE_DOWN", 502)
    );
    assert_eq!(
        body(&error),
        json!({"errcode": "COM.EXAMPLE.BRIDGE_REMOTE_DOWN", "error": "Internal server error", "network": "irc"})
    );
    let slow = ServerError::Bridge(BridgeKind::Slow {
        wait: Duration::from_secs(2),
    });
    assert_eq!(
        slow.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(2)))
    );
    assert_eq!(slow.status(), 429);

    // Into the owned error: the kind decoded, the keys kept.
    let owned = Error::from(slow);
    assert_eq!(
        owned.kind(),
        &ErrorKind::LimitExceeded {
            retry_after: Some(RetryAfter::Delay(Duration::from_secs(2)))
        }
    );
    assert_eq!(owned.message(), "bridge: slow down");
}

#[test]
fn status_with_computes_the_status_beside_from() {
    let not_found = ServerError::from(std::io::Error::from(std::io::ErrorKind::NotFound));
    assert_eq!(
        (not_found.errcode(), not_found.status()),
        ("M_UNKNOWN", 404)
    );
    assert_eq!(not_found.message(), "I/O error: entity not found");
    let denied = ServerError::from(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
    assert_eq!(denied.status(), 403);
    let other = ServerError::from(std::io::Error::other("disk on fire"));
    assert_eq!(other.status(), 500);
    assert_eq!(other.message(), "Internal server error");

    let upstream = ServerError::from(Upstream(503));
    assert_eq!(upstream.status(), 503);
    assert_eq!(
        upstream.message(),
        "upstream: upstream answered 503",
        "exposed"
    );
}

#[test]
fn the_listing_says_where_a_kind_variants_errcode_and_status_come_from() {
    let request = &ServerError::ERRORS[0];
    assert_eq!((request.errcode, request.status), (None, None));
    assert_eq!(request.message, MessageInfo::DisplayUnless5xx);
    assert_eq!(request.keys.len(), 1);
    assert_eq!(
        (
            request.keys[0].name,
            request.keys[0].rust_type,
            request.keys[0].kind
        ),
        ("0", "ErrorKind", KeyKind::Kind)
    );
    let teapot = &ServerError::ERRORS[2];
    assert_eq!((teapot.errcode, teapot.status), (None, Some(418)));
    let io = &ServerError::ERRORS[5];
    assert_eq!((io.errcode, io.status), (Some("M_UNKNOWN"), None));

    let markdown = matrix_error::listing::markdown(&ServerError::ERRORS[..1]);
    assert!(
        markdown.contains("| `Request` | set at run time | set at run time | Display text; `Internal server error` for 5xx | `0`: `ErrorKind` (the kind's keys) |"),
        "{markdown}"
    );
    let json: Value =
        serde_json::from_str(&matrix_error::listing::json(ServerError::ERRORS)).unwrap();
    assert_eq!(
        json["errors"][0]["keys"][0],
        json!({"name": "0", "type": "ErrorKind", "kind": "kind", "value": null})
    );
}

/// `expose` on the container: every variant sends its Display text, 5xx included; a
/// variant's `message` still wins.
#[derive(Debug, thiserror::Error, matrix_error::MatrixError)]
#[matrix(expose)]
enum Exposed {
    #[error("database: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Database(String),
    #[error("not here")]
    #[matrix(errcode = "M_NOT_FOUND")] // a 4xx variant under container `expose`: no error
    Missing,
    #[error("the words of a panic")]
    #[matrix(errcode = "M_UNKNOWN", status = 500, message = "PANIC!")]
    Panic,
    #[error("{1}")]
    Request(#[matrix(kind)] ErrorKind, String),
}

#[test]
fn container_expose_sends_the_display_text_of_every_variant() {
    let error = Exposed::Database("db01 refused".into());
    assert_eq!(
        body(&error),
        json!({"errcode": "M_UNKNOWN", "error": "database: db01 refused"})
    );
    assert_eq!(Exposed::Missing.message(), "not here");
    assert_eq!(Exposed::Panic.message(), "PANIC!");
    let error = Exposed::Request(ErrorKind::Unknown, "internal detail".into());
    assert_eq!(error.status(), 500);
    assert_eq!(error.message(), "internal detail");
    assert_eq!(Exposed::ERRORS[0].message, MessageInfo::Display);
}

/// Codes deployed before the spec's naming rule, each as its project sends it.
#[derive(Debug, thiserror::Error, matrix_error::MatrixError)]
#[matrix(verbatim)]
enum Deployed {
    // Synapse, rust/src/msc4388_rendezvous/mod.rs:345 (element-hq/synapse
    // a58ad44eb0ce3cc14153f921206f322e17339dc5), 409.
    #[error("concurrent write")]
    #[matrix(errcode = "IO_ELEMENT_MSC4388_CONCURRENT_WRITE", status = 409)]
    ConcurrentWrite,
    // matrix-org/matrix-appservice-irc, src/provisioning (`IrcErrCode` and
    // `ErrCodeToStatusCode`).
    #[error("x")]
    #[matrix(errcode = "IRC_UNKNOWN_NETWORK", status = 404)]
    IrcUnknownNetwork,
    #[error("x")]
    #[matrix(errcode = "IRC_UNKNOWN_CHANNEL", status = 404)]
    IrcUnknownChannel,
    #[error("x")]
    #[matrix(errcode = "IRC_UNKNOWN_ROOM", status = 404)]
    IrcUnknownRoom,
    #[error("x")]
    #[matrix(errcode = "IRC_DOUBLE_BRIDGE", status = 409)]
    IrcDoubleBridge,
    #[error("x")]
    #[matrix(errcode = "IRC_EXISTING_MAPPING", status = 409)]
    IrcExistingMapping,
    #[error("x")]
    #[matrix(errcode = "IRC_EXISTING_REQUEST", status = 409)]
    IrcExistingRequest,
    #[error("x")]
    #[matrix(errcode = "IRC_NOT_ENOUGH_POWER", status = 403)]
    IrcNotEnoughPower,
    #[error("x")]
    #[matrix(errcode = "IRC_BAD_OPERATOR_TARGET", status = 400)]
    IrcBadOperatorTarget,
    #[error("x")]
    #[matrix(errcode = "IRC_BRIDGE_AT_LIMIT", status = 500)]
    IrcBridgeAtLimit,
    // matrix-org/matrix-hookshot, src/api/error.ts (`ErrCode`, `ErrCodeToStatusCode`).
    #[error("x")]
    #[matrix(errcode = "HS_UNKNOWN", status = 500)]
    HsUnknown,
    #[error("x")]
    #[matrix(errcode = "HS_NOTFOUND", status = 404)]
    HsNotFound,
    #[error("x")]
    #[matrix(errcode = "HS_UNSUPPORTED_OPERATION", status = 400)]
    HsUnsupportedOperation,
    #[error("x")]
    #[matrix(errcode = "HS_FORBIDDEN_USER", status = 403)]
    HsForbiddenUser,
    #[error("x")]
    #[matrix(errcode = "HS_FORBIDDEN_BOT", status = 403)]
    HsForbiddenBot,
    #[error("x")]
    #[matrix(errcode = "HS_NOT_IN_ROOM", status = 403)]
    HsNotInRoom,
    #[error("x")]
    #[matrix(errcode = "HS_BAD_VALUE", status = 400)]
    HsBadValue,
    #[error("x")]
    #[matrix(errcode = "HS_BAD_TOKEN", status = 401)]
    HsBadToken,
    #[error("x")]
    #[matrix(errcode = "HS_DISABLED_FEATURE", status = 500)]
    HsDisabledFeature,
    #[error("x")]
    #[matrix(errcode = "HS_ADDITIONAL_ACTION_REQUIRED", status = 400)]
    HsAdditionalActionRequired,
    #[error("x")]
    #[matrix(errcode = "HS_CONFLICTING_CONNECTION", status = 409)]
    HsConflictingConnection,
    #[error("x")]
    #[matrix(errcode = "HS_METHOD_NOT_ALLOWED", status = 405)]
    HsMethodNotAllowed,
    // mautrix/telegram, mautrix_telegram/web/common/auth_api.py (login rate limit), 429.
    #[error("Your phone number has been temporarily blocked for flooding.")]
    #[matrix(errcode = "flood_wait", status = 429)]
    FloodWait,
    // The container's `verbatim` leaves spec codes to the table.
    #[error("no")]
    #[matrix(errcode = "M_FORBIDDEN")]
    Forbidden,
}

#[test]
fn codes_as_deployed_are_sent_exactly_as_written() {
    let expected = [
        ("IO_ELEMENT_MSC4388_CONCURRENT_WRITE", 409),
        ("IRC_UNKNOWN_NETWORK", 404),
        ("IRC_UNKNOWN_CHANNEL", 404),
        ("IRC_UNKNOWN_ROOM", 404),
        ("IRC_DOUBLE_BRIDGE", 409),
        ("IRC_EXISTING_MAPPING", 409),
        ("IRC_EXISTING_REQUEST", 409),
        ("IRC_NOT_ENOUGH_POWER", 403),
        ("IRC_BAD_OPERATOR_TARGET", 400),
        ("IRC_BRIDGE_AT_LIMIT", 500),
        ("HS_UNKNOWN", 500),
        ("HS_NOTFOUND", 404),
        ("HS_UNSUPPORTED_OPERATION", 400),
        ("HS_FORBIDDEN_USER", 403),
        ("HS_FORBIDDEN_BOT", 403),
        ("HS_NOT_IN_ROOM", 403),
        ("HS_BAD_VALUE", 400),
        ("HS_BAD_TOKEN", 401),
        ("HS_DISABLED_FEATURE", 500),
        ("HS_ADDITIONAL_ACTION_REQUIRED", 400),
        ("HS_CONFLICTING_CONNECTION", 409),
        ("HS_METHOD_NOT_ALLOWED", 405),
        ("flood_wait", 429),
        ("M_FORBIDDEN", 403),
    ];
    let listed: Vec<(&str, u16)> = Deployed::ERRORS
        .iter()
        .map(|info| (info.errcode.unwrap(), info.status.unwrap()))
        .collect();
    assert_eq!(listed, expected);
    use Deployed::*;
    let sent: Vec<(String, u16)> = [
        ConcurrentWrite,
        IrcUnknownNetwork,
        IrcUnknownChannel,
        IrcUnknownRoom,
        IrcDoubleBridge,
        IrcExistingMapping,
        IrcExistingRequest,
        IrcNotEnoughPower,
        IrcBadOperatorTarget,
        IrcBridgeAtLimit,
        HsUnknown,
        HsNotFound,
        HsUnsupportedOperation,
        HsForbiddenUser,
        HsForbiddenBot,
        HsNotInRoom,
        HsBadValue,
        HsBadToken,
        HsDisabledFeature,
        HsAdditionalActionRequired,
        HsConflictingConnection,
        HsMethodNotAllowed,
        FloodWait,
        Forbidden,
    ]
    .iter()
    .map(|error| {
        let body = body(error);
        assert_eq!(body["errcode"], error.errcode());
        (error.errcode().to_owned(), error.status())
    })
    .collect();
    let expected: Vec<(String, u16)> = (expected.iter())
        .map(|(errcode, status)| ((*errcode).to_owned(), *status))
        .collect();
    assert_eq!(sent, expected);

    let error = Deployed::FloodWait;
    let bytes = serde_json::to_vec(&Body(&error)).unwrap();
    assert_eq!(
        bytes,
        br#"{"errcode":"flood_wait","error":"Your phone number has been temporarily blocked for flooding."}"#
    );
    // Read back: the code as sent, every byte of the body kept.
    let read = Error::from_body(429, &bytes);
    assert_eq!(read.errcode(), "flood_wait");
    assert_eq!(serde_json::to_vec(&read).unwrap(), bytes);
    assert_eq!(Deployed::HsBadValue.errcode(), "HS_BAD_VALUE");
}

/// Synapse's `UnstableSpecAuthError` (synapse/api/errors.py) adds the MSC3848 code as a key
/// whose name is no identifier.
#[derive(Debug, thiserror::Error, matrix_error::MatrixError)]
#[error("You are not a member of the room")]
#[matrix(
    errcode = "M_FORBIDDEN",
    extra("org.matrix.msc3848.unstable.errcode" = "ORG.MATRIX.MSC3848.NOT_IN_ROOM", r#type = 1)
)]
struct NotInRoom;

#[test]
fn an_extra_key_may_be_any_json_key() {
    assert_eq!(
        serde_json::to_string(&Body(&NotInRoom)).unwrap(),
        r#"{"errcode":"M_FORBIDDEN","error":"You are not a member of the room","org.matrix.msc3848.unstable.errcode":"ORG.MATRIX.MSC3848.NOT_IN_ROOM","type":1}"#
    );
    let keys: Vec<&str> = NotInRoom::ERRORS[0]
        .keys
        .iter()
        .map(|key| key.name)
        .collect();
    assert_eq!(keys, ["org.matrix.msc3848.unstable.errcode", "type"]);
}

#[test]
fn retry_after_ms_gives_a_delay_on_any_code() {
    // A bridge's own code at 429 (matrix-appservice-bridge's `M_AS_LIMIT_EXCEEDED`).
    let body = br#"{"errcode":"M_AS_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":1500}"#;
    let error = Error::from_body(429, body);
    assert!(matches!(error.kind(), ErrorKind::Custom { .. }));
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_millis(1500)))
    );
    assert_eq!(
        serde_json::to_vec(&error).unwrap(),
        body,
        "the body is kept"
    );

    // A known code that does not define the key keeps it, and gives it too.
    let body = br#"{"errcode":"M_FORBIDDEN","error":"later","retry_after_ms":200}"#;
    let error = Error::from_body(403, body);
    assert_eq!(error.kind(), &ErrorKind::Forbidden);
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_millis(200)))
    );

    // The header still wins; a value that is no delay gives none.
    let error = error.with_retry_after(RetryAfter::Delay(Duration::from_secs(4)));
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(4)))
    );
    let odd = Error::from_body(429, br#"{"errcode":"X.Y_Z","retry_after_ms":"soon"}"#);
    assert_eq!(odd.retry_after(), None);
}
