//! A crate that answers with its own `IntoResponse`, `ResponseError` and `From<T>` for ruma's
//! error builds in a graph where every integration feature of matrix-error is on (this test
//! requires all of them): without `#[matrix(axum)]` and the like, the derive generates nothing
//! of the frameworks. Were it to (as it did when the features alone decided), this file would
//! not compile: E0119, conflicting implementations.

use axum::response::IntoResponse;
use matrix_error::{Error, MatrixError};

/// A server's error type that special-cases one variant in its responses, and otherwise
/// answers as matrix-error would.
#[derive(Debug, thiserror::Error, MatrixError)]
enum OwnError {
    #[error("maintenance")]
    #[matrix(errcode = "M_UNKNOWN", status = 503, expose)]
    Maintenance,
    #[error("no")]
    #[matrix(errcode = "M_FORBIDDEN")]
    Forbidden,
}

/// The marker header the crate's own responses carry.
const MARKER: &str = "x-own-response";

impl IntoResponse for OwnError {
    fn into_response(self) -> axum::response::Response {
        let mut response = matrix_error::http::response(&self).map(axum::body::Body::from);
        if let OwnError::Maintenance = self {
            response
                .headers_mut()
                .insert("retry-after", http::HeaderValue::from_static("120"));
        }
        response
            .headers_mut()
            .insert(MARKER, http::HeaderValue::from_static("axum"));
        response
    }
}

impl actix_web::ResponseError for OwnError {
    fn status_code(&self) -> actix_web::http::StatusCode {
        actix_web::http::StatusCode::from_u16(self.status())
            .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> actix_web::HttpResponse {
        actix_web::HttpResponse::build(self.status_code())
            .insert_header((MARKER, "actix-web"))
            .json(self.error_dict())
    }
}

impl From<OwnError> for ruma_common::api::error::Error {
    fn from(error: OwnError) -> Self {
        let mut ruma = ruma_common::api::error::Error::from(Error::from(error));
        ruma.status_code = http::StatusCode::IM_A_TEAPOT;
        ruma
    }
}

#[test]
fn the_crate_s_own_axum_response_is_the_one_used() {
    let response = OwnError::Maintenance.into_response();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()[MARKER], "axum");
    assert_eq!(response.headers()["retry-after"], "120");
    assert_eq!(OwnError::Forbidden.into_response().status(), 403);
}

#[test]
fn the_crate_s_own_actix_web_response_is_the_one_used() {
    use actix_web::ResponseError;
    let response = OwnError::Forbidden.error_response();
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(response.headers().get(MARKER).unwrap(), "actix-web");
}

#[test]
fn the_crate_s_own_ruma_conversion_is_the_one_used() {
    let ruma = ruma_common::api::error::Error::from(OwnError::Forbidden);
    assert_eq!(ruma.status_code, http::StatusCode::IM_A_TEAPOT);
}

/// Beside it, a type that asks for the integrations gets them.
#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(axum, actix_web, ruma)]
#[error("gone")]
#[matrix(errcode = "M_NOT_FOUND")]
struct Gone;

#[test]
fn a_type_that_asks_gets_every_integration() {
    use actix_web::ResponseError;
    assert_eq!(Gone.into_response().status(), 404);
    assert!(Gone.into_response().headers().get(MARKER).is_none());
    assert_eq!(Gone.error_response().status().as_u16(), 404);
    assert_eq!(ruma_common::api::error::Error::from(Gone).status_code, 404);
}
