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
        /// `parse` reads its aliases (`ORG.MATRIX.MSC4155.INVITE_BLOCKED`, ...) too.
        #[matrix(errcode = "M_INVITE_BLOCKED")]
        Blocked,
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

    /// What issue 15 added: `kind` (of a concrete type and of a type parameter), `status_with`,
    /// container `expose` and `verbatim`, a dotted constant key, a `transparent` auth state,
    /// and the integrations the build has (the key with its feature).
    #[derive(::core::fmt::Debug, ::matrix_error::MatrixError)]
    #[matrix(expose, verbatim)]
    #[cfg_attr(feature = "axum", matrix(axum))]
    #[cfg_attr(feature = "actix-web", matrix(actix_web))]
    #[cfg_attr(feature = "ruma", matrix(ruma))]
    pub enum RealTypes<K: ::matrix_error::MatrixError> {
        #[matrix(extra("org.example.key" = 1))]
        Request(#[matrix(kind)] ::matrix_error::ErrorKind, &'static str),
        Generic(#[matrix(kind, from)] K),
        #[matrix(errcode = "M_UNKNOWN")]
        Io(#[matrix(status_with = "super::io_status")] ::std::io::Error),
        #[matrix(errcode = "flood_wait", status = 429)]
        FloodWait,
        #[matrix(transparent)]
        Uiaa(::matrix_error::uiaa::UiaaInfo),
    }

    impl<K: ::matrix_error::MatrixError> ::core::fmt::Display for RealTypes<K> {
        fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
            f.write_str("real")
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
use no_prelude::{Everything, RealTypes, Wrapping};

fn io_status(_: &std::io::Error) -> u16 {
    507
}

#[test]
fn kinds_computed_statuses_and_the_auth_state_compile_without_the_prelude() {
    type Real = RealTypes<matrix_error::ErrorKind>;
    let request = Real::Request(matrix_error::ErrorKind::NotFound, "gone");
    assert_eq!((request.errcode(), request.status()), ("M_NOT_FOUND", 404));
    assert_eq!(
        common::body(&request),
        serde_json::json!({"errcode": "M_NOT_FOUND", "error": "real", "org.example.key": 1})
    );
    let generic = Real::from(matrix_error::ErrorKind::UserLocked);
    assert_eq!(common::body(&generic)["soft_logout"], true);
    let io = Real::Io(std::io::Error::other("full"));
    assert_eq!((io.status(), &*io.message()), (507, "real"));
    assert_eq!(Real::FloodWait.errcode(), "flood_wait");
    let uiaa = Real::Uiaa(matrix_error::uiaa::UiaaInfo::default());
    assert!(!uiaa.sends_errcode());
    assert_eq!(
        common::body(&uiaa),
        serde_json::json!({"flows": [], "params": {}})
    );
}

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
    let alias = br#"{"errcode":"ORG.MATRIX.MSC4155.INVITE_BLOCKED","error":"no"}"#;
    let alias = matrix_error::Error::from_body(403, alias);
    assert!(matches!(
        Everything::try_from(&alias),
        Ok(Everything::Blocked)
    ));
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
    assert_eq!(names, ["Fields", "Limit", "Quota", "Blocked", "Proxied"]);
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
