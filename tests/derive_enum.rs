//! `#[derive(MatrixError)]` on enums: unit, tuple and struct variants, spec defaults,
//! namespaces, `From` conversions, and the conversion into `matrix_error::Error`.

mod common;

use std::time::Duration;

use matrix_error::{ErrorKind, MatrixError, RetryAfter};
use serde_json::json;

/// The README's example, the enum of DESIGN.md, is the one under test.
#[path = "../examples/api_errors.rs"]
#[allow(dead_code)]
mod api_errors;

use api_errors::ApiError;

#[test]
fn spec_codes_take_the_spec_status() {
    let error = ApiError::NotAllowed {
        room: "!r:example.org".into(),
    };
    assert_eq!((error.errcode(), error.status()), ("M_FORBIDDEN", 403));
    assert_eq!(
        common::body(&error),
        json!({"errcode": "M_FORBIDDEN", "error": "you may not post in !r:example.org"})
    );
}

#[test]
fn rate_limits_carry_retry_after() {
    let error = ApiError::RateLimited {
        wait: Duration::from_millis(2500),
    };
    assert_eq!(error.status(), 429);
    assert_eq!(
        error.retry_after(),
        Some(RetryAfter::Delay(Duration::from_millis(2500)))
    );
    assert_eq!(
        common::body(&error),
        json!({"errcode": "M_LIMIT_EXCEEDED", "error": "slow down", "retry_after_ms": 2500})
    );
}

#[test]
fn short_codes_are_namespaced() {
    let error = ApiError::Quota { limit: 7 };
    assert_eq!(
        (error.errcode(), error.status()),
        ("COM.EXAMPLE.CHAT_QUOTA_EXCEEDED", 403)
    );
    assert_eq!(
        common::body(&error),
        json!({
            "errcode": "COM.EXAMPLE.CHAT_QUOTA_EXCEEDED",
            "error": "quota of 7 messages reached",
            "limit": 7
        })
    );
}

#[test]
fn transparent_variants_delegate_everything() {
    let inner = matrix_error::Error::new(ErrorKind::UnknownToken { soft_logout: true }, "expired")
        .with_status(401);
    let error = ApiError::from(inner.clone());
    assert_eq!(error.errcode(), "M_UNKNOWN_TOKEN");
    assert_eq!(error.status(), 401);
    assert_eq!(error.message(), "expired");
    assert_eq!(common::body(&error), common::body(&inner));
}

#[test]
fn from_fields_convert_and_5xx_is_redacted() {
    let error = ApiError::from(std::io::Error::other("password=hunter2"));
    assert_eq!((error.errcode(), error.status()), ("M_UNKNOWN", 500));
    assert_eq!(
        common::body(&error),
        json!({"errcode": "M_UNKNOWN", "error": "Internal server error"})
    );
}

#[test]
fn derived_errors_become_owned_errors_with_their_kind_and_keys() {
    let error = matrix_error::Error::from(ApiError::RateLimited {
        wait: Duration::from_secs(3),
    });
    assert_eq!(
        error.kind(),
        &ErrorKind::LimitExceeded {
            retry_after: Some(RetryAfter::Delay(Duration::from_secs(3)))
        }
    );
    assert_eq!(error.status(), 429);
    assert_eq!(error.message(), "slow down");

    let quota = ApiError::Quota { limit: 7 };
    let expected = common::body(&quota);
    let error = matrix_error::Error::from(quota);
    assert!(
        matches!(error.kind(), ErrorKind::Custom { errcode, .. } if errcode == "COM.EXAMPLE.CHAT_QUOTA_EXCEEDED")
    );
    assert_eq!(error.status(), 403);
    assert_eq!(common::body(&error), expected);

    let error = matrix_error::Error::from(ApiError::NotAllowed {
        room: "!r:x".into(),
    });
    assert_eq!(error.kind(), &ErrorKind::Forbidden);
}

/// Unit, tuple and struct variants, with the enum's defaults.
#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(errcode = "M_UNKNOWN", status = 400)]
enum Shapes {
    #[error("unit")]
    Unit,
    #[error("tuple {0} {1:?}")]
    #[matrix(errcode = "M_NOT_FOUND")]
    Tuple(
        #[matrix(field = "first")] u8,
        #[matrix(field = "second")] Option<String>,
    ),
    #[error("named")]
    #[matrix(status = 409)]
    Named {
        #[matrix(field = "renamed")]
        value: bool,
        ignored: u64,
    },
}

#[test]
fn unit_tuple_and_struct_variants() {
    assert_eq!(
        (Shapes::Unit.errcode(), Shapes::Unit.status()),
        ("M_UNKNOWN", 400)
    );
    let tuple = Shapes::Tuple(1, None);
    assert_eq!((tuple.errcode(), tuple.status()), ("M_NOT_FOUND", 404));
    assert_eq!(
        common::body(&tuple),
        json!({"errcode": "M_NOT_FOUND", "error": "tuple 1 None", "first": 1}),
        "None is left out"
    );
    let tuple = Shapes::Tuple(2, Some("x".into()));
    assert_eq!(common::body(&tuple)["second"], "x");
    let named = Shapes::Named {
        value: true,
        ignored: 9,
    };
    assert_eq!((named.errcode(), named.status()), ("M_UNKNOWN", 409));
    assert_eq!(
        common::body(&named),
        json!({"errcode": "M_UNKNOWN", "error": "named", "renamed": true})
    );
}

/// The same code at two statuses, as M_UNRECOGNIZED and M_TOO_LARGE are sent.
#[derive(Debug, thiserror::Error, MatrixError)]
enum Overrides {
    #[error("unknown endpoint")]
    #[matrix(errcode = "M_UNRECOGNIZED")]
    UnknownEndpoint,
    #[error("wrong method")]
    #[matrix(errcode = "M_UNRECOGNIZED", status = 405)]
    WrongMethod,
    #[error("remote media too large")]
    #[matrix(errcode = "M_TOO_LARGE", status = 502, expose)]
    RemoteTooLarge,
    #[error("locked")]
    #[matrix(errcode = "M_USER_LOCKED", extra(soft_logout = true))]
    Locked,
    #[error("bad state")]
    #[matrix(errcode = "M_BAD_STATE", usual_status)]
    BadState,
    #[error("typed")]
    #[matrix(errcode = "M_FORBIDDEN", extra(r#type = "raw", limit = 3, ratio = 0.5))]
    Typed,
}

#[test]
fn statuses_can_be_overridden_per_variant() {
    assert_eq!(Overrides::UnknownEndpoint.status(), 404);
    assert_eq!(Overrides::WrongMethod.status(), 405);
    assert_eq!(Overrides::RemoteTooLarge.status(), 502);
    assert_eq!(
        Overrides::RemoteTooLarge.message(),
        "remote media too large"
    );
    assert_eq!(Overrides::Locked.status(), 401);
    assert_eq!(common::body(&Overrides::Locked)["soft_logout"], true);
    assert_eq!(
        Overrides::BadState.status(),
        403,
        "the usual status of M_BAD_STATE"
    );
}

#[test]
fn constant_extra_keys_of_every_literal_kind() {
    assert_eq!(
        common::body(&Overrides::Typed),
        json!({"errcode": "M_FORBIDDEN", "error": "typed", "type": "raw", "limit": 3, "ratio": 0.5})
    );
}

#[derive(Debug, MatrixError)]
enum Never {}

#[test]
fn empty_enums_derive() {
    fn assert_matrix_error<E: MatrixError>() {}
    assert_matrix_error::<Never>();
}

/// Width and precision may name fields, as in `format!`: `{room:>width$}`, `{x:.prec$}`, and
/// for a tuple variant `{0:1$}`.
#[derive(Debug, MatrixError)]
enum Aligned {
    #[matrix(
        errcode = "M_FORBIDDEN",
        message = "[{room:>width$}] {share:.prec$} {share:>width$.prec$e}"
    )]
    Named {
        room: String,
        width: usize,
        share: f64,
        prec: usize,
    },
    #[matrix(errcode = "M_NOT_FOUND", message = "[{0:-^1$}]")]
    Tuple(&'static str, usize),
}

#[test]
fn widths_and_precisions_name_fields() {
    let named = Aligned::Named {
        room: "!a".into(),
        width: 6,
        share: 0.123456,
        prec: 2,
    };
    let expected = format!("[{:>6}] {:.2} {:>6.2e}", "!a", 0.123456, 0.123456);
    assert_eq!(expected, "[    !a] 0.12 1.23e-1");
    assert_eq!(named.message(), expected);
    assert_eq!(common::body(&named)["error"], expected);
    let tuple = Aligned::Tuple("x", 5);
    assert_eq!(tuple.message(), "[--x--]");
    assert_eq!(common::body(&tuple)["error"], "[--x--]");
}
