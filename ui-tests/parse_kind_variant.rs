use matrix_error::{ErrorKind, MatrixError};

#[derive(Debug, thiserror::Error, MatrixError)]
#[matrix(parse)]
pub enum ApiError {
    #[error("request failed")]
    Request {
        #[matrix(kind)]
        kind: ErrorKind,
    },
}

fn main() {}
