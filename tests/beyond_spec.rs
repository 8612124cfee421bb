//! Codes servers send beyond the spec. Every code of Synapse's `Codes` class reads as a typed
//! kind, in the body Synapse sends it in (`tests/fixtures/synapse_codes.json`); the unstable
//! codes ruma knows read as typed kinds too; the unstable forms of stable codes (aliases) read
//! into the stable kind and are written back unchanged, through every conversion; and derived
//! types take the table's codes as the table says.

use matrix_error::{Category, Error, ErrorKind, MatrixError};
use serde::Deserialize;
use serde_json::{Map, Value, json};

#[derive(Deserialize)]
struct Fixture {
    repository: String,
    commit: String,
    codes: Vec<SynapseCode>,
}

#[derive(Deserialize)]
struct SynapseCode {
    /// The member of `Codes`; `None` for the code Synapse's Rust code sends beyond the class.
    member: Option<String>,
    errcode: String,
    /// The status of its raise sites; `None` where Synapse never raises it.
    status: Option<u16>,
    /// The body Synapse sends.
    body: Map<String, Value>,
    source: String,
}

fn synapse() -> Fixture {
    serde_json::from_str(include_str!("fixtures/synapse_codes.json")).unwrap()
}

/// A body read with `status`, or where there is none with `Deserialize` (the kind's status).
fn read(status: Option<u16>, body: &Value) -> Error {
    match status {
        Some(status) => Error::from_body(status, body.to_string().as_bytes()),
        None => serde_json::from_value(body.clone()).unwrap(),
    }
}

#[test]
fn every_code_of_synapse_reads_as_a_typed_kind() {
    let fixture = synapse();
    assert_eq!(fixture.repository, "element-hq/synapse");
    assert_eq!(fixture.commit.len(), 40);
    assert_eq!(
        fixture.codes.len(),
        71,
        "70 members of `Codes` and one code of Rust"
    );
    assert_eq!(
        (fixture.codes.iter())
            .filter(|code| code.member.is_none())
            .count(),
        1
    );
    for code in &fixture.codes {
        let name = format!("{} ({})", code.errcode, code.source);
        // The body Synapse sends: its kind, its status, and back as it was.
        let body = Value::Object(code.body.clone());
        let error = read(code.status, &body);
        assert!(
            !matches!(error.kind(), ErrorKind::Custom { .. }),
            "{name}: {error:?}"
        );
        assert_eq!(error.errcode(), code.body["errcode"], "{name}");
        if let Some(status) = code.status {
            assert_eq!(error.status(), status, "{name}");
        }
        assert_eq!(serde_json::to_value(&error).unwrap(), body, "{name}");
        // The code itself as the errcode, as the MSC3848 codes would be sent once stable.
        let alone = read(
            code.status,
            &json!({ "errcode": code.errcode, "error": "..." }),
        );
        assert_eq!(alone.errcode(), code.errcode, "{name}");
        let typed = !matches!(alone.kind(), ErrorKind::Custom { .. });
        let needs_keys = [
            "M_INCOMPATIBLE_ROOM_VERSION",
            "M_WRONG_ROOM_KEYS_VERSION",
            "M_CONSENT_NOT_GIVEN",
            "ORG.MATRIX.MSC3866_USER_AWAITING_APPROVAL",
        ];
        assert_eq!(
            typed,
            !needs_keys.contains(&&*code.errcode),
            "{name}: {alone:?}"
        );
    }
}

#[test]
fn synapse_s_own_codes_read_as_their_kinds() {
    let cases = [
        (
            403,
            json!({"errcode": "ORG_MATRIX_EXPIRED_ACCOUNT", "error": "User account has expired"}),
            ErrorKind::ExpiredAccount,
            Category::Forbidden,
        ),
        (
            404,
            json!({"errcode": "FI.MAU.MSC2815_UNREDACTED_CONTENT_DELETED", "error": "The content for that event has already been erased from the database", "fi.mau.msc2815.content_keep_ms": 86_400_000}),
            ErrorKind::UnredactedContentDeleted {
                content_keep_ms: Some(86_400_000),
            },
            Category::NotFound,
        ),
        (
            403,
            json!({"errcode": "ORG.MATRIX.MSC3866_USER_AWAITING_APPROVAL", "error": "This account is pending approval by a server administrator.", "approval_notice_medium": "org.matrix.msc3866.none"}),
            ErrorKind::UserAwaitingApproval {
                approval_notice_medium: "org.matrix.msc3866.none".into(),
            },
            Category::Forbidden,
        ),
        (
            409,
            json!({"errcode": "IO_ELEMENT_MSC4388_CONCURRENT_WRITE", "error": "sequence_token does not match"}),
            ErrorKind::ConcurrentWrite,
            Category::Conflict,
        ),
        (
            409,
            json!({"errcode": "IO.ELEMENT.MSC4306.M_CONFLICTING_UNSUBSCRIPTION", "error": "Automatic subscription obsoleted by an unsubscription request."}),
            ErrorKind::ConflictingUnsubscription,
            Category::Conflict,
        ),
    ];
    for (status, body, kind, category) in cases {
        let error = Error::from_body(status, body.to_string().as_bytes());
        assert_eq!(error.kind(), &kind, "{body}");
        assert_eq!(error.category(), category, "{body}");
        assert_eq!(
            error.kind().status(),
            status,
            "{body}: the kind's default is Synapse's"
        );
        assert_eq!(serde_json::to_value(&error).unwrap(), body);
    }
}

/// Synapse sends the MSC3848 codes beside `M_FORBIDDEN`, which decides: the body reads as
/// `Forbidden`, and the unstable code is kept as the key it came in.
#[test]
fn msc3848_bodies_read_as_forbidden_with_the_unstable_code_kept() {
    let body = br#"{"errcode":"M_FORBIDDEN","error":"User @alice:example.org not in room !r:example.org","org.matrix.msc3848.unstable.errcode":"ORG.MATRIX.MSC3848.NOT_JOINED"}"#;
    let error = Error::from_body(403, body);
    assert_eq!(
        (error.kind(), error.errcode()),
        (&ErrorKind::Forbidden, "M_FORBIDDEN")
    );
    assert_eq!(
        error.extra()["org.matrix.msc3848.unstable.errcode"],
        "ORG.MATRIX.MSC3848.NOT_JOINED"
    );
    assert_eq!(serde_json::to_vec(&error).unwrap(), body);
    let unstable = Error::from_body(403, br#"{"errcode":"ORG.MATRIX.MSC3848.NOT_JOINED"}"#);
    assert_eq!(unstable.kind(), &ErrorKind::NotJoined);
}

/// The unstable codes ruma knows (ruma/ruma at 0908aaa9847093ecb32bc6edf0af525f726717fd,
/// crates/ruma-common/src/api/error/kind.rs) read as typed kinds.
#[test]
fn ruma_s_unstable_codes_read_as_typed_kinds() {
    let cases = [
        (
            "ORG.MATRIX.MSC4155.INVITE_BLOCKED",
            403,
            ErrorKind::InviteBlocked,
        ),
        (
            "IO_ELEMENT_MSC4388_CONCURRENT_WRITE",
            409,
            ErrorKind::ConcurrentWrite,
        ),
        (
            "IO.ELEMENT.MSC4306.M_CONFLICTING_UNSUBSCRIPTION",
            409,
            ErrorKind::ConflictingUnsubscription,
        ),
        (
            "IO.ELEMENT.MSC4306.M_NOT_IN_THREAD",
            400,
            ErrorKind::NotInThread,
        ),
        ("M_UNACTIONABLE", 400, ErrorKind::Unactionable),
        ("M_UNKNOWN_POS", 400, ErrorKind::UnknownPos),
    ];
    for (errcode, status, kind) in cases {
        let body = json!({"errcode": errcode, "error": "..."}).to_string();
        let error = Error::from_body(status, body.as_bytes());
        assert_eq!((error.kind(), error.errcode()), (&kind, errcode));
        assert_eq!(error.kind().status(), status, "{errcode}");
    }
    // MSC4406's example body, in the unstable form ruma reads and writes.
    let body = br#"{"errcode":"UK.TIMEDOUT.MSC4406.SENDER_IGNORED","error":"You have ignored the user that sent this event","sender":"@user:example.org"}"#;
    let error = Error::from_body(404, body);
    let sender = Some("@user:example.org".to_owned());
    assert_eq!(error.kind(), &ErrorKind::SenderIgnored { sender });
    assert_eq!(error.category(), Category::NotFound);
    assert_eq!(serde_json::to_vec(&error).unwrap(), body);
}

/// Real bodies in the unstable forms of stable codes, the status they were sent with, and the
/// stable kind.
fn alias_bodies() -> Vec<(u16, Value, ErrorKind)> {
    vec![
        (
            403,
            json!({"errcode": "ORG.MATRIX.MSC4155.INVITE_BLOCKED", "error": "Invites from this user are blocked"}),
            ErrorKind::InviteBlocked,
        ),
        (
            403,
            json!({"errcode": "ORG.MATRIX.MSC4155.M_INVITE_BLOCKED", "error": "Invites have been blocked"}),
            ErrorKind::InviteBlocked,
        ),
        (
            403,
            json!({"errcode": "ORG.MATRIX.MSC3823.USER_ACCOUNT_SUSPENDED", "error": "Account is suspended"}),
            ErrorKind::UserSuspended,
        ),
        (
            401,
            json!({"errcode": "ORG_MATRIX_MSC3939_USER_LOCKED", "error": "User account has been locked", "soft_logout": true}),
            ErrorKind::UserLocked,
        ),
        (
            400,
            json!({"errcode": "IO.ELEMENT.MSC4190.M_APPSERVICE_LOGIN_UNSUPPORTED", "error": "Application service login is not supported"}),
            ErrorKind::AppserviceLoginUnsupported,
        ),
        (
            400,
            json!({"errcode": "ORG.MATRIX.MSC4326.M_UNKNOWN_DEVICE", "error": "Unknown device"}),
            ErrorKind::UnknownDevice,
        ),
        (
            502,
            json!({"errcode": "FI.MAU.MSC2659_BAD_STATUS", "error": "HTTP 404 Not Found", "status": 404, "body": "no such path", "hint": 1}),
            ErrorKind::BadStatus {
                status: Some(404),
                body: Some("no such path".into()),
            },
        ),
    ]
}

#[test]
fn unstable_forms_read_into_their_stable_kinds_and_write_back_unchanged() {
    for (status, body, kind) in alias_bodies() {
        let sent = body["errcode"].as_str().unwrap();
        let bytes = body.to_string();
        let error = Error::from_body(status, bytes.as_bytes());
        assert_eq!(error.kind(), &kind, "{body}");
        assert_eq!(error.errcode(), sent);
        assert_ne!(error.kind().errcode(), sent, "the kind has the stable code");
        assert_eq!(serde_json::to_value(&error).unwrap(), body);
        assert_eq!(error.error_dict(), *body.as_object().unwrap());
        assert_eq!(
            error.to_string(),
            format!("{sent} ({status}): {}", body["error"].as_str().unwrap())
        );
        assert_eq!(error.category(), Error::new(kind.clone(), "").category());
        // The code sent stays through every change and conversion.
        assert_eq!(error.clone().with_status(599).errcode(), sent);
        let retry = "5".parse().unwrap();
        assert_eq!(error.clone().with_retry_after(retry).errcode(), sent);
        let deserialized: Error = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(deserialized.errcode(), sent);
        assert_eq!(Error::from(Wrapper::Standard(error.clone())), error);
        // The stable form is another error; the kind alone is the stable kind.
        let stable =
            body.as_object()
                .unwrap()
                .clone()
                .into_iter()
                .map(|(key, value)| match &*key {
                    "errcode" => (key, Value::from(kind.errcode())),
                    _ => (key, value),
                });
        let stable = Error::from_body(
            status,
            Value::Object(stable.collect()).to_string().as_bytes(),
        );
        assert_ne!(stable, error);
        assert_eq!(stable.kind(), error.kind());
        let kind_alone: ErrorKind = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(kind_alone, kind);
        assert_eq!(error.into_kind(), kind);
    }
}

#[derive(Debug, thiserror::Error, MatrixError)]
enum Wrapper {
    #[error(transparent)]
    #[matrix(transparent)]
    Standard(Error),
}

/// A server's own error type takes the table's codes: an alias with its stable code's status,
/// a server's own code although it has no dot, an unstable code with the status servers send.
#[derive(Debug, PartialEq, thiserror::Error, MatrixError)]
#[matrix(namespace = "com.example.server", usual_status)]
enum ServerError {
    #[error("invites are blocked")]
    #[matrix(errcode = "ORG.MATRIX.MSC4155.INVITE_BLOCKED")]
    InviteBlockedForOldClients,
    #[error("account expired")]
    #[matrix(errcode = "ORG_MATRIX_EXPIRED_ACCOUNT")]
    Expired,
    #[error("not in thread")]
    #[matrix(errcode = "IO.ELEMENT.MSC4306.M_NOT_IN_THREAD")]
    NotInThread,
}

#[test]
fn derived_types_take_the_table_s_codes_with_their_statuses() {
    let cases = [
        (
            ServerError::InviteBlockedForOldClients,
            "ORG.MATRIX.MSC4155.INVITE_BLOCKED",
            403,
            ErrorKind::InviteBlocked,
        ),
        (
            ServerError::Expired,
            "ORG_MATRIX_EXPIRED_ACCOUNT",
            403,
            ErrorKind::ExpiredAccount,
        ),
        (
            ServerError::NotInThread,
            "IO.ELEMENT.MSC4306.M_NOT_IN_THREAD",
            400,
            ErrorKind::NotInThread,
        ),
    ];
    for (error, errcode, status, kind) in cases {
        assert_eq!((error.errcode(), error.status()), (errcode, status));
        let owned = Error::from(error);
        assert_eq!(
            (owned.kind(), owned.errcode(), owned.status()),
            (&kind, errcode, status)
        );
    }
}

/// `parse` reads a stable code's aliases into its variant; a variant of the alias itself wins
/// over the stable code's.
#[derive(Debug, PartialEq, thiserror::Error, MatrixError)]
#[matrix(parse)]
enum ClientView {
    #[error("invites blocked")]
    #[matrix(errcode = "M_INVITE_BLOCKED")]
    InviteBlocked,
    #[error("invites blocked (MSC4380's unstable form)")]
    #[matrix(errcode = "ORG.MATRIX.MSC4155.INVITE_BLOCKED")]
    InviteBlockedUnstable,
    #[error("locked")]
    #[matrix(errcode = "M_USER_LOCKED", extra(soft_logout = true))]
    Locked,
    #[error("bad status {status:?}")]
    #[matrix(errcode = "M_BAD_STATUS")]
    BadStatus {
        #[matrix(field)]
        status: Option<u16>,
    },
}

#[test]
fn parse_reads_aliases_into_the_variant_of_their_stable_code() {
    let read = |status: u16, body: Value| {
        ClientView::try_from(&Error::from_body(status, body.to_string().as_bytes()))
    };
    let cases = [
        (
            403,
            json!({"errcode": "M_INVITE_BLOCKED"}),
            ClientView::InviteBlocked,
        ),
        (
            403,
            json!({"errcode": "ORG.MATRIX.MSC4155.M_INVITE_BLOCKED"}),
            ClientView::InviteBlocked,
        ),
        (
            403,
            json!({"errcode": "ORG.MATRIX.MSC4155.INVITE_BLOCKED"}),
            ClientView::InviteBlockedUnstable,
        ),
        (
            401,
            json!({"errcode": "ORG_MATRIX_MSC3939_USER_LOCKED", "soft_logout": true}),
            ClientView::Locked,
        ),
        (
            502,
            json!({"errcode": "FI.MAU.MSC2659_BAD_STATUS", "status": 404}),
            ClientView::BadStatus { status: Some(404) },
        ),
    ];
    for (status, body, expected) in cases {
        assert_eq!(read(status, body.clone()), Ok(expected), "{body}");
    }
    assert!(read(403, json!({"errcode": "ORG.MATRIX.MSC3823.USER_SUSPENDED"})).is_err());
    // `ErrorKind` is derived the same way.
    let error = Error::from_body(
        401,
        br#"{"errcode":"ORG_MATRIX_MSC3939_USER_LOCKED","soft_logout":true}"#,
    );
    assert_eq!(ErrorKind::try_from(&error), Ok(ErrorKind::UserLocked));
}
