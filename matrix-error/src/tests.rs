//! `ErrorKind` against the code table: one variant per code, named after it, with the code's
//! status and extra keys; the project's table against the spec's file; and the derive's
//! decoding of `ErrorKind`, which `Custom` makes total.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::{ErrorKind, MatrixError};

/// The project's one copy of the table, which the derive compiles in.
const TABLE: &str = include_str!("../../matrix-error-derive/codes.tsv");

struct Row<'a> {
    errcode: &'a str,
    spec_status: Option<u16>,
    usual_status: u16,
    /// `(key, json type)`
    extra: Vec<(&'a str, &'a str)>,
    /// Some extra key is marked `required`.
    requires_keys: bool,
}

fn rows(table: &str) -> Vec<Row<'_>> {
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("errcode\t"))
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 6, "malformed row: {line}");
            let extra = match columns[3] {
                "-" => Vec::new(),
                list => list
                    .split(',')
                    .map(|key| {
                        let parts: Vec<&str> = key.split(':').collect();
                        (parts[0], parts[1])
                    })
                    .collect(),
            };
            Row {
                requires_keys: columns[3].contains(":required"),
                errcode: columns[0],
                spec_status: columns[1].parse().ok(),
                usual_status: columns[2].parse().expect("usual_status is a number"),
                extra,
            }
        })
        .collect()
}

/// Every variant but `Custom`. The match below fails to compile when a variant is added
/// and not listed here, and a name listed here that is no variant fails too.
macro_rules! variants {
    ($($variant:ident),* $(,)?) => {
        #[allow(dead_code)]
        fn exhaustive(kind: &ErrorKind) {
            match kind {
                $(ErrorKind::$variant { .. })|* | ErrorKind::Custom { .. } => {}
            }
        }
        const VARIANTS: &[&str] = &[$(stringify!($variant)),*];
    };
}

variants!(
    BadJson,
    Forbidden,
    LimitExceeded,
    MissingToken,
    NotFound,
    NotJson,
    ResourceLimitExceeded,
    Unknown,
    UnknownDevice,
    UnknownToken,
    Unrecognized,
    UserLimitExceeded,
    UserLocked,
    UserSuspended,
    BadState,
    CannotLeaveServerNoticeRoom,
    CaptchaInvalid,
    CaptchaNeeded,
    Exclusive,
    GuestAccessForbidden,
    IncompatibleRoomVersion,
    InvalidParam,
    InvalidRoomState,
    InvalidUsername,
    MissingParam,
    RoomInUse,
    ServerNotTrusted,
    ThreepidAuthFailed,
    ThreepidDenied,
    ThreepidInUse,
    ThreepidMediumNotSupported,
    ThreepidNotFound,
    TooLarge,
    Unauthorized,
    UnsupportedRoomVersion,
    UserDeactivated,
    UserInUse,
    AppserviceLoginUnsupported,
    BadAlias,
    BadStatus,
    CannotOverwriteMedia,
    ConnectionFailed,
    ConnectionTimeout,
    DuplicateAnnotation,
    InvalidSignature,
    InviteBlocked,
    KeyTooLarge,
    NotYetUploaded,
    ProfileTooLarge,
    UrlNotSet,
    WeakPassword,
    WrongRoomKeysVersion,
    UnableToAuthoriseJoin,
    UnableToGrantJoin,
    EmailSendError,
    InvalidAddress,
    InvalidEmail,
    MissingParams,
    InvalidPepper,
    DestinationRejected,
    NoValidSession,
    SendError,
    SessionExpired,
    SessionNotValidated,
    TermsNotSigned,
    TokenIncorrect,
    ConsentNotGiven,
    BadPagination,
    UnknownPos,
    PasswordTooShort,
    PasswordNoDigit,
    PasswordNoUppercase,
    PasswordNoLowercase,
    PasswordNoSymbol,
    PasswordInDictionary,
);

/// `M_LIMIT_EXCEEDED` -> `LimitExceeded`
fn camel(errcode: &str) -> String {
    errcode
        .trim_start_matches("M_")
        .split('_')
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The variant's name, from its `Debug` text.
fn variant_name(kind: &ErrorKind) -> String {
    let debug = format!("{kind:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn sample(json_type: &str) -> Value {
    match json_type {
        "string" => Value::from("sample"),
        "integer" => Value::from(1234),
        "boolean" => Value::from(true),
        other => panic!("the table names an unexpected JSON type `{other}`"),
    }
}

#[test]
fn error_kind_has_exactly_one_variant_per_code() {
    let rows = rows(TABLE);
    let from_table: BTreeSet<String> = rows.iter().map(|row| camel(row.errcode)).collect();
    let variants: BTreeSet<String> = VARIANTS.iter().map(|name| name.to_string()).collect();
    assert_eq!(variants.len(), VARIANTS.len(), "a variant is listed twice");
    assert_eq!(from_table, variants);
}

#[test]
fn every_code_decodes_to_its_kind_with_status_and_extra_keys() {
    for row in rows(TABLE) {
        let mut extra: Map<String, Value> = row
            .extra
            .iter()
            .map(|(key, json_type)| (key.to_string(), sample(json_type)))
            .collect();
        let given = extra.clone();
        let kind = ErrorKind::from_parts(row.errcode, &mut extra);
        assert_eq!(variant_name(&kind), camel(row.errcode), "{}", row.errcode);
        assert_eq!(kind.errcode(), row.errcode);
        assert!(
            extra.is_empty(),
            "{}: keys left over: {extra:?}",
            row.errcode
        );
        assert_eq!(
            kind.status(),
            row.spec_status.unwrap_or(row.usual_status),
            "{}",
            row.errcode
        );
        let mut dict = kind.error_dict();
        assert_eq!(dict.remove("errcode"), Some(Value::from(row.errcode)));
        assert!(
            dict.remove("error")
                .is_some_and(|message| message.is_string())
        );
        assert_eq!(
            dict, given,
            "{}: the kind's keys differ from the table's",
            row.errcode
        );
    }
}

#[test]
fn required_keys_are_required_to_decode() {
    for row in rows(TABLE) {
        // M_USER_LOCKED's one required key is a constant the kind sends itself, and
        // M_RESOURCE_LIMIT_EXCEEDED's `admin_contact` is optional in the kind because Synapse
        // sends `null` by default (tests/conformance.rs).
        if !row.requires_keys
            || ["M_USER_LOCKED", "M_RESOURCE_LIMIT_EXCEEDED"].contains(&row.errcode)
        {
            continue;
        }
        let kind = ErrorKind::from_parts(row.errcode, &mut Map::new());
        assert!(
            matches!(kind, ErrorKind::Custom { .. }),
            "{}: decoded without its required keys",
            row.errcode
        );
    }
}

/// The spec's own table, `shared/spec/codes.tsv` beside the repository (or where
/// `MATRIX_ERROR_SPEC_DIR` points). CI always has it, so its absence fails the test rather than
/// letting the comparison pass unmade.
fn spec_file(name: &str) -> String {
    let dir = std::env::var("MATRIX_ERROR_SPEC_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/spec").to_owned());
    let path = format!("{dir}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read {path}: {error}; the project's tables are checked against the spec's \
             own files: run the tests with `shared/` beside the repository, or set \
             MATRIX_ERROR_SPEC_DIR to the folder that holds {name}"
        )
    })
}

#[test]
fn the_table_matches_the_spec_file() {
    let spec = spec_file("codes.tsv");
    let data = |table: &str| -> Vec<String> {
        table
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(data(TABLE), data(&spec));
}

#[test]
fn kinds_read_as_short_descriptions() {
    assert_eq!(
        ErrorKind::LimitExceeded { retry_after: None }.to_string(),
        "Limit exceeded"
    );
    assert_eq!(ErrorKind::NotJson.to_string(), "Not json");
    let custom = ErrorKind::Custom {
        errcode: "M_NEW_CODE".into(),
        extra: Map::new(),
    };
    assert_eq!(custom.to_string(), "M_NEW_CODE");
}

/// `ErrorKind::decode` falls back to `Custom` only if the derive's decoding finds no variant,
/// which `Custom` (an errcode field and a flattened map) rules out: every code, with its keys
/// of any type or none, decodes, and nothing of the body is lost on the way.
#[test]
fn the_derived_decoding_of_kinds_is_total() {
    use crate::decode::{BodyKeys, DecodeBody};

    let odd_values = [
        Value::Null,
        Value::Bool(true),
        serde_json::json!(-5),
        serde_json::json!(1.5),
        serde_json::json!("text"),
        serde_json::json!([1, 2]),
        serde_json::json!({ "a": 1 }),
    ];
    let mut codes: Vec<&str> = rows(TABLE).iter().map(|row| row.errcode).collect();
    codes.extend([
        "",
        "M_",
        "M_NEW_CODE",
        "COM.EXAMPLE_X",
        "errcode",
        "m_forbidden",
    ]);
    for errcode in codes {
        for key in <ErrorKind as DecodeBody>::KEYS.iter().chain(&["other"]) {
            for value in &odd_values {
                let mut map = Map::new();
                map.insert((*key).to_owned(), value.clone());
                map.insert("more".to_owned(), Value::from(1));
                let mut keys = BodyKeys::from_map(map.clone());
                let kind = <ErrorKind as DecodeBody>::decode(errcode, &mut keys);
                let kind = kind
                    .unwrap_or_else(|| panic!("{errcode} with {key}: {value} found no variant"));
                // What the kind holds and what is left make the body again.
                let mut body = kind.error_dict();
                body.remove("errcode");
                body.remove("error");
                body.extend(keys.take_all().unwrap_or_default());
                if matches!(kind, ErrorKind::Custom { .. }) {
                    assert_eq!(body, map, "{errcode} with {key}: {value}");
                } else {
                    assert!(
                        map.iter().all(|(key, value)| body.get(key) == Some(value)
                            || kind_writes_its_own(&kind, key)),
                        "{errcode} with {key}: {value}: {body:?}"
                    );
                }
            }
        }
    }
}

/// A key whose value a typed kind writes itself, which may differ from the body's (a missing
/// `soft_logout` written as `false`, `M_USER_LOCKED`'s `true`).
fn kind_writes_its_own(kind: &ErrorKind, key: &str) -> bool {
    kind.error_dict().contains_key(key)
}
