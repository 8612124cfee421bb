//! Feature `ruma`: `matrix_error::Error` and ruma's `ruma_common::api::error::Error` convert
//! into each other without loss wherever ruma can hold the data, for every code of the code
//! table (read from `matrix-error-derive/codes.tsv`, the project's one copy of it).

use std::time::{Duration, SystemTime};

use http::StatusCode;
use matrix_error::{Error, ErrorKind, MatrixError, RetryAfter};
use ruma_common::api::error::{
    Error as RumaError, ErrorBody, ErrorKind as RumaKind, RetryAfter as RumaRetryAfter,
    StandardErrorBody,
};
use serde_json::{Map, Value, json};

/// A row of the code table: the code, the status to send it with, and its extra keys.
struct Code {
    errcode: String,
    /// A code servers send beyond the spec (section `server` or `unstable`).
    beyond_spec: bool,
    status: u16,
    /// `(key, JSON type, required)`.
    extra: Vec<(String, String, bool)>,
}

fn code_table() -> Vec<Code> {
    let table = include_str!("../matrix-error-derive/codes.tsv");
    let mut lines = table.lines().filter(|line| !line.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    let column = |name: &str| header.iter().position(|column| *column == name).unwrap();
    let (errcode, usual_status, extra, section) = (
        column("errcode"),
        column("usual_status"),
        column("extra"),
        column("section"),
    );
    let codes: Vec<Code> = lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let extra = match cells[extra] {
                "-" => Vec::new(),
                keys => keys
                    .split(',')
                    .map(|key| {
                        let parts: Vec<&str> = key.split(':').collect();
                        (
                            parts[0].to_owned(),
                            parts[1].to_owned(),
                            parts[2] == "required",
                        )
                    })
                    .collect(),
            };
            Code {
                errcode: cells[errcode].to_owned(),
                beyond_spec: ["server", "unstable"].contains(&cells[section]),
                status: cells[usual_status].parse().expect("a usual status"),
                extra,
            }
        })
        .collect();
    assert!(codes.len() > 60, "the code table has {} codes", codes.len());
    codes
}

/// A value of a JSON type that every code's key of that type accepts.
fn sample(json_type: &str) -> Value {
    match json_type {
        "string" => json!("v1.sample-0"),
        "integer" => json!(502),
        "boolean" => json!(true),
        other => panic!("no sample for JSON type {other}"),
    }
}

/// The code's body: `errcode`, `error`, and its required keys, or all of its keys.
fn body(code: &Code, all_keys: bool) -> Value {
    let mut body = Map::new();
    body.insert("errcode".into(), json!(code.errcode));
    body.insert("error".into(), json!(format!("a {} error", code.errcode)));
    for (key, json_type, required) in &code.extra {
        if *required || all_keys {
            body.insert(key.clone(), sample(json_type));
        }
    }
    Value::Object(body)
}

fn ruma_body_json(error: &RumaError) -> Value {
    match &error.body {
        ErrorBody::Standard(body) => serde_json::to_value(body).unwrap(),
        ErrorBody::Json(json) => json.clone(),
        ErrorBody::NotJson { .. } => panic!("a JSON body"),
    }
}

fn ruma_retry_after(error: &RumaError) -> Option<RumaRetryAfter> {
    match error.error_kind() {
        Some(RumaKind::LimitExceeded(data)) => data.retry_after,
        _ => None,
    }
}

#[test]
fn every_code_of_the_table_goes_to_ruma_and_back_without_loss() {
    for code in code_table() {
        for all_keys in [false, true] {
            let body = body(&code, all_keys);
            let ours = Error::from_body(code.status, body.to_string().as_bytes());
            assert_eq!(ours.errcode(), code.errcode);

            let ruma = RumaError::from(&ours);
            assert_eq!(ruma.status_code.as_u16(), code.status);
            back_without_loss(&ours, &ruma, &body);
            if code.beyond_spec {
                // ruma may hold a code beyond the spec as it is, or not (it reads
                // `ORG.MATRIX.MSC4155.INVITE_BLOCKED` as `M_INVITE_BLOCKED`, and its `_Custom`
                // drops keys it knows, such as `soft_logout`): whichever body it got, that body
                // reads as the same error.
                let sent = ruma_body_json(&ruma).to_string();
                assert_eq!(
                    Error::from_body(code.status, sent.as_bytes()),
                    ours,
                    "{body}"
                );
                continue;
            }
            // ruma's standard body holds every spec code of the table with its keys.
            let Some(kind) = ruma.error_kind() else {
                panic!("{body}: ruma got {:?}", ruma.body);
            };
            assert_eq!(kind.errcode().to_string(), code.errcode, "{body}");
            assert_eq!(
                Error::from_body(code.status, ruma_body_json(&ruma).to_string().as_bytes()),
                ours,
                "{body}"
            );
        }
    }
}

/// `ours` comes back from `ruma` as it was.
fn back_without_loss(ours: &Error, ruma: &RumaError, body: &Value) {
    let back = Error::from(ruma);
    assert_eq!(back, *ours, "{body}");
    assert_eq!(back.retry_after(), ours.retry_after(), "{body}");
}

#[test]
fn every_code_of_the_table_comes_from_ruma_and_goes_back_without_loss() {
    for code in code_table() {
        for all_keys in [false, true] {
            let body = body(&code, all_keys);
            let standard: StandardErrorBody = serde_json::from_value(body.clone())
                .unwrap_or_else(|error| panic!("ruma reads {body}: {error}"));
            let status = StatusCode::from_u16(code.status).unwrap();
            let ruma = RumaError::new(status, ErrorBody::Standard(standard));

            let ours = Error::from(&ruma);
            // The code ruma writes: the table's, or for an unstable form ruma reads as its
            // stable code, that one.
            let written = ruma_body_json(&ruma)["errcode"].clone();
            assert!(written == body["errcode"] || code.beyond_spec, "{body}");
            assert_eq!(
                (ours.errcode(), ours.status()),
                (written.as_str().unwrap(), code.status)
            );
            assert_eq!(*ours.message(), format!("a {} error", code.errcode));

            let again = RumaError::from(&ours);
            assert_eq!(again.status_code, ruma.status_code);
            assert!(matches!(again.body, ErrorBody::Standard(_)), "{body}");
            assert_eq!(ruma_body_json(&again), ruma_body_json(&ruma), "{body}");
            assert_eq!(again.error_kind(), ruma.error_kind(), "{body}");
        }
    }
}

#[test]
fn custom_codes_keep_every_key() {
    let body = json!({"errcode": "COM.EXAMPLE.APP_QUOTA", "error": "full", "limit": 10, "nested": {"a": [1, 2]}});
    let ours = Error::from_body(403, body.to_string().as_bytes());
    let ruma = RumaError::from(&ours);
    let kind = ruma.error_kind().expect("a standard body");
    assert_eq!(kind.errcode().to_string(), "COM.EXAMPLE.APP_QUOTA");
    assert_eq!(
        kind.custom_json_data()
            .map(|data| Value::Object(data.clone())),
        Some(json!({"limit": 10, "nested": {"a": [1, 2]}}))
    );
    assert_eq!(ruma_body_json(&ruma), body);
    assert_eq!(Error::from(&ruma), ours);
}

/// Where ruma's standard body would drop a key, the body goes over as JSON, every key kept.
#[test]
fn keys_ruma_has_no_place_for_go_over_as_json() {
    for body in [
        // A key the spec does not give this code (Synapse's `limit_type`, a derived field).
        json!({"errcode": "M_FORBIDDEN", "error": "no", "room": "!r:example.org"}),
        json!({"errcode": "M_RESOURCE_LIMIT_EXCEEDED", "error": "MAU", "admin_contact": "mailto:a@b", "limit_type": "monthly_active_user"}),
        // A custom code with a key ruma reads for its own codes.
        json!({"errcode": "COM.EXAMPLE_X", "error": "x", "soft_logout": true, "status": 5}),
        // A required key missing: ruma cannot read it as its kind.
        json!({"errcode": "M_RESOURCE_LIMIT_EXCEEDED", "error": "MAU"}),
        // An explicit `false` that ruma's kind would drop.
        json!({"errcode": "M_USER_LIMIT_EXCEEDED", "error": "x", "info_uri": "https://x", "can_upgrade": false}),
        // An unstable alias ruma reads as the stable code.
        json!({"errcode": "ORG.MATRIX.MSC4155.INVITE_BLOCKED", "error": "blocked"}),
    ] {
        let ours = Error::from_body(403, body.to_string().as_bytes());
        let ruma = RumaError::from(&ours);
        assert!(
            matches!(&ruma.body, ErrorBody::Json(json) if *json == body),
            "{body}: {:?}",
            ruma.body
        );
        assert_eq!(Error::from(&ruma), ours, "{body}");
    }
}

#[test]
fn retry_after_goes_into_ruma_limit_exceeded_both_ways() {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000);
    let cases = [
        RetryAfter::Delay(Duration::from_millis(2500)),
        RetryAfter::Delay(Duration::from_secs(3)),
        RetryAfter::DateTime(at),
    ];
    for retry_after in cases {
        // As the header gives it.
        let ours = Error::new(ErrorKind::LimitExceeded { retry_after: None }, "slow")
            .with_retry_after(retry_after);
        let ruma = RumaError::from(&ours);
        let expected = match retry_after {
            RetryAfter::Delay(delay) => RumaRetryAfter::Delay(delay),
            RetryAfter::DateTime(at) => RumaRetryAfter::DateTime(at),
        };
        assert_eq!(ruma_retry_after(&ruma), Some(expected));
        let back = Error::from(&ruma);
        assert_eq!(back.retry_after(), Some(retry_after));
        assert_eq!(back.errcode(), "M_LIMIT_EXCEEDED");

        // As the kind holds it: back again, the same error.
        let ours = Error::new(
            ErrorKind::LimitExceeded {
                retry_after: Some(retry_after),
            },
            "slow",
        );
        let ruma = RumaError::from(&ours);
        assert_eq!(ruma_retry_after(&ruma), Some(expected));
        let back = Error::from(&ruma);
        assert_eq!(back.retry_after(), Some(retry_after));
        if let RetryAfter::Delay(_) = retry_after {
            assert_eq!(back, ours);
        }
    }

    // As the body gives it: both forms agree.
    let ours = Error::from_body(
        429,
        br#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow","retry_after_ms":1500}"#,
    );
    let ruma = RumaError::from(&ours);
    assert_eq!(
        ruma_retry_after(&ruma),
        Some(RumaRetryAfter::Delay(Duration::from_millis(1500)))
    );
    assert_eq!(Error::from(&ruma), ours);
}

/// What ruma cannot hold, as the module docs list it.
#[test]
fn what_does_not_survive_the_trip_to_ruma() {
    // Both a header and another `retry_after_ms`: ruma keeps one value, the header's.
    let ours = Error::from_body(
        429,
        br#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow","retry_after_ms":1500}"#,
    )
    .with_retry_after(RetryAfter::Delay(Duration::from_secs(5)));
    let ruma = RumaError::from(&ours);
    assert_eq!(
        ruma_retry_after(&ruma),
        Some(RumaRetryAfter::Delay(Duration::from_secs(5)))
    );
    assert_eq!(
        Error::from(&ruma).error_dict()["retry_after_ms"],
        5000,
        "the body's 1500 is gone"
    );

    // A delay only in the header comes back in the body too: ruma writes a delay both ways.
    let ours = Error::new(ErrorKind::LimitExceeded { retry_after: None }, "slow")
        .with_retry_after(RetryAfter::Delay(Duration::from_secs(3)));
    assert!(!ours.error_dict().contains_key("retry_after_ms"));
    let back = Error::from(RumaError::from(&ours));
    assert_eq!(back.error_dict()["retry_after_ms"], 3000);
    assert_eq!(back.retry_after(), ours.retry_after());

    // Retry-After on another code.
    let ours = Error::from_body(503, br#"{"errcode":"M_UNKNOWN","error":"down"}"#)
        .with_retry_after(RetryAfter::Delay(Duration::from_secs(30)));
    assert_eq!(Error::from(RumaError::from(&ours)).retry_after(), None);

    // A status http cannot hold.
    let ours = Error::new(ErrorKind::Unknown, "odd").with_status(0);
    assert_eq!(RumaError::from(&ours).status_code, 500);
}

#[test]
fn bodies_that_are_no_standard_body_come_from_ruma_as_from_body_reads_them() {
    let json = json!({"error": "no errcode", "x": 1});
    let ruma = RumaError::new(StatusCode::BAD_REQUEST, ErrorBody::Json(json.clone()));
    let ours = Error::from(&ruma);
    assert_eq!(ours, Error::from_body(400, json.to_string().as_bytes()));
    assert_eq!(
        (ours.errcode(), ours.message()),
        ("M_UNKNOWN", "no errcode")
    );

    let html = b"<html>Bad Gateway</html>";
    let not_json = serde_json::from_slice::<Value>(html).unwrap_err();
    let ruma = RumaError::new(
        StatusCode::BAD_GATEWAY,
        ErrorBody::NotJson {
            bytes: html.to_vec().into(),
            deserialization_error: not_json.into(),
        },
    );
    let ours = Error::from(ruma);
    assert_eq!(
        (ours.errcode(), ours.status(), ours.message()),
        ("M_UNKNOWN", 502, "Bad Gateway")
    );
}

/// A ruma-based server adopts the derive for its own enum: `?` gives ruma's error type.
#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(namespace = "org.example.server", ruma)]
enum ServerError {
    #[error("you are not a member of {room}")]
    #[matrix(errcode = "M_FORBIDDEN")]
    NotMember {
        #[matrix(field)]
        room: String,
    },
    #[error("token expired")]
    #[matrix(errcode = "M_UNKNOWN_TOKEN", extra(soft_logout = true))]
    SoftLoggedOut,
    #[error("slow down")]
    #[matrix(errcode = "M_LIMIT_EXCEEDED")]
    Slow {
        #[matrix(retry_after)]
        wait: Duration,
    },
    #[error("the database is gone: {0}")]
    #[matrix(errcode = "M_UNKNOWN", status = 500)]
    Db(#[matrix(from)] std::io::Error),
}

fn handler(error: ServerError) -> Result<(), RumaError> {
    let result: Result<(), ServerError> = Err(error);
    result?;
    Ok(())
}

#[test]
fn a_derived_error_converts_into_ruma_error_with_question_mark() {
    let ruma = handler(ServerError::SoftLoggedOut).unwrap_err();
    assert_eq!(ruma.status_code, 401);
    assert!(matches!(
        ruma.error_kind(),
        Some(RumaKind::UnknownToken(data)) if data.soft_logout
    ));

    let ruma = handler(ServerError::Slow {
        wait: Duration::from_millis(2500),
    })
    .unwrap_err();
    assert_eq!(ruma.status_code, 429);
    assert_eq!(
        ruma_retry_after(&ruma),
        Some(RumaRetryAfter::Delay(Duration::from_millis(2500)))
    );

    let ruma = handler(ServerError::from(std::io::Error::other("db01"))).unwrap_err();
    assert_eq!(ruma.to_string(), "[500 / M_UNKNOWN] Internal server error");

    // A field ruma's `M_FORBIDDEN` has no place for: the exact body, as JSON.
    let ruma = handler(ServerError::NotMember {
        room: "!r:x".into(),
    })
    .unwrap_err();
    assert_eq!(ruma.status_code, 403);
    assert!(matches!(ruma.body, ErrorBody::Json(_)));
    assert_eq!(
        ruma_body_json(&ruma),
        json!({"errcode": "M_FORBIDDEN", "error": "you are not a member of !r:x", "room": "!r:x"})
    );
}

/// ruma's kind of every code of the table, as ruma reads the code's body.
fn ruma_kinds() -> Vec<(Code, Value, RumaKind)> {
    let mut kinds = Vec::new();
    for code in code_table() {
        for all_keys in [false, true] {
            let body = body(&code, all_keys);
            let kind: RumaKind = serde_json::from_value(body.clone())
                .unwrap_or_else(|error| panic!("ruma reads {body}: {error}"));
            kinds.push((
                Code {
                    errcode: code.errcode.clone(),
                    beyond_spec: code.beyond_spec,
                    status: code.status,
                    extra: code.extra.clone(),
                },
                body,
                kind,
            ));
        }
    }
    kinds
}

/// `From<ruma's ErrorKind>` maps variant to variant, and agrees with reading ruma's body.
#[test]
fn every_kind_of_ruma_converts_directly_as_its_body_reads() {
    for (code, body, ruma) in ruma_kinds() {
        let direct = ErrorKind::from(ruma.clone());
        let mut ruma_body = serde_json::to_value(&ruma).unwrap();
        ruma_body["error"] = json!("");
        let read = Error::from_body(code.status, ruma_body.to_string().as_bytes());
        assert_eq!(direct, *read.kind(), "{body}");
        // An alias reads into its stable kind (the kind alone keeps no spelling).
        assert!(
            direct.errcode() == code.errcode || code.beyond_spec,
            "{body}: {}",
            direct.errcode()
        );
    }
}

/// A server keeps ruma's kind in its catch-all, as tuwunel does (`Request(ErrorKind, ...)`).
#[derive(Debug, thiserror::Error, MatrixError)]
enum RumaServerError {
    #[error("{1}")]
    Request(#[matrix(kind)] RumaKind, String),
    #[error("{1}")]
    RequestStatus(
        #[matrix(kind)] RumaKind,
        String,
        #[matrix(status)] StatusCode,
    ),
}

#[test]
fn ruma_s_kind_is_a_kind_field() {
    for (_, body, ruma) in ruma_kinds() {
        let error = RumaServerError::Request(ruma.clone(), "from ruma".into());
        // An alias answers its stable code; its body keeps the code ruma holds.
        assert_eq!(
            error.errcode(),
            ErrorKind::from(ruma.clone()).errcode(),
            "{body}"
        );
        assert_eq!(
            error.status(),
            ErrorKind::from(ruma.clone()).status(),
            "{body}"
        );
        // The body is ruma's errcode and keys, with the variant's message.
        let mut expected = serde_json::to_value(&ruma).unwrap();
        expected["error"] = json!(if error.status() >= 500 {
            "Internal server error"
        } else {
            "from ruma"
        });
        assert_eq!(
            serde_json::to_value(matrix_error::Body(&error)).unwrap(),
            expected,
            "{body}"
        );
        assert_eq!(Value::Object(error.error_dict()), expected, "{body}");
        // And it converts into `Error` as that body reads.
        let owned = Error::from(error);
        let read = Error::from_body(owned.status(), expected.to_string().as_bytes());
        assert_eq!(owned, read, "{body}");
    }
    let mut data = ruma_common::api::error::LimitExceededErrorData::new();
    data.retry_after = Some(RumaRetryAfter::Delay(Duration::from_secs(3)));
    let slow = RumaKind::LimitExceeded(data);
    let error =
        RumaServerError::RequestStatus(slow, "slow down".into(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error.status(), 503);
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(3)))
    );
}

/// ruma lends the code of a kind it does not know only as a new value: `errcode()` cannot
/// borrow it, and is `M_UNKNOWN`; everything that goes on the wire carries the exact code.
#[test]
fn a_code_ruma_does_not_know_goes_out_exactly() {
    let body = json!({"errcode": "COM.EXAMPLE_QUOTA", "limit": 3});
    let ruma: RumaKind = serde_json::from_value(body).unwrap();
    assert_eq!(
        ErrorKind::from(ruma.clone()),
        ErrorKind::Custom {
            errcode: "COM.EXAMPLE_QUOTA".into(),
            extra: json!({"limit": 3}).as_object().unwrap().clone(),
        }
    );
    let error = RumaServerError::Request(ruma, "quota".into());
    assert_eq!((error.errcode(), error.status()), ("M_UNKNOWN", 500));
    let expected =
        json!({"errcode": "COM.EXAMPLE_QUOTA", "error": "Internal server error", "limit": 3});
    assert_eq!(
        serde_json::to_value(matrix_error::Body(&error)).unwrap(),
        expected
    );
    assert_eq!(Value::Object(error.error_dict()), expected);
    let owned = Error::from(error);
    assert_eq!(owned.errcode(), "COM.EXAMPLE_QUOTA");
    assert_eq!(serde_json::to_value(&owned).unwrap(), expected);
}
