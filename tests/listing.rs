//! `Type::ERRORS`, the listing of every error a type can return: checked against the
//! variants it was derived from and against what their values send, rendered as Markdown and
//! JSON, `ErrorKind::ERRORS` against the code table, and a library's own codes read back from
//! the wire.

mod common;

use std::collections::BTreeSet;
use std::fmt::Display;
use std::time::Duration;

use matrix_error::listing::{self, ErrorInfo, KeyKind, MessageInfo};
use matrix_error::{Error, ErrorKind, MatrixError, RetryAfter};
use serde::Serialize;
use serde_json::{Map, Value, json};

#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(namespace = "com.example.chat")]
enum ApiError {
    /// You may not post here.
    #[error("you may not post in {room}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    NotAllowed { room: String },

    /// Too many messages;
    /// wait.
    ///
    /// Then try again.
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    RateLimited {
        #[matrix(retry_after)]
        wait: Option<Duration>,
    },

    /// The monthly quota is used up.
    #[error("quota of {limit} messages reached")]
    #[matrix(
        errcode = "QUOTA_EXCEEDED",
        status = 403,
        extra(hard = true, plan = "free")
    )]
    Quota {
        #[matrix(field)]
        limit: u32,
        #[matrix(field = "upgrade_url")]
        url: Option<String>,
    },

    #[error("database: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Db(String),

    /// The bridge is down.
    #[error("bridge down")]
    #[matrix(errcode = "IO.OTHER.BRIDGE_DOWN", status = 502, expose)]
    BridgeDown,

    #[error("no")]
    #[matrix(errcode = "M_NOT_FOUND", message = "no room {room} | here")]
    NoRoom { room: String },

    /// An upstream server's error, passed on.
    #[error("upstream: {code}")]
    Proxied {
        #[matrix(errcode)]
        code: String,
        #[matrix(status)]
        status: u16,
        #[matrix(flatten)]
        rest: Map<String, Value>,
    },

    /// Any standard error.
    #[error(transparent)]
    #[matrix(transparent)]
    Standard(Error),
}

/// One value of every variant, with every optional key set.
fn every_variant() -> Vec<ApiError> {
    let mut rest = Map::new();
    rest.insert("hint".into(), json!("later"));
    vec![
        ApiError::NotAllowed {
            room: "!r:example.org".into(),
        },
        ApiError::RateLimited {
            wait: Some(Duration::from_millis(1500)),
        },
        ApiError::Quota {
            limit: 10,
            url: Some("https://example.org/upgrade".into()),
        },
        ApiError::Db("secret".into()),
        ApiError::BridgeDown,
        ApiError::NoRoom { room: "!r".into() },
        ApiError::Proxied {
            code: "M_TOO_LARGE".into(),
            status: 502,
            rest,
        },
        ApiError::Standard(Error::new(
            ErrorKind::UnknownToken { soft_logout: true },
            "expired",
        )),
    ]
}

fn variant_name(error: &impl std::fmt::Debug) -> String {
    let debug = format!("{error:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn keys(info: &ErrorInfo) -> Vec<(&str, &str, KeyKind)> {
    info.keys
        .iter()
        .map(|key| (key.name, key.rust_type, key.kind))
        .collect()
}

#[test]
fn the_listing_describes_each_variant_as_written() {
    let errors = ApiError::ERRORS;
    let names: Vec<&str> = errors.iter().map(|info| info.variant).collect();
    assert_eq!(
        names,
        [
            "NotAllowed",
            "RateLimited",
            "Quota",
            "Db",
            "BridgeDown",
            "NoRoom",
            "Proxied",
            "Standard"
        ]
    );
    let [
        not_allowed,
        rate_limited,
        quota,
        db,
        bridge,
        no_room,
        proxied,
        standard,
    ] = errors
    else {
        unreachable!()
    };

    // A spec code takes the spec's status; a field with no `#[matrix]` is no key.
    assert_eq!(not_allowed.errcode, Some("M_FORBIDDEN"));
    assert_eq!(not_allowed.status, Some(403));
    assert_eq!(not_allowed.message, MessageInfo::Display);
    assert!(not_allowed.keys.is_empty());
    assert_eq!(not_allowed.inner, None);
    assert_eq!(not_allowed.description, "You may not post here.");

    assert_eq!(rate_limited.status, Some(429));
    assert_eq!(
        keys(rate_limited),
        [("retry_after_ms", "Option<Duration>", KeyKind::RetryAfterMs)]
    );
    assert_eq!(
        rate_limited.description,
        "Too many messages;\nwait.\n\nThen try again."
    );

    // A short code takes the namespace; keys in body order, constants after the fields.
    assert_eq!(quota.errcode, Some("COM.EXAMPLE.CHAT_QUOTA_EXCEEDED"));
    assert_eq!(quota.status, Some(403));
    assert_eq!(
        keys(quota),
        [
            ("limit", "u32", KeyKind::Field),
            ("upgrade_url", "Option<String>", KeyKind::Field),
            ("hard", "bool", KeyKind::Constant("true")),
            ("plan", "&str", KeyKind::Constant("\"free\"")),
        ]
    );

    // 5xx without `expose`: the wire gets the fixed text; no doc comment: no description.
    assert_eq!((db.errcode, db.status), (Some("M_UNKNOWN"), Some(500)));
    assert_eq!(db.message, MessageInfo::Redacted);
    assert_eq!(db.description, "");

    // A full custom code is kept as written; `expose` sends the Display text.
    assert_eq!(bridge.errcode, Some("IO.OTHER.BRIDGE_DOWN"));
    assert_eq!(bridge.message, MessageInfo::Display);

    assert_eq!(
        no_room.message,
        MessageInfo::Template("no room {room} | here")
    );
    assert_eq!(no_room.status, Some(404));

    // Errcode and status carried by fields: set at run time, redacted by status.
    assert_eq!((proxied.errcode, proxied.status), (None, None));
    assert_eq!(proxied.message, MessageInfo::DisplayUnless5xx);
    assert_eq!(
        keys(proxied),
        [("rest", "Map<String, Value>", KeyKind::Flatten)]
    );

    // Transparent: everything is the inner error's.
    assert_eq!((standard.errcode, standard.status), (None, None));
    assert_eq!(standard.message, MessageInfo::Inner);
    assert!(standard.keys.is_empty());
    assert_eq!(standard.inner, Some("Error"));
}

/// The listing agrees with what each variant's values do: errcode, status, message rule and
/// the keys of the body.
#[test]
fn the_listing_agrees_with_the_bodies_the_variants_send() {
    let values = every_variant();
    assert_eq!(
        values.len(),
        ApiError::ERRORS.len(),
        "one value per variant"
    );
    for value in &values {
        let name = variant_name(value);
        let info = ApiError::ERRORS
            .iter()
            .find(|info| info.variant == name)
            .unwrap_or_else(|| panic!("{name} is not listed"));
        let body = common::body(value);
        if let Some(errcode) = info.errcode {
            assert_eq!(errcode, value.errcode(), "{name}");
        }
        if let Some(status) = info.status {
            assert_eq!(status, value.status(), "{name}");
        }
        match info.message {
            MessageInfo::Display => assert_eq!(value.message(), value.to_string(), "{name}"),
            MessageInfo::Redacted => assert_eq!(value.message(), "Internal server error"),
            MessageInfo::Template(_) => assert_ne!(value.message(), value.to_string()),
            MessageInfo::DisplayUnless5xx => {
                assert!(value.status() >= 500);
                assert_eq!(value.message(), "Internal server error");
            }
            MessageInfo::Inner => assert!(info.inner.is_some()),
            _ => unreachable!("a message rule this test does not know"),
        }
        if info.inner.is_some() {
            continue;
        }
        let mut sent: BTreeSet<String> = body.as_object().unwrap().keys().cloned().collect();
        sent.remove("errcode");
        sent.remove("error");
        let mut listed = BTreeSet::new();
        for key in info.keys {
            match key.kind {
                KeyKind::Flatten => {}
                KeyKind::Constant(json) => {
                    assert_eq!(body[key.name], serde_json::from_str::<Value>(json).unwrap());
                    listed.insert(key.name.to_owned());
                }
                _ => {
                    listed.insert(key.name.to_owned());
                }
            }
        }
        let flattened = info.keys.iter().any(|key| key.kind == KeyKind::Flatten);
        if flattened {
            assert!(
                listed.is_subset(&sent),
                "{name}: {listed:?} not in {sent:?}"
            );
        } else {
            assert_eq!(listed, sent, "{name}");
        }
    }
}

// A struct is one entry, named and described by the struct.
#[derive(Debug, thiserror::Error, MatrixError)]
/// Slow down.
#[error("slow down")]
#[matrix(errcode = "M_LIMIT_EXCEEDED")]
struct Slow {
    #[matrix(retry_after)]
    wait: RetryAfter,
}

#[test]
fn a_struct_is_one_entry() {
    let [slow] = Slow::ERRORS else {
        panic!("{:?}", Slow::ERRORS)
    };
    assert_eq!(slow.variant, "Slow");
    assert_eq!(slow.description, "Slow down.");
    assert_eq!(
        keys(slow),
        [("retry_after_ms", "RetryAfter", KeyKind::RetryAfterMs)]
    );
    let _ = Slow {
        wait: RetryAfter::Delay(Duration::ZERO),
    };
}

#[derive(Debug, thiserror::Error, MatrixError)]
#[allow(dead_code)]
enum Generic<'a, T, E, const N: usize>
where
    T: Serialize + Display,
{
    /// Not allowed.
    #[error("not allowed: {detail}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    Forbidden {
        #[matrix(field)]
        detail: T,
        #[matrix(field)]
        room: &'a str,
        fixed: [u8; N],
    },
    #[error(transparent)]
    #[matrix(transparent)]
    Inner(E),
}

#[derive(Debug, MatrixError)]
enum Empty {}

#[test]
fn generic_and_empty_types_have_listings() {
    let errors = Generic::<'static, u32, Error, 2>::ERRORS;
    assert_eq!(errors.len(), 2);
    assert_eq!(
        keys(&errors[0]),
        [
            ("detail", "T", KeyKind::Field),
            ("room", "&'a str", KeyKind::Field),
        ]
    );
    assert_eq!(errors[1].inner, Some("E"));
    // The listing does not depend on the type's parameters.
    assert_eq!(Generic::<String, ApiError, 0>::ERRORS, errors);
    assert!(Empty::ERRORS.is_empty());
}

#[derive(Debug, thiserror::Error, MatrixError)]
#[allow(dead_code)]
enum Small {
    /// The user is locked | out.
    ///
    /// Log in again.
    #[error("locked")]
    #[matrix(errcode = "M_USER_LOCKED", extra(soft_logout = true))]
    Locked,
    #[error("too slow")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Slow {
        #[matrix(retry_after)]
        wait: Duration,
    },
    #[error("proxied")]
    #[matrix(message = "up`stream")]
    Proxied {
        #[matrix(errcode)]
        code: String,
        #[matrix(status)]
        status: u16,
    },
    #[error(transparent)]
    #[matrix(transparent)]
    Other(Error),
}

#[test]
fn markdown_rendering() {
    assert_eq!(
        listing::markdown(Small::ERRORS),
        "\
| variant | errcode | status | message | keys | description |
|---|---|---|---|---|---|
| `Locked` | `M_USER_LOCKED` | 401 | Display text | `soft_logout`: `bool` = `true` | The user is locked \\| out.<br><br>Log in again. |
| `Slow` | `M_LIMIT_EXCEEDED` | 429 | Display text | `retry_after_ms`: `Duration` (in ms) |  |
| `Proxied` | set at run time | set at run time | ``up`stream`` |  |  |
| `Other` | the inner `Error`'s | the inner error's status | the inner error's message | the inner error's keys |  |
"
    );
    assert_eq!(
        listing::markdown(&[]),
        "| variant | errcode | status | message | keys | description |\n|---|---|---|---|---|---|\n"
    );
}

#[test]
fn markdown_cells_stay_on_one_row() {
    // Every row of every listing here has the header's number of unescaped `|`.
    for errors in [ApiError::ERRORS, Small::ERRORS, ErrorKind::ERRORS] {
        for line in listing::markdown(errors).lines() {
            let bars = line.replace("\\|", "").matches('|').count();
            assert_eq!(bars, 7, "{line}");
        }
        assert_eq!(listing::markdown(errors).lines().count(), errors.len() + 2);
    }
}

#[test]
fn json_rendering() {
    // The exact text: pretty, keys in the documented order, strings escaped.
    assert_eq!(
        listing::json(&Small::ERRORS[..1]),
        r#"{
  "errors": [
    {
      "variant": "Locked",
      "errcode": "M_USER_LOCKED",
      "status": 401,
      "message": {
        "kind": "display",
        "text": null
      },
      "keys": [
        {
          "name": "soft_logout",
          "type": "bool",
          "kind": "constant",
          "value": true
        }
      ],
      "inner": null,
      "description": "The user is locked | out.\n\nLog in again.",
      "zulip": {
        "code": "USER_DEACTIVATED",
        "status": 401
      },
      "mastodon": {
        "status": 403
      }
    }
  ]
}"#
    );
    assert_eq!(listing::json(&[]), "{\n  \"errors\": []\n}");
    // Every entry, as JSON values.
    let text = listing::json(Small::ERRORS);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"errors": [
            {
                "variant": "Locked",
                "errcode": "M_USER_LOCKED",
                "status": 401,
                "message": {"kind": "display", "text": null},
                "keys": [{"name": "soft_logout", "type": "bool", "kind": "constant", "value": true}],
                "inner": null,
                "description": "The user is locked | out.\n\nLog in again.",
                "zulip": {"code": "USER_DEACTIVATED", "status": 401},
                "mastodon": {"status": 403}
            },
            {
                "variant": "Slow",
                "errcode": "M_LIMIT_EXCEEDED",
                "status": 429,
                "message": {"kind": "display", "text": null},
                "keys": [{"name": "retry_after_ms", "type": "Duration", "kind": "retry_after_ms", "value": null}],
                "inner": null,
                "description": "",
                "zulip": {"code": "RATE_LIMIT_HIT", "status": 429},
                "mastodon": {"status": 429}
            },
            {
                "variant": "Proxied",
                "errcode": null,
                "status": null,
                "message": {"kind": "template", "text": "up`stream"},
                "keys": [],
                "inner": null,
                "description": "",
                "zulip": null,
                "mastodon": null
            },
            {
                "variant": "Other",
                "errcode": null,
                "status": null,
                "message": {"kind": "inner", "text": null},
                "keys": [],
                "inner": "Error",
                "description": "",
                "zulip": null,
                "mastodon": null
            }
        ]})
    );
    let db = &ApiError::ERRORS[3];
    assert_eq!(
        serde_json::to_value(db).unwrap()["message"],
        json!({"kind": "redacted", "text": "Internal server error"})
    );
    let proxied = &ApiError::ERRORS[6];
    assert_eq!(
        serde_json::to_value(proxied).unwrap()["message"],
        json!({"kind": "display_unless_5xx", "text": null})
    );
    assert_eq!(
        serde_json::to_value(proxied).unwrap()["keys"][0]["kind"],
        "flatten"
    );
    assert_eq!(
        serde_json::to_value(ApiError::ERRORS[2]).unwrap()["keys"][3]["value"],
        "free"
    );
}

// ----------------------------------------------------------------------------------------
// `ErrorKind::ERRORS` against the code table, the project's one copy of it.

const TABLE: &str = include_str!("../matrix-error-derive/codes.tsv");

struct Row<'a> {
    errcode: &'a str,
    spec_status: Option<u16>,
    usual_status: u16,
    keys: Vec<&'a str>,
    section: &'a str,
}

/// The rows of codes with a kind of their own: every row but the aliases (the unstable forms
/// of stable codes, which read into the stable code's kind).
fn rows() -> Vec<Row<'static>> {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("errcode\t"))
        .filter_map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 11, "malformed row: {line}");
            (columns[6] == "-").then_some(Row {
                errcode: columns[0],
                spec_status: columns[1].parse().ok(),
                usual_status: columns[2].parse().expect("usual_status is a number"),
                keys: match columns[3] {
                    "-" => Vec::new(),
                    list => list
                        .split(',')
                        .map(|key| key.split(':').next().unwrap())
                        .collect(),
                },
                section: columns[4],
            })
        })
        .collect()
}

#[test]
fn error_kind_lists_every_code_of_the_table_in_order() {
    let rows = rows();
    assert!(rows.len() > 70, "the table parsed to {} rows", rows.len());
    let (codes, others): (Vec<&ErrorInfo>, Vec<&ErrorInfo>) = ErrorKind::ERRORS
        .iter()
        .partition(|info| info.errcode.is_some());
    assert_eq!(codes.len(), rows.len(), "one entry per row");
    for (row, info) in rows.iter().zip(&codes) {
        assert_eq!(info.errcode, Some(row.errcode));
        assert_eq!(
            info.status,
            Some(row.spec_status.unwrap_or(row.usual_status)),
            "{}",
            row.errcode
        );
        let keys: Vec<&str> = info.keys.iter().map(|key| key.name).collect();
        assert_eq!(keys, row.keys, "{}", row.errcode);
        assert!(
            !info.description.is_empty(),
            "{} has no description",
            row.errcode
        );
    }
    // The one other entry is the catch-all.
    let [custom] = others.as_slice() else {
        panic!("{others:?}")
    };
    assert_eq!(custom.variant, "Custom");
    assert_eq!(custom.status, Some(500));
    assert_eq!(
        keys(custom),
        [("extra", "Map<String, Value>", KeyKind::Flatten)]
    );
}

/// The listing's status column shows the status `Error::new` gives; where that is not the
/// spec's own, the description says so, with the status servers send.
#[test]
fn error_kind_descriptions_say_where_the_status_is_not_the_specs() {
    for row in rows() {
        let info = ErrorKind::ERRORS
            .iter()
            .find(|info| info.errcode == Some(row.errcode))
            .unwrap();
        let text = info
            .description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let usual = row.usual_status.to_string();
        match (row.section, row.spec_status) {
            ("nonspec" | "server" | "unstable", _) => assert!(
                text.contains("Not in the spec") && text.contains(&usual),
                "{}: {text}",
                row.errcode
            ),
            (_, None) => assert!(
                text.contains("The spec fixes no status") && text.contains(&usual),
                "{}: {text}",
                row.errcode
            ),
            (_, Some(spec)) if spec != row.usual_status => assert!(
                text.contains(&spec.to_string()) && text.contains(&usual),
                "{}: {text}",
                row.errcode
            ),
            _ => assert!(
                !text.contains("The spec fixes no status"),
                "{}",
                row.errcode
            ),
        }
    }
}

// ----------------------------------------------------------------------------------------
// A library's own codes, read back from the wire into the library's enum.

/// Stands for a library crate that adds its own codes.
mod example_bridge {
    pub use matrix_error;

    /// Every error of the bridge's API beyond the standard ones.
    #[derive(Debug, Clone, PartialEq, thiserror::Error, matrix_error::MatrixError)]
    #[matrix(namespace = "com.example.bridge", parse)]
    pub enum BridgeError {
        /// The remote network is unreachable.
        #[error("{network} is down")]
        #[matrix(errcode = "REMOTE_DOWN", status = 502, expose)]
        RemoteDown {
            #[matrix(field)]
            network: String,
        },
        /// The portal room for this remote chat does not exist.
        #[error("no portal for {remote_id}")]
        #[matrix(errcode = "NO_PORTAL", status = 404)]
        NoPortal {
            #[matrix(field)]
            remote_id: String,
            #[matrix(field)]
            hint: Option<String>,
        },
    }
}

use example_bridge::BridgeError;

#[test]
fn a_librarys_codes_round_trip_through_the_wire() {
    assert_eq!(
        BridgeError::ERRORS
            .iter()
            .map(|info| info.errcode.unwrap())
            .collect::<Vec<_>>(),
        [
            "COM.EXAMPLE.BRIDGE_REMOTE_DOWN",
            "COM.EXAMPLE.BRIDGE_NO_PORTAL"
        ]
    );
    let sent = [
        BridgeError::RemoteDown {
            network: "irc".into(),
        },
        BridgeError::NoPortal {
            remote_id: "#rust".into(),
            hint: Some("join first".into()),
        },
        BridgeError::NoPortal {
            remote_id: "#go".into(),
            hint: None,
        },
    ];
    for error in sent {
        let bytes = serde_json::to_vec(&matrix_error::Body(&error)).unwrap();
        let read = Error::from_body(error.status(), &bytes);
        let ErrorKind::Custom { errcode, extra } = read.kind() else {
            panic!("{read:?}")
        };
        assert_eq!(errcode, error.errcode());
        assert!(
            BridgeError::ERRORS
                .iter()
                .any(|info| info.errcode == Some(errcode.as_str())),
            "the library's listing knows the code"
        );
        assert_eq!(Value::Object(extra.clone()), {
            let mut keys = common::body(&error);
            let keys = keys.as_object_mut().unwrap();
            keys.remove("errcode");
            keys.remove("error");
            Value::Object(keys.clone())
        });
        assert_eq!(
            (read.status(), read.message()),
            (error.status(), &*error.message())
        );
        assert_eq!(BridgeError::try_from(&read), Ok(error));
    }
    // A standard error is no error of the library: it stays an `ErrorKind`.
    let read = Error::from_body(
        403,
        br#"{"errcode":"M_FORBIDDEN","error":"no","network":"irc"}"#,
    );
    assert_eq!(
        BridgeError::try_from(&read).unwrap_err().errcode(),
        "M_FORBIDDEN"
    );
    // A known code whose keys do not fit is no value of the enum either.
    let read = Error::from_body(
        404,
        br#"{"errcode":"COM.EXAMPLE.BRIDGE_NO_PORTAL","error":"?"}"#,
    );
    assert!(BridgeError::try_from(&read).is_err());
}
