//! User-interactive authentication: the spec's 401 bodies, served and read back unchanged.
//!
//! The fixtures are every UIA body of the spec (matrix-org/matrix-spec at
//! d0ba2aaef801e0134a4e5c6054a2c2f41bb55531), as collected in
//! `/work/research/issue13/spec_error_examples.json` (the entries whose body has `flows`):
//! the schema example of `data/api/client-server/definitions/auth_response.yaml`, which the
//! spec renders for seven endpoints, and the four bodies of `content/client-server-api/_index.md`
//! (the first challenge, the challenge after a completed stage, a failed stage, and the
//! `m.login.terms` example).

use matrix_error::uiaa::{AuthFlow, UiaaInfo};
use matrix_error::{Body, Error, ErrorKind, MatrixError};
use serde_json::Value;

/// A spec body: where it is, the endpoint it is rendered for, the body.
struct Fixture {
    source: &'static str,
    endpoint: Option<&'static str>,
    body: &'static str,
}

/// The schema example, as the spec renders it for each of these endpoints.
const AUTH_RESPONSE: &str = r#"{"flows":[{"stages":["example.type.foo"]}],"params":{"example.type.baz":{"example_key":"foobar"}},"session":"xxxxxxyz","completed":["example.type.foo"]}"#;

const FIXTURES: &[Fixture] = &[
    Fixture {
        source: "data/api/client-server/account_deactivation.yaml",
        endpoint: Some("POST /account/deactivate"),
        body: AUTH_RESPONSE,
    },
    Fixture {
        source: "data/api/client-server/administrative_contact.yaml",
        endpoint: Some("POST /account/3pid/add"),
        body: AUTH_RESPONSE,
    },
    Fixture {
        source: "data/api/client-server/device_management.yaml",
        endpoint: Some("DELETE /devices/{deviceId}"),
        body: AUTH_RESPONSE,
    },
    Fixture {
        source: "data/api/client-server/device_management.yaml",
        endpoint: Some("POST /delete_devices"),
        body: AUTH_RESPONSE,
    },
    Fixture {
        source: "data/api/client-server/login_token.yaml",
        endpoint: Some("POST /login/get_token"),
        body: AUTH_RESPONSE,
    },
    Fixture {
        source: "data/api/client-server/password_management.yaml",
        endpoint: Some("POST /account/password"),
        body: AUTH_RESPONSE,
    },
    Fixture {
        source: "data/api/client-server/registration.yaml",
        endpoint: Some("POST /register"),
        body: AUTH_RESPONSE,
    },
    // "User-interactive authentication API": the first 401, no errcode.
    Fixture {
        source: "content/client-server-api/_index.md:741",
        endpoint: None,
        body: r#"{"flows":[{"stages":["example.type.foo","example.type.bar"]},{"stages":["example.type.foo","example.type.baz"]}],"params":{"example.type.baz":{"example_key":"foobar"}},"session":"xxxxxx"}"#,
    },
    // The 401 after a completed stage, no errcode.
    Fixture {
        source: "content/client-server-api/_index.md:810",
        endpoint: None,
        body: r#"{"completed":["example.type.foo"],"flows":[{"stages":["example.type.foo","example.type.bar"]},{"stages":["example.type.foo","example.type.baz"]}],"params":{"example.type.baz":{"example_key":"foobar"}},"session":"xxxxxx"}"#,
    },
    // A failed stage: 401 with the stage's errcode and error.
    Fixture {
        source: "content/client-server-api/_index.md:844",
        endpoint: None,
        body: r#"{"errcode":"M_FORBIDDEN","error":"Invalid password","completed":["example.type.foo"],"flows":[{"stages":["example.type.foo","example.type.bar"]},{"stages":["example.type.foo","example.type.baz"]}],"params":{"example.type.baz":{"example_key":"foobar"}},"session":"xxxxxx"}"#,
    },
    // `m.login.terms`, step 2.
    Fixture {
        source: "content/client-server-api/_index.md:1235",
        endpoint: Some("POST /_matrix/client/v3/register"),
        body: r#"{"flows":[{"stages":["m.login.terms"]}],"params":{"m.login.terms":{"policies":{"terms_of_service":{"version":"1.2","en":{"name":"Terms of Service","url":"https://example.org/somewhere/terms-1.2-en.html"},"fr":{"name":"Conditions d'utilisation","url":"https://example.org/somewhere/terms-1.2-fr.html"}}}}},"session":"kasgjaelkgj"}"#,
    },
];

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("the fixture is JSON")
}

impl Fixture {
    fn name(&self) -> String {
        match self.endpoint {
            Some(endpoint) => format!("{} ({endpoint})", self.source),
            None => self.source.to_owned(),
        }
    }

    fn value(&self) -> Value {
        json(self.body)
    }

    fn has_errcode(&self) -> bool {
        self.value().get("errcode").is_some()
    }

    /// The auth state the fixture describes, built field by field from its JSON.
    fn info(&self) -> UiaaInfo {
        let value = self.value();
        let strings = |key: &str| -> Vec<String> {
            (value
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten())
            .map(|stage| stage.as_str().unwrap().to_owned())
            .collect()
        };
        let flows = value["flows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|flow| AuthFlow {
                stages: (flow["stages"].as_array().unwrap().iter())
                    .map(|stage| stage.as_str().unwrap().to_owned())
                    .collect(),
            });
        UiaaInfo {
            flows: flows.collect(),
            completed: strings("completed"),
            params: value["params"].as_object().unwrap().clone(),
            session: value["session"].as_str().map(str::to_owned),
            auth_error: value["errcode"].as_str().map(|_| {
                Error::new(ErrorKind::Forbidden, value["error"].as_str().unwrap()).with_status(401)
            }),
        }
    }
}

#[test]
fn the_fixtures_are_the_spec_s() {
    assert_eq!(FIXTURES.len(), 11);
    let without_errcode = FIXTURES.iter().filter(|f| !f.has_errcode()).count();
    assert_eq!(
        without_errcode, 10,
        "the research counts 10 UIA bodies without errcode"
    );
}

#[test]
fn every_spec_body_is_read_and_written_back_unchanged() {
    for fixture in FIXTURES {
        let name = fixture.name();
        let error = Error::from_body(401, fixture.body.as_bytes());
        assert_eq!(error.status(), 401, "{name}");
        if fixture.has_errcode() {
            assert_eq!(error.kind(), &ErrorKind::Forbidden, "{name}");
            assert_eq!(error.message(), "Invalid password", "{name}");
            assert!(error.sends_errcode(), "{name}");
        } else {
            assert_eq!(
                (error.errcode(), error.message()),
                ("M_UNKNOWN", ""),
                "{name}"
            );
            assert!(!error.sends_errcode(), "{name}");
        }
        // Written back: the same object, every key, no `errcode` or `error` added.
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            fixture.value(),
            "{name}"
        );
        assert_eq!(Value::Object(error.error_dict()), fixture.value(), "{name}");
        // And again: nothing drifts.
        let again = Error::from_body(401, &serde_json::to_vec(&error).unwrap());
        assert_eq!(again, error, "{name}");
    }
}

#[test]
fn every_spec_body_gives_its_auth_state() {
    for fixture in FIXTURES {
        let name = fixture.name();
        let error = Error::from_body(401, fixture.body.as_bytes());
        let info = error
            .uiaa()
            .unwrap_or_else(|| panic!("{name}: no auth state"));
        assert_eq!(info, fixture.info(), "{name}");
        // The typed state serves the same body.
        assert_eq!(
            serde_json::to_value(&info).unwrap(),
            fixture.value(),
            "{name}"
        );
        // And reads it.
        let read: UiaaInfo = serde_json::from_str(fixture.body).unwrap();
        assert_eq!(read, info, "{name}");
    }
}

#[test]
fn the_schema_example_is_written_byte_for_byte() {
    let info: UiaaInfo = serde_json::from_str(AUTH_RESPONSE).unwrap();
    assert_eq!(serde_json::to_string(&info).unwrap(), AUTH_RESPONSE);
    assert_eq!(serde_json::to_string(&Body(&info)).unwrap(), AUTH_RESPONSE);
}

/// A server's error enum holds the auth state in a `transparent` variant.
#[derive(Debug, thiserror::Error, matrix_error::MatrixError)]
#[cfg_attr(feature = "axum", matrix(axum))]
#[cfg_attr(feature = "actix-web", matrix(actix_web))]
enum ApiError {
    #[error("not yours")]
    #[matrix(errcode = "M_FORBIDDEN")]
    NotYours,
    #[error("user-interactive auth")]
    #[matrix(transparent)]
    Uiaa(UiaaInfo),
}

#[test]
fn a_derived_type_serves_the_spec_body_through_every_path() {
    for fixture in FIXTURES {
        let name = fixture.name();
        let error = ApiError::Uiaa(fixture.info());
        assert_eq!(error.status(), 401, "{name}");
        assert_eq!(error.sends_errcode(), fixture.has_errcode(), "{name}");
        assert_eq!(
            serde_json::to_value(Body(&error)).unwrap(),
            fixture.value(),
            "{name}"
        );
        assert_eq!(Value::Object(error.error_dict()), fixture.value(), "{name}");
        let dynamic: &dyn MatrixError = &error;
        assert_eq!(
            serde_json::to_value(Body(dynamic)).unwrap(),
            fixture.value(),
            "{name}"
        );
        let boxed: Box<dyn MatrixError> = Box::new(ApiError::Uiaa(fixture.info()));
        assert_eq!(
            serde_json::to_value(Body(&boxed)).unwrap(),
            fixture.value(),
            "{name}"
        );

        // The owned error keeps the form: no errcode where there was none.
        let owned = Error::from(error);
        assert_eq!(owned.sends_errcode(), fixture.has_errcode(), "{name}");
        assert_eq!(
            serde_json::to_value(&owned).unwrap(),
            fixture.value(),
            "{name}"
        );
        assert_eq!(owned.uiaa(), Some(fixture.info()), "{name}");
    }
    assert!(ApiError::NotYours.sends_errcode());
}

#[test]
fn a_first_challenge_deserializes_as_a_401() {
    let error: Error = serde_json::from_str(FIXTURES[7].body).unwrap();
    assert_eq!((error.errcode(), error.status()), ("M_UNKNOWN", 401));
    assert_eq!(serde_json::to_value(&error).unwrap(), FIXTURES[7].value());
}

#[test]
fn unknown_keys_are_kept() {
    let body = r#"{"flows":[{"stages":["m.login.password"]}],"params":{},"session":"s","org.example.hint":{"a":1}}"#;
    let error = Error::from_body(401, body.as_bytes());
    assert_eq!(serde_json::to_value(&error).unwrap(), json(body));
    // A failed stage's unknown keys go with its error.
    let body =
        r#"{"errcode":"M_FORBIDDEN","error":"no","flows":[],"params":{},"org.example.hint":1}"#;
    let info = Error::from_body(401, body.as_bytes()).uiaa().unwrap();
    let auth_error = info.auth_error.as_ref().unwrap();
    assert_eq!(auth_error.extra()["org.example.hint"], 1);
    assert_eq!(serde_json::to_value(&info).unwrap(), json(body));
}

#[test]
fn only_a_401_with_a_flows_array_and_no_errcode_or_error_is_a_first_challenge() {
    // `GET /login` answers 200 with `flows`: not an error, not a challenge.
    let error = Error::from_body(200, br#"{"flows":[{"type":"m.login.password"}]}"#);
    assert!(error.sends_errcode());
    assert_eq!(error.uiaa(), None);
    // An `error` without `errcode`: an error of its own, not a challenge.
    let error = Error::from_body(401, br#"{"error":"who are you","flows":[]}"#);
    assert!(error.sends_errcode());
    assert_eq!(error.message(), "who are you");
    // `flows` that is no array.
    let error = Error::from_body(401, br#"{"flows":"m.login.password"}"#);
    assert!(error.sends_errcode());
    assert_eq!(error.uiaa(), None);
    // Flows of the wrong shape: the body is kept, no typed state.
    let body = br#"{"flows":[{"type":"m.login.password"}],"session":"s"}"#;
    let error = Error::from_body(401, body);
    assert!(!error.sends_errcode());
    assert_eq!(error.uiaa(), None);
    assert_eq!(serde_json::to_vec(&error).unwrap(), body);
}

#[test]
fn a_failed_stage_sends_its_errcode_and_the_state() {
    let mut info = FIXTURES[9].info();
    assert_eq!(
        (info.errcode(), info.status(), &*info.message()),
        ("M_FORBIDDEN", 401, "Invalid password")
    );
    // Keys of the failed stage's error that the state has are the state's.
    info.auth_error = Some(Error::from_body(
        403,
        br#"{"errcode":"M_FORBIDDEN","error":"Invalid password","session":"other"}"#,
    ));
    assert_eq!(serde_json::to_value(&info).unwrap(), FIXTURES[9].value());
}

#[cfg(feature = "http")]
#[test]
fn the_http_response_is_the_spec_body() {
    for fixture in FIXTURES {
        let response = matrix_error::http::response(&ApiError::Uiaa(fixture.info()));
        assert_eq!(response.status(), 401);
        assert_eq!(
            json(std::str::from_utf8(response.body()).unwrap()),
            fixture.value()
        );
        let read = Error::from_http_response(&response);
        assert_eq!(read.uiaa(), Some(fixture.info()), "{}", fixture.name());
    }
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn axum_answers_the_spec_body() {
    use axum::response::IntoResponse;
    for fixture in FIXTURES {
        for response in [
            ApiError::Uiaa(fixture.info()).into_response(),
            Error::from_body(401, fixture.body.as_bytes()).into_response(),
        ] {
            assert_eq!(response.status(), 401);
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            assert_eq!(
                serde_json::from_slice::<Value>(&bytes).unwrap(),
                fixture.value()
            );
        }
    }
}

#[cfg(feature = "actix-web")]
#[test]
fn actix_web_answers_the_spec_body() {
    use actix_web::ResponseError;
    for fixture in FIXTURES {
        let error = ApiError::Uiaa(fixture.info());
        let response = error.error_response();
        assert_eq!(response.status().as_u16(), 401);
        let bytes = actix_web::body::to_bytes(response.into_body());
        let bytes = futures_lite_block_on(bytes).unwrap();
        assert_eq!(
            serde_json::from_slice::<Value>(&bytes).unwrap(),
            fixture.value()
        );
    }
}

/// Polls a future that is ready at once (an in-memory body).
#[cfg(feature = "actix-web")]
fn futures_lite_block_on<F: std::future::Future>(future: F) -> F::Output {
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

#[cfg(feature = "ruma")]
#[test]
fn ruma_keeps_the_spec_body_both_ways() {
    for fixture in FIXTURES {
        let error = Error::from_body(401, fixture.body.as_bytes());
        let ruma = ruma_common::api::error::Error::from(&error);
        assert_eq!(Error::from(&ruma), error, "{}", fixture.name());
    }
}

/// A hand-written impl of the trait, with only the required methods: it compiles as before,
/// and its body has `errcode` and `error` (the provided `sends_errcode` is `true`).
#[derive(Debug)]
struct HandWritten;

impl MatrixError for HandWritten {
    fn errcode(&self) -> &str {
        "M_FORBIDDEN"
    }
    fn status(&self) -> u16 {
        403
    }
    fn message(&self) -> std::borrow::Cow<'_, str> {
        "no".into()
    }
    fn error_dict(&self) -> serde_json::Map<String, Value> {
        let mut dict = serde_json::Map::new();
        dict.insert("errcode".into(), "M_FORBIDDEN".into());
        dict.insert("error".into(), "no".into());
        dict
    }
}

/// A hand-written wrapper that forwards the provided method, as `Box<T>` does.
struct Wrapper(UiaaInfo);

impl MatrixError for Wrapper {
    fn errcode(&self) -> &str {
        self.0.errcode()
    }
    fn status(&self) -> u16 {
        self.0.status()
    }
    fn message(&self) -> std::borrow::Cow<'_, str> {
        self.0.message()
    }
    fn error_dict(&self) -> serde_json::Map<String, Value> {
        self.0.error_dict()
    }
    fn sends_errcode(&self) -> bool {
        self.0.sends_errcode()
    }
}

#[test]
fn hand_written_impls_and_wrappers_keep_working() {
    assert!(HandWritten.sends_errcode());
    assert_eq!(
        serde_json::to_string(&Body(&HandWritten)).unwrap(),
        r#"{"errcode":"M_FORBIDDEN","error":"no"}"#
    );
    for fixture in FIXTURES {
        let wrapped = Wrapper(fixture.info());
        assert_eq!(
            serde_json::to_value(Body(&wrapped)).unwrap(),
            fixture.value(),
            "{}",
            fixture.name()
        );
        let boxed = Box::new(fixture.info());
        assert_eq!(boxed.sends_errcode(), fixture.has_errcode());
        assert_eq!(
            serde_json::to_value(Body(&boxed)).unwrap(),
            fixture.value(),
            "{}",
            fixture.name()
        );
        assert_eq!(
            Error::from(*boxed).uiaa(),
            Some(fixture.info()),
            "{}",
            fixture.name()
        );
    }
}
