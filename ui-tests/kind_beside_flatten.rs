use matrix_error::{ErrorKind, MatrixError};

#[derive(Debug, thiserror::Error, MatrixError)]
pub enum ApiError {
    #[error("request failed")]
    Request {
        #[matrix(kind)]
        kind: ErrorKind,
        #[matrix(flatten)]
        rest: serde_json::Map<String, serde_json::Value>,
    },
}

fn main() {}
