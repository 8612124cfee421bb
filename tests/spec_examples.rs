//! Every error example of the Matrix spec (`tests/fixtures/spec_error_examples.json`, from
//! matrix-org/matrix-spec at the commit it names), read with `Error::from_body` as a client
//! would read it from the endpoint and status the spec gives it.
//!
//! - An example with a code of the code table reads as its typed kind, with its status kept,
//!   and is written back as the same object (`"error": ""` added where it has no `error`, and
//!   `M_UNKNOWN_TOKEN`'s `soft_logout: false` where it has none).
//! - The spec's placeholders (`<error code>`, `M_EXAMPLE_ERROR`) and its examples of namespaced
//!   codes (`COM.EXAMPLE...`) read as `Custom`, every key kept.
//! - The user-interactive auth bodies with no `errcode` (a 401 with `flows`) read today as
//!   `M_UNKNOWN` with their 401, the reason phrase as the message and every key kept.
//! - The rate-limit template, which is not valid JSON in the spec, reads as `M_UNKNOWN` with its
//!   429.
//!
//! Where the spec gives no status, the example is read with `Deserialize`, which takes the
//! kind's default status. Every example whose status is not its kind's default is listed in the
//! docs' table of statuses per endpoint (`matrix-error/src/statuses.md`).

use matrix_error::{Error, ErrorKind, MatrixError};
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Deserialize)]
struct Fixture {
    repository: String,
    commit: String,
    examples: Vec<Example>,
}

#[derive(Deserialize)]
struct Example {
    /// The file of the spec (and line, for a body in the prose).
    source: String,
    endpoint: Option<String>,
    status: Option<u16>,
    body: Option<Map<String, Value>>,
    /// The text of an example that is not valid JSON.
    body_raw: Option<String>,
}

impl Example {
    fn name(&self) -> String {
        let endpoint = self.endpoint.as_deref().unwrap_or("(prose)");
        format!("{} {endpoint} {:?}", self.source, self.status)
    }

    fn errcode(&self) -> Option<&str> {
        self.body.as_ref()?.get("errcode")?.as_str()
    }

    fn bytes(&self) -> Vec<u8> {
        match (&self.body, &self.body_raw) {
            (Some(body), _) => serde_json::to_vec(body).unwrap(),
            (None, Some(raw)) => raw.as_bytes().to_vec(),
            (None, None) => panic!("{}: neither body nor body_raw", self.name()),
        }
    }

    /// The example read as a client reads it: with its status, or where the spec gives none,
    /// with `Deserialize` (the kind's default status).
    fn read(&self) -> Error {
        match self.status {
            Some(status) => Error::from_body(status, &self.bytes()),
            None => serde_json::from_slice(&self.bytes())
                .unwrap_or_else(|error| panic!("{}: {error}", self.name())),
        }
    }
}

/// What an example reads as.
#[derive(Debug, PartialEq)]
enum Expected {
    /// A code of the table: its typed kind.
    Typed,
    /// A placeholder or an example namespaced code: `Custom`.
    Custom,
    /// A user-interactive auth body without `errcode`.
    AuthWithoutErrcode,
    /// Not valid JSON.
    NotJson,
}

fn expected(example: &Example) -> Expected {
    match (example.errcode(), &example.body) {
        (None, None) => Expected::NotJson,
        (None, Some(body)) if body.contains_key("flows") => Expected::AuthWithoutErrcode,
        (None, Some(_)) => panic!("{}: a body without errcode or flows", example.name()),
        (Some(code), _)
            if code.starts_with('<')
                || code == "M_EXAMPLE_ERROR"
                || code.starts_with("COM.EXAMPLE.") =>
        {
            Expected::Custom
        }
        (Some(_), _) => Expected::Typed,
    }
}

fn fixture() -> Fixture {
    serde_json::from_str(include_str!("fixtures/spec_error_examples.json")).unwrap()
}

#[test]
fn the_fixture_is_whole() {
    let fixture = fixture();
    assert_eq!(fixture.repository, "matrix-org/matrix-spec");
    assert_eq!(fixture.commit.len(), 40);
    assert_eq!(fixture.examples.len(), 332);
    for example in &fixture.examples {
        assert!(
            example.source.starts_with("data/api/") || example.source.starts_with("content/"),
            "{}",
            example.name()
        );
        assert!(example.body.is_some() != example.body_raw.is_some());
    }
    let kinds = |what: Expected| {
        (fixture.examples.iter())
            .filter(|example| expected(example) == what)
            .count()
    };
    assert_eq!(
        (
            kinds(Expected::AuthWithoutErrcode),
            kinds(Expected::NotJson)
        ),
        (10, 1)
    );
}

/// The body an error is written back as: the example's, with `"error": ""` where it had none,
/// and the keys the kind writes itself where it had none of them (`M_UNKNOWN_TOKEN`'s
/// `soft_logout: false`, the spec's default, is written explicitly).
fn written_back(body: &Map<String, Value>, kind: &ErrorKind) -> Value {
    let mut body = body.clone();
    body.entry("error").or_insert(Value::from(""));
    for (key, value) in kind.error_dict() {
        body.entry(key).or_insert(value);
    }
    Value::Object(body)
}

/// Checks one example; `Err` says what differs.
fn check(example: &Example) -> Result<(), String> {
    let error = example.read();
    let status_kept = match example.status {
        Some(status) => error.status() == status,
        None => error.status() == error.kind().status(),
    };
    if !status_kept {
        return Err(format!("status {}", error.status()));
    }
    let kind = error.kind();
    match expected(example) {
        Expected::Typed | Expected::Custom => {
            let errcode = example.errcode().unwrap_or_default();
            let custom = matches!(kind, ErrorKind::Custom { .. });
            if custom != (expected(example) == Expected::Custom) {
                return Err(format!("read as {kind:?}"));
            }
            if (error.errcode(), kind.errcode()) != (errcode, errcode) {
                return Err(format!("errcode {} ({})", error.errcode(), kind.errcode()));
            }
            let body = example.body.as_ref().unwrap();
            let written = serde_json::to_value(&error).unwrap();
            if written != written_back(body, kind) {
                return Err(format!("written back as {written}"));
            }
        }
        Expected::AuthWithoutErrcode => {
            // A first challenge of user-interactive auth: `M_UNKNOWN`, no message, its auth
            // state readable, written back exactly as sent.
            let body = example.body.as_ref().unwrap();
            if (kind, error.message(), error.sends_errcode()) != (&ErrorKind::Unknown, "", false)
                || error.uiaa().is_none()
            {
                return Err(format!("read as {error:?}"));
            }
            let written = serde_json::to_value(&error).unwrap();
            if written != serde_json::Value::Object(body.clone()) {
                return Err(format!("written back as {written}"));
            }
        }
        Expected::NotJson => {
            if (kind, error.message(), error.extra().len())
                != (&ErrorKind::Unknown, "Too Many Requests", 0)
            {
                return Err(format!("read as {error:?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn every_example_reads_as_its_kind_with_its_status() {
    let failures: Vec<String> = (fixture().examples.iter())
        .filter_map(|example| {
            check(example)
                .err()
                .map(|why| format!("{}: {why}", example.name()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The statuses the table of statuses per endpoint lists for each code (`any` for every one).
fn documented_statuses() -> Vec<(String, Vec<String>)> {
    include_str!("../matrix-error/src/statuses.md")
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.strip_prefix('|')?.split('|').map(str::trim).collect();
            let code = cells.first()?.strip_prefix('`')?.strip_suffix('`')?;
            let statuses = cells.get(2)?.split(", ").map(str::to_owned).collect();
            Some((code.to_owned(), statuses))
        })
        .collect()
}

/// A server author learns from the docs where the spec answers with another status than the
/// kind's default: every such example is listed there.
#[test]
fn statuses_other_than_the_default_are_documented() {
    let documented = documented_statuses();
    assert!(documented.len() >= 5, "{documented:?}");
    let mut undocumented = Vec::new();
    for example in fixture().examples {
        let (Expected::Typed, Some(status)) = (expected(&example), example.status) else {
            continue;
        };
        let error = example.read();
        if error.kind().status() == status {
            continue;
        }
        let listed = (documented.iter())
            .find(|(code, _)| code == error.errcode())
            .is_some_and(|(_, statuses)| {
                statuses
                    .iter()
                    .any(|listed| listed == "any" || *listed == status.to_string())
            });
        if !listed {
            undocumented.push(format!("{} {status}: {}", error.errcode(), example.name()));
        }
    }
    assert!(undocumented.is_empty(), "{}", undocumented.join("\n"));
}
