//! Serving in Zulip's and Mastodon's dialects: the mapping of the code table, the derive's
//! dialect keys and their precedence (variant over container over mapping), the key order of
//! each body, 5xx redaction, and the same answers from a trait object, a hand-written impl and
//! the owned `Error` converted from a derived type (the same object: an `error_dict`'s keys
//! come in the map's order).

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use matrix_error::{Error, ErrorKind, MatrixError, RetryAfter, mastodon, zulip};
use serde_json::{Map, Value};

fn zulip_json<E: MatrixError>(error: &E) -> String {
    let typed = serde_json::to_string(&zulip::Body(error)).unwrap();
    let dynamic: &dyn MatrixError = error;
    let from_dyn = serde_json::to_string(&zulip::Body(dynamic)).unwrap();
    // The same object; a trait object's extra keys come from its `error_dict`, in the map's
    // order.
    let parse = |json: &str| serde_json::from_str::<Value>(json).unwrap();
    assert_eq!(
        parse(&typed),
        parse(&from_dyn),
        "a trait object writes the same body"
    );
    assert_eq!(zulip::status(error), zulip::status(dynamic));
    typed
}

fn mastodon_json<E: MatrixError>(error: &E) -> String {
    let typed = serde_json::to_string(&mastodon::Body(error)).unwrap();
    let dynamic: &dyn MatrixError = error;
    let from_dyn = serde_json::to_string(&mastodon::Body(dynamic)).unwrap();
    // The same object; a trait object's extra keys come from its `error_dict`, in the map's
    // order.
    let parse = |json: &str| serde_json::from_str::<Value>(json).unwrap();
    assert_eq!(
        parse(&typed),
        parse(&from_dyn),
        "a trait object writes the same body"
    );
    assert_eq!(mastodon::status(error), mastodon::status(dynamic));
    typed
}

#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(
    zulip(code = "BAD_NARROW", status = 403),
    mastodon(status = 409, error = "Container text")
)]
enum Keyed {
    /// Takes the container's keys.
    #[error("plain")]
    #[matrix(errcode = "M_FORBIDDEN")]
    Plain,
    /// Its own code: the container's status does not apply; the table fixes 401.
    #[error("own code")]
    #[matrix(
        errcode = "M_FORBIDDEN",
        zulip(code = "INVALID_API_KEY"),
        mastodon(error = "Own text")
    )]
    OwnCode,
    /// Its own status, the container's code.
    #[error("own status")]
    #[matrix(errcode = "M_FORBIDDEN", zulip(status = 404), mastodon(status = 410))]
    OwnStatus,
    /// An OAuth error: its own `error`, so the container's status does not apply.
    #[error("the code expired")]
    #[matrix(errcode = "M_FORBIDDEN", mastodon(oauth = "invalid_client"))]
    OAuth,
    /// A 5xx keeps its status over the mapping and the container's status... unless a key
    /// of its own says otherwise; and its message is redacted in both dialects.
    #[error("database down")]
    #[matrix(
        errcode = "M_UNKNOWN",
        status = 503,
        zulip(code = "BAD_REQUEST"),
        mastodon(error = "Own 5xx text")
    )]
    Down,
}

#[test]
fn variant_over_container_over_mapping() {
    assert_eq!(
        zulip_json(&Keyed::Plain),
        r#"{"result":"error","msg":"plain","code":"BAD_NARROW"}"#
    );
    assert_eq!(zulip::status(&Keyed::Plain), 403);
    assert_eq!(
        mastodon_json(&Keyed::Plain),
        r#"{"error":"Container text"}"#
    );
    assert_eq!(mastodon::status(&Keyed::Plain), 409);

    assert_eq!(
        zulip_json(&Keyed::OwnCode),
        r#"{"result":"error","msg":"own code","code":"INVALID_API_KEY"}"#
    );
    assert_eq!(
        zulip::status(&Keyed::OwnCode),
        401,
        "the container's status is for its own code"
    );
    assert_eq!(mastodon_json(&Keyed::OwnCode), r#"{"error":"Own text"}"#);
    assert_eq!(
        mastodon::status(&Keyed::OwnCode),
        403,
        "the mapping's, not the container's"
    );

    assert_eq!(zulip::status(&Keyed::OwnStatus), 404);
    assert!(zulip_json(&Keyed::OwnStatus).ends_with(r#""code":"BAD_NARROW"}"#));
    assert_eq!(mastodon::status(&Keyed::OwnStatus), 410);
    assert_eq!(
        mastodon_json(&Keyed::OwnStatus),
        r#"{"error":"Container text"}"#
    );

    assert_eq!(
        mastodon_json(&Keyed::OAuth),
        r#"{"error":"invalid_client","error_description":"the code expired"}"#
    );
    assert_eq!(
        mastodon::status(&Keyed::OAuth),
        401,
        "invalid_client's status"
    );

    assert_eq!(Keyed::Down.status(), 503);
    assert_eq!(zulip::status(&Keyed::Down), 503);
    assert_eq!(
        mastodon::status(&Keyed::Down),
        503,
        "a 5xx keeps its status over the container's"
    );
    assert_eq!(
        zulip_json(&Keyed::Down),
        r#"{"result":"error","msg":"Internal server error","code":"BAD_REQUEST"}"#
    );
    assert_eq!(mastodon_json(&Keyed::Down), r#"{"error":"Own 5xx text"}"#);
}

#[derive(Debug, thiserror::Error, MatrixError)]
enum Mapped {
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Slow {
        #[matrix(retry_after)]
        wait: Option<RetryAfter>,
    },
    #[error("no room {room}")]
    #[matrix(errcode = "M_NOT_FOUND")]
    NoRoom {
        #[matrix(field)]
        room: String,
        /// Keys the dialects' bodies write themselves are left out.
        #[matrix(field)]
        code: u32,
        #[matrix(field = "msg")]
        text: &'static str,
    },
    #[error("bad")]
    #[matrix(errcode = "M_UNKNOWN", status = 500, expose)]
    Exposed,
}

#[test]
fn the_mapping_gives_codes_statuses_and_retry_after() {
    let slow = |wait| Mapped::Slow { wait };
    let three = slow(Some(RetryAfter::Delay(Duration::from_secs(3))));
    assert_eq!(
        zulip_json(&three),
        r#"{"result":"error","msg":"slow down","code":"RATE_LIMIT_HIT","retry-after":3.0}"#
    );
    assert_eq!(
        (zulip::status(&three), mastodon::status(&three)),
        (429, 429)
    );
    assert_eq!(
        mastodon_json(&three),
        r#"{"error":"slow down"}"#,
        "no retry_after_ms"
    );
    let date = slow(Some(RetryAfter::DateTime(
        SystemTime::now() + Duration::from_secs(60),
    )));
    assert!(zulip_json(&date).ends_with(r#""code":"RATE_LIMIT_HIT","retry-after":null}"#));
    assert!(zulip_json(&slow(None)).ends_with(r#""retry-after":null}"#));

    let room = Mapped::NoRoom {
        room: "!r:x".into(),
        code: 7,
        text: "hi",
    };
    assert_eq!(
        zulip_json(&room),
        r#"{"result":"error","msg":"no room !r:x","room":"!r:x","code":"BAD_REQUEST"}"#
    );
    assert_eq!(
        zulip::status(&room),
        404,
        "BAD_REQUEST carries the Matrix status"
    );
    assert_eq!(
        mastodon_json(&room),
        r#"{"error":"no room !r:x","room":"!r:x","code":7,"msg":"hi"}"#
    );
    assert_eq!(mastodon::status(&room), 404);

    assert_eq!(
        zulip_json(&Mapped::Exposed),
        r#"{"result":"error","msg":"bad","code":"BAD_REQUEST"}"#
    );
    assert_eq!(zulip::status(&Mapped::Exposed), 500);
}

#[test]
fn every_mapped_kind_serves_its_row() {
    let cases: [(ErrorKind, &str, u16, u16); 9] = [
        (
            ErrorKind::UnknownToken { soft_logout: false },
            "INVALID_API_KEY",
            401,
            401,
        ),
        (ErrorKind::MissingToken, "UNAUTHORIZED", 401, 401),
        (ErrorKind::UserDeactivated, "USER_DEACTIVATED", 401, 403),
        (
            ErrorKind::MissingParam,
            "REQUEST_VARIABLE_MISSING",
            400,
            400,
        ),
        (
            ErrorKind::InvalidParam,
            "REQUEST_VARIABLE_INVALID",
            400,
            422,
        ),
        (ErrorKind::NotJson, "INVALID_JSON", 400, 400),
        (ErrorKind::RoomInUse, "CHANNEL_ALREADY_EXISTS", 409, 422),
        (ErrorKind::BadState, "EXPECTATION_MISMATCH", 400, 409),
        (ErrorKind::Exclusive, "BAD_REQUEST", 400, 400),
    ];
    for (kind, code, zulip_status, mastodon_status) in cases {
        let error = Error::new(kind, "text");
        let body: Value = serde_json::from_str(&zulip_json(&error)).unwrap();
        assert_eq!(body["code"], code, "{error:?}");
        assert_eq!(zulip::status(&error), zulip_status, "{error:?}");
        assert_eq!(mastodon::status(&error), mastodon_status, "{error:?}");
    }
}

#[test]
fn namespaced_codes_come_back_as_they_were() {
    let narrow = Error::new(
        ErrorKind::Custom {
            errcode: "COM.ZULIP_BAD_NARROW".into(),
            extra: Map::new(),
        },
        "bad narrow",
    )
    .with_status(400);
    assert_eq!(
        zulip_json(&narrow),
        r#"{"result":"error","msg":"bad narrow","code":"BAD_NARROW"}"#
    );
    assert_eq!(
        zulip::status(&narrow.clone().with_status(418)),
        418,
        "the Matrix status"
    );
    assert_eq!(mastodon_json(&narrow), r#"{"error":"bad narrow"}"#);

    let grant = Error::new(
        ErrorKind::Custom {
            errcode: "ORG.IETF.OAUTH_INVALID_GRANT".into(),
            extra: Map::new(),
        },
        "expired",
    )
    .with_status(400);
    assert_eq!(
        mastodon_json(&grant),
        r#"{"error":"invalid_grant","error_description":"expired"}"#
    );
    assert_eq!(
        mastodon::status(&grant.clone().with_status(401)),
        401,
        "the Matrix status"
    );
    assert!(zulip_json(&grant).ends_with(r#""code":"BAD_REQUEST"}"#));
}

#[test]
fn an_alias_serves_as_its_stable_code() {
    let body = br#"{"errcode":"ORG.MATRIX.MSC4155.INVITE_BLOCKED","error":"blocked"}"#;
    let error = Error::from_body(403, body);
    assert_eq!(zulip::status(&error), 403);
    let body = br#"{"errcode":"M_USER_LOCKED","error":"locked","soft_logout":true}"#;
    let locked = Error::from_body(401, body);
    assert!(zulip_json(&locked).ends_with(r#""soft_logout":true,"code":"USER_DEACTIVATED"}"#));
}

/// The owned `Error` keeps the dialect keys of the type it was converted from, so a handler
/// that converts with `?` answers as the derived type would.
#[test]
fn the_owned_error_keeps_the_dialect_keys() {
    for keyed in [
        Keyed::Plain,
        Keyed::OwnCode,
        Keyed::OwnStatus,
        Keyed::OAuth,
        Keyed::Down,
    ] {
        let zulip_body = zulip_json(&keyed);
        let mastodon_body = mastodon_json(&keyed);
        let statuses = (zulip::status(&keyed), mastodon::status(&keyed));
        let owned = Error::from(keyed);
        assert_eq!(zulip_json(&owned), zulip_body);
        assert_eq!(mastodon_json(&owned), mastodon_body);
        assert_eq!((zulip::status(&owned), mastodon::status(&owned)), statuses);
    }
    assert_eq!(
        Error::from(Mapped::Exposed),
        Error::from(Mapped::Exposed).clone()
    );
}

/// A hand-written impl gets the mapping by its errcode.
#[derive(Debug)]
struct HandWritten;

impl MatrixError for HandWritten {
    fn errcode(&self) -> &str {
        "M_MISSING_TOKEN"
    }
    fn status(&self) -> u16 {
        401
    }
    fn message(&self) -> Cow<'_, str> {
        Cow::Borrowed("who are you?")
    }
    fn error_dict(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("errcode".into(), "M_MISSING_TOKEN".into());
        map.insert("error".into(), "who are you?".into());
        map.insert("realm".into(), "example".into());
        map
    }
}

#[test]
fn hand_written_impls_get_the_mapping() {
    assert_eq!(
        zulip_json(&HandWritten),
        r#"{"result":"error","msg":"who are you?","realm":"example","code":"UNAUTHORIZED"}"#
    );
    assert_eq!(
        mastodon_json(&HandWritten),
        r#"{"error":"who are you?","realm":"example"}"#
    );
    assert_eq!(
        (zulip::status(&HandWritten), mastodon::status(&HandWritten)),
        (401, 401)
    );
    let boxed: Box<dyn MatrixError + Send + Sync> = Box::new(Keyed::OAuth);
    assert_eq!(
        mastodon::status(&boxed),
        401,
        "a box answers as what it holds"
    );
}

/// `ERRORS` says what each variant answers in the dialects.
#[test]
fn the_listing_shows_the_dialects() {
    let variants = [
        Keyed::Plain,
        Keyed::OwnCode,
        Keyed::OwnStatus,
        Keyed::OAuth,
        Keyed::Down,
    ];
    for (info, error) in Keyed::ERRORS.iter().zip(&variants) {
        let body: Value = serde_json::from_str(&zulip_json(error)).unwrap();
        let code = body["code"].as_str().unwrap();
        assert_eq!(
            info.zulip(),
            Some((code, zulip::status(error))),
            "{}",
            info.variant
        );
        assert_eq!(
            info.mastodon_status(),
            Some(mastodon::status(error)),
            "{}",
            info.variant
        );
    }
    let table = matrix_error::listing::dialects_markdown(Keyed::ERRORS);
    assert!(
        table.contains("| `OwnCode` | `M_FORBIDDEN` | 403 | `INVALID_API_KEY` | 401 | 403 |"),
        "{table}"
    );
}

/// Read from a dialect, served back in it: a code with no Matrix meaning and an OAuth error
/// come back as they were (the namespaces both sides share).
#[test]
fn read_then_served_gives_the_original_code() {
    let zulip_body =
        br#"{"result":"error","msg":"Invalid narrow operator","desc":"near","code":"BAD_NARROW"}"#;
    let error = Error::from(zulip::Error::from_body(400, zulip_body));
    assert_eq!(error.errcode(), "COM.ZULIP_BAD_NARROW");
    assert_eq!(zulip::status(&error), 400);
    let written: Value = serde_json::from_str(&zulip_json(&error)).unwrap();
    assert_eq!(
        written,
        serde_json::from_slice::<Value>(zulip_body).unwrap()
    );

    let oauth_body = br#"{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}"#;
    let error = Error::from(mastodon::Error::from_body(400, oauth_body));
    assert_eq!(error.errcode(), "ORG.IETF.OAUTH_INVALID_GRANT");
    assert_eq!(mastodon::status(&error), 400);
    assert_eq!(mastodon_json(&error).as_bytes(), oauth_body);
}

/// Every code of the table a variant may name, served by a derived type (whose `__dialects`
/// the derive resolves at compile time) and by a hand-written impl of the same error (which
/// the runtime resolves from the table): the same bodies and statuses. The `transparent`
/// variant is what makes the derive write `__dialects`: a type without dialect keys or a
/// variant that delegates (a Matrix-only type) has none, and is served as `LookedUp` is.
#[derive(Debug, thiserror::Error, MatrixError)]
enum Literal {
    #[error(transparent)]
    #[matrix(transparent)]
    #[expect(dead_code, reason = "only there to make the derive write `__dialects`")]
    Inner(matrix_error::Error),
    #[error("a")]
    #[matrix(errcode = "M_UNKNOWN_TOKEN")]
    UnknownToken,
    #[error("b")]
    #[matrix(errcode = "M_MISSING_TOKEN")]
    MissingToken,
    #[error("c")]
    #[matrix(errcode = "M_USER_DEACTIVATED")]
    Deactivated,
    #[error("d")]
    #[matrix(errcode = "M_INVALID_PARAM")]
    InvalidParam,
    #[error("e")]
    #[matrix(errcode = "M_INVALID_PARAM", status = 503)]
    InvalidParam5xx,
    #[error("f")]
    #[matrix(errcode = "M_ROOM_IN_USE")]
    RoomInUse,
    #[error("g")]
    #[matrix(errcode = "M_BAD_STATE", status = 418)]
    BadState,
    #[error("h")]
    #[matrix(errcode = "M_EXCLUSIVE")]
    Exclusive,
    #[error("i")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Limit {
        #[matrix(retry_after)]
        wait: Duration,
    },
    #[error("j")]
    #[matrix(errcode = "M_NOT_FOUND")]
    NotFound,
    #[error("k")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Unknown,
    #[error("l")]
    #[matrix(errcode = "ORG.MATRIX.MSC4155.INVITE_BLOCKED")]
    Alias,
    #[error("m")]
    #[matrix(errcode = "COM.ZULIP_BAD_NARROW", status = 400)]
    ZulipNamespace,
    #[error("n")]
    #[matrix(errcode = "ORG.IETF.OAUTH_INVALID_GRANT", status = 400)]
    OAuthNamespace,
    #[error("o")]
    #[matrix(errcode = "COM.EXAMPLE_QUOTA", status = 403)]
    Custom {
        #[matrix(field)]
        limit: u32,
    },
}

/// `Literal`'s error with no dialect keys of its own: what the runtime looks up.
#[derive(Debug)]
struct LookedUp<'a>(&'a Literal);

impl MatrixError for LookedUp<'_> {
    fn errcode(&self) -> &str {
        self.0.errcode()
    }
    fn status(&self) -> u16 {
        self.0.status()
    }
    fn message(&self) -> Cow<'_, str> {
        self.0.message()
    }
    fn retry_after(&self) -> Option<RetryAfter> {
        self.0.retry_after()
    }
    fn error_dict(&self) -> Map<String, Value> {
        self.0.error_dict()
    }
}

#[test]
fn the_derive_resolves_the_mapping_as_the_runtime_does() {
    let wait = Duration::from_millis(1500);
    let variants = [
        Literal::UnknownToken,
        Literal::MissingToken,
        Literal::Deactivated,
        Literal::InvalidParam,
        Literal::InvalidParam5xx,
        Literal::RoomInUse,
        Literal::BadState,
        Literal::Exclusive,
        Literal::Limit { wait },
        Literal::NotFound,
        Literal::Unknown,
        Literal::Alias,
        Literal::ZulipNamespace,
        Literal::OAuthNamespace,
        Literal::Custom { limit: 7 },
    ];
    let mut codes = std::collections::BTreeSet::new();
    for variant in variants {
        let (variant, looked_up) = (&variant, LookedUp(&variant));
        assert!(
            variant.__dialects().is_some_and(|keys| keys.mapped)
                || matches!(variant, Literal::OAuthNamespace),
            "{variant:?}: resolved by the derive"
        );
        let zulip = zulip_json(variant);
        assert_eq!(zulip, zulip_json(&looked_up), "{variant:?}");
        assert_eq!(
            mastodon_json(variant),
            mastodon_json(&looked_up),
            "{variant:?}"
        );
        assert_eq!(
            zulip::status(variant),
            zulip::status(&looked_up),
            "{variant:?}"
        );
        assert_eq!(
            mastodon::status(variant),
            mastodon::status(&looked_up),
            "{variant:?}"
        );
        let body: Value = serde_json::from_str(&zulip).unwrap();
        codes.insert(body["code"].as_str().unwrap().to_owned());
    }
    // The cases reach every branch: mapped codes, the generic one and a namespaced one.
    for code in [
        "INVALID_API_KEY",
        "RATE_LIMIT_HIT",
        "BAD_REQUEST",
        "BAD_NARROW",
    ] {
        assert!(codes.contains(code), "{code} in {codes:?}");
    }
}
