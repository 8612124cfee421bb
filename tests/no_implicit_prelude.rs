//! The generated code uses absolute paths only: it compiles in a module without the prelude.

mod common;

mod no_prelude {
    #![no_implicit_prelude]

    #[derive(::core::fmt::Debug, ::matrix_error::MatrixError)]
    #[matrix(namespace = "com.example.app", parse)]
    pub enum Everything {
        /// The listing's `ERRORS` compiles here too.
        #[matrix(errcode = "M_FORBIDDEN", message = "no entry to {room}")]
        Fields {
            #[matrix(field)]
            room: ::std::string::String,
            #[matrix(field = "count")]
            n: ::core::option::Option<u32>,
        },
        #[matrix(errcode = "M_LIMIT_EXCEEDED")]
        Limit {
            #[matrix(retry_after)]
            wait: ::core::option::Option<::std::time::Duration>,
        },
        #[matrix(errcode = "QUOTA", status = 403, extra(hard = true))]
        Quota,
        #[matrix(status = 500, expose)]
        Proxied {
            #[matrix(errcode)]
            code: ::std::string::String,
            #[matrix(flatten)]
            rest: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            #[matrix(flatten)]
            more: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        },
    }

    impl ::core::fmt::Display for Everything {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.write_str("everything")
        }
    }

    #[derive(::core::fmt::Debug, ::matrix_error::MatrixError)]
    pub enum Wrapping<E: ::matrix_error::MatrixError> {
        #[matrix(transparent)]
        Inner(#[matrix(from)] E),
        #[matrix(errcode = "M_UNKNOWN", message = "upstream")]
        Upstream(#[matrix(status)] u16),
        /// A `transparent` field of a type that names no parameter.
        #[matrix(transparent)]
        Standard(::matrix_error::Error),
    }
}

use matrix_error::MatrixError;
use no_prelude::{Everything, Wrapping};

#[test]
fn generated_code_compiles_and_works_without_the_prelude() {
    let error = Everything::Fields {
        room: "!r:x".into(),
        n: Some(2),
    };
    assert_eq!(
        common::body(&error),
        serde_json::json!({"errcode": "M_FORBIDDEN", "error": "no entry to !r:x", "room": "!r:x", "count": 2})
    );
    assert_eq!(Everything::Quota.errcode(), "COM.EXAMPLE.APP_QUOTA");
    let wrapped = Wrapping::<Everything>::from(Everything::Quota);
    assert_eq!(common::body(&wrapped)["hard"], true);
    assert_eq!(Wrapping::<Everything>::Upstream(504).status(), 504);
    let kind = matrix_error::ErrorKind::Forbidden;
    let standard = Wrapping::<Everything>::Standard(matrix_error::Error::new(kind, "no"));
    assert_eq!(
        common::body(&standard),
        serde_json::json!({"errcode": "M_FORBIDDEN", "error": "no"})
    );
    assert_eq!(standard.status(), 403);
    let proxied = Everything::Proxied {
        code: "M_UNKNOWN".into(),
        rest: serde_json::json!({"a": 1, "b": 2})
            .as_object()
            .unwrap()
            .clone(),
        more: serde_json::json!({"b": 3, "c": 4})
            .as_object()
            .unwrap()
            .clone(),
    };
    assert_eq!(
        common::body(&proxied),
        serde_json::json!({"errcode": "M_UNKNOWN", "error": "everything", "a": 1, "b": 2, "c": 4})
    );
}

#[test]
fn the_listing_compiles_without_the_prelude() {
    let names: Vec<&str> = Everything::ERRORS.iter().map(|info| info.variant).collect();
    assert_eq!(names, ["Fields", "Limit", "Quota", "Proxied"]);
    assert_eq!(
        Everything::ERRORS[0].description,
        "The listing's `ERRORS` compiles here too."
    );
    assert_eq!(
        Everything::ERRORS[2].keys[0].kind,
        matrix_error::listing::KeyKind::Constant("true")
    );
    let wrapping = Wrapping::<Everything>::ERRORS;
    assert_eq!(wrapping[0].inner, Some("E"));
    assert_eq!(wrapping[1].status, None);
}
