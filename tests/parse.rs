//! `Error::from_body`: what it reads from every kind of body, and what it keeps.

mod common;

use std::time::Duration;

use matrix_error::{Error, ErrorKind, MatrixError, RetryAfter};
use serde_json::{Value, json};

fn parse(status: u16, body: impl AsRef<[u8]>) -> Error {
    Error::from_body(status, body.as_ref())
}

/// The error's body, checked by the shared helper (Body = error_dict, no key twice).
fn reserialized(error: &Error) -> Value {
    common::body(error)
}

#[test]
fn a_standard_body_gives_its_typed_kind() {
    let error = parse(
        429,
        r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}"#,
    );
    assert_eq!(error.status(), 429);
    assert_eq!(error.message(), "Too many requests");
    assert_eq!(
        error.kind(),
        &ErrorKind::LimitExceeded {
            retry_after: Some(RetryAfter::Delay(Duration::from_millis(2000)))
        }
    );
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(2)))
    );
    assert!(error.extra().is_empty(), "the kind holds retry_after_ms");
}

#[test]
fn every_extra_key_of_the_spec_is_parsed_into_its_field() {
    let cases: [(&str, ErrorKind); 8] = [
        (
            r#"{"errcode":"M_UNKNOWN_TOKEN","error":"x","soft_logout":true}"#,
            ErrorKind::UnknownToken { soft_logout: true },
        ),
        (
            r#"{"errcode":"M_INCOMPATIBLE_ROOM_VERSION","error":"x","room_version":"11"}"#,
            ErrorKind::IncompatibleRoomVersion {
                room_version: "11".into(),
            },
        ),
        (
            r#"{"errcode":"M_RESOURCE_LIMIT_EXCEEDED","error":"x","admin_contact":"mailto:a@b.c"}"#,
            ErrorKind::ResourceLimitExceeded {
                admin_contact: Some("mailto:a@b.c".into()),
            },
        ),
        (
            r#"{"errcode":"M_WRONG_ROOM_KEYS_VERSION","error":"x","current_version":"7"}"#,
            ErrorKind::WrongRoomKeysVersion {
                current_version: "7".into(),
            },
        ),
        (
            r#"{"errcode":"M_USER_LIMIT_EXCEEDED","error":"x","info_uri":"https://a/b","can_upgrade":true}"#,
            ErrorKind::UserLimitExceeded {
                info_uri: "https://a/b".into(),
                can_upgrade: Some(true),
            },
        ),
        (
            r#"{"errcode":"M_BAD_STATUS","error":"x","status":502,"body":"<html>"}"#,
            ErrorKind::BadStatus {
                status: Some(502),
                body: Some("<html>".into()),
            },
        ),
        (
            r#"{"errcode":"M_CONSENT_NOT_GIVEN","error":"x","consent_uri":"https://a/c"}"#,
            ErrorKind::ConsentNotGiven {
                consent_uri: "https://a/c".into(),
            },
        ),
        (
            r#"{"errcode":"M_USER_LOCKED","error":"x","soft_logout":true}"#,
            ErrorKind::UserLocked,
        ),
    ];
    for (body, kind) in cases {
        let error = parse(400, body);
        assert_eq!(error.kind(), &kind, "{body}");
        assert!(error.extra().is_empty(), "{body}: {:?}", error.extra());
        let original: Value = serde_json::from_str(body).unwrap();
        assert_eq!(reserialized(&error), original, "{body}");
    }
}

#[test]
fn keys_the_kind_does_not_define_are_kept_on_known_codes() {
    // Synapse's ResourceLimitError adds `limit_type`.
    let body = r#"{"errcode":"M_RESOURCE_LIMIT_EXCEEDED","error":"This server has exceeded its monthly active user limit","admin_contact":"mailto:admin@example.org","limit_type":"monthly_active_user"}"#;
    let error = parse(403, body);
    assert_eq!(
        error.kind(),
        &ErrorKind::ResourceLimitExceeded {
            admin_contact: Some("mailto:admin@example.org".into())
        }
    );
    assert_eq!(error.extra().len(), 1);
    assert_eq!(error.extra()["limit_type"], "monthly_active_user");
    assert_eq!(
        serde_json::to_string(&error).unwrap(),
        body,
        "byte for byte"
    );
    assert_eq!(
        Value::Object(error.error_dict()),
        serde_json::from_str::<Value>(body).unwrap()
    );
}

#[test]
fn an_unknown_code_gives_custom_with_every_key() {
    let body = r#"{"errcode":"COM.EXAMPLE.BILLING_EXPIRED_ACCOUNT","error":"expired","renewal":{"url":"https://x"},"n":[1,2]}"#;
    let error = parse(403, body);
    let ErrorKind::Custom { errcode, extra } = error.kind() else {
        panic!("{:?}", error.kind());
    };
    assert_eq!(errcode, "COM.EXAMPLE.BILLING_EXPIRED_ACCOUNT");
    assert_eq!(
        Value::Object(extra.clone()),
        json!({"renewal":{"url":"https://x"},"n":[1,2]})
    );
    assert_eq!(error.status(), 403);
    assert_eq!(
        reserialized(&error),
        serde_json::from_str::<Value>(body).unwrap()
    );
    // The unstable form of a stable code (an alias in the code table) reads as the stable
    // kind, and keeps the code it came with.
    let unstable =
        r#"{"errcode":"IO.ELEMENT.MSC4190.M_APPSERVICE_LOGIN_UNSUPPORTED","error":"no"}"#;
    let error = parse(400, unstable);
    assert_eq!(
        (error.kind(), error.errcode()),
        (
            &ErrorKind::AppserviceLoginUnsupported,
            "IO.ELEMENT.MSC4190.M_APPSERVICE_LOGIN_UNSUPPORTED"
        )
    );
    assert_eq!(
        reserialized(&error),
        serde_json::from_str::<Value>(unstable).unwrap()
    );
}

#[test]
fn a_missing_error_keeps_the_kind_and_gives_an_empty_message() {
    let error = parse(429, r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":10}"#);
    assert!(matches!(error.kind(), ErrorKind::LimitExceeded { .. }));
    assert_eq!(error.message(), "");
    assert_eq!(error.to_string(), "M_LIMIT_EXCEEDED (429)");
    assert_eq!(
        reserialized(&error),
        json!({"errcode":"M_LIMIT_EXCEEDED","error":"","retry_after_ms":10})
    );
    // `null` reads as missing.
    assert_eq!(
        parse(404, r#"{"errcode":"M_NOT_FOUND","error":null}"#).message(),
        ""
    );
}

#[test]
fn message_sent_instead_of_error_is_the_message_and_is_kept() {
    let error = parse(403, r#"{"errcode":"M_FORBIDDEN","message":"not allowed"}"#);
    assert_eq!(error.kind(), &ErrorKind::Forbidden);
    assert_eq!(error.message(), "not allowed");
    assert_eq!(
        reserialized(&error),
        json!({"errcode":"M_FORBIDDEN","error":"not allowed","message":"not allowed"})
    );
    // With both, `error` is the message and `message` stays a key.
    let both = parse(
        403,
        r#"{"errcode":"M_FORBIDDEN","error":"a","message":"b"}"#,
    );
    assert_eq!(both.message(), "a");
    assert_eq!(both.extra()["message"], "b");
}

#[test]
fn a_non_string_error_is_kept_as_its_json_text() {
    let error = parse(400, r#"{"errcode":"M_BAD_JSON","error":{"at":"line 1"}}"#);
    assert_eq!(error.kind(), &ErrorKind::BadJson);
    assert_eq!(error.message(), r#"{"at":"line 1"}"#);
    let number = parse(400, r#"{"errcode":"M_BAD_JSON","error":42}"#);
    assert_eq!(number.message(), "42");
    assert_eq!(
        reserialized(&number),
        json!({"errcode": "M_BAD_JSON", "error": "42"})
    );
    // `null` is no `error`: the `message` some servers send instead, else "".
    let null = parse(
        400,
        r#"{"errcode":"M_BAD_JSON","error":null,"message":"bad"}"#,
    );
    assert_eq!(null.message(), "bad");
}

#[test]
fn an_optional_key_of_the_wrong_type_keeps_the_kind_and_the_key() {
    let body = r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow","retry_after_ms":"2000"}"#;
    let error = parse(429, body);
    assert_eq!(
        error.kind(),
        &ErrorKind::LimitExceeded { retry_after: None }
    );
    assert_eq!(error.extra()["retry_after_ms"], "2000");
    assert_eq!(error.retry_after(), None);
    assert_eq!(serde_json::to_string(&error).unwrap(), body);

    for ms in ["-5", "1.5", "null", "[]", "18446744073709551616"] {
        let body = format!(r#"{{"errcode":"M_LIMIT_EXCEEDED","error":"","retry_after_ms":{ms}}}"#);
        let error = parse(429, &body);
        assert_eq!(
            error.kind(),
            &ErrorKind::LimitExceeded { retry_after: None },
            "{ms}"
        );
        assert_eq!(
            reserialized(&error),
            serde_json::from_str::<Value>(&body).unwrap(),
            "{ms}"
        );
    }

    let body = r#"{"errcode":"M_USER_LIMIT_EXCEEDED","error":"","info_uri":"https://a","can_upgrade":"yes"}"#;
    let error = parse(403, body);
    assert_eq!(
        error.kind(),
        &ErrorKind::UserLimitExceeded {
            info_uri: "https://a".into(),
            can_upgrade: None
        }
    );
    assert_eq!(error.extra()["can_upgrade"], "yes");
    assert_eq!(serde_json::to_string(&error).unwrap(), body);

    let body = r#"{"errcode":"M_BAD_STATUS","error":"","status":"502","body":{"html":true}}"#;
    let error = parse(502, body);
    assert_eq!(
        error.kind(),
        &ErrorKind::BadStatus {
            status: None,
            body: None
        }
    );
    assert_eq!(
        reserialized(&error),
        serde_json::from_str::<Value>(body).unwrap()
    );
}

#[test]
fn a_required_key_missing_gives_custom_with_every_key() {
    let body = r#"{"errcode":"M_INCOMPATIBLE_ROOM_VERSION","error":"x"}"#;
    let error = parse(400, body);
    let ErrorKind::Custom { errcode, .. } = error.kind() else {
        panic!("{body}: {:?}", error.kind());
    };
    assert_eq!(errcode, error.errcode());
    assert_eq!(serde_json::to_string(&error).unwrap(), body, "nothing lost");
}

/// A known code keeps its kind whatever the type of its keys (issue 16); the key stays in
/// `extra()` and the body is written back as it came.
#[test]
fn a_key_of_the_wrong_type_keeps_the_kind_and_the_key_as_sent() {
    let cases = [
        (
            r#"{"errcode":"M_INCOMPATIBLE_ROOM_VERSION","error":"x","room_version":11}"#,
            ErrorKind::IncompatibleRoomVersion {
                room_version: "11".into(),
            },
        ),
        (
            r#"{"errcode":"M_WRONG_ROOM_KEYS_VERSION","error":"x","current_version":5}"#,
            ErrorKind::WrongRoomKeysVersion {
                current_version: "5".into(),
            },
        ),
        (
            r#"{"errcode":"M_WRONG_ROOM_KEYS_VERSION","error":"x","current_version":null}"#,
            ErrorKind::WrongRoomKeysVersion {
                current_version: "null".into(),
            },
        ),
        (
            r#"{"errcode":"M_UNKNOWN_TOKEN","error":"x","soft_logout":"true"}"#,
            ErrorKind::UnknownToken { soft_logout: false },
        ),
        (
            r#"{"errcode":"M_USER_LOCKED","error":"x","soft_logout":false}"#,
            ErrorKind::UserLocked,
        ),
        (
            r#"{"errcode":"M_LIMIT_EXCEEDED","error":"x","retry_after_ms":-5}"#,
            ErrorKind::LimitExceeded { retry_after: None },
        ),
        (
            r#"{"errcode":"M_LIMIT_EXCEEDED","error":"x","retry_after_ms":1500.5}"#,
            ErrorKind::LimitExceeded { retry_after: None },
        ),
    ];
    for (body, kind) in cases {
        let error = parse(400, body);
        assert_eq!(error.kind(), &kind, "{body}");
        let sent: Value = serde_json::from_str(body).unwrap();
        let (key, value) = (sent.as_object().unwrap().iter())
            .find(|(key, _)| !["errcode", "error"].contains(&key.as_str()))
            .unwrap();
        assert_eq!(
            error.extra().get(key),
            Some(value),
            "{body}: the key as sent"
        );
        assert_eq!(serde_json::to_string(&error).unwrap(), body, "nothing lost");
        assert_eq!(parse(400, serde_json::to_string(&error).unwrap()), error);
    }
    // A fractional delay is a delay; a negative one is none.
    let fractional = parse(
        429,
        r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500.5}"#,
    );
    assert_eq!(
        fractional.retry_after(),
        Some(RetryAfter::Delay(Duration::from_micros(1_500_500)))
    );
    let negative = parse(429, r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":-5}"#);
    assert_eq!(negative.retry_after(), None);
    assert!(negative.is_retryable());
}

#[test]
fn soft_logout_defaults_to_false_and_is_always_written() {
    let error = parse(401, r#"{"errcode":"M_UNKNOWN_TOKEN","error":"x"}"#);
    assert_eq!(
        error.kind(),
        &ErrorKind::UnknownToken { soft_logout: false }
    );
    assert_eq!(
        reserialized(&error),
        json!({"errcode":"M_UNKNOWN_TOKEN","error":"x","soft_logout":false})
    );
}

#[test]
fn a_duplicate_key_takes_the_last_value() {
    let error = parse(
        403,
        r#"{"errcode":"M_NOT_FOUND","errcode":"M_FORBIDDEN","error":"a","error":"b","k":1,"k":2}"#,
    );
    assert_eq!(error.kind(), &ErrorKind::Forbidden);
    assert_eq!(error.message(), "b");
    assert_eq!(error.extra()["k"], 2);
}

#[test]
fn escaped_strings_are_read() {
    let error = parse(
        403,
        r#"{"errcode":"M_FORBI\u0044DEN","error":"caf\u00e9 \"x\"","k\u0065y":"\ud83d\ude00"}"#,
    );
    assert_eq!(error.kind(), &ErrorKind::Forbidden);
    assert_eq!(error.message(), "café \"x\"");
    assert_eq!(error.extra()["key"], "😀");
}

/// A body that is not an error object: `M_UNKNOWN`, the status kept, the reason phrase.
#[track_caller]
fn assert_unusable(status: u16, body: &[u8], phrase: &str) {
    let error = Error::from_body(status, body);
    assert_eq!(error.kind(), &ErrorKind::Unknown, "{body:?}");
    assert_eq!(error.status(), status, "{body:?}");
    assert_eq!(error.message(), phrase, "{body:?}");
}

#[test]
fn bodies_that_are_not_error_objects_give_m_unknown_with_the_reason_phrase() {
    assert_unusable(502, b"", "Bad Gateway");
    assert_unusable(
        502,
        b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        "Bad Gateway",
    );
    assert_unusable(
        503,
        b"upstream connect error or disconnect/reset before headers",
        "Service Unavailable",
    );
    assert_unusable(504, b"   \n", "Gateway Timeout");
    assert_unusable(500, b"null", "Internal Server Error");
    assert_unusable(500, b"[]", "Internal Server Error");
    assert_unusable(
        500,
        b"[{\"errcode\":\"M_FORBIDDEN\"}]",
        "Internal Server Error",
    );
    assert_unusable(400, b"\"M_FORBIDDEN\"", "Bad Request");
    assert_unusable(404, b"42", "Not Found");
    assert_unusable(401, b"{}", "Unauthorized");
    assert_unusable(413, b"{\"errcode\":null}", "Content Too Large");
    assert_unusable(429, b"{\"errcode\":7}", "Too Many Requests");
    assert_unusable(400, b"{\"errcode\":\"M_FORBIDDEN\"", "Bad Request");
    assert_unusable(
        400,
        b"{\"errcode\":\"M_FORBIDDEN\"} trailing",
        "Bad Request",
    );
    assert_unusable(418, b"{", "I'm a teapot");
    // Statuses without a phrase of their own get their class's.
    assert_unusable(499, b"", "Client Error");
    assert_unusable(599, b"", "Server Error");
    assert_unusable(200, b"", "Unknown Error");
    assert_unusable(0, b"", "Unknown Error");
}

#[test]
fn an_object_without_errcode_keeps_its_keys_and_its_error_text() {
    let error = parse(404, r#"{"error":"Not found here","path":"/x"}"#);
    assert_eq!(error.kind(), &ErrorKind::Unknown);
    assert_eq!(error.message(), "Not found here");
    assert_eq!(error.extra()["path"], "/x");
    // Mastodon-style `{"error": ...}` and Zulip-style `msg` keep what was sent.
    let zulip = parse(
        400,
        r#"{"result":"error","msg":"Invalid stream","code":"BAD_REQUEST"}"#,
    );
    assert_eq!(zulip.message(), "Bad Request");
    assert_eq!(zulip.extra().len(), 3);
}

#[test]
fn deep_nesting_is_refused_not_followed() {
    let nested = |depth: usize, close: bool| {
        let end = if close {
            "]".repeat(depth)
        } else {
            String::new()
        };
        format!(
            r#"{{"errcode":"M_FORBIDDEN","error":"x","deep":{}{end}}}"#,
            "[".repeat(depth)
        )
    };
    // serde_json follows 127 levels below the top: the object and 126 arrays are read...
    let error = parse(403, nested(126, true));
    assert_eq!(error.kind(), &ErrorKind::Forbidden);
    assert_eq!(error.extra()["deep"].to_string().len(), 2 * 126);
    // ...and one more is refused, however deep it goes, without overflowing the stack.
    for depth in [127, 10_000, 1_000_000] {
        assert_unusable(403, nested(depth, true).as_bytes(), "Forbidden");
        assert_unusable(403, nested(depth, false).as_bytes(), "Forbidden");
    }
}

#[test]
fn invalid_utf8_is_read_with_replacement_characters() {
    // Latin-1 `é` from a misconfigured proxy.
    let error = parse(403, b"{\"errcode\":\"M_FORBIDDEN\",\"error\":\"caf\xe9\"}");
    assert_eq!(error.kind(), &ErrorKind::Forbidden);
    assert_eq!(error.message(), "caf\u{fffd}");
    let key = parse(400, b"{\"errcode\":\"COM.X_Y\",\"k\xff\":\"\xfe\"}");
    assert_eq!(key.error_dict()["k\u{fffd}"], "\u{fffd}");
    assert_unusable(400, b"\xff\xfe\x00", "Bad Request");
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let error = parse(
        404,
        b"\xEF\xBB\xBF{\"errcode\":\"M_NOT_FOUND\",\"error\":\"x\"}",
    );
    assert_eq!(error.kind(), &ErrorKind::NotFound);
}

#[test]
fn the_status_is_kept_as_given() {
    for status in [0, 200, 400, 404, 429, 500, 599, 999, u16::MAX] {
        let error = parse(status, r#"{"errcode":"M_NOT_FOUND","error":"x"}"#);
        assert_eq!(error.status(), status);
        assert_eq!(error.kind(), &ErrorKind::NotFound);
    }
}

#[test]
fn the_retry_after_header_wins_over_the_body() {
    let body = r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow","retry_after_ms":2000}"#;
    let error = parse(429, body);
    let header: RetryAfter = "Wed, 21 Oct 2065 07:28:00 GMT".parse().unwrap();
    let with_header = error.clone().with_retry_after(header);
    assert_eq!(with_header.retry_after(), Some(header));
    assert_eq!(
        serde_json::to_string(&with_header).unwrap(),
        body,
        "the body keeps what the server sent"
    );
    assert_ne!(with_header, error);
    // A header equal to the body's value changes nothing.
    let same = error.clone().with_retry_after("2".parse().unwrap());
    assert_eq!(same, error);
    // A header on a code without retry_after_ms.
    let busy = parse(503, r#"{"errcode":"M_UNKNOWN","error":"busy"}"#)
        .with_retry_after("120".parse().unwrap());
    assert_eq!(
        busy.retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(120)))
    );
    assert_eq!(
        reserialized(&busy),
        json!({"errcode":"M_UNKNOWN","error":"busy"})
    );
}

#[test]
fn deserialize_agrees_with_from_body() {
    for body in [
        r#"{"errcode":"M_LIMIT_EXCEEDED","error":"x","retry_after_ms":5,"other":true}"#,
        r#"{"errcode":"M_UNKNOWN_TOKEN","soft_logout":true}"#,
        r#"{"errcode":"COM.EXAMPLE_X","error":"y","k":[1]}"#,
        r#"{"errcode":"M_INCOMPATIBLE_ROOM_VERSION","error":"x"}"#,
        r#"{"errcode":"M_FORBIDDEN","message":"m"}"#,
    ] {
        let parsed = Error::from_body(400, body.as_bytes());
        let deserialized: Error = serde_json::from_str(body).unwrap();
        assert_eq!(deserialized.clone().with_status(400), parsed, "{body}");
        assert_eq!(
            deserialized.status(),
            parsed.kind().status(),
            "the kind's status"
        );
        let kind: ErrorKind = serde_json::from_str(body).unwrap();
        assert_eq!(&kind, parsed.kind(), "{body}");
        // Also from a serde_json::Value (owned strings, no borrowing).
        let value: Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            serde_json::from_value::<Error>(value).unwrap(),
            deserialized
        );
    }
}

#[test]
fn deserialize_refuses_what_is_not_an_error_body() {
    for body in [
        "[]",
        "null",
        "\"M_FORBIDDEN\"",
        "{}",
        r#"{"error":"x"}"#,
        r#"{"errcode":1}"#,
    ] {
        let error = serde_json::from_str::<Error>(body).unwrap_err();
        assert!(serde_json::from_str::<ErrorKind>(body).is_err(), "{body}");
        let text = error.to_string();
        assert!(
            text.contains("errcode") || text.contains("Matrix error body"),
            "{body}: {text}"
        );
    }
}
