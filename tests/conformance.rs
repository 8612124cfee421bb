//! Conformance of `Error::from_body` against real-world error bodies.
//!
//! Every fixture is one entry of a table: the status and the body bytes a client received, and
//! what the parser must make of them (errcode, status, message, kind, the extra keys, the
//! `Retry-After` value) and what the error writes back. Each entry names its source: a
//! repository, file and test, a spec file and section, or a Synapse source file and class.
//!
//! Where a source gives only the shape of a body (a Synapse error class whose fields come from
//! its caller or its configuration), the values the caller supplies are marked `chosen`; every
//! other byte is the source's.
//!
//! The rules the expectations follow (issue 3, item 6):
//! - a known code gives its typed kind with its fields; keys the kind does not define stay in
//!   `extra()`;
//! - `error` missing: message "" and the kind kept; `message` sent instead of `error`: used as
//!   the message and also kept in `extra()`;
//! - an optional key of the wrong JSON type: the kind kept, the field None or default, the key
//!   left in `extra()` unchanged;
//! - a required key of the wrong type: the kind kept, its field holding the value's JSON text,
//!   the key left in `extra()` and written back as sent;
//! - a required key missing: `ErrorKind::Custom` with every key; an unknown code: `Custom` with
//!   every key but `errcode` and `error`;
//! - where `ErrorKind` departs from codes.tsv's required/optional column (`Departure` below):
//!   `M_USER_LOCKED`'s `soft_logout: true` is a constant of the kind (missing: the kind, written
//!   back with it; another value: the kind, the key kept as sent); `M_UNKNOWN_TOKEN` always
//!   writes `soft_logout` (of the wrong type: the kind with `false`, the key written as sent
//!   in its place); `M_RESOURCE_LIMIT_EXCEEDED`'s `admin_contact` is optional
//!   in the kind, because Synapse sends `null` by default;
//! - duplicate keys: the last one wins;
//! - not a usable error object (not JSON, not an object, empty, HTML, `errcode` missing or not
//!   a string): `ErrorKind::Unknown`, the status kept, the status's reason phrase as message,
//!   except that an object with an `error` keeps it (a non-string `error` as its JSON text, as
//!   for any body);
//! - written back: the original body, except that `error` is always written (`""` when it was
//!   missing) and `M_UNKNOWN_TOKEN` always writes `soft_logout` (`false` when it was absent).
//!
//! A failing fixture does not stop the others: each test runs its whole table and then lists
//! every fixture that failed, with its body, what was expected and what came out.

mod common;

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use matrix_error::{Error, ErrorKind, MatrixError, RetryAfter};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------------
// The table's entry type and its checker.
// ---------------------------------------------------------------------------------------------

/// What the parsed error must write back.
#[derive(Debug)]
enum Written {
    /// The body as received (parsed as JSON), with these keys added or replaced.
    BodyWith(Value),
    /// Exactly this object.
    Exactly(Value),
    /// Only `errcode` and `error` are checked: the rules do not say what becomes of the other
    /// keys of an object that is not a usable error.
    ErrcodeAndError,
}

/// One fixture: a response as received and what the parser must make of it.
#[derive(Debug)]
struct Fixture {
    /// Where the body comes from.
    source: &'static str,
    status: u16,
    body: Cow<'static, [u8]>,
    errcode: Cow<'static, str>,
    message: Cow<'static, str>,
    kind: ErrorKind,
    /// `None`: the rules leave `extra()` open for this body.
    extra: Option<Value>,
    retry_after: Option<RetryAfter>,
    written: Written,
}

impl Fixture {
    /// A JSON error object of a code the parser knows or does not know. The defaults: the
    /// errcode is the kind's, the message is the body's `error` (or ""), no extra keys, no
    /// `Retry-After`, written back as received.
    fn new(source: &'static str, status: u16, body: &'static str, kind: ErrorKind) -> Fixture {
        let parsed: Value = serde_json::from_str(body)
            .unwrap_or_else(|e| panic!("{source}: the fixture body is not JSON: {e}"));
        let message = parsed
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        Fixture {
            source,
            status,
            body: Cow::Borrowed(body.as_bytes()),
            errcode: Cow::Owned(kind.errcode().to_owned()),
            message: Cow::Owned(message),
            kind,
            extra: Some(json!({})),
            retry_after: None,
            written: Written::BodyWith(json!({})),
        }
    }

    /// A body that is not a usable error object: `M_UNKNOWN`, the status kept, the reason
    /// phrase as message. What is written back is only `errcode` and `error`, as nothing else
    /// can be kept from bytes that are not a JSON object.
    fn unusable(
        source: &'static str,
        status: u16,
        body: &'static [u8],
        reason: &'static str,
    ) -> Fixture {
        Fixture {
            source,
            status,
            body: Cow::Borrowed(body),
            errcode: Cow::Borrowed("M_UNKNOWN"),
            message: Cow::Borrowed(reason),
            kind: ErrorKind::Unknown,
            extra: Some(json!({})),
            retry_after: None,
            written: Written::Exactly(json!({"errcode": "M_UNKNOWN", "error": reason})),
        }
    }

    /// A JSON object that is not a usable error (no `errcode`, or not a string): `M_UNKNOWN`
    /// with `message`; its other keys are left open by the rules.
    fn unusable_object(
        source: &'static str,
        status: u16,
        body: &'static str,
        message: &'static str,
    ) -> Fixture {
        Fixture {
            extra: None,
            written: Written::ErrcodeAndError,
            ..Fixture::unusable(source, status, body.as_bytes(), message)
        }
    }

    fn extra(mut self, extra: Value) -> Fixture {
        self.extra = Some(extra);
        self
    }

    fn message(mut self, message: &'static str) -> Fixture {
        self.message = Cow::Borrowed(message);
        self
    }

    fn retry_after_ms(mut self, ms: u64) -> Fixture {
        self.retry_after = Some(RetryAfter::Delay(Duration::from_millis(ms)));
        self
    }

    /// Written back as received plus these keys (`error: ""`, `soft_logout: false`).
    fn writes_also(mut self, added: Value) -> Fixture {
        self.written = Written::BodyWith(added);
        self
    }
}

/// `ErrorKind::Custom` with these keys.
fn custom(errcode: &str, extra: Value) -> ErrorKind {
    ErrorKind::Custom {
        errcode: errcode.to_owned(),
        extra: object(extra),
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not a JSON object: {other}"),
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "<non-string panic>".to_owned())
}

/// Records a mismatch of `what`.
fn differ(failures: &mut Vec<String>, what: &str, expected: String, actual: String) {
    if expected != actual {
        failures.push(format!(
            "{what}:\n      expected {expected}\n      actual   {actual}"
        ));
    }
}

/// Every way `fixture` is not met; empty when it is.
fn check(fixture: &Fixture) -> Vec<String> {
    let mut failures = Vec::new();
    let parsed = catch_unwind(|| Error::from_body(fixture.status, &fixture.body));
    let error = match parsed {
        Ok(error) => error,
        Err(payload) => {
            return vec![format!("from_body panicked: {}", panic_text(&*payload))];
        }
    };

    let f = &mut failures;
    differ(
        f,
        "status",
        fixture.status.to_string(),
        error.status().to_string(),
    );
    differ(
        f,
        "errcode",
        format!("{:?}", fixture.errcode),
        format!("{:?}", error.errcode()),
    );
    differ(
        f,
        "message",
        format!("{:?}", fixture.message),
        format!("{:?}", error.message()),
    );
    differ(
        f,
        "kind",
        format!("{:?}", fixture.kind),
        format!("{:?}", error.kind()),
    );
    if let Some(extra) = &fixture.extra {
        let actual = Value::Object(error.extra().clone());
        differ(f, "extra()", extra.to_string(), actual.to_string());
    }
    differ(
        f,
        "retry_after()",
        format!("{:?}", fixture.retry_after),
        format!("{:?}", error.retry_after()),
    );

    let written = match serde_json::to_value(&error) {
        Ok(written) => written,
        Err(e) => {
            failures.push(format!("serde_json::to_value failed: {e}"));
            return failures;
        }
    };
    // Body, error_dict and the body behind `dyn MatrixError` agree, `errcode` and `error`
    // come first, no key is written twice.
    match catch_unwind(AssertUnwindSafe(|| common::body(&error))) {
        Ok(body) => {
            if body != written {
                failures.push(format!(
                    "Body and Serialize disagree:\n      Body      {body}\n      Serialize {written}"
                ));
            }
        }
        Err(payload) => failures.push(format!(
            "the written body is inconsistent: {}",
            panic_text(&*payload)
        )),
    }
    let expected = match &fixture.written {
        Written::BodyWith(added) => {
            let mut body: Value = serde_json::from_slice(&fixture.body).expect("a JSON fixture");
            for (key, value) in object(added.clone()) {
                body[key] = value;
            }
            Some(body)
        }
        Written::Exactly(value) => Some(value.clone()),
        Written::ErrcodeAndError => None,
    };
    match expected {
        Some(expected) => {
            if written != expected {
                failures.push(format!(
                    "written back:\n      expected {expected}\n      actual   {written}"
                ));
            }
        }
        None => {
            let pair = json!({"errcode": written.get("errcode"), "error": written.get("error")});
            let expected = json!({"errcode": fixture.errcode, "error": fixture.message});
            if pair != expected {
                failures.push(format!(
                    "written back (errcode, error):\n      expected {expected}\n      actual   {pair}"
                ));
            }
        }
    }
    failures
}

/// Runs every fixture of `table` and panics with all failures at once.
fn run(table: &[Fixture]) {
    let mut report = String::new();
    let mut failed = 0;
    for fixture in table {
        let failures = check(fixture);
        if !failures.is_empty() {
            failed += 1;
            report.push_str(&format!(
                "\n[{}] status {} body {}\n",
                fixture.source,
                fixture.status,
                String::from_utf8_lossy(&fixture.body).escape_debug()
            ));
            for failure in failures {
                report.push_str(&format!("    {failure}\n"));
            }
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} fixtures failed:\n{report}",
        table.len()
    );
}

// ---------------------------------------------------------------------------------------------
// 1. ruma's test vectors.
// ---------------------------------------------------------------------------------------------

/// The bodies ruma's error tests assert. ruma/ruma, crates/ruma-common/src/api/error/tests.rs
/// (commit 2b73deef20dd90576177d454c4e8833603e6a4f2; the same tests lived earlier in
/// crates/ruma-client-api/src/error/tests.rs and, before that, in the tests module of
/// crates/ruma-client-api/src/error.rs), and the tests module of
/// crates/ruma-common/src/api/error/kind_serde.rs (commit 292f0b35665760e5a65918a47389b8f45b512f82).
/// Where ruma's test gives no status, the status is the one the spec fixes for the code.
fn ruma() -> Vec<Fixture> {
    vec![
        Fixture::new(
            "ruma tests.rs deserialize_forbidden",
            403,
            r#"{"errcode": "M_FORBIDDEN", "error": "You are not authorized to ban users in this room."}"#,
            ErrorKind::Forbidden,
        ),
        Fixture::new(
            "ruma tests.rs deserialize_wrong_room_key_version",
            403,
            r#"{"current_version": "42", "errcode": "M_WRONG_ROOM_KEYS_VERSION", "error": "Wrong backup version."}"#,
            ErrorKind::WrongRoomKeysVersion { current_version: "42".into() },
        ),
        Fixture::new(
            "ruma tests.rs deserialize_limit_exceeded_no_retry_after (and serialize_limit_exceeded_retry_after_none)",
            429,
            r#"{"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests"}"#,
            ErrorKind::LimitExceeded { retry_after: None },
        ),
        Fixture::new(
            "ruma tests.rs deserialize_limit_exceeded_retry_after_body",
            429,
            r#"{"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests", "retry_after_ms": 2000}"#,
            ErrorKind::LimitExceeded {
                retry_after: Some(RetryAfter::Delay(Duration::from_millis(2000))),
            },
        )
        .retry_after_ms(2000),
        // ruma's test also sends `Retry-After: 2`, which wins; `from_body` sees no headers, so
        // the body's 3000 ms is what remains. The same body is what
        // serialize_limit_exceeded_retry_after_delay expects ruma to write for a 3 s delay.
        Fixture::new(
            "ruma tests.rs deserialize_limit_exceeded_retry_after_header_over_body (body only); serialize_limit_exceeded_retry_after_delay",
            429,
            r#"{"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests", "retry_after_ms": 3000}"#,
            ErrorKind::LimitExceeded {
                retry_after: Some(RetryAfter::Delay(Duration::from_millis(3000))),
            },
        )
        .retry_after_ms(3000),
        Fixture::new(
            "ruma tests.rs serialize_user_locked",
            401,
            r#"{"errcode": "M_USER_LOCKED", "error": "This account has been locked", "soft_logout": true}"#,
            ErrorKind::UserLocked,
        ),
        // ruma's test gives no status; a custom code has none in the spec (400 chosen).
        Fixture::new(
            "ruma tests.rs deserialize_custom_error_kind (status chosen)",
            400,
            r#"{"errcode": "LOCAL_DEV_ERROR", "error": "You are using the homeserver in local dev mode.", "foo": "bar"}"#,
            custom("LOCAL_DEV_ERROR", json!({"foo": "bar"})),
        ),
        // kind_serde.rs parses the kind alone, so its bodies may lack `error`.
        Fixture::new(
            "ruma kind_serde.rs deserialize_forbidden",
            403,
            r#"{"errcode": "M_FORBIDDEN"}"#,
            ErrorKind::Forbidden,
        )
        .writes_also(json!({"error": ""})),
        Fixture::new(
            "ruma kind_serde.rs deserialize_forbidden_with_extra_fields",
            403,
            r#"{"errcode": "M_FORBIDDEN", "error": "…"}"#,
            ErrorKind::Forbidden,
        ),
        Fixture::new(
            "ruma kind_serde.rs deserialize_incompatible_room_version",
            400,
            r#"{"errcode": "M_INCOMPATIBLE_ROOM_VERSION", "room_version": "7"}"#,
            ErrorKind::IncompatibleRoomVersion { room_version: "7".into() },
        )
        .writes_also(json!({"error": ""})),
        // ruma/ruma crates/ruma-client-api/src/error.rs (commit
        // 0053da1b2a2dae94460300fd21b83a04513c6395), test deserialize_insufficient_scope
        // (feature unstable-msc2967): M_FORBIDDEN with a 401 status.
        Fixture::new(
            "ruma ruma-client-api error.rs deserialize_insufficient_scope",
            401,
            r#"{"errcode": "M_FORBIDDEN", "error": "Insufficient privilege"}"#,
            ErrorKind::Forbidden,
        ),
    ]
}

#[test]
fn ruma_test_vectors() {
    run(&ruma());
}

// ---------------------------------------------------------------------------------------------
// 2. Trixnity's test vectors.
// ---------------------------------------------------------------------------------------------

/// The bodies Trixnity's client tests feed its error parser. benkuly/trixnity (commit
/// 19f5b09c3cec204085edfec872b4104cc3a8b209), under
/// trixnity-clientserverapi/trixnity-clientserverapi-client/src/commonTest/kotlin/de/connect2x/trixnity/clientserverapi/client/:
/// ErrorResponseTest.kt and MatrixClientServerApiBaseClientTest.kt. The Kotlin raw strings'
/// indentation is left out (JSON whitespace).
fn trixnity() -> Vec<Fixture> {
    vec![
        // ErrorResponseTest gives no status; 429 is the spec's for the code.
        Fixture::new(
            "trixnity ErrorResponseTest.shouldDeserializeErrorResponse / shouldSerializeErrorResponse",
            429,
            r#"{"errcode":"M_LIMIT_EXCEEDED","error":"liiiimit","retry_after_ms":1234}"#,
            ErrorKind::LimitExceeded {
                retry_after: Some(RetryAfter::Delay(Duration::from_millis(1234))),
            },
        )
        .retry_after_ms(1234),
        // No status in the test; a custom code has none in the spec (400 chosen).
        Fixture::new(
            "trixnity ErrorResponseTest.shouldDeserializeUnknownErrorResponse (status chosen)",
            400,
            r#"{"errcode":"ANANAS","error":"oh"}"#,
            custom("ANANAS", json!({})),
        ),
        Fixture::new(
            "trixnity MatrixClientServerApiBaseClientTest.itShouldCallOnLogout",
            401,
            r#"{"errcode": "M_UNKNOWN_TOKEN", "error": "Only unicorns accepted", "soft_logout": true}"#,
            ErrorKind::UnknownToken { soft_logout: true },
        ),
        Fixture::new(
            "trixnity MatrixClientServerApiBaseClientTest.`Classic - should refresh token`",
            401,
            r#"{"errcode": "M_UNKNOWN_TOKEN", "error": "Soft logged out (access token expired)", "soft_logout": true}"#,
            ErrorKind::UnknownToken { soft_logout: true },
        ),
        Fixture::new(
            "trixnity MatrixClientServerApiBaseClientTest.itShouldCallOnLogoutOnLocked",
            401,
            r#"{"errcode": "M_USER_LOCKED", "error": "you are blocked", "soft_logout": true}"#,
            ErrorKind::UserLocked,
        ),
        Fixture::new(
            "trixnity MatrixClientServerApiBaseClientTest.uiaRequestShouldReturnError",
            404,
            r#"{"errcode": "M_NOT_FOUND", "error": "not found"}"#,
            ErrorKind::NotFound,
        ),
        // A user-interactive-auth 401 that also carries an error: Trixnity expects
        // ErrorResponse.NotFound("") beside the UIA state; the UIA keys stay in extra().
        Fixture::new(
            "trixnity MatrixClientServerApiBaseClientTest.uiaRequestShouldReturnErrorAndAllowAuthenticate",
            401,
            r#"{
              "errcode": "M_NOT_FOUND",
              "error":"",
              "flows":[
                {"stages":["m.login.password"]},
                {"stages":["m.login.sso","m.login.recaptcha"]}
              ],
              "params": {
                  "example.type.baz": {"example_key": "foobar"},
                  "m.login.terms": {
                      "policies": {
                          "terms_of_service": {
                              "version": "1.2",
                              "en": {"name": "Terms of Service", "url": "https://example.org/somewhere/terms-1.2-en.html"},
                              "fr": {"name": "Conditions d'utilisation", "url": "https://example.org/somewhere/terms-1.2-fr.html"}
                          }
                      }
                  }
              },
              "session":"session1"
            }"#,
            ErrorKind::NotFound,
        )
        .extra(json!({
            "flows": [
                {"stages": ["m.login.password"]},
                {"stages": ["m.login.sso", "m.login.recaptcha"]}
            ],
            "params": {
                "example.type.baz": {"example_key": "foobar"},
                "m.login.terms": {
                    "policies": {
                        "terms_of_service": {
                            "version": "1.2",
                            "en": {"name": "Terms of Service", "url": "https://example.org/somewhere/terms-1.2-en.html"},
                            "fr": {"name": "Conditions d'utilisation", "url": "https://example.org/somewhere/terms-1.2-fr.html"}
                        }
                    }
                }
            },
            "session": "session1"
        })),
        // A 401 whose JSON body is no error object. Trixnity turns it into a synthesized
        // ErrorResponse.BadJson("response could not be parsed to ErrorResponse ..."); the rules
        // here give M_UNKNOWN with the reason phrase.
        Fixture::unusable_object(
            "trixnity MatrixClientServerApiBaseClientTest.itShouldNotRetryWithTokenOnNever",
            401,
            r#"{"status":"ok"}"#,
            "Unauthorized",
        ),
    ]
}

#[test]
fn trixnity_test_vectors() {
    run(&trixnity());
}

// ---------------------------------------------------------------------------------------------
// 3. What Synapse sends.
// ---------------------------------------------------------------------------------------------

/// Bodies of Synapse's error classes, as its JSON resources write them: `error_dict()` of the
/// class, encoded as canonical JSON (keys sorted, no spaces; `JsonResource` has
/// `canonical_json=True`). element-hq/synapse, synapse/api/errors.py (commit
/// 001b1ec4d58e32905ed3388ee8763320046edcfc) and synapse/http/server.py (commit
/// 047cb24872fccc445f4750d9cc42b0d90d278ab1). Values that come from the caller or the
/// configuration are marked `chosen`.
fn synapse() -> Vec<Fixture> {
    vec![
        // http/server.py JsonResource._get_handler_for_request / UnrecognizedRequestResource:
        // UnrecognizedRequestError(code=404), default message "Unrecognized request".
        Fixture::new(
            "synapse http/server.py: no route -> UnrecognizedRequestError(code=404)",
            404,
            r#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#,
            ErrorKind::Unrecognized,
        ),
        // The route exists, the method does not: UnrecognizedRequestError(code=405).
        Fixture::new(
            "synapse http/server.py: known path, unknown method -> UnrecognizedRequestError(code=405)",
            405,
            r#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#,
            ErrorKind::Unrecognized,
        ),
        // http/server.py return_json_error: any exception that is not a SynapseError.
        Fixture::new(
            "synapse http/server.py return_json_error: unhandled exception",
            500,
            r#"{"errcode":"M_UNKNOWN","error":"Internal server error"}"#,
            ErrorKind::Unknown,
        ),
        // errors.py LimitExceededError: message "Too Many Requests", retry_after_ms as given
        // (2000 chosen); Retry-After: ceil(ms / 1000) in the header.
        Fixture::new(
            "synapse errors.py LimitExceededError(retry_after_ms=2000 chosen)",
            429,
            r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":2000}"#,
            ErrorKind::LimitExceeded {
                retry_after: Some(RetryAfter::Delay(Duration::from_millis(2000))),
            },
        )
        .retry_after_ms(2000),
        // LimitExceededError.error_dict writes retry_after_ms even when it is None (the
        // constructor's default): `null`, which is not the spec's integer. An optional key of
        // the wrong type: the kind is kept and the key stays in extra().
        Fixture::new(
            "synapse errors.py LimitExceededError(retry_after_ms=None)",
            429,
            r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":null}"#,
            ErrorKind::LimitExceeded { retry_after: None },
        )
        .extra(json!({"retry_after_ms": null})),
        // errors.py InvalidClientTokenError(): default message, and soft_logout always
        // written, false by default.
        Fixture::new(
            "synapse errors.py InvalidClientTokenError()",
            401,
            r#"{"errcode":"M_UNKNOWN_TOKEN","error":"Unrecognised access token","soft_logout":false}"#,
            ErrorKind::UnknownToken { soft_logout: false },
        ),
        // synapse/rest/client/login.py: a non-appservice token on m.login.application_service.
        Fixture::new(
            "synapse rest/client/login.py InvalidClientTokenError(\"This login method is only valid for application services\")",
            401,
            r#"{"errcode":"M_UNKNOWN_TOKEN","error":"This login method is only valid for application services","soft_logout":false}"#,
            ErrorKind::UnknownToken { soft_logout: false },
        ),
        Fixture::new(
            "synapse errors.py MissingClientTokenError()",
            401,
            r#"{"errcode":"M_MISSING_TOKEN","error":"Missing access token"}"#,
            ErrorKind::MissingToken,
        ),
        Fixture::new(
            "synapse errors.py UserLockedError()",
            401,
            r#"{"errcode":"M_USER_LOCKED","error":"User account has been locked","soft_logout":true}"#,
            ErrorKind::UserLocked,
        ),
        // api/auth_blocking.py raises ResourceLimitError(403, "Monthly Active User Limit
        // Exceeded", admin_contact=config admin_contact, limit_type="monthly_active_user");
        // error_dict writes admin_contact and limit_type. limit_type is no key of the spec's.
        Fixture::new(
            "synapse api/auth_blocking.py ResourceLimitError, MAU limit (admin_contact chosen)",
            403,
            r#"{"admin_contact":"mailto:admin@example.org","errcode":"M_RESOURCE_LIMIT_EXCEEDED","error":"Monthly Active User Limit Exceeded","limit_type":"monthly_active_user"}"#,
            ErrorKind::ResourceLimitExceeded { admin_contact: Some("mailto:admin@example.org".into()) },
        )
        .extra(json!({"limit_type": "monthly_active_user"})),
        // The same with `admin_contact` not configured (config/server.py:
        // config.get("admin_contact", None)): Synapse writes `"admin_contact": null`, where the
        // spec says the key MUST be there (a string). The kind keeps it optional for this
        // reason: the typed kind, the null kept as sent.
        Fixture::new(
            "synapse api/auth_blocking.py ResourceLimitError, MAU limit, admin_contact not configured",
            403,
            r#"{"admin_contact":null,"errcode":"M_RESOURCE_LIMIT_EXCEEDED","error":"Monthly Active User Limit Exceeded","limit_type":"monthly_active_user"}"#,
            ErrorKind::ResourceLimitExceeded { admin_contact: None },
        )
        .extra(json!({"admin_contact": null, "limit_type": "monthly_active_user"})),
        // hs_disabled: the message is config hs_disabled_message, "" by default.
        Fixture::new(
            "synapse api/auth_blocking.py ResourceLimitError, hs_disabled (admin_contact chosen, default message)",
            403,
            r#"{"admin_contact":"mailto:admin@example.org","errcode":"M_RESOURCE_LIMIT_EXCEEDED","error":"","limit_type":"hs_disabled"}"#,
            ErrorKind::ResourceLimitExceeded { admin_contact: Some("mailto:admin@example.org".into()) },
        )
        .extra(json!({"limit_type": "hs_disabled"})),
        Fixture::new(
            "synapse errors.py ConsentNotGivenError (message and consent_uri chosen)",
            403,
            r#"{"consent_uri":"https://example.org/_matrix/consent?u=alice&h=68a","errcode":"M_CONSENT_NOT_GIVEN","error":"To continue using this homeserver you must review and agree to the terms and conditions at https://example.org/_matrix/consent?u=alice&h=68a"}"#,
            ErrorKind::ConsentNotGiven {
                consent_uri: "https://example.org/_matrix/consent?u=alice&h=68a".into(),
            },
        ),
        Fixture::new(
            "synapse errors.py IncompatibleRoomVersionError (room_version chosen)",
            400,
            r#"{"errcode":"M_INCOMPATIBLE_ROOM_VERSION","error":"Your homeserver does not support the features required to interact with this room","room_version":"11"}"#,
            ErrorKind::IncompatibleRoomVersion { room_version: "11".into() },
        ),
        Fixture::new(
            "synapse errors.py RoomKeysVersionError (current_version chosen)",
            403,
            r#"{"current_version":"2","errcode":"M_WRONG_ROOM_KEYS_VERSION","error":"Wrong room_keys version"}"#,
            ErrorKind::WrongRoomKeysVersion { current_version: "2".into() },
        ),
        Fixture::new(
            "synapse errors.py FederationDeniedError (destination chosen)",
            403,
            r#"{"errcode":"M_FORBIDDEN","error":"Federation denied with evil.example.org."}"#,
            ErrorKind::Forbidden,
        ),
        // M_FORBIDDEN with a 401 (plus a WWW-Authenticate header).
        Fixture::new(
            "synapse errors.py OAuthInsufficientScopeError",
            401,
            r#"{"errcode":"M_FORBIDDEN","error":"Insufficient scope"}"#,
            ErrorKind::Forbidden,
        ),
        // UnstableSpecAuthError with experimental msc3848_enabled: the old code in errcode and
        // the proposed one in a namespaced key.
        Fixture::new(
            "synapse errors.py UnstableSpecAuthError, msc3848 enabled (message chosen)",
            403,
            r#"{"errcode":"M_FORBIDDEN","error":"User @alice:example.org not in room !room:example.org","org.matrix.msc3848.unstable.errcode":"ORG.MATRIX.MSC3848.NOT_JOINED"}"#,
            ErrorKind::Forbidden,
        )
        .extra(json!({"org.matrix.msc3848.unstable.errcode": "ORG.MATRIX.MSC3848.NOT_JOINED"})),
        Fixture::new(
            "synapse errors.py NotFoundError()",
            404,
            r#"{"errcode":"M_NOT_FOUND","error":"Not found"}"#,
            ErrorKind::NotFound,
        ),
        Fixture::new(
            "synapse errors.py UnredactedContentDeletedError (content_keep_ms chosen)",
            404,
            r#"{"errcode":"FI.MAU.MSC2815_UNREDACTED_CONTENT_DELETED","error":"The content for that event has already been erased from the database","fi.mau.msc2815.content_keep_ms":86400000}"#,
            ErrorKind::UnredactedContentDeleted {
                content_keep_ms: Some(86_400_000),
            },
        ),
        // synapse/api/auth (account validity): AuthError(403, "User account has expired",
        // errcode=Codes.EXPIRED_ACCOUNT). An underscore namespace, not the spec's dotted form:
        // the table holds it all the same.
        Fixture::new(
            "synapse api/auth AuthError(403, \"User account has expired\", Codes.EXPIRED_ACCOUNT)",
            403,
            r#"{"errcode":"ORG_MATRIX_EXPIRED_ACCOUNT","error":"User account has expired"}"#,
            ErrorKind::ExpiredAccount,
        ),
        Fixture::new(
            "synapse api/auth AuthError(403, \"Guest access not allowed\", Codes.GUEST_ACCESS_FORBIDDEN)",
            403,
            r#"{"errcode":"M_GUEST_ACCESS_FORBIDDEN","error":"Guest access not allowed"}"#,
            ErrorKind::GuestAccessForbidden,
        ),
        Fixture::new(
            "synapse errors.py SlidingSyncUnknownPosition",
            400,
            r#"{"errcode":"M_UNKNOWN_POS","error":"Unknown position"}"#,
            ErrorKind::UnknownPos,
        ),
        // InvalidCaptchaError() writes error_url even when it is None.
        Fixture::new(
            "synapse errors.py InvalidCaptchaError()",
            400,
            r#"{"errcode":"M_CAPTCHA_INVALID","error":"Invalid captcha.","error_url":null}"#,
            ErrorKind::CaptchaInvalid,
        )
        .extra(json!({"error_url": null})),
        Fixture::new(
            "synapse errors.py UnsupportedRoomVersionError()",
            400,
            r#"{"errcode":"M_UNSUPPORTED_ROOM_VERSION","error":"Homeserver does not support this room version"}"#,
            ErrorKind::UnsupportedRoomVersion,
        ),
        Fixture::new(
            "synapse errors.py PasswordRefusedError()",
            400,
            r#"{"errcode":"M_WEAK_PASSWORD","error":"This password doesn't comply with the server's policy"}"#,
            ErrorKind::WeakPassword,
        ),
    ]
}

#[test]
fn synapse_error_classes() {
    run(&synapse());
}

// ---------------------------------------------------------------------------------------------
// 4. The Matrix spec's examples.
// ---------------------------------------------------------------------------------------------

/// Examples from the Matrix spec: matrix-org/matrix-spec, content/client-server-api/_index.md
/// and the OpenAPI files under data/api/ (each entry names its file and response), and the
/// accepted proposal MSC4335 (matrix-org/matrix-spec-proposals,
/// proposals/4335-user-limit-exceeded.md) for M_USER_LIMIT_EXCEEDED.
fn spec() -> Vec<Fixture> {
    let uia_extra = json!({
        "completed": ["example.type.foo"],
        "flows": [
            {"stages": ["example.type.foo", "example.type.bar"]},
            {"stages": ["example.type.foo", "example.type.baz"]}
        ],
        "params": {"example.type.baz": {"example_key": "foobar"}},
        "session": "xxxxxx"
    });
    vec![
        // "User-interactive authentication API": a failed stage answers the 401 UIA body with
        // errcode and error added.
        Fixture::new(
            "spec client-server-api/_index.md, User-interactive authentication API (failed stage)",
            401,
            r#"{
              "errcode": "M_FORBIDDEN",
              "error": "Invalid password",
              "completed": [ "example.type.foo" ],
              "flows": [
                { "stages": [ "example.type.foo", "example.type.bar" ] },
                { "stages": [ "example.type.foo", "example.type.baz" ] }
              ],
              "params": { "example.type.baz": { "example_key": "foobar" } },
              "session": "xxxxxx"
            }"#,
            ErrorKind::Forbidden,
        )
        .extra(uia_extra),
        // The same section's "error message in the standard format": an M_ code no spec
        // version defines.
        Fixture::new(
            "spec client-server-api/_index.md, User-interactive authentication API (other failure)",
            400,
            r#"{"errcode": "M_EXAMPLE_ERROR", "error": "Something was wrong"}"#,
            custom("M_EXAMPLE_ERROR", json!({})),
        ),
        // data/api/client-server/definitions/errors/rate_limited.yaml, the example values of
        // RateLimitError's properties (as every 429 response of the spec renders them).
        Fixture::new(
            "spec data/api/client-server/definitions/errors/rate_limited.yaml (RateLimitError)",
            429,
            r#"{"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests", "retry_after_ms": 2000}"#,
            ErrorKind::LimitExceeded {
                retry_after: Some(RetryAfter::Delay(Duration::from_millis(2000))),
            },
        )
        .retry_after_ms(2000),
        Fixture::new(
            "spec data/api/client-server/refresh.yaml, POST /refresh 401",
            401,
            r#"{"errcode": "M_UNKNOWN_TOKEN", "error": "Soft logged out", "soft_logout": true}"#,
            ErrorKind::UnknownToken { soft_logout: true },
        ),
        Fixture::new(
            "spec data/api/client-server/key_backup.yaml, PUT /room_keys/keys/{roomId}/{sessionId} 403",
            403,
            r#"{"errcode": "M_WRONG_ROOM_KEYS_VERSION", "error": "Wrong backup version.", "current_version": "42"}"#,
            ErrorKind::WrongRoomKeysVersion { current_version: "42".into() },
        ),
        Fixture::new(
            "spec data/api/client-server/key_backup.yaml, GET /room_keys/version/{version} 404",
            404,
            r#"{"errcode": "M_NOT_FOUND", "error": "Unknown backup version"}"#,
            ErrorKind::NotFound,
        ),
        Fixture::new(
            "spec data/api/client-server/key_backup.yaml, PUT /room_keys/version/{version} 400",
            400,
            r#"{"errcode": "M_INVALID_PARAM", "error": "Algorithm does not match"}"#,
            ErrorKind::InvalidParam,
        ),
        Fixture::new(
            "spec data/api/client-server/appservice_ping.yaml, POST /appservice/{appserviceId}/ping 502",
            502,
            r#"{"errcode": "M_BAD_STATUS", "error": "Ping returned status 401", "status": 401, "body": "{\"errcode\": \"M_UNKNOWN_TOKEN\"}"}"#,
            ErrorKind::BadStatus {
                status: Some(401),
                body: Some(r#"{"errcode": "M_UNKNOWN_TOKEN"}"#.into()),
            },
        ),
        Fixture::new(
            "spec data/api/client-server/appservice_ping.yaml, 400",
            400,
            r#"{"errcode": "M_URL_NOT_SET", "error": "Application service doesn't have a URL configured"}"#,
            ErrorKind::UrlNotSet,
        ),
        Fixture::new(
            "spec data/api/client-server/appservice_ping.yaml, 403",
            403,
            r#"{"errcode": "M_FORBIDDEN", "error": "Provided access token is not the appservice's as_token"}"#,
            ErrorKind::Forbidden,
        ),
        Fixture::new(
            "spec data/api/client-server/appservice_ping.yaml, 504",
            504,
            r#"{"errcode": "M_CONNECTION_TIMEOUT", "error": "Connection to application service timed out"}"#,
            ErrorKind::ConnectionTimeout,
        ),
        Fixture::new(
            "spec data/api/server-server/joins-v1.yaml, GET /make_join 400",
            400,
            r#"{"errcode": "M_INCOMPATIBLE_ROOM_VERSION", "error": "Your homeserver does not support the features required to join this room", "room_version": "3"}"#,
            ErrorKind::IncompatibleRoomVersion { room_version: "3".into() },
        ),
        // The YAML example has a trailing comma after the last member; left out here.
        Fixture::new(
            "spec data/api/server-server/joins-v1.yaml, GET /make_join 403",
            403,
            r#"{"errcode": "M_FORBIDDEN", "error": "You are not invited to this room"}"#,
            ErrorKind::Forbidden,
        ),
        Fixture::new(
            "spec client-server-api/_index.md, Account locking",
            401,
            r#"{"errcode": "M_USER_LOCKED", "error": "This account has been locked", "soft_logout": true}"#,
            ErrorKind::UserLocked,
        ),
        Fixture::new(
            "spec client-server-api/_index.md, Account suspension",
            403,
            r#"{"errcode": "M_USER_SUSPENDED", "error": "You cannot perform this action while suspended."}"#,
            ErrorKind::UserSuspended,
        ),
        // MSC4335 names 403 as the status for the media upload endpoint.
        Fixture::new(
            "MSC4335 proposals/4335-user-limit-exceeded.md, soft limit example",
            403,
            r#"{"errcode": "M_USER_LIMIT_EXCEEDED", "error": "You have exceeded your storage quota of 10GB", "info_uri": "https://example.com/homeserver/about?limit_type=quota", "can_upgrade": true}"#,
            ErrorKind::UserLimitExceeded {
                info_uri: "https://example.com/homeserver/about?limit_type=quota".into(),
                can_upgrade: Some(true),
            },
        ),
        Fixture::new(
            "MSC4335 proposals/4335-user-limit-exceeded.md, hard limit example",
            403,
            r#"{"errcode": "M_USER_LIMIT_EXCEEDED", "error": "User has exceeded their storage quota of 10GB", "info_uri": "https://example.com/homeserver/about?limit_type=quota"}"#,
            ErrorKind::UserLimitExceeded {
                info_uri: "https://example.com/homeserver/about?limit_type=quota".into(),
                can_upgrade: None,
            },
        ),
        Fixture::new(
            "MSC4335 proposals/4335-user-limit-exceeded.md, unstable prefix example",
            403,
            r#"{"errcode": "ORG.MATRIX.MSC4335_USER_LIMIT_EXCEEDED", "error": "User has exceeded their fair usage limit of 2GB", "org.matrix.msc4335.info_uri": "https://example.com/homeserver/about?limit_type=quota", "org.matrix.msc4335.can_upgrade": true}"#,
            custom(
                "ORG.MATRIX.MSC4335_USER_LIMIT_EXCEEDED",
                json!({
                    "org.matrix.msc4335.info_uri": "https://example.com/homeserver/about?limit_type=quota",
                    "org.matrix.msc4335.can_upgrade": true
                }),
            ),
        ),
    ]
}

#[test]
fn spec_examples() {
    run(&spec());
}

// ---------------------------------------------------------------------------------------------
// Other servers and proxies.
// ---------------------------------------------------------------------------------------------

/// The HTML page nginx sends for a 502 (server_tokens off): ngx_http_error_502_page followed
/// by ngx_http_error_tail, nginx src/http/ngx_http_special_response.c.
const NGINX_502: &[u8] = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// Bodies of other real servers.
fn other_servers() -> Vec<Fixture> {
    vec![
        // element-hq/matrix-authentication-service, crates/handlers/src/compat/login.rs
        // (commit d7037c5599e812fd20e40be04bff87eef05aae67), test_login_token_login: a locked
        // account, 401, and no `soft_logout`, which the spec says is always true for this
        // code. The kind holds it as a constant: the typed kind, written back with it.
        Fixture::new(
            "matrix-authentication-service compat/login.rs test_login_token_login (locked account)",
            401,
            r#"{"errcode": "M_USER_LOCKED", "error": "User account has been locked"}"#,
            ErrorKind::UserLocked,
        )
        .writes_also(json!({"soft_logout": true})),
        // Same file, test_unsupported_login: M_UNKNOWN with a 400, where the status is the
        // better signal.
        Fixture::new(
            "matrix-authentication-service compat/login.rs test_unsupported_login",
            400,
            r#"{"errcode": "M_UNKNOWN", "error": "Invalid login type"}"#,
            ErrorKind::Unknown,
        ),
        Fixture::new(
            "matrix-authentication-service compat/login.rs test_login_token_login (invalid token)",
            403,
            r#"{"errcode": "M_FORBIDDEN", "error": "Invalid login token"}"#,
            ErrorKind::Forbidden,
        ),
        // A reverse proxy's HTML in front of a homeserver. Synapse itself, proxying a request
        // that fails like this (synapse/api/errors.py HttpResponseException.to_synapse_error),
        // answers M_UNKNOWN with the status kept and the reason phrase as the message.
        Fixture::unusable(
            "nginx ngx_http_special_response.c 502 page",
            502,
            NGINX_502,
            "Bad Gateway",
        ),
    ]
}

#[test]
fn other_servers_and_proxies() {
    run(&other_servers());
}

// ---------------------------------------------------------------------------------------------
// The rules' edge cases that no fixture above shows.
// ---------------------------------------------------------------------------------------------

/// Bodies written for the rules themselves (no external source).
fn rule_cases() -> Vec<Fixture> {
    vec![
        Fixture::unusable("rules: empty body", 504, b"", "Gateway Timeout"),
        Fixture::unusable("rules: plain text", 500, b"Internal Server Error", "Internal Server Error"),
        Fixture::unusable("rules: JSON, not an object (string)", 502, br#""Bad Gateway""#, "Bad Gateway"),
        Fixture::unusable("rules: JSON, not an object (array)", 502, b"[]", "Bad Gateway"),
        Fixture::unusable("rules: JSON null", 502, b"null", "Bad Gateway"),
        Fixture::unusable("rules: not UTF-8", 502, b"\xff\xfe{", "Bad Gateway"),
        Fixture::unusable("rules: truncated JSON", 502, br#"{"errcode": "M_FORB"#, "Bad Gateway"),
        Fixture::unusable_object("rules: empty object", 500, "{}", "Internal Server Error"),
        // Synapse's to_synapse_error does the same with such a proxied body (M_UNKNOWN, the
        // body's error text); it also keeps the other keys, which the rules leave open.
        Fixture::unusable_object(
            "rules: object without errcode keeps its error text",
            400,
            r#"{"error": "Identity server rejected the request"}"#,
            "Identity server rejected the request",
        ),
        Fixture::unusable_object(
            "rules: errcode not a string",
            403,
            r#"{"errcode": 403, "error": "Forbidden here"}"#,
            "Forbidden here",
        ),
        Fixture::unusable_object(
            "rules: errcode not a string, error not a string",
            403,
            r#"{"errcode": null, "error": 12}"#,
            "12",
        ),
        Fixture::new(
            "rules: `message` instead of `error`",
            403,
            r#"{"errcode": "M_FORBIDDEN", "message": "You may not"}"#,
            ErrorKind::Forbidden,
        )
        .message("You may not")
        .extra(json!({"message": "You may not"}))
        .writes_also(json!({"error": "You may not"})),
        Fixture::new(
            "rules: `error` missing, M_UNKNOWN_TOKEN without soft_logout",
            401,
            r#"{"errcode": "M_UNKNOWN_TOKEN"}"#,
            ErrorKind::UnknownToken { soft_logout: false },
        )
        .writes_also(json!({"error": "", "soft_logout": false})),
        Fixture::new(
            "rules: duplicate key, the last wins (error)",
            403,
            r#"{"errcode": "M_FORBIDDEN", "error": "first", "error": "second"}"#,
            ErrorKind::Forbidden,
        )
        .message("second"),
        Fixture::new(
            "rules: duplicate key, the last wins (errcode)",
            404,
            r#"{"errcode": "M_FORBIDDEN", "errcode": "M_NOT_FOUND", "error": "gone"}"#,
            ErrorKind::NotFound,
        ),
        Fixture::new(
            "rules: optional key of the wrong type (retry_after_ms as a string)",
            429,
            r#"{"errcode": "M_LIMIT_EXCEEDED", "error": "slow down", "retry_after_ms": "2000"}"#,
            ErrorKind::LimitExceeded { retry_after: None },
        )
        .extra(json!({"retry_after_ms": "2000"})),
        Fixture::new(
            "rules: optional key of the wrong type (retry_after_ms negative)",
            429,
            r#"{"errcode": "M_LIMIT_EXCEEDED", "error": "slow down", "retry_after_ms": -5}"#,
            ErrorKind::LimitExceeded { retry_after: None },
        )
        .extra(json!({"retry_after_ms": -5})),
        Fixture::new(
            "rules: optional key of the wrong type (can_upgrade as a string)",
            403,
            r#"{"errcode": "M_USER_LIMIT_EXCEEDED", "error": "quota", "info_uri": "https://example.org/q", "can_upgrade": "yes"}"#,
            ErrorKind::UserLimitExceeded {
                info_uri: "https://example.org/q".into(),
                can_upgrade: None,
            },
        )
        .extra(json!({"can_upgrade": "yes"})),
        Fixture::new(
            "rules: required key of the wrong type (room_version a number)",
            400,
            r#"{"errcode": "M_INCOMPATIBLE_ROOM_VERSION", "error": "no", "room_version": 11}"#,
            ErrorKind::IncompatibleRoomVersion {
                room_version: "11".into(),
            },
        )
        .extra(json!({"room_version": 11})),
        Fixture::new(
            "rules: required key missing (consent_uri)",
            403,
            r#"{"errcode": "M_CONSENT_NOT_GIVEN", "error": "consent", "policy": "v1"}"#,
            custom("M_CONSENT_NOT_GIVEN", json!({"policy": "v1"})),
        ),
        Fixture::new(
            "rules: admin_contact missing, optional in the kind (Departure::OptionalInKind)",
            403,
            r#"{"errcode": "M_RESOURCE_LIMIT_EXCEEDED", "error": "full", "limit_type": "monthly_active_user"}"#,
            ErrorKind::ResourceLimitExceeded { admin_contact: None },
        )
        .extra(json!({"limit_type": "monthly_active_user"})),
        // A known code with an unexpected status keeps its kind and the status received.
        Fixture::new(
            "rules: errcode is the primary signal (M_NOT_FOUND with 400)",
            400,
            r#"{"errcode": "M_NOT_FOUND", "error": "No such room"}"#,
            ErrorKind::NotFound,
        ),
    ]
}

#[test]
fn rule_edge_cases() {
    run(&rule_cases());
}

// ---------------------------------------------------------------------------------------------
// 5. Every code of the code table.
// ---------------------------------------------------------------------------------------------

const CODES: &str = include_str!("../matrix-error-derive/codes.tsv");

/// One extra key of a code: `name:json_type:required|optional`.
struct Key {
    name: String,
    json_type: String,
    required: bool,
}

/// One row of the code table.
struct Row {
    errcode: String,
    /// The code whose kind this one reads as: its own, or for an alias (an unstable form of a
    /// stable code) the stable code.
    kind_code: String,
    status: u16,
    keys: Vec<Key>,
}

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for line in CODES.lines() {
        if line.starts_with('#') || line.starts_with("errcode\t") || line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            columns.len(),
            11,
            "a row of codes.tsv has eleven columns: {line:?}"
        );
        let status = match columns[1] {
            "-" => columns[2],
            fixed => fixed,
        };
        let keys = match columns[3] {
            "-" => Vec::new(),
            keys => keys
                .split(',')
                .map(|key| {
                    let parts: Vec<&str> = key.split(':').collect();
                    assert_eq!(
                        parts.len(),
                        3,
                        "an extra key is name:type:required: {key:?}"
                    );
                    Key {
                        name: parts[0].to_owned(),
                        json_type: parts[1].to_owned(),
                        required: match parts[2] {
                            "required" => true,
                            "optional" => false,
                            other => panic!("neither required nor optional: {other:?}"),
                        },
                    }
                })
                .collect(),
        };
        rows.push(Row {
            errcode: columns[0].to_owned(),
            kind_code: match columns[6] {
                "-" => columns[0],
                stable => stable,
            }
            .to_owned(),
            status: status.parse().expect("a numeric status"),
            keys,
        });
    }
    assert!(rows.len() > 60, "codes.tsv read: {} rows", rows.len());
    rows
}

/// A sample value of a JSON type, and one of another type.
fn sample(json_type: &str) -> (Value, Value) {
    match json_type {
        "string" => (json!("sample-value"), json!(12)),
        "integer" => (json!(429), json!("429")),
        "boolean" => (json!(true), json!("true")),
        other => panic!("codes.tsv names a JSON type this test does not know: {other:?}"),
    }
}

/// Where `ErrorKind` departs from codes.tsv's required/optional column, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Departure {
    /// The kind writes this key itself with a fixed value (`M_USER_LOCKED`'s
    /// `soft_logout: true`): missing, the kind adds it; another value, the kind with the key
    /// kept as sent.
    Constant(bool),
    /// Optional, but the kind always writes it (`M_UNKNOWN_TOKEN`'s `soft_logout`, `false` when
    /// absent): of the wrong type, the kind with `false`, the key written as sent in its place.
    AlwaysWritten,
    /// Required by the spec, optional in the kind: Synapse sends `admin_contact: null` by
    /// default.
    OptionalInKind,
}

impl Departure {
    fn of(errcode: &str, key: &str) -> Option<Departure> {
        match (errcode, key) {
            ("M_USER_LOCKED", "soft_logout") => Some(Departure::Constant(true)),
            ("M_UNKNOWN_TOKEN", "soft_logout") => Some(Departure::AlwaysWritten),
            ("M_RESOURCE_LIMIT_EXCEEDED", "admin_contact") => Some(Departure::OptionalInKind),
            _ => None,
        }
    }
}

/// What must come of `body` for the row: not `Custom`, or `Custom` with every key.
enum Outcome {
    /// The typed kind of the code, these keys in extra(), written back as received plus
    /// `writes_also`.
    Typed { extra: Value, writes_also: Value },
    /// `Custom` with every key but errcode and error.
    Custom,
}

fn check_generated(row: &Row, case: &str, body: &Value, outcome: &Outcome) -> Vec<String> {
    let bytes = serde_json::to_vec(body).expect("serializes");
    let message = body["error"].as_str().unwrap_or("").to_owned();
    let (kind, extra, written) = match outcome {
        Outcome::Typed { extra, writes_also } => {
            let mut written = body.clone();
            for (key, value) in object(writes_also.clone()) {
                written[key] = value;
            }
            // The typed kind is checked by its errcode and by not being Custom; its fields by
            // what is written back.
            (None, extra.clone(), written)
        }
        Outcome::Custom => {
            let mut every_key = object(body.clone());
            every_key.remove("errcode");
            every_key.remove("error");
            (
                Some(ErrorKind::Custom {
                    errcode: row.errcode.clone(),
                    extra: every_key,
                }),
                json!({}),
                body.clone(),
            )
        }
    };
    let fixture = Fixture {
        source: "codes.tsv",
        status: row.status,
        body: Cow::Owned(bytes),
        errcode: Cow::Owned(row.errcode.clone()),
        message: Cow::Owned(message),
        kind: kind.clone().unwrap_or(ErrorKind::Unknown),
        extra: Some(extra),
        retry_after: None,
        written: Written::Exactly(written),
    };
    let mut failures: Vec<String> = check(&fixture)
        .into_iter()
        // The typed kind and retry_after are checked below instead.
        .filter(|f| {
            let typed_kind = kind.is_none() && f.starts_with("kind:");
            !typed_kind && !f.starts_with("retry_after()")
        })
        .collect();
    let parsed = catch_unwind(|| Error::from_body(fixture.status, &fixture.body));
    if let (None, Ok(error)) = (&kind, parsed) {
        if matches!(error.kind(), ErrorKind::Custom { .. }) {
            failures.push(format!(
                "kind: expected the typed kind of {}, got {:?}",
                row.errcode,
                error.kind()
            ));
        }
        if error.kind().errcode() != row.kind_code {
            failures.push(format!("kind: errcode {:?}", error.kind().errcode()));
        }
        let retry = body.get("retry_after_ms").and_then(Value::as_u64);
        let expected = retry.map(|ms| RetryAfter::Delay(Duration::from_millis(ms)));
        if row.kind_code == "M_LIMIT_EXCEEDED" && error.retry_after() != expected {
            failures.push(format!(
                "retry_after(): expected {expected:?}, got {:?}",
                error.retry_after()
            ));
        }
    }
    failures
        .into_iter()
        .map(|f| {
            format!(
                "{} [{case}] {}: {f}",
                row.errcode,
                String::from_utf8_lossy(&fixture.body)
            )
        })
        .collect()
}

/// For every row of codes.tsv, bodies built from its extra-key column: with every key (sample
/// values by JSON type), with the required keys only, without each required key, with each
/// key of the wrong JSON type. Each must parse as the rules say and write back the body.
#[test]
fn every_code_of_the_table() {
    let mut failures = Vec::new();
    let rows = rows();
    for row in &rows {
        let base =
            json!({"errcode": row.errcode, "error": format!("generated body for {}", row.errcode)});
        let soft_logout_default = |body: &Value| {
            if row.kind_code == "M_UNKNOWN_TOKEN" && body.get("soft_logout").is_none() {
                json!({"soft_logout": false})
            } else {
                json!({})
            }
        };

        // Every key, sample values.
        let mut full = base.clone();
        for key in &row.keys {
            full[&key.name] = sample(&key.json_type).0;
        }
        let outcome = Outcome::Typed {
            extra: json!({}),
            writes_also: soft_logout_default(&full),
        };
        failures.extend(check_generated(row, "every key", &full, &outcome));

        // Required keys only.
        let mut minimal = base.clone();
        for key in row.keys.iter().filter(|k| k.required) {
            minimal[&key.name] = sample(&key.json_type).0;
        }
        let outcome = Outcome::Typed {
            extra: json!({}),
            writes_also: soft_logout_default(&minimal),
        };
        failures.extend(check_generated(
            row,
            "required keys only",
            &minimal,
            &outcome,
        ));

        for key in &row.keys {
            let departure = Departure::of(&row.kind_code, &key.name);
            // Without this key, if it is required: Custom with every key.
            if key.required {
                let mut without = full.clone();
                without.as_object_mut().unwrap().remove(&key.name);
                let outcome = match departure {
                    Some(Departure::Constant(value)) => Outcome::Typed {
                        extra: json!({}),
                        writes_also: json!({ key.name.as_str(): value }),
                    },
                    Some(Departure::OptionalInKind) => Outcome::Typed {
                        extra: json!({}),
                        writes_also: json!({}),
                    },
                    _ => Outcome::Custom,
                };
                failures.extend(check_generated(
                    row,
                    &format!("without {}", key.name),
                    &without,
                    &outcome,
                ));
            }
            // This key of the wrong type, required or not: the kind kept (its field `None`, its
            // default, or for a required text the value's JSON text), the key in extra()
            // unchanged and written back as sent (issue 16: a known code keeps its kind).
            let mut wrong = full.clone();
            wrong[&key.name] = sample(&key.json_type).1;
            let mut extra = Map::new();
            extra.insert(key.name.clone(), wrong[&key.name].clone());
            let outcome = Outcome::Typed {
                extra: Value::Object(extra),
                writes_also: json!({}),
            };
            failures.extend(check_generated(
                row,
                &format!("{} of the wrong type", key.name),
                &wrong,
                &outcome,
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} generated bodies failed (of {} codes):\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// The table test itself reads every row: a code missing from `ErrorKind` would show as
/// `Custom` above, so check the reading once here.
#[test]
fn the_table_is_read() {
    let rows = rows();
    let lines = CODES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("errcode\t") && !l.trim().is_empty())
        .count();
    assert_eq!(rows.len(), lines);
    let with_keys: Vec<&str> = rows
        .iter()
        .filter(|r| !r.keys.is_empty())
        .map(|r| r.errcode.as_str())
        .collect();
    assert!(with_keys.contains(&"M_LIMIT_EXCEEDED") && with_keys.contains(&"M_BAD_STATUS"));
}
