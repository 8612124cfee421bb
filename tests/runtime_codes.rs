//! Errcode and status carried at run time by fields: a proxy passing upstream errors on.

mod common;

use matrix_error::{ErrorKind, MatrixError};
use serde_json::{Map, Value, json};

#[derive(Debug, thiserror::Error, MatrixError)]
#[error("upstream said {message}")]
#[matrix(message = "{message}")]
struct Upstream {
    #[matrix(errcode)]
    errcode: String,
    #[matrix(status)]
    status: u16,
    message: String,
    #[matrix(flatten)]
    extra: Map<String, Value>,
}

#[test]
fn errcode_status_and_keys_come_from_the_fields() {
    let mut extra = Map::new();
    extra.insert("retry_after_ms".into(), json!(100));
    let error = Upstream {
        errcode: "M_LIMIT_EXCEEDED".into(),
        status: 429,
        message: "slow".into(),
        extra,
    };
    assert_eq!((error.errcode(), error.status()), ("M_LIMIT_EXCEEDED", 429));
    assert_eq!(
        common::body(&error),
        json!({"errcode": "M_LIMIT_EXCEEDED", "error": "slow", "retry_after_ms": 100})
    );
    let owned = matrix_error::Error::from(error);
    assert!(matches!(
        owned.kind(),
        ErrorKind::LimitExceeded {
            retry_after: Some(_)
        }
    ));
}

#[test]
fn flattened_keys_never_clobber_the_required_ones() {
    let mut extra = Map::new();
    extra.insert("errcode".into(), json!("M_FORGED"));
    extra.insert("error".into(), json!("forged"));
    extra.insert("kept".into(), json!(true));
    let error = Upstream {
        errcode: "M_FORBIDDEN".into(),
        status: 403,
        message: "real".into(),
        extra,
    };
    assert_eq!(
        common::body(&error),
        json!({"errcode": "M_FORBIDDEN", "error": "real", "kept": true})
    );
}

#[derive(Debug, thiserror::Error, MatrixError)]
#[error("with a struct flattened")]
#[matrix(errcode = "COM.EXAMPLE_DETAILED", status = 400)]
struct Detailed {
    #[matrix(field)]
    first: u8,
    #[matrix(flatten)]
    details: Details,
    #[matrix(flatten)]
    nothing: Option<Details>,
}

#[derive(Debug, serde::Serialize)]
struct Details {
    first: u8,
    second: &'static str,
}

#[test]
fn flattened_structs_merge_without_repeating_typed_keys() {
    let error = Detailed {
        first: 1,
        details: Details {
            first: 9,
            second: "b",
        },
        nothing: None,
    };
    assert_eq!(
        common::body(&error),
        json!({"errcode": "COM.EXAMPLE_DETAILED", "error": "with a struct flattened", "first": 1, "second": "b"})
    );
}

/// Two `flatten` fields whose keys overlap: the body holds each key once, the first field to
/// write it winning, as the README promises ("keys already in the body are left out").
#[derive(Debug, thiserror::Error, MatrixError)]
#[error("two maps")]
#[matrix(errcode = "COM.EXAMPLE_MERGED", status = 400)]
struct Merged {
    #[matrix(field)]
    id: u8,
    #[matrix(flatten)]
    first: Map<String, Value>,
    #[matrix(flatten)]
    second: Details,
    #[matrix(flatten)]
    third: std::collections::BTreeMap<u16, &'static str>,
}

#[test]
fn a_later_flatten_field_leaves_out_the_earlier_ones_keys() {
    let first = json!({"first": "from the map", "shared": 1, "id": "not the field"});
    let error = Merged {
        id: 7,
        first: first.as_object().unwrap().clone(),
        second: Details {
            first: 9,
            second: "from the struct",
        },
        // A number key is written as its text, and compared as such.
        third: [(1, "one"), (2, "two")].into(),
    };
    let mut with_number_keys = error.first.clone();
    with_number_keys.insert("2".into(), json!("from the map"));
    let error = Merged {
        first: with_number_keys,
        ..error
    };
    // `common::body` fails on a key written twice.
    assert_eq!(
        common::body(&error),
        json!({
            "errcode": "COM.EXAMPLE_MERGED", "error": "two maps", "id": 7,
            "first": "from the map", "shared": 1, "2": "from the map",
            "second": "from the struct", "1": "one",
        })
    );
    // Read back, the owned error writes the same object.
    let owned = matrix_error::Error::from(error);
    assert_eq!(common::body(&owned)["2"], "from the map");
    assert_eq!(common::body(&owned)["1"], "one");
}

#[derive(Debug, thiserror::Error, MatrixError)]
#[error("not a map")]
#[matrix(errcode = "COM.EXAMPLE_BAD", status = 400)]
struct FlattenNotAMap {
    #[matrix(flatten)]
    number: u32,
}

#[test]
fn a_flatten_field_that_is_no_map_fails_to_serialize_but_error_dict_keeps_the_required_keys() {
    let error = FlattenNotAMap { number: 3 };
    let message = serde_json::to_string(&matrix_error::Body(&error))
        .unwrap_err()
        .to_string();
    assert!(message.contains("flatten"), "{message}");
    let dict = error.error_dict();
    assert_eq!(
        Value::Object(dict),
        json!({"errcode": "COM.EXAMPLE_BAD", "error": "not a map"})
    );
}

/// `parse` with a flattened map declared before a typed key: the map gets only the rest.
#[derive(Debug, PartialEq, thiserror::Error, MatrixError)]
#[error("proxied")]
#[matrix(parse)]
enum Proxied {
    #[matrix(errcode = "COM.EXAMPLE_KNOWN", status = 400)]
    Known {
        #[matrix(flatten)]
        rest: Map<String, Value>,
        #[matrix(field)]
        typed: u8,
    },
    #[matrix(status = 500)]
    Other {
        #[matrix(errcode)]
        errcode: String,
        #[matrix(flatten)]
        rest: Map<String, Value>,
    },
}

#[test]
fn parse_decodes_typed_keys_and_leaves_the_rest_to_the_map() {
    let read =
        |body: &str| Proxied::try_from(&matrix_error::Error::from_body(400, body.as_bytes()));
    let decoded = read(r#"{"errcode":"COM.EXAMPLE_KNOWN","error":"e","typed":3,"more":"x"}"#);
    let mut rest = Map::new();
    rest.insert("more".into(), json!("x"));
    assert_eq!(
        decoded,
        Ok(Proxied::Known {
            rest: rest.clone(),
            typed: 3
        })
    );

    // A typed key of the wrong type: the catch-all takes every key, nothing is lost.
    let decoded = read(r#"{"errcode":"COM.EXAMPLE_KNOWN","error":"e","typed":"three","more":"x"}"#);
    let all = json!({"typed": "three", "more": "x"})
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(
        decoded,
        Ok(Proxied::Other {
            errcode: "COM.EXAMPLE_KNOWN".into(),
            rest: all
        })
    );
}
