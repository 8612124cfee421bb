//! Custom codes: namespaced, full, unlisted spec codes, and a re-exported runtime crate.

mod common;

use matrix_error::MatrixError;

#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(namespace = "org.matrix.msc1234")]
enum Codes {
    #[error("short")]
    #[matrix(errcode = "THING", status = 400)]
    Short,
    #[error("full")]
    #[matrix(errcode = "IO.OTHER.APP_FULL_CODE", status = 409)]
    Full,
    #[error("newer spec")]
    #[matrix(errcode = "M_FROM_A_NEWER_SPEC", status = 400, allow_unlisted)]
    Newer,
}

/// Java package names allow `_` (`com.my_company`): any part of a namespace but the last may
/// hold one, since the code starts after the first `_` following the last dot.
#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(namespace = "com.my_company.app", parse)]
enum Underscored {
    #[error("quota")]
    #[matrix(errcode = "QUOTA_EXCEEDED", status = 403)]
    Quota,
    #[error("full")]
    #[matrix(errcode = "ORG.OTHER_TEAM.BRIDGE_DOWN", status = 502, expose)]
    Full,
}

#[test]
fn namespaces_with_underscores() {
    assert_eq!(
        Underscored::Quota.errcode(),
        "COM.MY_COMPANY.APP_QUOTA_EXCEEDED"
    );
    assert_eq!(Underscored::Full.errcode(), "ORG.OTHER_TEAM.BRIDGE_DOWN");
    // Read back from the wire, each converts into its variant again.
    for variant in [Underscored::Quota, Underscored::Full] {
        let body = serde_json::to_vec(&matrix_error::Body(&variant)).unwrap();
        let read = matrix_error::Error::from_body(variant.status(), &body);
        assert_eq!(read.errcode(), variant.errcode());
        let back = Underscored::try_from(&read).unwrap();
        assert_eq!(back.errcode(), variant.errcode());
    }
}

#[test]
fn namespaced_full_and_unlisted_codes() {
    assert_eq!(Codes::Short.errcode(), "ORG.MATRIX.MSC1234_THING");
    assert_eq!(Codes::Full.errcode(), "IO.OTHER.APP_FULL_CODE");
    assert_eq!(Codes::Newer.errcode(), "M_FROM_A_NEWER_SPEC");
    assert_eq!(
        common::body(&Codes::Newer)["errcode"],
        "M_FROM_A_NEWER_SPEC"
    );
}

mod reexport {
    pub use matrix_error as errors;
}

#[derive(Debug, thiserror::Error, reexport::errors::MatrixError)]
#[error("through a re-export")]
#[matrix(crate = "crate::reexport::errors", errcode = "M_FORBIDDEN")]
struct Reexported;

#[test]
fn the_runtime_crate_can_be_named_by_path() {
    assert_eq!(Reexported.status(), 403);
}

#[test]
fn boxed_trait_objects_work() {
    let errors: Vec<Box<dyn MatrixError>> = vec![Box::new(Codes::Short), Box::new(Reexported)];
    let codes: Vec<&str> = errors.iter().map(|error| error.errcode()).collect();
    assert_eq!(codes, ["ORG.MATRIX.MSC1234_THING", "M_FORBIDDEN"]);
    // A Box is itself a MatrixError, with the same body.
    assert_eq!(common::body(&errors[0]), common::body(&Codes::Short));
}
